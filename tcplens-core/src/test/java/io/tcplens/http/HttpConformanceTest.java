package io.tcplens.http;

import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP requests (method, URI) and response codes per stream, in order, against
 * {@code tshark -Y http -T fields -e tcp.stream -e http.request.method -e http.request.uri -e http.response.code}
 * on the corpus captures that carry HTTP (by name or by what either side finds). tshark only
 * dissects HTTP on its known ports (plus heuristics); streams where only tcplens finds HTTP are
 * counted separately, not as disagreements.
 */
class HttpConformanceTest {
    static final String AGG = "\u0001";

    record Result(String capture, int streams, int agree, int onlyMine, List<String> differences) {}

    @Test
    void requestsAndResponseCodesAgreeWithTshark() throws Exception {
        Assumptions.assumeTrue(TestPaths.hasCorpus() && TestPaths.onPath("tshark"), "needs the corpus and tshark");
        List<Path> candidates = new ArrayList<>();
        for (String line : Files.readAllLines(TestPaths.corpus().resolve("MANIFEST.tsv"))) {
            String[] f = line.split("\t");
            if (f.length < 9 || f[0].equals("path") || !f[8].matches("\\d+") || Integer.parseInt(f[8]) == 0) continue;
            candidates.add(TestPaths.corpus().resolve(f[0]));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Result>> futures = new ArrayList<>();
        for (Path c : candidates) futures.add(pool.submit(() -> compare(c)));
        int streams = 0, agree = 0, onlyMine = 0, files = 0;
        StringBuilder report = new StringBuilder();
        for (Future<Result> fu : futures) {
            Result r = fu.get();
            if (r == null) continue;
            files++;
            streams += r.streams;
            agree += r.agree;
            onlyMine += r.onlyMine;
            for (String d : r.differences) report.append(r.capture).append(' ').append(d).append('\n');
        }
        pool.shutdown();
        String summary = String.format("http: %d/%d tshark HTTP streams agree (%.1f%%) in %d captures; %d streams HTTP only for tcplens%n",
                agree, streams, streams == 0 ? 0.0 : 100.0 * agree / streams, files, onlyMine);
        Path out = Path.of("target", "http-conformance.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, summary + report);
        System.out.print(summary);
        assertThat(streams).isPositive();
        assertThat(100.0 * agree / streams).as(summary + report)
                .isGreaterThanOrEqualTo(Double.parseDouble(System.getProperty("http.minPercent", "90")));
    }

    static Result compare(Path capture) throws Exception {
        List<HttpTestSupport.Analyzed> mine;
        try {
            mine = HttpTestSupport.analyze(capture);
        } catch (Exception e) {
            return null;
        }
        boolean anyMine = mine.stream().anyMatch(a -> a.http().isHttp());
        String rel = TestPaths.corpus().relativize(capture).toString();
        if (!anyMine && !rel.toLowerCase().contains("http")) return null;
        TestPaths.Run run = TestPaths.run(List.of("tshark", "-r", capture.toString(), "-Y", "http", "-T", "fields",
                "-E", "aggregator=" + AGG, "-e", "tcp.stream", "-e", "http.request.method", "-e", "http.request.uri",
                "-e", "http.response.code"), Map.of(), 300);
        Map<Integer, List<String>> theirRequests = new TreeMap<>();
        Map<Integer, List<String>> theirCodes = new TreeMap<>();
        for (String line : run.out().split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            if (f.length < 4 || f[0].isEmpty()) continue;
            int stream = Integer.parseInt(f[0].split(AGG)[0]);
            if (!f[1].isEmpty()) {
                String[] ms = f[1].split(AGG), us = f[2].split(AGG, -1);
                for (int i = 0; i < ms.length; i++) {
                    theirRequests.computeIfAbsent(stream, k -> new ArrayList<>()).add(ms[i] + " " + (i < us.length ? us[i] : ""));
                }
            }
            if (!f[3].isEmpty()) {
                for (String c : f[3].split(AGG)) theirCodes.computeIfAbsent(stream, k -> new ArrayList<>()).add(c);
            }
        }
        Map<Integer, List<String>> myRequests = new LinkedHashMap<>();
        Map<Integer, List<String>> myCodes = new LinkedHashMap<>();
        for (HttpTestSupport.Analyzed a : mine) {
            if (!a.http().isHttp()) continue;
            List<String> rq = new ArrayList<>(), rs = new ArrayList<>();
            // tshark reassembles whole messages: one with a gap, or cut off by the end of the capture, never shows.
            for (HttpMessage m : a.http().requests()) if (whole(m)) rq.add(m.method() + " " + m.target());
            for (HttpTransaction t : a.http().transactions()) {
                for (HttpMessage i : t.interim()) rs.add(String.valueOf(i.status()));
                if (t.response() != null && whole(t.response())) rs.add(String.valueOf(t.response().status()));
            }
            myRequests.put(a.conn().index, rq);
            myCodes.put(a.conn().index, rs);
        }
        TreeSet<Integer> theirStreams = new TreeSet<>(theirRequests.keySet());
        theirStreams.addAll(theirCodes.keySet());
        int agree = 0, onlyMine = 0;
        List<String> diffs = new ArrayList<>();
        for (int s : theirStreams) {
            List<String> tr = theirRequests.getOrDefault(s, List.of()), tc = theirCodes.getOrDefault(s, List.of());
            List<String> mr = myRequests.getOrDefault(s, List.of()), mc = myCodes.getOrDefault(s, List.of());
            if (tr.equals(mr) && tc.equals(mc)) agree++;
            else diffs.add("stream " + s + ": tshark " + abbreviate(tr) + " " + abbreviate(tc) + " / tcplens " + abbreviate(mr) + " " + abbreviate(mc));
        }
        for (int s : myRequests.keySet()) {
            if (!theirStreams.contains(s) && (!myRequests.get(s).isEmpty() || !myCodes.get(s).isEmpty())) onlyMine++;
        }
        if (theirStreams.isEmpty() && onlyMine == 0) return null;
        return new Result(rel, theirStreams.size(), agree, onlyMine, diffs);
    }

    static boolean whole(HttpMessage m) {
        return m.complete() && m.missingBytes() == 0;
    }

    static String abbreviate(List<String> l) {
        String s = l.toString();
        return s.length() > 300 ? s.substring(0, 300) + "...(" + l.size() + ")" : s;
    }
}
