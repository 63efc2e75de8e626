package io.tcplens.capture;

/** Unsigned big- and little-endian reads from a byte array; the caller has checked bounds. */
public final class Bytes {
    private Bytes() {}

    public static int u8(byte[] b, int i) { return b[i] & 0xFF; }
    public static int u16(byte[] b, int i) { return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF); }
    public static int u16le(byte[] b, int i) { return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8); }
    public static int i32(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }
    public static int i32le(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16) | ((b[i + 3] & 0xFF) << 24);
    }
    public static long u32(byte[] b, int i) { return i32(b, i) & 0xFFFFFFFFL; }
    public static long u32le(byte[] b, int i) { return i32le(b, i) & 0xFFFFFFFFL; }
    public static int u24(byte[] b, int i) { return ((b[i] & 0xFF) << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF); }

    public static int i32(byte[] b, int i, boolean bigEndian) { return bigEndian ? i32(b, i) : i32le(b, i); }
    public static long u32(byte[] b, int i, boolean bigEndian) { return i32(b, i, bigEndian) & 0xFFFFFFFFL; }
    public static int u16(byte[] b, int i, boolean bigEndian) { return bigEndian ? u16(b, i) : u16le(b, i); }
}
