package io.tcplens.render.tcpdump;

import io.tcplens.capture.Frame;
import io.tcplens.capture.LinkType;
import io.tcplens.render.text.AsciiOut;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** The trickier tcpdump printing rules, on crafted raw-IPv4 packets (expectations checked against tcpdump 4.99.3). */
class TcpdumpPrinterTest {
    static final int SYN = 0x02, ACK = 0x10, FIN = 0x01, RST = 0x04, PSH = 0x08;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AsciiOut out = new AsciiOut(bytes);
    private TcpdumpPrinter printer = printer(false);

    private TcpdumpPrinter printer(boolean absolute) {
        return new TcpdumpPrinter(new TcpdumpOptions(1, 1, absolute, 0, false, false, false, false), out, ZoneId.of("UTC"));
    }

    /** A raw IPv4 packet 10.0.0.1:sport > 10.0.0.2:dport with the given TCP header fields, options and payload. */
    static byte[] tcp4(int sport, int dport, long seq, long ack, int flags, byte[] options, int payload) {
        int thl = 20 + options.length;
        int total = 20 + thl + payload;
        byte[] p = new byte[total];
        p[0] = 0x45; p[2] = (byte) (total >> 8); p[3] = (byte) total; p[8] = 64; p[9] = 6;
        // port 80 is the server 10.0.0.2, so both directions of a connection share addresses
        boolean server = sport == 80;
        p[12] = 10; p[15] = (byte) (server ? 2 : 1); p[16] = 10; p[19] = (byte) (server ? 1 : 2);
        int t = 20;
        p[t] = (byte) (sport >> 8); p[t + 1] = (byte) sport; p[t + 2] = (byte) (dport >> 8); p[t + 3] = (byte) dport;
        for (int i = 0; i < 4; i++) { p[t + 4 + i] = (byte) (seq >> (24 - 8 * i)); p[t + 8 + i] = (byte) (ack >> (24 - 8 * i)); }
        p[t + 12] = (byte) ((thl / 4) << 4); p[t + 13] = (byte) flags; p[t + 14] = (byte) 0xff; p[t + 15] = (byte) 0xff;
        System.arraycopy(options, 0, p, t + 20, options.length);
        return p;
    }

    private String print(byte[] pkt) { return print(pkt, pkt.length); }

    private String print(byte[] pkt, int caplen) {
        bytes.reset();
        Frame f = new Frame().set(pkt, 0, caplen, pkt.length, 1, 0, LinkType.RAW, 65535, 1);
        printer.print(f);
        out.flush();
        String s = bytes.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 1);
    }

    static byte[] opts(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) r[i] = (byte) b[i];
        return r;
    }

    @Test
    void handshakeThenRelativeNumbers() {
        assertThat(print(tcp4(40000, 80, 1000, 0, SYN, opts(), 0)))
                .isEqualTo("IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, length 0");
        assertThat(print(tcp4(80, 40000, 5000, 1001, SYN | ACK, opts(), 0)))
                .isEqualTo("IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 5000, ack 1001, win 65535, length 0");
        assertThat(print(tcp4(40000, 80, 1001, 5001, ACK, opts(), 0)))
                .isEqualTo("IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 1, win 65535, length 0");
        assertThat(print(tcp4(40000, 80, 1001, 5001, PSH | ACK, opts(), 10)))
                .isEqualTo("IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:11, ack 1, win 65535, length 10: HTTP");
    }

    @Test
    void midStreamFirstAckIsAbsoluteAndBecomesTheBase() {
        assertThat(print(tcp4(5000, 6000, 100, 900, PSH | ACK, opts(), 10)))
                .isEqualTo("IP 10.0.0.1.5000 > 10.0.0.2.6000: Flags [P.], seq 100:110, ack 900, win 65535, length 10");
        // Same direction: relative to the first packet's own seq, so 10:13, not 11:14.
        assertThat(print(tcp4(5000, 6000, 110, 900, PSH | ACK, opts(), 3)))
                .isEqualTo("IP 10.0.0.1.5000 > 10.0.0.2.6000: Flags [P.], seq 10:13, ack 1, win 65535, length 3");
    }

    @Test
    void packetsWithoutAckNeverTouchTheTable() {
        assertThat(print(tcp4(5001, 6001, 77, 0, RST, opts(), 0)))
                .isEqualTo("IP 10.0.0.1.5001 > 10.0.0.2.6001: Flags [R], seq 77, win 65535, length 0");
        assertThat(print(tcp4(5001, 6001, 200, 300, ACK, opts(), 0)))
                .isEqualTo("IP 10.0.0.1.5001 > 10.0.0.2.6001: Flags [.], ack 300, win 65535, length 0");
    }

    @Test
    void valuesBelowTheBaseWrap() {
        print(tcp4(5002, 6002, 100, 900, ACK, opts(), 0));
        assertThat(print(tcp4(5002, 6002, 90, 900, PSH | ACK, opts(), 3)))
                .isEqualTo("IP 10.0.0.1.5002 > 10.0.0.2.6002: Flags [P.], seq 4294967286:4294967289, ack 1, win 65535, length 3");
    }

    @Test
    void synAckRebasesAndIsPrintedAbsolute() {
        print(tcp4(5003, 6003, 100, 900, ACK, opts(), 0));
        assertThat(print(tcp4(5003, 6003, 7000, 8000, SYN | ACK, opts(), 0)))
                .isEqualTo("IP 10.0.0.1.5003 > 10.0.0.2.6003: Flags [S.], seq 7000, ack 8000, win 65535, length 0");
        assertThat(print(tcp4(5003, 6003, 7001, 8000, ACK, opts(), 0)))
                .isEqualTo("IP 10.0.0.1.5003 > 10.0.0.2.6003: Flags [.], ack 1, win 65535, length 0");
    }

    @Test
    void absoluteWithDashS() {
        printer = printer(true);
        print(tcp4(5004, 6004, 100, 900, ACK, opts(), 0));
        assertThat(print(tcp4(5004, 6004, 110, 900, PSH | ACK, opts(), 3)))
                .isEqualTo("IP 10.0.0.1.5004 > 10.0.0.2.6004: Flags [P.], seq 110:113, ack 900, win 65535, length 3");
    }

    @Test
    void sackBlocksAreRelative() {
        print(tcp4(80, 40001, 5000, 1001, SYN | ACK, opts(), 0));
        // from the client (rev: higher port), SACK edges refer to the server's sequence space
        byte[] sack = opts(1, 1, 5, 10, 0, 0, 0x13, 0x89, 0, 0, 0x13, 0x8d);
        assertThat(print(tcp4(40001, 80, 1001, 5001, ACK, sack, 0)))
                .isEqualTo("IP 10.0.0.1.40001 > 10.0.0.2.80: Flags [.], ack 1, win 65535, options [nop,nop,sack 1 {1:5}], length 0");
    }

    @Test
    void optionEdgeCases() {
        assertThat(print(tcp4(1, 2, 5, 0, SYN, opts(2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7), 0)))
                .isEqualTo("IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 5, win 65535, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0");
        // length byte < 2: [bad opt], no closing bracket when nothing was printed before, nothing after
        assertThat(print(tcp4(1, 2, 5, 0, SYN, opts(2, 1, 0, 0), 0)))
                .isEqualTo("IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 5, win 65535, options [[bad opt]");
        assertThat(print(tcp4(1, 2, 5, 0, SYN, opts(1, 2, 9, 0), 0)))
                .isEqualTo("IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 5, win 65535, options [nop,[bad opt]]");
        // fixed-size option with an unexpected length
        assertThat(print(tcp4(1, 2, 5, 0, SYN, opts(2, 5, 5, 0xb4, 1, 1, 1, 1), 0)))
                .isEqualTo("IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 5, win 65535, options [mss 1460[len 5],nop,nop,nop,nop], length 0");
        assertThat(print(tcp4(1, 2, 5, 0, SYN, opts(34, 2, 1, 1), 0)))
                .isEqualTo("IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 5, win 65535, options [tfo  cookiereq,nop,nop], length 0");
        assertThat(print(tcp4(1, 2, 5, 0, SYN, opts(99, 4, 0xab, 0xcd), 0)))
                .isEqualTo("IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 5, win 65535, options [unknown-99 0xabcd], length 0");
    }

    @Test
    void truncationMarkers() {
        byte[] p = tcp4(1, 2, 5, 0, SYN, opts(2, 4, 5, 0xb4, 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0), 0);
        assertThat(print(p, 20 + 20 + 6 + 5))
                .isEqualTo("IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 5, win 65535, options [mss 1460,nop,nop,TS [|tcp]>");
        assertThat(print(p, 20 + 10)).isEqualTo("IP 10.0.0.1.1 > 10.0.0.2.2:  [|tcp]");
        assertThat(print(p, 20 + 3)).isEqualTo("IP 10.0.0.1 > 10.0.0.2: [|tcp]");
    }

    @Test
    void badHeaderLengths() {
        byte[] p = tcp4(1, 2, 5, 0, ACK, opts(), 4);
        p[32] = 0x40; // data offset 4 -> 16 bytes
        assertThat(print(p)).isEqualTo("IP 10.0.0.1.1 > 10.0.0.2.2:  tcp 8 [bad hdr length 16 - too short, < 20]");
        byte[] q = tcp4(1, 2, 5, 0, ACK, opts(), 4);
        q[32] = (byte) 0xf0; // 60 bytes > 24
        assertThat(print(q)).isEqualTo("IP 10.0.0.1.1 > 10.0.0.2.2: Flags [.] [bad hdr length 60 - too long, > 24]");
    }

    @Test
    void neverThrowsOnGarbage() {
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < 20000; i++) {
            byte[] p = tcp4(r.nextInt(65536), r.nextInt(65536), r.nextInt(), r.nextInt(), r.nextInt(256), new byte[r.nextInt(11) * 4], r.nextInt(40));
            for (int k = r.nextInt(12); k > 0; k--) p[r.nextInt(p.length)] = (byte) r.nextInt(256);
            String s = print(p, 1 + r.nextInt(p.length));
            assertThat(s).doesNotContain("Exception");
        }
    }

    @Test
    void seqTableGrowsWithoutLosingEntries() {
        SeqTable t = new SeqTable(3);
        int[] k = new int[3];
        for (int i = 0; i < 50_000; i++) { k[0] = i; k[1] = ~i; k[2] = i * 31; t.put(k, i, -i); }
        for (int i = 0; i < 50_000; i++) {
            k[0] = i; k[1] = ~i; k[2] = i * 31;
            int s = t.find(k);
            assertThat(s).isGreaterThanOrEqualTo(0);
            assertThat(t.seq(s)).isEqualTo(i);
            assertThat(t.ack(s)).isEqualTo(-i);
        }
        assertThat(t.size()).isEqualTo(50_000);
    }
}
