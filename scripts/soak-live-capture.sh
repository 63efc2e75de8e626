#!/bin/bash
# Live-capture soak (issue 13 item 4): loopback traffic from a load generator of its own (bounded
# rate) for SECONDS (default 60); meanwhile tcplens capture runs again and again and gets SIGTERM at
# a random moment each time. Every -w file must be readable by tcplens and by tcpdump -r, hold
# exactly the packets tcplens says it captured, and the run must exit 0; every --events --conns run
# must end with its connection table. Needs root. Usage: scripts/soak-live-capture.sh [SECONDS] [RATE/s]
set -u -m
cd "$(dirname "$0")/.."
SECONDS_WANTED=${1:-60}; RATE=${2:-200}
J=$(./tcplens --version >/dev/null 2>&1; ls -d /usr/lib/jvm/temurin-25-jdk-amd64 2>/dev/null || echo "$JAVA_HOME")
JAR=tcplens-cli/target/tcplens.jar
T=$(mktemp -d); trap 'kill $GEN 2>/dev/null; rm -rf "$T"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$T/gen.py" <<'PY'
import socket, sys, threading, time
port, rate, dur = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port)); srv.listen(256)
def serve():
    while True:
        c, _ = srv.accept()
        try:
            c.recv(2000); c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 4000\r\nConnection: close\r\n\r\n" + b"x" * 4000)
        finally:
            c.close()
threading.Thread(target=serve, daemon=True).start()
end = time.time() + dur; n = 0
while time.time() < end:
    t0 = time.time()
    s = socket.create_connection(("127.0.0.1", port)); s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    while s.recv(65536): pass
    s.close(); n += 1
    time.sleep(max(0, 1.0 / rate - (time.time() - t0)))
print(n)
PY
python3 "$T/gen.py" "$PORT" "$RATE" "$SECONDS_WANTED" > "$T/gen.out" & GEN=$!
runs=0; bad=0; pk_said=0; pk_file=0; ev_runs=0; ev_bad=0
while kill -0 $GEN 2>/dev/null; do
  runs=$((runs + 1)); f="$T/r$runs.pcap"
  events=$(( runs % 3 == 0 ))
  if [ $events = 1 ]; then
    "$J/bin/java" --enable-native-access=ALL-UNNAMED -jar $JAR capture -i lo -w "$f" --print --events --conns "tcp port $PORT" > "$T/r$runs.out" 2> "$T/r$runs.err" & P=$!
  else
    "$J/bin/java" --enable-native-access=ALL-UNNAMED -jar $JAR capture -i lo -w "$f" "tcp port $PORT" > /dev/null 2> "$T/r$runs.err" & P=$!
  fi
  sleep "$(python3 -c 'import random; print(round(random.uniform(1.5, 6), 2))')"
  kill -TERM $P; wait $P; rc=$?
  said=$(sed -n 's/^\([0-9]*\) packets\{0,1\} captured$/\1/p' "$T/r$runs.err")
  infile=$(tcpdump -r "$f" 2>/dev/null | wc -l); tdrc=$(tcpdump -r "$f" > /dev/null 2>&1; echo $?)
  ours=$(./tcplens dump -r "$f" 2>/dev/null | wc -l)
  dropped=$(sed -n 's/^\([0-9]*\) packets\{0,1\} dropped by kernel$/\1/p' "$T/r$runs.err")
  pk_said=$((pk_said + ${said:-0})); pk_file=$((pk_file + infile))
  ok=yes
  [ "$rc" = 0 ] && [ "$tdrc" = 0 ] && [ "${said:-x}" = "$infile" ] && [ "$ours" = "$infile" ] && [ "${dropped:-x}" = 0 ] || ok=no
  if [ $events = 1 ] && [ "${said:-0}" -gt 0 ]; then   # a run after the load ended sees no connection
    ev_runs=$((ev_runs + 1))
    grep -q ' opened: ' "$T/r$runs.out" && grep -Eq '^stream +client +server' "$T/r$runs.out" || { ev_bad=$((ev_bad + 1)); ok=no; }
  fi
  [ $ok = yes ] || bad=$((bad + 1))
  echo "run $runs: exit $rc, said $said captured, $dropped dropped; file: $infile (tcpdump -r exit $tdrc), tcplens dump $ours; events run: $events; ok=$ok"
done
echo "soak: $(cat "$T/gen.out") requests in ${SECONDS_WANTED} s; $runs captures stopped by SIGTERM; $bad bad;" \
     "packets said captured $pk_said, in the files $pk_file; --events/--conns runs $ev_runs, incomplete $ev_bad"
[ $bad = 0 ]
