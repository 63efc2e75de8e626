#!/usr/bin/env bash
# Regenerates testdata/golden/dump/<capture>.<optionset>.txt with the real tcpdump (4.99.3
# expected) for the captures of testdata/captures/ listed in testdata/golden/dump/captures.list
# (the ones whose every packet tcplens prints as tcpdump does; the others serve other suites).
# The JUnit test DumpGoldenTest compares `tcplens dump` with these files byte for byte and
# needs no tcpdump.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tcpdump >/dev/null || { echo "golden-dump: tcpdump not installed" >&2; exit 1; }
tcpdump --version 2>&1 | head -n 1 >&2
out=testdata/golden/dump
mkdir -p "$out"
rm -f "$out"/*.txt
# label and options; keep in sync with DumpRuns.OPTION_SETS
sets=("tt|-n -tt" "tt-v|-n -tt -v" "e-tt|-n -e -tt" "S-tt|-n -S -tt" "tttt|-n -tttt"
      "x|-n -tt -x" "xx|-n -tt -xx" "X|-n -tt -X" "XX|-n -tt -XX" "A|-n -tt -A" "AA|-n -tt -AA"
      "e-v-X|-n -e -tt -v -X")
while read -r name; do
  [ -n "$name" ] || continue
  cap=testdata/captures/$name
  for s in "${sets[@]}"; do
    label=${s%%|*}; opts=${s#*|}
    # shellcheck disable=SC2086
    TZ=UTC tcpdump $opts -r "$cap" > "$out/$name.$label.txt" 2>/dev/null || true
  done
done < "$out/captures.list"
ls "$out"/*.txt | wc -l | xargs echo "golden-dump: files written:" >&2
