#!/usr/bin/env bash
# Regenerates testdata/golden/dump-nesting/<capture>.<set>.txt with the real tcpdump (4.99.3
# expected) for the deep-nesting captures that DumpNestingTest generates (NestedCaptures.java).
# The captures are written by the test itself into tcplens-cli/target/nesting-captures.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tcpdump >/dev/null || { echo "golden-dump-nesting: tcpdump not installed" >&2; exit 1; }
tcpdump --version 2>&1 | head -n 1 >&2
# Writes the captures (the golden comparison fails while goldens are missing; that is expected here).
./mvnw -B -q -pl tcplens-cli -am test -Dtest='DumpNestingTest' -Dsurefire.failIfNoSpecifiedTests=false >/dev/null 2>&1 || true
caps=tcplens-cli/target/nesting-captures
[ -d "$caps" ] || { echo "golden-dump-nesting: $caps not written" >&2; exit 1; }
out=testdata/golden/dump-nesting
mkdir -p "$out"
rm -f "$out"/*.txt
# label and options; keep in sync with DumpNestingTest.SETS
sets=("n|-n" "n-v|-n -v" "n-e|-n -e")
for cap in "$caps"/*.pcap; do
  name=$(basename "$cap")
  for s in "${sets[@]}"; do
    label=${s%%|*}; opts=${s#*|}
    # shellcheck disable=SC2086
    TZ=UTC tcpdump $opts -r "$cap" > "$out/$name.$label.txt" 2>/dev/null || true
  done
done
ls "$out" | wc -l | xargs echo "golden-dump-nesting: files written:" >&2
