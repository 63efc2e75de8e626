package io.tcplens.cli;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.LifecycleTracker;
import io.tcplens.render.ladder.LadderConnection;
import io.tcplens.render.ladder.LadderRenderer;
import io.tcplens.render.ladder.LadderStyle;
import io.tcplens.render.ladder.LadderSvg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tcplens ladder}: one connection as a ladder diagram, in the terminal or as SVG. */
@Command(name = "ladder", sortOptions = false,
        description = {"Draw one TCP connection as a ladder diagram (terminal or SVG).",
                "Client and server lines, an arrow per packet",
                "with flags, relative seq/ack and length, each side's state where it changes, analysis labels.",
                "Long repetitive runs (bulk data, keep-alive probes) are folded into one labelled row."})
public final class LadderCommand extends IoCommand implements Callable<Integer> {
    /** Most packets drawn for one connection; a bigger connection is cut (and says so). */
    static final int MAX_PACKETS = 200_000;


    @picocli.CommandLine.Mixin
    Inputs input = new Inputs();

    @Option(names = "--stream", paramLabel = "N", defaultValue = "0", description = "The connection (tcp.stream number). Default: ${DEFAULT-VALUE}.")
    int stream;

    @Option(names = "--ascii", description = "Plain ASCII drawing (default when the terminal is not UTF-8).")
    boolean ascii;

    @Option(names = "--unicode", description = "Box-drawing characters and arrows.")
    boolean unicode;

    @Option(names = "--width", paramLabel = "COLUMNS", description = "Width to fit (default: $COLUMNS, else 100).")
    Integer width;

    @Option(names = "--unfold", description = "Draw every packet instead of folding repetitive runs.")
    boolean unfold;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en",
            description = "Words of the terminal diagram: en or zh (Simplified Chinese). Default: ${DEFAULT-VALUE}.")
    String lang;

    @Option(names = "--svg", paramLabel = "FILE", description = "Write the diagram as a standalone SVG file instead.")
    Path svg;

    @Parameters(paramLabel = "EXPRESSION", arity = "0..*", description = "A tcpdump filter expression (applies to packet selection like conns).")
    List<String> expression = List.of();

    public static int execute(List<String> args, OutputStream out, PrintStream err) {
        return IoCommand.execute(new LadderCommand(), args, out, err);
    }

    @Override
    public Integer call() throws IOException {
        io.tcplens.render.explain.Explainer.Lang l = io.tcplens.render.explain.Explainer.Lang.parse(lang);
        if (l == null) {
            stderr.println("tcplens: unknown language '" + lang + "' (use en or zh)");
            return 2;
        }
        OfflineRun run = OfflineRun.prepare(expression, stderr);
        if (run == null) return 1;
        run.quietStdout();   // prints only at the end: a progress line may show
        // opened first: an unwritable --svg is told before the capture is read (OutputFile)
        try (OutputFile target = svg == null ? null : OutputFile.open(svg)) {
            return ladder(run, target, l);
        }
    }

    private int ladder(OfflineRun run, OutputFile target, io.tcplens.render.explain.Explainer.Lang l) throws IOException {
        ConnectionRows rows = new ConnectionRows(s -> s == stream, MAX_PACKETS);
        ConnectionSummary[] found = new ConnectionSummary[1];
        List<io.tcplens.render.explain.PacketRow> kept = new java.util.ArrayList<>();
        int[] dropped = new int[1];
        LifecycleTracker tracker = new LifecycleTracker(c -> {
            if (c.stream() != stream) return;
            // A connection that came back after its summary has a second one: the diagram shows
            // the whole stream, every packet of both parts, under the first part's summary.
            if (found[0] == null) found[0] = c;
            List<io.tcplens.render.explain.PacketRow> more = rows.take(stream);
            dropped[0] += rows.takeDropped(stream);
            for (var r : more) {
                if (kept.size() < MAX_PACKETS) kept.add(r);
                else dropped[0]++;
            }
        });
        int rc = run.run(input, System.in, stderr, rows, tracker);
        if (found[0] == null || !run.selected(stream)) {
            if (rc == 0) stderr.println("tcplens: no TCP connection with stream number " + stream
                    + (expression.isEmpty() ? "" : " matching the filter"));
            return rc == 0 ? 1 : rc;
        }
        LadderConnection lc = Pictures.ladder(found[0], kept);
        if (svg != null) {
            target.stream().write(LadderSvg.render(lc, unfold ? LadderSvg.Options.standalone().unfolded() : LadderSvg.Options.standalone())
                    .getBytes(StandardCharsets.UTF_8));
            target.commit();
            stderr.println("tcplens: wrote " + svg);
        } else {
            boolean uni = unicode || (!ascii && utf8Terminal());
            int w = width != null ? width : columns();
            LadderStyle style = new LadderStyle(w, uni, !unfold, l == io.tcplens.render.explain.Explainer.Lang.ZH);
            PrintStream out = new PrintStream(new java.io.BufferedOutputStream(stdout, 1 << 16), false, StandardCharsets.UTF_8);
            out.print(LadderRenderer.renderText(lc, style));
            out.flush();
        }
        if (dropped[0] > 0) stderr.println("tcplens: only the first " + MAX_PACKETS + " packets are drawn; " + dropped[0] + " more not shown");
        return rc;
    }

    static boolean utf8Terminal() {
        for (String v : new String[] {System.getenv("LC_ALL"), System.getenv("LC_CTYPE"), System.getenv("LANG")}) {
            if (v != null && !v.isEmpty()) return v.toUpperCase(java.util.Locale.ROOT).contains("UTF-8") || v.toUpperCase(java.util.Locale.ROOT).contains("UTF8");
        }
        return false;
    }

    static int columns() {
        try {
            String c = System.getenv("COLUMNS");
            if (c != null) return Math.max(LadderStyle.MIN_WIDTH, Integer.parseInt(c.trim()));
        } catch (NumberFormatException ignored) { }
        return 100;
    }
}
