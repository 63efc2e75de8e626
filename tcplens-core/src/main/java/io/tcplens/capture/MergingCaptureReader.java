package io.tcplens.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Several capture files read as one capture, merged by timestamp as {@code mergecap} merges them:
 * the next frame is always the earliest of the files' next records, a tie going to the file named
 * first, and frames are numbered 1, 2, ... in that order (what {@code mergecap -w - ... | tshark}
 * numbers). Each file keeps its own format, byte order and per-interface link types (pcap, pcapng,
 * gzip, mixed).
 *
 * <p>Memory: one record per open file, and a file is opened only when the merge reaches its first
 * timestamp and closed at its end, so rotated files that follow each other in time
 * ({@code tcpdump -C}, {@code -G}) are read one after the other with one or two open at a time. To
 * know when to open a file, each is opened once at the start to read its first record's time.
 *
 * <p>No copy: each open file's reader keeps its own window, so the frame handed out stays a view
 * into it; that reader is advanced only when the next frame is asked for.
 *
 * <p>A file that cannot be read (not a capture, damaged in the middle, truncated) is reported to
 * {@code warnings} and the others are still read (what was read of it counts); with {@code strict}
 * its {@link CaptureException} ends the read instead.
 */
public final class MergingCaptureReader implements CaptureReader {
    private static final class Source {
        final int index;
        final String name;
        final long firstSeconds;
        final int firstNanos;
        CaptureReader reader;
        final Frame frame = new Frame();

        Source(int index, String name, long firstSeconds, int firstNanos) {
            this.index = index;
            this.name = name;
            this.firstSeconds = firstSeconds;
            this.firstNanos = firstNanos;
        }
    }

    private final String label;
    private final boolean strict;
    private final Consumer<String> warnings;
    /** Files not opened yet, by first timestamp then file order. */
    private final List<Source> pending = new ArrayList<>();
    private int nextPending;
    /** Open files, each holding its next record in {@code frame}. */
    private final List<Source> active = new ArrayList<>(4);
    private Source last;
    private long frames;
    private boolean keepWhole;
    private int firstLinkType = -1, maxSnaplen;
    private boolean anyNanos;
    private java.nio.ByteOrder order = java.nio.ByteOrder.LITTLE_ENDIAN;
    private final java.util.TreeSet<String> formats = new java.util.TreeSet<>();
    private final int fileCount;

    public MergingCaptureReader(List<String> files, boolean strict, Consumer<String> warnings) throws CaptureException {
        this.strict = strict;
        this.warnings = warnings;
        this.fileCount = files.size();
        this.label = files.isEmpty() ? "(no files)" : files.get(0) + (files.size() > 1 ? " and " + (files.size() - 1) + " more" : "");
        Frame probe = new Frame();
        for (int i = 0; i < files.size(); i++) {
            String f = files.get(i);
            if (f.equals("-")) throw new CaptureException("-", -1, "standard input cannot be merged with other files");
            try (CaptureReader r = CaptureReader.open(f)) {
                if (!r.next(probe)) continue;   // a capture with no record: nothing to merge
                pending.add(new Source(i, f, probe.seconds, probe.nanos));
                if (firstLinkType < 0) {
                    firstLinkType = r.linkType();
                    order = r.byteOrder();
                }
                maxSnaplen = Math.max(maxSnaplen, r.snaplen());
                anyNanos |= r.nanosecondResolution();
                formats.add(r.format());
            } catch (CaptureException e) {
                broken(e, true);
            }
        }
        pending.sort((a, b) -> before(a.firstSeconds, a.firstNanos, a.index, b.firstSeconds, b.firstNanos, b.index) ? -1 : 1);
    }

    private static boolean before(long s1, int n1, int i1, long s2, int n2, int i2) {
        if (s1 != s2) return s1 < s2;
        if (n1 != n2) return n1 < n2;
        return i1 < i2;
    }

    /** A file that failed: an error with --strict, else a warning and the file is left. */
    private void broken(CaptureException e, boolean whole) throws CaptureException {
        if (strict) throw e;
        warnings.accept(e.getMessage() + (whole ? "; file skipped" : "; rest of the file skipped"));
    }

    @Override
    public boolean next(Frame out) throws CaptureException {
        if (last != null) {
            advance(last);
            last = null;
        }
        while (nextPending < pending.size()) {
            Source p = pending.get(nextPending);
            Source min = earliest();
            if (min != null && !before(p.firstSeconds, p.firstNanos, p.index,
                    min.frame.seconds, min.frame.nanos, min.index)) break;
            nextPending++;
            open(p);
        }
        Source s = earliest();
        if (s == null) return false;
        Frame f = s.frame;
        out.buffer = f.buffer;
        out.offset = f.offset;
        out.captureLength = f.captureLength;
        out.wireLength = f.wireLength;
        out.seconds = f.seconds;
        out.nanos = f.nanos;
        out.linkType = f.linkType;
        out.snaplen = f.snaplen;
        out.number = ++frames;
        out.fileOffset = f.fileOffset;
        out.dataFileOffset = f.dataFileOffset;
        out.interfaceId = f.interfaceId;
        // an out-of-range pcap fraction, which tcpdump prints as the file has it
        out.rawFraction = f.rawFraction;
        out.rawFractionDigits = f.rawFractionDigits;
        order = s.reader.byteOrder();
        last = s;
        return true;
    }

    private Source earliest() {
        Source min = null;
        for (int i = 0; i < active.size(); i++) {
            Source s = active.get(i);
            if (min == null || before(s.frame.seconds, s.frame.nanos, s.index, min.frame.seconds, min.frame.nanos, min.index)) min = s;
        }
        return min;
    }

    private void open(Source s) throws CaptureException {
        try {
            s.reader = CaptureReader.open(s.name);
            if (keepWhole) s.reader.keepWholeRecords();
            if (s.reader.next(s.frame)) {
                active.add(s);
                return;
            }
        } catch (CaptureException e) {
            done(s);
            broken(e, false);
            return;
        }
        done(s);
    }

    private void advance(Source s) throws CaptureException {
        try {
            if (s.reader.next(s.frame)) return;
        } catch (CaptureException e) {
            active.remove(s);
            done(s);
            broken(e, false);
            return;
        }
        active.remove(s);
        done(s);
    }

    /** Each file's own warnings (read on past damage, as libpcap does), named by the file, in the order the files ended. */
    private final List<String> fileWarnings = new ArrayList<>();

    private void done(Source s) {
        if (s.reader != null) {
            for (String w : s.reader.warnings()) fileWarnings.add("warning: " + s.name + ": " + w);
            s.reader.close();
        }
        s.reader = null;
        s.frame.buffer = new byte[0];   // let the file's window go
    }

    /** How many files were named (including the ones skipped or empty). */
    public int fileCount() { return fileCount; }

    @Override public int linkType() { return firstLinkType; }
    @Override public int snaplen() { return maxSnaplen; }
    @Override public boolean nanosecondResolution() { return anyNanos; }
    @Override public java.nio.ByteOrder byteOrder() { return order; }

    @Override
    public void keepWholeRecords() {
        keepWhole = true;
        for (Source s : active) s.reader.keepWholeRecords();
    }

    @Override public String format() { return fileCount + " files (" + String.join(", ", formats) + ")"; }

    /**
     * The files' warnings, each already as "warning: FILE: TEXT" (as the merge words a skipped file; the single-file readers' are the
     * text alone): for the files that have ended, so all of them once {@link #next} returned false.
     */
    @Override public List<String> warnings() { return List.copyOf(fileWarnings); }
    @Override public String name() { return label; }

    @Override
    public void close() {
        for (Source s : active) done(s);
        active.clear();
        last = null;
        nextPending = pending.size();
    }
}
