#!/usr/bin/env bash
# Whole-process timing of a document pack with hyperfine: `caredraft render` of the
# partially integrated contract with N GP practices (the contract plus one Integration
# Agreement per practice, DOCX and Markdown) beside pandoc converting the same N+1 Markdown
# files to DOCX one by one, and the main document alone, so the cost of each extra
# document shows.
# Usage: scripts/bench-pack.sh [N]   (default: 30)
# Needs hyperfine and pandoc (Debian packages of those names).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-30}
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)"; exit 2; }
command -v pandoc >/dev/null || { echo "pandoc is not installed (apt-get install pandoc)"; exit 2; }
cargo build --release -q
bin=$PWD/target/release/caredraft
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$bin" init --variant aco-partial answers.toml 2>/dev/null
# N practices in place of the defaults.
python3 - "$n" <<'PY'
import re, sys
n = int(sys.argv[1])
text = open("answers.toml").read()
blocks = "".join(
    f'\n[[answers.gp_practices]]\nname = "Practice {i:02d} Medical Centre"\nods_code = "M{85000 + i}"\ncontract_type = "gms"\n'
    for i in range(1, n + 1)
)
text = re.sub(r"\n\[\[answers\.gp_practices\]\]\n(?:[^\[\n][^\n]*\n|\n)*", "\n", text)
open("answers.toml", "w").write(text.rstrip("\n") + "\n" + blocks)
PY
"$bin" render answers.toml --out pack --force >/dev/null
docs=$(ls pack*.md | wc -l)
echo "aco-partial pack: $docs documents, $(cat pack*.md | wc -c) bytes of Markdown"
mkdir -p md && cp pack*.md md/
cat > pandoc-all.sh <<'SH'
for f in md/*.md; do pandoc "$f" -o "${f%.md}.docx"; done
SH
hyperfine --warmup 2 --runs 10 -N \
  "$bin render answers.toml --out pack --force" \
  "$bin render answers.toml --out pack --force --only main" \
  "bash pandoc-all.sh"
