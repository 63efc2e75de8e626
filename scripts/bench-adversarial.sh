#!/usr/bin/env bash
# Adversarial benchmark: what an SRE brings to tcplens when something is wrong. Makes its own
# captures with the deterministic generator scripts/bench/AdversarialCapture.java and reports, for
# each, the wall time, peak RSS, exit status, rows written and stderr lines of every command, and
# tshark -z conv,tcp on the same file. A measurement, never a test: it does not fail on a slow result.
#
#   scripts/bench-adversarial.sh                 all three captures
#   ONLY=syn-flood scripts/bench-adversarial.sh  one of syn-flood, http-open, port-scan
#   TCPLENS=/path/to/other/tcplens ...           another build (for before/after)
#   SKIP_TSHARK=1 ...                            without tshark
#   SYN_FLOOD_N=500000 ...                       smaller captures (HTTP_OPEN_N, PORT_SCAN_N likewise)
#
# Captures go to bench-data/adversarial/ (made once, remade when the generator changes).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tcplens=${TCPLENS:-$here/tcplens}
jdk=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
data=${DATA_DIR:-$here/bench-data/adversarial}
export TZ=UTC
mkdir -p "$data"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$tcplens" --version >/dev/null   # build once, outside the timings

gen=$here/scripts/bench/AdversarialCapture.java
make_capture() {   # KIND COUNT -> path
  local f=$data/$1-$2.pcap
  if [ ! -f "$f" ] || [ "$gen" -nt "$f" ]; then
    "$jdk/bin/java" "$gen" "$1" "$f.part" "$2" && mv "$f.part" "$f"
  fi
  echo "$f"
}

# run NAME OUTFILE CMD...: one run; prints name, seconds, peak RSS (MB), exit status, output lines, stderr lines
run() {
  local name=$1 out=$2; shift 2
  local rc=0
  /usr/bin/time -v -o "$tmp/time" "$@" > "$out" 2> "$tmp/err" || rc=$?
  local t m
  t=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s}' "$tmp/time")
  m=$(awk -F': ' '/Maximum resident set size/ {print int($2 / 1024)}' "$tmp/time")
  printf '  %-26s %8.2f s %6d MB  exit %-3s %9d lines  stderr: %s\n' "$name" "$t" "$m" "$rc" "$(wc -l < "$out")" \
    "$(grep -v '^\s*$' "$tmp/err" | head -n 3 | tr '\n' '|' | cut -c1-160)"
}

bench() {   # KIND COUNT
  local cap
  cap=$(make_capture "$1" "$2")
  local frames
  frames=$(( ($(stat -c %s "$cap") - 24) ))
  echo "$1: $cap ($(( $(stat -c %s "$cap") / 1000000 )) MB)"
  cat "$cap" > /dev/null   # page cache
  run "conns --format json" "$tmp/conns.json" "$tcplens" conns -r "$cap" --format json
  run "http" "$tmp/http.txt" "$tcplens" http -r "$cap"
  run "report" "$tmp/report.log" "$tcplens" report -r "$cap" -o "$tmp/report.html"
  [ -s "$tmp/report.html" ] && echo "    report.html: $(( $(stat -c %s "$tmp/report.html") / 1000 )) kB, ends with $(tail -c 8 "$tmp/report.html" | tr -d '\n')"
  rm -f "$tmp/report.html"
  run "explain --max-rows 10" "$tmp/explain.txt" "$tcplens" explain -r "$cap" --max-rows 10
  if [ -z "${SKIP_TSHARK:-}" ] && command -v tshark >/dev/null; then
    run "tshark -q -z conv,tcp" "$tmp/tshark.txt" tshark -n -q -r "$cap" -z conv,tcp
  fi
  # What the rows say: conn_state and close_reason counts.
  if command -v python3 >/dev/null && [ -s "$tmp/conns.json" ]; then
    python3 - "$tmp/conns.json" <<'EOF'
import collections, json, sys
states, reasons, n = collections.Counter(), collections.Counter(), 0
for line in open(sys.argv[1]):
    r = json.loads(line); n += 1
    states[r.get("conn_state")] += 1; reasons[r.get("close_reason")] += 1
print("    conns rows: %d  conn_state: %s  close_reason: %s" % (n, dict(states), dict(reasons)))
EOF
  fi
  rm -f "$tmp"/*.json "$tmp"/*.txt
}

case "${ONLY:-all}" in
  all|syn-flood) bench syn-flood "${SYN_FLOOD_N:-3000000}" ;;&
  all|http-open) bench http-open "${HTTP_OPEN_N:-500000}" ;;&
  all|port-scan) bench port-scan "${PORT_SCAN_N:-60000}" ;;
esac
