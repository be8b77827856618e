#!/usr/bin/env bash
# How the work of assembling a draft grows with the size of the library, counted in CPU
# instructions with callgrind: (instructions for 3 drafts - for 1 draft) / 2, so loading and
# compiling the library drop out. Times are in the criterion bench (`cargo bench --bench
# render -- scaling`); a count does not depend on the CPU cache or on a busy machine.
# Usage: scripts/bench-scaling.sh [N...]   (default: 200 2000 4000). Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 2; }
sizes=("${@:-200 2000 4000}")
read -r -a sizes <<<"${sizes[*]}"
bin=$(cargo bench --bench scaling_count --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\))$/\1/p' | tail -1)
[ -x "$bin" ] || { echo "could not build the scaling_count bench"; exit 1; }
count() { # N K -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 >/dev/null |
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p; s/.*refs: *\([0-9,]*\).*/\1/p' | tr -d , | head -1
}
printf '%8s  %16s  %s\n' clauses instructions/draft "vs first size"
first=""
for n in "${sizes[@]}"; do
  one=$(count "$n" 1)
  three=$(count "$n" 3)
  per=$(( (three - one) / 2 ))
  [ -n "$first" ] || first=$per
  printf '%8s  %16s  %s\n' "$n" "$per" "$(awk -v a="$per" -v b="$first" 'BEGIN { printf "%.2fx", a / b }')"
done
