package io.tcplens.live;

import io.tcplens.capture.Frame;

import java.io.IOException;

/**
 * The read loop over a {@link LiveSource}: delivers packets to a handler until a count is
 * reached or {@link #stop()} is called (from a signal handler, a shutdown hook, another thread).
 * The source waits at most its timeout per call, and {@link #stop()} also breaks the wait, so
 * the loop ends promptly either way.
 */
public final class LiveCapture {

    /** Receives each captured packet on the capturing thread. */
    public interface Handler {
        void packet(Frame frame) throws IOException;

        /** Called when a wait timed out without a packet: a good moment to flush output. */
        default void idle() throws IOException { }
    }

    private final LiveSource source;
    private volatile boolean stopRequested;
    private volatile long captured;

    public LiveCapture(LiveSource source) {
        this.source = source;
    }

    public LiveSource source() { return source; }

    /** Asks the loop to end; safe from any thread, idempotent. */
    public void stop() {
        stopRequested = true;
        source.breakLoop();
    }

    /**
     * Asks the loop to end once it has read every packet the kernel accepted so far, waiting at
     * most {@code maxMillis}. Without immediate mode libpcap hands packets over a block at a time
     * (when the block fills or the read timeout passes), and {@link #stop()} alone would lose the
     * packets of a block not handed over yet: up to a second of them at tcpdump's 1 s timeout.
     * pcap_stats counts a packet when it enters the buffer, so the loop is done when it has read
     * received - dropped packets. Blocks the calling thread (a signal handler's, the lab's).
     */
    public void stopAfterDrain(long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        try {
            while (!stopRequested && System.nanoTime() < deadline) {
                CaptureStats st = source.stats();
                if (st.received() < 0 || captured >= st.received() - st.dropped()) break;
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop();
        }
    }

    public boolean stopRequested() { return stopRequested; }

    /** Packets delivered so far. */
    public long captured() { return captured; }

    /** Runs until {@code count} packets were delivered or {@link #stop()} was called. */
    public void run(long count, Handler handler) throws PcapException, IOException {
        Frame frame = new Frame();
        long n = 0;
        while (n < count && !stopRequested) {
            int rc = source.next(frame, n + 1);
            if (rc == LiveSource.PACKET) {
                n++;
                captured = n;
                handler.packet(frame);
            } else if (rc == LiveSource.TIMEOUT) {
                handler.idle();
            } else {
                break;
            }
        }
    }
}
