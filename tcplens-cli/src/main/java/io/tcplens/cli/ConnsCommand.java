package io.tcplens.cli;

import io.tcplens.conn.LifecycleTracker;
import io.tcplens.render.conns.ConnsWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tcplens conns}: one row per TCP connection with its whole lifecycle. */
@Command(name = "conns", sortOptions = false,
        description = {"One row per TCP connection: handshake, data, keep-alive, teardown, who ends in TIME_WAIT,",
                "Zeek's conn_state and history, and counts of Wireshark's analysis flags.",
                "Rows are written as connections finish (one streaming pass)."})
final class ConnsCommand implements Callable<Integer> {

    @Option(names = "-r", paramLabel = "FILE", required = true, description = "Capture to read (- for standard input).")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (aligned, for a terminal), json (JSON Lines), csv, or zeek (conn.log TSV). Default: ${DEFAULT-VALUE}.")
    String format;

    @Parameters(paramLabel = "EXPRESSION", arity = "0..*", description = "A tcpdump filter expression.")
    List<String> expression = List.of();

    @Override
    public Integer call() {
        ConnsWriter.Format f;
        try {
            f = ConnsWriter.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("tcplens: unknown format '" + format + "' (use table, json, csv or zeek)");
            return 2;
        }
        OfflineRun run = OfflineRun.prepare(expression, System.err);
        if (run == null) return 1;
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        try (ConnsWriter w = ConnsWriter.of(f, out)) {
            return run.run(file, System.in, System.err, new LifecycleTracker(c -> {
                if (run.selected(c.stream())) w.write(c);
            }));
        } finally {
            try { out.flush(); } catch (java.io.IOException ignored) { }
        }
    }
}
