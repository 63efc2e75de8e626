import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes testdata/zeek-baselines: the TCP rows of the conn.log baselines in Zeek's own test suite
 * (testing/btest/Baseline/NAME/conn.log) for the traces that ../shared/corpus/zeek holds, reduced to
 * the facts tcplens computes (4-tuple, duration, bytes, conn_state, missed_bytes, history, packets,
 * IP bytes), with where each came from. ZeekBaselineConformanceTest compares `tcplens conns --format
 * zeek` with them. Zeek is not needed to run the tests; this script only needs a checkout of
 * zeek/zeek at the commit the corpus was taken from (MANIFEST.tsv names it).
 *
 *   java scripts/zeek/ExtractZeekBaselines.java ZEEK_CHECKOUT ../shared/corpus/zeek testdata/zeek-baselines
 *
 * (ZEEK_COMMIT=sha names the commit when ZEEK_CHECKOUT is a copy of testing/btest rather than a git
 * checkout; only testing/btest/Baseline/&#42;/conn.log and the test scripts are read.)
 *
 * A baseline is used when its test runs zeek once on one trace of the corpus with the stock
 * conn.log. Left out: tests that change the log's columns or names (logging framework), drop or
 * filter packets from a script (dynamic filters, NetControl), or reconfigure an analyzer; of
 * several tests of the same trace with the same zeek options, the first by name.
 */
public final class ExtractZeekBaselines {
    /** Tests whose conn.log is not the stock one for the trace, and why. */
    private static final Map<String, String> EXCLUDED = Map.of(
            "scripts/base/frameworks/logging/", "changes the log's columns or field names",
            "core/pcap/dynamic-filter", "changes the packet filter while reading",
            "scripts/base/frameworks/netcontrol/", "drops packets from a script",
            "scripts/base/protocols/websocket/wstunnel-ssh-configure", "reconfigures the WebSocket analyzer",
            "scripts/base/protocols/websocket/wstunnel-ssh-disabled", "disables an analyzer");

    private static final String[] FACTS = {"id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "duration",
            "orig_bytes", "resp_bytes", "conn_state", "missed_bytes", "history", "orig_pkts", "orig_ip_bytes",
            "resp_pkts", "resp_ip_bytes"};

    private static final Pattern TRACE = Pattern.compile("\\$TRACES/(\\S+)");
    private static final Pattern FILTER = Pattern.compile("\\s-f\\s+(\"[^\"]*\"|'[^']*')");

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java ExtractZeekBaselines.java ZEEK_CHECKOUT CORPUS_ZEEK_DIR OUT_DIR");
            System.exit(2);
        }
        Path zeek = Path.of(args[0]), corpus = Path.of(args[1]), out = Path.of(args[2]);
        Path btest = zeek.resolve("testing/btest"), baselines = btest.resolve("Baseline");
        Set<String> traces = new TreeSet<>();
        try (Stream<Path> s = Files.walk(corpus)) {
            s.filter(Files::isRegularFile).forEach(p -> traces.add(corpus.relativize(p).toString()));
        }
        Map<String, Candidate> chosen = new TreeMap<>();   // key: trace, filter, checksum option
        List<String> dirs;
        try (Stream<Path> s = Files.list(baselines)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("conn.log"))).map(d -> d.getFileName().toString()).sorted().toList();
        }
        for (String dir : dirs) {
            Path test = findTest(btest, dir);
            if (test == null) continue;
            String name = btest.relativize(test).toString();
            if (EXCLUDED.keySet().stream().anyMatch(name::startsWith)) continue;
            List<String> runs = Files.readAllLines(test, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("@TEST-EXEC:") && l.contains("zeek") && l.contains("$TRACES/")).toList();
            Set<String> used = new TreeSet<>();
            for (String r : runs) {
                Matcher m = TRACE.matcher(r);
                while (m.find()) used.add(m.group(1));
            }
            if (used.size() != 1 || !traces.contains(used.iterator().next())) continue;
            String run = runs.get(0).substring(runs.get(0).indexOf("@TEST-EXEC:") + 11).strip();
            Matcher f = FILTER.matcher(run);
            String filter = f.find() ? f.group(1).substring(1, f.group(1).length() - 1) : "";
            boolean noChecksums = Pattern.compile("\\s-[A-Za-z]*C").matcher(" " + run).find();
            String key = used.iterator().next() + "\t" + filter + "\t" + noChecksums;
            chosen.putIfAbsent(key, new Candidate(dir, name, run, used.iterator().next(), filter, noChecksums));
        }
        Files.createDirectories(out);
        String commit = head(zeek);
        int files = 0, rows = 0;
        for (Candidate c : chosen.values()) {
            List<String> tcp = tcpRows(baselines.resolve(c.dir).resolve("conn.log"));
            if (tcp == null || tcp.isEmpty()) continue;
            StringBuilder sb = new StringBuilder();
            sb.append("# TCP rows of Zeek's conn.log baseline testing/btest/Baseline/").append(c.dir)
                    .append("/conn.log (zeek/zeek ").append(commit).append(", BSD-3-Clause), reduced to these columns\n");
            sb.append("# test: testing/btest/").append(c.test).append(": ").append(c.run).append('\n');
            sb.append("# trace: ").append(c.trace).append('\n');
            sb.append("# filter: ").append(c.filter).append('\n');
            sb.append("# checksums: ").append(c.noChecksums ? "ignored" : "verified").append('\n');
            sb.append(String.join("\t", FACTS)).append('\n');
            for (String r : tcp) sb.append(r).append('\n');
            Files.writeString(out.resolve(c.dir + ".tsv"), sb.toString(), StandardCharsets.UTF_8);
            files++;
            rows += tcp.size();
        }
        System.out.println("zeek baselines: " + files + " files, " + rows + " TCP rows, in " + out);
    }

    private record Candidate(String dir, String test, String run, String trace, String filter, boolean noChecksums) {}

    /** The test a baseline directory belongs to: its dotted name is the test's path without extension. */
    private static Path findTest(Path btest, String dir) {
        String path = dir.replace('.', '/');
        for (String ext : new String[] {".zeek", ".test", ".bro"}) {
            Path p = btest.resolve(path + ext);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    /** The TCP rows of a conn.log, only the FACTS columns, tab-separated; null without them. */
    private static List<String> tcpRows(Path log) throws IOException {
        Map<String, Integer> col = new LinkedHashMap<>();
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("#fields")) {
                String[] f = line.split("\t");
                for (int i = 1; i < f.length; i++) col.put(f[i], i - 1);
                continue;
            }
            if (line.startsWith("#") || line.isBlank()) continue;
            for (String need : FACTS) if (!col.containsKey(need)) return null;
            if (!col.containsKey("proto")) return null;
            String[] v = line.split("\t", -1);
            if (!"tcp".equals(v[col.get("proto")])) continue;
            StringBuilder sb = new StringBuilder();
            for (String need : FACTS) {
                if (sb.length() > 0) sb.append('\t');
                sb.append(v[col.get(need)]);
            }
            rows.add(sb.toString());
        }
        return rows;
    }

    private static String head(Path repo) {
        String given = System.getenv("ZEEK_COMMIT");   // for a copy of the tree that is not a git checkout
        if (given != null && !given.isBlank()) return given.strip();
        try {
            Process p = new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "HEAD").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? s : "unknown commit";
        } catch (IOException | InterruptedException e) {
            return "unknown commit";
        }
    }
}
