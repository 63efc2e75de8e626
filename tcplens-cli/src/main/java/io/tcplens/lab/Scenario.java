package io.tcplens.lab;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;

/** The classic experiments the lab can run. Each drives {@link LabClient} against {@link LabServer}. */
public enum Scenario {
    GET("One GET of a small JSON document, then the client closes (like curl http://host/json).") {
        @Override
        void client(LabClient c, int port) throws IOException {
            Socket s = c.connect(port);
            c.send(s, LabClient.request(port, "/json", null), "GET /json");
            c.readResponse(s);
            c.close(s, "done, like curl: the client sends the first FIN");
        }
    },
    KEEPALIVE("HTTP keep-alive with TCP keep-alive probes: the client probes every second while idle; "
            + "the server closes the idle connection after its timeout (server ends in TIME_WAIT).") {
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
            + "(its FIN rides on the last data segment where the stack merges them).") {
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
    PIPELINE("Several requests sent back to back in one write on one connection; the responses come back in order.") {
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
            + "still sends the response, then closes.") {
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
    RESET("The client reads the response and aborts with SO_LINGER 0: RST instead of FIN.") {
        @Override
        void client(LabClient c, int port) throws IOException {
            Socket s = c.connect(port);
            c.send(s, LabClient.request(port, "/json", null), "GET /json");
            c.readResponse(s);
            c.abort(s);
        }
    },
    REFUSED("A SYN to a port where nothing listens: the kernel answers RST/ACK and connect() fails.") {
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

    Scenario(String description) {
        this.description = description;
    }

    public String description() { return description; }

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
