package io.tcplens.cli;

import io.tcplens.capture.CaptureException;
import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.decode.Packet;
import io.tcplens.filter.FilterCompiler;
import io.tcplens.filter.FilterException;
import io.tcplens.filter.PacketFilter;
import io.tcplens.render.analyze.AnalyzeTsvWriter;
import io.tcplens.render.text.AsciiOut;
import io.tcplens.tcp.TcpAnalyzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tcplens analyze}: tshark-compatible per-packet TCP analysis plus both endpoints' states. */
@Command(name = "analyze", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"tshark-compatible per-packet TCP analysis, with both endpoints' states (TSV).",
                "One TSV row per TCP frame: tcp.stream, relative seq/ack, len, nxtseq, flags and the "
                + "tcp.analysis flags exactly as tshark 4.0 computes them, then the RFC 9293 state of the "
                + "client and of the server after the packet.",
                "Columns: frame, stream, seq, ack, len, nxtseq, flags, analysis, client_state, server_state."})
public final class AnalyzeCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    Inputs input = new Inputs();

    @Parameters(paramLabel = "FILTER", arity = "0..*",
            description = "A tcpdump filter expression (e.g. 'port 443') selecting the rows printed. Every packet "
                    + "is still analyzed, so stream numbers and flags stay those of the whole capture.")
    List<String> filter = List.of();

    @Override
    public Integer call() {
        return run(input, filter, new FileOutputStream(FileDescriptor.out));
    }

    /** Runs the command writing the TSV to {@code os}; returns the exit code (used by tests in-process). */
    public static int run(String file, List<String> filterWords, OutputStream os) {
        return run(Inputs.of(file), filterWords, os);
    }

    static int run(Inputs input, List<String> filterWords, OutputStream os) {
        List<String> files = input.expand(System.err);
        if (files == null) return 1;
        AsciiOut out = new AsciiOut(os, 1 << 16);
        AnalyzeTsvWriter writer = new AnalyzeTsvWriter(out);
        TcpAnalyzer analyzer = new TcpAnalyzer();
        try (CaptureReader reader = input.open(files, System.in, System.err)) {
            reader.keepWholeRecords();   // as Wireshark reads them
            // The filter selects the rows printed; the analyzer still sees every frame, so
            // stream numbers and flags are those of the whole capture (as tshark's -Y).
            PacketFilter filter;
            try {
                // several files: compiled for each frame's link type as it comes (-1), as they can mix them
                filter = FilterCompiler.compile(FilterCompiler.join(filterWords), files.size() == 1 ? reader.linkType() : -1);
            } catch (FilterException e) {
                System.err.println("tcplens: " + e.getMessage());
                return 1;
            }
            writer.header();
            Frame frame = new Frame();
            Packet packet = new Packet();
            UnanalysedFrames unanalysed = new UnanalysedFrames();
            while (reader.next(frame)) {
                packet.decode(frame);
                unanalysed.count(packet);
                var seg = analyzer.process(frame, packet);
                if (seg != null && filter.matches(frame)) writer.onSegment(seg);
            }
            analyzer.finish();
            out.flush();
            // one file's reader gives the text; several files' merge names the file in each
            for (String w : reader.warnings()) System.err.println("tcplens: " + (files.size() == 1 ? files.getFirst() + ": warning: " : "") + w);
            unanalysed.report(System.err);
            return 0;
        } catch (CaptureException e) {
            flushQuietly(out);
            System.err.println("tcplens: " + e.getMessage());
            return 1;
        } catch (java.io.UncheckedIOException e) {
            // The reader of our output went away (e.g. `| head`): stop quietly, like tshark.
            return 0;
        }
    }

    private static void flushQuietly(AsciiOut out) {
        try {
            out.flush();
        } catch (java.io.UncheckedIOException ignored) {
            // nothing more can be written
        }
    }
}
