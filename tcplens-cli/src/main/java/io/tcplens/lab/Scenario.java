package io.tcplens.lab;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;

/** The classic experiments the lab can run. Each drives {@link LabClient} against {@link LabServer}. */
public enum Scenario {
    GET("One GET of a small JSON document, then the client closes (like curl http://host/json).", "Three-way handshake [S], [S.], [.]; the request [P.] and its ACK; the response [P.] and its ACK; then the client's [F.] (curl closes first, so the client ends in TIME_WAIT), the server's [F.] and the last [.].") {
        @Override
        void client(LabClient c, int port) throws IOException {
            if (c.settings().curl() && c.curl(port, "/json")) return;
            Socket s = c.connect(port);
            c.send(s, LabClient.request(port, "/json", null), "GET /json");
            c.readResponse(s);
            c.close(s, "done, like curl: the client sends the first FIN");
        }
    },
    KEEPALIVE("HTTP keep-alive with TCP keep-alive probes: the client probes every second while idle; "
            + "the server closes the idle connection after its timeout (server ends in TIME_WAIT).", "After the response the connection sits idle. Every second the client sends a bare [.] whose seq is one below what it already sent (a TCP keep-alive probe; Wireshark: \"TCP Keep-Alive\") and the server answers with an ACK (\"TCP Keep-Alive ACK\"). When the server's idle timeout (its Keep-Alive: timeout=N header) runs out, the server sends [F.] first: it does the active close and ends in TIME_WAIT; the client reads EOF and answers with its own [F.].") {
        @Override
        void client(LabClient c, int port) throws IOException {
            Socket s = c.connect(port);
            c.enableKeepAlive(s);
            c.send(s, LabClient.request(port, "/json", "keep-alive"), "GET /json, Connection: keep-alive");
            c.readResponse(s);
            c.note("idle, waiting for the server to close the connection");
            c.awaitEof(s);
            c.close(s, "after EOF: the client's FIN answers the server's");
        }
    },
    CLOSE("The request says Connection: close; the server sends the body and closes "
            + "(its FIN rides on the last data segment where the stack merges them).", "The request carries Connection: close. The client's small receive window makes the response queue up in the server's kernel, so the FIN that close() adds goes out on the last data segment: [FP.]. The server closed first, so it ends in TIME_WAIT.") {
        @Override
        void client(LabClient c, int port) throws IOException {
            Socket s = c.connect(port);
            c.send(s, LabClient.request(port, "/json", "close"), "GET /json, Connection: close");
            pause(c.settingsReadDelay());
            c.readResponse(s);
            c.awaitEof(s);
            c.close(s, "after EOF");
        }

        @Override
        public LabSettings adjust(LabSettings s) {
            // A small client window makes the response queue up in the server's kernel, so the
            // FIN from close() is appended to the last queued data segment: [FP.].
            LabSettings t = s.responseBytes() == 0 ? s.withResponseBytes(16 * 1024) : s;
            return t.clientReceiveBuffer() == 0 ? t.withClientReceiveBuffer(4096) : t;
        }
    },
    PIPELINE("Several requests sent back to back in one write on one connection; the responses come back in order.", "All the requests travel in one client segment; the server answers them one by one, in order, each response in its own segment, on the same connection.") {
        @Override
        void client(LabClient c, int port) throws IOException {
            Socket s = c.connect(port);
            int n = c.settings().requests();
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < n; i++) all.writeBytes(LabClient.request(port, "/json", null));
            c.send(s, all.toByteArray(), n + " pipelined GET /json requests in one write");
            for (int i = 0; i < n; i++) c.readResponse(s);
            c.close(s, "all responses read");
        }
    },
    HALF_CLOSE("The client sends its request and shuts down its sending side (FIN) at once; the server "
            + "still sends the response, then closes.", "The client's [F.] comes right after its request, before any response: it only says \"I will send no more\". The server, still reading, gets EOF after the request, sends the response anyway (the client can still receive), then closes its side with its own [F.].") {
        @Override
        void client(LabClient c, int port) throws IOException {
            Socket s = c.connect(port);
            c.send(s, LabClient.request(port, "/json", null), "GET /json");
            s.shutdownOutput();
            c.note("shutdownOutput(): FIN sent, the client can still receive");
            c.readResponse(s);
            c.awaitEof(s);
            c.close(s, "after EOF");
        }

        @Override
        public LabSettings adjust(LabSettings s) {
            // The server takes a moment over the request, so the client's FIN arrives before the response.
            return s.responseDelay().isZero() ? s.withResponseDelay(java.time.Duration.ofMillis(100)) : s;
        }
    },
    RESET("The client reads the response and aborts with SO_LINGER 0: RST instead of FIN.", "Instead of [F.] the client sends [R.]: SO_LINGER 0 makes close() abort the connection. There is no FIN exchange and no TIME_WAIT; the server's next read fails with \"Connection reset\".") {
        @Override
        void client(LabClient c, int port) throws IOException {
            Socket s = c.connect(port);
            c.send(s, LabClient.request(port, "/json", null), "GET /json");
            c.readResponse(s);
            c.abort(s);
        }
    },
    REFUSED("A SYN to a port where nothing listens: the kernel answers RST/ACK and connect() fails.", "Only two packets: the client's [S] and the kernel's [R.] with ack = the SYN's seq + 1 and win 0, because nothing listens on the port. connect() fails with \"Connection refused\".") {
        @Override
        void client(LabClient c, int port) throws IOException {
            try (Socket s = new Socket()) {
                s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                c.note("unexpectedly connected to port " + port);
            } catch (ConnectException e) {
                c.note("connect() to port " + port + " failed: " + e.getMessage());
            }
        }

        @Override
        public boolean needsServer() { return false; }
    };

    private final String description;
    private final String lookFor;

    Scenario(String description, String lookFor) {
        this.description = description;
        this.lookFor = lookFor;
    }

    public String description() { return description; }

    /** What the capture should show, in words: the explanation until the analyzer's explain output lands. */
    public String lookFor() { return lookFor; }

    /** The name on the command line: get, keepalive, close, pipeline, half-close, reset, refused. */
    public String cliName() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    public static Scenario fromCliName(String name) {
        for (Scenario s : values()) if (s.cliName().equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) return s;
        throw new IllegalArgumentException("unknown scenario '" + name + "'");
    }

    abstract void client(LabClient c, int port) throws IOException;

    /** Scenario-specific defaults applied on top of the user's settings. */
    public LabSettings adjust(LabSettings s) { return s; }

    public boolean needsServer() { return true; }

    /** A loopback port where nothing listens (bound, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return ss.getLocalPort();
        }
    }

    static void pause(java.time.Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
