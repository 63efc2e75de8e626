package io.tcplens.render.ladder;

import java.util.ArrayList;
import java.util.List;

/**
 * Realistic sample connections, built the way the engine would report them (relative numbers,
 * states after each packet, Wireshark analysis flags). Shared by the ladder, SVG and report tests.
 */
public final class LadderSamples {
    private LadderSamples() {}

    public static final long T0 = 1_700_000_000_000_000L;

    /** Builds a conversation with seq/ack bookkeeping; states carry over until changed. */
    public static final class Conv {
        private final List<LadderPacket> out = new ArrayList<>();
        private long t = T0, frame = 1;
        private long cNext = 0, sNext = 0;  // next relative seq each side will send
        private String cState = "CLOSED", sState = "LISTEN";
        private final int cWin, sWin;

        public Conv(int cWin, int sWin) { this.cWin = cWin; this.sWin = sWin; }

        public Conv at(long microsFromStart) { t = T0 + microsFromStart; return this; }

        public Conv after(long micros) { t += micros; return this; }

        public Conv st(String c, String s) {
            cState = c;
            sState = s;
            LadderPacket p = out.removeLast();
            out.add(new LadderPacket(p.frame(), p.micros(), p.fromClient(), p.flags(), p.relSeq(), p.relAck(), p.hasAck(),
                    p.len(), p.nxtSeq(), p.window(), p.analysis(), c, s));
            return this;
        }

        /** A segment that takes its seq from the sender's next and its ack from the peer's next. */
        public Conv c(String flags, int len, String... analysis) { return seg(true, flags, len, analysis); }

        public Conv s(String flags, int len, String... analysis) { return seg(false, flags, len, analysis); }

        private Conv seg(boolean fromClient, String flags, int len, String... analysis) {
            long seq = fromClient ? cNext : sNext;
            long ack = fromClient ? sNext : cNext;
            long nxt = seq + len + (flags.contains("S") || flags.contains("F") ? 1 : 0);
            if (fromClient) cNext = nxt; else sNext = nxt;
            return raw(fromClient, flags, seq, ack, len, fromClient ? cWin : sWin, analysis);
        }

        /** A segment with explicit numbers (retransmissions, probes, acks that lag). */
        public Conv raw(boolean fromClient, String flags, long seq, long ack, int len, int win, String... analysis) {
            long nxt = seq + len + (flags.contains("S") || flags.contains("F") ? 1 : 0);
            out.add(new LadderPacket(frame++, t, fromClient, flags, seq, ack, flags.contains("."), len, nxt, win,
                    List.of(analysis), cState, sState));
            return this;
        }

        public long cNext() { return cNext; }

        public long sNext() { return sNext; }

        public List<LadderPacket> packets() { return out; }

        public LadderConnection build(long stream, String client, String server) {
            return new LadderConnection(stream, client, server, out);
        }
    }

    static Conv handshake() {
        Conv v = new Conv(64256, 65160);
        v.c("S", 0).st("SYN_SENT", "SYN_RECEIVED");
        v.after(30_859).s("S.", 0).st("ESTABLISHED", "SYN_RECEIVED");
        v.after(91).c(".", 0).st("ESTABLISHED", "ESTABLISHED");
        return v;
    }

    /** A normal HTTP/1.1 exchange: handshake, GET, two-segment response, four-way close by the client. */
    public static LadderConnection http() {
        Conv v = handshake();
        v.after(156).c("P.", 205);
        v.after(30_512).s(".", 0);
        v.after(1_804).s(".", 1448);
        v.after(12).s("P.", 612);
        v.after(55).c(".", 0);
        v.after(6_120).c("F.", 0).st("FIN_WAIT_1", "CLOSE_WAIT");
        v.after(30_733).s(".", 0).st("FIN_WAIT_2", "CLOSE_WAIT");
        v.after(211).s("F.", 0).st("TIME_WAIT", "LAST_ACK");
        v.after(48).c(".", 0).st("TIME_WAIT", "CLOSED");
        return v.build(0, "192.168.1.10:42002", "93.184.216.34:80");
    }

    /** An idle connection the client keeps alive with probes every second, then the server closes. */
    public static LadderConnection keepAlive() {
        Conv v = handshake();
        v.after(140).c("P.", 5);
        v.after(6).s(".", 0);
        for (int k = 0; k < 5; k++) {
            v.after(1_000_000 + 15 * k);
            v.raw(true, ".", v.cNext() - 1, v.sNext(), 0, 502, "keep_alive");
            v.after(6).raw(false, ".", v.sNext(), v.cNext(), 0, 509, "keep_alive_ack");
        }
        v.after(480_000).s("F.", 0).st("CLOSE_WAIT", "FIN_WAIT_1");
        v.after(40_000).c(".", 0).st("CLOSE_WAIT", "FIN_WAIT_2");
        v.after(2_100).c("F.", 0).st("LAST_ACK", "TIME_WAIT");
        v.after(9).s(".", 0).st("CLOSED", "TIME_WAIT");
        return v.build(1, "10.0.0.5:51234", "10.0.0.9:8080");
    }

    /** A download of 1000 full segments, ACKed every second segment, then a server-first three-segment close. */
    public static LadderConnection bulk() {
        Conv v = handshake();
        v.after(200).c("P.", 120);
        v.after(28_000).s(".", 0);
        for (int k = 0; k < 1000; k++) {
            v.after(k == 0 ? 500 : 11).s(k == 999 ? "P." : ".", 1448);
            if (k % 2 == 1) v.after(40).c(".", 0);
        }
        // Three-segment close: the client's FIN also ACKs the server's FIN.
        v.after(300).s("F.", 0).st("CLOSE_WAIT", "FIN_WAIT_1");
        v.after(31_000).c("F.", 0).st("LAST_ACK", "TIME_WAIT");
        v.after(30_500).s(".", 0).st("CLOSED", "TIME_WAIT");
        return v.build(2, "[2001:db8::10]:50000", "[2001:db8::80]:443");
    }

    /** The server answers a request with RST; before that a SYN to a closed port was refused. */
    public static LadderConnection reset() {
        Conv v = handshake();
        v.after(200).c("P.", 310);
        v.after(120_000).s(".", 0);
        v.after(2_500_000).s("R.", 0).st("CLOSED", "CLOSED");
        return v.build(3, "172.16.0.2:40400", "172.16.0.3:5432");
    }

    /**
     * Loss and recovery: a lost server segment answered by duplicate ACKs and a fast
     * retransmission, a client that stops reading (zero window, window probes, window update),
     * and a FIN that needs a timeout retransmission.
     */
    public static LadderConnection retransmissions() {
        Conv v = handshake();
        v.after(150).c("P.", 80);
        v.after(25_000).s(".", 1448);                 // 1:1449 ok
        long lostSeq = v.sNext();
        v.after(10).s(".", 1448);                     // 1449:2897 lost on the way
        v.after(10).s(".", 1448);
        v.after(10).s(".", 1448);
        v.after(10).s(".", 1448);
        long ackAt = lostSeq;
        v.after(25_000).raw(true, ".", v.cNext(), ackAt, 0, 64256);
        for (int k = 0; k < 3; k++) v.after(300).raw(true, ".", v.cNext(), ackAt, 0, 64256, "duplicate_ack");
        v.after(400).raw(false, ".", lostSeq, v.cNext(), 1448, 65160, "fast_retransmission");
        v.after(25_200).raw(true, ".", v.cNext(), v.sNext(), 0, 64256);
        // The client application stops reading.
        v.after(100_000).s("P.", 1448);
        v.after(20_000).raw(true, ".", v.cNext(), v.sNext(), 0, 0, "zero_window");
        v.after(200_000).raw(false, ".", v.sNext() - 1, v.cNext(), 0, 65160, "zero_window_probe");
        v.after(25_000).raw(true, ".", v.cNext(), v.sNext(), 0, 0, "zero_window", "zero_window_probe_ack");
        v.after(300_000).raw(true, ".", v.cNext(), v.sNext(), 0, 64256, "window_update");
        // Close: the server's FIN is lost once and retransmitted after the RTO.
        v.after(5_000).s("F.", 0).st("CLOSE_WAIT", "FIN_WAIT_1");
        long fin = v.sNext() - 1;
        v.after(210_000).raw(false, "F.", fin, v.cNext(), 0, 65160, "retransmission");
        v.after(25_000).c("F.", 0).st("LAST_ACK", "TIME_WAIT");
        v.after(25_000).s(".", 0).st("CLOSED", "TIME_WAIT");
        return v.build(4, "192.168.1.10:42010", "151.101.1.69:443");
    }

    /** Every sample by name, in a fixed order. */
    public static java.util.Map<String, LadderConnection> all() {
        var m = new java.util.LinkedHashMap<String, LadderConnection>();
        m.put("http", http());
        m.put("keepalive", keepAlive());
        m.put("bulk", bulk());
        m.put("reset", reset());
        m.put("retransmissions", retransmissions());
        return m;
    }
}
