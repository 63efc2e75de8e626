#!/usr/bin/env bash
# The names and descriptions tcpdump (libpcap) gives each link type, as "link-type NAME (DESCRIPTION)"
# in its "reading from file" line, for every value 0..299: a pcap header with that value, read by
# the real tcpdump. Written to tcplens-core/src/main/resources/io/tcplens/capture/linktypes.tsv,
# from which tcplens names a link type it does not decode (LinkType.dltName / description).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/tcplens-core/src/main/resources/io/tcplens/capture/linktypes.tsv"
mkdir -p "$(dirname "$out")"
python3 - "$out" <<'PY'
import re, struct, subprocess, sys, tempfile
rows = []
with tempfile.NamedTemporaryFile(suffix=".pcap") as f:
    for lt in range(300):
        f.seek(0); f.truncate()
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, lt)); f.flush()
        err = subprocess.run(["tcpdump", "-nr", f.name], capture_output=True, text=True).stderr
        m = re.search(r"link-type (\S+) \((.*)\), snapshot", err)
        if m: rows.append(f"{lt}\t{m.group(1)}\t{m.group(2)}\n")
with open(sys.argv[1], "w") as o:
    o.write("# value\tname\tdescription, as tcpdump 4.99 names them (scripts/golden-linktypes.sh)\n")
    o.writelines(rows)
PY
echo "golden-linktypes: $(grep -vc '^#' "$out") link types"
