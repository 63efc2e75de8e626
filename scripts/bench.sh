#!/usr/bin/env bash
# End-to-end benchmark: tcplens against tcpdump, tshark and the C floor (../shared/tools/floor.c)
# on one big capture. Reports the median wall time of RUNS runs, peak RSS, and the ratios the
# issues set as targets. This is a measurement, never a test: it does not fail on a slow result.
#
#   scripts/bench.sh [CAPTURE]        default: bench-data/big.pcap
#   RUNS=5 SKIP_TSHARK=1 scripts/bench.sh ...
#   SPLIT_MB=100 (size of the pieces for the many-files run), SKIP_SQL=1 (no split/parquet/sql runs)
#   Without big.pcap: scripts/bench/make-stitched.sh bench-data/stitched.pcap (corpus files, time-shifted)
#
# Make the capture first (root; about 1 GB, 2.5 M packets of real Linux TCP traffic):
#   OUT_DIR=$PWD/bench-data ../shared/tools/make-bigcap.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cap=${1:-$here/bench-data/big.pcap}
runs=${RUNS:-3}
filter=${FILTER:-'tcp port 80 and tcp[tcpflags] & tcp-syn != 0'}
export TZ=UTC
[ -f "$cap" ] || { echo "bench: no capture at $cap; make one with: OUT_DIR=$here/bench-data ../shared/tools/make-bigcap.sh" >&2; exit 2; }
command -v tcpdump >/dev/null || { echo "bench: tcpdump is needed (apt-get install tcpdump)" >&2; exit 2; }
"$here/tcplens" --version >/dev/null   # build once, outside the timings
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
floor=$tmp/floor
if [ -f "$here/../shared/tools/floor.c" ] && command -v gcc >/dev/null; then
  gcc -O2 -o "$floor" "$here/../shared/tools/floor.c"
else
  floor=
fi
# The same minimal loop in Java (scripts/bench/JavaFloor.java): what a JVM needs just to start,
# compile and walk the file; no Java tool can go below it.
jdk=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jfloor=
if [ -x "$jdk/bin/javac" ] && "$jdk/bin/javac" -d "$tmp/jfloor" "$here/scripts/bench/JavaFloor.java" 2>/dev/null; then
  jfloor=$tmp/jfloor
fi
# `conns` run 5 times in one JVM with the launcher's settings (scripts/bench/WarmPasses.java): the best of passes 3 to 5 is its
# steady state, without start-up or JIT compilation.
warm=
if [ -x "$jdk/bin/javac" ] && "$jdk/bin/javac" -cp "$here/tcplens-cli/target/tcplens.jar" -d "$tmp/warm" "$here/scripts/bench/WarmPasses.java" 2>/dev/null; then
  warm=$tmp/warm
fi
cat "$cap" > /dev/null   # warm the page cache so every tool reads from memory

# measure NAME CMD...: runs CMD $runs times, prints "NAME median_seconds peak_rss_mb"
measure() {
  local name=$1; shift
  local times=() rss=0 t m
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" > /dev/null 2> "$tmp/err" || true
    read -r t m < "$tmp/time"
    times+=("$t")
    (( m > rss )) && rss=$m
  done
  local med
  med=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%s %s %d\n' "$name" "$med" $((rss / 1024))
}

size=$(stat -c %s "$cap")
echo "capture: $cap ($((size / 1000000)) MB), runs: $runs, median wall time"
{
  measure tcpdump_print tcpdump -n -r "$cap"
  measure tcplens_print "$here/tcplens" dump -n -r "$cap"
  measure tcpdump_filter_write tcpdump -r "$cap" -w "$tmp/a.pcap" "$filter"
  measure tcplens_filter_write "$here/tcplens" dump -r "$cap" -w "$tmp/b.pcap" "$filter"
  if "$here/tcplens" conns --help >/dev/null 2>&1; then
    measure tcplens_conns_json "$here/tcplens" conns -r "$cap" --format json
    measure tcplens_conns_json_nohttp "$here/tcplens" conns -r "$cap" --format json --no-http
    [ -n "$floor" ] && measure c_floor "$floor" "$cap"
    [ -n "$jfloor" ] && measure java_floor "$jdk/bin/java" -XX:+UseSerialGC -cp "$jfloor" JavaFloor "$cap"
    if [ -n "$warm" ]; then
      "$jdk/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xmn160m -XX:SurvivorRatio=16 \
        -XX:InlineSmallCode=500 -XX:FreqInlineSize=100 -cp "$here/tcplens-cli/target/tcplens.jar:$warm" \
        WarmPasses 5 conns -r "$cap" --format json > /dev/null 2> "$tmp/warm.txt" || true
      awk '/^pass [345]:/ { if (best == "" || $3 < best) best = $3 } END { if (best != "") print "tcplens_conns_json_warm", best, 0 }' "$tmp/warm.txt"
    fi
    if [ -z "${SKIP_TSHARK:-}" ] && command -v tshark >/dev/null; then
      runs_saved=$runs; runs=1
      measure tshark_conv_tcp tshark -q -n -r "$cap" -z conv,tcp
      runs=$runs_saved
    fi
  fi
  if "$here/tcplens" analyze --help >/dev/null 2>&1; then
    measure tcplens_analyze "$here/tcplens" analyze -r "$cap"
  fi
  # Many files as one capture, Parquet and SQL: the capture cut by size as tcpdump -C cuts it
  # (SPLIT_MB, default 100; -Z root: tcpdump would drop to its own user and fail to open the next file).
  if "$here/tcplens" sql --help >/dev/null 2>&1 && [ -z "${SKIP_SQL:-}" ]; then
    mkdir -p "$tmp/split"
    tcpdump -Z root -r "$cap" -C "${SPLIT_MB:-100}" -w "$tmp/split/part" 2>/dev/null
    echo "split: $(ls "$tmp/split" | wc -l) files" >&2
    measure tcplens_conns_json_split "$here/tcplens" conns -r "$tmp/split/part*" --format json
    "$here/tcplens" conns -r "$cap" --format json > "$tmp/one.json" 2>/dev/null || true
    "$here/tcplens" conns -r "$tmp/split/part*" --format json > "$tmp/many.json" 2>/dev/null || true
    cmp -s "$tmp/one.json" "$tmp/many.json" && echo "split: conns json of the pieces is byte-identical to the whole file's" >&2 \
      || echo "split: conns json of the pieces DIFFERS from the whole file's" >&2
    measure tcplens_conns_parquet "$here/tcplens" conns -r "$cap" --format parquet -o "$tmp/c.parquet"
    measure tcplens_sql_count "$here/tcplens" sql -r "$cap" "select count(*) from conns where time_wait = 'server'"
  fi
} | tee "$tmp/results"
cmp -s "$tmp/a.pcap" "$tmp/b.pcap" && echo "filter+write: tcplens wrote the same bytes as tcpdump" \
  || echo "filter+write: tcplens and tcpdump wrote DIFFERENT files"
awk '
  { t[$1] = $2; r[$1] = $3 }
  function ratio(a, b) { return (t[b] > 0) ? sprintf("%.2fx", t[a] / t[b]) : "n/a" }
  END {
    printf "\n%-34s %10s %8s\n", "ratio (lower is better for tcplens)", "measured", "target"
    printf "%-34s %10s %8s\n", "print / tcpdump", ratio("tcplens_print", "tcpdump_print"), "<=0.5x"
    printf "%-34s %10s %8s\n", "filter+write / tcpdump", ratio("tcplens_filter_write", "tcpdump_filter_write"), "<=1.5x"
    if ("tcplens_conns_json" in t) {
      if ("c_floor" in t) printf "%-34s %10s %8s\n", "conns json / C floor", ratio("tcplens_conns_json", "c_floor"), "<=1.5x"
      if ("java_floor" in t) printf "%-34s %10s %8s\n", "Java floor / C floor", ratio("java_floor", "c_floor"), "(ref)"
      if ("tcplens_conns_json_warm" in t) printf "%-34s %10s %8s\n", "conns json warm pass / C floor", ratio("tcplens_conns_json_warm", "c_floor"), "(ref)"
      if ("tshark_conv_tcp" in t) printf "%-34s %10s %8s\n", "tshark conv,tcp / conns json", ratio("tshark_conv_tcp", "tcplens_conns_json"), ">=30x"
      if ("c_floor" in t) printf "%-34s %10s %8s\n", "conns json --no-http / C floor", ratio("tcplens_conns_json_nohttp", "c_floor"), "<=1.5x"
      if ("tshark_conv_tcp" in t) printf "%-34s %10s %8s\n", "tshark / conns json --no-http", ratio("tshark_conv_tcp", "tcplens_conns_json_nohttp"), ">=30x"
      printf "%-34s %9d MB %8s\n", "conns json peak RSS", r["tcplens_conns_json"], "<512MB"
      printf "%-34s %9d MB %8s\n", "conns json --no-http peak RSS", r["tcplens_conns_json_nohttp"], "<512MB"
    }
    if ("tcplens_conns_json_split" in t) {
      printf "%-34s %10s %8s\n", "conns json split / single file", ratio("tcplens_conns_json_split", "tcplens_conns_json"), "<=1.05x"
      printf "%-34s %10s %8s\n", "conns parquet / conns json", ratio("tcplens_conns_parquet", "tcplens_conns_json"), "<=1.15x"
      printf "%-34s %10s %8s\n", "sql count / conns json", ratio("tcplens_sql_count", "tcplens_conns_json"), "<=1.5x"
      printf "%-34s %9d MB %8s\n", "conns json split peak RSS", r["tcplens_conns_json_split"], "<600MB"
      printf "%-34s %9d MB %8s\n", "conns parquet peak RSS", r["tcplens_conns_parquet"], "<600MB"
      printf "%-34s %9d MB %8s\n", "sql count peak RSS", r["tcplens_sql_count"], "<600MB"
    }
    printf "%-34s %9d MB %8s\n", "print peak RSS", r["tcplens_print"], "<300MB"
    printf "%-34s %9d MB %8s\n", "filter+write peak RSS", r["tcplens_filter_write"], "<300MB"
  }' "$tmp/results"
