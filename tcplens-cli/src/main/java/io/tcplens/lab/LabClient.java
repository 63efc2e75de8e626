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
    private final List<String> log = new CopyOnWriteArrayList<>();

    public LabClient(LabSettings settings) {
        this.settings = settings;
    }

    public List<String> log() { return List.copyOf(log); }

    LabSettings settings() { return settings; }

    java.time.Duration settingsReadDelay() { return settings.readDelay(); }

    void note(String s) { note(java.time.Instant.now(), s); }

    /** Records a step that happened at {@code at} (taken before building the text, which can be slow the first time). */
    void note(java.time.Instant at, String s) { log.add(Lab.stamp(at, "client: " + s)); }

    /** Opens a connection to 127.0.0.1:port, applying the receive buffer before the handshake. */
    Socket connect(int port) throws IOException {
        Socket s = new Socket();
        if (settings.clientReceiveBuffer() > 0) s.setReceiveBufferSize(settings.clientReceiveBuffer());
        s.setSoTimeout((int) settings.timeLimit().toMillis());
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) settings.timeLimit().toMillis());
        note("connected from port " + s.getLocalPort());
        return s;
    }

    /** Turns on TCP keep-alive probes: SO_KEEPALIVE with TCP_KEEPIDLE/TCP_KEEPINTERVAL/TCP_KEEPCOUNT. */
    void enableKeepAlive(Socket s) throws IOException {
        s.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        s.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, (int) settings.keepIdle().toSeconds());
        s.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, (int) settings.keepInterval().toSeconds());
        s.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, settings.keepCount());
        note("TCP keep-alive on: first probe after " + settings.keepIdle().toSeconds() + " s idle, then every "
                + settings.keepInterval().toSeconds() + " s, give up after " + settings.keepCount() + " unanswered");
    }

    static byte[] request(int port, String target, String connection) {
        String r = "GET " + target + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "User-Agent: tcplens-lab\r\n"
                + "Accept: */*\r\n"
                + (connection != null ? "Connection: " + connection + "\r\n" : "")
                + "\r\n";
        return r.getBytes(StandardCharsets.US_ASCII);
    }

    void send(Socket s, byte[] bytes, String what) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(bytes);
        out.flush();
        java.time.Instant at = java.time.Instant.now();
        note(at, "sent " + what + " (" + bytes.length + " bytes)");
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
        note(at, "received \"" + status + "\" with a " + length + "-byte body");
        return status;
    }

    /** Blocks until the server closes its side; true on EOF. */
    boolean awaitEof(Socket s) throws IOException {
        long start = System.nanoTime();
        int n = s.getInputStream().read();
        java.time.Instant at = java.time.Instant.now();
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (n < 0) {
            note(at, "read EOF after " + ms + " ms: the server closed the connection");
            return true;
        }
        note("unexpected data after the response");
        return false;
    }

    void close(Socket s, String why) throws IOException {
        s.close();
        java.time.Instant at = java.time.Instant.now();
        note(at, "closed the socket (" + why + ")");
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
            note("curl is not installed: using the lab's own client");
            return false;
        }
        String url = "http://127.0.0.1:" + port + target;
        Process p = new ProcessBuilder("curl", "-s", "-S", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
                "--max-time", String.valueOf(Math.max(1, settings.timeLimit().toSeconds() - 1)), url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            int rc = p.waitFor();
            note("curl " + url + " -> " + out + (rc != 0 ? " (exit " + rc + ")" : "") + "; curl closes first");
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** Closes with SO_LINGER 0: the kernel discards the connection and sends RST instead of FIN. */
    void abort(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
        java.time.Instant at = java.time.Instant.now();
        note(at, "aborted the connection: SO_LINGER 0 then close(), so the kernel sends RST");
    }
}
