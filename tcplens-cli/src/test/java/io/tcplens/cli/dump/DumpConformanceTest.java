package io.tcplens.cli.dump;

import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real tcpdump and {@code tcplens dump} (in-process) over every capture of the shared
 * corpus with each option set, and compares the lines printed for TCP packets.
 *
 * <p>A packet counts as TCP when tcplens' decoder finds a TCP header in it, or when tcpdump
 * printed TCP flags or a TCP header complaint for it. Packets to or from the ports of TCP
 * application printers that tcplens leaves out on purpose (BGP, SMB, NFS, DNS, ...; see the
 * README) are counted apart as "out of scope" when their line differs only after
 * {@code length N}. Files tcpdump itself cannot read are skipped.
 */
class DumpConformanceTest {
    /** tcpdump application printers tcplens does not implement (print-tcp.c's port switch). */
    private static final Set<Integer> OUT_OF_SCOPE_PORTS = Set.of(
            23, 179, 1723, 6379, 139, 445, 10288, 6633, 6653, 53, 639, 323, 646, 2049);

    private static final double REQUIRED = 99.9;

    static final class Tally {
        long tcpLines;
        long identical;
        long outOfScope;
        long records;
        // the payload-dump sets (-x, -X, -A) are also measured over every packet, TCP or not
        long allRecords;
        long allIdentical;
        long dumpLines;
        long dumpIdentical;
        final List<String[]> mismatches = new ArrayList<>(); // file, tcpdump line, tcplens line
        final List<String[]> dumpMismatches = new ArrayList<>(); // the same, for any packet's dump lines
    }

    record FileResult(Path file, Tally[] tallies, boolean skipped) { }

    @Test
    void tcpLinesMatchTcpdumpAcrossTheCorpus() throws Exception {
        Assumptions.assumeTrue(TestPaths.onPath("tcpdump"), "tcpdump not installed");
        Assumptions.assumeTrue(TestPaths.hasCorpus(), "no shared corpus");
        List<Path> files = TestPaths.capturesUnder(TestPaths.corpus());
        Assumptions.assumeFalse(files.isEmpty(), "empty corpus");
        Path tmp = Files.createTempDirectory("tcplens-conformance");
        int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<FileResult>> futures = new ArrayList<>();
        // Biggest files first so that the pool stays busy to the end.
        List<Path> ordered = new ArrayList<>(files);
        ordered.sort(Comparator.comparingLong((Path p) -> p.toFile().length()).reversed());
        for (Path f : ordered) futures.add(pool.submit(() -> compareFile(f, tmp)));
        Tally[] total = new Tally[DumpRuns.OPTION_SETS.size()];
        for (int i = 0; i < total.length; i++) total[i] = new Tally();
        int skipped = 0;
        List<FileResult> results = new ArrayList<>();
        for (Future<FileResult> fu : futures) {
            FileResult r = fu.get();
            results.add(r);
            if (r.skipped()) { skipped++; continue; }
            for (int i = 0; i < total.length; i++) {
                Tally t = r.tallies()[i];
                total[i].tcpLines += t.tcpLines;
                total[i].identical += t.identical;
                total[i].outOfScope += t.outOfScope;
                total[i].records += t.records;
                total[i].allRecords += t.allRecords;
                total[i].allIdentical += t.allIdentical;
                total[i].dumpLines += t.dumpLines;
                total[i].dumpIdentical += t.dumpIdentical;
                total[i].mismatches.addAll(t.mismatches);
                total[i].dumpMismatches.addAll(t.dumpMismatches);
            }
        }
        pool.shutdown();
        deleteTree(tmp);

        StringBuilder report = new StringBuilder();
        report.append(String.format("tcplens dump vs tcpdump over %d captures (%d skipped: tcpdump cannot read them)%n",
                files.size(), skipped));
        boolean ok = true;
        for (int i = 0; i < total.length; i++) {
            Tally t = total[i];
            double pct = t.tcpLines == 0 ? 100.0 : 100.0 * t.identical / t.tcpLines;
            if (pct < REQUIRED) ok = false;
            report.append(String.format("  %-12s %8d/%8d identical TCP lines = %8.4f%%  (%d out-of-scope app-protocol packets excluded)%n",
                    DumpRuns.OPTION_SETS.get(i)[1], t.identical, t.tcpLines, pct, t.outOfScope));
            if (DumpRuns.dumpsPayload(DumpRuns.OPTION_SETS.get(i)[1])) {
                report.append(String.format("  %-12s %8d/%8d identical packets of every kind = %8.4f%%",
                        "", t.allIdentical, t.allRecords, t.allRecords == 0 ? 100.0 : 100.0 * t.allIdentical / t.allRecords));
                if (t.dumpLines > 0) {
                    report.append(String.format("; hex lines %d/%d = %.4f%%", t.dumpIdentical, t.dumpLines,
                            100.0 * t.dumpIdentical / t.dumpLines));
                }
                report.append('\n');
            }
        }
        // Worst files, then a few sample mismatches per option set.
        for (int i = 0; i < total.length; i++) {
            final int k = i;
            List<FileResult> worst = results.stream().filter(r -> !r.skipped())
                    .filter(r -> r.tallies()[k].tcpLines > r.tallies()[k].identical)
                    .sorted(Comparator.comparingLong((FileResult r) -> r.tallies()[k].tcpLines - r.tallies()[k].identical).reversed())
                    .limit(5).toList();
            if (worst.isEmpty()) continue;
            report.append("  worst files for ").append(DumpRuns.OPTION_SETS.get(i)[1]).append(":\n");
            for (FileResult r : worst) {
                Tally t = r.tallies()[k];
                report.append(String.format("    %5d differing lines  %s%n", t.tcpLines - t.identical,
                        TestPaths.corpus().relativize(r.file())));
                String[] m = t.mismatches.get(0);
                report.append("        tcpdump: ").append(m[1]).append('\n');
                report.append("        tcplens: ").append(m[2]).append('\n');
            }
        }
        System.out.print(report);
        writeDetails(total);
        assertThat(ok).as(report.toString()).isTrue();
    }

    /** Full mismatch lists under target/ for whoever works on the printer. */
    private static void writeDetails(Tally[] total) {
        try {
            Path dir = Path.of("target", "dump-conformance");
            Files.createDirectories(dir);
            for (int i = 0; i < total.length; i++) {
                StringBuilder sb = new StringBuilder();
                for (String[] m : total[i].mismatches) {
                    sb.append("== ").append(m[0]).append('\n').append("-").append(m[1]).append('\n')
                            .append("+").append(m[2]).append('\n');
                }
                Files.writeString(dir.resolve(DumpRuns.OPTION_SETS.get(i)[0] + ".txt"), sb.toString(),
                        StandardCharsets.ISO_8859_1);
                if (total[i].dumpMismatches.isEmpty()) continue;
                StringBuilder db = new StringBuilder();
                for (String[] m : total[i].dumpMismatches) {
                    db.append("== ").append(m[0]).append('\n').append("-").append(m[1]).append('\n')
                            .append("+").append(m[2]).append('\n');
                }
                Files.writeString(dir.resolve(DumpRuns.OPTION_SETS.get(i)[0] + "-dump.txt"), db.toString(),
                        StandardCharsets.ISO_8859_1);
            }
        } catch (IOException ignored) {
            // details are a convenience
        }
    }

    private static FileResult compareFile(Path file, Path tmp) throws Exception {
        Path forTcpdump = file;
        if (file.getFileName().toString().endsWith(".gz")) {
            forTcpdump = Files.createTempFile(tmp, "cap", ".pcap");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
                 OutputStream o = Files.newOutputStream(forTcpdump)) {
                in.transferTo(o);
            } catch (IOException e) {
                // a broken gzip: tcpdump gets what could be decompressed
            }
        }
        List<DumpRuns.PacketInfo> infos = null;
        Tally[] tallies = new Tally[DumpRuns.OPTION_SETS.size()];
        boolean anyRead = false;
        for (int i = 0; i < tallies.length; i++) {
            String opts = DumpRuns.OPTION_SETS.get(i)[1];
            List<String> cmd = new ArrayList<>();
            cmd.add("tcpdump");
            cmd.addAll(DumpRuns.args(opts, forTcpdump));
            TestPaths.Run td = TestPaths.run(cmd, Map.of("TZ", "UTC"), 300);
            tallies[i] = new Tally();
            if (td.exitCode() != 0 && td.stdout().length == 0) continue;
            anyRead = true;
            if (infos == null) infos = DumpRuns.classify(file);
            String expected = new String(td.stdout(), StandardCharsets.ISO_8859_1);
            DumpRuns.Result ours = DumpRuns.tcplens(DumpRuns.args(opts, file));
            tally(file, infos, DumpRuns.records(expected), DumpRuns.records(ours.out()), tallies[i],
                    DumpRuns.dumpsPayload(opts));
        }
        return new FileResult(file, tallies, !anyRead);
    }

    private static void tally(Path file, List<DumpRuns.PacketInfo> infos, List<List<String>> exp,
                              List<List<String>> got, Tally t, boolean payload) {
        String name = TestPaths.corpus().relativize(file).toString();
        for (int r = 0; r < exp.size(); r++) {
            List<String> e = exp.get(r);
            if (payload) {
                List<String> g = r < got.size() ? got.get(r) : List.of();
                t.allRecords++;
                if (e.equals(g)) t.allIdentical++;
                List<String> eh = e.stream().filter(l -> l.startsWith("\t0x")).toList();
                List<String> gh = g.stream().filter(l -> l.startsWith("\t0x")).toList();
                boolean reported = false;
                for (int l = 0; l < eh.size(); l++) {
                    t.dumpLines++;
                    if (l < gh.size() && eh.get(l).equals(gh.get(l))) t.dumpIdentical++;
                    else if (!reported) {
                        reported = true;
                        t.dumpMismatches.add(new String[] {name + " #" + (r + 1), e.get(0) + "\n " + eh.get(l),
                                (g.isEmpty() ? "<missing>" : g.get(0)) + "\n " + (l < gh.size() ? gh.get(l) : "<missing>")});
                    }
                }
            }
            DumpRuns.PacketInfo info = r < infos.size() ? infos.get(r) : null;
            String joined = String.join("\n", e);
            // TCP quoted inside an ICMP error is not a TCP packet.
            boolean tcp = (info != null && info.tcp())
                    || (!e.get(0).contains("ICMP") && (joined.contains(": Flags [") || joined.contains("[bad hdr length")));
            if (!tcp) continue;
            t.records++;
            List<String> g = r < got.size() ? got.get(r) : List.of();
            if (e.equals(g)) {
                t.tcpLines += e.size();
                t.identical += e.size();
                continue;
            }
            if (info != null && info.sport() >= 0 && info.payload() > 0
                    && (OUT_OF_SCOPE_PORTS.contains(info.sport()) || OUT_OF_SCOPE_PORTS.contains(info.dport()))
                    && !g.isEmpty() && e.get(0).startsWith(g.get(0))) {
                t.outOfScope++;
                continue;
            }
            for (int l = 0; l < e.size(); l++) {
                t.tcpLines++;
                String gl = l < g.size() ? g.get(l) : "<missing>";
                if (e.get(l).equals(gl)) t.identical++;
                else t.mismatches.add(new String[] {name + " #" + (r + 1), e.get(l), gl});
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
