import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the adversarial captures of scripts/bench-adversarial.sh: the traffic an SRE brings to
 * tcplens when something is wrong, as a deterministic pcap (Ethernet, IPv4, TCP without options;
 * the same bytes on every run, no randomness, no clock).
 *
 * <pre>
 *   java scripts/bench/AdversarialCapture.java syn-flood  OUT.pcap [N [S]] N unanswered SYNs (default 3,000,000)
 *                                                                         to 10.1.0.1:80 over S seconds (60)
 *   java scripts/bench/AdversarialCapture.java http-open  OUT.pcap [N]   N connections (default 500,000):
 *                                                                         handshake, one GET and its 200
 *                                                                         response with ACKs, never closed; 10 s
 *   java scripts/bench/AdversarialCapture.java port-scan  OUT.pcap [N]   a SYN to each of N ports
 *                                                                         (default 60,000), each answered by RST+ACK
 * </pre>
 *
 * Each flood SYN comes from its own (address, port): clients 10.(64+i/60000/65536).x.y, ports
 * 1024 + i % 60000, so no two SYNs share a 4-tuple and every one is a new connection.
 */
public final class AdversarialCapture {
    private static final int FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16;
    private static final long START_MICROS = 1_700_000_000_000_000L;
    private static final byte[] SERVER = {10, 1, 0, 1};
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: flood.example\r\nUser-Agent: adversarial\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello"
            .getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final byte[] frame = new byte[14 + 20 + 20 + 256];
    private final byte[] rec = new byte[16];

    private AdversarialCapture(OutputStream out) { this.out = out; }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: AdversarialCapture syn-flood|http-open|port-scan OUT.pcap [COUNT]");
            System.exit(2);
        }
        String kind = args[0];
        long n = args.length > 2 ? Long.parseLong(args[2]) : switch (kind) {
            case "syn-flood" -> 3_000_000L;
            case "http-open" -> 500_000L;
            case "port-scan" -> 60_000L;
            default -> 0L;
        };
        try (OutputStream o = new BufferedOutputStream(new FileOutputStream(args[1]), 1 << 20)) {
            AdversarialCapture w = new AdversarialCapture(o);
            w.header();
            switch (kind) {
                case "syn-flood" -> w.synFlood(n, args.length > 3 ? Double.parseDouble(args[3]) : 60);
                case "http-open" -> w.httpOpen(n);
                case "port-scan" -> w.portScan(n);
                default -> {
                    System.err.println("unknown kind: " + kind);
                    System.exit(2);
                }
            }
        }
    }

    /** N SYNs spread evenly over {@code seconds} (60 by default), each from a new client address and port, never answered. */
    private void synFlood(long n, double seconds) throws IOException {
        long stepNanos = (long) (seconds * 1e9) / Math.max(1, n);
        for (long i = 0; i < n; i++) {
            long t = START_MICROS * 1000 + i * stepNanos;
            tcp(client(i), port(i), SERVER, 80, SYN, isn(i), 0, null, t);
        }
    }

    /**
     * N connections within 10 s, one after another (6 frames each, evenly spaced): SYN, SYN+ACK,
     * ACK, GET, the 200 response, the client's ACK of it. None is ever closed.
     */
    private void httpOpen(long n) throws IOException {
        long stepNanos = 10_000_000_000L / Math.max(1, n * 6);
        long t = START_MICROS * 1000;
        for (long i = 0; i < n; i++) {
            byte[] c = client(i);
            int cp = port(i);
            int ci = isn(i), si = (int) (0x5000_0000L + i * 104_729L);
            int rq = REQUEST.length, rs = RESPONSE.length;
            tcp(c, cp, SERVER, 80, SYN, ci, 0, null, t); t += stepNanos;
            tcp(SERVER, 80, c, cp, SYN | ACK, si, ci + 1, null, t); t += stepNanos;
            tcp(c, cp, SERVER, 80, ACK, ci + 1, si + 1, null, t); t += stepNanos;
            tcp(c, cp, SERVER, 80, PSH | ACK, ci + 1, si + 1, REQUEST, t); t += stepNanos;
            tcp(SERVER, 80, c, cp, PSH | ACK, si + 1, ci + 1 + rq, RESPONSE, t); t += stepNanos;
            tcp(c, cp, SERVER, 80, ACK, ci + 1 + rq, si + 1 + rs, null, t); t += stepNanos;
        }
    }

    /** One scanner (10.2.0.9:40000) sends a SYN to each of N ports of the server; each is refused by RST+ACK 50 µs later. */
    private void portScan(long n) throws IOException {
        byte[] scanner = {10, 2, 0, 9};
        long t = START_MICROS * 1000;
        for (long i = 0; i < n; i++) {
            int dport = (int) (1 + i % 65535);
            int s = isn(i);
            tcp(scanner, 40000, SERVER, dport, SYN, s, 0, null, t);
            tcp(SERVER, dport, scanner, 40000, RST | ACK, 0, s + 1, null, t + 50_000);
            t += 100_000;   // 10,000 probes a second
        }
    }

    private static byte[] client(long i) {
        long host = i / 60_000;
        return new byte[] {10, (byte) (64 + (host >> 16)), (byte) (host >> 8), (byte) host};
    }

    private static int port(long i) { return (int) (1024 + i % 60_000); }

    private static int isn(long i) { return (int) (0x1000_0000L + i * 7919L); }

    private void header() throws IOException {
        byte[] h = new byte[24];
        le32(h, 0, 0xa1b2c3d4);
        le16(h, 4, 2);
        le16(h, 6, 4);
        le32(h, 16, 65535);
        le32(h, 20, 1);   // Ethernet
        out.write(h);
    }

    private void tcp(byte[] src, int sport, byte[] dst, int dport, int flags, int seq, int ack, byte[] payload,
                     long nanos) throws IOException {
        int pl = payload == null ? 0 : payload.length;
        int len = 14 + 20 + 20 + pl;
        byte[] f = frame;
        java.util.Arrays.fill(f, 0, 54, (byte) 0);
        // Ethernet: server 02:00:00:00:00:01, clients 02:00:00:00:00:02.
        boolean toServer = dst == SERVER;
        f[5] = (byte) (toServer ? 1 : 2);
        f[0] = 2; f[6] = 2;
        f[11] = (byte) (toServer ? 2 : 1);
        f[12] = 0x08;
        // IPv4
        int ip = 14;
        f[ip] = 0x45;
        be16(f, ip + 2, 20 + 20 + pl);
        f[ip + 6] = 0x40;   // DF
        f[ip + 8] = 64;
        f[ip + 9] = 6;
        System.arraycopy(src, 0, f, ip + 12, 4);
        System.arraycopy(dst, 0, f, ip + 16, 4);
        be16(f, ip + 10, checksum(f, ip, 20, 0));
        // TCP
        int t = ip + 20;
        be16(f, t, sport);
        be16(f, t + 2, dport);
        be32(f, t + 4, seq);
        be32(f, t + 8, (flags & ACK) != 0 ? ack : 0);
        f[t + 12] = 0x50;
        f[t + 13] = (byte) flags;
        be16(f, t + 14, (flags & RST) != 0 ? 0 : 64240);
        if (pl > 0) System.arraycopy(payload, 0, f, t + 20, pl);
        long pseudo = sum(f, ip + 12, 8) + 6 + 20 + pl;
        be16(f, t + 16, checksum(f, t, 20 + pl, pseudo));
        le32(rec, 0, (int) (nanos / 1_000_000_000L));
        le32(rec, 4, (int) (nanos / 1000 % 1_000_000));
        le32(rec, 8, len);
        le32(rec, 12, len);
        out.write(rec);
        out.write(f, 0, len);
    }

    private static long sum(byte[] b, int o, int n) {
        long s = 0;
        for (int i = 0; i + 1 < n; i += 2) s += ((b[o + i] & 0xFF) << 8) | (b[o + i + 1] & 0xFF);
        if ((n & 1) != 0) s += (b[o + n - 1] & 0xFF) << 8;
        return s;
    }

    private static int checksum(byte[] b, int o, int n, long extra) {
        long s = sum(b, o, n) + extra;
        while ((s >> 16) != 0) s = (s & 0xFFFF) + (s >> 16);
        return (int) (~s & 0xFFFF);
    }

    private static void be16(byte[] b, int o, int v) { b[o] = (byte) (v >> 8); b[o + 1] = (byte) v; }

    private static void be32(byte[] b, int o, int v) { be16(b, o, v >>> 16); be16(b, o + 2, v); }

    private static void le16(byte[] b, int o, int v) { b[o] = (byte) v; b[o + 1] = (byte) (v >> 8); }

    private static void le32(byte[] b, int o, int v) { le16(b, o, v); le16(b, o + 2, v >>> 16); }
}
