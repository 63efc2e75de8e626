#!/usr/bin/env python3
"""Makes the loopback HTTP captures in testdata/captures/http-*.pcap (run as root, from the repo root).

Each scenario starts a small python3 HTTP server on 127.0.0.1, captures it with
`tcpdump -i lo -w FILE port N`, drives it with curl or a raw socket, and stops.
"""
import http.server, os, socket, socketserver, subprocess, sys, threading, time

OUT = sys.argv[1] if len(sys.argv) > 1 else "testdata/captures"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 2                      # idle keep-alive timeout: the server closes after 2 s
    ignore_close = False

    def log_message(self, *a):
        pass

    def _body(self, code, body, extra=()):
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        if code not in (204, 304):
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Keep-Alive", "timeout=2, max=100")
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD" and code not in (204, 304):
            self.wfile.write(body)

    def do_GET(self):
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Trailer", "X-Sum")
            self.end_headers()
            for part in (b"hello ", b"chunked ", b"world"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\nX-Sum: 19\r\n\r\n")
        elif self.path == "/204":
            self._body(204, b"")
        elif self.path == "/304":
            self._body(304, b"")
        else:
            self._body(200, b'{"path": "%s"}\n' % self.path.encode())
        if self.ignore_close:
            self.close_connection = False

    do_HEAD = do_GET

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(n)
        self._body(200, b"got %d bytes\n" % len(data))


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(port, handler):
    srv = Server(("127.0.0.1", port), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def capture(name, port, drive):
    path = os.path.join(OUT, name)
    dump = subprocess.Popen(["tcpdump", "-i", "lo", "--immediate-mode", "-U", "-s", "0", "-w", path, "tcp port %d" % port],
                            stderr=subprocess.PIPE)
    time.sleep(1.0)
    drive()
    time.sleep(1.5)
    dump.terminate()
    err = dump.communicate()[1].decode()
    print(name, " ".join(err.split()[-12:]))


def raw(port, chunks, wait_close=True, pause=0.0):
    s = socket.create_connection(("127.0.0.1", port))
    for c in chunks:
        s.sendall(c)
        time.sleep(pause)
    s.settimeout(10)
    got = b""
    while True:
        try:
            d = s.recv(65536)
        except socket.timeout:
            break
        if not d:
            break
        got += d
        if not wait_close and got.count(b"HTTP/1.") >= len(chunks):
            break
    s.close()
    return got


def curl(*args):
    subprocess.run(["curl", "-s", "-o", "/dev/null"] + list(args), check=True)


def main():
    # 1. Keep-alive: two requests on one connection, then the server closes after its 2 s idle timeout.
    srv = serve(18081, Handler)
    capture("http-keepalive-timeout.pcap", 18081, lambda: raw(18081, [
        b"GET /json HTTP/1.1\r\nHost: 127.0.0.1:18081\r\nUser-Agent: raw\r\n\r\n",
        b"GET /chunked HTTP/1.1\r\nHost: 127.0.0.1:18081\r\n\r\n"], pause=0.3))
    # 2. curl with Connection: close, HEAD, 204, 304, POST, each on its own connection.
    capture("http-curl-variety.pcap", 18081, lambda: (
        curl("-H", "Connection: close", "http://127.0.0.1:18081/close"),
        curl("-I", "http://127.0.0.1:18081/head"),
        curl("http://127.0.0.1:18081/204", "http://127.0.0.1:18081/304"),
        curl("--data-binary", "x" * 3000, "http://127.0.0.1:18081/post"),
        curl("--http1.0", "http://127.0.0.1:18081/ten")))
    # 3. Pipelining: three requests in one write; the last says close.
    capture("http-pipelining.pcap", 18081, lambda: raw(18081, [
        b"GET /p1 HTTP/1.1\r\nHost: h\r\n\r\nGET /p2 HTTP/1.1\r\nHost: h\r\n\r\n"
        b"GET /p3 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"]))
    srv.shutdown()
    # 4. A server that ignores the client's Connection: close and keeps the connection open until its idle timeout.
    class Ignoring(Handler):
        ignore_close = True
    srv = serve(18082, Ignoring)
    capture("http-close-ignored.pcap", 18082, lambda: raw(18082, [
        b"GET /bye HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"]))
    srv.shutdown()
    # 5. HTTP/1.0 python server: closes after every response (server FIN first).
    class Ten(Handler):
        protocol_version = "HTTP/1.0"
    srv = serve(18083, Ten)
    capture("http-10-server-close.pcap", 18083, lambda: curl("http://127.0.0.1:18083/json"))
    srv.shutdown()


if __name__ == "__main__":
    main()
