package io.tcplens.cli;

import static io.tcplens.render.text.Columns.left;
import static io.tcplens.render.text.Columns.right;

import io.tcplens.http.HttpTransaction;
import io.tcplens.render.rows.HttpJsonWriter;
import io.tcplens.render.rows.RowsPass;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

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
        JsonGenerator g = json ? HttpJsonWriter.JSON_LINES.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8) : null;
        long[] rowsWritten = new long[2];   // rows, and responses that answer requests not kept
        RowsPass.ExchangeWriter write = (stream, client, server, t) -> {
            if (json) HttpJsonWriter.write(g, stream, client, server, t); else table(out, stream, client, server, t, rowsWritten[0] == 0);
            rowsWritten[0]++;
            if (t.requestNotKept()) rowsWritten[1]++;
            // PrintStream keeps write errors to itself: look now and then, and stop when the reader is gone.
            if ((rowsWritten[0] & 255) == 0 && out.checkError()) {
                throw new java.io.UncheckedIOException(new java.io.IOException("Broken pipe (standard output closed)"));
            }
        };
        RowsPass ex = RowsPass.http(write, run::selected);
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



}
