package io.tcplens.decode;

import io.tcplens.capture.Frame;
import io.tcplens.capture.LinkType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class IpReassemblerTest {

    /** A TCP segment (20-byte header, payload) inside an IPv4 datagram, split into fragments of {@code step} bytes. */
    static byte[] tcp(int payload) {
        byte[] t = new byte[20 + payload];
        t[0] = (byte) 0x9C; t[1] = 0x40;            // sport 40000
        t[2] = 0; t[3] = 80;                         // dport 80
        t[7] = 1;                                    // seq 1
        t[12] = 0x50;                                // data offset 5
        t[13] = 0x18;                                // PSH ACK
        for (int i = 0; i < payload; i++) t[20 + i] = (byte) ('a' + i % 26);
        return t;
    }

    static byte[] ip4Fragment(byte[] l4, int from, int to, boolean more, int id) {
        byte[] p = new byte[20 + (to - from)];
        p[0] = 0x45;
        int total = p.length;
        p[2] = (byte) (total >>> 8); p[3] = (byte) total;
        p[4] = (byte) (id >>> 8); p[5] = (byte) id;
        int ff = (from / 8) | (more ? 0x2000 : 0);
        p[6] = (byte) (ff >>> 8); p[7] = (byte) ff;
        p[8] = 64; p[9] = 6;
        p[12] = 10; p[15] = 1; p[16] = 10; p[19] = 2;
        System.arraycopy(l4, from, p, 20, to - from);
        return p;
    }

    static Frame frame(byte[] ip, long n, long sec) {
        return new Frame().set(ip, 0, ip.length, ip.length, sec, 0, LinkType.RAW, 65535, n);
    }

    @Test
    void fragmentsInAnyOrderMakeTheWholeSegmentInTheFrameThatCompletesIt() {
        byte[] l4 = tcp(3000);
        byte[][] frags = {ip4Fragment(l4, 0, 1480, true, 7), ip4Fragment(l4, 1480, 2960, true, 7), ip4Fragment(l4, 2960, l4.length, false, 7)};
        int[][] orders = {{0, 1, 2}, {2, 0, 1}, {1, 2, 0}};
        for (int[] order : orders) {
            IpReassembler r = new IpReassembler();
            Packet p = new Packet();
            Frame whole = null;
            for (int i = 0; i < 3; i++) {
                Frame f = frame(frags[order[i]], i + 1, 100);
                p.decode(f);
                assertThat(p.ipFragment()).isTrue();
                assertThat(p.hasTcp()).as("a fragment is not decoded further").isFalse();
                whole = r.add(f, p);
                if (i < 2) assertThat(whole).isNull();
            }
            assertThat(whole).isNotNull();
            assertThat(whole.number()).isEqualTo(3);
            Packet q = new Packet();
            assertThat(q.decode(whole)).isTrue();
            assertThat(q.ipFragment()).isFalse();
            assertThat(q.tcpPayloadLength()).isEqualTo(3000);
            assertThat(Arrays.copyOfRange(whole.buffer(), 20, 20 + l4.length)).isEqualTo(l4);
            assertThat(r.pending()).isZero();
        }
    }

    @Test
    void overlappingAndDuplicateFragmentsStillComplete() {
        byte[] l4 = tcp(100);
        IpReassembler r = new IpReassembler();
        Packet p = new Packet();
        Frame f1 = frame(ip4Fragment(l4, 0, 64, true, 9), 1, 1);
        p.decode(f1);
        assertThat(r.add(f1, p)).isNull();
        Frame dup = frame(ip4Fragment(l4, 0, 64, true, 9), 2, 1);
        p.decode(dup);
        assertThat(r.add(dup, p)).isNull();
        Frame f2 = frame(ip4Fragment(l4, 56, l4.length, false, 9), 3, 1);
        p.decode(f2);
        Frame whole = r.add(f2, p);
        assertThat(whole).isNotNull();
        assertThat(Arrays.copyOfRange(whole.buffer(), 20, 20 + l4.length)).isEqualTo(l4);
    }

    @Test
    void aMissingFragmentNeverCompletesAndIsForgottenAfterTheTimeout() {
        byte[] l4 = tcp(200);
        IpReassembler r = new IpReassembler();
        Packet p = new Packet();
        Frame f1 = frame(ip4Fragment(l4, 0, 96, true, 1), 1, 10);
        p.decode(f1);
        assertThat(r.add(f1, p)).isNull();
        Frame last = frame(ip4Fragment(l4, 160, l4.length, false, 1), 2, 10);
        p.decode(last);
        assertThat(r.add(last, p)).isNull();   // the middle is missing
        assertThat(r.pending()).isEqualTo(1);
        Frame other = frame(ip4Fragment(l4, 0, 96, true, 2), 3, 10 + 61);
        p.decode(other);
        r.add(other, p);
        assertThat(r.pending()).as("the old datagram expired; only the new one is pending").isEqualTo(1);
    }

    @Test
    void memoryIsBoundedWhateverTheNumberOfOpenDatagrams() {
        byte[] l4 = tcp(64);
        IpReassembler r = new IpReassembler();
        Packet p = new Packet();
        for (int id = 0; id < IpReassembler.MAX_PENDING * 3; id++) {
            Frame f = frame(ip4Fragment(l4, 0, 48, true, id), id + 1, 5);
            p.decode(f);
            r.add(f, p);
        }
        assertThat(r.pending()).isEqualTo(IpReassembler.MAX_PENDING);
    }

    @Test
    void ipv6FragmentsAreReassembledToo() {
        byte[] l4 = tcp(1500);
        ByteArrayOutputStream a = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
        a.writeBytes(ip6Fragment(l4, 0, 1232, true));
        b.writeBytes(ip6Fragment(l4, 1232, l4.length, false));
        IpReassembler r = new IpReassembler();
        Packet p = new Packet();
        Frame f1 = frame(a.toByteArray(), 1, 1);
        p.decode(f1);
        assertThat(p.ipVersion()).isEqualTo(6);
        assertThat(r.add(f1, p)).isNull();
        Frame f2 = frame(b.toByteArray(), 2, 1);
        p.decode(f2);
        Frame whole = r.add(f2, p);
        assertThat(whole).isNotNull();
        Packet q = new Packet();
        assertThat(q.decode(whole)).isTrue();
        assertThat(q.tcpPayloadLength()).isEqualTo(1500);
        assertThat(q.dstPort()).isEqualTo(80);
    }

    static byte[] ip6Fragment(byte[] l4, int from, int to, boolean more) {
        byte[] p = new byte[48 + (to - from)];
        p[0] = 0x60;
        int pl = 8 + (to - from);
        p[4] = (byte) (pl >>> 8); p[5] = (byte) pl;
        p[6] = 44; p[7] = 64;
        p[8] = 0x20; p[9] = 0x01; p[23] = 1;
        p[24] = 0x20; p[25] = 0x01; p[39] = 2;
        p[40] = 6;                                   // next header: TCP
        int ff = from | (more ? 1 : 0);
        p[42] = (byte) (ff >>> 8); p[43] = (byte) ff;
        p[47] = 42;                                  // identification
        System.arraycopy(l4, from, p, 48, to - from);
        return p;
    }
}
