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
    /** True when this is the tcplens process's own command (not a test's), so its stdout and signals are ours. */
    private boolean ownProcess = true;

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
        cmd.ownProcess = false;
        picocli.CommandLine cl = new picocli.CommandLine(cmd);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            cmd.stderr.println("tcplens: internal error: " + ex);
            return 70;
        });
        return cl.execute(args.toArray(new String[0]));
    }

    @picocli.CommandLine.Mixin
    Inputs input = new Inputs();

    @picocli.CommandLine.Mixin
    PrintOptions print = new PrintOptions();

    @Option(names = "-c", paramLabel = "COUNT", converter = PacketCount.class, description = "Stop after COUNT selected packets.")
    long count = Long.MAX_VALUE;

    @Option(names = "-w", paramLabel = "FILE", description = "Write the selected packets to FILE (pcap) instead of printing.")
    String writeFile;

    @Option(names = "-F", paramLabel = "FILE",
            description = "Read the filter expression from FILE ('#' starts a comment to the end of the line); "
                    + "an expression on the command line is then ignored, as tcpdump ignores it.")
    String filterFile;

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
        String filterText;
        if (filterFile != null) {
            try {
                filterText = readFilterFile(filterFile);
            } catch (IOException e) {
                stderr.println("tcplens: can't open " + filterFile + ": " + ioReason(e));
                return 1;
            }
            if (!expression.isEmpty()) {
                stderr.println("tcplens: warning: -F " + filterFile + " gives the filter; the expression on the command line ("
                        + FilterCompiler.join(expression) + ") is ignored, as tcpdump ignores it");
            }
        } else {
            filterText = FilterCompiler.join(expression);
        }
        List<String> files = input.expand(stderr);
        if (files == null) return 1;
        try (CaptureReader reader = input.open(files, stdin, stderr)) {
            PacketFilter filter;
            try {
                filter = FilterCompiler.compile(filterText, reader.linkType(), reader.byteOrder());
            } catch (FilterException e) {
                stderr.println("tcplens: " + e.getMessage());
                return 1;
            }
            Frame frame = new Frame();
            long selected = 0;
            if (writeFile != null) {
                try (OutputStream os = writeFile.equals("-") ? stdout : java.nio.file.Files.newOutputStream(java.nio.file.Path.of(writeFile));
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
            // As tcpdump's stdio: a line at a time to a terminal, so `tcpdump -U -w - | tcplens dump -r -`
            // shows each packet as it comes; full buffers to a pipe or a file.
            boolean lineByLine = ownProcess && Terminal.stdoutIsTerminal();
            Object lock = new Object();
            boolean[] done = {false};
            // Ctrl-C: print what was read and exit 0, as tcpdump does. Normally the writer of the pipe
            // got the same Ctrl-C, so the read ends at its end of file; if it does not within half a
            // second, what was printed is flushed from here.
            Terminal.Registration signals = ownProcess ? Terminal.onInterrupt(() -> {
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException ignored) {
                        return;
                    }
                    synchronized (lock) {
                        if (done[0]) return;
                        out.flush();
                    }
                    Runtime.getRuntime().halt(0);
                });
            }) : null;
            try {
                while (selected < count && reader.next(frame)) {
                    if (!filter.matches(frame)) continue;
                    synchronized (lock) {
                        printer.print(frame);
                        if (lineByLine) out.flush();
                    }
                    selected++;
                }
            } finally {
                synchronized (lock) {
                    out.flush();
                    done[0] = true;
                }
                if (signals != null) signals.close();
            }
            return 0;
        } catch (CaptureException e) {
            stderr.println("tcplens: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            // "-w /nodir/x" is told as tcpdump tells it: "tcplens: /nodir/x: No such file or directory"
            String fileProblem = Main.fileProblem(e);
            stderr.println("tcplens: " + (fileProblem != null ? fileProblem : e.getMessage()));
            return 1;
        }
    }

    private static String ioReason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "No such file or directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "Permission denied";
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /**
     * tcpdump's read_infile: the whole file is the expression, each '#' up to the end of its
     * line becomes blanks (so positions in error messages stay those of the file).
     */
    static String readFilterFile(String path) throws IOException {
        byte[] raw = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path));
        char[] c = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] == '#') {
                while (i < c.length && c[i] != '\n') c[i++] = ' ';
            }
        }
        return new String(c);
    }
}
