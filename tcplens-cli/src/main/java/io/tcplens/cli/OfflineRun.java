package io.tcplens.cli;

import io.tcplens.capture.CaptureException;
import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.capture.LinkType;
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
    /** The link type of the frame before, whether tcplens decodes it, and frames of types it does not. */
    private int linkType = Integer.MIN_VALUE, foreignLinkType = -1;
    private boolean linkTypeDecoded;
    private long foreignFrames;

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

    /**
     * Summarised connections keep only what stream numbers and relative sequence numbers need
     * (for commands that report connections, not late packets' analysis flags).
     */
    OfflineRun compactTombstones() {
        compactTombstones = true;
        return this;
    }

    /** Runs the pass; returns the exit code (0, or 1 when the capture could not be read to its end). */
    int run(String file, InputStream stdin, PrintStream err, TcpListener... listeners) {
        TcpAnalyzer analyzer = new TcpAnalyzer(TcpAnalyzer.DEFAULT_TIME_WAIT_NANOS, TcpAnalyzer.DEFAULT_IDLE_NANOS,
                compactTombstones);
        for (TcpListener l : listeners) analyzer.subscribe(l);
        int rc = 0;
        Progress progress = Progress.start(file, err, quietStdout);
        long recordBytes = 0;   // with progress, for a pcapng file, whose frames carry no file offset: what the records hold
        try (CaptureReader reader = file.equals("-") ? CaptureReader.open("-", stdin) : CaptureReader.open(file)) {
            opened = true;
            reader.keepWholeRecords();   // as Wireshark reads them (see CaptureReader#keepWholeRecords)
            Frame frame = new Frame();
            Packet packet = new Packet();
            while (reader.next(frame)) {
                int lt = frame.linkType();
                if (lt != linkType) {   // looked up when the link type changes (pcapng can mix them), not per frame
                    linkType = lt;
                    linkTypeDecoded = LinkType.isSupported(lt);
                    if (!linkTypeDecoded && foreignLinkType < 0) foreignLinkType = lt;
                }
                if (!linkTypeDecoded) foreignFrames++;
                packet.decode(frame);
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
        if (foreignFrames > 0) {
            // Said, not silent: a capture of 802.11 frames otherwise gives an empty table and exit 0.
            String name = LinkType.dltName(foreignLinkType);
            err.println("tcplens: " + foreignFrames + (foreignFrames == 1 ? " frame" : " frames") + " not analysed: link type "
                    + foreignLinkType + (name.startsWith("DLT_") ? "" : " (" + name + ", " + LinkType.description(foreignLinkType) + ")")
                    + " is not one tcplens decodes (see README, dump)");
        }
        return rc;
    }
}
