package io.tcplens.render.follow;

import io.tcplens.reassembly.TsharkFollow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Prints one followed TCP stream exactly as {@code tshark -q -z follow,tcp,MODE,N} (Wireshark
 * 4.0) does, for the modes ascii, hex and raw. Feed a {@link TsharkFollow} the stream's packets,
 * then render it.
 */
public final class FollowRenderer {
    private FollowRenderer() {}

    public enum Mode {
        ASCII("ascii"), HEX("hex"), RAW("raw");
        final String name;
        Mode(String name) { this.name = name; }
        public static Mode parse(String s) {
            for (Mode m : values()) if (m.name.equalsIgnoreCase(s)) return m;
            throw new IllegalArgumentException("unknown follow mode: " + s + " (ascii, hex, raw)");
        }
    }

    private static final byte[] RULE = "===================================================================\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEXD = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEXU = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /** The whole output as bytes. */
    public static byte[] render(Mode mode, long stream, TsharkFollow follow) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            render(mode, stream, follow, out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    public static void render(Mode mode, long stream, TsharkFollow follow, OutputStream out) throws IOException {
        out.write('\n');
        out.write(RULE);
        ascii(out, "Follow: tcp," + mode.name + "\n");
        ascii(out, "Filter: tcp.stream eq " + stream + "\n");
        ascii(out, "Node 0: " + endpoint(follow.address(0), follow.port(0)) + "\n");
        ascii(out, "Node 1: " + endpoint(follow.address(1), follow.port(1)) + "\n");
        long[] position = new long[2];
        byte[] line = new byte[128];
        for (TsharkFollow.Chunk c : follow.chunks()) {
            byte[] d = c.data();
            boolean server = c.node() == 1;
            switch (mode) {
                case ASCII -> {
                    ascii(out, (server ? "\t" : "") + d.length + "\n");
                    byte[] t = new byte[d.length + 1];
                    for (int i = 0; i < d.length; i++) {
                        int b = d[i] & 0xFF;
                        t[i] = (b >= 0x20 && b < 0x7F) || b == '\r' || b == '\n' ? (byte) b : (byte) '.';
                    }
                    t[d.length] = '\n';
                    out.write(t);
                }
                case RAW -> {
                    byte[] t = new byte[d.length * 2 + 2];
                    int n = 0;
                    if (server) t[n++] = '\t';
                    for (byte b : d) {
                        t[n++] = HEXD[(b >> 4) & 15];
                        t[n++] = HEXD[b & 15];
                    }
                    t[n++] = '\n';
                    out.write(t, 0, n);
                }
                case HEX -> {
                    for (int p = 0; p < d.length; p += 16) {
                        int n = 0;
                        if (server) line[n++] = '\t';
                        long off = position[c.node()] + p;
                        for (int s = 28; s >= 0; s -= 4) line[n++] = HEXU[(int) (off >>> s) & 15];
                        line[n++] = ' ';
                        line[n++] = ' ';
                        int count = Math.min(16, d.length - p);
                        for (int i = 0; i < 16; i++) {
                            if (i == 8) line[n++] = ' ';
                            if (i < count) {
                                int b = d[p + i] & 0xFF;
                                line[n++] = HEXD[b >> 4];
                                line[n++] = HEXD[b & 15];
                            } else {
                                line[n++] = ' ';
                                line[n++] = ' ';
                            }
                            line[n++] = ' ';
                        }
                        line[n++] = ' ';
                        for (int i = 0; i < count; i++) {
                            if (i == 8) line[n++] = ' ';
                            int b = d[p + i] & 0xFF;
                            line[n++] = b >= 0x20 && b < 0x7F ? (byte) b : (byte) '.';
                        }
                        // tshark puts the group separator after the 8th character even when nothing follows,
                        // then drops one trailing blank: a line's last blank disappears unless it has exactly 8 bytes.
                        if (count != 8 && line[n - 1] == ' ') n--;
                        line[n++] = '\n';
                        out.write(line, 0, n);
                    }
                    position[c.node()] += d.length;
                }
            }
        }
        out.write(RULE);
    }

    private static void ascii(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code a.b.c.d:port} or {@code [v6]:port}, as Wireshark prints addresses. */
    public static String endpoint(byte[] addr, int port) {
        if (addr == null) return ":0";
        if (addr.length == 4) return ipv4(addr, 0) + ":" + port;
        if (addr.length == 16) return "[" + ipv6(addr) + "]:" + port;
        return "?:" + port;
    }

    static String ipv4(byte[] a, int o) {
        return (a[o] & 0xFF) + "." + (a[o + 1] & 0xFF) + "." + (a[o + 2] & 0xFF) + "." + (a[o + 3] & 0xFF);
    }

    /** RFC 5952 text, as inet_ntop prints it: {@link io.tcplens.conn.Addresses#format}, the one formatter. */
    public static String ipv6(byte[] a) { return io.tcplens.conn.Addresses.format(a); }
}
