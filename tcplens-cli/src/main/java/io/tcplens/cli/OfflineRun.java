package io.tcplens.cli;

import io.tcplens.capture.CaptureException;
import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.decode.Packet;
import io.tcplens.filter.FilterCompiler;
import io.tcplens.filter.FilterException;
import io.tcplens.filter.PacketFilter;
import io.tcplens.tcp.SegmentInfo;
import io.tcplens.tcp.TcpAnalyzer;
import io.tcplens.tcp.TcpListener;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.BitSet;
import java.util.List;

/**
 * The offline pipeline shared by the connection commands: read → decode → TCP analyzer →
 * listeners, in one streaming pass.
 *
 * <p>The filter selects <em>connections</em>, not packets: every packet is analysed (so stream
 * numbers, flags and states are those of the whole capture, as tshark computes them), and a
 * connection counts as selected when at least one of its packets matches the expression.
 * A broken capture ends the run with one line on stderr after everything readable was analysed.
 */
final class OfflineRun {
    private final BitSet selected = new BitSet();
    private final boolean filtering;
    private final PacketFilter filter;
    private long frames, tcpFrames, firstNanos = -1, lastNanos = -1;

    private OfflineRun(PacketFilter filter, boolean filtering) {
        this.filter = filter;
        this.filtering = filtering;
    }

    long frames() { return frames; }
    long tcpFrames() { return tcpFrames; }
    long firstNanos() { return firstNanos; }
    long lastNanos() { return lastNanos; }

    /** True when the connection with this stream number had a packet matching the filter (or no filter). */
    boolean selected(int stream) { return !filtering || selected.get(stream); }

    /**
     * Compiles the expression; on a syntax error prints it and returns null.
     */
    static OfflineRun prepare(List<String> expression, PrintStream err) {
        String expr = FilterCompiler.join(expression).trim();
        if (expr.isEmpty()) return new OfflineRun(PacketFilter.ALL, false);
        try {
            // -1: compiled for each frame's link type as it comes (pcapng files can mix them).
            return new OfflineRun(FilterCompiler.compile(expr, -1), true);
        } catch (FilterException e) {
            err.println("tcplens: " + e.getMessage());
            return null;
        }
    }

    private boolean compactTombstones;
    private boolean opened;
    private boolean quietStdout;

    /**
     * The command prints nothing on stdout while the capture is read (report, ladder): a progress
     * line is drawn even when stdout is a terminal too (see {@link Progress}).
     */
    OfflineRun quietStdout() {
        quietStdout = true;
        return this;
    }

    /**
     * True once the capture was opened and its header read. A command that writes a file writes
     * nothing when it was not (a missing or foreign input must not replace a good report).
     */
    boolean opened() { return opened; }

    private boolean nanosecondResolution;

    /** Whether the capture (any of its files) has nanosecond timestamps; known once {@link #run} opened it. */
    boolean nanosecondResolution() { return nanosecondResolution; }

    /**
     * Summarised connections keep only what stream numbers and relative sequence numbers need
     * (for commands that report connections, not late packets' analysis flags).
     */
    OfflineRun compactTombstones() {
        compactTombstones = true;
        return this;
    }

    /**
     * Open connections at most (system property {@code tcplens.maxConnections}): beyond, the least
     * recently active are summarised early with close_reason "evicted". The default keeps {@code conns}
     * under 1 GB of memory with every open connection an HTTP one: measured with
     * scripts/bench-adversarial.sh (500,000 never-closing HTTP connections), a ceiling of 250,000 took
     * 1,860 MB peak RSS, about 6 KB per open connection over a 300 MB base (the collector lets the old
     * generation reach twice the live set before a full collection); 100,000 took 1,078 MB, 75,000 is the
     * ceiling the two points put under 1 GB.
     */
    static final long DEFAULT_MAX_CONNECTIONS = 75_000;

    static long maxConnections() {
        Long v = Long.getLong("tcplens.maxConnections");
        return v == null || v <= 0 ? DEFAULT_MAX_CONNECTIONS : v;
    }

    /** Runs the pass; returns the exit code (0, or 1 when the capture could not be read to its end). */
    int run(Inputs input, InputStream stdin, PrintStream err, TcpListener... listeners) {
        List<String> files = input.expand(err);
        if (files == null) return 1;
        TcpAnalyzer analyzer = TcpAnalyzer.offline(compactTombstones, maxConnections());
        for (TcpListener l : listeners) analyzer.subscribe(l);
        int rc = 0;
        Progress progress = Progress.start(files.size() == 1 ? files.getFirst() : "-", err, quietStdout);   // several files: no percentage
        long recordBytes = 0;   // with progress, for a pcapng file, whose frames carry no file offset: what the records hold
        UnanalysedFrames unanalysed = new UnanalysedFrames();
        java.util.function.Supplier<List<String>> warnings = null;
        try (CaptureReader reader = input.open(files, stdin, err)) {
            nanosecondResolution = reader.nanosecondResolution();
            opened = true;
            reader.keepWholeRecords();   // as Wireshark reads them (see CaptureReader#keepWholeRecords)
            Frame frame = new Frame();
            Packet packet = new Packet();
            warnings = reader::warnings;
            while (reader.next(frame)) {
                packet.decode(frame);
                unanalysed.count(packet);
                long t = frame.seconds() * 1_000_000_000L + frame.nanos();
                if (firstNanos < 0) firstNanos = t;
                lastNanos = t;
                // A big capture: keep memory with the live connections (small ones never pay for this).
                if (++frames == 200_000) HeapGuard.install();
                if (progress != null) {
                    recordBytes += frame.captureLength() + 32;   // an enhanced packet block's header and trailer
                    if ((frames & (Progress.EVERY - 1)) == 0) {
                        progress.update(frame.fileOffset() >= 0 ? frame.fileOffset() : recordBytes, frames, analyzer.streams());
                    }
                }
                SegmentInfo seg = analyzer.process(frame, packet);
                if (seg != null) tcpFrames++;
                if (filtering && seg != null && filter.matches(frame)) selected.set(seg.stream);
            }
        } catch (CaptureException e) {
            if (progress != null) progress.stop();   // the line is erased before the message
            err.println("tcplens: " + e.getMessage());
            rc = 1;
        } finally {
            if (progress != null) progress.stop();
        }
        analyzer.finish();
        reportEvictions(analyzer, err);
        // one file's reader gives the text; several files' merge names the file in each
        if (warnings != null) for (String w : warnings.get()) err.println("tcplens: " + (files.size() == 1 ? files.getFirst() + ": warning: " : "") + w);
        unanalysed.report(err);
        return rc;
    }

    /** The one line that says rows were cut short by the ceiling, how many, and what to do about it. */
    static void reportEvictions(TcpAnalyzer analyzer, PrintStream err) {
        long n = analyzer.evictedConnections();
        if (n == 0) return;
        err.printf(java.util.Locale.ROOT, "tcplens: %,d connection%s summarised early (close_reason \"evicted\"): at most %,d"
                        + " are kept open at once, the ceiling that keeps memory bounded; the least recently active went first"
                        + " (raise it with TCPLENS_JAVA_OPTS=-Dtcplens.maxConnections=N)%n",
                n, n == 1 ? " was" : "s were", analyzer.maxOpenConnections());
    }
}
