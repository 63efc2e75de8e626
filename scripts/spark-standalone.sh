#!/usr/bin/env bash
# A Spark standalone cluster on this machine's loopback, for `tcplens spark --master spark://...` and
# spark-submit: a master and workers (org.apache.spark.deploy.master.Master / worker.Worker) started
# from the jars the build already fetched (tcplens-spark/target/spark-classpath.txt), with the JVM
# options Spark needs on Java 25 (tcplens-spark/target/jvm.options). No Spark distribution needed.
#
#   scripts/spark-standalone.sh start    start, and wait until the master reports every worker ALIVE
#   scripts/spark-standalone.sh status   which daemons run (exit 0: all, 1: some, 3: none)
#   scripts/spark-standalone.sh stop     TERM the daemons started here (by PID), KILL after a grace period
#
# Settings (environment):
#   STATE_DIR                PIDs, logs, work dirs (default tcplens-spark/target/standalone)
#   SPARK_MASTER_PORT        master's port (default 7077)
#   SPARK_MASTER_WEBUI_PORT  master's web UI, whose /json/ is polled (default 8080)
#   SPARK_WORKER_WEBUI_PORT  first worker's web UI; the next workers take the next ports (default 8081)
#   SPARK_WORKERS            number of workers (default 2)
#   SPARK_WORKER_CORES       cores per worker (default 1)
#   SPARK_WORKER_MEMORY      memory per worker for its executors (default 1g)
#   SPARK_DAEMON_MEMORY      heap of the master and worker JVMs (default 1g, as Spark's)
#   SPARK_DAEMON_JAVA_OPTS   more JVM options of the master and workers (as Spark's; split on spaces)
#   SPARK_START_TIMEOUT      seconds to wait for the workers (default 120)
#   SPARK_STOP_GRACE         seconds between TERM and KILL (default 15)
# A port given in the environment must be free (else start fails, naming it); a default port that
# is taken is replaced by the next free one. The ports used are in $STATE_DIR/ports, the master's
# URL in $STATE_DIR/master-url.
#
# Executors: the workers start them with $STATE_DIR/spark-home/jars/* on their classpath (links to
# the same jars: what a Spark distribution's jars/ holds) and the driver's spark.executor.extraJavaOptions
# (to which Spark's SparkContext adds its Java module options). tcplens's own classes reach them from
# the application: spark-submit's jar, or spark.jars (tcplens-spark/target/tcplens-spark-job.jar).
set -euo pipefail

here=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target="$here/tcplens-spark/target"
state=${STATE_DIR:-$target/standalone}
workers=${SPARK_WORKERS:-2}
cores=${SPARK_WORKER_CORES:-1}
memory=${SPARK_WORKER_MEMORY:-1g}
heap=${SPARK_DAEMON_MEMORY:-1g}
timeout=${SPARK_START_TIMEOUT:-120}
grace=${SPARK_STOP_GRACE:-15}
MASTER_CLASS=org.apache.spark.deploy.master.Master
WORKER_CLASS=org.apache.spark.deploy.worker.Worker
EXECUTOR_CLASS=org.apache.spark.executor.CoarseGrainedExecutorBackend

say() { echo "spark-standalone: $*" >&2; }
die() { say "$*"; exit 1; }

java_major() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1)
  echo "${v:-0}"
}
find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    echo "$JAVA_HOME"; return 0
  fi
  local d
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2[5-9]* /usr/lib/jvm/*-2[5-9]-* /usr/lib/jvm/*2[5-9]*; do
    if [ -x "$d/bin/java" ] && [ "$(java_major "$d")" -ge 25 ] 2>/dev/null; then echo "$d"; return 0; fi
  done
  return 1
}

# The process's command line, empty when it is gone.
args_of() { ps -ww -p "$1" -o args= 2>/dev/null || true; }
# Whether PID runs the Java class CLASS (not a process that reused a PID of ours).
runs() { case "$(args_of "$1")" in *" $2 "*|*" $2") return 0 ;; *) return 1 ;; esac; }

# Whether something listens on 127.0.0.1:PORT.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_get() {
  if command -v curl >/dev/null 2>&1; then
    curl -sf --max-time 3 "$1" 2>/dev/null || true
  else
    # host:port/path over bash's /dev/tcp
    local rest=${1#http://} hostport path
    hostport=${rest%%/*}; path=/${rest#*/}
    (exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}" && printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3 && sed '1,/^\r$/d' <&3) 2>/dev/null || true
  fi
}

alive_workers() {
  # The master's JSON: "aliveworkers" : N
  http_get "http://127.0.0.1:$1/json/" | tr -d '\n' | sed -n 's/.*"aliveworkers" *: *\([0-9][0-9]*\).*/\1/p'
}

# Sets $port: the one from the environment (it must be free), or the default, else the next free
# one not already chosen ($taken).
taken=" "
choose_port() {
  local name=$1 given=$2 default=$3 p
  if [ -n "$given" ]; then
    case "$given" in *[!0-9]*|'') die "$name=$given is not a port number" ;; esac
    listening "$given" && die "port $given ($name) is in use on 127.0.0.1: stop what uses it or set $name to a free port"
    case "$taken" in *" $given "*) die "port $given ($name) is given twice" ;; esac
    p=$given
  else
    p=$default
    while listening "$p" || case "$taken" in *" $p "*) true ;; *) false ;; esac; do
      p=$((p + 1))
      [ "$p" -le $((default + 200)) ] || die "no free port from $default to $((default + 200)) for $name"
    done
    [ "$p" = "$default" ] || say "port $default is in use; $name: $p"
  fi
  taken="$taken$p "
  port=$p
}

pidfiles() {
  # workers first, then the master: the order to stop them in
  local f
  for f in "$state"/worker-*.pid; do [ -f "$f" ] && echo "$f"; done
  [ -f "$state/master.pid" ] && echo "$state/master.pid"
  return 0
}
class_of() { case "$(basename "$1")" in master.pid) echo "$MASTER_CLASS" ;; *) echo "$WORKER_CLASS" ;; esac; }

status() {
  local f pid running=0 total=0
  for f in $(pidfiles); do
    total=$((total + 1))
    pid=$(cat "$f")
    if runs "$pid" "$(class_of "$f")"; then
      running=$((running + 1)); echo "$(basename "$f" .pid): running, pid $pid"
    else
      echo "$(basename "$f" .pid): not running (pid $pid)"
    fi
  done
  if [ "$total" = 0 ]; then echo "not running (no PIDs in $state)"; return 3; fi
  if [ -f "$state/ports" ] && [ -f "$state/master-url" ]; then
    # shellcheck disable=SC1091
    . "$state/ports"
    echo "master $(cat "$state/master-url"), web UI http://127.0.0.1:$MASTER_WEBUI_PORT, alive workers: $(alive_workers "$MASTER_WEBUI_PORT" || true)"
  fi
  [ "$running" = "$total" ] && return 0
  [ "$running" = 0 ] && return 3
  return 1
}

stop() {
  local f pid cls pids=() executors=() e
  for f in $(pidfiles); do
    pid=$(cat "$f"); cls=$(class_of "$f")
    if runs "$pid" "$cls"; then
      # the executors this worker started: stopped with it (its shutdown hook kills them), else below
      for e in $(ps -A -o pid= -o ppid= | awk -v p="$pid" '$2 == p { print $1 }'); do
        runs "$e" "$EXECUTOR_CLASS" && executors+=("$e")
      done
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      say "stopping $(basename "$f" .pid) (pid $pid)"
    elif [ -n "$(args_of "$pid")" ]; then
      say "$(basename "$f" .pid): pid $pid is no longer ours ($(args_of "$pid" | cut -c1-60)...), left alone"
    fi
  done
  wait_gone "$grace" ${pids[@]+"${pids[@]}"} ${executors[@]+"${executors[@]}"} || {
    for pid in ${pids[@]+"${pids[@]}"} ${executors[@]+"${executors[@]}"}; do
      if [ -n "$(args_of "$pid")" ]; then say "pid $pid still running after ${grace}s: KILL"; kill -KILL "$pid" 2>/dev/null || true; fi
    done
    wait_gone 10 ${pids[@]+"${pids[@]}"} ${executors[@]+"${executors[@]}"} || die "could not stop: $(for p in "${pids[@]}"; do [ -n "$(args_of "$p")" ] && printf '%s ' "$p"; done)"
  }
  rm -f "$state"/*.pid
  [ "${#pids[@]}" -gt 0 ] && say "stopped" || say "nothing was running"
}

# Waits up to SECONDS for the PIDs to exit; fails if some still run.
wait_gone() {
  local seconds=$1 deadline p left
  shift
  deadline=$(( $(date +%s) + seconds ))
  while :; do
    left=0
    for p in "$@"; do
      # a zombie (not reaped by its parent yet) has exited
      case "$(ps -p "$p" -o stat= 2>/dev/null || true)" in ''|Z*) ;; *) left=1 ;; esac
    done
    [ "$left" = 0 ] && return 0
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

start() {
  if status >/dev/null 2>&1; then
    say "already running"; status; return 0
  fi
  if [ -n "$(pidfiles)" ]; then
    say "PIDs of an earlier cluster in $state, not all running: stopping what runs of it first"
    stop
  fi
  local jdk
  jdk=$(find_jdk) || die "needs Java 25 or newer (set JAVA_HOME)"
  export JAVA_HOME="$jdk"
  # Every build of the module (./tcplens spark builds it when its POM changes) writes both files.
  if [ ! -f "$target/spark-classpath.txt" ] || [ ! -f "$target/jvm.options" ]; then
    say "building tcplens-spark (its classpath and JVM options)..."
    (cd "$here" && ./mvnw -q -B -DskipTests package -pl tcplens-spark -am >"$here/tcplens-spark/build.log" 2>&1) \
      || { tail -n 20 "$here/tcplens-spark/build.log" >&2; die "build failed; see $here/tcplens-spark/build.log"; }
  fi
  local port mport mweb i cp opts=() wports=()
  choose_port SPARK_MASTER_PORT "${SPARK_MASTER_PORT:-}" 7077; mport=$port
  choose_port SPARK_MASTER_WEBUI_PORT "${SPARK_MASTER_WEBUI_PORT:-}" 8080; mweb=$port
  for i in $(seq 1 "$workers"); do
    if [ -n "${SPARK_WORKER_WEBUI_PORT:-}" ]; then
      case "$SPARK_WORKER_WEBUI_PORT" in *[!0-9]*) die "SPARK_WORKER_WEBUI_PORT=$SPARK_WORKER_WEBUI_PORT is not a port number" ;; esac
      choose_port "SPARK_WORKER_WEBUI_PORT (+$((i - 1)) for worker $i)" $((SPARK_WORKER_WEBUI_PORT + i - 1)) 0
    else
      choose_port "worker $i web UI" "" $((8080 + i))
    fi
    wports+=("$port")
  done
  mkdir -p "$state"
  rm -f "$state"/*.log
  # A Spark home whose jars/ the workers put on their executors' classpath, as a distribution's.
  rm -rf "$state/spark-home"
  mkdir -p "$state/spark-home/jars"
  cp=$(cat "$target/spark-classpath.txt")
  local IFS_=$IFS jar
  IFS=:
  for jar in $cp; do ln -s "$jar" "$state/spark-home/jars/$(basename "$jar")"; done
  IFS=$IFS_
  read -r -a opts <"$target/jvm.options" || [ "${#opts[@]}" -gt 0 ]
  # Spark's launcher code (which builds the executors' command) asks a distribution's Scala version,
  # which bin/load-spark-env.sh sets: that of the spark-core jar.
  local scala
  scala=$(tr ':' '\n' <"$target/spark-classpath.txt" | sed -n 's|.*/spark-core_\([0-9.]*\)-[^/]*\.jar$|\1|p' | head -n 1)
  [ -n "$scala" ] || die "no spark-core jar in $target/spark-classpath.txt"
  export SPARK_HOME="$state/spark-home" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION="$scala"
  # Spark's web UIs bind to SPARK_LOCAL_IP; the RPC endpoints to --host.
  # shellcheck disable=SC2206
  opts+=(-Xmx"$heap" ${SPARK_DAEMON_JAVA_OPTS:-})
  nohup "$JAVA_HOME/bin/java" "${opts[@]}" -cp "$cp" $MASTER_CLASS \
    --host 127.0.0.1 --port "$mport" --webui-port "$mweb" </dev/null >"$state/master.log" 2>&1 &
  echo $! >"$state/master.pid"
  printf 'MASTER_PORT=%s\nMASTER_WEBUI_PORT=%s\nWORKER_WEBUI_PORTS="%s"\n' "$mport" "$mweb" "${wports[*]}" >"$state/ports"
  echo "spark://127.0.0.1:$mport" >"$state/master-url"
  for i in $(seq 1 "$workers"); do
    mkdir -p "$state/worker-$i"
    nohup "$JAVA_HOME/bin/java" "${opts[@]}" -cp "$cp" $WORKER_CLASS \
      --host 127.0.0.1 --cores "$cores" --memory "$memory" --work-dir "$state/worker-$i" \
      --webui-port "${wports[$((i - 1))]}" "spark://127.0.0.1:$mport" </dev/null >"$state/worker-$i.log" 2>&1 &
    echo $! >"$state/worker-$i.pid"
  done
  local deadline n f
  deadline=$(( $(date +%s) + timeout ))
  while :; do
    n=$(alive_workers "$mweb" || true)
    [ -n "$n" ] && [ "$n" -ge "$workers" ] && break
    for f in $(pidfiles); do
      if ! runs "$(cat "$f")" "$(class_of "$f")"; then
        say "$(basename "$f" .pid) exited; the end of $state/$(basename "$f" .pid).log:"
        tail -n 20 "$state/$(basename "$f" .pid).log" >&2 || true
        stop; exit 1
      fi
    done
    if [ "$(date +%s)" -ge "$deadline" ]; then
      say "the master reports ${n:-no} alive workers of $workers after ${timeout}s; logs in $state"
      stop; exit 1
    fi
    sleep 0.5
  done
  say "spark://127.0.0.1:$mport up with $workers workers ($cores core(s), $memory each); web UI http://127.0.0.1:$mweb; state in $state"
  echo "spark://127.0.0.1:$mport"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status   (see the comment at the top of the script)" >&2; exit 2 ;;
esac
