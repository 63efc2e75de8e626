package io.tcplens.cli;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.LifecycleTracker;
import io.tcplens.http.HttpMessage;
import io.tcplens.http.HttpResult;
import io.tcplens.http.HttpTracker;
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
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tcplens http}: one row per HTTP/1.x request/response exchange. */
@Command(name = "http", sortOptions = false,
        description = {"One row per HTTP/1.x request/response exchange.",
                "Found by content on any port: method, host, URI, status,",
                "body sizes, time to first byte and total time, with the connection it ran on and whether that",
                "connection was reused (HTTP keep-alive)."})
public final class HttpCommand extends IoCommand implements Callable<Integer> {

    @Option(names = "-r", paramLabel = "FILE", required = true, description = "Capture to read (- for standard input).")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json (JSON Lines). Default: ${DEFAULT-VALUE}.")
    String format;

    @Parameters(paramLabel = "EXPRESSION", arity = "0..*", description = "A tcpdump filter expression selecting connections.")
    List<String> expression = List.of();

    public static int execute(List<String> args, OutputStream out, PrintStream err) {
        return IoCommand.execute(new HttpCommand(), args, out, err);
    }

    private static final String FMT = "%6s %4s  %-21s  %-21s  %-7s  %-28s  %-40s  %6s  %9s  %9s  %9s  %9s%n";

    /** JSON Lines: each object ends its own line, so no separator before the next (Jackson's default is a space). */
    private static final JsonFactory JSON_LINES = JsonFactory.builder().rootValueSeparator((String) null).build();

    @Override
    public Integer call() {
        boolean json = format.equalsIgnoreCase("json");
        if (!json && !format.equalsIgnoreCase("table")) {
            stderr.println("tcplens: unknown format '" + format + "' (use table or json)");
            return 2;
        }
        OfflineRun run = OfflineRun.prepare(expression, stderr);
        if (run == null) return 1;
        PrintStream out = new PrintStream(stdout, false, StandardCharsets.UTF_8);
        JsonGenerator g = json ? JSON_LINES.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8) : null;
        long[] counts = new long[4];   // rows, connections written, connections over the limit, exchanges not listed
        HttpTracker http = new HttpTracker();
        LifecycleTracker tracker = new LifecycleTracker(c -> {
            if (c.http() == null || !run.selected(c.stream())) return;
            for (HttpTransaction t : c.http().transactions()) {
                if (json) json(g, c, t); else table(out, c, t, counts[0] == 0);
                counts[0]++;
            }
            if (c.http().transactionsNotKept() > 0) {
                counts[2]++;
                counts[3] += c.http().transactionsNotKept();
            }
            // PrintStream keeps write errors to itself: look now and then, and stop when the reader is gone.
            if ((++counts[1] & 63) == 0 && out.checkError()) {
                throw new java.io.UncheckedIOException(new java.io.IOException("Broken pipe (standard output closed)"));
            }
        }).withHttp(http);
        int rc = run.run(file, System.in, stderr, http, tracker);
        if (g != null) g.close();
        out.flush();
        if (counts[2] > 0) {
            stderr.println("tcplens: " + counts[2] + (counts[2] == 1 ? " connection" : " connections") + " carried more than "
                    + io.tcplens.http.HttpConnectionAnalyzer.MAX_KEPT + " exchanges: the first "
                    + io.tcplens.http.HttpConnectionAnalyzer.MAX_KEPT + " of each are listed, " + counts[3]
                    + " more were counted (conns --format json gives each connection's http_requests)");
        }
        if (counts[0] == 0 && rc == 0) stderr.println("tcplens: no HTTP/1.x transaction found");
        return rc;
    }

    private static String ms(long micros) {
        return micros < 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
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

    private static void table(PrintStream out, ConnectionSummary c, HttpTransaction t, boolean header) {
        if (header) {
            out.printf(FMT, "stream", "#", "client", "server", "method", "host", "uri", "status", "req body", "resp body", "first byte", "total");
        }
        out.printf(FMT, c.stream(), t.index() + 1, c.client().label(), c.server().label(), cut(t.method(), 7), cut(t.host(), 28),
                cut(t.uri(), 40), t.statusCode() < 0 ? "-" : Integer.toString(t.statusCode()),
                t.requestBodyBytes() < 0 ? "-" : Long.toString(t.requestBodyBytes()),
                t.responseBodyBytes() < 0 ? "-" : Long.toString(t.responseBodyBytes()),
                ms(t.timeToFirstByteMicros()), ms(t.totalMicros()));
    }

    private static void json(JsonGenerator g, ConnectionSummary c, HttpTransaction t) {
        HttpResult h = c.http();
        g.writeStartObject();
        g.writeNumberProperty("stream", c.stream());
        g.writeNumberProperty("index", t.index());
        g.writeStringProperty("client", c.client().label());
        g.writeStringProperty("server", c.server().label());
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
        g.writeBooleanProperty("connection_persistent", h.persistence().persistent());
        g.writeNumberProperty("connection_requests", h.requests());
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
        if (micros < 0) g.writeNull(); else g.writeNumber(String.format(Locale.ROOT, "%.6f", micros / 1e6));
    }
}
