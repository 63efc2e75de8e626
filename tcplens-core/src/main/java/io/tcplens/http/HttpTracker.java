package io.tcplens.http;

import io.tcplens.tcp.SegmentInfo;
import io.tcplens.tcp.TcpConnection;
import io.tcplens.tcp.TcpListener;

import java.util.IdentityHashMap;
import java.util.Map;

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
    private final Map<TcpConnection, Entry> live = new IdentityHashMap<>();
    private TcpConnection lastConn;
    private Entry lastEntry;

    /** Per connection: the analyzer, or null once the connection was found not to be HTTP. */
    private static final class Entry {
        HttpConnectionAnalyzer analyzer;
        long payloadBytes;
    }

    public HttpTracker() { this(HttpConnectionAnalyzer.Settings.DEFAULTS); }

    public HttpTracker(HttpConnectionAnalyzer.Settings settings) { this.settings = settings; }

    @Override
    public void onSegment(SegmentInfo s) {
        Entry e;
        if (s.connection == lastConn) {
            e = lastEntry;
        } else {
            e = live.get(s.connection);
            if (e == null) {
                // Nothing to learn before the first payload byte (handshake, bare ACKs).
                if (!s.lengthKnown || s.len <= 0) return;
                e = new Entry();
                e.analyzer = new HttpConnectionAnalyzer(settings);
                live.put(s.connection, e);
            }
            lastConn = s.connection;
            lastEntry = e;
        }
        HttpConnectionAnalyzer a = e.analyzer;
        if (a == null) return;
        a.segment(s.fromClient, s.timeNanos / 1000, s.frame, s.flags, s.rawSeq, s.rawAck,
                s.buffer, s.payloadOffset, s.payloadCaptured, s.lengthKnown ? Math.max(0, s.len) : 0);
        if (s.lengthKnown && s.len > 0) e.payloadBytes += s.len;
        if (e.payloadBytes > GIVE_UP_BYTES && !a.isHttp()) e.analyzer = null; // not HTTP: stop paying for it
    }

    /** Ends and returns the HTTP facts of a connection (null when it carried no HTTP), freeing them. */
    public HttpResult take(TcpConnection c) {
        Entry e = live.remove(c);
        if (c == lastConn) { lastConn = null; lastEntry = null; }
        if (e == null || e.analyzer == null) return null;
        HttpConnectionAnalyzer a = e.analyzer;
        a.end();
        if (!a.isHttp()) return null;
        return new HttpResult(a.transactions(), a.persistence(), a.problems(), a.overCap(), a.transactionsNotKept());
    }

    /** Connections being followed now (for diagnostics and tests). */
    public int tracked() { return live.size(); }
}
