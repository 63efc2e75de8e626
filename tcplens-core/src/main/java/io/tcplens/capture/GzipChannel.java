package io.tcplens.capture;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.GZIPInputStream;

/**
 * Gunzipped bytes as a channel that survives damage: everything that decompressed is delivered,
 * and where the compressed data ends or breaks, the channel ends too and keeps the problem with
 * both offsets ({@link DamagedGzipException}) for the reader to report once the whole records
 * before it are read. (A plain channel over a GZIPInputStream loses the bytes of the read that
 * failed: a megabyte, the whole of a small file.)
 */
final class GzipChannel implements ReadableByteChannel {
    /** The gzip stream ended early or is corrupt, after this many compressed and uncompressed bytes. */
    static final class DamagedGzipException extends IOException {
        final long compressed, uncompressed;

        DamagedGzipException(IOException cause, long compressed, long uncompressed) {
            super((cause instanceof EOFException ? "unexpected end of compressed data"
                    : "corrupt gzip data" + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"))
                    + ": the compressed data ends after " + compressed + " bytes (" + uncompressed
                    + " bytes uncompressed); every whole record before that was read", cause);
            this.compressed = compressed;
            this.uncompressed = uncompressed;
        }
    }

    /** Counts the compressed bytes handed to the inflater. */
    private static final class Counting extends FilterInputStream {
        long count;
        Counting(InputStream in) { super(in); }
        @Override public int read() throws IOException { int b = super.read(); if (b >= 0) count++; return b; }
        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }

    /** A GZIPInputStream that says how much of its input the inflater has not used yet. */
    private static final class Gz extends GZIPInputStream {
        Gz(InputStream in) throws IOException { super(in, 1 << 16); }
        long unused() { return inf.getRemaining(); }
    }

    private final Counting compressed;
    private Gz gz;
    private long uncompressed;
    private DamagedGzipException damage;
    private boolean eof, open = true;

    GzipChannel(InputStream raw) {
        this.compressed = new Counting(raw);
    }

    /** The damage met, or null (the stream ended cleanly or is still being read). */
    DamagedGzipException damage() { return damage; }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (eof) return -1;
        try {
            if (gz == null) gz = new Gz(compressed);
            int n = gz.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n < 0) { eof = true; return -1; }
            dst.position(dst.position() + n);
            uncompressed += n;
            return n;
        } catch (EOFException | java.util.zip.ZipException e) {
            eof = true;
            long used = compressed.count - (gz == null ? 0 : gz.unused());
            damage = new DamagedGzipException(e, used, uncompressed);
            return -1;
        }
    }

    @Override public boolean isOpen() { return open; }

    @Override
    public void close() throws IOException {
        open = false;
        if (gz != null) gz.close(); else compressed.close();
    }
}
