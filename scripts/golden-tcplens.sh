#!/usr/bin/env bash
# Snapshots of tcplens's own outputs that no other tool prints (conns in its four formats, explain
# in English and Chinese, ladder in ASCII and Unicode), written to testdata/golden/{conns,explain,ladder-cli}.
# ConnsExplainGoldenTest compares against them. These are NOT oracle outputs: after regenerating,
# read the diff (git diff testdata/golden) and commit only what you have checked is right.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
captures=(lab-get.pcap lab-keepalive.pcap lab-close.pcap lab-half-close.pcap lab-reset.pcap lab-refused.pcap
          lab-pipeline.pcap tcp_refuseconnection.pcapng nowebaccess3.pcapng tcp_teardown.pcapng
          http_ip4and6.pcapng tcp_zerowindowdead.pcapng analyze-resumed.pcap analyze-refused-retry.pcap)
mkdir -p testdata/golden/conns testdata/golden/explain testdata/golden/ladder-cli
for c in "${captures[@]}"; do
  for f in table json csv zeek; do
    ./tcplens conns -r "testdata/captures/$c" --format "$f" > "testdata/golden/conns/$c.$f"
  done
  for l in en zh; do
    ./tcplens explain -r "testdata/captures/$c" --lang "$l" > "testdata/golden/explain/$c.$l.txt"
  done
  ./tcplens ladder -r "testdata/captures/$c" --ascii --width 100 > "testdata/golden/ladder-cli/$c.ascii.txt"
  ./tcplens ladder -r "testdata/captures/$c" --unicode --width 120 > "testdata/golden/ladder-cli/$c.unicode.txt"
  echo "golden-tcplens: $c"
done
