package io.tcplens.capture;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes classic pcap (microsecond, little-endian, as tcpdump -w writes on x86). Used by
 * {@code dump -w} and live capture; the header is written eagerly so that a capture
 * interrupted at any point is still a valid file.
 */
public final class PcapWriter implements Closeable {
    private final OutputStream out;
    private final byte[] hdr = new byte[16];
    private final boolean nanos;

    public PcapWriter(OutputStream out, int linkType, int snaplen, boolean nanos) throws IOException {
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.nanos = nanos;
        byte[] g = new byte[24];
        putLe(g, 0, nanos ? 0xA1B23C4D : 0xA1B2C3D4);
        g[4] = 2; g[5] = 0; g[6] = 4; g[7] = 0;
        putLe(g, 16, snaplen);
        putLe(g, 20, linkType);
        this.out.write(g);
    }

    public void write(Frame f) throws IOException {
        putLe(hdr, 0, (int) f.seconds());
        putLe(hdr, 4, nanos ? f.nanos() : f.nanos() / 1000);
        putLe(hdr, 8, f.captureLength());
        putLe(hdr, 12, f.wireLength());
        out.write(hdr);
        out.write(f.buffer(), f.offset(), f.captureLength());
    }

    public void flush() throws IOException { out.flush(); }

    @Override
    public void close() throws IOException { out.close(); }

    private static void putLe(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
