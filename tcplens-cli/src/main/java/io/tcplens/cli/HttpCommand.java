package io.tcplens.cli;

import static io.tcplens.render.text.Columns.left;
import static io.tcplens.render.text.Columns.right;

import io.tcplens.conn.HttpOffload;
import io.tcplens.conn.LifecycleTracker;
import io.tcplens.http.HttpMessage;
import io.tcplens.http.HttpTransaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tcplens http}: one row per HTTP/1.x request/response exchange. */
@Command(name = "http", sortOptions = false,
        description = {"One row per HTTP/1.x request/response exchange, written as it completes.",
                "Found by content on any port, also behind a SOCKS handshake: method,",
                "host, URI, status, body sizes, time to first byte and total time, and",
                "the connection it ran on. Each connection's keep-alive facts are in",
                "tcplens conns --format json."})
public final class HttpCommand extends IoCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    Inputs input = new Inputs();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, json (JSON Lines) or parquet (with -o). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "-o", paramLabel = "FILE", description = "The file --format parquet writes (replaced only once complete).")
    String output;

    @Parameters(paramLabel = "EXPRESSION", arity = "0..*", description = "A tcpdump filter expression selecting connections.")
    List<String> expression = List.of();

    public static int execute(List<String> args, OutputStream out, PrintStream err) {
        return IoCommand.execute(new HttpCommand(), args, out, err);
    }

    /** JSON Lines: each object ends its own line, so no separator before the next (Jackson's default is a space). */
    static final JsonFactory JSON_LINES = JsonFactory.builder().rootValueSeparator((String) null).build();

    @Override
    public Integer call() {
        if (format.equalsIgnoreCase("parquet")) return Duck.export("http", input, output, stderr);
        if (output != null) {
            stderr.println("tcplens: -o is for --format parquet (the other formats go to standard output)");
            return 2;
        }
        boolean json = format.equalsIgnoreCase("json");
        if (!json && !format.equalsIgnoreCase("table")) {
            stderr.println("tcplens: unknown format '" + format + "' (use table, json or parquet)");
            return 2;
        }
        OfflineRun run = OfflineRun.prepare(expression, stderr);
        if (run == null) return 1;
        // HTTP follows streams and relative sequence numbers, which compact tombstones keep exactly;
        // it never reads tshark's analysis flags, the only thing they give up. A full tombstone per
        // connection seen made memory grow with the file (3 GB capture: 589 MB).
        run.compactTombstones();
        PrintStream out = new PrintStream(new java.io.BufferedOutputStream(stdout, 1 << 16), false, StandardCharsets.UTF_8);
        JsonGenerator g = json ? JSON_LINES.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8) : null;
        long[] rowsWritten = new long[2];   // rows, and responses that answer requests not kept
        Row write = (stream, client, server, t) -> {
            if (json) json(g, stream, client, server, t); else table(out, stream, client, server, t, rowsWritten[0] == 0);
            rowsWritten[0]++;
            if (t.requestNotKept()) rowsWritten[1]++;
            // PrintStream keeps write errors to itself: look now and then, and stop when the reader is gone.
            if ((rowsWritten[0] & 255) == 0 && out.checkError()) {
                throw new java.io.UncheckedIOException(new java.io.IOException("Broken pipe (standard output closed)"));
            }
        };
        Exchanges ex = new Exchanges(run, write);
        int rc;
        try {
            rc = run.run(input, System.in, stderr, ex.listeners());
        } finally {
            ex.finish();
        }
        if (g != null) g.close();
        out.flush();
        ex.report(stderr);
        if (rowsWritten[1] > 0) {
            stderr.println("tcplens: " + rowsWritten[1] + (rowsWritten[1] == 1 ? " response answers a request" : " responses answer requests")
                    + " not kept (more than " + io.tcplens.http.HttpConnectionAnalyzer.MAX_SUMMARISED
                    + " requests were waiting for responses); pairing is by order");
        }
        if (rowsWritten[0] == 0 && rc == 0) stderr.println("tcplens: no HTTP/1.x transaction found");
        return rc;
    }

    /**
     * The http pass: HTTP followed on a second core (conn/HttpOffload), each exchange handed to a
     * {@link Row} as it completes, in the order the in-line analysis would write them. Shared by
     * {@code http} (all formats) and {@code sql}, so an exchange's facts are computed in one place.
     */
    static final class Exchanges {
        private final HttpOffload second;
        private final LifecycleTracker tracker;
        private long connectionsOverBuffer, exchangesNotListed;

        Exchanges(OfflineRun run, Row write) {
            // Exchanges are written as they complete (no limit per connection, nothing kept). With a
            // filter, a connection counts as selected once any of its packets matched; exchanges that
            // complete before then wait (at most BUFFERED per connection) for the connection's end.
            java.util.Map<Integer, java.util.List<HttpTransaction>> waiting = new java.util.HashMap<>();
            java.util.Map<Integer, Long> notListed = new java.util.HashMap<>();
            java.util.Map<Integer, String[]> labels = new java.util.HashMap<>();   // worker only
            HttpOffload.ExchangeSink exchanges = new HttpOffload.ExchangeSink() {
                @Override public void opened(int stream, String client, String server) {
                    labels.put(stream, new String[] {client, server});
                }

                @Override public void exchange(int stream, boolean selected, HttpTransaction t) {
                    if (selected) {
                        String[] l = labels.get(stream);
                        write.row(stream, l[0], l[1], t);
                        return;
                    }
                    java.util.List<HttpTransaction> w = waiting.computeIfAbsent(stream, k -> new java.util.ArrayList<>());
                    if (w.size() < BUFFERED) w.add(t);
                    else notListed.merge(stream, 1L, Long::sum);
                }

                @Override public void ended(int stream, boolean selected) {
                    java.util.List<HttpTransaction> w = waiting.remove(stream);
                    Long lost = notListed.remove(stream);
                    if (w == null || !selected) return;
                    String[] l = labels.get(stream);
                    for (HttpTransaction t : w) write.row(stream, l[0], l[1], t);
                    if (lost != null) {
                        connectionsOverBuffer++;
                        exchangesNotListed += lost;
                    }
                }

                @Override public void dropped(int stream) { labels.remove(stream); }
            };
            second = new HttpOffload(new io.tcplens.http.HttpConnectionAnalyzer.Settings(
                    io.tcplens.reassembly.StreamReassembler.DEFAULT_MAX_BUFFERED, io.tcplens.http.HttpParser.DEFAULT_MAX_HEAD_BYTES,
                    io.tcplens.http.HttpParser.DEFAULT_MAX_HEADERS, 0, true), exchanges, run::selected);
            tracker = new LifecycleTracker(c -> second.ended(c.stream())).withoutStory();
        }

        io.tcplens.tcp.TcpListener[] listeners() {
            return new io.tcplens.tcp.TcpListener[] {second.opens(), second.segments(), tracker, second.closes()};
        }

        /**
         * The listeners without the lifecycle tracker, for a pass whose own tracker calls
         * {@link #ended} with each summary (a connection holds one tracker's state: two trackers in
         * one pass would count into the same slot): these go before that tracker, {@link #closes} after it.
         */
        io.tcplens.tcp.TcpListener[] beforeTracker() {
            return new io.tcplens.tcp.TcpListener[] {second.opens(), second.segments()};
        }

        io.tcplens.tcp.TcpListener closes() { return second.closes(); }

        /** A connection's summary was made (its exchanges are complete). */
        void ended(int stream) { second.ended(stream); }

        /** Waits for the worker to write every row (call after the run, also when it failed). */
        void finish() { second.finish(); }

        /** The line about exchanges not listed because a filter selected their connection late. */
        void report(PrintStream err) {
            if (connectionsOverBuffer > 0) {
                err.println("tcplens: " + connectionsOverBuffer + (connectionsOverBuffer == 1 ? " connection" : " connections")
                        + " matched the filter only after more than " + BUFFERED + " exchanges: " + exchangesNotListed
                        + " earlier exchanges were not listed");
            }
        }
    }

    /** Microseconds as milliseconds with one decimal, rounded half up, as {@code %.1f ms} prints them. */
    static String ms(long micros) {
        if (micros < 0) return "-";
        long tenths = (micros + 50) / 100;
        return tenths / 10 + "." + tenths % 10 + " ms";
    }

    private static String cut(String s, int n) {
        if (s == null) return "-";
        // control characters from the wire never reach the terminal raw
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < n; i++) {
            char ch = s.charAt(i);
            b.append(ch < 0x20 || ch == 0x7F ? '.' : ch);
        }
        return s.length() > n ? b.substring(0, n - 1) + "…" : b.toString();
    }

    /** Writes one exchange of a connection. */
    interface Row {
        void row(int stream, String client, String server, HttpTransaction t);
    }

    /** Exchanges held per connection while a filter has not selected it yet. */
    static final int BUFFERED = 1000;

    private static void table(PrintStream out, int stream, String client, String server, HttpTransaction t, boolean header) {
        if (header) {
            out.print(row("stream", "#", "client", "server", "method", "host", "uri", "status", "req body", "resp body",
                    "first byte", "total"));
        }
        String line = row(Integer.toString(stream), Integer.toString(t.index() + 1), client, server, cut(t.method(), 7),
                cut(t.host(), 28), t.requestNotKept() ? "(request not kept)" : cut(t.uri(), 40),
                t.statusCode() < 0 ? "-" : Integer.toString(t.statusCode()),
                t.requestBodyBytes() < 0 ? "-" : Long.toString(t.requestBodyBytes()),
                t.responseBodyBytes() < 0 ? "-" : Long.toString(t.responseBodyBytes()),
                ms(t.timeToFirstByteMicros()), ms(t.totalMicros()));
        String notes = notes(t);
        if (!notes.isEmpty()) line = line.substring(0, line.length() - System.lineSeparator().length()) + "  " + notes + System.lineSeparator();
        out.print(line);
    }

    /** What is unusual about an exchange, for the table: "[oversized head] [malformed request] [bad chunk size: ...]". */
    static String notes(HttpTransaction t) {
        StringBuilder b = new StringBuilder();
        if (t.oversizedHead()) b.append("[oversized head]");
        if (t.request() != null && t.request().malformedStartLine()) b.append(b.isEmpty() ? "" : " ").append("[malformed request]");
        for (String p : t.problems()) b.append(b.isEmpty() ? "" : " ").append('[').append(cut(p, 80)).append(']');
        return b.toString();
    }

    /**
     * One table line: {@code %6s %4s  %-21s  %-21s  %-7s  %-28s  %-40s  %6s  %9s  %9s  %9s  %9s%n}, built
     * in one piece (a PrintStream encodes and writes every piece a Formatter hands it separately,
     * which made a big capture's table ten times slower than its analysis).
     */
    static String row(String stream, String index, String client, String server, String method, String host,
                              String uri, String status, String reqBody, String respBody, String firstByte, String total) {
        StringBuilder b = new StringBuilder(220);
        right(b, stream, 6).append(' ');
        right(b, index, 4).append("  ");
        left(b, client, 21).append("  ");
        left(b, server, 21).append("  ");
        left(b, method, 7).append("  ");
        left(b, host, 28).append("  ");
        left(b, uri, 40).append("  ");
        right(b, status, 6).append("  ");
        right(b, reqBody, 9).append("  ");
        right(b, respBody, 9).append("  ");
        right(b, firstByte, 9).append("  ");
        right(b, total, 9);
        return b.append(System.lineSeparator()).toString();
    }



    static void json(JsonGenerator g, int stream, String client, String server, HttpTransaction t) {
        g.writeStartObject();
        g.writeNumberProperty("stream", stream);
        // from 1, as the table's # column and tshark's http.request_number count
        g.writeNumberProperty("index", t.index() + 1);
        g.writeStringProperty("client", client);
        g.writeStringProperty("server", server);
        g.writeStringProperty("method", t.method());
        g.writeStringProperty("host", t.host());
        g.writeStringProperty("uri", t.uri());
        if (t.statusCode() < 0) g.writeNullProperty("status"); else g.writeNumberProperty("status", t.statusCode());
        g.writeStringProperty("reason", t.reason());
        if (t.requestBodyBytes() < 0) g.writeNullProperty("request_body_bytes"); else g.writeNumberProperty("request_body_bytes", t.requestBodyBytes());
        if (t.responseBodyBytes() < 0) g.writeNullProperty("response_body_bytes"); else g.writeNumberProperty("response_body_bytes", t.responseBodyBytes());
        seconds(g, "time_to_first_byte", t.timeToFirstByteMicros());
        seconds(g, "total_time", t.totalMicros());
        if (t.requestFirstFrame() < 0) g.writeNullProperty("request_frame"); else g.writeNumberProperty("request_frame", t.requestFirstFrame());
        if (t.responseFirstFrame() < 0) g.writeNullProperty("response_frame"); else g.writeNumberProperty("response_frame", t.responseFirstFrame());
        message(g, "request", t.request());
        message(g, "response", t.response());
        g.writeName("interim_statuses");
        g.writeStartArray();
        for (HttpMessage i : t.interim()) g.writeNumber(i.status());
        g.writeEndArray();
        // what is unusual about the exchange (see HttpTransaction and HttpMessage)
        g.writeBooleanProperty("request_not_kept", t.requestNotKept());
        g.writeBooleanProperty("request_malformed", t.request() != null && t.request().malformedStartLine());
        g.writeBooleanProperty("oversized_head", t.oversizedHead());
        g.writeName("problems");
        g.writeStartArray();
        for (String p : t.problems()) g.writeString(p);
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /**
     * Whether a message ended within the capture ({@code <side>_complete}) and how many of its bytes
     * the capture lacked ({@code <side>_missing_bytes}); both null when the side is absent.
     */
    private static void message(JsonGenerator g, String side, HttpMessage m) {
        if (m == null) {
            g.writeNullProperty(side + "_complete");
            g.writeNullProperty(side + "_missing_bytes");
        } else {
            g.writeBooleanProperty(side + "_complete", m.complete());
            g.writeNumberProperty(side + "_missing_bytes", m.missingBytes());
        }
    }

    private static void seconds(JsonGenerator g, String name, long micros) {
        g.writeName(name);
        // micros as seconds with six decimals, exactly (what %.6f of micros / 1e6 prints, without a Formatter)
        if (micros < 0) g.writeNull(); else g.writeNumber(micros / 1_000_000 + "." + Long.toString(micros % 1_000_000 + 1_000_000).substring(1));
    }
}
