package io.tcplens.cli;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.LifecycleTracker;
import io.tcplens.render.report.HtmlReport;
import io.tcplens.render.report.ReportConnection;
import io.tcplens.render.report.ReportModel;
import io.tcplens.render.report.ReportSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;

/** {@code tcplens report}: a self-contained HTML report of every connection. */
@Command(name = "report", sortOptions = false,
        description = {"Write a self-contained HTML report of every connection.",
                "One file, no network access needed, with a summary of the capture,",
                "a sortable, filterable table of all connections, and for the most interesting ones the lifecycle",
                "in words, the ladder diagram, a time-sequence graph and the keep-alive timeline."})
public final class ReportCommand extends IoCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    Inputs input = new Inputs();

    @Option(names = "-o", paramLabel = "FILE", required = true, description = "The HTML file to write.")
    Path output;

    @Option(names = "--max-detailed", paramLabel = "N", defaultValue = "500",
            description = "Connections that get a detailed section (the most interesting first). Default: ${DEFAULT-VALUE}.")
    int maxDetailed;

    @Parameters(paramLabel = "EXPRESSION", arity = "0..*", description = "A tcpdump filter expression selecting connections.")
    List<String> expression = List.of();

    public static int execute(List<String> args, PrintStream err) {
        return IoCommand.execute(new ReportCommand(), args, OutputStream.nullOutputStream(), err);
    }

    /** A connection that got detail, ordered so the least interesting is evicted first. */
    private record Detailed(long score, int stream, int index) {}

    /** RST segments per stream, handed over when the stream's row is written (only RSTs touch the map). */
    static final class RstCounter implements io.tcplens.tcp.TcpListener {
        private final java.util.HashMap<Integer, int[]> open = new java.util.HashMap<>();

        @Override
        public void onSegment(io.tcplens.tcp.SegmentInfo s) {
            if ((s.flags & 0x04) == 0 || s.icmpQuoted) return;
            open.computeIfAbsent(s.stream, k -> new int[1])[0]++;
        }

        @Override
        public void onEvent(io.tcplens.tcp.TcpEvent event) { }

        @Override
        public boolean wantsStateChanges() { return false; }

        int take(int stream) {
            int[] n = open.remove(stream);
            return n == null ? 0 : n[0];
        }
    }

    @Override
    public Integer call() throws IOException {
        OfflineRun run = OfflineRun.prepare(expression, stderr);
        if (run == null) return 1;
        run.quietStdout();   // prints only at the end: a progress line may show
        // opened first: an unwritable -o is told before the capture is read (OutputFile)
        try (OutputFile target = OutputFile.open(output)) {
            return report(run, target);
        }
    }

    private int report(OfflineRun run, OutputFile target) throws IOException {
        HtmlReport.Options options = HtmlReport.Options.defaults().withMaxDetailed(maxDetailed);
        ConnectionRows rows = new ConnectionRows(s -> true, options.maxLadderPackets(), 4_000_000L);
        List<ReportConnection> all = new ArrayList<>();
        List<ConnectionSummary> summaries = new ArrayList<>();
        // Choose the detailed connections online, so packets are kept only for a bounded set.
        PriorityQueue<Detailed> detailed = new PriorityQueue<>(
                Comparator.comparingLong(Detailed::score).thenComparing(Comparator.comparingInt(Detailed::stream).reversed()));
        RstCounter rsts = new RstCounter();
        LifecycleTracker tracker = new LifecycleTracker(c -> {
            var kept = rows.take(c.stream());
            rows.takeDropped(c.stream());
            int rstSegments = rsts.take(c.stream());
            if (!run.selected(c.stream())) return;
            ReportConnection plain = Pictures.report(c, null, false, Pictures.http(c.http(), 20, false), rstSegments);
            long score = plain.anomalies().score() * 4 + (c.handshake() == io.tcplens.conn.Handshake.THREE_WAY ? 0 : 1)
                    + (c.clientKeepaliveProbes() + c.serverKeepaliveProbes() > 0 ? 2 : 0) + (c.resetBy() != null ? 2 : 0);
            int index = all.size();
            Detailed d = new Detailed(score, c.stream(), index);
            if (maxDetailed > 0 && (detailed.size() < maxDetailed || detailed.comparator().compare(d, detailed.peek()) > 0)) {
                if (detailed.size() >= maxDetailed) {
                    Detailed out = detailed.poll();
                    // The evicted row keeps its counts (HTTP and RSTs), only the detail goes.
                    ReportConnection was = all.get(out.index());
                    all.set(out.index(), Pictures.report(summaries.get(out.index()), null, false,
                            was.http().size() > 20 ? was.http().subList(0, 20) : was.http(), was.anomalies().resets()));
                    summaries.set(out.index(), null);
                }
                detailed.add(d);
                all.add(Pictures.report(c, kept, true, Pictures.http(c.http(), 200), rstSegments));
                summaries.add(c);   // kept only while its detail may still be evicted
            } else {
                all.add(plain);
                summaries.add(null);
            }
        });
        io.tcplens.http.HttpTracker http = new io.tcplens.http.HttpTracker();
        tracker.withHttp(http);
        // The counter after the tracker: a packet that starts a new row of its stream ends the old row first.
        int rc = run.run(input, System.in, stderr, rows, http, tracker, rsts);
        if (!run.opened()) return rc;   // no capture, no report: an existing file stays as it was
        summaries.replaceAll(s -> null); // only needed while choosing
        all.sort(Comparator.comparingLong(ReportConnection::stream));
        List<String> notes = new ArrayList<>();
        if (rc != 0) notes.add("The capture could not be read to its end; everything readable before the problem is shown.");
        String version = ReportCommand.class.getPackage().getImplementationVersion();
        ReportSummary summary = new ReportSummary(String.join(" ", input.files), run.frames(), run.tcpFrames(),
                Math.max(0, run.firstNanos() / 1000), Math.max(0, run.lastNanos() / 1000),
                "tcplens " + (version == null ? "dev" : version), notes);
        try (OutputStream out = new BufferedOutputStream(target.stream(), 1 << 16)) {
            HtmlReport.write(new ReportModel(summary, all), out, options);
        }
        target.commit();
        stderr.println("tcplens: wrote " + output + " (" + all.size() + " connections)");
        return rc;
    }
}
