#!/usr/bin/env bash
# Whole-process timing with hyperfine: `caredraft render` (answers to DOCX and Markdown)
# beside what a user would otherwise run to get a DOCX: pandoc on the same Markdown draft.
# Usage: scripts/bench-cli.sh [VARIANT]   (default: aco-full, the largest)
# Needs hyperfine and pandoc (Debian packages of those names).
set -euo pipefail
cd "$(dirname "$0")/.."
variant=${1:-aco-full}
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)"; exit 2; }
command -v pandoc >/dev/null || { echo "pandoc is not installed (apt-get install pandoc)"; exit 2; }
cargo build --release -q
bin=$PWD/target/release/caredraft
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$bin" init --variant "$variant" answers.toml 2>/dev/null
"$bin" render answers.toml --out draft >/dev/null
echo "$variant: $(grep -c '^### ' draft.md) clauses, $(wc -c <draft.md) bytes of Markdown"
hyperfine --warmup 3 --runs 30 -N \
  "$bin render answers.toml --out draft --force" \
  "$bin render answers.toml --out draft --format docx --force" \
  "$bin render answers.toml --out draft --format md --force" \
  "pandoc draft.md -o other.docx"
