package io.tcplens.decode;

import io.tcplens.capture.Frame;
import io.tcplens.capture.LinkType;
import io.tcplens.tcp.SegmentInfo;
import io.tcplens.tcp.TcpAnalyzer;
import io.tcplens.tcp.TcpListener;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The link types and encapsulations tshark decodes by default and the decoder follows too, each
 * on a small hand-built frame: the TCP segment inside must be found with the right addresses,
 * ports and length, and no prefix of the frame may make the decoder throw.
 */
class PacketEncapsulationTest {

    // ------------------------------------------------------------------ builders

    static final class Bytes {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        Bytes u8(int... vs) { for (int v : vs) b.write(v); return this; }
        Bytes u16(int v) { b.write(v >>> 8); b.write(v); return this; }
        Bytes u16le(int v) { b.write(v); b.write(v >>> 8); return this; }
        Bytes u32(long v) { u16((int) (v >>> 16)); return u16((int) v); }
        Bytes zeros(int n) { for (int i = 0; i < n; i++) b.write(0); return this; }
        Bytes raw(byte[] x) { b.writeBytes(x); return this; }
        int size() { return b.size(); }
        byte[] get() { return b.toByteArray(); }
    }

    /** A TCP segment (20-byte header, PSH ACK) with the given payload. */
    static byte[] tcp(int sport, int dport, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.US_ASCII);
        return new Bytes().u16(sport).u16(dport).u32(1000).u32(2000).u8(0x50, 0x18).u16(65535)
                .u16(0).u16(0).raw(p).get();
    }

    static byte[] ip4(int proto, byte[] l4) {
        return new Bytes().u8(0x45, 0).u16(20 + l4.length).u16(1).u16(0x4000).u8(64, proto).u16(0)
                .u8(10, 0, 0, 1).u8(10, 0, 0, 2).raw(l4).get();
    }

    static byte[] ip6(int next, byte[] rest, int payloadLength) {
        Bytes b = new Bytes().u32(0x60000000L).u16(payloadLength).u8(next, 64);
        b.u8(0x20, 0x01, 0x0d, 0xb8).zeros(11).u8(1);
        b.u8(0x20, 0x01, 0x0d, 0xb8).zeros(11).u8(2);
        return b.raw(rest).get();
    }

    static byte[] ip6(int next, byte[] rest) { return ip6(next, rest, rest.length); }

    static byte[] udp(int sport, int dport, byte[] payload) {
        return new Bytes().u16(sport).u16(dport).u16(8 + payload.length).u16(0).raw(payload).get();
    }

    static byte[] ether(int type, byte[] payload) {
        return new Bytes().u8(0, 1, 2, 3, 4, 5).u8(0, 1, 2, 3, 4, 6).u16(type).raw(payload).get();
    }

    static final byte[] SEGMENT = tcp(40000, 80, "hello");
    static final byte[] IP4_TCP = ip4(6, SEGMENT);

    static Frame frame(byte[] b, int linkType) {
        return new Frame().set(b, 0, b.length, b.length, 1, 0, linkType, 65535, 1);
    }

    /** Decodes {@code b}; checks the TCP segment inside, and that every truncation decodes without throwing. */
    static Packet decodesTcp(byte[] b, int linkType, int expectedLayer) {
        for (int cut = 0; cut < b.length; cut++) {
            // Every read is bounds-checked: a frame cut anywhere decodes as far as it goes.
            Packet t = new Packet();
            t.decode(new Frame().set(b, 0, cut, b.length, 1, 0, linkType, 65535, 1));
            if (t.hasTcp()) assertThat(t.tcpOffset()).isLessThan(cut);
        }
        Packet p = new Packet();
        assertThat(p.decode(frame(b, linkType))).as("TCP found").isTrue();
        assertThat(p.findLayer(expectedLayer)).as("layer " + Layer.name(expectedLayer)).isGreaterThanOrEqualTo(0);
        assertThat(p.srcPort()).isEqualTo(40000);
        assertThat(p.dstPort()).isEqualTo(80);
        assertThat(p.tcpPayloadLength()).isEqualTo(5);
        assertThat(p.problem()).isEqualTo(Packet.PROBLEM_NONE);
        return p;
    }

    // ------------------------------------------------------------------ link types

    @Test
    void pppWithAndWithoutAddressControlAndCompressedProtocol() {
        Packet p = decodesTcp(new Bytes().u8(0xFF, 0x03).u16(0x0021).raw(IP4_TCP).get(), LinkType.PPP, Layer.PPP);
        assertThat(p.ipVersion()).isEqualTo(4);
        decodesTcp(new Bytes().u16(0x0021).raw(IP4_TCP).get(), LinkType.PPP, Layer.PPP);
        decodesTcp(new Bytes().u8(0x21).raw(IP4_TCP).get(), LinkType.PPP, Layer.PPP);
        decodesTcp(new Bytes().u8(0xFF, 0x03).u16(0x0057).raw(ip6(6, SEGMENT)).get(), LinkType.PPP, Layer.IPV6);
        // MPLS unicast, one label with the bottom-of-stack bit.
        decodesTcp(new Bytes().u8(0xFF, 0x03).u16(0x0281).u32(0x00064140L).raw(IP4_TCP).get(), LinkType.PPP, Layer.MPLS);
        Packet lcp = new Packet();
        assertThat(lcp.decode(frame(new Bytes().u8(0xFF, 0x03).u16(0xC021).zeros(8).get(), LinkType.PPP))).isFalse();
    }

    @Test
    void linuxArcnetRfc1201AndRfc1051() {
        // source, destination, offset, protocol D4 (IP), split flag, sequence number
        decodesTcp(new Bytes().u8(0xBE, 0x50).u16(0xC000).u8(0xD4, 0).u16(0x016B).raw(IP4_TCP).get(),
                LinkType.ARCNET_LINUX, Layer.ARCNET);
        // RFC 1051: protocol F0, no split flag
        decodesTcp(new Bytes().u8(0xBE, 0x50).u16(0xC300).u8(0xF0).raw(IP4_TCP).get(), LinkType.ARCNET_LINUX, Layer.ARCNET);
        // exception packet: flag FF, padding, then protocol, flag and sequence again
        decodesTcp(new Bytes().u8(0xBE, 0x50).u16(0).u8(0xD4, 0xFF).u8(0xFF, 0xFF).u8(0xD4, 0).u16(1).raw(IP4_TCP).get(),
                LinkType.ARCNET_LINUX, Layer.ARCNET);
        Packet arp = new Packet();
        arp.decode(frame(new Bytes().u8(0xBE, 0x50).u16(0).u8(0xD5, 0).u16(1).zeros(18).get(), LinkType.ARCNET_LINUX));
        assertThat(arp.findLayer(Layer.ARP)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void juniperEthernetWithExtensionsAndWithoutLayer2() {
        byte[] ext = new Bytes().u8(3, 1, 1).u8(6, 1, 14).u8(1, 2, 0x8C, 0).u8(4, 4, 0x4C, 1, 0, 0).get();
        decodesTcp(new Bytes().u8('M', 'G', 'C', 0x80).u16(ext.length).raw(ext).raw(ether(0x0800, IP4_TCP)).get(),
                LinkType.JUNIPER_ETHER, Layer.ETHERNET);
        decodesTcp(new Bytes().u8('M', 'G', 'C', 0x01).raw(ether(0x0800, IP4_TCP)).get(), LinkType.JUNIPER_ETHER, Layer.JUNIPER);
        // no-L2: 4 bytes, then the IP packet
        decodesTcp(new Bytes().u8('M', 'G', 'C', 0x02).u8(2, 0, 0, 0).raw(IP4_TCP).get(), LinkType.JUNIPER_ETHER, Layer.IPV4);
        Packet bad = new Packet();
        assertThat(bad.decode(frame(new Bytes().u8('X', 'G', 'C', 0).raw(ether(0x0800, IP4_TCP)).get(), LinkType.JUNIPER_ETHER))).isFalse();
        assertThat(bad.problem()).isEqualTo(Packet.PROBLEM_MALFORMED);
    }

    @Test
    void nflogFindsThePayloadTlv() {
        Bytes b = new Bytes().u8(2, 0).u16(42);
        b.u16le(8).u16le(1).u8(0x08, 0x00, 3, 0);          // packet header
        b.u16le(5).u16le(10).u8(0).zeros(3);               // prefix "", padded to 8
        b.u16le(8).u16le(5).u32(2);                        // indev
        b.u16le(4 + IP4_TCP.length).u16le(9).raw(IP4_TCP); // payload
        Packet p = decodesTcp(b.get(), LinkType.NFLOG, Layer.NFLOG);
        assertThat(p.ipOffset()).isEqualTo(4 + 8 + 8 + 8 + 4);
        // IPv6 by the family byte
        Bytes v6 = new Bytes().u8(10, 0).u16(0).u16le(4 + 40 + SEGMENT.length).u16le(9).raw(ip6(6, SEGMENT));
        assertThat(decodesTcp(v6.get(), LinkType.NFLOG, Layer.IPV6).ipVersion()).isEqualTo(6);
    }

    @Test
    void ipOverInfinibandPseudoHeader() {
        decodesTcp(new Bytes().zeros(40).u16(0x0800).u16(0).raw(IP4_TCP).get(), LinkType.IPOIB, Layer.IPOIB);
    }

    // ------------------------------------------------------------------ encapsulations

    @Test
    void providerBackboneBridging() {
        byte[] customer = ether(0x8100, new Bytes().u16(0x0FB4).u16(0x0800).raw(IP4_TCP).get());
        byte[] frame = ether(0x8100, new Bytes().u16(0x0FD3).u16(0x88E7).u32(0x001EBB44L).raw(customer).get());
        Packet p = decodesTcp(frame, LinkType.ETHERNET, Layer.PBB);
        assertThat(p.findLayer(Layer.PBB)).isLessThan(p.findLayer(Layer.IPV4));
    }

    @Test
    void fabricPathDropsTheTrailingFcsFromTheInnerFrame() {
        byte[] inner = ether(0x0800, IP4_TCP);
        byte[] frame = new Bytes().u8(0x15, 0xE9, 0xFD, 0x9C, 0x81, 0).u8(0x42, 0x4F, 0xCB, 0x82, 0xAC, 0x6A)
                .u16(0x8903).u16(0).raw(inner).u32(0xDEADBEEFL).get();
        Packet p = decodesTcp(frame, LinkType.ETHERNET, Layer.FABRICPATH);
        assertThat(p.wireEnd()).isEqualTo(frame.length - 4);
        assertThat(p.ipOffset()).isEqualTo(16 + 14);
    }

    @Test
    void ayiyaForwardsIpv6() {
        // identity 16 bytes (n=4), signature 20 bytes (n=5), opcode 1 (forward), next header 41
        byte[] ayiya = new Bytes().u8(0x41, 0x52, 0x11, 41).u32(0x4AF64C05L).zeros(16).zeros(20).raw(ip6(6, SEGMENT)).get();
        Packet p = decodesTcp(ether(0x0800, ip4(17, udp(53859, 5072, ayiya))), LinkType.ETHERNET, Layer.AYIYA);
        assertThat(p.ipVersion()).isEqualTo(6);
        byte[] echo = new Bytes().u8(0x41, 0x52, 0x12, 41).u32(0).zeros(36).raw(ip6(6, SEGMENT)).get();
        assertThat(new Packet().decode(frame(ether(0x0800, ip4(17, udp(5072, 5072, echo))), LinkType.ETHERNET))).isFalse();
    }

    @Test
    void gtpUserPlaneWithOptionalFieldsAndExtensionHeaders() {
        byte[] plain = new Bytes().u8(0x30, 0xFF).u16(IP4_TCP.length).u32(0x8C61BE36L).raw(IP4_TCP).get();
        decodesTcp(ether(0x0800, ip4(17, udp(2152, 2152, plain))), LinkType.ETHERNET, Layer.GTP);
        // E and S set: sequence number, N-PDU number, next extension type C0; one 4-byte extension
        byte[] ext = new Bytes().u8(0x36, 0xFF).u16(12 + IP4_TCP.length).u32(0x00100657L)
                .u16(5).u8(0, 0xC0).u8(1, 0x09, 0x04, 0).raw(IP4_TCP).get();
        Packet p = decodesTcp(ether(0x0800, ip4(17, udp(2152, 2152, ext))), LinkType.ETHERNET, Layer.GTP);
        assertThat(p.ipOffset()).isEqualTo(14 + 20 + 8 + 16);
        // an echo request (type 1) carries no user packet
        byte[] echo = new Bytes().u8(0x32, 0x01).u16(4).u32(0).u16(1).u8(0, 0).get();
        assertThat(new Packet().decode(frame(ether(0x0800, ip4(17, udp(2152, 2152, echo))), LinkType.ETHERNET))).isFalse();
    }

    @Test
    void greInUdp() {
        byte[] gre = new Bytes().u16(0).u16(0x0800).raw(IP4_TCP).get();
        decodesTcp(ether(0x0800, ip4(17, udp(40987, 4754, gre))), LinkType.ETHERNET, Layer.GRE);
    }

    @Test
    void ipv6JumbogramTakesTheLengthFromTheJumboOption() {
        byte[] seg = tcp(40000, 80, "x".repeat(70000));
        // hop-by-hop: next header TCP, length 0 (8 bytes), Jumbo Payload option C2 04 <length>
        byte[] hbh = new Bytes().u8(6, 0).u8(0xC2, 4).u32(8 + seg.length).raw(seg).get();
        byte[] frame = ether(0x86DD, ip6(0, hbh, 0));
        Packet p = new Packet();
        assertThat(p.decode(frame(frame, LinkType.ETHERNET))).isTrue();
        assertThat(p.ipTotalLength()).isEqualTo(40 + 8 + seg.length);
        assertThat(p.tcpPayloadLength()).isEqualTo(70000);
        // without the option, a zero payload length stays zero
        byte[] plain = ether(0x86DD, ip6(0, new Bytes().u8(6, 0).u8(1, 4).u32(0).raw(SEGMENT).get(), 0));
        Packet q = new Packet();
        assertThat(q.decode(frame(plain, LinkType.ETHERNET))).as("tshark finds no TCP segment in it").isFalse();
        assertThat(q.ipTotalLength()).isEqualTo(40);
        assertThat(q.problem()).isEqualTo(Packet.PROBLEM_MALFORMED);
    }

    @Test
    void udpLengthBelowEightStopsAtUdp() {
        byte[] vxlan = new Bytes().u8(0x08, 0, 0, 0).u8(0, 0, 1, 0).raw(ether(0x0800, IP4_TCP)).get();
        byte[] good = udp(40000, 4789, vxlan);
        assertThat(new Packet().decode(frame(ether(0x0800, ip4(17, good)), LinkType.ETHERNET))).isTrue();
        good[4] = 0; good[5] = 0;                          // length 0, as BIG TCP's GSO writes it
        Packet p = new Packet();
        assertThat(p.decode(frame(ether(0x0800, ip4(17, good)), LinkType.ETHERNET))).isFalse();
        assertThat(p.layerType(p.layerCount() - 1)).isEqualTo(Layer.UDP);
    }

    @Test
    void aFirstFragmentCutBySnaplenIsDecodedAsItStands() {
        byte[] seg = tcp(40000, 80, "x".repeat(100));
        byte[] ip = ip4(6, seg);
        ip[6] = 0x20;                                      // more fragments, offset 0
        byte[] frame = ether(0x0800, ip);
        Packet whole = new Packet();
        assertThat(whole.decode(frame(frame, LinkType.ETHERNET))).as("captured whole: reassembled first").isFalse();
        assertThat(whole.needsReassembly()).isTrue();
        Packet cut = new Packet();
        assertThat(cut.decode(new Frame().set(frame, 0, 14 + 20 + 30, frame.length, 1, 0, LinkType.ETHERNET, 64, 1))).isTrue();
        assertThat(cut.ipFragment()).isTrue();
        assertThat(cut.needsReassembly()).isFalse();
        // a later fragment never is
        frame[14 + 6] = 0x20; frame[14 + 7] = 10;
        Packet later = new Packet();
        assertThat(later.decode(new Frame().set(frame, 0, 14 + 20 + 30, frame.length, 1, 0, LinkType.ETHERNET, 64, 1))).isFalse();
    }

    // ------------------------------------------------------------------ 802.11 A-MSDU in Aruba GRE

    /** Ethernet / IPv4 / GRE 0x8200 / 802.11 QoS data with the A-MSDU bit and the given subframes. */
    static byte[] arubaAmsdu(byte[]... msdus) {
        Bytes wlan = new Bytes().u8(0x88, 0x02).u16(0).zeros(18).u16(0).u8(0x80, 0x00);
        for (int i = 0; i < msdus.length; i++) {
            byte[] llc = new Bytes().u8(0xAA, 0xAA, 0x03, 0, 0, 0).u16(0x0800).raw(msdus[i]).get();
            int start = wlan.size();
            wlan.zeros(12).u16(llc.length).raw(llc);
            if (i < msdus.length - 1) while ((wlan.size() - start) % 4 != 0) wlan.u8(0);
        }
        byte[] gre = new Bytes().u16(0).u16(0x8200).raw(wlan.get()).get();
        return ether(0x0800, ip4(47, gre));
    }

    @Test
    void everyAmsduSubframeIsDecoded() {
        byte[] second = ip4(6, tcp(40000, 80, "second segment"));
        byte[] frame = arubaAmsdu(ip4(6, tcp(40000, 80, "first")), second);
        Packet p = new Packet();
        assertThat(p.decode(frame(frame, LinkType.ETHERNET))).isTrue();
        assertThat(p.tcpPayloadLength()).isEqualTo(5);
        assertThat(p.hasNextSubframe()).isTrue();
        Packet q = new Packet();
        assertThat(q.decodeNextSubframe(p)).isTrue();
        assertThat(q.tcpPayloadLength()).isEqualTo(14);
        assertThat(q.findLayer(Layer.WLAN)).isEqualTo(p.findLayer(Layer.WLAN));
        assertThat(q.hasNextSubframe()).isFalse();
        assertThat(p.tcpPayloadLength()).as("the first packet is left as it was").isEqualTo(5);

        // The analyzer sees both segments of the frame, in order.
        TcpAnalyzer analyzer = new TcpAnalyzer();
        List<Integer> lengths = new ArrayList<>();
        analyzer.subscribe(new TcpListener() {
            @Override
            public void onSegment(SegmentInfo s) { lengths.add(s.len); }
        });
        Packet fresh = new Packet();
        Frame f = frame(frame, LinkType.ETHERNET);
        fresh.decode(f);
        analyzer.process(f, fresh);
        assertThat(lengths).containsExactly(5, 14);
    }

    @Test
    void aSingleAmsduSubframeHasNoNext() {
        Packet p = new Packet();
        assertThat(p.decode(frame(arubaAmsdu(IP4_TCP), LinkType.ETHERNET))).isTrue();
        assertThat(p.hasNextSubframe()).isFalse();
    }
}
