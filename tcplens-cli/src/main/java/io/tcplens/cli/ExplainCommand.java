package io.tcplens.cli;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.LifecycleTracker;
import io.tcplens.render.explain.Explainer;
import io.tcplens.render.explain.PacketRow;
import io.tcplens.tcp.SegmentInfo;
import io.tcplens.tcp.TcpEvent;
import io.tcplens.tcp.TcpListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code tcplens explain}: each connection's packets with both endpoints' states, then its story in plain words. */
@Command(name = "explain", sortOptions = false,
        description = {"Explain each TCP connection as a teacher would: a packet table with both endpoints' states,",
                "then the story (handshake, data, idle periods and keep-alive, who closed and how, TIME_WAIT)."})
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "-r", paramLabel = "FILE", required = true, description = "Capture to read (- for standard input).")
    String file;

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
        Explainer.Lang l;
        switch (lang.toLowerCase(java.util.Locale.ROOT)) {
            case "en" -> l = Explainer.Lang.EN;
            case "zh", "zh-cn", "cn" -> l = Explainer.Lang.ZH;
            default -> {
                System.err.println("tcplens: unknown language '" + lang + "' (use en or zh)");
                return 2;
            }
        }
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        Explainer explainer = new Explainer(l, out, maxRows);
        OfflineRun run = OfflineRun.prepare(expression, System.err);
        if (run == null) return 1;
        Collector collector = new Collector(stream, maxRows, explainer, run);
        int rc = run.run(file, System.in, System.err, collector, collector.tracker);
        collector.drain();
        if (collector.explained == 0 && rc == 0) {
            System.err.println(stream != null ? "tcplens: no TCP connection with stream number " + stream
                    : "tcplens: no TCP connection in this capture" + (expression.isEmpty() ? "" : " matches the filter"));
            rc = 1;
        }
        out.flush();
        return rc;
    }

    /** Keeps the packet rows of connections being explained and prints them in stream order. */
    static final class Collector implements TcpListener {
        final Integer only;
        final int keepRows;
        final Explainer explainer;
        final Map<Integer, List<PacketRow>> rows = new HashMap<>();
        final Map<Integer, Integer> dropped = new HashMap<>();
        final TreeMap<Integer, ConnectionSummary> done = new TreeMap<>();
        final java.util.TreeSet<Integer> openStreams = new java.util.TreeSet<>();
        final LifecycleTracker tracker;
        int explained;

        final OfflineRun run;

        Collector(Integer only, int maxRows, Explainer explainer, OfflineRun run) {
            this.only = only;
            this.run = run;
            this.keepRows = Math.max(maxRows, 0) + 1;
            this.explainer = explainer;
            this.tracker = new LifecycleTracker(this::finished);
        }

        @Override
        public void onEvent(TcpEvent event) {
            if (event instanceof TcpEvent.ConnectionOpened o && wanted(o.connection().stream())) {
                rows.put(o.connection().stream(), new ArrayList<>());
                openStreams.add(o.connection().stream());
            }
        }

        @Override
        public void onSegment(SegmentInfo s) {
            List<PacketRow> r = rows.get(s.stream);
            if (r == null) return;
            if (r.size() < keepRows) r.add(PacketRow.of(s));
            else dropped.merge(s.stream, 1, Integer::sum);
        }

        boolean wanted(int stream) { return only == null || only == stream; }

        void finished(ConnectionSummary c) {
            if (!wanted(c.stream())) return;
            openStreams.remove(c.stream());
            if (!run.selected(c.stream())) {
                rows.remove(c.stream());
                dropped.remove(c.stream());
            } else {
                done.put(c.stream(), c);
            }
            // Print in stream order: everything below the oldest still-open connection is final.
            while (!done.isEmpty() && (openStreams.isEmpty() || done.firstKey() < openStreams.first())) {
                print(done.pollFirstEntry().getValue());
            }
        }

        void drain() {
            while (!done.isEmpty()) print(done.pollFirstEntry().getValue());
        }

        private void print(ConnectionSummary c) {
            if (explained > 0) explainer.separator();
            explainer.explain(c, rows.remove(c.stream()), dropped.getOrDefault(c.stream(), 0), List.of());
            dropped.remove(c.stream());
            explained++;
        }
    }
}
