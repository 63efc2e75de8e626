package io.tcplens.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcplens.capture.Frame;
import io.tcplens.capture.LinkType;
import io.tcplens.testing.FuzzSeeds;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single frames of every link type into the decoder. The first byte of an input picks the link
 * type, the rest is the frame (wire length = caplen, or more when the second byte is odd: a frame
 * cut by the snapshot length). Decoding and every public accessor the analyzer and the writers use
 * must stay inside the captured bytes and never throw. Only public accessors are used: the bounds
 * checks behind them are the decoder's business.
 */
class PacketFuzzTest {
    /** Every link type the decoder knows (LinkType.isSupported), and one it does not. */
    static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.RAW, LinkType.NULL, LinkType.LOOP, LinkType.LINUX_SLL,
            LinkType.LINUX_SLL2, LinkType.IPV4, LinkType.IPV6, LinkType.RAW_BSD12, LinkType.RAW_BSD14, LinkType.FDDI,
            LinkType.PPP, LinkType.ARCNET_LINUX, LinkType.JUNIPER_ETHER, LinkType.NFLOG, LinkType.IPOIB, 147};

    private final Frame frame = new Frame();
    private final Packet packet = new Packet();
    private final Packet sub = new Packet();

    @BeforeAll
    static void seeds() {
        if (!FuzzSeeds.fuzzing()) return;
        Map<String, byte[]> seeds = FuzzSeeds.byName();
        for (Path p : FuzzSeeds.captures()) {
            int i = 0;
            for (Frame f : FuzzSeeds.frames(p, 40)) {
                int sel = indexOf(f.linkType());
                if (sel < 0) continue;
                byte[] b = new byte[f.captureLength() + 2];
                b[0] = (byte) sel;
                b[1] = (byte) (f.wireLength() > f.captureLength() ? 1 : 0);
                System.arraycopy(f.buffer(), f.offset(), b, 2, f.captureLength());
                seeds.put(p.getFileName() + "-" + (i++), b);
            }
        }
        FuzzSeeds.export(PacketFuzzTest.class, "singleFrame", seeds);
    }

    static int indexOf(int linkType) {
        for (int i = 0; i < LINK_TYPES.length; i++) if (LINK_TYPES[i] == linkType) return i;
        return -1;
    }

    @FuzzTest(maxDuration = "10m")
    void singleFrame(byte[] data) {
        if (data.length < 2) return;
        int linkType = LINK_TYPES[(data[0] & 0xFF) % LINK_TYPES.length];
        boolean cut = (data[1] & 1) != 0;
        // Put the frame at an offset inside a bigger buffer, as the readers do, with guard bytes
        // after it: an accessor reading past caplen would see them instead of failing.
        int off = 7;
        int caplen = data.length - 2;
        byte[] buf = new byte[off + caplen + 64];
        Arrays.fill(buf, (byte) 0x5A);
        System.arraycopy(data, 2, buf, off, caplen);
        int wire = cut ? caplen + (data[1] & 0xFF) * 16 : caplen;
        frame.set(buf, off, caplen, wire, 1_700_000_000L, 0, linkType, 262144, 1);
        check(packet, frame);
        // A-MSDU subframes (802.11 inside a tunnel) are decoded one after another.
        Packet from = packet;
        for (int i = 0; i < 64 && from.hasNextSubframe(); i++) {
            Packet to = from == sub ? packet : sub;
            to.decodeNextSubframe(from);
            checkAccessors(to, off, off + caplen);
            from = to;
        }
    }

    @Test
    void everyFrameOfTheBundledCapturesDecodes() throws Exception {
        long n = 0;
        for (Path p : TestPaths.capturesUnder(TestPaths.captures())) {
            for (Frame f : FuzzSeeds.frames(p, 200)) {
                check(packet, f);
                n++;
            }
        }
        assertThat(n).isGreaterThan(500);
    }

    static void check(Packet p, Frame f) {
        boolean tcp = p.decode(f);
        assertThat(tcp).isEqualTo(p.hasTcp());
        checkAccessors(p, f.offset(), f.offset() + f.captureLength());
    }

    /** Everything an offset points at lies in [start, end); every accessor the sinks call returns. */
    static void checkAccessors(Packet p, int start, int end) {
        assertThat(p.start()).isEqualTo(start);
        assertThat(p.end()).isEqualTo(end);
        assertThat(p.layerCount()).isBetween(0, Packet.MAX_LAYERS);
        for (int i = 0; i < p.layerCount(); i++) {
            // A layer may start past the captured end: an IPv6 extension header longer than what
            // was captured puts the next header there (fuzz finding 1, docs/FUZZING.md). Every
            // consumer bounds its reads by end(); a layer before the frame would be a bug.
            assertThat(p.layerOffset(i)).as("layer %d (type %d)", i, p.layerType(i)).isGreaterThanOrEqualTo(start);
            p.findLayer(p.layerType(i));
        }
        assertThat(p.problem()).isBetween(Packet.PROBLEM_NONE, Packet.PROBLEM_UNSUPPORTED_LINK);
        if (p.ipOffset() >= 0) {
            assertThat(p.ipOffset()).isBetween(start, end);
            assertThat(p.ipVersion()).isIn(4, 6);
            assertThat(p.ipHeaderLength()).isNotNegative();
            if (p.srcAddrOffset() >= 0) {
                assertThat((long) p.srcAddrOffset() + p.addrLength()).isLessThanOrEqualTo(end);
                assertThat((long) p.dstAddrOffset() + p.addrLength()).isLessThanOrEqualTo(end);
            }
        }
        p.needsReassembly();
        if (!p.hasTcp()) return;
        assertThat(p.tcpOffset()).isBetween(start, end - 1);
        assertThat(p.tcpCaptured()).isBetween(1, end - start);
        if (!p.tcpFixedHeaderComplete()) return;
        // The fixed header is captured: every field read is inside it.
        p.srcPort();
        p.dstPort();
        p.seq();
        p.ack();
        p.tcpFlags();
        p.tcpReservedBits();
        p.window();
        p.tcpChecksum();
        p.urgentPointer();
        p.tcpHeaderValid();
        int h = p.tcpHeaderLength();
        assertThat(h).isBetween(0, 60);
        p.tcpSegmentLength();
        p.tcpPayloadLength();
        int cap = p.tcpPayloadCaptured();
        assertThat(cap).isNotNegative();
        if (cap > 0) {
            assertThat(p.tcpPayloadOffset()).isBetween(start, end);
            assertThat((long) p.tcpPayloadOffset() + cap).isLessThanOrEqualTo(end);
        }
        // Options: every offset returned lies in the captured header, and so do the values read.
        for (int kind = 0; kind < 256; kind++) {
            int o = p.tcpOptionOffset(kind);
            if (o >= 0) assertThat(o).isBetween(p.tcpOffset() + 20, end - 2);
        }
        p.optionWindowScale();
        int mss = p.tcpOptionOffset(2);
        if (mss >= 0 && (p.buffer()[mss + 1] & 0xFF) == 4) {
            assertThat(mss + 4).isLessThanOrEqualTo(end);
            p.u16At(mss + 2);
        }
        int ts = p.tcpOptionOffset(8);
        if (ts >= 0 && (p.buffer()[ts + 1] & 0xFF) == 10) {
            assertThat(ts + 10).isLessThanOrEqualTo(end);
            p.u32At(ts + 2);
            p.u32At(ts + 6);
        }
        int blocks = p.sackBlockCount();
        assertThat(blocks).isBetween(0, 4);
        for (int i = 0; i < blocks; i++) {
            int b = p.sackBlockOffset(i);
            assertThat(b + 8).isLessThanOrEqualTo(end);
            p.u32At(b);
            p.u32At(b + 4);
        }
    }
}
