package io.tcplens.cli;

import io.tcplens.capture.Frame;
import io.tcplens.capture.PcapWriter;
import io.tcplens.decode.Packet;
import io.tcplens.live.CaptureStats;
import io.tcplens.live.LiveAnalyzer;
import io.tcplens.live.LiveCapture;
import io.tcplens.live.LiveOptions;
import io.tcplens.live.LiveSource;
import io.tcplens.live.Pcap;
import io.tcplens.live.PcapDevice;
import io.tcplens.live.PcapException;
import io.tcplens.live.PcapUnavailableException;
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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code tcplens capture}: live capture through libpcap, printed as tcpdump prints it (or as
 * connection events, or a connection table), optionally written to a pcap file.
 * libpcap is loaded here and only here (and in the lab), never by the offline commands.
 */
@Command(name = "capture", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Capture live from an interface through libpcap and print packets exactly as tcpdump does.",
                "Needs root, or the java binary with cap_net_raw,cap_net_admin. Ctrl-C stops; the counts follow."})
final class CaptureCommand implements Callable<Integer> {

    @Option(names = "-i", paramLabel = "INTERFACE", description = "Interface to capture on (default: the first one libpcap lists).")
    String device;

    @Option(names = "-D", description = "List the interfaces libpcap can capture on, as tcpdump -D does, and exit.")
    boolean listDevices;

    @Option(names = "-s", paramLabel = "SNAPLEN", description = "Bytes to keep of each packet (default and 0: 262144).")
    int snaplen = LiveOptions.DEFAULT_SNAPLEN;

    @Option(names = "-c", paramLabel = "COUNT", converter = PacketCount.class, description = "Stop after COUNT packets.")
    long count = Long.MAX_VALUE;

    @Option(names = "-w", paramLabel = "FILE", description = "Write packets to FILE (pcap; - for standard output) instead of printing them. "
            + "The file is flushed after every packet, so it is valid whenever the capture stops.")
    String writeFile;

    @Option(names = "--print", description = "With -w, print the packets as well.")
    boolean printToo;

    @Option(names = "-B", paramLabel = "KIB", description = "Kernel capture buffer size in KiB, as tcpdump's -B (default: libpcap's, 2 MiB on Linux).")
    Integer bufferKiB;

    @Option(names = "--immediate-mode", description = "Deliver each packet as soon as it arrives (tcpdump's --immediate-mode). "
            + "Off by default, as in tcpdump: libpcap then packs packets into blocks (TPACKET_V3 on Linux), "
            + "which holds bursts that one-packet slots sized for a 256 KiB snapshot would drop.")
    boolean immediateMode;

    @Option(names = "-p", description = "Do not put the interface into promiscuous mode.")
    boolean noPromiscuous;

    @Option(names = "-l", description = "Flush standard output after every line (the default when it is a terminal).")
    boolean lineBuffered;

    @picocli.CommandLine.Mixin
    PrintOptions print = new PrintOptions();

    @Option(names = "--events", description = "Instead of packets, print the TCP engine's lifecycle events as they happen: connection opened, "
            + "each endpoint's state change, connection closed with its summary.")
    boolean events;

    @Option(names = "--conns", description = "Print the connections table (as tcplens conns) when the capture ends, instead of packets.")
    boolean conns;

    @Option(names = "--libpcap", paramLabel = "LIBRARY", description = "The libpcap to load (a name or a path); "
            + "default: libpcap.so, libpcap.so.1, libpcap.so.0.8.")
    String library;

    @Parameters(paramLabel = "EXPRESSION", arity = "0..*",
            description = "A tcpdump filter expression, compiled by libpcap and run in the kernel (e.g. 'tcp port 8080').")
    List<String> expression = List.of();

    @Override
    public Integer call() {
        PrintStream err = System.err;
        if (print.problem() != null) {
            err.println("tcplens: " + print.problem());
            return 2;
        }
        if (bufferKiB != null && bufferKiB <= 0) {
            err.println("tcplens: invalid packet buffer size " + bufferKiB + " (-B takes KiB, at least 1)");
            return 2;
        }
        if (bufferKiB != null && bufferKiB > Integer.MAX_VALUE / 1024) {
            err.println("tcplens: packet buffer size " + bufferKiB + " KiB is too large (at most " + Integer.MAX_VALUE / 1024 + ")");
            return 2;
        }
        Pcap pcap;
        try {
            pcap = Pcap.load(library);
        } catch (PcapUnavailableException e) {
            err.println(e.advice());
            return 3;
        }
        try {
            if (listDevices) {
                List<PcapDevice> devs = pcap.devices();
                for (int i = 0; i < devs.size(); i++) System.out.println(devs.get(i).tcpdumpLine(i + 1));
                System.out.flush();
                return 0;
            }
            String dev = device;
            if (dev == null) {
                List<PcapDevice> devs = pcap.devices();
                if (devs.isEmpty()) {
                    err.println("tcplens: no interfaces to capture on (are you allowed to capture? try as root)");
                    return 1;
                }
                dev = devs.getFirst().name();
            }
            boolean toTerminal = Terminal.stdoutIsTerminal();
            boolean printing = writeFile == null || printToo || events || conns;
            // tcpdump: a 1 s read timeout, 0.1 s when it prints to a terminal or with -l, so packets show
            // promptly; immediate mode only when asked.
            int timeout = printing && (toTerminal || lineBuffered) ? 100 : 1000;
            LiveOptions lo = new LiveOptions(snaplen, !noPromiscuous, timeout, immediateMode, print.nano,
                    bufferKiB == null ? 0 : bufferKiB);
            // As tcpdump: the output file is created before "listening on", so a bad path fails first.
            OutputStream fileOut = null;
            if (writeFile != null && !writeFile.equals("-")) {
                try {
                    fileOut = new FileOutputStream(writeFile);
                } catch (IOException e) {
                    err.println("tcplens: " + writeFile + ": " + reason(e));
                    return 1;
                }
            }
            try (OutputStream ignored = fileOut; LiveSource src = pcap.open(dev, lo)) {
                if (!expression.isEmpty()) setFilter(src, String.join(" ", expression));
                return capture(src, err, fileOut, toTerminal || lineBuffered, timeout);
            }
        } catch (PcapException e) {
            err.println(e.advice());
            return e.kind() == PcapException.Kind.PERMISSION ? 4 : 1;
        } catch (IOException e) {
            err.println("tcplens: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Installs the filter with libpcap; when libpcap rejects it, the message is tcplens's own
     * parser's (which names the position, as the offline commands do) if that parser rejects it
     * too, else libpcap's.
     */
    static void setFilter(LiveSource src, String expr) throws PcapException {
        try {
            src.setFilter(expr);
        } catch (PcapException e) {
            if (e.kind() != PcapException.Kind.FILTER) throw e;
            try {
                io.tcplens.filter.FilterCompiler.compile(expr, src.linkType());
            } catch (io.tcplens.filter.FilterException ours) {
                throw new PcapException(PcapException.Kind.FILTER, "tcplens: " + ours.getMessage());
            }
            throw e;
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        // FileOutputStream says "/nodir/x (No such file or directory)"; tcpdump says just the reason.
        if (m != null && m.endsWith(")") && m.lastIndexOf(" (") > 0) return m.substring(m.lastIndexOf(" (") + 2, m.length() - 1);
        return m == null ? e.toString() : m;
    }

    private int capture(LiveSource src, PrintStream err, OutputStream opened, boolean lineByLine, int timeout) throws PcapException, IOException {
        boolean writing = writeFile != null;
        boolean printing = (!writing || printToo) && !events && !conns;
        if (print.verbose.length == 0 && !writing) {
            err.println("tcplens: verbose output suppressed, use -v[v]... for full protocol decode");
            err.print("listening on ");
        } else {
            err.print("tcplens: listening on ");
        }
        err.println(src.device() + ", link-type " + src.linkTypeName() + " (" + src.linkTypeDescription()
                + "), snapshot length " + src.snaplen() + " bytes");
        err.flush();

        TcpdumpOptions opts = print.toOptions(src.nanos());
        boolean toStdout = writing && writeFile.equals("-");
        AsciiOut out = new AsciiOut(toStdout ? err : System.out, 1 << 16);
        TcpdumpPrinter printer = printing ? new TcpdumpPrinter(opts, out) : null;
        LiveAnalyzer analyzer = events || conns
                ? LiveAnalyzer.create(events ? line -> out.utf8(line).nl() : null) : null;
        PcapWriter writer = null;
        if (writing) {
            writer = new PcapWriter(toStdout ? System.out : opened, src.linkType(), src.snaplen(), src.nanos());
            writer.flush();
        }
        final PcapWriter w = writer;
        Packet packet = new Packet();
        LiveCapture cap = new LiveCapture(src);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cap.stop();
            try {
                done.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "tcplens-capture-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        // Ctrl-C and SIGTERM stop the loop; the counts follow and the exit status is 0, as tcpdump's.
        // The packets the kernel already took are read first (at most one read timeout more).
        Terminal.Registration signals = Terminal.onInterrupt(
                () -> Thread.ofPlatform().daemon().start(() -> cap.stopAfterDrain(timeout + 250L)));
        long[] lastFlush = {System.nanoTime()};
        try (signals) {
            cap.run(count, new LiveCapture.Handler() {
                @Override
                public void packet(Frame frame) throws IOException {
                    if (w != null) {
                        w.write(frame);
                        w.flush();
                    }
                    if (printer == null && analyzer == null) return;
                    packet.decode(frame);
                    if (printer != null) printer.print(frame);
                    if (analyzer != null) analyzer.packet(frame, packet);
                    // A terminal (or -l) sees each packet as it comes; a pipe or file gets full buffers,
                    // flushed at least every 50 ms of packets and when the capture ends.
                    if (lineByLine || System.nanoTime() - lastFlush[0] > 50_000_000L) idle();
                }

                @Override
                public void idle() {
                    out.flush();
                    lastFlush[0] = System.nanoTime();
                    // A closed pipe (tcplens capture ... | head): stop like tcpdump does.
                    if (!toStdout && System.out.checkError()) cap.stop();
                }
            });
        } finally {
            try {
                if (analyzer != null) {
                    analyzer.finish();
                    out.flush();
                    if (conns) {
                        PrintStream ps = toStdout ? err : System.out;
                        analyzer.writeConns(ps);
                        ps.flush();
                    }
                }
                out.flush();
                if (writer != null) {
                    writer.flush();
                    if (!toStdout) writer.close();
                }
                if (cap.stopRequested()) err.println();
                printCounts(err, cap.captured(), src.stats());
            } finally {
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The JVM is exiting because of a signal; the hook is waiting for us.
                }
            }
        }
        return 0;
    }

    /** tcpdump's closing lines ("N packets captured", ...). */
    static void printCounts(PrintStream err, long captured, CaptureStats st) {
        err.println(captured + " packet" + plural(captured) + " captured");
        if (st.received() >= 0) {
            err.println(st.received() + " packet" + plural(st.received()) + " received by filter");
            err.println(st.dropped() + " packet" + plural(st.dropped()) + " dropped by kernel");
            if (st.interfaceDropped() > 0) {
                err.println(st.interfaceDropped() + " packet" + plural(st.interfaceDropped()) + " dropped by interface");
            }
        }
        err.flush();
    }

    private static String plural(long n) { return n == 1 ? "" : "s"; }
}
