package io.tcplens.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes generated TCP conversations as a classic pcap (little-endian, microseconds) for tests:
 * a handshake, data each way cut into segments, a close; every packet inside the chosen
 * encapsulation (802.1Q tags, IPv4-in-IPv4 layers) on Ethernet, or under any link type.
 *
 * <pre>{@code
 * GeneratedCapture g = new GeneratedCapture().vlanTags(9);
 * g.open(); g.client("GET / HTTP/1.1\r\nHost: x\r\n\r\n"); g.server("HTTP/1.1 204 No Content\r\n\r\n"); g.close();
 * g.write(path);
 * }</pre>
 *
 * The stream is built in memory as it is generated (captures of some tens of megabytes).
 */
public final class GeneratedCapture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int linkType = 1;
    private int vlanTags;
    private int ipInIp;
    private int mss = 1460;
    private final byte[] clientIp = {10, 0, 0, 1}, serverIp = {10, 0, 0, 2};
    private int clientPort = 40000;
    private final int serverPort = 80;
    private long clientSeq = 1000, serverSeq = 5000;
    private long micros = 1_700_000_000_000_000L;
    private int ipId;
    private int frames;

    public GeneratedCapture() {
        header();
    }

    /** 802.1Q tags between the Ethernet header and IP (0 by default). */
    public GeneratedCapture vlanTags(int n) { vlanTags = n; return this; }

    /** Outer IPv4 headers (protocol 4) around the connection's own IPv4 header (0 by default). */
    public GeneratedCapture ipInIp(int n) { ipInIp = n; return this; }

    /** Largest payload per segment (1460 by default). */
    public GeneratedCapture mss(int n) { mss = n; return this; }

    /** The link type written in the file header (1, Ethernet, by default; the frames stay Ethernet frames). */
    public GeneratedCapture linkType(int t) {
        linkType = t;
        byte[] b = out.toByteArray();
        b[20] = (byte) t; b[21] = (byte) (t >> 8); b[22] = (byte) (t >> 16); b[23] = (byte) (t >> 24);
        out.reset();
        out.writeBytes(b);
        return this;
    }

    /** A new connection from the next client port. */
    public GeneratedCapture nextConnection() { clientPort++; clientSeq = 1000; serverSeq = 5000; return this; }

    public int frames() { return frames; }

    /** The three-way handshake. */
    public GeneratedCapture open() {
        segment(true, 0x02, new byte[0]);
        clientSeq++;
        segment(false, 0x12, new byte[0]);
        serverSeq++;
        segment(true, 0x10, new byte[0]);
        return this;
    }

    public GeneratedCapture client(String s) { return client(s.getBytes(StandardCharsets.ISO_8859_1)); }

    public GeneratedCapture server(String s) { return server(s.getBytes(StandardCharsets.ISO_8859_1)); }

    /** Client data, in segments of at most mss bytes, each acknowledged by the server. */
    public GeneratedCapture client(byte[] data) { return data(true, data); }

    public GeneratedCapture server(byte[] data) { return data(false, data); }

    private GeneratedCapture data(boolean fromClient, byte[] data) {
        for (int off = 0; off < data.length; off += mss) {
            byte[] seg = java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + mss));
            segment(fromClient, 0x18, seg);
            if (fromClient) clientSeq += seg.length; else serverSeq += seg.length;
            segment(!fromClient, 0x10, new byte[0]);
        }
        return this;
    }

    /** FIN from the client, FIN-ACK from the server, last ACK. */
    public GeneratedCapture close() {
        segment(true, 0x11, new byte[0]);
        clientSeq++;
        segment(false, 0x11, new byte[0]);
        serverSeq++;
        segment(true, 0x10, new byte[0]);
        return this;
    }

    public byte[] bytes() { return out.toByteArray(); }

    public Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(file)) { out.writeTo(os); }
        return file;
    }

    private void header() {
        byte[] g = new byte[24];
        le32(g, 0, 0xA1B2C3D4);
        g[4] = 2; g[6] = 4;
        le32(g, 16, 262144);
        le32(g, 20, linkType);
        out.writeBytes(g);
    }

    private void segment(boolean fromClient, int flags, byte[] payload) {
        byte[] tcp = new byte[20 + payload.length];
        int sp = fromClient ? clientPort : serverPort, dp = fromClient ? serverPort : clientPort;
        be16(tcp, 0, sp);
        be16(tcp, 2, dp);
        be32(tcp, 4, fromClient ? clientSeq : serverSeq);
        be32(tcp, 8, (flags & 0x10) != 0 ? (fromClient ? serverSeq : clientSeq) : 0);
        tcp[12] = 0x50;
        tcp[13] = (byte) flags;
        be16(tcp, 14, 65535);
        System.arraycopy(payload, 0, tcp, 20, payload.length);
        byte[] src = fromClient ? clientIp : serverIp, dst = fromClient ? serverIp : clientIp;
        byte[] ip = ipv4(src, dst, 6, tcp);
        for (int i = 0; i < ipInIp; i++) ip = ipv4(new byte[] {(byte) 192, 0, 2, (byte) (i + 1)}, new byte[] {(byte) 198, 51, 100, (byte) (i + 1)}, 4, ip);
        byte[] frame = new byte[14 + 4 * vlanTags + ip.length];
        frame[0] = 0x02; frame[5] = (byte) (fromClient ? 2 : 1);
        frame[6] = 0x02; frame[11] = (byte) (fromClient ? 1 : 2);
        int o = 12;
        for (int i = 0; i < vlanTags; i++) {
            be16(frame, o, 0x8100);
            be16(frame, o + 2, 100 + i);
            o += 4;
        }
        be16(frame, o, 0x0800);
        System.arraycopy(ip, 0, frame, o + 2, ip.length);
        micros += 100;
        byte[] rec = new byte[16];
        le32(rec, 0, (int) (micros / 1_000_000));
        le32(rec, 4, (int) (micros % 1_000_000));
        le32(rec, 8, frame.length);
        le32(rec, 12, frame.length);
        out.writeBytes(rec);
        out.writeBytes(frame);
        frames++;
    }

    private byte[] ipv4(byte[] src, byte[] dst, int proto, byte[] payload) {
        int total = 20 + payload.length;
        if (total > 65535) throw new IllegalArgumentException("IP packet too long: " + total);
        byte[] b = new byte[total];
        b[0] = 0x45;
        be16(b, 2, total);
        be16(b, 4, ++ipId);
        b[6] = 0x40;
        b[8] = 64;
        b[9] = (byte) proto;
        System.arraycopy(src, 0, b, 12, 4);
        System.arraycopy(dst, 0, b, 16, 4);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        be16(b, 10, ~sum & 0xFFFF);
        System.arraycopy(payload, 0, b, 20, payload.length);
        if (proto == 6) tcpChecksum(b, src, dst);
        return b;
    }

    /** The TCP checksum over the pseudo-header (so tshark does not flag the segments). */
    private static void tcpChecksum(byte[] ip, byte[] src, byte[] dst) {
        int len = ip.length - 20;
        if (len < 20) return;
        ip[20 + 16] = 0;
        ip[20 + 17] = 0;
        long sum = 0;
        for (int i = 0; i < 4; i += 2) sum += ((src[i] & 0xFF) << 8 | (src[i + 1] & 0xFF)) + ((dst[i] & 0xFF) << 8 | (dst[i + 1] & 0xFF));
        sum += 6 + len;
        for (int i = 0; i < len; i += 2) {
            int hi = ip[20 + i] & 0xFF, lo = i + 1 < len ? ip[20 + i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        be16(ip, 20 + 16, (int) (~sum & 0xFFFF));
    }

    private static void be16(byte[] b, int o, int v) { b[o] = (byte) (v >> 8); b[o + 1] = (byte) v; }

    private static void be32(byte[] b, int o, long v) {
        b[o] = (byte) (v >> 24); b[o + 1] = (byte) (v >> 16); b[o + 2] = (byte) (v >> 8); b[o + 3] = (byte) v;
    }

    private static void le32(byte[] b, int o, int v) {
        b[o] = (byte) v; b[o + 1] = (byte) (v >> 8); b[o + 2] = (byte) (v >> 16); b[o + 3] = (byte) (v >> 24);
    }
}
