package io.tcplens.spark;

import io.tcplens.capture.CaptureException;
import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.CaptureSplits;
import io.tcplens.capture.Frame;

/**
 * One planned byte range's frames, each with its time and the times of the capture's two frames
 * before it (Long.MIN_VALUE: none), what a split analysis replays of the clock: the reading that
 * the {@code pcap} source's rows and the job's batches share.
 */
final class RangeFrames implements AutoCloseable {
    final Frame frame = new Frame();
    /** Whether the file can be read again at a frame's {@link Frame#dataFileOffset()} (not gzip). */
    final boolean seekable;
    private final CaptureReader reader;
    private long nanos, previous, previous2;
    private boolean started;

    RangeFrames(PcapSource.Range r) {
        try {
            reader = CaptureSplits.open(r.split());
        } catch (CaptureException e) {
            // The first pass read this range; a file that changed since is an error of the job.
            throw new IllegalStateException(r.split().split().file() + ": " + e.getMessage(), e);
        }
        seekable = !reader.format().endsWith("(gzip)");
        previous = r.previousNanos();
        previous2 = r.previous2Nanos();
    }

    /** The next frame into {@link #frame}; false at the range's end. */
    boolean next() {
        if (started) {
            previous2 = previous;
            previous = nanos;
        }
        try {
            if (!reader.next(frame)) return false;
        } catch (CaptureException e) {
            // The first pass reported this damage and counted the records before it; the range
            // ends where the single-machine reader stops.
            return false;
        }
        started = true;
        nanos = frame.seconds() * 1_000_000_000L + frame.nanos();
        return true;
    }

    long nanos() { return nanos; }
    long previousNanos() { return previous; }
    long previous2Nanos() { return previous2; }

    @Override
    public void close() { reader.close(); }
}
