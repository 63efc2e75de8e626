package io.tcplens.cli;

import io.tcplens.capture.Frame;
import io.tcplens.capture.PcapWriter;
import io.tcplens.decode.Packet;
import io.tcplens.lab.Lab;
import io.tcplens.lab.LabNote;
import io.tcplens.lab.LabRun;
import io.tcplens.lab.LabSettings;
import io.tcplens.lab.Scenario;
import io.tcplens.live.LiveAnalyzer;
import io.tcplens.live.LiveOptions;
import io.tcplens.live.PcapException;
import io.tcplens.live.PcapUnavailableException;
import io.tcplens.render.explain.Explainer;
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
                "Scenarios: get, keepalive, close, pipeline, half-close, reset, refused, and the seed articles as written:",
                "seed-keepalive (about 65 s), seed-close, seed-curl. Needs capture permission (root)."})
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

    @Option(names = "--lang", paramLabel = "LANG", description = "Language of the whole output (what to look for, the story, the program log): en (default) or zh.")
    String lang = "en";

    @Option(names = "--quiet", description = "Print nothing but errors (with --save: just make the capture).")
    boolean quiet;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Server: close an idle keep-alive connection after this long (default 3; 0.1 to 300).")
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

    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "Hard limit for the scenario (default: 30, or the idle timeout + 10 if that is longer; at most 600).")
    Integer timeLimit;

    @Option(names = "-B", paramLabel = "KIB", description = "Kernel capture buffer size in KiB (default 32768).")
    int bufferKiB = Lab.DEFAULT_BUFFER_KIB;

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
        Explainer.Lang parsed = Explainer.Lang.parse(lang);
        if (parsed == null) {
            err.println("tcplens: lab: unknown language '" + lang + "' (use en or zh)");
            return 2;
        }
        boolean zh = parsed == Explainer.Lang.ZH;
        if (list) {
            for (Scenario s : Scenario.values()) out.printf("%-15s %s%n", s.cliName(), s.description(zh));
            return 0;
        }
        if (scenario == null) {
            err.println("tcplens: lab: name a scenario: " + String.join(", ", new Names()) + " (--list describes them)");
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
        if (bufferKiB <= 0 || bufferKiB > Integer.MAX_VALUE / 1024) {
            err.println("tcplens: lab: invalid packet buffer size " + bufferKiB + " (-B takes KiB, 1 to " + Integer.MAX_VALUE / 1024 + ")");
            return 2;
        }
        LabSettings settings;
        try {
            if (!Double.isFinite(idleTimeout)) throw new IllegalArgumentException("--idle-timeout " + idleTimeout + " is not a number of seconds");
            Duration idle = Duration.ofMillis(Math.round(idleTimeout * 1000));
            if (idleTimeout > 0 && idle.isZero()) idle = Duration.ofNanos(1);   // still refused below, with the value asked for
            Duration limit = timeLimit != null ? Duration.ofSeconds(timeLimit)
                    : Duration.ofSeconds(Math.max(30, (long) Math.ceil(Math.max(0, idleTimeout)) + 10));
            settings = sc.adjust(new LabSettings(responseBytes, idle,
                    Duration.ofSeconds(keepIdle), Duration.ofSeconds(keepInterval), keepCount, requests, rcvbuf,
                    Duration.ofMillis(readDelay), Duration.ofMillis(responseDelay), limit, curl));
        } catch (IllegalArgumentException e) {
            err.println("tcplens: lab: " + e.getMessage());
            return 2;
        }
        LabRun run;
        try {
            if (!quiet && format.equals("text")) {
                err.println("tcplens: lab " + sc.cliName() + ": " + sc.description(zh));
            }
            run = Lab.run(sc, settings, snaplen, library, bufferKiB);
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
        long dropped = run.dropped();
        if (printing) {
            String where = "127.0.0.1:" + run.port();
            err.println(zh ? "tcplens: " + (sc.needsServer() ? "服务器在 " + where : where + " 上没有程序监听") + "，在 " + run.device()
                            + " 上抓取 'tcp port " + run.port() + "'" + (save != null ? "，保存到 " + save : "")
                    : "tcplens: " + (sc.needsServer() ? "server on " : "nothing listening on ") + where + ", captured 'tcp port "
                            + run.port() + "' on " + run.device() + (save != null ? ", saved to " + save : ""));
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
            if (dropped > 0) {
                out.println(zh ? "注意：内核丢弃了 " + dropped + " 个报文（抓包缓冲区不够），上面的报文不完整，下面的分析可能是错的。"
                        : "Warning: the kernel dropped " + dropped + " packet" + (dropped == 1 ? "" : "s")
                        + " (capture buffer full): the packets above are incomplete and what follows may be wrong.");
                out.println();
            }
            out.println(zh ? "要看什么：" : "What to look for:");
            for (String l : zh ? wrapZh(sc.lookFor(true), 48) : wrap(sc.lookFor(false), 96)) out.println("  " + l);
            out.println();
            out.println(zh ? "连接的梯形图：" : "The connection as a ladder diagram:");
            out.println();
            analyzer.ladder(out, LadderCommand.columns(), LadderCommand.utf8Terminal(), zh);
            if (!analyzer.explain(out, zh ? "zh" : "en")) {
                out.println("What the packets show (" + analyzer.name() + "):");
                for (String e : events) out.println("  " + e);
            }
            out.println();
            out.println(zh ? "程序做了什么：" : "What the programs did:");
            for (LabNote n : run.narrative()) out.println("  " + n.line(zh));
        }
        out.flush();
        if (!quiet && format.equals("text")) {
            int n = run.frames().size();
            err.println(zh ? "抓到 " + n + " 个报文，内核丢弃 " + dropped + " 个"
                    : n + " packet" + (n == 1 ? "" : "s") + " captured, " + dropped + " dropped by kernel");
        }
        int rc = 0;
        if (dropped > 0) {
            // The lab sees every packet or says it did not: a story told from a partial capture is not the experiment's.
            err.println(zh ? "tcplens: lab " + sc.cliName() + "：内核丢弃了 " + dropped + " 个报文，结果不可信；请重跑，或用 -B 加大缓冲区"
                    : "tcplens: lab " + sc.cliName() + ": the kernel dropped " + dropped + " packet" + (dropped == 1 ? "" : "s")
                    + ", so the capture is incomplete; run again, or give a larger buffer with -B");
            rc = 1;
        }
        if (run.error() != null) {
            err.println("tcplens: lab " + sc.cliName() + ": " + run.error());
            rc = 1;
        }
        return rc;
    }

    /** Chinese has no spaces to break at: cut every {@code width} characters, but never inside an ASCII word. */
    static List<String> wrapZh(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int j = i;
            if (text.charAt(i) < 0x80 && text.charAt(i) != ' ') {
                while (j < text.length() && text.charAt(j) < 0x80 && text.charAt(j) != ' ') j++;
            } else {
                j = i + 1;
            }
            String piece = text.substring(i, j);
            if (line.length() + piece.length() > width && !line.isEmpty()) {
                lines.add(line.toString().strip());
                line.setLength(0);
            }
            line.append(piece);
            i = j;
        }
        if (!line.isEmpty()) lines.add(line.toString().strip());
        return lines;
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
