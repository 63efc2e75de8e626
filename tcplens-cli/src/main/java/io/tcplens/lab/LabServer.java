package io.tcplens.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately plain HTTP/1.1 server on loopback: a {@link ServerSocket}, one thread per
 * connection, blocking reads and writes, so every TCP event in a capture has an obvious cause
 * in this file.
 *
 * <ul>
 *   <li>Each response is written with one write() call: status line, headers and body.</li>
 *   <li>A request with {@code Connection: close} (or HTTP/1.0 without keep-alive) gets its
 *       response and then the server closes: the server sends the first FIN.</li>
 *   <li>Otherwise the connection stays open, advertised with {@code Keep-Alive: timeout=N}; if
 *       no further request arrives within the idle timeout the server closes it (active close,
 *       so the server's side ends in TIME_WAIT).</li>
 *   <li>When the client closes first (EOF on read) the server closes too (passive close).</li>
 *   <li>GET /json answers a small JSON document; GET /bytes/N answers N bytes; anything else, 404.</li>
 * </ul>
 */
public final class LabServer implements AutoCloseable {
    private final ServerSocket listener;
    private final LabSettings settings;
    private final Thread acceptor;
    private final List<Thread> handlers = new CopyOnWriteArrayList<>();
    private final List<LabNote> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closing;

    public LabServer(LabSettings settings) throws IOException {
        this.settings = settings;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("lab-server-accept").start(this::acceptLoop);
    }

    public int port() { return listener.getLocalPort(); }

    /** What the server did, one line per step (for the lab's narrative). */
    public List<LabNote> log() { return List.copyOf(log); }

    private void note(java.time.Instant at, String en, String zh) { log.add(new LabNote(at, true, en, zh)); }

    private void note(String en, String zh) { note(java.time.Instant.now(), en, zh); }

    private void acceptLoop() {
        while (!closing) {
            try {
                Socket s = listener.accept();
                int id = connections.incrementAndGet();
                Thread t = Thread.ofPlatform().daemon().name("lab-server-conn-" + id).unstarted(() -> serve(s, id));
                handlers.add(t);
                t.start();
            } catch (IOException e) {
                if (!closing) note("accept failed: " + e.getMessage(), "accept() 失败：" + e.getMessage());
                return;
            }
        }
    }

    private void serve(Socket s, int id) {
        String who = "conn " + id + ": ";
        String whoZh = "连接 " + id + "：";
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int idle = (int) settings.idleTimeout().toMillis();
            int served = 0;
            while (true) {
                s.setSoTimeout(served == 0 ? (int) settings.timeLimit().toMillis() : idle);
                Request req;
                try {
                    req = Request.read(in);
                } catch (SocketTimeoutException e) {
                    note(who + "idle for " + idle + " ms after the last response: closing (server sends the first FIN)",
                            whoZh + "响应之后空闲了 " + idle + " 毫秒：关闭连接（服务器先发 FIN，主动关闭）");
                    return;
                }
                if (req == null) {
                    note(who + "client closed its side (EOF): closing too", whoZh + "客户端关闭了它的发送方向（读到 EOF）：服务器也关闭");
                    return;
                }
                served++;
                if (!settings.responseDelay().isZero()) {
                    try {
                        Thread.sleep(settings.responseDelay());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                boolean close = req.wantsClose();
                byte[] response = respond(req, close);
                java.time.Instant at = java.time.Instant.now();   // before the write: the client may have it before write() returns
                out.write(response);
                out.flush();
                note(at, who + "answered " + req.method + " " + req.target + " with " + response.length + " bytes"
                                + (close ? ", Connection: close" : ", keep-alive"),
                        whoZh + "响应 " + req.method + " " + req.target + "，共 " + response.length + " 字节"
                                + (close ? "，Connection: close" : "，keep-alive（长连接）"));
                if (close) {
                    note(who + "closing after the response (Connection: close)", whoZh + "发完响应后关闭连接（Connection: close）");
                    return;
                }
            }
        } catch (SocketException e) {
            note(who + "connection ended: " + e.getMessage(), whoZh + "连接结束：" + e.getMessage());
        } catch (IOException e) {
            note(who + "error: " + e.getMessage(), whoZh + "出错：" + e.getMessage());
        }
    }

    private byte[] respond(Request req, boolean close) {
        int status = 200;
        String type = "application/json";
        byte[] body;
        if (req.target.equals("/json") || req.target.startsWith("/json?")) {
            body = json(settings.responseBytes());
        } else if (req.target.startsWith("/bytes/")) {
            int n;
            try {
                n = Math.min(LabSettings.MAX_RESPONSE_BYTES, Integer.parseInt(req.target.substring(7)));
            } catch (NumberFormatException e) {
                n = 0;
            }
            body = new byte[Math.max(0, n)];
            for (int i = 0; i < body.length; i++) body[i] = (byte) ('a' + i % 26);
            type = "application/octet-stream";
        } else {
            status = 404;
            type = "text/plain";
            body = "not found\n".getBytes(StandardCharsets.US_ASCII);
        }
        if (req.method.equals("HEAD")) body = new byte[0];
        StringBuilder h = new StringBuilder();
        h.append("HTTP/1.1 ").append(status).append(status == 200 ? " OK" : " Not Found").append("\r\n");
        h.append("Server: tcplens-lab\r\n");
        h.append("Content-Type: ").append(type).append("\r\n");
        h.append("Content-Length: ").append(body.length).append("\r\n");
        if (close) {
            h.append("Connection: close\r\n");
        } else {
            h.append("Connection: keep-alive\r\n");
            h.append("Keep-Alive: timeout=").append(Math.max(1, settings.idleTimeout().toSeconds())).append("\r\n");
        }
        h.append("\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** The httpbin-like /json document of the seed article, padded to {@code size} bytes if asked. */
    static byte[] json(int size) {
        String doc = "{\n  \"slideshow\": {\n    \"author\": \"Yours Truly\",\n    \"date\": \"date of publication\",\n"
                + "    \"title\": \"Sample Slide Show\"\n  }\n}\n";
        if (size <= doc.length()) return doc.getBytes(StandardCharsets.US_ASCII);
        StringBuilder sb = new StringBuilder(size);
        sb.append("{\"padding\":\"");
        while (sb.length() < size - 3) sb.append((char) ('a' + sb.length() % 26));
        sb.append("\"}\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Waits until every connection handler has finished (the server closed its sockets). */
    public boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread t : handlers) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            if (!t.join(java.time.Duration.ofNanos(left))) return false;
        }
        return true;
    }

    public int connections() { return connections.get(); }

    @Override
    public void close() throws IOException {
        closing = true;
        listener.close();
    }

    /** One parsed request: method, target, version, the headers that matter. */
    static final class Request {
        final String method, target, version;
        final String connection;

        private Request(String method, String target, String version, String connection) {
            this.method = method;
            this.target = target;
            this.version = version;
            this.connection = connection;
        }

        boolean wantsClose() {
            String c = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
            if (c.contains("close")) return true;
            return version.equals("HTTP/1.0") && !c.contains("keep-alive");
        }

        /** Reads one request (head and Content-Length body); null at a clean EOF before it starts. */
        static Request read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream(256);
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    if (head.size() == 0) return null;
                    throw new IOException("connection closed in the middle of a request");
                }
                head.write(b);
                if (head.size() > 64 * 1024) throw new IOException("request head too large");
                state = switch (state) {
                    case 0, 2 -> b == '\r' ? state + 1 : 0;
                    case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
                    default -> 0;
                };
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            String[] first = lines[0].split(" ");
            if (first.length < 3) throw new IOException("bad request line: " + lines[0]);
            String connection = null;
            long contentLength = 0;
            List<String> rest = new ArrayList<>(List.of(lines).subList(1, lines.length));
            for (String l : rest) {
                int colon = l.indexOf(':');
                if (colon <= 0) continue;
                String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = l.substring(colon + 1).trim();
                if (name.equals("connection")) connection = value;
                if (name.equals("content-length")) {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IOException("bad Content-Length: " + value);
                    }
                }
            }
            for (long i = 0; i < contentLength; i++) {
                if (in.read() < 0) throw new IOException("connection closed in the middle of a request body");
            }
            return new Request(first[0], first[1], first[2], connection);
        }
    }

}
