#!/usr/bin/env bash
# Regenerates testdata/captures/lab-*.pcap: runs every lab scenario live on loopback and keeps
# its capture. Needs capture permission (root, or java with cap_net_raw,cap_net_admin) and libpcap.
# Usage: scripts/make-lab-captures.sh [SCENARIO...]     (default: all of them)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$here/testdata/captures"
scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
  scenarios=(get keepalive close pipeline half-close reset refused seed-keepalive seed-close seed-curl)
fi
for s in "${scenarios[@]}"; do
  echo "lab $s -> testdata/captures/lab-$s.pcap" >&2
  "$here/tcplens" lab "$s" --quiet --save "$out/lab-$s.pcap"
  "$here/tcplens" dump -n -r "$out/lab-$s.pcap" | head -n 40
done
