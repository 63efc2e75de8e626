package io.tcplens.capture;

import java.io.IOException;
import java.util.Arrays;

/**
 * pcapng: section header blocks in either byte order, any number of sections and interfaces
 * (each with its own link type, snaplen, if_tsresol and if_tsoffset), enhanced, simple and
 * obsolete packet blocks. Blocks of other types are skipped.
 */
final class PcapngReader implements CaptureReader {
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int OPB = 2;
    static final int SPB = 3;
    static final int EPB = 6;
    /** Larger blocks than this are treated as garbage (libpcap uses a similar bound). */
    static final int MAX_BLOCK = 16 << 20;

    private final String name;
    private final ByteSource src;
    private final boolean gz;
    private boolean bigEndian;
    private boolean sawSection;

    // Interfaces of the current section; grown on demand, never per packet.
    private int ifCount;
    private int[] ifLinkType = new int[4];
    private int[] ifSnaplen = new int[4];
    private long[] ifUnitsPerSecond = new long[4];
    private boolean[] ifPowerOfTwo = new boolean[4];
    private int[] ifPow2Shift = new int[4];
    private long[] ifTsOffset = new long[4];

    private int firstLinkType = -1;
    private int firstSnaplen;
    private boolean anyNanos;
    private long frames;
    /** A block that starts at or after this offset ends the read cleanly (a split's end). */
    long stopAt = Long.MAX_VALUE;
    /** Where the first section header block ends. */
    long headerEnd = -1;
    /** Offset of the file's first packet block, once known (read, or stopped before by {@link #readPreamble}). */
    long firstPacketAt = Long.MAX_VALUE;
    /** Section header and interface description blocks met after the file's first packet block. */
    int lateStructureBlocks;

    PcapngReader(String name, ByteSource src, boolean gz) throws CaptureException, IOException {
        this.name = name;
        this.src = src;
        this.gz = gz;
        // Read up to the first interface, so linkType() is known before the first packet.
        while (ifCount == 0) {
            if (!readBlock(null)) break;
        }
    }

    @Override
    public boolean next(Frame f) throws CaptureException {
        while (true) {
            int r = readBlockChecked(f);
            if (r < 0) return false;
            if (r == 1) return true;
        }
    }

    private int readBlockChecked(Frame f) throws CaptureException {
        try {
            return readBlock(f) ? (f != null && pendingFrame ? 1 : 0) : -1;
        } catch (IOException e) {
            throw new CaptureException(name, src.position(), "read error: " + CaptureReader.describe(e));
        } finally {
            pendingFrame = false;
        }
    }

    private boolean pendingFrame;

    /** Reads one block. Returns false at the clean end. Sets pendingFrame when it filled a frame. */
    private boolean readBlock(Frame f) throws IOException, CaptureException {
        long at = src.position();
        if (at >= stopAt) return false;
        int have = src.ensure(12);
        if (have == 0) {
            if (!sawSection) throw new CaptureException(name, at, "no section header block");
            return false;
        }
        if (have < 12) throw new CaptureException(name, at, "truncated block header (" + have + " of 12 bytes)");
        byte[] b = src.array();
        int p = src.pos();
        int rawType = Bytes.i32(b, p);
        if (rawType == SHB) {
            long bom = Bytes.u32(b, p + 8);
            if (bom == 0x1A2B3C4DL) bigEndian = true;
            else if (bom == 0x4D3C2B1AL) bigEndian = false;
            else throw new CaptureException(name, at + 8, String.format("bad byte-order magic 0x%08x in section header", bom));
        } else if (!sawSection) {
            throw new CaptureException(name, at, "file does not start with a section header block");
        }
        int type = Bytes.i32(b, p, bigEndian);
        long total = Bytes.u32(b, p + 4, bigEndian);
        if (type == EPB || type == SPB || type == OPB) {
            if (firstPacketAt == Long.MAX_VALUE) firstPacketAt = at;
        } else if ((type == SHB || type == IDB) && at > firstPacketAt) {
            lateStructureBlocks++;
        }
        if (total < 12 || (total & 3) != 0) {
            throw new CaptureException(name, at + 4, "invalid block length " + total + " (block type 0x"
                    + Integer.toHexString(type) + ")");
        }
        if (total > MAX_BLOCK) {
            throw new CaptureException(name, at + 4, "block length " + total + " is larger than the maximum of "
                    + MAX_BLOCK + "; the file is damaged");
        }
        int len = (int) total;
        if (src.ensure(len) < len) {
            throw new CaptureException(name, at, "truncated block: " + len + " bytes announced, only "
                    + src.available() + " present");
        }
        b = src.array();
        p = src.pos();
        long trailer = Bytes.u32(b, p + len - 4, bigEndian);
        if (trailer != total) {
            if (type == SHB && !sawSection) {
                // libpcap reads the first section header itself and never looks at its trailing
                // length (tcpdump reads every packet); only later blocks must agree.
                warn("the section header block at byte offset " + at + " has length " + total
                        + " but trailing length " + trailer + " (read on, as tcpdump does; tshark calls the file damaged)");
            } else {
                throw new CaptureException(name, at + len - 4, "block length " + total
                        + " does not match the trailing length " + trailer);
            }
        }
        switch (type) {
            case SHB -> {
                if (len < 28) throw new CaptureException(name, at, "section header block too short");
                int major = Bytes.u16(b, p + 12, bigEndian);
                if (major != 1) throw new CaptureException(name, at + 12, "unsupported pcapng version " + major);
                if (!sawSection) headerEnd = at + len;
                sawSection = true;
                ifCount = 0; // interfaces are per section
                checkOptions(b, p + 24, p + len - 4, at, "section header block");
            }
            case IDB -> readInterface(b, p, len, at);
            case EPB -> fillEnhanced(f, b, p, len, at);
            case SPB -> fillSimple(f, b, p, len, at);
            case OPB -> fillObsolete(f, b, p, len, at);
            default -> { /* name resolution, statistics, custom, decryption secrets ...: skipped */ }
        }
        src.advance(len);
        return true;
    }

    private void readInterface(byte[] b, int p, int len, long at) throws CaptureException {
        if (len < 20) throw new CaptureException(name, at, "interface description block too short");
        int i = ifCount;
        if (i == ifLinkType.length) grow();
        ifLinkType[i] = Bytes.u16(b, p + 8, bigEndian);
        ifSnaplen[i] = Bytes.i32(b, p + 12, bigEndian);
        ifUnitsPerSecond[i] = 1_000_000L;
        ifPowerOfTwo[i] = false;
        ifTsOffset[i] = 0;
        // options: code(2) length(2) value, padded to 4
        int o = p + 16;
        int end = p + len - 4;
        while (o + 4 <= end) {
            int code = Bytes.u16(b, o, bigEndian);
            int olen = Bytes.u16(b, o + 2, bigEndian);
            if (code == 0) break;
            if (o + 4 + ((olen + 3) & ~3) > end) {
                // libpcap (so tcpdump) and tshark stop on this: the interface cannot be read
                throw new CaptureException(name, at, "interface description block option " + code + " claims " + olen
                        + " bytes, more than the block's " + (end - o - 4) + " remaining; the file is damaged");
            }
            if (code == 9 && olen >= 1) {
                int v = b[o + 4] & 0xFF;
                if ((v & 0x80) != 0) {
                    ifPowerOfTwo[i] = true;
                    ifPow2Shift[i] = Math.min(v & 0x7F, 62);
                    ifUnitsPerSecond[i] = 1L << ifPow2Shift[i];
                } else {
                    int exp = Math.min(v, 18);
                    long u = 1;
                    for (int k = 0; k < exp; k++) u *= 10;
                    ifUnitsPerSecond[i] = u;
                }
            } else if (code == 14 && olen >= 8) {
                ifTsOffset[i] = bigEndian ? Bytes.i32(b, o + 4) * 0x1_0000_0000L + Bytes.u32(b, o + 8)
                        : Bytes.u32le(b, o + 4) + Bytes.i32le(b, o + 8) * 0x1_0000_0000L;
            }
            o += 4 + ((olen + 3) & ~3);
        }
        if (ifUnitsPerSecond[i] > 1_000_000L) anyNanos = true;
        if (firstLinkType < 0) {
            firstLinkType = ifLinkType[i];
            firstSnaplen = ifSnaplen[i];
        }
        ifCount++;
    }

    private void grow() {
        int n = ifLinkType.length * 2;
        ifLinkType = Arrays.copyOf(ifLinkType, n);
        ifSnaplen = Arrays.copyOf(ifSnaplen, n);
        ifUnitsPerSecond = Arrays.copyOf(ifUnitsPerSecond, n);
        ifPowerOfTwo = Arrays.copyOf(ifPowerOfTwo, n);
        ifPow2Shift = Arrays.copyOf(ifPow2Shift, n);
        ifTsOffset = Arrays.copyOf(ifTsOffset, n);
    }

    private void checkInterface(int id, long at) throws CaptureException {
        if (id < 0 || id >= ifCount) {
            throw new CaptureException(name, at, "packet block for interface " + id + ", but only "
                    + ifCount + " interface(s) are described");
        }
    }

    private void fillEnhanced(Frame f, byte[] b, int p, int len, long at) throws CaptureException {
        if (len < 32) throw new CaptureException(name, at, "enhanced packet block too short (" + len + " bytes)");
        int id = Bytes.i32(b, p + 8, bigEndian);
        checkInterface(id, at + 8);
        long hi = Bytes.u32(b, p + 12, bigEndian);
        long lo = Bytes.u32(b, p + 16, bigEndian);
        long caplen = Bytes.u32(b, p + 20, bigEndian);
        long orig = Bytes.u32(b, p + 24, bigEndian);
        if (caplen > len - 32) {
            throw new CaptureException(name, at + 20, "enhanced packet block claims " + caplen
                    + " captured bytes but holds only " + (len - 32));
        }
        int optionsAt = p + 28 + (int) ((caplen + 3) & ~3L);
        if (optionsAt < p + len - 4) checkOptions(b, optionsAt, p + len - 4, at, "enhanced packet block");
        fill(f, id, (hi << 32) | lo, p, 28, (int) caplen, orig, at);
    }

    /**
     * Options of a block libpcap reads without parsing them (section header, packet blocks): one
     * whose length runs past the block is a damage tshark stops on and tcpdump does not see. Read
     * on, as tcpdump does, and say it (once per kind of block).
     */
    private void checkOptions(byte[] b, int o, int end, long at, String block) {
        while (o + 4 <= end) {
            int code = Bytes.u16(b, o, bigEndian);
            int olen = Bytes.u16(b, o + 2, bigEndian);
            if (code == 0) return;
            if (o + 4 + ((olen + 3) & ~3) > end) {
                warn("a " + block + " at byte offset " + at + " has option " + code + " claiming " + olen
                        + " bytes, more than the block holds (read on, as tcpdump does; tshark calls the file damaged)");
                return;
            }
            o += 4 + ((olen + 3) & ~3);
        }
    }

    /** Said once each (a damaged block repeated in every packet must not flood stderr), at most 16. */
    private final java.util.LinkedHashSet<String> warnings = new java.util.LinkedHashSet<>();
    private final java.util.Set<String> warnedKinds = new java.util.HashSet<>();

    private void warn(String w) {
        String kind = warningKind(w);
        if (warnedKinds.add(kind) && warnings.size() < 16) warnings.add(w);
    }

    @Override public java.util.List<String> warnings() { return java.util.List.copyOf(warnings); }

    private void fillSimple(Frame f, byte[] b, int p, int len, long at) throws CaptureException {
        if (len < 16) throw new CaptureException(name, at, "simple packet block too short");
        checkInterface(0, at);
        long orig = Bytes.u32(b, p + 8, bigEndian);
        int room = len - 16;
        int snap = ifSnaplen[0] > 0 ? ifSnaplen[0] : Integer.MAX_VALUE;
        int caplen = (int) Math.min(Math.min(orig, room), snap);
        fill(f, 0, Long.MIN_VALUE, p, 12, caplen, orig, at);
    }

    private void fillObsolete(Frame f, byte[] b, int p, int len, long at) throws CaptureException {
        if (len < 32) throw new CaptureException(name, at, "packet block too short");
        int id = Bytes.u16(b, p + 8, bigEndian);
        checkInterface(id, at + 8);
        long hi = Bytes.u32(b, p + 12, bigEndian);
        long lo = Bytes.u32(b, p + 16, bigEndian);
        long caplen = Bytes.u32(b, p + 20, bigEndian);
        long orig = Bytes.u32(b, p + 24, bigEndian);
        if (caplen > len - 32) {
            throw new CaptureException(name, at + 20, "packet block claims " + caplen
                    + " captured bytes but holds only " + (len - 32));
        }
        fill(f, id, (hi << 32) | lo, p, 28, (int) caplen, orig, at);
    }

    /** {@code block}: the block's start in the buffer, {@code at} in the file; the data follow its first {@code head} bytes. */
    private void fill(Frame f, int id, long ts, int block, int head, int caplen, long orig, long at) {
        if (f == null) return; // still reading the file's preamble
        frames++;
        f.buffer = src.array();
        f.offset = block + head;
        f.dataFileOffset = at + head;
        f.captureLength = caplen;
        f.wireLength = (int) Math.min(orig, Integer.MAX_VALUE);
        if (ts == Long.MIN_VALUE) { // simple packet blocks carry no timestamp
            f.seconds = 0;
            f.nanos = 0;
        } else {
            long units = ifUnitsPerSecond[id];
            long sec = Long.divideUnsigned(ts, units);
            long rem = Long.remainderUnsigned(ts, units);
            long nanos;
            if (ifPowerOfTwo[id]) {
                nanos = (long) ((rem / (double) units) * 1e9);
            } else if (units >= 1_000_000_000L) {
                nanos = rem / (units / 1_000_000_000L);
            } else {
                nanos = rem * (1_000_000_000L / units);
            }
            f.seconds = sec + ifTsOffset[id];
            f.nanos = (int) nanos;
        }
        f.linkType = ifLinkType[id];
        f.snaplen = ifSnaplen[id];
        f.number = frames;
        f.fileOffset = at;
        f.interfaceId = id;
        f.rawFractionDigits = 0;
        pendingFrame = true;
    }

    ByteSource source() { return src; }

    /** Counts frames from {@code before} (a split read from the middle of the file). */
    void numberFrom(long before) { frames = before; }

    /** True when the packet blocks read so far were written in big-endian order (the current section's). */
    boolean bigEndian() { return bigEndian; }

    /**
     * Reads the blocks before the next packet block (interfaces, name resolution, ...), none of
     * which is a frame: what a reader of a later split needs to know about the file, its "head".
     * Stops before a packet block, at the end, or at {@link #stopAt}.
     */
    void readPreamble() throws CaptureException {
        try {
            while (true) {
                if (src.position() >= stopAt) return;
                if (src.ensure(12) < 12) return;   // the end (clean or not) is for next() to tell
                int type = Bytes.i32(src.array(), src.pos(), bigEndian);
                if (type == EPB || type == SPB || type == OPB) {
                    if (firstPacketAt == Long.MAX_VALUE) firstPacketAt = src.position();
                    return;
                }
                if (!readBlock(null)) return;
            }
        } catch (java.io.IOException e) {
            throw new CaptureException(name, src.position(), "read error: " + CaptureReader.describe(e));
        }
    }

    /** What makes two warnings the same kind (said once): the text without its numbers. */
    static String warningKind(String w) { return w.replaceAll("[0-9]+", "#"); }

    @Override public int linkType() { return firstLinkType; }
    @Override public int snaplen() { return firstSnaplen; }
    @Override public boolean nanosecondResolution() { return anyNanos; }
    @Override public java.nio.ByteOrder byteOrder() { return bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN; }
    @Override public String format() { return gz ? "pcapng (gzip)" : "pcapng"; }
    @Override public String name() { return name; }

    @Override
    public void close() {
        try { src.close(); } catch (IOException ignored) { }
    }
}
