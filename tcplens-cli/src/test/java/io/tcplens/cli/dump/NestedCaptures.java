package io.tcplens.cli.dump;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deterministic captures of deep nesting (issue 13): VXLAN in VXLAN, VLAN stacks, IP in IP, GRE,
 * IPv6 in IPv6, Geneve and a mix of them, each around one TCP SYN, plus a file of the mixed
 * frame cut at many capture lengths. tcpdump 4.99 prints every level of all of them (its
 * printers recurse without a limit; only the 64 KiB IP length and the 256 KiB record bound the
 * depth), and so must tcplens.
 */
final class NestedCaptures {
    private NestedCaptures() {}

    /** Name to pcap bytes, in a fixed order. */
    static Map<String, byte[]> all() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("vxlan-1000.pcap", pcap(vxlan(1000)));
        m.put("vlan-1000.pcap", pcap(vlan(1000)));
        m.put("ipip-1000.pcap", pcap(eth(ipip(1000), 0x0800)));
        m.put("gre-100.pcap", pcap(eth(gre(100), 0x0800)));
        m.put("ip6ip6-100.pcap", pcap(eth(ip6in6(100), 0x86dd)));
        m.put("geneve-100.pcap", pcap(geneve(100)));
        m.put("mixed-100.pcap", pcap(mixed(100)));
        byte[] f = mixed(100);
        int[] cuts = {13, 14, 20, 33, 34, 41, 42, 49, 50, 57, 58, 63, 100, 1001, f.length / 3, f.length / 2, f.length - 1};
        byte[][] frames = new byte[cuts.length][];
        int[] wire = new int[cuts.length];
        for (int i = 0; i < cuts.length; i++) {
            frames[i] = java.util.Arrays.copyOf(f, cuts[i]);
            wire[i] = f.length;
        }
        m.put("mixed-100-cut.pcap", pcap(frames, wire));
        return m;
    }

    static void writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : all().entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
    }

    // ------------------------------------------------------------------ layers

    private static final byte[] SRC4 = {127, 0, 0, 1};
    private static final byte[] DST4 = {127, 0, 0, 2};

    private static byte[] cat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static ByteBuffer be(int n) { return ByteBuffer.allocate(n).order(ByteOrder.BIG_ENDIAN); }

    static byte[] tcpSyn() {
        return be(20).putShort((short) 1234).putShort((short) 80).putInt(1).putInt(0)
                .put((byte) 0x50).put((byte) 0x02).putShort((short) 65535).putShort((short) 0).putShort((short) 0).array();
    }

    static byte[] ip4(byte[] payload, int proto) {
        ByteBuffer h = be(20).put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) 1)
                .putShort((short) 0).put((byte) 64).put((byte) proto).putShort((short) 0).put(SRC4).put(DST4);
        byte[] hb = h.array();
        long s = 0;
        for (int i = 0; i < 20; i += 2) s += ((hb[i] & 0xFF) << 8) | (hb[i + 1] & 0xFF);
        while ((s >> 16) != 0) s = (s & 0xFFFF) + (s >> 16);
        int sum = (int) (~s & 0xFFFF);
        hb[10] = (byte) (sum >> 8);
        hb[11] = (byte) sum;
        return cat(hb, payload);
    }

    static byte[] ip6(byte[] payload, int nh) {
        ByteBuffer h = be(40).putInt(0x60000000).putShort((short) payload.length).put((byte) nh).put((byte) 64);
        for (int i = 0; i < 15; i++) h.put((byte) 0);
        h.put((byte) 1);
        for (int i = 0; i < 15; i++) h.put((byte) 0);
        h.put((byte) 2);
        return cat(h.array(), payload);
    }

    static byte[] udp(byte[] payload, int sport, int dport) {
        return cat(be(8).putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length))
                .putShort((short) 0).array(), payload);
    }

    static byte[] eth(byte[] payload, int type) {
        return cat(be(14).put(new byte[] {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1}).putShort((short) type).array(), payload);
    }

    private static byte[] vxlanHeader(byte[] inner) { return cat(be(8).put((byte) 0x08).put((byte) 0).putShort((short) 0).putInt(42 << 8).array(), inner); }
    private static byte[] geneveHeader(byte[] inner) { return cat(be(8).put((byte) 0).put((byte) 0).putShort((short) 0x6558).putInt(7 << 8).array(), inner); }
    private static byte[] greHeader(byte[] inner, int proto) { return cat(be(4).putShort((short) 0).putShort((short) proto).array(), inner); }

    static byte[] vxlan(int depth) {
        byte[] f = eth(ip4(tcpSyn(), 6), 0x0800);
        for (int i = 0; i < depth; i++) f = eth(ip4(udp(vxlanHeader(f), 40000, 4789), 17), 0x0800);
        return f;
    }

    static byte[] geneve(int depth) {
        byte[] f = eth(ip4(tcpSyn(), 6), 0x0800);
        for (int i = 0; i < depth; i++) f = eth(ip4(udp(geneveHeader(f), 40000, 6081), 17), 0x0800);
        return f;
    }

    static byte[] vlan(int depth) {
        ByteBuffer h = be(4 * depth);
        for (int i = 0; i < depth; i++) h.putShort((short) 0x8100).putShort((short) (i % 4094 + 1));
        byte[] macs = {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1};
        return cat(cat(macs, h.array()), cat(new byte[] {0x08, 0x00}, ip4(tcpSyn(), 6)));
    }

    static byte[] ipip(int depth) {
        byte[] p = ip4(tcpSyn(), 6);
        for (int i = 0; i < depth; i++) p = ip4(p, 4);
        return p;
    }

    static byte[] gre(int depth) {
        byte[] p = ip4(tcpSyn(), 6);
        for (int i = 0; i < depth; i++) p = ip4(greHeader(p, 0x0800), 47);
        return p;
    }

    static byte[] ip6in6(int depth) {
        byte[] p = ip6(tcpSyn(), 6);
        for (int i = 0; i < depth; i++) p = ip6(p, 41);
        return p;
    }

    /** VXLAN over IPv4, Geneve over IPv6, GRE bridging Ethernet, and IP in IP around GRE, in turn. */
    static byte[] mixed(int depth) {
        byte[] f = eth(ip4(tcpSyn(), 6), 0x0800);
        for (int i = 0; i < depth; i++) {
            switch (i % 4) {
                case 0 -> f = eth(ip4(udp(vxlanHeader(f), 40000, 4789), 17), 0x0800);
                case 1 -> f = eth(ip6(udp(geneveHeader(f), 40000, 6081), 17), 0x86dd);
                case 2 -> f = eth(ip4(greHeader(f, 0x6558), 47), 0x0800);
                default -> {
                    if (f[12] == 0x08 && f[13] == 0x00) {
                        byte[] ip = java.util.Arrays.copyOfRange(f, 14, f.length);
                        f = eth(ip4(ip4(greHeader(ip, 0x0800), 47), 4), 0x0800);
                    }
                }
            }
        }
        return f;
    }

    // ------------------------------------------------------------------ pcap

    static byte[] pcap(byte[] frame) { return pcap(new byte[][] {frame}, new int[] {frame.length}); }

    static byte[] pcap(byte[][] frames, int[] wire) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        o.writeBytes(h.array());
        for (int i = 0; i < frames.length; i++) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(1000 + i).putInt(0).putInt(frames[i].length).putInt(wire[i]);
            o.writeBytes(r.array());
            o.writeBytes(frames[i]);
        }
        return o.toByteArray();
    }
}
