package io.tcplens.lab;

import jdk.net.ExtendedSocketOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/** The lab's HTTP client: plain blocking sockets, every option and close visible in the code. */
public final class LabClient {
    private final LabSettings settings;
    private final List<LabNote> log = new CopyOnWriteArrayList<>();

    public LabClient(LabSettings settings) {
        this.settings = settings;
    }

    /** What the client did, in order. */
    public List<LabNote> log() { return List.copyOf(log); }

    LabSettings settings() { return settings; }

    java.time.Duration settingsReadDelay() { return settings.readDelay(); }

    void note(String en, String zh) { note(java.time.Instant.now(), en, zh); }

    /** Records a step that happened at {@code at} (taken before building the text, which can be slow the first time). */
    void note(java.time.Instant at, String en, String zh) { log.add(new LabNote(at, false, en, zh)); }

    /** Opens a connection to 127.0.0.1:port, applying the receive buffer before the handshake. */
    Socket connect(int port) throws IOException {
        Socket s = new Socket();
        if (settings.clientReceiveBuffer() > 0) s.setReceiveBufferSize(settings.clientReceiveBuffer());
        s.setSoTimeout((int) settings.timeLimit().toMillis());
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) settings.timeLimit().toMillis());
        note("connected from port " + s.getLocalPort(), "从端口 " + s.getLocalPort() + " 连接成功（三次握手完成）");
        return s;
    }

    /** Turns on TCP keep-alive probes: SO_KEEPALIVE with TCP_KEEPIDLE/TCP_KEEPINTERVAL/TCP_KEEPCOUNT. */
    void enableKeepAlive(Socket s) throws IOException {
        s.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        s.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, (int) settings.keepIdle().toSeconds());
        s.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, (int) settings.keepInterval().toSeconds());
        s.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, settings.keepCount());
        note("TCP keep-alive on: first probe after " + settings.keepIdle().toSeconds() + " s idle, then every "
                + settings.keepInterval().toSeconds() + " s, give up after " + settings.keepCount() + " unanswered",
                "打开 TCP 保活（SO_KEEPALIVE）：空闲 " + settings.keepIdle().toSeconds() + " 秒后发出第一个保活探测，之后每 "
                + settings.keepInterval().toSeconds() + " 秒一个，连续 " + settings.keepCount() + " 个无应答则放弃");
    }

    static byte[] request(int port, String target, String connection) {
        return request(port, target, connection, "tcplens-lab");
    }

    /** A GET as curl sends it: Host, User-Agent, Accept and nothing else. */
    static byte[] curlRequest(int port, String target) {
        return request(port, target, null, "curl/7.88.1");
    }

    static byte[] request(int port, String target, String connection, String userAgent) {
        String r = "GET " + target + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "User-Agent: " + userAgent + "\r\n"
                + "Accept: */*\r\n"
                + (connection != null ? "Connection: " + connection + "\r\n" : "")
                + "\r\n";
        return r.getBytes(StandardCharsets.US_ASCII);
    }

    void send(Socket s, byte[] bytes, String what) throws IOException {
        send(s, bytes, what, what);
    }

    void send(Socket s, byte[] bytes, String what, String whatZh) throws IOException {
        OutputStream out = s.getOutputStream();
        java.time.Instant at = java.time.Instant.now();   // before the write: the server can answer before it returns
        out.write(bytes);
        out.flush();
        note(at, "sent " + what + " (" + bytes.length + " bytes)", "发送 " + whatZh + "（" + bytes.length + " 字节）");
    }

    /** Reads one response (head, then Content-Length bytes of body); returns the status line. */
    String readResponse(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("server closed before the response ended");
            head.write(b);
            state = switch (state) {
                case 0, 2 -> b == '\r' ? state + 1 : 0;
                case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
                default -> 0;
            };
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        long length = 0;
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        byte[] buf = new byte[8192];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new IOException("server closed before the body ended");
            left -= n;
        }
        java.time.Instant at = java.time.Instant.now();
        String status = text.substring(0, text.indexOf("\r\n"));
        note(at, "received \"" + status + "\" with a " + length + "-byte body", "收到响应 \"" + status + "\"，正文 " + length + " 字节");
        return status;
    }

    /** Blocks until the server closes its side; true on EOF. */
    boolean awaitEof(Socket s) throws IOException {
        long start = System.nanoTime();
        int n = s.getInputStream().read();
        java.time.Instant at = java.time.Instant.now();
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (n < 0) {
            note(at, "read EOF after " + ms + " ms: the server closed the connection",
                    "等待 " + ms + " 毫秒后读到 EOF：服务器关闭了连接");
            return true;
        }
        note("unexpected data after the response", "响应之后意外地又收到了数据");
        return false;
    }

    void close(Socket s, String why, String whyZh) throws IOException {
        java.time.Instant at = java.time.Instant.now();   // before close(): the server may see the FIN before it returns
        s.close();
        note(at, "closed the socket (" + why + ")", "关闭套接字（" + whyZh + "）");
    }

    /** Fetches with curl if it is installed; false (after a note) if it is not, so the caller can fall back. */
    boolean curl(int port, String target) throws IOException {
        String path = System.getenv("PATH");
        boolean found = false;
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, "curl"))) { found = true; break; }
            }
        }
        if (!found) {
            note("curl is not installed: using the lab's own client", "没有安装 curl：改用实验自带的客户端");
            return false;
        }
        String url = "http://127.0.0.1:" + port + target;
        Process p = new ProcessBuilder("curl", "-s", "-S", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
                "--max-time", String.valueOf(Math.max(1, settings.timeLimit().toSeconds() - 1)), url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            int rc = p.waitFor();
            note("curl " + url + " -> " + out + (rc != 0 ? " (exit " + rc + ")" : "") + "; curl closes first",
                    "curl " + url + " -> " + out + (rc != 0 ? "（退出码 " + rc + "）" : "") + "；curl 先关闭连接");
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** Closes with SO_LINGER 0: the kernel discards the connection and sends RST instead of FIN. */
    void abort(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        java.time.Instant at = java.time.Instant.now();
        s.close();
        note(at, "aborted the connection: SO_LINGER 0 then close(), so the kernel sends RST",
                "中止连接：设置 SO_LINGER 为 0 后调用 close()，内核发送 RST 而不是 FIN");
    }
}
