package io.tcplens.capture;

import java.io.IOException;

/** Classic libpcap files: the four magics (µs/ns, either byte order) and the "modified" 1.1 variant. */
final class PcapReader implements CaptureReader {
    /** libpcap's MAXIMUM_SNAPLEN: records claiming more than this are rejected as garbage. */
    static final int MAX_SNAPLEN = 262144;

    private final String name;
    private final ByteSource src;
    private final boolean gz;
    private final boolean bigEndian;
    private final boolean nanos;
    private final int recordHeader;
    private final int linkType;
    private final int fileSnaplen;
    private int snapshot; // what libpcap enforces: the file's snaplen, or the maximum when absurd
    private long frames;
    /** A record whose header starts at or after this offset ends the read cleanly (a split's end). */
    long stopAt = Long.MAX_VALUE;

    static boolean isMagic(long m) {
        return m == 0xA1B2C3D4L || m == 0xD4C3B2A1L || m == 0xA1B23C4DL || m == 0x4D3CB2A1L
                || m == 0xA1B2CD34L || m == 0x34CDB2A1L;
    }

    PcapReader(String name, ByteSource src, boolean gz) throws CaptureException, IOException {
        this.name = name;
        this.src = src;
        this.gz = gz;
        if (src.ensure(24) < 24) {
            throw new CaptureException(name, 0, "truncated pcap file header (" + src.available() + " of 24 bytes)");
        }
        byte[] b = src.array();
        int p = src.pos();
        long magicBE = Bytes.u32(b, p);
        boolean be = magicBE == 0xA1B2C3D4L || magicBE == 0xA1B23C4DL || magicBE == 0xA1B2CD34L;
        long magic = Bytes.u32(b, p, be);
        this.bigEndian = be;
        this.nanos = magic == 0xA1B23C4DL;
        this.recordHeader = magic == 0xA1B2CD34L ? 24 : 16;
        int major = Bytes.u16(b, p + 4, be);
        if (major != 2) {
            throw new CaptureException(name, 4, "unsupported pcap version " + major + "." + Bytes.u16(b, p + 6, be));
        }
        this.fileSnaplen = Bytes.i32(b, p + 16, be);
        // The upper bits of the link-type field carry FCS information; the type is the low 16 bits.
        this.linkType = Bytes.i32(b, p + 20, be) & 0xFFFF;
        this.snapshot = (fileSnaplen <= 0 || fileSnaplen > MAX_SNAPLEN) ? MAX_SNAPLEN : fileSnaplen;
        src.advance(24);
    }

    @Override
    public boolean next(Frame f) throws CaptureException {
        try {
            long at = src.position();
            if (at >= stopAt) return false;
            int have = src.ensure(recordHeader);
            if (have == 0) return false;
            if (have < recordHeader) {
                throw new CaptureException(name, at, "truncated record header (" + have + " of "
                        + recordHeader + " bytes) after frame " + frames);
            }
            byte[] b = src.array();
            int p = src.pos();
            long sec = Bytes.u32(b, p, bigEndian);
            long frac = Bytes.u32(b, p + 4, bigEndian);
            long caplen = Bytes.u32(b, p + 8, bigEndian);
            long len = Bytes.u32(b, p + 12, bigEndian);
            if (caplen > MAX_SNAPLEN) {
                throw new CaptureException(name, at, "record " + (frames + 1) + " claims " + caplen
                        + " captured bytes, more than the maximum of " + MAX_SNAPLEN + "; the file is damaged");
            }
            src.advance(recordHeader);
            int need = (int) caplen;
            long dataAt = src.position();
            if (src.ensure(need) < need) {
                throw new CaptureException(name, dataAt, "truncated record " + (frames + 1) + ": " + caplen
                        + " captured bytes announced, only " + src.available() + " present");
            }
            frames++;
            f.buffer = src.array();
            f.offset = src.pos();
            // Like libpcap, a record longer than the file's snapshot length is cut to it.
            f.captureLength = Math.min(need, snapshot);
            f.wireLength = (int) Math.min(len, Integer.MAX_VALUE);
            f.seconds = sec;
            f.nanos = (int) (nanos ? Math.min(frac, 999_999_999L) : Math.min(frac, 999_999L) * 1000);
            f.rawFractionDigits = 0;
            if (nanos && frac > 999_999_999L || !nanos && frac > 999_999L) {
                // Out-of-range fraction: normalised here for the analysers; libpcap does not
                // normalise, so the raw field is kept for the tcpdump printer.
                f.nanos = (int) (nanos ? frac % 1_000_000_000L : (frac % 1_000_000L) * 1000);
                f.seconds = sec + (nanos ? frac / 1_000_000_000L : frac / 1_000_000L);
                f.rawFraction = (int) frac;
                f.rawFractionDigits = (byte) (nanos ? 9 : 6);
            }
            f.linkType = linkType;
            f.snaplen = fileSnaplen;
            f.number = frames;
            f.fileOffset = at;
            f.dataFileOffset = at + 16;
            f.interfaceId = 0;
            src.advance(need);
            return true;
        } catch (IOException e) {
            throw new CaptureException(name, src.position(), "read error: " + CaptureReader.describe(e));
        }
    }

    ByteSource source() { return src; }

    /** Counts frames from {@code before}: a split read from the middle numbers (and names in messages) records as the whole file does. */
    void numberFrom(long before) { frames = before; }

    boolean bigEndian() { return bigEndian; }
    int recordHeaderLength() { return recordHeader; }
    /** What a record may hold at most (libpcap's maximum). */
    static int maxRecord() { return MAX_SNAPLEN; }

    @Override public int linkType() { return linkType; }
    @Override public int snaplen() { return fileSnaplen; }

    @Override public void keepWholeRecords() { snapshot = MAX_SNAPLEN; }
    @Override public boolean nanosecondResolution() { return nanos; }
    @Override public java.nio.ByteOrder byteOrder() { return bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN; }
    @Override public String format() { return gz ? "pcap (gzip)" : "pcap"; }
    @Override public String name() { return name; }

    @Override
    public void close() {
        try { src.close(); } catch (IOException ignored) { }
    }
}
