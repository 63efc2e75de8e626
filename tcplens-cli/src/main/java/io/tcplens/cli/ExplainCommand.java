package io.tcplens.cli;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.LifecycleTracker;
import io.tcplens.render.explain.Explainer;
import io.tcplens.tcp.SegmentInfo;
import io.tcplens.tcp.TcpEvent;
import io.tcplens.tcp.TcpListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code tcplens explain}: each connection's packets with both endpoints' states, then its story in plain words. */
@Command(name = "explain", sortOptions = false,
        description = {"Explain each TCP connection in plain words (English or Chinese).",
                "As a teacher would: a packet table with both endpoints' states,",
                "then the story (handshake, data, idle periods and keep-alive, who closed and how, TIME_WAIT)."})
public final class ExplainCommand extends IoCommand implements Callable<Integer> {


    /** Runs the command in-process with its own streams; returns the exit code. */
    public static int execute(java.util.List<String> args, OutputStream out, PrintStream err) {
        return IoCommand.execute(new ExplainCommand(), args, out, err);
    }

    @picocli.CommandLine.Mixin
    Inputs input = new Inputs();

    @Option(names = "--stream", paramLabel = "N", description = "Only this connection (tcp.stream number, as tshark numbers it).")
    Integer stream;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en", description = "en or zh (Simplified Chinese). Default: ${DEFAULT-VALUE}.")
    String lang;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "" + Explainer.DEFAULT_MAX_ROWS,
            description = "Packets shown per connection before the table is cut short. Default: ${DEFAULT-VALUE}.")
    int maxRows;

    @Parameters(paramLabel = "EXPRESSION", arity = "0..*", description = "A tcpdump filter expression.")
    List<String> expression = List.of();

    @Override
    public Integer call() {
        Explainer.Lang l = Explainer.Lang.parse(lang);
        if (l == null) {
            stderr.println("tcplens: unknown language '" + lang + "' (use en or zh)");
            return 2;
        }
        PrintStream out = new PrintStream(new java.io.BufferedOutputStream(stdout, 1 << 16), false, StandardCharsets.UTF_8);
        Explainer explainer = new Explainer(l, out, maxRows);
        OfflineRun run = OfflineRun.prepare(expression, stderr);
        if (run == null) return 1;
        Collector collector = new Collector(stream, maxRows, explainer, run);
        io.tcplens.http.HttpTracker http = new io.tcplens.http.HttpTracker();
        collector.tracker.withHttp(http);
        // The tracker before the collector: a packet that starts a new row of its stream (a SYN after a
        // close) ends the old row first, so the packet is listed in the new one.
        int rc = run.run(input, System.in, stderr, http, collector.tracker, collector);
        collector.drain();
        if (collector.explained == 0 && rc == 0) {
            stderr.println(stream != null ? "tcplens: no TCP connection with stream number " + stream
                    : "tcplens: no TCP connection in this capture" + (expression.isEmpty() ? "" : " matches the filter"));
            rc = 1;
        }
        out.flush();
        return rc;
    }

    /** Prints each wanted connection's explanation in stream order as the connections finish. */
    static final class Collector implements TcpListener {
        final Integer only;
        final Explainer explainer;
        final ConnectionRows rows;
        /** Summaries waiting to be printed, by stream and then arrival (a stream can have several rows). */
        final TreeMap<Long, ConnectionSummary> done = new TreeMap<>();
        long arrivals;
        final java.util.TreeSet<Integer> openStreams = new java.util.TreeSet<>();
        final LifecycleTracker tracker;
        final OfflineRun run;
        int explained;

        Collector(Integer only, int maxRows, Explainer explainer, OfflineRun run) {
            this.only = only;
            this.run = run;
            this.explainer = explainer;
            this.rows = new ConnectionRows(this::wanted, Math.max(maxRows, 0) + 1);
            this.tracker = new LifecycleTracker(this::finished);
        }

        @Override
        public void onEvent(TcpEvent event) {
            rows.onEvent(event);
            if (event instanceof TcpEvent.ConnectionOpened o && wanted(o.connection().stream())) {
                openStreams.add(o.connection().stream());
            }
        }

        @Override
        public void onSegment(SegmentInfo s) {
            rows.onSegment(s);
            if (wanted(s.stream) && !s.icmpQuoted) openStreams.add(s.stream);   // also a part the lifecycle started without an event
        }

        @Override
        public boolean wantsStateChanges() { return false; }

        boolean wanted(int stream) { return only == null || only == stream; }

        void finished(ConnectionSummary c) {
            if (!wanted(c.stream())) return;
            openStreams.remove(c.stream());
            if (!run.selected(c.stream())) {
                rows.take(c.stream());
                rows.takeDropped(c.stream());
            } else {
                done.put(((long) c.stream() << 32) | (arrivals++ & 0xFFFFFFFFL), c);
            }
            // Print in stream order: everything below the oldest still-open connection is final.
            while (!done.isEmpty() && (openStreams.isEmpty() || (done.firstKey() >> 32) < openStreams.first())) {
                print(done.pollFirstEntry().getValue());
            }
        }

        void drain() {
            while (!done.isEmpty()) print(done.pollFirstEntry().getValue());
        }

        private void print(ConnectionSummary c) {
            if (explained > 0) explainer.separator();
            explainer.explain(c, rows.take(c.stream()), rows.takeDropped(c.stream()),
                    io.tcplens.render.explain.HttpStory.paragraphs(c, explainer.lang()));
            explained++;
        }
    }
}
