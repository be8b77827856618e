#!/usr/bin/env bash
# Whole-process timing of `caredraft compare` with hyperfine, on the two largest drafts:
# the aco-full contract at its defaults against the same contract filled in
# (tests/fixtures/answers/aco-full-alternatives.toml). Target: under 100 ms.
# Usage: scripts/bench-compare.sh    Needs hyperfine (Debian package of that name).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)"; exit 2; }
cargo build --release -q
bin=$PWD/target/release/caredraft
new=$PWD/tests/fixtures/answers/aco-full-alternatives.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$bin" init --variant aco-full old.toml 2>/dev/null
cp "$new" new.toml
"$bin" compare old.toml new.toml --out redline >/dev/null 2>&1
echo "redline: $(grep -o 'with [0-9]* insertions\? and [0-9]* deletions\?' redline.md)"
hyperfine --warmup 3 --runs 30 -N \
  "$bin compare old.toml new.toml --out redline --force" \
  "$bin compare old.toml new.toml --out redline --format md --force" \
  "$bin render new.toml --out draft --force"
