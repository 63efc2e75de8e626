package io.tcplens.http;

import io.tcplens.tcp.SegmentInfo;
import io.tcplens.tcp.TcpConnection;
import io.tcplens.tcp.TcpListener;

/**
 * Runs an {@link HttpConnectionAnalyzer} on every TCP connection that carries HTTP/1.x, found by
 * content on any port. A connection whose first bytes are not HTTP is dropped early, so TLS or
 * other protocols cost almost nothing. Results are taken with {@link #take} when the
 * connection's summary is made (the lifecycle tracker asks), which also frees the state.
 */
public final class HttpTracker implements TcpListener {
    /** Bytes seen on a connection without any HTTP message before it is deemed not HTTP. */
    static final long GIVE_UP_BYTES = 8192;

    private final HttpConnectionAnalyzer.Settings settings;
    /** By stream number (unique per connection, also across port reuse). */
    private final StreamMap<Entry> live = new StreamMap<>();
    private int lastStream = -1;
    private Entry lastEntry;

    /** Per connection: the analyzer, or null once the connection was found not to be HTTP. */
    private static final class Entry {
        HttpConnectionAnalyzer analyzer;
        long payloadBytes;
    }

    public HttpTracker() { this(HttpConnectionAnalyzer.Settings.DEFAULTS); }

    public HttpTracker(HttpConnectionAnalyzer.Settings settings) { this(settings, null); }

    /** Where each exchange goes as soon as it is complete (see {@link HttpConnectionAnalyzer#onTransaction}). */
    public interface TransactionSink {
        void transaction(TcpConnection connection, HttpTransaction transaction);
    }

    private final TransactionSink sink;

    /** Where the exchanges of copied segments go (a copy has no TcpConnection): by stream number. */
    public interface StreamTransactionSink {
        void transaction(int stream, HttpTransaction transaction);
    }

    private StreamTransactionSink streamSink;

    /**
     * A tracker fed copies of segments ({@link #segment(int, boolean, long, long, int, int, int, byte[], int, int, int)})
     * that hands every exchange to {@code sink} as it completes, with its connection's stream number.
     */
    public static HttpTracker forCopies(HttpConnectionAnalyzer.Settings settings, StreamTransactionSink sink) {
        HttpTracker t = new HttpTracker(settings, null);
        t.streamSink = sink;
        return t;
    }

    /** With a sink, every exchange of every connection is handed to it as it completes. */
    public HttpTracker(HttpConnectionAnalyzer.Settings settings, TransactionSink sink) {
        this.settings = settings;
        this.sink = sink;
    }

    @Override
    public boolean wantsStateChanges() { return false; }

    @Override
    public void onSegment(SegmentInfo s) {
        if (s.icmpQuoted) return;   // a header quoted by an ICMP error is not the connection's data
        segment(s.connection, s.stream, s.fromClient, s.timeNanos / 1000, s.frame, s.flags, s.rawSeq, s.rawAck,
                s.buffer, s.payloadOffset, s.payloadCaptured, s.lengthKnown ? Math.max(0, s.len) : -1);
    }

    /**
     * One TCP segment, given field by field (for a copy of it made on another thread).
     *
     * @param len the segment's payload length per the IP header, or -1 when unknown
     */
    public void segment(int stream, boolean fromClient, long micros, long frame, int flags, int rawSeq, int rawAck,
                        byte[] buffer, int payloadOffset, int payloadCaptured, int len) {
        segment(null, stream, fromClient, micros, frame, flags, rawSeq, rawAck, buffer, payloadOffset, payloadCaptured, len);
    }

    /** {@code connection} (null for a copy) is handed to the transaction sink with each exchange. */
    private void segment(TcpConnection connection, int stream, boolean fromClient, long micros, long frame, int flags,
                         int rawSeq, int rawAck, byte[] buffer, int payloadOffset, int payloadCaptured, int len) {
        Entry e;
        if (stream == lastStream) {
            e = lastEntry;
        } else {
            e = live.get(stream);
            if (e == null) {
                // Nothing to learn before the first payload byte (handshake, bare ACKs).
                if (len <= 0) return;
                e = new Entry();
                e.analyzer = new HttpConnectionAnalyzer(settings);
                if (sink != null && connection != null) {
                    e.analyzer.onTransaction(t -> sink.transaction(connection, t));
                } else if (streamSink != null) {
                    e.analyzer.onTransaction(t -> streamSink.transaction(stream, t));
                }
                live.put(stream, e);
            }
            lastStream = stream;
            lastEntry = e;
        }
        HttpConnectionAnalyzer a = e.analyzer;
        if (a == null) return;
        a.segment(fromClient, micros, frame, flags, rawSeq, rawAck, buffer, payloadOffset, payloadCaptured, Math.max(0, len));
        if (len > 0) e.payloadBytes += len;
        if (e.payloadBytes > GIVE_UP_BYTES && !a.isHttp()) e.analyzer = null; // not HTTP: stop paying for it
    }

    /** Ends and returns the HTTP facts of a connection (null when it carried no HTTP), freeing them. */
    public HttpResult take(TcpConnection c) { return take(c.stream()); }

    /** Ends and returns the HTTP facts of the connection with this stream number (null when it carried no HTTP). */
    public HttpResult take(int stream) {
        Entry e = live.remove(stream);
        if (stream == lastStream) { lastStream = -1; lastEntry = null; }
        if (e == null || e.analyzer == null) return null;
        HttpConnectionAnalyzer a = e.analyzer;
        a.end();
        if (!a.isHttp()) return null;
        return new HttpResult(a.transactions(), a.persistence(), a.problems(), a.overCap(), a.transactionsNotKept());
    }

    /** Connections being followed now (for diagnostics and tests). */
    public int tracked() { return live.size(); }
}
