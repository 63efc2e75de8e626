package io.tcplens.render.text;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A growable byte buffer for line-oriented text output that flushes to a stream in large
 * chunks. Numbers are formatted without allocating, which keeps the tcpdump printer's hot
 * path free of garbage.
 */
public final class AsciiOut {
    private final OutputStream out;
    private byte[] buf;
    private int n;
    private final int flushAt;

    public AsciiOut(OutputStream out) { this(out, 1 << 16); }

    public AsciiOut(OutputStream out, int size) {
        this.out = out;
        this.buf = new byte[size + 4096];
        this.flushAt = size;
    }

    public AsciiOut ch(char c) { ensure(1); buf[n++] = (byte) c; return this; }

    public AsciiOut ch(int c) { ensure(1); buf[n++] = (byte) c; return this; }

    /** Appends a string; characters above 0xFF are written as '?', like an ASCII terminal would. */
    public AsciiOut s(String s) {
        int len = s.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            buf[n++] = (byte) (c < 256 ? c : '?');
        }
        return this;
    }

    /** Appends UTF-8 text (for the explanatory outputs, where non-ASCII is expected). */
    public AsciiOut utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        bytes(b, 0, b.length);
        return this;
    }

    public AsciiOut bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, n, len);
        n += len;
        return this;
    }

    /** Decimal, signed. */
    public AsciiOut dec(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) return s("-9223372036854775808");
            buf[n++] = '-';
            v = -v;
        }
        return udecRaw(v);
    }

    /** Decimal of an int holding an unsigned 32-bit value. */
    public AsciiOut u32(int v) { ensure(20); return udecRaw(v & 0xFFFFFFFFL); }

    private AsciiOut udecRaw(long v) {
        if (v < 10) { buf[n++] = (byte) ('0' + v); return this; }
        int digits = 0;
        long t = v;
        while (t > 0) { digits++; t /= 10; }
        int p = n + digits;
        while (v > 0) { buf[--p] = (byte) ('0' + (v % 10)); v /= 10; }
        n += digits;
        return this;
    }

    /** Zero-padded decimal of at least {@code width} digits (v ≥ 0). */
    public AsciiOut dec0(long v, int width) {
        ensure(Math.max(width, 20));
        int digits = 1;
        long t = v;
        while (t >= 10) { digits++; t /= 10; }
        for (int i = digits; i < width; i++) buf[n++] = '0';
        return udecRaw(v);
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Lower-case hex, no prefix, no padding. */
    public AsciiOut hex(long v) {
        ensure(16);
        if (v == 0) { buf[n++] = '0'; return this; }
        int digits = (64 - Long.numberOfLeadingZeros(v) + 3) / 4;
        return hex0(v, digits);
    }

    /** Lower-case hex padded with zeros to {@code digits}. */
    public AsciiOut hex0(long v, int digits) {
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) buf[n++] = HEX[(int) ((v >>> (i * 4)) & 0xF)];
        return this;
    }

    public AsciiOut nl() { ensure(1); buf[n++] = '\n'; if (n >= flushAt) flush(); return this; }

    /** Current length of unflushed content (lets a caller measure what it wrote). */
    public int mark() { return n; }

    /** Drops everything written after {@code mark} (the mark must be from after the last flush). */
    public void reset(int mark) { n = mark; }

    public void flush() {
        try {
            out.write(buf, 0, n);
            n = 0;
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ensure(int k) {
        if (n + k > buf.length) {
            byte[] b = new byte[Math.max(buf.length * 2, n + k + 4096)];
            System.arraycopy(buf, 0, b, 0, n);
            buf = b;
        }
    }
}
