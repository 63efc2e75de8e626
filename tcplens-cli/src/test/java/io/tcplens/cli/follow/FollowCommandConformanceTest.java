package io.tcplens.cli.follow;

import io.tcplens.cli.FollowCommand;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code tcplens follow} as users run it (real flow table, IP reassembly) against
 * {@code tshark -q -z follow,tcp,ascii,N} over the streams with payload of every corpus capture
 * (every one of them). tshark runs once per {@link #BATCH} streams with one -z per stream.
 */
class FollowCommandConformanceTest {
    static final int BATCH = 40;

    /** Streams where tshark's follow text is not what tcplens prints, and why (tshark 4.0.17). */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
            "tcpdump/of10_s4810.pcap stream 0",
            "tshark's OpenFlow dissector reports the data of complete packet-in segments as bytes missing",
            "tcpdump/of13_ericsson.pcapng stream 9",
            "the same OpenFlow dissector behaviour",
            "suricata-verify/tests/transform-base64-7296/input.pcap stream 4",
            "a fuzzed segment with every flag set, SYN included, resets tshark's follow mid-stream");
    static final String RULE = "=".repeat(67);

    @Test
    void followMatchesTsharkOnTheCorpus() throws Exception {
        assumeTrue(TestPaths.onPath("tshark"), "tshark not installed");
        assumeTrue(TestPaths.hasCorpus(), "shared corpus not present");
        Path corpus = TestPaths.corpus();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<Path, Future<Map<Integer, String>>> expected = new LinkedHashMap<>();
        try {
            for (Path cap : TestPaths.capturesUnder(corpus)) expected.put(cap, pool.submit(() -> tshark(cap)));
            int streams = 0, same = 0;
            List<String> differ = new ArrayList<>();
            for (var e : expected.entrySet()) {
                for (var s : e.getValue().get().entrySet()) {
                    streams++;
                    String ours = ours(e.getKey(), s.getKey());
                    if (ours.equals(s.getValue())) same++;
                    else differ.add(corpus.relativize(e.getKey()) + " stream " + s.getKey());
                }
            }
            double pct = streams == 0 ? 100 : 100.0 * same / streams;
            System.out.printf("follow command ascii: %d/%d streams identical to tshark (%.1f%%)%n", same, streams, pct);
            differ.forEach(d -> System.out.println("  differs: " + d));
            assertThat(streams).isGreaterThan(500);
            // Every stream must be identical but these, where tshark does what tcplens chooses not
            // to copy. A stream that starts to match is taken off the list, so the list stays true.
            assertThat(differ).as("streams differing from tshark, beyond the known ones")
                    .containsExactlyInAnyOrderElementsOf(KNOWN_DIFFERENCES.keySet());
        } finally {
            pool.shutdownNow();
        }
    }

    /** tshark's follow text of each stream with payload, keyed by stream number. */
    static Map<Integer, String> tshark(Path cap) throws Exception {
        var list = TestPaths.run(List.of("tshark", "-n", "-r", cap.toString(), "-Y", "tcp.len > 0", "-T", "fields", "-e", "tcp.stream"),
                Map.of(), 120);
        TreeSet<Integer> ids = new TreeSet<>();
        for (String line : list.out().split("\n")) {
            for (String v : line.split(",")) if (!v.isBlank()) ids.add(Integer.parseInt(v.trim()));
        }
        Map<Integer, String> out = new LinkedHashMap<>();
        // Every stream, in batches: tshark slows down with many follow taps in one run.
        List<Integer> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-q", "-r", cap.toString()));
            for (int id : all.subList(from, Math.min(all.size(), from + BATCH))) {
                cmd.add("-z");
                cmd.add("follow,tcp,ascii," + id);
            }
            String text = new String(TestPaths.run(cmd, Map.of(), 300).stdout(), StandardCharsets.ISO_8859_1);
            // Blocks are "\n" + RULE + "\nFollow: tcp,ascii\nFilter: tcp.stream eq N\n" ... RULE + "\n".
            int at = 0;
            while (true) {
                int start = text.indexOf("\n" + RULE + "\nFollow: tcp,ascii\nFilter: tcp.stream eq ", at);
                if (start < 0) break;
                int idStart = text.indexOf("eq ", start) + 3;
                int idEnd = text.indexOf('\n', idStart);
                int close = text.indexOf("\n" + RULE + "\n", idEnd);
                if (close < 0) break;
                int end = close + RULE.length() + 2;
                out.put(Integer.parseInt(text.substring(idStart, idEnd).trim()), text.substring(start, end));
                at = end - 1;
            }
        }
        return out;
    }

    static String ours(Path cap, int stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FollowCommand.execute(List.of("-r", cap.toString(), "--stream", Integer.toString(stream)), out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
