package io.tcplens.lab;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;

/** The classic experiments the lab can run. Each drives {@link LabClient} against {@link LabServer}. */
public enum Scenario {
    GET("One GET of a small JSON document, then the client closes (like curl http://host/json).",
            "一次 GET 请求取回一个小 JSON 文档，然后客户端关闭连接（与 curl http://host/json 一样）。",
            "Three-way handshake [S], [S.], [.]; the request [P.] and its ACK; the response [P.] and its ACK; then the client's [F.] (curl closes first, so the client ends in TIME_WAIT), the server's [F.] and the last [.].",
            "三次握手 [S]、[S.]、[.]；请求 [P.] 及其 ACK；响应 [P.] 及其 ACK；然后客户端发出 [F.]（curl 先关闭，是主动关闭方，所以客户端最后处于 TIME_WAIT），服务器回 [F.]，最后一个 [.] 确认。") {
        @Override
        void client(LabClient c, int port) throws IOException {
            if (c.settings().curl() && c.curl(port, "/json")) return;
            Socket s = c.connect(port);
            c.send(s, LabClient.request(port, "/json", null), "GET /json");
            c.readResponse(s);
            c.close(s, "done, like curl: the client sends the first FIN", "完成，与 curl 一样：客户端先发 FIN");
        }
    },
    KEEPALIVE("HTTP keep-alive with TCP keep-alive probes: the client probes every second while idle; "
            + "the server closes the idle connection after its timeout (server ends in TIME_WAIT).",
            "HTTP 长连接（keep-alive）加 TCP 保活探测：空闲时客户端每秒发一个保活探测；服务器在超时后关闭空闲连接（服务器最后处于 TIME_WAIT）。",
            "After the response the connection sits idle. Every second the client sends a bare [.] whose seq is one below what it already sent (a TCP keep-alive probe; Wireshark: \"TCP Keep-Alive\") and the server answers with an ACK (\"TCP Keep-Alive ACK\"). When the server's idle timeout (its Keep-Alive: timeout=N header) runs out, the server sends [F.] first: it does the active close and ends in TIME_WAIT; the client reads EOF and answers with its own [F.].",
            "响应之后连接空闲。客户端每秒发一个不带数据的 [.]，其 seq 比已发送的字节少 1（TCP 保活探测，Wireshark 标为 \"TCP Keep-Alive\"），服务器回一个 ACK（\"TCP Keep-Alive ACK\"）。服务器的空闲超时（响应头 Keep-Alive: timeout=N）一到，服务器先发 [F.]：它是主动关闭方，最后处于 TIME_WAIT；客户端读到 EOF，再发出自己的 [F.]。") {
        @Override
        void client(LabClient c, int port) throws IOException {
            keepAliveGet(c, port);
        }
    },
    CLOSE("The request says Connection: close; the server sends the body and closes "
            + "(its FIN rides on the last data segment where the stack merges them).",
            "请求带 Connection: close；服务器发完正文就关闭（协议栈把 FIN 合并到最后一个数据段上）。",
            "The request carries Connection: close. The client's small receive window makes the response queue up in the server's kernel, so the FIN that close() adds goes out on the last data segment: [FP.]. The server closed first, so it ends in TIME_WAIT.",
            "请求带 Connection: close。客户端的接收窗口很小，响应在服务器内核里排队，于是 close() 加上的 FIN 随最后一个数据段一起发出：[FP.]。服务器先关闭（主动关闭），所以它最后处于 TIME_WAIT。") {
        @Override
        void client(LabClient c, int port) throws IOException {
            closeGet(c, port);
        }

        @Override
        public LabSettings adjust(LabSettings s) {
            // A small client window makes the response queue up in the server's kernel, so the
            // FIN from close() is appended to the last queued data segment: [FP.].
            LabSettings t = s.responseBytes() == 0 ? s.withResponseBytes(16 * 1024) : s;
            return t.clientReceiveBuffer() == 0 ? t.withClientReceiveBuffer(4096) : t;
        }
    },
    PIPELINE("Several requests sent back to back in one write on one connection; the responses come back in order.",
            "在一个连接上用一次 write() 连续发出几个请求（流水线）；响应按顺序返回。",
            "All the requests travel in one client segment; the server answers them one by one, in order, each response in its own segment, on the same connection.",
            "所有请求在客户端的一个报文段里发出；服务器在同一个连接上按顺序逐个响应，每个响应一个报文段。") {
        @Override
        void client(LabClient c, int port) throws IOException {
            Socket s = c.connect(port);
            int n = c.settings().requests();
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < n; i++) all.writeBytes(LabClient.request(port, "/json", null));
            c.send(s, all.toByteArray(), n + " pipelined GET /json requests in one write", "一次 write() 中的 " + n + " 个流水线 GET /json 请求");
            for (int i = 0; i < n; i++) c.readResponse(s);
            c.close(s, "all responses read", "所有响应都已读完");
        }
    },
    HALF_CLOSE("The client sends its request and shuts down its sending side (FIN) at once; the server "
            + "still sends the response, then closes.",
            "客户端发出请求后立即关闭自己的发送方向（FIN，半关闭）；服务器仍然发送响应，然后关闭。",
            "The client's [F.] comes right after its request, before any response: it only says \"I will send no more\". The server, still reading, gets EOF after the request, sends the response anyway (the client can still receive), then closes its side with its own [F.].",
            "客户端的 [F.] 紧跟在请求后面，早于任何响应：它只表示“我不再发送了”（半关闭）。服务器读完请求后读到 EOF，照样发送响应（客户端仍然可以接收），然后用自己的 [F.] 关闭它那一侧。") {
        @Override
        void client(LabClient c, int port) throws IOException {
            Socket s = c.connect(port);
            c.send(s, LabClient.request(port, "/json", null), "GET /json");
            java.time.Instant at = java.time.Instant.now();
            s.shutdownOutput();
            c.note(at, "shutdownOutput(): FIN sent, the client can still receive", "shutdownOutput()：发出 FIN，客户端仍然可以接收");
            c.readResponse(s);
            c.awaitEof(s);
            c.close(s, "after EOF", "读到 EOF 之后");
        }

        @Override
        public LabSettings adjust(LabSettings s) {
            // The server takes a moment over the request, so the client's FIN arrives before the response.
            return s.responseDelay().isZero() ? s.withResponseDelay(java.time.Duration.ofMillis(100)) : s;
        }
    },
    RESET("The client reads the response and aborts with SO_LINGER 0: RST instead of FIN.",
            "客户端读完响应后用 SO_LINGER 0 中止连接：发 RST 而不是 FIN。",
            "Instead of [F.] the client sends [R.]: SO_LINGER 0 makes close() abort the connection. There is no FIN exchange and no TIME_WAIT; the server's next read fails with \"Connection reset\".",
            "客户端发的不是 [F.] 而是 [R.]：SO_LINGER 0 让 close() 中止连接。没有 FIN 交换，也没有 TIME_WAIT；服务器的下一次读失败，报 \"Connection reset\"。") {
        @Override
        void client(LabClient c, int port) throws IOException {
            Socket s = c.connect(port);
            c.send(s, LabClient.request(port, "/json", null), "GET /json");
            c.readResponse(s);
            c.abort(s);
        }
    },
    REFUSED("A SYN to a port where nothing listens: the kernel answers RST/ACK and connect() fails.",
            "向没有程序监听的端口发 SYN：内核回 RST/ACK，connect() 失败。",
            "Only two packets: the client's [S] and the kernel's [R.] with ack = the SYN's seq + 1 and win 0, because nothing listens on the port. connect() fails with \"Connection refused\".",
            "只有两个报文：客户端的 [S] 和内核回的 [R.]，其 ack = SYN 的 seq + 1，win 0，因为这个端口上没有程序监听。connect() 失败，报 \"Connection refused\"。") {
        @Override
        void client(LabClient c, int port) throws IOException {
            try (Socket s = new Socket()) {
                s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                c.note("unexpectedly connected to port " + port, "意外地连上了端口 " + port);
            } catch (ConnectException e) {
                c.note("connect() to port " + port + " failed: " + e.getMessage(), "connect() 连接端口 " + port + " 失败：" + e.getMessage());
            }
        }

        @Override
        public boolean needsServer() { return false; }
    },
    /**
     * The second seed article ("使用tcpdump观察tcp的三次握手,四次挥手,以及http的keep-alive机制"), its
     * keep-alive experiment as written: one keep-alive GET answered with about 38 KB, TCP
     * keepalive probes every second while idle, the server closing the idle connection at 60 s, the
     * client's FIN carrying the ACK of the server's, the server in TIME_WAIT.
     */
    SEED_KEEPALIVE("The keep-alive article as written (about 65 s): one keep-alive GET of about 38 KB, TCP keepalive "
            + "probes every second, the server closes the idle connection at 60 s, the server ends in TIME_WAIT.",
            "按文章原样重做 keep-alive 实验（约 65 秒）：一次 keep-alive GET，响应约 38 KB；空闲时每秒一个 TCP 保活探测；服务器空闲 60 秒后关闭连接，最后处于 TIME_WAIT。",
            "As in the article: the response (about 38 KB) and its ACKs, then a minute of silence filled by the client's TCP keepalive probes, one a second, each a bare [.] with seq one below the next byte, each answered by the server's [.]. At 60 s (Keep-Alive: timeout=60) the server closes first with [F.]: the active close. The client's [F.] carries the ACK of the server's FIN (the four-way close becomes three segments), the server's last [.] acknowledges it, and the server, which closed first, waits in TIME_WAIT.",
            "与文章一致：约 38 KB 的响应及其 ACK，然后是一分钟的空闲，其间客户端每秒发一个 TCP 保活探测（不带数据的 [.]，seq 比下一个字节少 1），服务器每次回一个 [.]。到 60 秒（Keep-Alive: timeout=60）时服务器先发 [F.]，是主动关闭方。客户端的 [F.] 同时确认了服务器的 FIN（四次挥手因合并变成三个报文段），服务器最后的 [.] 确认它；先关闭的服务器进入 TIME_WAIT。") {
        @Override
        void client(LabClient c, int port) throws IOException {
            keepAliveGet(c, port);
        }

        @Override
        public LabSettings adjust(LabSettings s) {
            return s.withTimeLimit(java.time.Duration.ofSeconds(75)).withIdleTimeout(java.time.Duration.ofSeconds(60))
                    .withResponseBytes(SEED_RESPONSE_BYTES)
                    .withKeepAlive(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 10);
        }
    },
    /**
     * The same article's second experiment: the request says Connection: close and the server's
     * FIN rides on the last segment of its 38 KB response, [FP.].
     */
    SEED_CLOSE("The keep-alive article's Connection: close run: a 38 KB response whose last segment carries the server's FIN, [FP.].",
            "文章中的 Connection: close 实验：38 KB 的响应，最后一个数据段同时带着服务器的 FIN，即 [FP.]。",
            "As in the article: the request carries Connection: close, so the server closes right after writing the response; the FIN from close() leaves on the last data segment, [FP.] (the client's small receive window keeps the data queued in the server's kernel until then). The client's [F.] acknowledges it, the server's [.] ends the exchange, and the server, which closed first, waits in TIME_WAIT.",
            "与文章一致：请求带 Connection: close，服务器写完响应就关闭连接；close() 产生的 FIN 随最后一个数据段发出，即 [FP.]（客户端的接收窗口很小，数据在服务器内核中排队，直到那时）。客户端的 [F.] 确认它，服务器的 [.] 结束交换；先关闭的服务器进入 TIME_WAIT。") {
        @Override
        void client(LabClient c, int port) throws IOException {
            closeGet(c, port);
        }

        @Override
        public LabSettings adjust(LabSettings s) {
            // The client waits half a second before reading, so the response is still queued in the
            // server's kernel when close() adds the FIN, even on a loaded machine (with 100 ms, 3 runs
            // in 10 sent a separate [F.] while another lab ran beside them).
            return s.withResponseBytes(SEED_RESPONSE_BYTES).withClientReceiveBuffer(4096)
                    .withReadDelay(java.time.Duration.ofMillis(500));
        }
    },
    /**
     * The first seed article ("抓包分析 TCP 建立和断开连接的流程"): curl fetches /json, then closes
     * first; the server's ACK rides on its FIN, so the close is three segments, and the client
     * waits in TIME_WAIT.
     */
    SEED_CURL("The curl article as written: a curl-like GET /json, the client closes first, the server's FIN carries its ACK "
            + "(three segments), the client ends in TIME_WAIT.",
            "按文章原样重做 curl 实验：像 curl 一样 GET /json，客户端先关闭，服务器的 FIN 同时带着 ACK（三个报文段），客户端最后处于 TIME_WAIT。",
            "As in the article: the handshake [S], [S.], [.] (relative seq 0, ack 1), the request and the response, then the client's [F.] (the client closes first: FIN_WAIT_1), the server's [F.] that both acknowledges the client's FIN and sends its own (the ACK and the FIN merged, so the four-way close is three segments; the client goes from FIN_WAIT_1 straight to TIME_WAIT), and the client's last [.] with ack = the server's seq + 1.",
            "与文章一致：三次握手 [S]、[S.]、[.]（相对 seq 0、ack 1），请求和响应，然后客户端发 [F.]（客户端先关闭：FIN_WAIT_1），服务器的 [F.] 既确认客户端的 FIN 又发出自己的 FIN（ACK 与 FIN 合并，四次挥手变成三个报文段；客户端从 FIN_WAIT_1 直接进入 TIME_WAIT），最后客户端的 [.]，ack = 服务器的 seq + 1。") {
        @Override
        void client(LabClient c, int port) throws IOException {
            Socket s = c.connect(port);
            c.send(s, LabClient.curlRequest(port, "/json"), "GET /json as curl sends it", "像 curl 一样的 GET /json");
            c.readResponse(s);
            c.close(s, "done, as curl: the client sends the first FIN", "完成，与 curl 一样：客户端先发 FIN");
        }
    };

    /** About the 38,122 bytes of the article's response (headers and body). */
    static final int SEED_RESPONSE_BYTES = 38_000;

    static void keepAliveGet(LabClient c, int port) throws IOException {
        Socket s = c.connect(port);
        c.enableKeepAlive(s);
        c.send(s, LabClient.request(port, "/json", "keep-alive"), "GET /json, Connection: keep-alive");
        c.readResponse(s);
        c.note("idle, waiting for the server to close the connection", "空闲，等待服务器关闭连接");
        c.awaitEof(s);
        c.close(s, "after EOF: the client's FIN answers the server's", "读到 EOF 之后：客户端用自己的 FIN 回应服务器的 FIN");
    }

    static void closeGet(LabClient c, int port) throws IOException {
        Socket s = c.connect(port);
        c.send(s, LabClient.request(port, "/json", "close"), "GET /json, Connection: close");
        pause(c.settingsReadDelay());
        c.readResponse(s);
        c.awaitEof(s);
        c.close(s, "after EOF", "读到 EOF 之后");
    }

    private final String description, descriptionZh;
    private final String lookFor, lookForZh;

    Scenario(String description, String descriptionZh, String lookFor, String lookForZh) {
        this.description = description;
        this.descriptionZh = descriptionZh;
        this.lookFor = lookFor;
        this.lookForZh = lookForZh;
    }

    public String description() { return description; }

    public String description(boolean chinese) { return chinese ? descriptionZh : description; }

    /** What the capture should show, in words. */
    public String lookFor() { return lookFor; }

    public String lookFor(boolean chinese) { return chinese ? lookForZh : lookFor; }

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
