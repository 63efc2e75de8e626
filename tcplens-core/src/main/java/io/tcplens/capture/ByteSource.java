package io.tcplens.capture;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A forward-only window over a byte stream (file, pipe or gunzipped data). The window is
 * one reusable array that grows only to hold the largest single record, never with the
 * size of the stream, so memory stays flat however big the capture is.
 */
final class ByteSource implements Closeable {
    /** No record may be larger than this; bigger lengths in a header are garbage. */
    static final int MAX_WINDOW = 64 << 20;

    private final ReadableByteChannel channel;
    private byte[] buf;
    private ByteBuffer bb;
    private int pos;
    private int limit;
    private long base; // stream offset of buf[0]
    private boolean eof;

    ByteSource(ReadableByteChannel channel, int initialSize) {
        this.channel = channel;
        this.buf = new byte[initialSize];
        this.bb = ByteBuffer.wrap(buf);
    }

    byte[] array() { return buf; }
    int pos() { return pos; }
    long position() { return base + pos; }
    int available() { return limit - pos; }

    /**
     * Makes at least {@code n} bytes available from {@link #pos()}, reading more as needed.
     * Returns how many are available, which is less than {@code n} only at end of stream.
     * Array offsets obtained before this call are invalid afterwards.
     */
    int ensure(int n) throws IOException {
        if (limit - pos >= n) return limit - pos;
        if (n > MAX_WINDOW) throw new IllegalArgumentException("window request too large: " + n);
        if (pos > 0) { // slide the unread tail to the front
            int rest = limit - pos;
            System.arraycopy(buf, pos, buf, 0, rest);
            base += pos;
            pos = 0;
            limit = rest;
        }
        if (n > buf.length) {
            int size = buf.length;
            while (size < n) size = Math.min(MAX_WINDOW, size * 2);
            byte[] bigger = new byte[size];
            System.arraycopy(buf, 0, bigger, 0, limit);
            buf = bigger;
            bb = ByteBuffer.wrap(buf);
        }
        while (limit < n && !eof) {
            bb.limit(buf.length).position(limit);
            int r = channel.read(bb);
            if (r < 0) eof = true;
            else limit += r;
        }
        // Damaged compressed data ends the stream: said when a read needs more than came out of it.
        if (limit - pos < n && channel instanceof GzipChannel g && g.damage() != null) throw g.damage();
        return limit - pos;
    }

    void advance(int n) { pos += n; }

    /**
     * Continues the stream at byte {@code offset} of the underlying file (which must be seekable):
     * what is buffered is dropped and {@link #position()} is {@code offset} from here on, so the
     * offsets a reader reports stay the file's own. Used to read a capture split from its middle
     * after the file's header was read ({@link CaptureSplits}).
     */
    void seek(long offset) throws IOException {
        if (!(channel instanceof java.nio.channels.SeekableByteChannel sc)) {
            throw new IOException("stream cannot be positioned");
        }
        sc.position(offset);
        base = offset;
        pos = 0;
        limit = 0;
        eof = false;
    }

    /** Skips {@code n} bytes; returns how many were really skipped (fewer only at end of stream). */
    long skip(long n) throws IOException {
        long done = 0;
        while (done < n) {
            int avail = limit - pos;
            if (avail == 0) {
                if (ensure(1) == 0) break;
                continue;
            }
            int step = (int) Math.min(avail, n - done);
            pos += step;
            done += step;
        }
        return done;
    }

    @Override
    public void close() throws IOException { channel.close(); }
}
