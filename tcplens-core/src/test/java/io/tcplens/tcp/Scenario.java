package io.tcplens.tcp;

import io.tcplens.capture.Frame;
import io.tcplens.capture.LinkType;
import io.tcplens.capture.PcapWriter;
import io.tcplens.decode.Packet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small crafted TCP conversations (Ethernet / IPv4 / TCP) between a client and a
 * server, for unit tests and for the crafted captures under testdata/captures.
 *
 * <pre>
 * Scenario sc = new Scenario();
 * sc.c(0.000, "S", 1000, 0).ws(7).mss(1460);
 * sc.s(0.010, "SA", 5000, 1001).ws(7);
 * </pre>
 */
public final class Scenario {
    public static final int FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16, URG = 32, ECE = 64, CWR = 128, AE = 256;

    private final byte[] clientIp, serverIp;
    private int clientPort, serverPort;
    private final List<Frame> frames = new ArrayList<>();
    private Seg last;

    public Scenario() { this(new byte[] {10, 0, 0, 1}, 40000, new byte[] {10, 0, 0, 2}, 80); }

    public Scenario(byte[] clientIp, int clientPort, byte[] serverIp, int serverPort) {
        this.clientIp = clientIp;
        this.serverIp = serverIp;
        this.clientPort = clientPort;
        this.serverPort = serverPort;
    }

    /** A segment being built; it is added to the scenario when the next one starts or on {@link #frames()}. */
    public final class Seg {
        final boolean fromClient;
        final double t;
        final int flags;
        final long seq, ack;
        int window = 65535;
        int len;
        final List<byte[]> options = new ArrayList<>();

        Seg(boolean fromClient, double t, int flags, long seq, long ack) {
            this.fromClient = fromClient;
            this.t = t;
            this.flags = flags;
            this.seq = seq;
            this.ack = ack;
        }

        public Seg win(int w) { window = w; return this; }
        public Seg len(int n) { len = n; return this; }
        public Seg ws(int shift) { options.add(new byte[] {1, 3, 3, (byte) shift}); return this; }
        public Seg mss(int v) { options.add(new byte[] {2, 4, (byte) (v >> 8), (byte) v}); return this; }
        public Seg sackPerm() { options.add(new byte[] {1, 1, 4, 2}); return this; }

        public Seg sack(long left, long right) {
            byte[] o = new byte[12];
            o[0] = 1; o[1] = 1; o[2] = 5; o[3] = 10;
            put32(o, 4, left);
            put32(o, 8, right);
            options.add(o);
            return this;
        }
    }

    /** A segment from the client; flags as letters: F S R P A U E C (and N for AE). */
    public Seg c(double t, String flags, long seq, long ack) { return add(true, t, flags, seq, ack); }

    /** A segment from the server. */
    public Seg s(double t, String flags, long seq, long ack) { return add(false, t, flags, seq, ack); }

    /** Changes the client port (for several connections in one capture). */
    public Scenario clientPort(int p) { flush(); clientPort = p; return this; }

    private Seg add(boolean fromClient, double t, String flags, long seq, long ack) {
        flush();
        last = new Seg(fromClient, t, parseFlags(flags), seq, ack);
        return last;
    }

    public static int parseFlags(String s) {
        int f = 0;
        for (char ch : s.toCharArray()) {
            f |= switch (ch) {
                case 'F' -> FIN; case 'S' -> SYN; case 'R' -> RST; case 'P' -> PSH; case 'A' -> ACK;
                case 'U' -> URG; case 'E' -> ECE; case 'C' -> CWR; case 'N' -> AE; case '.' -> 0;
                default -> throw new IllegalArgumentException("flag " + ch);
            };
        }
        return f;
    }

    private void flush() {
        if (last == null) return;
        frames.add(build(last, frames.size() + 1));
        last = null;
    }

    /** All frames built so far, numbered from 1. */
    public List<Frame> frames() {
        flush();
        return frames;
    }

    public void writePcap(Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
             PcapWriter w = new PcapWriter(os, LinkType.ETHERNET, 262144, false)) {
            for (Frame f : frames()) w.write(f);
        }
    }

    /** Runs the frames through a fresh analyzer, returning a copy of each result's printable state. */
    public List<String> analyze(TcpAnalyzer a) {
        Packet p = new Packet();
        List<String> out = new ArrayList<>();
        for (Frame f : frames()) {
            p.decode(f);
            SegmentInfo r = a.process(f, p);
            out.add(r == null ? null : row(r));
        }
        return out;
    }

    /** "seq ack len nxtseq analysis client_state server_state" of a result (stream and flags omitted). */
    public static String row(SegmentInfo r) {
        return Integer.toUnsignedString(r.seq) + " " + Integer.toUnsignedString(r.ack) + " "
                + (r.lengthKnown ? r.len + " " + Integer.toUnsignedString(r.nxtseq) : "- -") + " "
                + Analysis.describe(Analysis.tsharkFields(r.analysis)) + " " + r.clientState + " " + r.serverState;
    }

    private Frame build(Seg s, int number) {
        int optLen = 0;
        for (byte[] o : s.options) optLen += o.length;
        while (optLen % 4 != 0) optLen++;
        int tcpLen = 20 + optLen;
        int total = 20 + tcpLen + s.len;
        byte[] b = new byte[14 + total];
        // Ethernet
        b[0] = 0x02; b[5] = (byte) (s.fromClient ? 2 : 1);
        b[6] = 0x02; b[11] = (byte) (s.fromClient ? 1 : 2);
        b[12] = 0x08; b[13] = 0x00;
        int ip = 14;
        b[ip] = 0x45;
        b[ip + 2] = (byte) (total >> 8); b[ip + 3] = (byte) total;
        b[ip + 4] = (byte) (number >> 8); b[ip + 5] = (byte) number;
        b[ip + 6] = 0x40; // DF
        b[ip + 8] = 64;
        b[ip + 9] = 6;
        System.arraycopy(s.fromClient ? clientIp : serverIp, 0, b, ip + 12, 4);
        System.arraycopy(s.fromClient ? serverIp : clientIp, 0, b, ip + 16, 4);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) sum += ((b[ip + i] & 0xFF) << 8) | (b[ip + i + 1] & 0xFF);
        while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        sum = ~sum & 0xFFFF;
        b[ip + 10] = (byte) (sum >> 8); b[ip + 11] = (byte) sum;
        int t = ip + 20;
        int sp = s.fromClient ? clientPort : serverPort, dp = s.fromClient ? serverPort : clientPort;
        b[t] = (byte) (sp >> 8); b[t + 1] = (byte) sp;
        b[t + 2] = (byte) (dp >> 8); b[t + 3] = (byte) dp;
        put32(b, t + 4, s.seq);
        put32(b, t + 8, s.ack);
        b[t + 12] = (byte) (((tcpLen / 4) << 4) | ((s.flags >> 8) & 1));
        b[t + 13] = (byte) s.flags;
        b[t + 14] = (byte) (s.window >> 8); b[t + 15] = (byte) s.window;
        int o = t + 20;
        for (byte[] opt : s.options) { System.arraycopy(opt, 0, b, o, opt.length); o += opt.length; }
        for (int i = 0; i < s.len; i++) b[t + tcpLen + i] = (byte) ('a' + (i % 26));
        long micros = Math.round(s.t * 1_000_000);
        long sec = 1_700_000_000L + micros / 1_000_000;
        int nanos = (int) (micros % 1_000_000) * 1000;
        Frame f = new Frame();
        f.set(b, 0, b.length, b.length, sec, nanos, LinkType.ETHERNET, 262144, number);
        return f;
    }

    private static void put32(byte[] b, int o, long v) {
        b[o] = (byte) (v >> 24); b[o + 1] = (byte) (v >> 16); b[o + 2] = (byte) (v >> 8); b[o + 3] = (byte) v;
    }
}
