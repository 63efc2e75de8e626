package io.tcplens.cli;

import io.tcplens.capture.CaptureException;
import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.capture.PcapWriter;
import io.tcplens.filter.FilterCompiler;
import io.tcplens.filter.FilterException;
import io.tcplens.filter.PacketFilter;
import io.tcplens.render.tcpdump.TcpdumpOptions;
import io.tcplens.render.tcpdump.TcpdumpPrinter;
import io.tcplens.render.text.AsciiOut;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tcplens dump}: print packets exactly as tcpdump does. */
@Command(name = "dump", sortOptions = false,
        description = "Print packets exactly as tcpdump 4.99 prints them (same option letters).")
public final class DumpCommand implements Callable<Integer> {

    /** Where output goes; the CLI uses the process's streams, tests pass their own. */
    private OutputStream stdout = new FileOutputStream(java.io.FileDescriptor.out);
    private PrintStream stderr = System.err;
    private java.io.InputStream stdin = System.in;
    private ZoneId zone = ZoneId.systemDefault();

    /**
     * Runs {@code tcplens dump ARGS} in-process with the given streams and time zone (used by
     * the tests; the CLI goes through {@link Main}). Returns the exit code.
     */
    public static int execute(List<String> args, java.io.InputStream in, OutputStream out, OutputStream err, ZoneId zone) {
        DumpCommand cmd = new DumpCommand();
        cmd.stdout = out;
        cmd.stderr = new PrintStream(err, true);
        cmd.stdin = in;
        cmd.zone = zone;
        picocli.CommandLine cl = new picocli.CommandLine(cmd);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            cmd.stderr.println("tcplens: internal error: " + ex);
            return 70;
        });
        return cl.execute(args.toArray(new String[0]));
    }

    @Option(names = "-r", paramLabel = "FILE", required = true,
            description = "Capture to read (pcap, pcapng, gzip-compressed either way; - for standard input).")
    String file;

    @picocli.CommandLine.Mixin
    PrintOptions print = new PrintOptions();

    @Option(names = "-c", paramLabel = "COUNT", converter = PacketCount.class, description = "Stop after COUNT selected packets.")
    long count = Long.MAX_VALUE;

    @Option(names = "-w", paramLabel = "FILE", description = "Write the selected packets to FILE (pcap) instead of printing.")
    String writeFile;

    @Parameters(paramLabel = "EXPRESSION", arity = "0..*",
            description = "A tcpdump filter expression (e.g. 'tcp port 80 and host 10.0.0.1').")
    List<String> expression = List.of();

    @Override
    public Integer call() {
        if (print.problem() != null) {
            stderr.println("tcplens: " + print.problem());
            return 2;
        }
        TcpdumpOptions opts = print.toOptions(true);
        try (CaptureReader reader = file.equals("-") ? CaptureReader.open("-", stdin) : CaptureReader.open(file)) {
            PacketFilter filter;
            try {
                filter = FilterCompiler.compile(FilterCompiler.join(expression), reader.linkType(), reader.byteOrder());
            } catch (FilterException e) {
                stderr.println("tcplens: " + e.getMessage());
                return 1;
            }
            Frame frame = new Frame();
            long selected = 0;
            if (writeFile != null) {
                try (OutputStream os = writeFile.equals("-") ? stdout : new FileOutputStream(writeFile);
                     PcapWriter w = new PcapWriter(os, reader.linkType(), reader.snaplen(), false)) {
                    while (selected < count && reader.next(frame)) {
                        if (!filter.matches(frame)) continue;
                        w.write(frame);
                        selected++;
                    }
                }
                return 0;
            }
            AsciiOut out = new AsciiOut(stdout, 1 << 16);
            TcpdumpPrinter printer = new TcpdumpPrinter(opts, out, zone);
            try {
                while (selected < count && reader.next(frame)) {
                    if (!filter.matches(frame)) continue;
                    printer.print(frame);
                    selected++;
                }
            } finally {
                out.flush();
            }
            return 0;
        } catch (CaptureException e) {
            stderr.println("tcplens: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            stderr.println("tcplens: " + e.getMessage());
            return 1;
        }
    }
}
