package io.tcplens.render.report;

import io.tcplens.render.ladder.LadderConnection;
import io.tcplens.render.ladder.LadderPacket;
import io.tcplens.render.ladder.LadderSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Report models for the tests: a small realistic capture, a 100k-connection one, a hostile one. */
public final class ReportSamples {
    private ReportSamples() {}

    static LadderConnection shift(LadderConnection l, long micros) {
        List<LadderPacket> ps = new ArrayList<>();
        for (LadderPacket p : l.packets()) {
            ps.add(new LadderPacket(p.frame(), p.micros() + micros, p.fromClient(), p.flags(), p.relSeq(), p.relAck(), p.hasAck(), p.len(),
                    p.nxtSeq(), p.window(), p.analysis(), p.clientState(), p.serverState()));
        }
        return new LadderConnection(l.stream(), l.clientLabel(), l.serverLabel(), ps);
    }

    static ReportConnection fromLadder(LadderConnection l, String handshake, String teardown, String closedBy, String tw,
                                       List<String> en, List<String> zh, List<HttpTransaction> http) {
        int retr = 0, dup = 0, zw = 0, ka = 0, rst = 0;
        long cb = 0, sb = 0;
        for (LadderPacket p : l.packets()) {
            if (p.retransmission()) retr++;
            if (p.has("duplicate_ack")) dup++;
            if (p.has("zero_window")) zw++;
            if (p.has("keep_alive")) ka++;
            if (p.rst()) rst++;
            if (p.fromClient()) cb += p.len(); else sb += p.len();
        }
        String[] c = split(l.clientLabel()), s = split(l.serverLabel());
        LadderPacket last = l.packets().getLast();
        return new ReportConnection(l.stream(), c[0], Integer.parseInt(c[1]), s[0], Integer.parseInt(s[1]), l.firstMicros(),
                l.lastMicros(), l.packets().size(), cb, sb, handshake, teardown, closedBy, last.clientState(),
                last.serverState(), tw, new Anomalies(retr, dup, 0, 0, zw, ka, rst), en, zh, http, l);
    }

    static String[] split(String ep) {
        int i = ep.lastIndexOf(':');
        String a = ep.substring(0, i);
        if (a.startsWith("[")) a = a.substring(1, a.length() - 1);
        return new String[] {a, ep.substring(i + 1)};
    }

    static HttpTransaction get(String uri, String host, int status, String reason, long at, long ttfb, long total, long body) {
        return new HttpTransaction("GET", uri, host, "HTTP/1.1", status, reason, at, at + ttfb, at + total, 0, body,
                List.of("Host: " + host, "User-Agent: curl/8.5.0", "Accept: */*"),
                List.of("Content-Type: application/json", "Content-Length: " + body));
    }

    /** The five sample connections with lifecycles and HTTP, as the engine would describe them. */
    public static ReportModel small() {
        var s = new java.util.LinkedHashMap<String, LadderConnection>();
        long off = 0;
        for (var e : LadderSamples.all().entrySet()) {
            s.put(e.getKey(), shift(e.getValue(), off));
            off += 1_234_567;
        }
        List<ReportConnection> cs = new ArrayList<>();
        LadderConnection http = s.get("http");
        cs.add(fromLadder(http, "three-way", "four-way FIN", "client", "client",
                List.of("The client opened the connection with a three-way handshake (SYN, SYN-ACK, ACK) in 30.9 ms.",
                        "The client sent one HTTP request (205 bytes); the server answered with 2060 bytes.",
                        "The client closed first (FIN); the server acknowledged it and closed too: a four-way close.",
                        "The client ends in TIME_WAIT (60 s on Linux); the server is CLOSED."),
                List.of("客户端通过三次握手(SYN、SYN-ACK、ACK)建立连接,耗时 30.9 毫秒。",
                        "客户端发送了一个 HTTP 请求(205 字节),服务端返回 2060 字节。",
                        "客户端先关闭(FIN),服务端确认后也关闭:四次挥手。",
                        "客户端进入 TIME_WAIT(Linux 上 60 秒),服务端为 CLOSED。"),
                List.of(get("/json", "httpbin.org", 200, "OK", http.packets().get(3).micros(), 32_316, 32_383, 2060))));
        cs.add(fromLadder(s.get("keepalive"), "three-way", "four-way FIN", "server", "server",
                List.of("Three-way handshake in 30.9 ms.", "The connection then sat idle; the client's kernel sent 5 TCP keep-alive probes, one every 1.0 s, each answered by the server.",
                        "After 5.5 s of silence the server closed the connection (its idle timeout); the server ends in TIME_WAIT."),
                List.of("三次握手耗时 30.9 毫秒。", "连接随后空闲;客户端内核每 1.0 秒发送一次 TCP keep-alive 探测,共 5 次,服务端均有应答。",
                        "空闲 5.5 秒后服务端关闭连接(空闲超时);服务端进入 TIME_WAIT。"),
                List.of()));
        cs.add(fromLadder(s.get("bulk"), "three-way", "three-way FIN", "server", "server",
                List.of("Three-way handshake over IPv6.", "The server sent 1,448,000 bytes in 1000 segments in 31 ms.", "The server closed first; the client's FIN also acknowledged the server's FIN (three-segment close); the server ends in TIME_WAIT."),
                List.of(), List.of(get("/big.iso", "[2001:db8::80]", 200, "OK", s.get("bulk").packets().get(3).micros(), 28_500, 60_000, 1_448_000))));
        cs.add(fromLadder(s.get("reset"), "three-way", "RST by server", "server", "",
                List.of("Three-way handshake.", "The client sent a request; 2.5 s later the server aborted the connection with RST."),
                List.of("三次握手。", "客户端发送请求;2.5 秒后服务端用 RST 中止了连接。"), List.of()));
        cs.add(fromLadder(s.get("retransmissions"), "three-way", "four-way FIN", "server", "server",
                List.of("Three-way handshake.", "A server segment was lost: three duplicate ACKs triggered a fast retransmission.",
                        "The client stopped reading: zero window for 525 ms, then a window update.", "The server's FIN was retransmitted after 210 ms."),
                List.of(), List.of(get("/api/items?page=2", "api.example.com", 503, "Service Unavailable",
                        s.get("retransmissions").packets().get(3).micros(), 25_000, 730_000, 8688))));
        long first = cs.stream().mapToLong(ReportConnection::firstMicros).min().orElse(0);
        long last = cs.stream().mapToLong(ReportConnection::lastMicros).max().orElse(0);
        long pk = cs.stream().mapToLong(ReportConnection::packets).sum();
        return new ReportModel(new ReportSummary("samples.pcapng", pk + 3, pk, first, last, "tcplens 0.1.0-test", List.of()), cs);
    }

    /** A big capture: {@code n} connections, deterministic, a few with anomalies and packets. */
    public static ReportModel big(int n, int withPackets) {
        Random r = new Random(42);
        String[] td = {"four-way FIN", "three-way FIN", "RST by server", "RST by client", "open at end of capture", "simultaneous close", "half-close"};
        String[] hs = {"three-way", "three-way", "three-way", "SYN retransmitted", "no handshake seen", "refused (RST)"};
        List<ReportConnection> cs = new ArrayList<>(n);
        LadderConnection proto = LadderSamples.retransmissions();
        long t0 = LadderSamples.T0;
        for (int i = 0; i < n; i++) {
            String ca = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            String sa = "192.0.2." + (1 + r.nextInt(40));
            int sp = new int[] {80, 443, 8080, 5432, 6379}[r.nextInt(5)];
            int cp = 1024 + r.nextInt(60000);
            long start = t0 + (long) i * 3_000 + r.nextInt(3000);
            long dur = 1000 + r.nextInt(5_000_000);
            String t = td[r.nextInt(td.length)];
            boolean bad = r.nextInt(20) == 0;
            Anomalies a = new Anomalies(bad ? 1 + r.nextInt(9) : 0, bad ? r.nextInt(5) : 0, 0, bad ? r.nextInt(2) : 0,
                    r.nextInt(200) == 0 ? 1 : 0, r.nextInt(50) == 0 ? 3 : 0, t.startsWith("RST") ? 1 : 0);
            String cst = switch (t) {
                case "four-way FIN", "three-way FIN", "half-close" -> "TIME_WAIT";
                case "open at end of capture" -> "ESTABLISHED";
                case "simultaneous close" -> "TIME_WAIT";
                default -> "CLOSED";
            };
            String sst = t.equals("open at end of capture") ? "ESTABLISHED" : "CLOSED";
            LadderConnection l = i < withPackets ? new LadderConnection(i, ca + ":" + cp, sa + ":" + sp, proto.packets()) : null;
            cs.add(new ReportConnection(i, ca, cp, sa, sp, start, start + dur, 5 + r.nextInt(200), r.nextInt(5000), r.nextInt(2_000_000),
                    hs[r.nextInt(hs.length)], t, t.contains("server") ? "server" : "client", cst, sst, cst.equals("TIME_WAIT") ? "client" : "",
                    a, l == null ? List.of() : List.of("Generated connection " + i + "."), List.of(), List.of(), l));
        }
        return new ReportModel(new ReportSummary("big-generated.pcap", n * 60L, n * 60L, t0, t0 + n * 3_000L + 5_000_000, "tcplens 0.1.0-test",
                List.of("Generated model for the 100k-connection test.")), cs);
    }

    /** Markers a hostile payload would leave behind if it ever ran. */
    public static final List<String> HOSTILE = List.of(
            "<script>document.title='PWNED1';document.documentElement.setAttribute('data-pwned','1')</script>",
            "\"><img src=x onerror=\"document.title='PWNED2';document.documentElement.setAttribute('data-pwned','2')\">",
            "</script><script>document.title='PWNED3';document.documentElement.setAttribute('data-pwned','3')</script>",
            "<!--<script>document.title='PWNED4'</script>",
            "'><svg onload=\"document.documentElement.setAttribute('data-pwned','5')\">",
            "</template><script>document.documentElement.setAttribute('data-pwned','6')</script><template>",
            "javascript:document.documentElement.setAttribute('data-pwned','7')\u2028\u2029");

    /** Every capture-derived string carries the hostile payloads. */
    public static ReportModel hostile(boolean manyConnections) {
        List<ReportConnection> cs = new ArrayList<>();
        int n = manyConnections ? 40 : 3;
        for (int i = 0; i < n; i++) {
            String h = HOSTILE.get(i % HOSTILE.size());
            String all = String.join(" ", HOSTILE);
            LadderConnection base = LadderSamples.http();
            List<LadderPacket> ps = new ArrayList<>();
            for (LadderPacket p : base.packets()) {
                ps.add(new LadderPacket(p.frame(), p.micros(), p.fromClient(), p.flags(), p.relSeq(), p.relAck(), p.hasAck(), p.len(),
                        p.nxtSeq(), p.window(), p.frame() == 5 ? List.of(h) : p.analysis(), p.clientState(), p.serverState() + (p.frame() == 6 ? h : "")));
            }
            LadderConnection l = new LadderConnection(i, h + ":1", "srv" + h + ":80", ps);
            List<HttpTransaction> http = new ArrayList<>();
            for (String x : HOSTILE) {
                http.add(new HttpTransaction(x, "/" + x, x, x, 200, x, base.firstMicros(), base.firstMicros() + 10, base.firstMicros() + 20, 1, 2,
                        List.of("Host: " + x, "X-Evil: " + all), List.of("Set-Cookie: " + x)));
            }
            cs.add(new ReportConnection(i, h, 1 + i, "srv" + h, 80, base.firstMicros(), base.lastMicros(), ps.size(), 1, 2, h, h, h, h, h, h,
                    new Anomalies(1, 0, 0, 0, 0, 0, 0), List.of(all), List.of(all), http, l));
        }
        return new ReportModel(new ReportSummary(String.join("", HOSTILE), 12, 12, 0, 0, "tcplens " + HOSTILE.get(1), List.of(HOSTILE.get(2))), cs);
    }
}
