package io.tcplens.filter;

import io.tcplens.capture.Frame;
import io.tcplens.capture.LinkType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parser and evaluator tests on crafted frames (no capture files, no tcpdump). */
class FilterCompilerTest {

    // ------------------------------------------------------------ packet crafting

    static final byte[] MAC_A = {0, 0x0c, 0x29, 0, 0, 1};
    static final byte[] MAC_B = {0, 0x0c, 0x29, 0, 0, 2};

    static byte[] ip4(int a, int b, int c, int d) { return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}; }

    /** IPv4 header (20 bytes) + payload; fragOff in 8-byte units. */
    static byte[] ipv4(int proto, byte[] src, byte[] dst, int fragOff, byte[] payload) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int total = 20 + payload.length;
        o.writeBytes(new byte[] {0x45, 0, (byte) (total >> 8), (byte) total, 0, 1, (byte) (fragOff >> 8 & 0x1f), (byte) fragOff,
                64, (byte) proto, 0, 0});
        o.writeBytes(src);
        o.writeBytes(dst);
        o.writeBytes(payload);
        return o.toByteArray();
    }

    static byte[] ipv6(int nextHeader, byte[] payload) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {0x60, 0, 0, 0, (byte) (payload.length >> 8), (byte) payload.length, (byte) nextHeader, 64});
        o.writeBytes(new byte[16]); // src ::
        byte[] dst = new byte[16];
        dst[15] = 1; // ::1
        o.writeBytes(dst);
        o.writeBytes(payload);
        return o.toByteArray();
    }

    static byte[] tcp(int sport, int dport, int flags, int extra) {
        byte[] t = new byte[20 + extra];
        t[0] = (byte) (sport >> 8); t[1] = (byte) sport; t[2] = (byte) (dport >> 8); t[3] = (byte) dport;
        t[12] = 0x50;
        t[13] = (byte) flags;
        return t;
    }

    static byte[] udp(int sport, int dport) {
        byte[] u = new byte[8];
        u[0] = (byte) (sport >> 8); u[1] = (byte) sport; u[2] = (byte) (dport >> 8); u[3] = (byte) dport;
        u[5] = 8;
        return u;
    }

    static byte[] eth(int type, byte[] payload) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(MAC_B);
        o.writeBytes(MAC_A);
        o.writeBytes(new byte[] {(byte) (type >> 8), (byte) type});
        o.writeBytes(payload);
        return o.toByteArray();
    }

    static byte[] vlanTag(int vid, int innerType, byte[] payload) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) (vid >> 8), (byte) vid, (byte) (innerType >> 8), (byte) innerType});
        o.writeBytes(payload);
        return o.toByteArray();
    }

    static Frame frame(byte[] bytes, int linkType) {
        return new Frame().set(bytes, 0, bytes.length, bytes.length, 0, 0, linkType, 65535, 1);
    }

    static boolean matches(String expr, byte[] bytes) throws FilterException {
        return matches(expr, bytes, LinkType.ETHERNET);
    }

    static boolean matches(String expr, byte[] bytes, int linkType) throws FilterException {
        boolean a = FilterCompiler.compile(expr, linkType).matches(frame(bytes, linkType));
        String old = System.getProperty("tcplens.filter.tree");
        System.setProperty("tcplens.filter.tree", "true");
        try {
            boolean b = FilterCompiler.compile(expr, linkType).matches(frame(bytes, linkType));
            assertEquals(a, b, "bytecode and tree disagree on " + expr);
        } finally {
            if (old == null) System.clearProperty("tcplens.filter.tree");
            else System.setProperty("tcplens.filter.tree", old);
        }
        return a;
    }

    static final byte[] SYN_80 = eth(0x0800, ipv4(6, ip4(10, 0, 0, 1), ip4(10, 0, 0, 2), 0, tcp(1234, 80, 0x02, 0)));
    static final byte[] ACK_443 = eth(0x0800, ipv4(6, ip4(5, 6, 7, 8), ip4(10, 0, 0, 2), 0, tcp(443, 1234, 0x10, 0)));
    static final byte[] DNS = eth(0x0800, ipv4(17, ip4(192, 168, 1, 1), ip4(8, 8, 8, 8), 0, udp(5353, 53)));
    static final byte[] FRAG_80 = eth(0x0800, ipv4(6, ip4(10, 0, 0, 1), ip4(10, 0, 0, 2), 10, tcp(1234, 80, 0x02, 0)));
    static final byte[] VLAN_SYN_80 = eth(0x8100, vlanTag(100, 0x0800,
            ipv4(6, ip4(10, 0, 0, 1), ip4(10, 0, 0, 2), 0, tcp(1234, 80, 0x02, 0))));

    // ------------------------------------------------------------ API basics

    @Test
    void emptyExpressionSelectsEverything() throws FilterException {
        assertSame(PacketFilter.ALL, FilterCompiler.compile("", LinkType.ETHERNET));
        assertSame(PacketFilter.ALL, FilterCompiler.compile("  \t", LinkType.ETHERNET));
        assertEquals("tcp port 80", FilterCompiler.join(List.of("tcp", "port", "80")));
    }

    @Test
    void filtersAreCompiledToBytecode() throws FilterException {
        PacketFilter f = FilterCompiler.compile("tcp port 80 and tcp[tcpflags] & tcp-syn != 0", LinkType.ETHERNET);
        Eval.Cond root = ((FilterCompiler.Compiled) f).root();
        assertTrue(root.getClass().getName().startsWith("io.tcplens.filter.Compiled$"), root.getClass().getName());
        assertTrue(f.matches(frame(SYN_80, LinkType.ETHERNET)));
        assertFalse(f.matches(frame(ACK_443, LinkType.ETHERNET)));
    }

    @Test
    void unknownLinkTypeIsAClearError() {
        FilterException e = assertThrows(FilterException.class, () -> FilterCompiler.compile("tcp", 147));
        assertTrue(e.getMessage().contains("link type 147"), e.getMessage());
    }

    // ------------------------------------------------------------ grammar

    @Test
    void andOrHaveEqualPrecedenceLeftToRight() throws FilterException {
        // (udp or tcp) and port 53: the TCP SYN to port 80 does not match
        assertFalse(matches("udp or tcp and port 53", SYN_80));
        assertTrue(matches("udp or tcp and port 80", SYN_80));
        // tcp and port 53 or udp = (tcp and port 53) or udp
        assertTrue(matches("tcp and port 53 or udp", DNS));
        assertTrue(matches("port 80 or 443 and tcp", ACK_443));
    }

    @Test
    void notBindsToTheNextTerm() throws FilterException {
        assertTrue(matches("not udp and tcp", SYN_80));
        assertFalse(matches("not (udp or tcp)", SYN_80));
        assertTrue(matches("! udp && tcp", SYN_80));
        assertTrue(matches("not not tcp", SYN_80));
    }

    @Test
    void impliedQualifiersAreReused() throws FilterException {
        assertTrue(matches("host 1.2.3.4 or 5.6.7.8", ACK_443));
        assertTrue(matches("port 80 or 443", ACK_443));
        assertTrue(matches("src host 1.1.1.1 or 5.6.7.8", ACK_443));
        assertFalse(matches("dst host 1.1.1.1 or 5.6.7.8", ACK_443));
        assertTrue(matches("host 1.2.3.4 or (5.6.7.8 and 10.0.0.2)", ACK_443));
        assertTrue(matches("tcp port 1 or 443", ACK_443));
        assertFalse(matches("udp port 1 or 443", ACK_443));
        assertTrue(matches("host 1.2.3.4 or not 1.1.1.1", ACK_443));
    }

    @Test
    void addressWithoutQualifierIsAnError() {
        assertThrows(FilterSyntaxException.class, () -> FilterCompiler.compile("tcp and 80", LinkType.ETHERNET));
        assertThrows(FilterSyntaxException.class, () -> FilterCompiler.compile("1.2.3.4", LinkType.ETHERNET));
    }

    @Test
    void syntaxErrorsCarryPositionAndExpectation() {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                () -> FilterCompiler.compile("host 1.2.3.4 or", LinkType.ETHERNET));
        assertEquals(15, e.position());
        assertTrue(e.getMessage().startsWith("syntax error in filter expression at position 15: expected "), e.getMessage());
        e = assertThrows(FilterSyntaxException.class, () -> FilterCompiler.compile("tcp[13 & 2 != 0", LinkType.ETHERNET));
        assertEquals(11, e.position(), e.getMessage());
        assertTrue(e.expected().contains("']'"), e.expected());
        e = assertThrows(FilterSyntaxException.class, () -> FilterCompiler.compile("tcp port", LinkType.ETHERNET));
        assertEquals(8, e.position());
        e = assertThrows(FilterSyntaxException.class, () -> FilterCompiler.compile("(tcp or udp", LinkType.ETHERNET));
        assertEquals(11, e.position());
        e = assertThrows(FilterSyntaxException.class, () -> FilterCompiler.compile("tcp # udp", LinkType.ETHERNET));
        assertEquals(4, e.position());
        e = assertThrows(FilterSyntaxException.class, () -> FilterCompiler.compile("TCP", LinkType.ETHERNET));
        assertEquals(0, e.position());
    }

    @ParameterizedTest
    @ValueSource(strings = {"port 70000", "vlan 5000", "ip[0:3] = 1", "ip[0] / 0 = 1", "ip[0] / ip[0] = 1",
            "ip[0] << 32 = 1", "host 1.2.3.4/8", "net 10.0.0.1/8", "ip6 host 1.2.3.4", "tcp host 1.2.3.4",
            "host no-such-host.invalid", "port no-such-service", "tcp and 1 = 0", "ip and not ip", "tcp and udp", "arp and ip proto 6 and ip6 and less 0 and 1 = 2",
            "08 = 8", "ip6 net ::1/129", "ether host 00:11:22:33:44:55:66:77", "gateway foo"})
    void semanticErrorsAreReported(String expr) {
        assertThrows(FilterException.class, () -> FilterCompiler.compile(expr, LinkType.ETHERNET));
    }

    @Test
    void linkTypeDependentErrors() {
        FilterException e = assertThrows(FilterException.class, () -> FilterCompiler.compile("vlan", LinkType.LINUX_SLL));
        assertEquals("no VLAN support for Linux cooked v1", e.getMessage());
        assertThrows(FilterException.class, () -> FilterCompiler.compile("ether host 1:2:3:4:5:6", LinkType.RAW));
        assertThrows(FilterException.class, () -> FilterCompiler.compile("arp", LinkType.IPV4));
    }

    @Test
    void lexerFollowsFlexLongestMatch() throws FilterException {
        // "1000-2000" is one name token, so portrange gets the whole range
        assertTrue(matches("portrange 1000-2000", eth(0x0800, ipv4(17, ip4(1, 1, 1, 1), ip4(2, 2, 2, 2), 0, udp(1500, 9)))));
        assertTrue(matches("tcp[13] = tcp-syn", SYN_80));
        assertTrue(matches("tcp[0x0d] = 002", SYN_80));   // hex and octal
        assertTrue(matches("tcp[tcpflags]&tcp-syn!=0", SYN_80));
        assertTrue(matches("ip proto \\tcp", SYN_80));
        assertTrue(matches("ether proto \\ip", SYN_80));
    }

    // ------------------------------------------------------------ evaluation

    @Test
    void byteOffsetTests() throws FilterException {
        assertTrue(matches("tcp[13] & 2 != 0", SYN_80));
        assertFalse(matches("tcp[13] & 2 != 0", ACK_443));
        assertTrue(matches("tcp[tcpflags] & (tcp-syn|tcp-fin) != 0", SYN_80));
        assertTrue(matches("ip[2:2] = 40", SYN_80));
        assertTrue(matches("ip[2:2] > 39 and ip[2:2] < 41 and ip[2:2] >= 40 and ip[2:2] <= 40 and ip[2:2] == 40", SYN_80));
        assertTrue(matches("ether[0] & 1 = 0", SYN_80));
        assertTrue(matches("ether[6:4] = 0x000c2900", SYN_80));
        assertTrue(matches("udp[2:2] = 53 and udp[4:2] = 8", DNS));
        assertTrue(matches("ip[9] + 1 = 7 and ip[9] * 3 - 1 = 17 and ip[9] / 4 = 1 and ip[9] % 4 = 2", SYN_80));
        assertTrue(matches("ip[9] | 1 = 7 and ip[9] ^ 2 = 4 and ip[9] << 1 = 12 and ip[9] >> 1 = 3", SYN_80));
        assertTrue(matches("-ip[9] = 0xfffffffa", SYN_80));
        assertTrue(matches("len = 54 and greater 54 and less 54 and not greater 55 and not less 53", SYN_80));
    }

    @Test
    void percentAndCaretBindEverythingToTheirRight() throws FilterException {
        // bison shifts over '%' (no precedence): ip[9] % 2 + 1 is ip[9] % (2 + 1) = 0 for proto 6
        assertTrue(matches("ip[9] % 2 + 1 = 0", SYN_80));
        assertTrue(matches("1 + ip[9] % 4 = 3", SYN_80));
    }

    @Test
    void transportLoadsNeedFirstFragmentOfIPv4() throws FilterException {
        assertFalse(matches("tcp[13] & 2 != 0", FRAG_80));
        assertFalse(matches("port 80", FRAG_80));
        assertTrue(matches("tcp", FRAG_80));            // 'tcp' itself does not look at fragments
        assertTrue(matches("not tcp[13] = 0", DNS));    // not TCP: the test is false, so 'not' is true
    }

    @Test
    void outOfBoundsLoadRejectsWholeFilterEvenUnderNot() throws FilterException {
        assertFalse(matches("not tcp[100:4] = 0", SYN_80));
        assertFalse(matches("tcp[100] = 0 or tcp", SYN_80));
        assertTrue(matches("tcp or tcp[100] = 0", SYN_80)); // short-circuit: never loaded
        assertTrue(matches("not tcp[100:4] = 0", DNS));
    }

    @Test
    void vlanShiftsEverythingAfterIt() throws FilterException {
        assertFalse(matches("tcp", VLAN_SYN_80));
        assertFalse(matches("port 80", VLAN_SYN_80));
        assertTrue(matches("vlan and tcp port 80", VLAN_SYN_80));
        assertTrue(matches("vlan 100 and host 10.0.0.1", VLAN_SYN_80));
        assertFalse(matches("vlan 101 and tcp", VLAN_SYN_80));
        // 'tcp' needs type 0x0800 and 'vlan' 0x8100 at the same offset: tcpdump refuses it
        assertThrows(FilterException.class, () -> FilterCompiler.compile("tcp and vlan", LinkType.ETHERNET));
        // 'not vlan' shifts too: the 'tcp' after it looks 4 bytes further on untagged frames
        assertFalse(matches("not vlan and tcp", SYN_80));
    }

    @Test
    void hostMatchesArpAddresses() throws FilterException {
        byte[] arp = new byte[28];
        arp[1] = 1; arp[2] = 8; arp[4] = 6; arp[5] = 4; arp[7] = 1;
        System.arraycopy(ip4(10, 1, 1, 1), 0, arp, 14, 4);
        System.arraycopy(ip4(10, 1, 1, 2), 0, arp, 24, 4);
        byte[] f = eth(0x0806, arp);
        assertTrue(matches("host 10.1.1.2", f));
        assertTrue(matches("src host 10.1.1.1", f));
        assertFalse(matches("ip host 10.1.1.1", f));
        assertTrue(matches("arp and net 10.1.0.0/16", f));
        assertTrue(matches("net 10.1.0.0 mask 255.255.0.0", f));
        assertTrue(matches("net 10.1", f));
        assertTrue(matches("arp[7] = 1", f));
    }

    @Test
    void netForms() throws FilterException {
        assertTrue(matches("net 10.0.0.0/8", SYN_80));
        assertTrue(matches("src net 10.0.0.0/24 and dst net 10.0.0.0/24", SYN_80));
        assertTrue(matches("src and dst net 10.0.0.0/8", SYN_80));
        assertFalse(matches("src and dst net 10.0.0.0/8", ACK_443));
        assertTrue(matches("net 0.0.0.0/0", SYN_80));
        assertTrue(matches("net 10", SYN_80));
    }

    @Test
    void ipv6ProtocolLooksThroughOneFragmentHeader() throws FilterException {
        byte[] direct = eth(0x86dd, ipv6(6, tcp(1234, 80, 0x02, 0)));
        byte[] frag = new byte[8];
        frag[0] = 6; // next header TCP
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(frag);
        p.writeBytes(tcp(1234, 80, 0x02, 0));
        byte[] viaFrag = eth(0x86dd, ipv6(44, p.toByteArray()));
        assertTrue(matches("ip6 proto 6", direct));
        assertTrue(matches("tcp", viaFrag));
        assertTrue(matches("ip6 and tcp", viaFrag));
        assertTrue(matches("port 80", direct));
        assertFalse(matches("port 80", viaFrag));   // ports do not look through the fragment header
        assertFalse(matches("tcp[13] & 2 != 0", direct)); // tcp[] is IPv4-only in libpcap
        assertTrue(matches("ip6[6] = 6", direct));
        assertTrue(matches("ip6 host ::1 and ip6 dst ::1 and ip6 net ::/8", direct));
        assertTrue(matches("ip6 net ::/0", direct));
    }

    @Test
    void otherLinkTypes() throws FilterException {
        byte[] ip = ipv4(6, ip4(10, 0, 0, 1), ip4(10, 0, 0, 2), 0, tcp(1234, 80, 0x02, 0));
        assertTrue(matches("tcp port 80 and host 10.0.0.1", ip, LinkType.RAW));
        assertTrue(matches("tcp port 80", ip, LinkType.IPV4));
        assertTrue(matches("ip6 and tcp", ipv6(6, tcp(1, 2, 0, 0)), LinkType.RAW));
        byte[] nullLe = concat(new byte[] {2, 0, 0, 0}, ip);
        byte[] nullBe = concat(new byte[] {0, 0, 0, 2}, ip);
        assertTrue(matches("tcp", nullLe, LinkType.NULL));
        assertTrue(matches("tcp", nullBe, LinkType.NULL));
        assertTrue(FilterCompiler.compile("tcp", LinkType.NULL, java.nio.ByteOrder.LITTLE_ENDIAN).matches(frame(nullLe, 0)));
        assertFalse(FilterCompiler.compile("tcp", LinkType.NULL, java.nio.ByteOrder.LITTLE_ENDIAN).matches(frame(nullBe, 0)));
        assertTrue(matches("tcp", nullBe, LinkType.LOOP));
        byte[] sll = concat(new byte[] {0, 0, 0, 1, 0, 6, 0, 0x0c, 0x29, 0, 0, 1, 0, 0, 0x08, 0x00}, ip);
        assertTrue(matches("tcp port 80", sll, LinkType.LINUX_SLL));
        byte[] sll2 = concat(new byte[] {0x08, 0x00, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 0, 0x0c, 0x29, 0, 0, 1, 0, 0}, ip);
        assertTrue(matches("tcp port 80 and ip[9] = 6", sll2, LinkType.LINUX_SLL2));
    }

    @Test
    void constantIndexWrapsLikeTheOptimizer() throws FilterException {
        // libpcap's optimizer turns ip[-1] into an absolute load at 14 + 0xffffffff = 13 (ether[13])
        assertTrue(matches("ip[-1] = 0x00", SYN_80));
        assertTrue(matches("ip[-2] = 0x08", SYN_80));
    }

    @Test
    void framesOfAnotherLinkTypeAreCompiledForIt() throws FilterException {
        PacketFilter f = FilterCompiler.compile("tcp port 80", LinkType.ETHERNET);
        byte[] ip = ipv4(6, ip4(10, 0, 0, 1), ip4(10, 0, 0, 2), 0, tcp(1234, 80, 0x02, 0));
        assertTrue(f.matches(frame(ip, LinkType.RAW)));
        assertTrue(f.matches(frame(SYN_80, LinkType.ETHERNET)));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
