#!/usr/bin/env bash
# Runs tcplens's analysing commands over every capture in ../shared/corpus and reports any run that
# ended in an internal error (exit status 70, or an exception on stderr). Bad captures must end
# with a clear message and exit 0 or 1, never a stack trace. Not part of the tests (about ten
# minutes on 2 cores); run it after changing the analyzer or the lifecycle.
#
#   scripts/sweep-corpus.sh [CORPUS_DIR]
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$here/../shared/corpus}
[ -d "$corpus" ] || { echo "sweep: no corpus at $corpus" >&2; exit 2; }
"$here/tcplens" --version > /dev/null || exit 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=0; bad=0
while read -r f; do
  n=$((n + 1))
  for cmd in "conns --format json" "conns --format table" "http" "explain" "report -o $tmp/r.html" "ladder --ascii"; do
    # shellcheck disable=SC2086  # the command's words are meant to split
    "$here/tcplens" $cmd -r "$f" > /dev/null 2> "$tmp/err"
    rc=$?
    if [ "$rc" -gt 1 ] || grep -q "internal error\|Exception" "$tmp/err"; then
      bad=$((bad + 1))
      echo "sweep: $cmd -r $f: exit $rc: $(head -c 300 "$tmp/err")"
    fi
  done
done < <(find "$corpus" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' -o -name '*.pcap.gz' -o -name '*.pcapng.gz' \) | sort)
echo "sweep: $n captures, $bad runs ended in an internal error"
[ "$bad" -eq 0 ]
