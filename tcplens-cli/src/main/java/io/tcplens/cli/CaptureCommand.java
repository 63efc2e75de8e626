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

    @Option(names = "-B", paramLabel = "KIB", description = "Kernel capture buffer size in KiB (default: libpcap's, 2 MiB).")
    int bufferKiB;

    @Option(names = "-p", description = "Do not put the interface into promiscuous mode.")
    boolean noPromiscuous;

    @Option(names = "-l", description = "Flush standard output after every line.")
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
            LiveOptions lo = new LiveOptions(snaplen, !noPromiscuous, 100, true, print.nano, bufferKiB);
            try (LiveSource src = pcap.open(dev, lo)) {
                if (!expression.isEmpty()) src.setFilter(String.join(" ", expression));
                return capture(src, err);
            }
        } catch (PcapException e) {
            err.println(e.advice());
            return e.kind() == PcapException.Kind.PERMISSION ? 4 : 1;
        } catch (IOException e) {
            err.println("tcplens: " + e.getMessage());
            return 1;
        }
    }

    private int capture(LiveSource src, PrintStream err) throws PcapException, IOException {
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
        OutputStream fileOut = null;
        PcapWriter writer = null;
        if (writing) {
            fileOut = toStdout ? System.out : new FileOutputStream(writeFile);
            writer = new PcapWriter(fileOut, src.linkType(), src.snaplen(), src.nanos());
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
        long[] lastFlush = {System.nanoTime()};
        try {
            cap.run(count, new LiveCapture.Handler() {
                @Override
                public void packet(Frame frame) throws IOException {
                    if (w != null) {
                        w.write(frame);
                        w.flush();
                    }
                    if (printer == null && analyzer == null) return;
                    packet.decode(frame);
                    if (printer != null) printer.print(frame, packet);
                    if (analyzer != null) analyzer.packet(frame, packet);
                    long now = System.nanoTime();
                    if (lineBuffered || now - lastFlush[0] > 50_000_000L) idle();
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
