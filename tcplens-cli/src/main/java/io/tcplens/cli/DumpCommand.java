package io.tcplens.cli;

import io.tcplens.capture.CaptureException;
import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.capture.PcapWriter;
import io.tcplens.decode.Packet;
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
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tcplens dump}: print packets exactly as tcpdump does. */
@Command(name = "dump", sortOptions = false,
        description = "Print packets exactly as tcpdump 4.99 prints them (same option letters).")
final class DumpCommand implements Callable<Integer> {

    @Option(names = "-r", paramLabel = "FILE", required = true,
            description = "Capture to read (pcap, pcapng, gzip-compressed either way; - for standard input).")
    String file;

    @Option(names = "-n", description = "Do not resolve addresses or ports to names (-nn is the same).")
    boolean[] numeric = new boolean[0];

    @Option(names = "-t", description = "-t: no timestamp; -tt: epoch seconds; -ttt: delta from previous; "
            + "-tttt: date and time; -ttttt: delta from first.")
    boolean[] timestamps = new boolean[0];

    @Option(names = "-S", description = "Print absolute TCP sequence numbers.")
    boolean absolute;

    @Option(names = "-v", description = "Verbose: IP header fields and TCP checksums (-vv, -vvv for more).")
    boolean[] verbose = new boolean[0];

    @Option(names = "-e", description = "Print the link-level header.")
    boolean linkHeader;

    @Option(names = "-q", description = "Quiet: less protocol detail.")
    boolean quiet;

    @Option(names = "-#", description = "Print a packet number before each line.")
    boolean packetNumbers;

    @Option(names = "--nano", description = "Print timestamps with nanosecond resolution.")
    boolean nano;

    @Option(names = "-c", paramLabel = "COUNT", description = "Stop after COUNT selected packets.")
    long count = Long.MAX_VALUE;

    @Option(names = "-w", paramLabel = "FILE", description = "Write the selected packets to FILE (pcap) instead of printing.")
    String writeFile;

    @Parameters(paramLabel = "EXPRESSION", arity = "0..*",
            description = "A tcpdump filter expression (e.g. 'tcp port 80 and host 10.0.0.1').")
    List<String> expression = List.of();

    @Override
    public Integer call() {
        if (timestamps.length > 5) {
            System.err.println("tcplens: only -t, -tt, -ttt, -tttt and -ttttt are supported");
            return 2;
        }
        TcpdumpOptions opts = new TcpdumpOptions(timestamps.length, numeric.length, absolute, verbose.length,
                linkHeader, quiet, nano, packetNumbers);
        try (CaptureReader reader = CaptureReader.open(file)) {
            PacketFilter filter;
            try {
                filter = FilterCompiler.compile(FilterCompiler.join(expression), reader.linkType());
            } catch (FilterException e) {
                System.err.println("tcplens: " + e.getMessage());
                return 1;
            }
            Frame frame = new Frame();
            Packet packet = new Packet();
            long selected = 0;
            if (writeFile != null) {
                try (OutputStream os = writeFile.equals("-") ? System.out : new FileOutputStream(writeFile);
                     PcapWriter w = new PcapWriter(os, reader.linkType(), reader.snaplen(), false)) {
                    while (selected < count && reader.next(frame)) {
                        if (!filter.matches(frame)) continue;
                        w.write(frame);
                        selected++;
                    }
                }
                return 0;
            }
            AsciiOut out = new AsciiOut(new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), false), 1 << 16);
            TcpdumpPrinter printer = new TcpdumpPrinter(opts, out);
            try {
                while (selected < count && reader.next(frame)) {
                    if (!filter.matches(frame)) continue;
                    packet.decode(frame);
                    printer.print(frame, packet);
                    selected++;
                }
            } finally {
                out.flush();
            }
            return 0;
        } catch (CaptureException e) {
            System.err.println("tcplens: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("tcplens: " + e.getMessage());
            return 1;
        }
    }
}
