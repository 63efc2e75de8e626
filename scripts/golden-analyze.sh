#!/usr/bin/env bash
# Records tshark's view of every capture under testdata/captures/ as the golden files of
# `tcplens analyze` (testdata/golden/analyze/<capture>.tshark.tsv). AnalyzeGoldenTest compares
# tcplens with them without needing tshark. Needs tshark 4.0.x (the compatibility target).
#
#   scripts/golden-analyze.sh            # record tshark's output for every capture
#   scripts/golden-analyze.sh --crafted  # first rewrite the crafted testdata/captures/analyze-*.pcap
#                                        # from io.tcplens.tcp.Scenarios (needs a built tree)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=testdata/golden/analyze
mkdir -p "$out"

if [ "${1:-}" = "--crafted" ]; then
  java=java
  for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
    if [ -n "$d" ] && [ -x "$d/bin/java" ]; then java="$d/bin/java"; break; fi
  done
  ./mvnw -q -B -o test-compile -pl tcplens-core
  "$java" -cp tcplens-core/target/classes:tcplens-core/target/test-classes io.tcplens.tcp.Scenarios testdata/captures
fi

version=$(tshark --version 2>/dev/null | head -n 1)
case "$version" in
  *" 4.0."*) ;;
  *) echo "golden-analyze: warning: expected tshark 4.0.x, found: $version" >&2 ;;
esac

fields=(-e frame.number -e tcp.stream -e tcp.seq -e tcp.ack -e tcp.len -e tcp.nxtseq -e tcp.flags.str)
for f in retransmission fast_retransmission spurious_retransmission out_of_order lost_segment \
         ack_lost_segment duplicate_ack keep_alive keep_alive_ack zero_window zero_window_probe \
         zero_window_probe_ack window_update window_full reused_ports; do
  fields+=(-e "tcp.analysis.$f")
done

for cap in testdata/captures/*; do
  case "$cap" in *.pcap|*.pcapng|*.cap|*.pcap.gz|*.pcapng.gz) ;; *) continue ;; esac
  name=$(basename "$cap")
  tshark -n -r "$cap" -T fields -E separator=/t "${fields[@]}" > "$out/$name.tshark.tsv" 2>/dev/null
  echo "golden-analyze: $out/$name.tshark.tsv ($(wc -l < "$out/$name.tshark.tsv") frames)"
done
