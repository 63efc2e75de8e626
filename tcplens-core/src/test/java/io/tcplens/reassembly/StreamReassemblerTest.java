package io.tcplens.reassembly;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StreamReassemblerTest {
    static final int ISN = 0xFFFFFFF0; // wraps during the tests

    static final class Out implements StreamReassembler.Sink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();

        @Override public void data(byte[] buf, int off, int len, long frame, long micros) {
            bytes.write(buf, off, len);
            events.add(frame + ":" + new String(buf, off, len, StandardCharsets.ISO_8859_1));
        }

        @Override public void gap(long n, long frame, long micros) {
            bytes.writeBytes(("[" + n + "]").getBytes(StandardCharsets.ISO_8859_1));
            events.add(frame + ":gap " + n);
        }

        String text() { return bytes.toString(StandardCharsets.ISO_8859_1); }
    }

    static void seg(StreamReassembler r, long frame, int offset, String data) {
        byte[] b = data.getBytes(StandardCharsets.ISO_8859_1);
        r.segment(0x18, ISN + 1 + offset, b, 0, b.length, b.length, frame, frame);
    }

    static StreamReassembler syn(Out out, int cap) {
        StreamReassembler r = new StreamReassembler(out, cap);
        r.segment(0x02, ISN, new byte[0], 0, 0, 0, 1, 1);
        return r;
    }

    @Test
    void inOrderAcrossTheWrap() {
        Out o = new Out();
        StreamReassembler r = syn(o, 1000);
        seg(r, 2, 0, "0123456789");
        seg(r, 3, 10, "abcdefghijklmnopqrstuvwxyz");
        assertThat(o.text()).isEqualTo("0123456789abcdefghijklmnopqrstuvwxyz");
        assertThat(r.nextOffset()).isEqualTo(36);
    }

    @Test
    void withoutASynThePeersAckAnchorsTheStreamSoALostStartShowsAsAGap() {
        // The capture missed this direction's first 5 bytes (and its SYN); the peer had ACKed offset 0.
        Out o = new Out();
        StreamReassembler r = new StreamReassembler(o, 1000);
        r.peerAck(ISN + 1, 1, 1);
        seg(r, 2, 5, "world");
        r.peerAck(ISN + 1 + 10, 3, 3);
        assertThat(o.text()).isEqualTo("[5]world");
    }

    @Test
    void retransmissionAndOverlapAreDropped() {
        Out o = new Out();
        StreamReassembler r = syn(o, 1000);
        seg(r, 2, 0, "hello ");
        seg(r, 3, 0, "hello ");          // pure retransmission
        seg(r, 4, 3, "LO WORLD");        // overlaps 3 bytes, adds "WORLD"
        assertThat(o.text()).isEqualTo("hello WORLD");
        assertThat(o.events).containsExactly("2:hello ", "4:WORLD");
        assertThat(r.retransmittedBytes()).isEqualTo(9);
    }

    @Test
    void outOfOrderIsHeldUntilTheHoleFills() {
        Out o = new Out();
        StreamReassembler r = syn(o, 1000);
        seg(r, 2, 0, "aa");
        seg(r, 3, 6, "dd");
        seg(r, 4, 4, "cc");
        assertThat(o.text()).isEqualTo("aa");
        assertThat(r.bufferedBytes()).isEqualTo(4);
        seg(r, 5, 2, "bb");
        assertThat(o.text()).isEqualTo("aabbccdd");
        assertThat(o.events).containsExactly("2:aa", "5:bb", "4:cc", "3:dd");
        assertThat(r.bufferedBytes()).isZero();
        assertThat(r.outOfOrderSegments()).isEqualTo(2);
    }

    @Test
    void overlappingHeldSegments() {
        Out o = new Out();
        StreamReassembler r = syn(o, 1000);
        seg(r, 2, 4, "EFGH");
        seg(r, 3, 2, "CDEF");
        seg(r, 4, 0, "AB");
        assertThat(o.text()).isEqualTo("ABCDEFGH");
    }

    @Test
    void gapDeclaredWhenThePeerAcksPastIt() {
        Out o = new Out();
        StreamReassembler r = syn(o, 1000);
        seg(r, 2, 0, "aa");
        seg(r, 4, 5, "ff");                    // 3 bytes never captured
        r.peerAck(ISN + 1 + 7, 5, 5);
        assertThat(o.text()).isEqualTo("aa[3]ff");
        // An ACK beyond everything seen, with nothing held: also a gap.
        r.peerAck(ISN + 1 + 10, 6, 6);
        seg(r, 7, 10, "k");
        assertThat(o.text()).isEqualTo("aa[3]ff[3]k");
        assertThat(r.gapBytes()).isEqualTo(6);
        assertThat(r.gapCount()).isEqualTo(2);
    }

    @Test
    void truncatedPayloadIsAGapNotInvented() {
        Out o = new Out();
        StreamReassembler r = syn(o, 1000);
        byte[] b = "abcdef".getBytes(StandardCharsets.ISO_8859_1);
        r.segment(0x18, ISN + 1, b, 0, 4, 10, 2, 2);   // 10 bytes on the wire, 4 captured
        seg(r, 3, 10, "z");
        assertThat(o.text()).isEqualTo("abcd[6]z");
    }

    @Test
    void capBoundsHeldDataAndIsReported() {
        Out o = new Out();
        StreamReassembler r = syn(o, 8);
        seg(r, 2, 10, "12345");
        seg(r, 3, 20, "67890");                // would exceed 8 held bytes: give up the first hole
        assertThat(r.overCap()).isTrue();
        assertThat(r.bufferedBytes()).isLessThanOrEqualTo(8);
        assertThat(o.text()).isEqualTo("[10]12345");
        r.end(9, 9);
        assertThat(o.text()).isEqualTo("[10]12345[5]67890");
    }

    @Test
    void midstreamWithoutSyn() {
        Out o = new Out();
        StreamReassembler r = new StreamReassembler(o);
        byte[] ack = new byte[0];
        r.segment(0x10, 1000, ack, 0, 0, 0, 1, 1);     // a pure ACK does not anchor
        byte[] b = "xyz".getBytes(StandardCharsets.ISO_8859_1);
        r.segment(0x18, 5000, b, 0, 3, 3, 2, 2);
        r.segment(0x18, 4990, b, 0, 3, 3, 3, 3);        // old data from before the anchor
        assertThat(o.text()).isEqualTo("xyz");
    }

    @Test
    void finishedAfterFin() {
        Out o = new Out();
        StreamReassembler r = syn(o, 100);
        byte[] b = "bye".getBytes(StandardCharsets.ISO_8859_1);
        r.segment(0x19, ISN + 1, b, 0, 3, 3, 2, 2);
        assertThat(r.finished()).isTrue();
    }

    @Test
    void manyRandomOrdersGiveTheSameStream() {
        java.util.Random rnd = new java.util.Random(42);
        String text = "The quick brown fox jumps over the lazy dog, again and again and again.";
        for (int round = 0; round < 200; round++) {
            List<int[]> pieces = new ArrayList<>();
            int p = 0;
            while (p < text.length()) {
                int n = 1 + rnd.nextInt(9);
                int start = Math.max(0, p - rnd.nextInt(3));      // overlaps
                int end = Math.min(text.length(), p + n);
                pieces.add(new int[] {start, end});
                p = end;
            }
            List<int[]> order = new ArrayList<>(pieces);
            for (int i = 0; i < pieces.size() / 3; i++) order.add(pieces.get(rnd.nextInt(pieces.size()))); // retransmissions
            java.util.Collections.shuffle(order, rnd);
            Out o = new Out();
            StreamReassembler r = syn(o, 1 << 20);
            for (int[] pc : order) seg(r, 2, pc[0], text.substring(pc[0], pc[1]));
            r.end(3, 3);
            assertThat(o.text()).isEqualTo(text);
        }
    }
}
