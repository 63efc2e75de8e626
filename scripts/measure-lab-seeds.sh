#!/bin/bash
# Runs the seed articles' experiments with the lab and prints the numbers issue 16 asks for:
# seed-keepalive once (about 65 s), seed-close N times (default 10), seed-curl N times.
# Needs root (live capture on loopback). Usage: scripts/measure-lab-seeds.sh [N]
set -u
cd "$(dirname "$0")/.."
N=${1:-10}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
json_facts() {   # conns --format json of a saved capture -> the facts, one line
  ./tcplens conns -r "$1" --format json | python3 -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l); h = d.get("http") or {}
    print("requests=%s advertised_timeout=%s idle_before_close=%s closer=%s client_probes=%s teardown=%s active_closer=%s time_wait=%s fin_with_data=%s"
          % (h.get("requests"), h.get("advertised_timeout"), h.get("idle_before_close"), h.get("closer"),
             d["keepalive_probes"]["client"], d["teardown"], d["active_closer"], d["time_wait"], d["fin_with_data"]))'
}
echo "== seed-keepalive"
./tcplens lab seed-keepalive -n --save "$T/ka.pcap" > "$T/ka.out" 2> "$T/ka.err"; echo "exit $?"
grep -E 'captured' "$T/ka.err"
json_facts "$T/ka.pcap"
echo "keepalive probes ACKed (tshark tcp.analysis.keep_alive_ack): $(tshark -r "$T/ka.pcap" -Y tcp.analysis.keep_alive_ack 2>/dev/null | wc -l)"
echo "== seed-close x $N"
fp=0; drops=0
for i in $(seq 1 "$N"); do
  ./tcplens lab seed-close -n --save "$T/c.pcap" > "$T/c.out" 2> "$T/c.err"
  grep -q 'Flags \[FP.\]' "$T/c.out" && fp=$((fp + 1))
  grep -q ', 0 dropped by kernel' "$T/c.err" || drops=$((drops + 1))
  echo "run $i: $(json_facts "$T/c.pcap")"
done
echo "seed-close: [FP.] in $fp of $N runs, runs with drops: $drops"
echo "== seed-curl x $N"
three=0
for i in $(seq 1 "$N"); do
  ./tcplens lab seed-curl -n --save "$T/g.pcap" > "$T/g.out" 2> "$T/g.err"
  f=$(json_facts "$T/g.pcap"); echo "run $i: $f"
  case "$f" in *"teardown=three-way"*"time_wait=client"*) three=$((three + 1));; esac
done
echo "seed-curl: three-segment close with the client in TIME_WAIT in $three of $N runs"
