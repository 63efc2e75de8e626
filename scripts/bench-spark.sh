#!/usr/bin/env bash
# Benchmark of the Spark job (issue: scale-out on Spark) against single-machine tcplens on the same
# files: COPIES time-shifted copies of big.pcap (editcap -t, so they follow each other in time as a
# rotated ring does), analysed by
#   - tcplens conns --format json                     (one machine, one analysis thread)
#   - tcplens spark conns --master local[1] and local[2]
#   - tcplens spark conns on a standalone cluster of 2 workers x 1 core (scripts/spark-standalone.sh)
# and reports wall time, CPU time, peak RSS (driver; executors on the cluster), rows, throughput
# per CPU-second and per core, and whether the rows are identical to the single-machine run. A measurement, not a test:
# it never fails on a slow result, only when a run fails or the rows differ.
#
#   scripts/bench-spark.sh                 COPIES=10 (about 11 GB), CAPTURE=bench-data/big.pcap
#   COPIES=2 SKIP_CLUSTER=1 scripts/bench-spark.sh
#   SPLIT_SIZE=128m PARTITIONS=0 (Spark job options); local[N] runs with a heap of 1 GB per core
#   (there the driver is the executor); EXECUTOR_MEMORY=1g per executor of 1 core on the cluster
#
# Make big.pcap first (root; about 1 GB): OUT_DIR=$PWD/bench-data ../shared/tools/make-bigcap.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cap=${CAPTURE:-$here/bench-data/big.pcap}
copies=${COPIES:-10}
split=${SPLIT_SIZE:-128m}
partitions=${PARTITIONS:-0}
executor_memory=${EXECUTOR_MEMORY:-1g}
ring=${RING_DIR:-$here/bench-data/spark-ring-$copies}
export TZ=UTC
[ -f "$cap" ] || { echo "bench-spark: no capture at $cap; make one with: OUT_DIR=$here/bench-data ../shared/tools/make-bigcap.sh" >&2; exit 2; }
command -v editcap >/dev/null && command -v capinfos >/dev/null || { echo "bench-spark: editcap and capinfos are needed (apt-get install tshark)" >&2; exit 2; }

# The ring: copy k is shifted by k x (the capture's duration + 1 s).
if [ ! -f "$ring/.complete" ] || [ "$cap" -nt "$ring/.complete" ]; then
  rm -rf "$ring"; mkdir -p "$ring"
  dur=$(capinfos -u -M "$cap" | sed -n 's/^Capture duration: *\([0-9.]*\) seconds.*/\1/p')
  shift_s=$(awk -v d="$dur" 'BEGIN { printf "%d", d + 1.999 }')
  for ((k = 0; k < copies; k++)); do
    f=$(printf '%s/ring-%03d.pcap' "$ring" "$k")
    if ((k == 0)); then cp "$cap" "$f"; else editcap -F pcap -t $((k * shift_s)) "$cap" "$f"; fi
  done
  touch "$ring/.complete"
fi
files=("$ring"/ring-*.pcap)
bytes=$(cat "${files[@]}" | wc -c)
echo "bench-spark: ${#files[@]} files, $((bytes / 1000000)) MB in $ring; split $split, partitions $partitions; $(nproc) cores"

"$here/tcplens" --version >/dev/null                 # build both, outside the timings
"$here/tcplens" spark --help >/dev/null
tmp=$(mktemp -d)
cluster_started=
cleanup() {
  [ -n "$cluster_started" ] && "$here/scripts/spark-standalone.sh" stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
cat "${files[@]}" > /dev/null 2>&1 || true          # page cache, as far as it holds them

# run NAME CMD...: prints "NAME wall cpu rss_mb"; output of CMD in $tmp/NAME.out, stderr in .err
run() {
  local name=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/$name.time" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" || {
    echo "bench-spark: $name failed:" >&2; tail -n 20 "$tmp/$name.err" >&2; exit 1; }
  local e u s m
  read -r e u s m < "$tmp/$name.time"
  echo "$name $e $(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }') $((m / 1024))"
}

# Peak RSS of the cluster's executor JVMs, sampled every 0.5 s while a run lasts.
watch_executors() {
  local peak=0 r
  while [ -f "$tmp/watching" ]; do
    for p in $(pgrep -f CoarseGrainedExecutorBackend || true); do
      r=$(awk '/VmHWM/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)
      (( ${r:-0} > peak )) && peak=$r && echo "$peak" > "$tmp/executor-peak"
    done
    sleep 0.5
  done
}

sorted_rows() { LC_ALL=C sort "$1"; }

results=()
# The reference is one machine without its ceiling of open connections: past it (75,000 by
# default) the single machine summarises the least recently active connections of the whole
# capture early, the Spark job those of each partition, so the evicted rows differ by design.
# Big rings of keep-alive connections reach it (two copies of big.pcap evict 9,101).
single=$(run single env TCPLENS_JAVA_OPTS="-Dtcplens.maxConnections=${MAX_CONNECTIONS:-10000000}" "$here/tcplens" conns --format json "${files[@]/#/-r}")
# shellcheck disable=SC2206
results+=("$single")
sorted_rows "$tmp/single.out" > "$tmp/single.sorted"
rows=$(wc -l < "$tmp/single.sorted")

spark_run() {
  local name=$1 master=$2 xmx=$3; shift 3
  rm -rf "$tmp/out-$name"
  local line
  line=$(run "$name" env TCPLENS_JAVA_OPTS="-Xmx$xmx ${TCPLENS_JAVA_OPTS:-}" "$here/tcplens" spark conns --master "$master" \
    --format json --split-size "$split" --partitions "$partitions" "$@" -o "$tmp/out-$name" "${files[@]/#/-r}")
  cat "$tmp/out-$name"/conns/part-* | LC_ALL=C sort > "$tmp/$name.sorted"
  local same=identical
  cmp -s "$tmp/single.sorted" "$tmp/$name.sorted" || same="DIFFER ($(diff "$tmp/single.sorted" "$tmp/$name.sorted" | grep -c '^[<>]') lines)"
  echo "$line $(wc -l < "$tmp/$name.sorted") $same"
}

results+=("$(spark_run local1 'local[1]' 1g)")
results+=("$(spark_run local2 'local[2]' 2g)")
if [ -z "${SKIP_CLUSTER:-}" ]; then
  "$here/scripts/spark-standalone.sh" start > "$tmp/cluster.log"
  cluster_started=1
  url=$(sed -n 's/.*\(spark:\/\/[0-9.:]*\).*/\1/p' "$tmp/cluster.log" | head -n 1)
  touch "$tmp/watching"; echo 0 > "$tmp/executor-peak"
  watch_executors & watcher=$!
  results+=("$(spark_run cluster "$url" 1g --conf spark.executor.memory="$executor_memory" --conf spark.executor.cores=1)")
  rm -f "$tmp/watching"; wait "$watcher" || true
  executor_peak_mb=$(( $(cat "$tmp/executor-peak") / 1024 ))
  "$here/scripts/spark-standalone.sh" stop >/dev/null
  cluster_started=
fi

# Throughput per core, two ways: per CPU-second (user + sys of the process: for local[N] the
# executors too; not measured for the cluster, whose executors are other processes), and per core
# given to the run (one machine's tcplens keeps all $(nproc) cores busy: its analysis thread, the
# HTTP thread, the JIT and the collector; local[N] is given N, the cluster its workers' cores).
cores_all=$(nproc)
single_wall=$(echo "$single" | awk '{ print $2 }')
single_cpu=$(echo "$single" | awk '{ print $3 }')
per_cpu() { awk -v b="$bytes" -v t="$1" 'BEGIN { printf "%.1f", b / 1e6 / t }'; }
per_core() { awk -v b="$bytes" -v t="$1" -v c="$2" 'BEGIN { printf "%.1f", b / 1e6 / t / c }'; }
pct() { awk -v a="$1" -v s="$2" 'BEGIN { printf "%d%%", 100 * a / s }'; }
s_cpu=$(per_cpu "$single_cpu"); s_core=$(per_core "$single_wall" "$cores_all")
printf '\n%-8s %7s %7s %7s %8s %9s %10s  %s\n' run wall_s cpu_s rss_MB rows MB/cpu_s MB/s/core "rows vs single"
printf '%-8s %7s %7s %7s %8s %9s %10s  %s\n' single "$single_wall" "$single_cpu" "$(echo "$single" | awk '{ print $4 }')" "$rows" \
  "$s_cpu" "$s_core" "(the reference, on $cores_all cores, without its eviction ceiling)"
for r in "${results[@]:1}"; do
  read -r name wall cpu rss n same <<< "$r"
  cores=1; case $name in local2|cluster) cores=2 ;; esac
  c_cpu=-; c_pct=-
  [ "$name" != cluster ] && c_cpu=$(per_cpu "$cpu") && c_pct=$(pct "$c_cpu" "$s_cpu")
  c_core=$(per_core "$wall" "$cores")
  printf '%-8s %7s %7s %7s %8s %9s %10s  %s (per CPU-second %s, per core %s of single)\n' "$name" "$wall" "$cpu" "$rss" "$n" \
    "$c_cpu" "$c_core" "$same" "$c_pct" "$(pct "$c_core" "$s_core")"
done
[ -n "${executor_peak_mb:-}" ] && echo "cluster: peak executor RSS ${executor_peak_mb} MB (spark.executor.memory=$executor_memory, 1 core each)"
grep -h 'problem\|warning' "$tmp"/local2.err 2>/dev/null | head -n 5 || true
for r in "${results[@]:1}"; do case $r in *DIFFER*) exit 1 ;; esac; done
