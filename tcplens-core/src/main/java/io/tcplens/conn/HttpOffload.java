package io.tcplens.conn;

import io.tcplens.http.HttpConnectionAnalyzer;
import io.tcplens.http.HttpResult;
import io.tcplens.http.HttpTracker;
import io.tcplens.http.HttpTransaction;
import io.tcplens.tcp.SegmentInfo;
import io.tcplens.tcp.TcpEvent;
import io.tcplens.tcp.TcpListener;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Follows HTTP on a second core. The analyzer's thread copies each TCP segment (its fields and
 * payload) into a fixed ring and goes on; a worker thread runs an {@link HttpTracker} over the
 * copies and hands each connection summary to the sink with its HTTP findings beside it. The
 * sink therefore runs on the worker thread, in the order the summaries were made.
 *
 * <pre>{@code
 * var offload = new HttpOffload(settings, sink);
 * analyzer.subscribe(offload.segments());                       // before the lifecycle tracker
 * analyzer.subscribe(new LifecycleTracker(offload::summary));
 * analyzer.subscribe(offload.closes());                         // after it
 * ... analyzer.process(...) ...; analyzer.finish();
 * offload.finish();                                              // drains, joins, rethrows a worker failure
 * }</pre>
 *
 * <p>Without the {@link #segments()} listener it follows no HTTP and only moves the sink (the
 * formatting and writing of rows) to the worker, as {@code conns --no-http} does. With an
 * {@link ExchangeSink} instead of a {@link Sink} it hands over every exchange as it completes,
 * as the {@code http} command writes them.
 *
 * <p>Why a copy: the capture reader reuses its buffers, and the worker lags behind. The ring is
 * allocated once (no object per packet); when it is full the analyzer's thread waits. Memory
 * stays bounded by the ring, whatever the capture's size.
 */
public final class HttpOffload {
    private final int slots;    // slots in the ring (a power of two)
    private final int mask;
    private final int ringBytes;    // payload bytes in the ring (a power of two)

    private static final byte SEGMENT = 1, SUMMARY = 2, DROP = 3, END = 4, OPEN = 5;
    /** In a slot's flags: the connection was selected by the run's filter when the slot was made. */
    private static final int SELECTED = 1 << 29;
    private static final int FROM_CLIENT = 1 << 30;

    // The ring, one array per field (written by the analyzer's thread, read by the worker).
    private final byte[] kind;
    private final int[] stream, flags, seq, ack, len, captured;
    private final long[] frame, micros;
    /** Where the slot's payload ends in {@link #bytes}, as a running offset (it only grows). */
    private final long[] payloadEnd;
    /** A summary, or a payload too big for the byte ring. */
    private final Object[] object;
    private final byte[] bytes;

    private final Sequence published = new Sequence();   // slots written
    private final Sequence consumed = new Sequence();    // slots done with
    private volatile Throwable failure;
    private volatile long workerCpuNanos = -1;

    // analyzer's thread only
    private long head;
    private long bytesWritten;
    private long consumedSeen;

    private final HttpTracker tracker;
    private final Sink sink;

    /**
     * The other use: every HTTP exchange as it completes (the {@code http} command), on the worker
     * thread, in capture order. A connection's exchanges come between its {@link #opened} and its
     * {@link #ended} (its summary) or {@link #dropped}; {@code selected} is the filter's verdict on
     * the connection when the exchange completed (true without a filter).
     */
    public interface ExchangeSink {
        void opened(int stream, String client, String server);

        void exchange(int stream, boolean selected, HttpTransaction transaction);

        /** The connection's summary was made; every exchange it had was handed over. */
        void ended(int stream, boolean selected);

        /** The analyzer forgot the connection (its summary, if any, came earlier). */
        void dropped(int stream);
    }

    private final ExchangeSink exchanges;
    private final java.util.function.IntPredicate selected;
    private boolean currentSelected;   // worker: the verdict carried by the slot being handled

    /**
     * Where finished summaries go, on the worker thread, with their HTTP findings beside them
     * (null when the connection carried none), so a writer need not copy the summary to add them.
     */
    @FunctionalInterface
    public interface Sink {
        void accept(ConnectionSummary summary, HttpResult http);
    }
    private final Thread worker;

    public HttpOffload(HttpConnectionAnalyzer.Settings settings, Sink sink) {
        this(settings, sink, 1 << 13, 1 << 23);
    }

    /**
     * Exchanges rather than summaries: {@code selected} (read on the analyzer's thread) says
     * whether a connection is selected so far. Subscribe {@link #opens()}, {@link #segments()},
     * a lifecycle tracker calling {@link #ended(int)}, and {@link #closes()}.
     */
    public HttpOffload(HttpConnectionAnalyzer.Settings settings, ExchangeSink exchanges,
                       java.util.function.IntPredicate selected) {
        this(settings, null, exchanges, selected, 1 << 13, 1 << 23);
    }


    /** With a ring of {@code slots} segments and {@code payloadBytes} bytes (powers of two; tests use tiny ones). */
    HttpOffload(HttpConnectionAnalyzer.Settings settings, Sink sink, int slots, int payloadBytes) {
        this(settings, sink, null, s -> true, slots, payloadBytes);
    }

    HttpOffload(HttpConnectionAnalyzer.Settings settings, Sink sink, ExchangeSink exchanges,
                java.util.function.IntPredicate selected, int slots, int payloadBytes) {
        if (Integer.bitCount(slots) != 1 || Integer.bitCount(payloadBytes) != 1 || payloadBytes < 64) {
            throw new IllegalArgumentException("ring sizes must be powers of two");
        }
        this.slots = slots;
        mask = slots - 1;
        ringBytes = payloadBytes;
        kind = new byte[slots];
        stream = new int[slots];
        flags = new int[slots];
        seq = new int[slots];
        ack = new int[slots];
        len = new int[slots];
        captured = new int[slots];
        frame = new long[slots];
        micros = new long[slots];
        payloadEnd = new long[slots];
        object = new Object[slots];
        bytes = new byte[payloadBytes];
        this.sink = sink;
        this.exchanges = exchanges;
        this.selected = selected;
        this.tracker = exchanges == null ? new HttpTracker(settings)
                : HttpTracker.forCopies(settings, (stream, t) -> exchanges.exchange(stream, currentSelected, t));
        this.worker = Thread.ofPlatform().name("tcplens-http").daemon().unstarted(this::work);
        worker.start();
    }

    /** The listener that copies segments; subscribe it before the lifecycle tracker. */
    public TcpListener segments() {
        return new TcpListener() {
            @Override public void onSegment(SegmentInfo s) { segment(s); }
            @Override public boolean wantsStateChanges() { return false; }
        };
    }

    /**
     * The listener that releases a connection's HTTP state when the analyzer forgets it (also
     * when no summary was written for it); subscribe it after the lifecycle tracker.
     */
    public TcpListener closes() {
        return new TcpListener() {
            @Override public void onEvent(TcpEvent e) {
                if (e instanceof TcpEvent.ConnectionClosed c) put(DROP, c.connection().stream(), null);
            }
            @Override public boolean wantsStateChanges() { return false; }
        };
    }

    /** With an {@link ExchangeSink}: the listener that names each connection's ends as it opens. */
    public TcpListener opens() {
        return new TcpListener() {
            @Override public void onEvent(TcpEvent e) {
                if (e instanceof TcpEvent.ConnectionOpened o) {
                    var c = o.connection();
                    put(OPEN, c.stream(), new String[] {
                            new ConnectionSummary.Endpoint(c.clientAddress(), c.clientPort()).label(),
                            new ConnectionSummary.Endpoint(c.serverAddress(), c.serverPort()).label()});
                }
            }
            @Override public boolean wantsStateChanges() { return false; }
        };
    }

    /** With an {@link ExchangeSink}: the connection's summary was made (call from the lifecycle tracker's sink). */
    public void ended(int streamNumber) { put(SUMMARY, streamNumber, null); }

    /** A summary from the lifecycle tracker: written by the worker once it has the HTTP findings. */
    public void summary(ConnectionSummary s) { put(SUMMARY, s.stream(), s); }

    /** A connection whose summary is not wanted (filtered out): only its HTTP state is released. */
    public void skip(int streamNumber) { put(DROP, streamNumber, null); }

    /**
     * After the analyzer's {@code finish()}: waits until every summary was written. Rethrows, as
     * an unchecked exception, whatever stopped the worker.
     */
    public void finish() {
        put(END, -1, null);
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the HTTP worker", e);
        }
        rethrow();
    }

    private volatile boolean measureCpu;

    /** Asks the worker to note its CPU time when it ends (diagnostics). */
    public void measureCpu() { measureCpu = true; }

    /** CPU time the worker used, known after {@link #finish()} if asked for; else -1. */
    public long workerCpuNanos() { return workerCpuNanos; }

    private static long cpuTime() {
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        return bean.isCurrentThreadCpuTimeSupported() ? bean.getCurrentThreadCpuTime() : -1;
    }

    // ------------------------------------------------------------------ analyzer's thread

    private void segment(SegmentInfo s) {
        if (s.icmpQuoted) return;   // a header quoted by an ICMP error is not the connection's data
        int n = s.payloadCaptured;
        int slot = claim();
        kind[slot] = SEGMENT;
        stream[slot] = s.stream;
        flags[slot] = s.flags | (s.fromClient ? FROM_CLIENT : 0) | verdict(s.stream);
        seq[slot] = s.rawSeq;
        ack[slot] = s.rawAck;
        len[slot] = s.lengthKnown ? Math.max(0, s.len) : -1;
        captured[slot] = n;
        frame[slot] = s.frame;
        micros[slot] = s.timeNanos / 1000;
        if (n > ringBytes / 4) {
            // Rare (reassembled jumbo datagrams, huge snaplens): a copy of its own.
            object[slot] = java.util.Arrays.copyOfRange(s.buffer, s.payloadOffset, s.payloadOffset + n);
            payloadEnd[slot] = bytesWritten;
        } else if (n > 0) {
            long at = bytesWritten;
            if ((at & (ringBytes - 1)) + n > ringBytes) at += ringBytes - (at & (ringBytes - 1));  // do not wrap inside a payload
            waitForBytes(at + n);
            System.arraycopy(s.buffer, s.payloadOffset, bytes, (int) (at & (ringBytes - 1)), n);
            bytesWritten = at + n;
            payloadEnd[slot] = bytesWritten;
        } else {
            payloadEnd[slot] = bytesWritten;
        }
        publish(false);
    }

    private void put(byte k, int streamNumber, Object o) {
        int slot = claim();
        kind[slot] = k;
        stream[slot] = streamNumber;
        flags[slot] = verdict(streamNumber);
        object[slot] = o;
        payloadEnd[slot] = bytesWritten;
        publish(true);
    }

    /** The filter's verdict on the connection now, as a flag bit (exchanges only: rows have their own). */
    private int verdict(int streamNumber) {
        return exchanges != null && streamNumber >= 0 && selected.test(streamNumber) ? SELECTED : 0;
    }

    /** The next free slot, waiting for the worker when the ring is full. */
    private int claim() {
        if (head - consumedSeen >= slots) {
            published.setRelease(head);   // the worker must see every slot before we wait for it
            int idle = 0;
            while (head - (consumedSeen = consumed.getAcquire()) >= slots) idle = pause(idle);
        }
        return (int) (head & mask);
    }

    /** Waits until the byte ring has room up to {@code end} (bytes before it released by the worker). */
    private void waitForBytes(long end) {
        if (end - releasedSeen <= ringBytes) return;          // known room: no look at the worker's counter
        if (end - (releasedSeen = released()) <= ringBytes) return;
        published.setRelease(head);   // the worker must see every slot before we wait for it
        int idle = 0;
        while (end - (releasedSeen = released()) > ringBytes) idle = pause(idle);
    }

    private long releasedSeen;

    /** Bytes the worker is done with: the payload end of the last slot it consumed. */
    private long released() {
        long c = consumed.getAcquire();
        consumedSeen = c;
        // Slot c-1 is not rewritten before the worker consumes slot c-1+slots, so this read is stable.
        return c == 0 ? 0 : payloadEnd[(int) ((c - 1) & mask)];
    }

    /**
     * Makes the slot visible to the worker. Segments are published in batches of 32 (each
     * publication takes the counter's cache line from the spinning worker); summaries, drops and
     * the end publish everything at once, so nothing waits longer than the next summary.
     */
    private void publish(boolean now) {
        head++;
        if (now || (head & 31) == 0) published.setRelease(head);
        if ((head & 4095) == 0) rethrow();   // stop early when the worker failed (a closed pipe, say)
    }

    private int pause(int idle) {
        rethrow();
        return idle(idle);
    }

    /** Spin briefly, then yield, then sleep longer and longer (a live capture can be idle for hours). */
    private static int idle(int idle) {
        if (idle < 64) Thread.onSpinWait();
        else if (idle < 128) Thread.yield();
        else LockSupport.parkNanos(idle < 1024 ? 20_000 : 1_000_000);
        return idle + 1;
    }

    private void rethrow() {
        Throwable t = failure;
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException(t);
    }

    // ------------------------------------------------------------------ worker

    private void work() {
        try {
            long tail = 0;
            int idle = 0;
            while (true) {
                long avail = published.getAcquire();
                if (avail == tail) {
                    idle = idle(idle);
                    continue;
                }
                idle = 0;
                for (; tail < avail; tail++) {
                    int slot = (int) (tail & mask);
                    byte k = kind[slot];
                    if (k == END) {
                        if (measureCpu) workerCpuNanos = cpuTime();
                        consumed.setRelease(tail + 1);
                        return;
                    }
                    handle(slot, k);
                    if ((tail & 63) == 63) consumed.setRelease(tail + 1);
                }
                consumed.setRelease(tail);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void handle(int slot, byte k) {
        switch (k) {
            case SEGMENT -> {
                int f = flags[slot];
                int n = captured[slot];
                byte[] buf;
                int off;
                if (object[slot] instanceof byte[] own) {
                    buf = own;
                    off = 0;
                    object[slot] = null;
                } else {
                    buf = bytes;
                    off = (int) ((payloadEnd[slot] - n) & (ringBytes - 1));
                }
                currentSelected = (f & SELECTED) != 0;
                tracker.segment(stream[slot], (f & FROM_CLIENT) != 0, micros[slot], frame[slot], f & ~(FROM_CLIENT | SELECTED),
                        seq[slot], ack[slot], buf, off, n, len[slot]);
            }
            case SUMMARY -> {
                currentSelected = (flags[slot] & SELECTED) != 0;
                if (exchanges != null) {
                    tracker.take(stream[slot]);   // hands over the exchanges the end completes
                    exchanges.ended(stream[slot], currentSelected);
                } else {
                    ConnectionSummary s = (ConnectionSummary) object[slot];
                    object[slot] = null;
                    HttpResult h = tracker.take(stream[slot]);
                    sink.accept(s, h);
                }
            }
            case DROP -> {
                currentSelected = (flags[slot] & SELECTED) != 0;
                tracker.take(stream[slot]);
                if (exchanges != null) exchanges.dropped(stream[slot]);
            }
            case OPEN -> {
                String[] labels = (String[]) object[slot];
                object[slot] = null;
                exchanges.opened(stream[slot], labels[0], labels[1]);
            }
            default -> throw new IllegalStateException("bad slot kind " + k);
        }
    }

    /** A counter on its own cache line, so the two threads' counters do not share one. */
    @SuppressWarnings("unused")
    private static final class Sequence {
        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(Sequence.class, "value", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long p1, p2, p3, p4, p5, p6, p7;
        private long value;
        long q1, q2, q3, q4, q5, q6, q7;

        long getAcquire() { return (long) VALUE.getAcquire(this); }

        void setRelease(long v) { VALUE.setRelease(this, v); }
    }
}
