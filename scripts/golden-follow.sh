#!/usr/bin/env bash
# Regenerates testdata/golden/follow/: tshark's "follow TCP stream" output (ascii, hex, raw) for
# every stream of the bundled HTTP captures. FollowGoldenTest compares tcplens against these
# without needing tshark. Needs tshark 4.0 (the goldens pin its output format).
set -euo pipefail
cd "$(dirname "$0")/.."
out=testdata/golden/follow
mkdir -p "$out"
tshark --version | head -1
for f in testdata/captures/http-*.pcap; do
  name=$(basename "$f")
  streams=$(tshark -r "$f" -T fields -e tcp.stream 2>/dev/null | sort -n | uniq)
  for s in $streams; do
    for mode in ascii hex raw; do
      tshark -r "$f" -q -z "follow,tcp,$mode,$s" 2>/dev/null > "$out/$name.$s.$mode"
    done
  done
done
ls "$out" | wc -l
