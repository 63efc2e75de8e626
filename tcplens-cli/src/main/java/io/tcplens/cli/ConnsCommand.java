package io.tcplens.cli;

import io.tcplens.conn.HttpOffload;
import io.tcplens.render.conns.ConnsWriter;
import io.tcplens.render.rows.RowsPass;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tcplens conns}: one row per TCP connection with its whole lifecycle. */
@Command(name = "conns", sortOptions = false,
        description = {"One row per TCP connection with its whole lifecycle.",
                "Handshake, data, keep-alive, teardown, who ends in TIME_WAIT,",
                "Zeek's conn_state and history, and counts of Wireshark's analysis flags.",
                "Rows are written as connections finish (one streaming pass)."})
public final class ConnsCommand extends IoCommand implements Callable<Integer> {


    /** Runs the command in-process with its own streams; returns the exit code. */
    public static int execute(java.util.List<String> args, OutputStream out, PrintStream err) {
        return IoCommand.execute(new ConnsCommand(), args, out, err);
    }

    @picocli.CommandLine.Mixin
    Inputs input = new Inputs();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (aligned, for a terminal), json (JSON Lines), csv, zeek (conn.log TSV), or parquet (with -o). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "-o", paramLabel = "FILE", description = "The file --format parquet writes (replaced only once complete).")
    String output;

    @Option(names = "--no-http", description = "Do not follow HTTP/1.x inside the connections (faster on big captures).")
    boolean noHttp;

    @Parameters(paramLabel = "EXPRESSION", arity = "0..*", description = "A tcpdump filter expression.")
    List<String> expression = List.of();

    @Override
    public Integer call() {
        if (format.equalsIgnoreCase("parquet")) return Duck.export("conns", input, output, stderr);
        if (output != null) {
            stderr.println("tcplens: -o is for --format parquet (the other formats go to standard output)");
            return 2;
        }
        ConnsWriter.Format f;
        try {
            f = ConnsWriter.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            stderr.println("tcplens: unknown format '" + format + "' (use table, json, csv, zeek or parquet)");
            return 2;
        }
        OfflineRun run = OfflineRun.prepare(expression, stderr);
        if (run == null) return 1;
        // Rows need the stream, relative numbers and states of a connection that comes back after its
        // summary (a resumed row), which compact tombstones keep; only tshark's analysis flags start
        // afresh on such late packets, a small cost against a full connection kept per tombstone.
        run.compactTombstones();
        OutputStream out = new BufferedOutputStream(stdout, 1 << 16);
        try (ConnsWriter w = ConnsWriter.of(f, out)) {
            // Rows are formatted and written on the second core, in order; HTTP is followed there
            // too, keeping only the counts and persistence facts rows need.
            RowsPass rows = RowsPass.conns(w, run::selected, noHttp);
            HttpOffload second = rows.connsWorker();
            boolean times = System.getenv("TCPLENS_TIMES") != null;   // diagnostics: CPU per thread on stderr
            if (times) second.measureCpu();
            try {
                return run.run(input, System.in, stderr, rows.listeners());
            } finally {
                rows.finish();
                if (times) {
                    stderr.printf("tcplens: cpu main %.2f s, second core %.2f s%n",
                            java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9,
                            second.workerCpuNanos() / 1e9);
                }
            }
        } finally {
            try { out.flush(); } catch (java.io.IOException ignored) { }
        }
    }
}
