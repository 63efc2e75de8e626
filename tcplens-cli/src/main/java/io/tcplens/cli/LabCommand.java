package io.tcplens.cli;

import io.tcplens.capture.Frame;
import io.tcplens.capture.PcapWriter;
import io.tcplens.decode.Packet;
import io.tcplens.lab.Lab;
import io.tcplens.lab.LabRun;
import io.tcplens.lab.LabSettings;
import io.tcplens.lab.Scenario;
import io.tcplens.live.LiveAnalyzer;
import io.tcplens.live.LiveOptions;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tcplens lab SCENARIO}: runs a classic TCP/HTTP experiment on loopback with the
 * project's own server and client, captures it live, and shows what happened.
 */
@Command(name = "lab", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Reproduce a classic TCP/HTTP experiment on loopback, capture it live and show it.",
                "Scenarios: get, keepalive, close, pipeline, half-close, reset, refused. Needs capture permission (root)."})
final class LabCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCENARIO", arity = "0..1", completionCandidates = Names.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String scenario;

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    @Option(names = "--save", paramLabel = "FILE", description = "Keep the capture in FILE (pcap).")
    String save;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default: packets and what happened) or json (the connections).")
    String format = "text";

    @Option(names = "--lang", paramLabel = "LANG", description = "Language of the explanation: en (default) or zh.")
    String lang = "en";

    @Option(names = "--quiet", description = "Print nothing but errors (with --save: just make the capture).")
    boolean quiet;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Server: close an idle keep-alive connection after this long (default 3).")
    double idleTimeout = 3;

    @Option(names = "--response-bytes", paramLabel = "N", description = "Server: size of the response body (default: a small JSON document; close: 16384).")
    int responseBytes;

    @Option(names = "--keep-idle", paramLabel = "SECONDS", description = "Client: TCP keep-alive idle time before the first probe (default 1).")
    int keepIdle = 1;

    @Option(names = "--keep-interval", paramLabel = "SECONDS", description = "Client: seconds between keep-alive probes (default 1).")
    int keepInterval = 1;

    @Option(names = "--keep-count", paramLabel = "N", description = "Client: unanswered keep-alive probes before giving up (default 10).")
    int keepCount = 10;

    @Option(names = "--requests", paramLabel = "N", description = "pipeline: number of requests (default 3).")
    int requests = 3;

    @Option(names = "--rcvbuf", paramLabel = "BYTES", description = "Client: SO_RCVBUF (default: system; close: 4096).")
    int rcvbuf;

    @Option(names = "--read-delay", paramLabel = "MILLIS", description = "close: client waits this long before reading (default 100).")
    long readDelay = 100;

    @Option(names = "--response-delay", paramLabel = "MILLIS", description = "Server: wait this long before answering (default 0; half-close: 100).")
    long responseDelay;

    @Option(names = "--curl", description = "get: fetch with curl when it is installed (default: the lab's own client).")
    boolean curl;

    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "Hard limit for the scenario (default and maximum 30).")
    int timeLimit = 30;

    @Option(names = "-s", paramLabel = "SNAPLEN", description = "Bytes to keep of each packet (default 262144).")
    int snaplen = LiveOptions.DEFAULT_SNAPLEN;

    @picocli.CommandLine.Mixin
    PrintOptions print = new PrintOptions();

    @Option(names = "--libpcap", paramLabel = "LIBRARY", description = "The libpcap to load (a name or a path).")
    String library;

    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> n = new ArrayList<>();
            for (Scenario s : Scenario.values()) n.add(s.cliName());
            return n.iterator();
        }
    }

    @Override
    public Integer call() {
        PrintStream err = System.err;
        PrintStream out = System.out;
        if (list) {
            for (Scenario s : Scenario.values()) out.printf("%-11s %s%n", s.cliName(), s.description());
            return 0;
        }
        if (scenario == null) {
            err.println("tcplens: lab: name a scenario: get, keepalive, close, pipeline, half-close, reset, refused (--list describes them)");
            return 2;
        }
        Scenario sc;
        try {
            sc = Scenario.fromCliName(scenario);
        } catch (IllegalArgumentException e) {
            err.println("tcplens: lab: " + e.getMessage() + " (--list shows the scenarios)");
            return 2;
        }
        if (!format.equals("text") && !format.equals("json")) {
            err.println("tcplens: lab: --format is text or json");
            return 2;
        }
        if (print.problem() != null) {
            err.println("tcplens: " + print.problem());
            return 2;
        }
        LabSettings settings = new LabSettings(responseBytes, Duration.ofMillis(Math.round(idleTimeout * 1000)),
                Duration.ofSeconds(keepIdle), Duration.ofSeconds(keepInterval), keepCount, requests, rcvbuf,
                Duration.ofMillis(readDelay), Duration.ofMillis(responseDelay), Duration.ofSeconds(timeLimit), curl);
        LabRun run;
        try {
            if (!quiet && format.equals("text")) {
                err.println("tcplens: lab " + sc.cliName() + ": " + sc.description());
            }
            run = Lab.run(sc, settings, snaplen, library);
        } catch (PcapUnavailableException e) {
            err.println(e.advice());
            return 3;
        } catch (PcapException e) {
            err.println(e.advice());
            return e.kind() == PcapException.Kind.PERMISSION ? 4 : 1;
        } catch (IOException e) {
            err.println("tcplens: lab: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("tcplens: lab: interrupted");
            return 1;
        }
        try {
            if (save != null) {
                try (OutputStream os = new FileOutputStream(save);
                     PcapWriter w = new PcapWriter(os, run.linkType(), run.snaplen(), false)) {
                    for (Frame f : run.frames()) w.write(f);
                }
            }
        } catch (IOException e) {
            err.println("tcplens: lab: cannot write " + save + ": " + e.getMessage());
            return 1;
        }
        List<String> events = new ArrayList<>();
        LiveAnalyzer analyzer = LiveAnalyzer.create(events::add, 400);
        Packet packet = new Packet();
        AsciiOut text = new AsciiOut(out, 1 << 16);
        TcpdumpPrinter printer = new TcpdumpPrinter(print.toOptions(false), text);
        boolean printing = !quiet && format.equals("text");
        if (printing) {
            err.println("tcplens: " + (sc.needsServer() ? "server on" : "nothing listening on") + " 127.0.0.1:" + run.port() + ", captured 'tcp port " + run.port() + "' on "
                    + run.device() + (save != null ? ", saved to " + save : ""));
        }
        for (Frame f : run.frames()) {
            packet.decode(f);
            if (printing) printer.print(f);
            analyzer.packet(f, packet);
        }
        analyzer.finish();
        text.flush();
        if (format.equals("json")) {
            analyzer.writeConnsJson(out);
        } else if (printing) {
            out.println();
            out.println("What to look for:");
            for (String l : wrap(sc.lookFor(), 96)) out.println("  " + l);
            out.println();
            out.println("The connection as a ladder diagram:");
            out.println();
            analyzer.ladder(out, LadderCommand.columns(), LadderCommand.utf8Terminal());
            if (!analyzer.explain(out, lang)) {
                out.println("What the packets show (" + analyzer.name() + "):");
                for (String e : events) out.println("  " + e);
            }
            out.println();
            out.println("What the programs did:");
            for (String n : run.narrative()) out.println("  " + n);
        }
        out.flush();
        if (!quiet && format.equals("text")) {
            err.println(run.frames().size() + " packet" + (run.frames().size() == 1 ? "" : "s") + " captured");
        }
        if (run.error() != null) {
            err.println("tcplens: lab " + sc.cliName() + ": " + run.error());
            return 1;
        }
        return 0;
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) line.append(' ');
            line.append(word);
        }
        if (!line.isEmpty()) lines.add(line.toString());
        return lines;
    }
}
