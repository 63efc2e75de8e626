package io.tcplens.render.rows;

import io.tcplens.conn.HttpOffload;
import io.tcplens.conn.LifecycleTracker;
import io.tcplens.http.HttpConnectionAnalyzer;
import io.tcplens.http.HttpTransaction;
import io.tcplens.render.conns.ConnsWriter;
import io.tcplens.tcp.TcpListener;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The listeners that turn one analysis pass into the rows of the {@code conns} table, of the
 * {@code http} table, or of both at once: the lifecycle tracker's summaries and the HTTP layer's
 * findings, followed on a second core ({@link HttpOffload}) and handed to the writers there, in
 * order. The {@code conns} and {@code http} commands, {@code sql}, {@code --format parquet} and the
 * Spark job all subscribe these, so a row's facts are computed in one place.
 *
 * <p>{@code selected} is the run's filter verdict on a connection (read on the analyzer's
 * thread): a connection counts as selected once any of its packets matched. Summaries of
 * connections not selected are dropped; exchanges that complete before their connection is
 * selected wait (at most {@link #BUFFERED} per connection) for the connection's end.
 *
 * <p>Subscribe {@link #listeners()} to the analyzer in the order given, then after the pass call
 * {@link #finish()} (also when the pass failed), which waits until every row was written.
 */
public final class RowsPass {
    /** Writes one exchange of a connection. */
    @FunctionalInterface
    public interface ExchangeWriter {
        void row(int stream, String client, String server, HttpTransaction t);
    }

    /** Exchanges held per connection while a filter has not selected it yet. */
    public static final int BUFFERED = 1000;

    private final HttpOffload conns;   // summaries → conns rows (FACTS_ONLY HTTP)
    private final HttpOffload http;    // exchanges → http rows
    private final TcpListener[] listeners;
    private long connectionsOverBuffer, exchangesNotListed;

    /** The {@code conns} rows; {@code noHttp}: follow no HTTP (the http_* columns stay empty). */
    public static RowsPass conns(ConnsWriter rows, IntPredicate selected, boolean noHttp) {
        return new RowsPass(rows, null, selected, noHttp);
    }

    /** The {@code http} rows. */
    public static RowsPass http(ExchangeWriter rows, IntPredicate selected) {
        return new RowsPass(null, rows, selected, false);
    }

    /** Both tables from one pass. */
    public static RowsPass both(ConnsWriter conns, ExchangeWriter http, IntPredicate selected) {
        return new RowsPass(conns, http, selected, false);
    }

    private RowsPass(ConnsWriter connRows, ExchangeWriter exchangeRows, IntPredicate selected, boolean noHttp) {
        this.http = exchangeRows == null ? null : exchanges(exchangeRows, selected);
        this.conns = connRows == null ? null : new HttpOffload(HttpConnectionAnalyzer.Settings.FACTS_ONLY, connRows::write);
        HttpOffload h = http;
        HttpOffload c = conns;
        // One lifecycle tracker for both tables (a connection holds one tracker's state: two
        // trackers in one pass would count into the same slot).
        LifecycleTracker tracker = new LifecycleTracker(s -> {
            if (c != null) {
                if (selected.test(s.stream())) c.summary(s); else c.skip(s.stream());
            }
            if (h != null) h.ended(s.stream());
        }).withoutStory();   // rows show no milestones or idle gaps
        List<TcpListener> l = new ArrayList<>();
        // in each command's order: opens and segments, the tracker, then the offloads' closes
        if (h != null) {
            l.add(h.opens());
            l.add(h.segments());
        }
        if (c != null && !noHttp) l.add(c.segments());
        l.add(tracker);
        if (h != null) l.add(h.closes());
        if (c != null) l.add(c.closes());
        this.listeners = l.toArray(TcpListener[]::new);
    }

    private HttpOffload exchanges(ExchangeWriter write, IntPredicate selected) {
        Map<Integer, List<HttpTransaction>> waiting = new HashMap<>();
        Map<Integer, Long> notListed = new HashMap<>();
        Map<Integer, String[]> labels = new HashMap<>();   // worker only
        HttpOffload.ExchangeSink sink = new HttpOffload.ExchangeSink() {
            @Override public void opened(int stream, String client, String server) {
                labels.put(stream, new String[] {client, server});
            }

            @Override public void exchange(int stream, boolean isSelected, HttpTransaction t) {
                if (isSelected) {
                    String[] l = labels.get(stream);
                    write.row(stream, l[0], l[1], t);
                    return;
                }
                List<HttpTransaction> w = waiting.computeIfAbsent(stream, k -> new ArrayList<>());
                if (w.size() < BUFFERED) w.add(t);
                else notListed.merge(stream, 1L, Long::sum);
            }

            @Override public void ended(int stream, boolean isSelected) {
                List<HttpTransaction> w = waiting.remove(stream);
                Long lost = notListed.remove(stream);
                if (w == null || !isSelected) return;
                String[] l = labels.get(stream);
                for (HttpTransaction t : w) write.row(stream, l[0], l[1], t);
                if (lost != null) {
                    connectionsOverBuffer++;
                    exchangesNotListed += lost;
                }
            }

            @Override public void dropped(int stream) { labels.remove(stream); }
        };
        return new HttpOffload(new HttpConnectionAnalyzer.Settings(
                io.tcplens.reassembly.StreamReassembler.DEFAULT_MAX_BUFFERED, io.tcplens.http.HttpParser.DEFAULT_MAX_HEAD_BYTES,
                io.tcplens.http.HttpParser.DEFAULT_MAX_HEADERS, 0, true), sink, selected);
    }

    /** The listeners to subscribe, in this order. */
    public TcpListener[] listeners() { return listeners.clone(); }

    /** Waits for the workers to write every row (call after the pass, also when it failed). */
    public void finish() {
        try {
            if (conns != null) conns.finish();
        } finally {
            if (http != null) http.finish();
        }
    }

    /** The conns worker, for its CPU time ({@code TCPLENS_TIMES}); null without conns rows. */
    public HttpOffload connsWorker() { return conns; }

    /** The line about exchanges not listed because a filter selected their connection late (nothing if none). */
    public void report(PrintStream err) {
        if (connectionsOverBuffer > 0) {
            err.println("tcplens: " + connectionsOverBuffer + (connectionsOverBuffer == 1 ? " connection" : " connections")
                    + " matched the filter only after more than " + BUFFERED + " exchanges: " + exchangesNotListed
                    + " earlier exchanges were not listed");
        }
    }
}
