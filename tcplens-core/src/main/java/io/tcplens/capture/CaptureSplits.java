package io.tcplens.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Capture files cut into byte ranges that separate tasks (Spark's) read independently, so that the
 * union of the splits' frames is exactly what the single-machine reader yields
 * ({@link CaptureReader#open(String)} with {@link CaptureReader#keepWholeRecords()}, or
 * {@link MergingCaptureReader} for several files): same records, order, bytes, timestamps, link
 * types, frame numbers, warnings, and the same stop at damage.
 *
 * <p>A split owns the records whose header (pcap record header, pcapng block) starts in
 * {@code [start, end)}. Three steps:
 * <ol>
 *   <li>{@link #plan}: the byte ranges of a file (one whole-file split for gzip, small files and
 *       what is not a capture).</li>
 *   <li>{@link #scan} (on the executors): split 0 is read from the file's start; any other split
 *       <em>resynchronises</em> (finds a plausible record header at or after its start, one that
 *       chains to several more) and counts what the real reader yields from there up to the first
 *       record starting at or after its end. A payload can hold something that looks like a chain
 *       of headers, so this can be fooled.</li>
 *   <li>{@link #reconcile} (on the driver): split 0 is exact, so its next record is where split 1
 *       must start; a split whose resync disagrees is scanned again from that exact offset
 *       ({@link #scanExact}), and so on inductively. A reader problem ends the file there.</li>
 * </ol>
 * {@link #open} then reads a planned split's frames, numbered globally.
 *
 * <p>The readers of the middle splits are the real {@link PcapReader} and {@link PcapngReader}:
 * they read the file's head (the pcap file header; pcapng's section header and the blocks before
 * the first packet block, its interfaces) and then continue at the split's offset, so every rule
 * of theirs (leniency, warnings, where they stop) is the single reader's.
 */
public final class CaptureSplits {
    private CaptureSplits() { }

    /** Splits are at least this long (longer than a pcap file header, so split 0 holds it). */
    public static final long MIN_SPLIT_BYTES = 64;

    /** A record chain this long makes a resynchronisation point (fewer if the file ends first). */
    static final int CHAIN = 8;

    /** Consecutive records of a plausible pcap chain are at most this far apart in time (seconds). */
    static final long CHAIN_MAX_GAP_SECONDS = 86_400;

    // ---------------------------------------------------------------------------------------- plan

    /**
     * The splits of one file: {@code floor(size / splitBytes)} ranges of {@code splitBytes} (the last
     * one takes the rest), so a file smaller than {@code 2 * splitBytes} is one split. gzip files,
     * files that are not pcap or pcapng, and files that cannot be read are one whole-file split (the
     * scan reports what is wrong). Never throws for a bad file.
     *
     * @throws IllegalArgumentException if {@code splitBytes < MIN_SPLIT_BYTES}
     */
    public static List<CaptureSplit> plan(String file, int fileIndex, long splitBytes) {
        if (splitBytes < MIN_SPLIT_BYTES) {
            throw new IllegalArgumentException("split size " + splitBytes + " is below the minimum of " + MIN_SPLIT_BYTES);
        }
        long size;
        long magic;
        try (FileChannel ch = FileChannel.open(Path.of(file), StandardOpenOption.READ)) {
            size = ch.size();
            ByteBuffer b = ByteBuffer.allocate(4);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) { }
            magic = b.position() == 4 ? Bytes.u32(b.array(), 0) : -1;
        } catch (IOException | RuntimeException e) {
            return List.of(new CaptureSplit(file, fileIndex, 0, 1, 0, -1, -1, true));
        }
        boolean splittable = magic == (PcapngReader.SHB & 0xFFFFFFFFL) || PcapReader.isMagic(magic);
        if (!splittable || size / splitBytes < 2) {
            return List.of(new CaptureSplit(file, fileIndex, 0, 1, 0, size, size, true));
        }
        int n = (int) Math.min(Integer.MAX_VALUE, size / splitBytes);
        long step = n == Integer.MAX_VALUE ? size / n : splitBytes;
        List<CaptureSplit> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            long start = k * step;
            long end = k == n - 1 ? size : start + step;
            out.add(new CaptureSplit(file, fileIndex, k, n, start, end, size, false));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------- scan

    /**
     * The first pass over one split (see the class comment). Never throws: what goes wrong is the
     * scan's {@link SplitScan#problem()}.
     */
    public static SplitScan scan(CaptureSplit s) {
        try {
            if (s.wholeFile() || s.index() == 0) return scanExact(s, 0, 0);
            return resync(s);
        } catch (RuntimeException e) {
            return failed(s, s.file() + ": cannot scan split " + s.index() + ": " + e, -1);
        }
    }

    /** {@link #scanExact(CaptureSplit, long, long)} with no frames counted before. */
    public static SplitScan scanExact(CaptureSplit s, long start) {
        return scanExact(s, start, 0);
    }

    /**
     * Scans split {@code s} from {@code start}, known to be where a record (pcapng: block) starts, as
     * the previous split's {@link SplitScan#nextRecord()} says. {@code framesBefore} is how many
     * frames the file holds before it, so the reader's messages number records as the single reader's
     * do. Split 0 and whole files are read from the file's start ({@code start} is ignored). Never throws.
     */
    public static SplitScan scanExact(CaptureSplit s, long start, long framesBefore) {
        try {
            if (s.wholeFile()) {
                CaptureReader r;
                try {
                    r = CaptureReader.open(s.file());
                } catch (CaptureException e) {
                    return failed(s, e.getMessage(), e.offset());
                }
                try (r) {
                    r.keepWholeRecords();
                    return read(s, r, null, 0, true, s.fileSize());
                }
            }
            Raw raw;
            try {
                raw = s.index() == 0 ? head(s) : positioned(s, start, framesBefore);
            } catch (CaptureException e) {
                return failed(s, e.getMessage(), e.offset());
            }
            try (raw) {
                long first = s.index() == 0 ? raw.firstRecord(s) : start;
                return read(s, raw.reader, raw, first, true, -1);
            }
        } catch (RuntimeException e) {
            return failed(s, s.file() + ": cannot scan split " + s.index() + ": " + e, -1);
        }
    }

    private static SplitScan resync(CaptureSplit s) {
        Raw raw;
        try {
            raw = Raw.open(s.file());
        } catch (CaptureException e) {
            return failed(s, e.getMessage(), e.offset());
        }
        try (raw) {
            long from;
            Window w = new Window(raw.channel, s.fileSize());
            long candidate;
            if (raw.pcap != null) {
                from = Math.max(s.start(), 24);
                candidate = findPcap(w, from, s.end(), raw.pcap);
            } else {
                raw.ng.readPreamble();
                long headEnd = raw.src.position();
                from = (Math.max(s.start(), headEnd) + 3) & ~3L;
                candidate = findPcapng(w, from, s.end(), raw.ng.bigEndian());
                if (candidate >= 0 && candidate < headEnd) candidate = -1;
            }
            if (candidate < 0) return nothing(s, false);
            if (candidate != raw.src.position()) raw.src.seek(candidate);
            raw.setStop(s.end());
            return read(s, raw.reader, raw, candidate, false, -1);
        } catch (CaptureException e) {
            return failed(s, e.getMessage(), e.offset());
        } catch (IOException e) {
            return failed(s, s.file() + ": read error: " + CaptureReader.describe(e), -1);
        }
    }

    /** Counts what {@code r} yields (it stops by itself at the split's end). */
    private static SplitScan read(CaptureSplit s, CaptureReader r, Raw raw, long first, boolean exact, long endOffset) {
        Frame f = new Frame();
        long records = 0, firstNs = 0, lastNs = 0, maxNs = Long.MIN_VALUE, penultimateNs = Long.MIN_VALUE;
        boolean monotonic = true;
        String problem = null;
        long problemAt = -1;
        long next = -1;
        try {
            while (r.next(f)) {
                long ns = nanos(f.seconds, f.nanos);
                if (records == 0) firstNs = ns;
                else if (ns < lastNs) monotonic = false;
                if (records > 0) penultimateNs = lastNs;
                lastNs = ns;
                if (ns > maxNs) maxNs = ns;
                records++;
            }
            next = raw != null ? raw.src.position() : endOffset;
        } catch (CaptureException e) {
            problem = e.getMessage();
            problemAt = e.offset();
        }
        if (records == 0) maxNs = 0;
        boolean late = raw != null && raw.ng != null && raw.ng.lateStructureBlocks > 0;
        return new SplitScan(s, first, next, records, firstNs, lastNs, maxNs, monotonic, late, problem,
                problemAt, r.warnings(), exact, penultimateNs);
    }

    private static SplitScan failed(CaptureSplit s, String message, long offset) {
        return new SplitScan(s, -1, -1, 0, 0, 0, 0, true, false, message, offset, List.of(), s.wholeFile() || s.index() == 0);
    }

    private static SplitScan nothing(CaptureSplit s, boolean exact) {
        return new SplitScan(s, -1, -1, 0, 0, 0, 0, true, false, null, -1, List.of(), exact);
    }

    /** Nanoseconds since the epoch, saturated (a garbage file's seconds can be anything). */
    static long nanos(long seconds, int nanos) {
        if (seconds > 9_223_372_035L) return Long.MAX_VALUE;
        if (seconds < -9_223_372_035L) return Long.MIN_VALUE;
        return seconds * 1_000_000_000L + nanos;
    }

    // ------------------------------------------------------------------------------- positioning

    /** A pcap or pcapng reader over a seekable file, with its window and the channel under it. */
    private static final class Raw implements AutoCloseable {
        final FileChannel channel;
        final ByteSource src;
        final CaptureReader reader;
        final PcapReader pcap;
        final PcapngReader ng;

        private Raw(FileChannel channel, ByteSource src, CaptureReader reader) {
            this.channel = channel;
            this.src = src;
            this.reader = reader;
            this.pcap = reader instanceof PcapReader p ? p : null;
            this.ng = reader instanceof PcapngReader n ? n : null;
        }

        /** Opens the file and reads its header (pcapng: up to its first interface), as CaptureReader.open does. */
        static Raw open(String file) throws CaptureException {
            FileChannel ch;
            try {
                ch = FileChannel.open(Path.of(file), StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw new CaptureException(file, -1, "No such file or directory");
            } catch (AccessDeniedException e) {
                throw new CaptureException(file, -1, "Permission denied");
            } catch (IOException | RuntimeException e) {
                throw new CaptureException(file, -1, "cannot open: " + e.getMessage());
            }
            ByteSource src = new ByteSource(ch, 1 << 20);
            try {
                int n = src.ensure(4);
                long magic = n >= 4 ? Bytes.u32(src.array(), src.pos()) : -1;
                if (magic == (PcapngReader.SHB & 0xFFFFFFFFL)) return new Raw(ch, src, new PcapngReader(file, src, false));
                if (PcapReader.isMagic(magic)) return new Raw(ch, src, new PcapReader(file, src, false));
                throw new CaptureException(file, 0, n < 4 ? "file too short to be a capture"
                        : String.format("unknown file format (magic 0x%08x is neither pcap nor pcapng)", magic));
            } catch (IOException e) {
                close(src);
                throw new CaptureException(file, 0, "read error: " + CaptureReader.describe(e));
            } catch (CaptureException | RuntimeException e) {
                close(src);
                throw e;
            }
        }

        private static void close(ByteSource src) {
            try { src.close(); } catch (IOException ignored) { }
        }

        void setStop(long end) {
            if (pcap != null) pcap.stopAt = end;
            else ng.stopAt = end;
        }

        /** Split 0's first record: after the pcap file header, or the first section header block. */
        long firstRecord(CaptureSplit s) {
            long at = pcap != null ? 24 : ng.headerEnd;
            return at >= 0 && at < Math.min(s.end(), s.fileSize()) ? at : -1;
        }

        @Override
        public void close() { reader.close(); }
    }

    /** Split 0 (not a whole file): the file from its start, stopping at the split's end. */
    private static Raw head(CaptureSplit s) throws CaptureException {
        Raw r = Raw.open(s.file());
        r.setStop(s.end());
        return r;
    }

    /**
     * A reader of split {@code s} positioned at {@code x}, a record (pcapng: block) offset: the file's
     * head is read, then the stream continues at {@code x}. A pcapng {@code x} inside the head (the
     * blocks before the first packet block: a split smaller than the head) is reached by reading the
     * file from its start instead, so no interface is read twice.
     */
    private static Raw positioned(CaptureSplit s, long x, long framesBefore) throws CaptureException {
        Raw r = Raw.open(s.file());
        boolean ok = false;
        try {
            if (r.pcap != null) {
                r.pcap.numberFrom(framesBefore);
                if (x != r.src.position()) r.src.seek(x);
            } else {
                long headEnd = -1;
                try {
                    r.ng.readPreamble();
                    headEnd = r.src.position();
                } catch (CaptureException e) {
                    // a damaged head: read up to x from the start below, where it is met as the single reader meets it
                }
                if (headEnd >= 0 && x >= headEnd) {
                    if (x != headEnd) r.src.seek(x);
                } else {
                    r.close();
                    r = Raw.open(s.file());
                    r.ng.stopAt = x;
                    r.ng.readPreamble();
                    if (r.src.position() != x) {
                        throw new CaptureException(s.file(), x, "no pcapng block starts at byte offset " + x);
                    }
                    if (headEnd >= 0) r.ng.firstPacketAt = headEnd;
                }
                r.ng.numberFrom(framesBefore);
            }
            r.setStop(s.end());
            ok = true;
            return r;
        } catch (IOException e) {
            throw new CaptureException(s.file(), x, "read error: " + CaptureReader.describe(e));
        } finally {
            if (!ok) r.close();
        }
    }

    // ------------------------------------------------------------------------------------ resync

    /** Positional reads of a file through one reusable buffer. */
    private static final class Window {
        final FileChannel ch;
        final long size;
        final byte[] buf = new byte[1 << 16];
        final ByteBuffer bb = ByteBuffer.wrap(buf);
        long at = -1;
        int len;

        Window(FileChannel ch, long size) {
            this.ch = ch;
            this.size = size;
        }

        /** Makes bytes [pos, pos + n) readable at {@link #off}; false when they run past the end. */
        boolean has(long pos, int n) throws IOException {
            if (pos < 0 || pos + n > size) return false;
            if (at >= 0 && pos >= at && pos + n <= at + len) return true;
            bb.clear();
            int want = (int) Math.min(buf.length, size - pos);
            bb.limit(want);
            while (bb.hasRemaining()) {
                int r = ch.read(bb, pos + bb.position());
                if (r < 0) break;
            }
            at = pos;
            len = bb.position();
            return pos + n <= at + len;
        }

        int off(long pos) { return (int) (pos - at); }
    }

    /**
     * The first offset in {@code [from, end)} where a plausible pcap record header starts a chain
     * of {@link #CHAIN} plausible headers (or one running exactly to the end of the file, or into a
     * truncated last record), consecutive records close in time; -1 if none.
     */
    static long findPcap(Window w, long from, long end, PcapReader r) throws IOException {
        boolean be = r.bigEndian();
        long fracLimit = r.nanosecondResolution() ? 1_000_000_000L : 1_000_000L;
        int hdr = r.recordHeaderLength();
        for (long p = from; p < end; p++) {
            if (!w.has(p, 16)) return -1;
            if (!plausiblePcap(w.buf, w.off(p), be, fracLimit)) continue;
            if (pcapChain(w, p, be, fracLimit, hdr)) return p;
        }
        return -1;
    }

    private static boolean plausiblePcap(byte[] b, int o, boolean be, long fracLimit) {
        long frac = Bytes.u32(b, o + 4, be);
        if (frac >= fracLimit) return false;
        long cap = Bytes.u32(b, o + 8, be);
        long len = Bytes.u32(b, o + 12, be);
        // Zeros look like an empty record; a real one has a wire length.
        return cap <= PcapReader.MAX_SNAPLEN && cap <= len && len <= (1 << 24) && len > 0;
    }

    private static boolean pcapChain(Window w, long p, boolean be, long fracLimit, int hdr) throws IOException {
        long q = p, prev = 0;
        for (int n = 0; n < CHAIN; n++) {
            if (q == w.size) return n > 0;
            if (!w.has(q, 16)) return n > 0;   // a partial header at the end: a truncated file
            int o = w.off(q);
            if (!plausiblePcap(w.buf, o, be, fracLimit)) return false;
            long sec = Bytes.u32(w.buf, o, be);
            if (n > 0 && Math.abs(sec - prev) > CHAIN_MAX_GAP_SECONDS) return false;
            prev = sec;
            q += hdr + Bytes.u32(w.buf, o + 8, be);
            if (q > w.size) return true;   // the last record, truncated
        }
        return true;
    }

    /**
     * The first 4-aligned offset in {@code [from, end)} where a plausible pcapng block (known type,
     * length at least 12 and a multiple of 4, the trailing length equal) starts a chain of
     * {@link #CHAIN} of them (or one running exactly to the end of the file); -1 if none.
     */
    static long findPcapng(Window w, long from, long end, boolean be) throws IOException {
        for (long p = from; p < end; p += 4) {
            if (!w.has(p, 12)) return -1;
            long t = plausibleBlock(w, p, be);
            if (t < 0) continue;
            long q = p;
            boolean chained = true;
            for (int n = 0; n < CHAIN; n++) {
                if (q == w.size) { chained = n > 0; break; }
                long len = plausibleBlock(w, q, be);
                if (len == -2) { chained = n > 0; break; }   // truncated at the end
                if (len < 0) { chained = false; break; }
                q += len;
            }
            if (chained) return p;
        }
        return -1;
    }

    /** The block's length if plausible; -2 if it would run past the end of the file; -1 if not plausible. */
    private static long plausibleBlock(Window w, long q, boolean be) throws IOException {
        if (!w.has(q, 12)) return -2;
        int o = w.off(q);
        int type = Bytes.i32(w.buf, o, be);
        if (!knownBlock(type)) return -1;
        long total = Bytes.u32(w.buf, o + 4, be);
        if (total < 12 || (total & 3) != 0 || total > PcapngReader.MAX_BLOCK) return -1;
        if (q + total > w.size) return -2;
        if (type == PcapngReader.EPB || type == PcapngReader.OPB) {
            if (total < 32 || !w.has(q, 24)) return -1;
            long caplen = Bytes.u32(w.buf, w.off(q) + 20, be);
            if (caplen > total - 32) return -1;
        }
        if (!w.has(q + total - 4, 4)) return -2;
        return Bytes.u32(w.buf, w.off(q + total - 4), be) == total ? total : -1;
    }

    private static boolean knownBlock(int type) {
        return type == PcapngReader.SHB || (type >= 1 && type <= 10) || type == 0xBAD || type == 0x40000BAD;
    }

    // --------------------------------------------------------------------------------- reconcile

    /**
     * Turns the first pass's scans (every split of every file, any order) into exact splits, frame
     * numbers and the files' problems. Pure logic, except that it scans again, on this machine, the
     * splits whose resynchronisation was fooled or found nothing ({@link #scanExact}, one split each),
     * the split a file's problem is in (so its message numbers frames as the single reader's), and a
     * whole pcapng file whose section header or interface blocks come after its first packet block
     * (a later split's reader would not know that interface: the file becomes one whole-file split,
     * which is correct but read by one task, and scanned here once).
     *
     * <p>One file: frame numbers continue from split to split. Several files, in file index order
     * (the order named): when, sorted by (first timestamp, file index), each file's latest timestamp
     * is before the next file's first (or equal, with a smaller file index), the timestamp merge of
     * {@link MergingCaptureReader} is a concatenation in that order, and the numbers continue across
     * files; otherwise {@link SplitPlan#needsGlobalSort} is set and no numbers are given.
     *
     * @throws IllegalArgumentException if a file's splits are missing or repeated
     */
    public static SplitPlan reconcile(List<SplitScan> scans) {
        TreeMap<Integer, List<SplitScan>> byFile = new TreeMap<>();
        for (SplitScan s : scans) byFile.computeIfAbsent(s.split().fileIndex(), k -> new ArrayList<>()).add(s);
        List<FileResult> files = new ArrayList<>();
        for (List<SplitScan> list : byFile.values()) {
            list.sort(Comparator.comparingInt(s -> s.split().index()));
            for (int k = 0; k < list.size(); k++) {
                CaptureSplit sp = list.get(k).split();
                if (sp.index() != k || sp.count() != list.size() || !sp.file().equals(list.get(0).split().file())) {
                    throw new IllegalArgumentException("scans of " + sp.file() + " (file " + sp.fileIndex()
                            + ") do not cover its " + sp.count() + " splits once each");
                }
            }
            files.add(reconcileFile(list));
        }

        List<FileResult> timed = new ArrayList<>();
        for (FileResult f : files) if (f.records > 0) timed.add(f);
        timed.sort(Comparator.<FileResult>comparingLong(f -> f.firstNs).thenComparingInt(f -> f.fileIndex));
        boolean concat = true;
        if (timed.size() > 1) {
            for (FileResult f : timed) {
                if (f.saturated) concat = false;
            }
            for (int i = 0; i + 1 < timed.size(); i++) {
                FileResult a = timed.get(i), b = timed.get(i + 1);
                if (!(a.maxNs < b.firstNs || a.maxNs == b.firstNs && a.fileIndex < b.fileIndex)) concat = false;
            }
        }
        List<PlannedSplit> planned = new ArrayList<>();
        if (concat) {
            long base = 1;
            for (FileResult f : timed) {
                for (SplitScan s : f.owning) {
                    planned.add(new PlannedSplit(s.split(), startOf(s), s.records(), base, s.firstNanos(), s.lastNanos(), s.maxNanos(), s.penultimateNanos()));
                    base += s.records();
                }
            }
        } else {
            for (FileResult f : files) {
                for (SplitScan s : f.owning) planned.add(new PlannedSplit(s.split(), startOf(s), s.records(), -1, s.firstNanos(), s.lastNanos(), s.maxNanos(), s.penultimateNanos()));
            }
        }
        List<FileProblem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (FileResult f : files) {
            if (f.problem != null) problems.add(f.problem);
            warnings.addAll(f.warnings);
        }
        return new SplitPlan(planned, !concat, problems, warnings);
    }

    private static long startOf(SplitScan s) {
        return s.split().wholeFile() ? 0 : s.firstRecord();
    }

    private record FileResult(int fileIndex, List<SplitScan> owning, long records, long firstNs, long maxNs,
                              boolean saturated, FileProblem problem, List<String> warnings) { }

    private static FileResult reconcileFile(List<SplitScan> list) {
        List<SplitScan> exact = new ArrayList<>(list.size());
        SplitScan prev = list.get(0);
        if (!prev.exact()) prev = scanExact(prev.split(), 0, 0);
        exact.add(prev);
        long before = prev.records();
        for (int k = 1; k < list.size() && prev.problem() == null; k++) {
            SplitScan s = list.get(k);
            CaptureSplit sp = s.split();
            long expected = prev.nextRecord();
            if (expected < 0 || expected >= sp.end()) {
                // a record straddles the whole split (or the file ended): it owns nothing
                s = new SplitScan(sp, -1, expected, 0, 0, 0, 0, true, false, null, -1, List.of(), true);
            } else if (s.firstRecord() != expected || s.problem() != null) {
                // fooled by a payload, found nothing, or a problem whose message must count the file's frames
                s = scanExact(sp, expected, before);
            }
            exact.add(s);
            before += s.records();
            prev = s;
        }
        int lastOwning = -1;
        for (int i = 0; i < exact.size(); i++) {
            if (exact.get(i).records() > 0 || exact.get(i).problem() != null) lastOwning = i;
        }
        for (int i = 0; i < lastOwning; i++) {
            if (exact.get(i).structureBlocks()) {
                CaptureSplit sp = list.get(0).split();
                CaptureSplit whole = new CaptureSplit(sp.file(), sp.fileIndex(), 0, 1, 0, sp.fileSize(), sp.fileSize(), true);
                exact = List.of(scanExact(whole, 0, 0));
                break;
            }
        }
        List<SplitScan> owning = new ArrayList<>();
        long records = 0, firstNs = 0, maxNs = Long.MIN_VALUE;
        boolean saturated = false;
        FileProblem problem = null;
        Set<String> kinds = new HashSet<>();
        LinkedHashSet<String> warnings = new LinkedHashSet<>();
        for (SplitScan s : exact) {
            for (String w : s.warnings()) {
                if (warnings.size() < 16 && kinds.add(PcapngReader.warningKind(w))) warnings.add(w);
            }
            if (s.problem() != null) problem = new FileProblem(s.split().file(), s.problemOffset(), s.problem());
            if (s.records() == 0) continue;
            if (records == 0) firstNs = s.firstNanos();
            maxNs = Math.max(maxNs, s.maxNanos());
            saturated |= s.firstNanos() == Long.MIN_VALUE || s.maxNanos() == Long.MAX_VALUE
                    || s.firstNanos() == Long.MAX_VALUE || s.maxNanos() == Long.MIN_VALUE;
            records += s.records();
            owning.add(s);
        }
        return new FileResult(list.get(0).split().fileIndex(), owning, records, firstNs, maxNs, saturated,
                problem, List.copyOf(warnings));
    }

    // -------------------------------------------------------------------------------------- open

    /**
     * A reader of exactly one planned split's frames: from its exact start, {@link PlannedSplit#records()}
     * of them (so it never reaches a problem the plan reports), numbered from
     * {@link PlannedSplit#firstFrameNumber()} (1, 2, ... within the split when that is -1), with
     * {@link Frame#fileOffset()} the record's offset in the file, and whole records kept
     * ({@link CaptureReader#keepWholeRecords()}), as the analysing commands read.
     */
    public static CaptureReader open(PlannedSplit p) throws CaptureException {
        CaptureSplit s = p.split();
        CaptureReader inner;
        if (s.wholeFile()) {
            inner = CaptureReader.open(s.file());
        } else {
            inner = (s.index() == 0 ? head(s) : positioned(s, p.start(), 0)).reader;
        }
        inner.keepWholeRecords();
        return new SplitReader(inner, p.records(), p.firstFrameNumber());
    }

    /** One split's frames, renumbered. */
    private static final class SplitReader implements CaptureReader {
        private final CaptureReader inner;
        private final long records;
        private final long base;
        private long done;

        SplitReader(CaptureReader inner, long records, long firstFrameNumber) {
            this.inner = inner;
            this.records = records;
            this.base = firstFrameNumber > 0 ? firstFrameNumber : 1;
        }

        @Override
        public boolean next(Frame frame) throws CaptureException {
            if (done >= records || !inner.next(frame)) return false;
            frame.number = base + done;
            done++;
            return true;
        }

        @Override public int linkType() { return inner.linkType(); }
        @Override public int snaplen() { return inner.snaplen(); }
        @Override public boolean nanosecondResolution() { return inner.nanosecondResolution(); }
        @Override public java.nio.ByteOrder byteOrder() { return inner.byteOrder(); }
        @Override public void keepWholeRecords() { inner.keepWholeRecords(); }
        @Override public List<String> warnings() { return inner.warnings(); }
        @Override public String format() { return inner.format(); }
        @Override public String name() { return inner.name(); }
        @Override public void close() { inner.close(); }
    }
}
