package io.tcplens.cli;

import io.tcplens.cli.robust.UnusualCaptures;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The generated captures of unusual input (issue 17: deep pipelining, long heads, long chunk
 * sizes, deep nesting, a NUL in a request line) against tshark: per tcp.stream the requests
 * (method and URI) and the response codes in order, which request each response answers
 * ({@code http.response_for.uri}), and the number of TCP streams. Skipped without tshark.
 */
class GeneratedCapturesConformanceTest {

    /**
     * Where tshark 4.0.17 pairs otherwise, and why. Its HTTP dissector gives every pipelined
     * response the last request seen before it (all 1,001 answer /p1000); tcplens pairs by order,
     * as RFC 9112 says (and the reason phrases of these captures name the request answered).
     */
    static final Map<String, String> PAIRING_DIFFERENCES = Map.of(
            "pipelined-1001", "tshark pairs every pipelined response with the last request",
            "pipelined-1500", "tshark pairs every pipelined response with the last request");

    /** Where the requests or codes differ, and why. */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
            "chunk-overflow", "tshark shows the 200 and marks the packet malformed; tcplens reports the response incomplete,"
                    + " with the chunk size overflow as its problem (so it is left out as a message tshark would not show whole)");

    @Test
    void requestsCodesPairingAndStreamsAgreeWithTshark() throws Exception {
        assumeTrue(TestPaths.onPath("tshark"), "tshark not installed");
        List<String> report = new ArrayList<>(), pairingDiffers = new ArrayList<>(), differing = new ArrayList<>();
        int agree = 0, n = 0;
        for (var e : UnusualCaptures.all(false).entrySet()) {
            Path cap = e.getValue();
            n++;
            Map<Integer, HttpCommandConformanceTest.Stream> theirs = HttpCommandConformanceTest.tshark(cap);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = HttpCommand.execute(List.of("-r", cap.toString(), "--format", "json"), out,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(rc).isZero();
            Map<Integer, HttpCommandConformanceTest.Stream> mine = HttpCommandConformanceTest.ours(out.toByteArray());
            // tshark shows a field as a C string: a URI ends at its first NUL
            for (var s : mine.values()) s.requests().replaceAll(r -> r.contains("\0") ? r.substring(0, r.indexOf('\0')) : r);
            boolean same = theirs.equals(mine);
            int streamsTheirs = tsharkStreams(cap), streamsMine = connsRows(cap);
            boolean pairing = tsharkPairing(cap).equals(ourPairing(out.toByteArray()));
            if (!pairing && !KNOWN_DIFFERENCES.containsKey(e.getKey())) pairingDiffers.add(e.getKey());
            if (!same) differing.add(e.getKey());
            if (same && streamsTheirs == streamsMine && (pairing || PAIRING_DIFFERENCES.containsKey(e.getKey()))) agree++;
            if (streamsTheirs != streamsMine || !same && !KNOWN_DIFFERENCES.containsKey(e.getKey())) report.add(e.getKey() + ": tshark " + theirs + " / tcplens " + mine + "; streams " + streamsTheirs + " / " + streamsMine
                    + "; pairing " + (pairing ? "same" : "differs"));
        }
        System.out.printf("generated captures: %d/%d agree with tshark (requests, codes, streams; pairing but %s; known: %s)%n",
                agree, n, PAIRING_DIFFERENCES.keySet(), KNOWN_DIFFERENCES.keySet());
        assertThat(report).as("differences").isEmpty();
        assertThat(differing).as("requests or codes differ exactly where listed").containsExactlyInAnyOrderElementsOf(KNOWN_DIFFERENCES.keySet());
        assertThat(pairingDiffers).as("pairing differs exactly where listed").containsExactlyInAnyOrderElementsOf(PAIRING_DIFFERENCES.keySet());
    }

    static int tsharkStreams(Path cap) throws Exception {
        TestPaths.Run run = TestPaths.run(List.of("tshark", "-n", "-r", cap.toString(), "-T", "fields", "-e", "tcp.stream"), Map.of(), 120);
        return (int) run.out().lines().filter(l -> !l.isBlank()).distinct().count();
    }

    static int connsRows(Path cap) {
        CliRun.Result r = CliRun.run("conns", List.of("-r", cap.toString(), "--format", "json", "--no-http"));
        return (int) r.out().lines().filter(l -> !l.isBlank()).count();
    }

    /** Per stream, the URI each response answers, in order (tshark's http.response_for.uri, without scheme and host). */
    static Map<Integer, List<String>> tsharkPairing(Path cap) throws Exception {
        TestPaths.Run run = TestPaths.run(List.of("tshark", "-n", "-r", cap.toString(), "-Y", "http.response", "-T", "fields",
                "-E", "aggregator=" + HttpCommandConformanceTest.AGG, "-e", "tcp.stream", "-e", "http.response_for.uri"), Map.of(), 120);
        Map<Integer, List<String>> out = new TreeMap<>();
        for (String line : run.out().split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 2 || f[0].isEmpty()) continue;
            for (String u : f[1].split(HttpCommandConformanceTest.AGG, -1)) {
                String path = u.replaceFirst("^http://[^/]*", "");
                out.computeIfAbsent(Integer.parseInt(f[0].split(HttpCommandConformanceTest.AGG)[0]), k -> new ArrayList<>()).add(path);
            }
        }
        return out;
    }

    /** Per stream, the URI of the request each whole response answers ("" when it answers a request not kept). */
    static Map<Integer, List<String>> ourPairing(byte[] json) {
        Map<Integer, List<String>> out = new TreeMap<>();
        for (String row : new String(json, StandardCharsets.UTF_8).split("\n")) {
            if (row.isBlank() || row.contains("\"status\":null") || !row.contains("\"response_complete\":true")) continue;
            int stream = Integer.parseInt(value(row, "stream"));
            String uri = value(row, "uri");
            uri = uri.equals("null") ? "" : uri.substring(1, uri.length() - 1).replace("\\u0000", "\0");
            if (uri.contains("\0")) uri = uri.substring(0, uri.indexOf('\0'));
            out.computeIfAbsent(stream, k -> new ArrayList<>()).add(uri);
        }
        return out;
    }

    private static String value(String row, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":(\"(?:[^\"\\\\]|\\\\.)*+\"|[^,}]+)").matcher(row);
        if (!m.find()) throw new IllegalStateException(name + " missing in " + row);
        return m.group(1);
    }
}
