package io.tcplens.conn;

import io.tcplens.http.HttpConnectionAnalyzer;
import io.tcplens.http.HttpTracker;
import io.tcplens.tcp.TcpListener;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTP followed on the worker thread gives the same summaries, in the same order, as HTTP
 * followed in line, also with rings so small that the analyzer's thread waits for the worker
 * all the time and payloads wrap around the byte ring.
 */
class HttpOffloadTest {

    @Test
    void sameSummariesAsInLine() throws Exception {
        int compared = 0, withHttp = 0;
        for (Path capture : TestPaths.capturesUnder(TestPaths.captures())) {
            List<ConnectionSummary> inLine = inLine(capture);
            for (int[] ring : new int[][] {{4, 64}, {16, 4096}, {1 << 13, 1 << 23}}) {
                List<ConnectionSummary> offloaded = offloaded(capture, ring[0], ring[1]);
                assertThat(offloaded).as("%s with a ring of %d slots, %d bytes", capture.getFileName(), ring[0], ring[1])
                        .usingRecursiveFieldByFieldElementComparator()
                        .containsExactlyElementsOf(inLine);
            }
            compared += inLine.size();
            for (ConnectionSummary s : inLine) if (s.http() != null) withHttp++;
        }
        assertThat(compared).isGreaterThan(50);
        assertThat(withHttp).isGreaterThan(10);
    }

    @Test
    void sameExchangesAsInLineInTheSameOrder() throws Exception {
        // The http command's use: every exchange as it completes, with the filter's verdict of the
        // moment (here a stand-in verdict: odd streams), and each connection's end.
        java.util.function.IntPredicate verdict = stream -> stream % 2 == 1;
        HttpConnectionAnalyzer.Settings all = new HttpConnectionAnalyzer.Settings(
                io.tcplens.reassembly.StreamReassembler.DEFAULT_MAX_BUFFERED, io.tcplens.http.HttpParser.DEFAULT_MAX_HEAD_BYTES,
                io.tcplens.http.HttpParser.DEFAULT_MAX_HEADERS, 0, true);
        int exchanges = 0, unselected = 0;
        for (Path capture : TestPaths.capturesUnder(TestPaths.captures())) {
            List<String> inLine = new ArrayList<>();
            HttpTracker http = new HttpTracker(all, (c, t) -> inLine.add(describe(c.stream(), verdict.test(c.stream()), t)));
            run(capture, http, new LifecycleTracker(c -> inLine.add("ended " + c.stream() + " " + verdict.test(c.stream())))
                    .withHttp(http));
            for (int[] ring : new int[][] {{4, 64}, {16, 4096}, {1 << 13, 1 << 23}}) {
                List<String> offloaded = new ArrayList<>();   // filled by the worker, read after finish()
                java.util.Map<Integer, String> opened = new java.util.HashMap<>();
                HttpOffload off = new HttpOffload(all, null, new HttpOffload.ExchangeSink() {
                    @Override public void opened(int stream, String client, String server) { opened.put(stream, client + " " + server); }
                    @Override public void exchange(int stream, boolean selected, io.tcplens.http.HttpTransaction t) {
                        assertThat(opened).containsKey(stream);
                        offloaded.add(describe(stream, selected, t));
                    }
                    @Override public void ended(int stream, boolean selected) { offloaded.add("ended " + stream + " " + selected); }
                    @Override public void dropped(int stream) { }
                }, verdict, ring[0], ring[1]);
                try {
                    run(capture, off.opens(), off.segments(), new LifecycleTracker(c -> off.ended(c.stream())), off.closes());
                } finally {
                    off.finish();
                }
                assertThat(offloaded).as("%s with a ring of %d slots, %d bytes", capture.getFileName(), ring[0], ring[1])
                        .containsExactlyElementsOf(inLine);
            }
            for (String e : inLine) {
                if (e.startsWith("ended")) continue;
                exchanges++;
                if (e.contains(" false #")) unselected++;
            }
        }
        assertThat(exchanges).isGreaterThan(40);
        assertThat(unselected).isPositive().isLessThan(exchanges);
    }

    private static String describe(int stream, boolean selected, io.tcplens.http.HttpTransaction t) {
        return stream + " " + selected + " #" + t.index() + " " + t.method() + " " + t.uri() + " " + t.statusCode()
                + " " + t.requestFirstFrame() + " " + t.responseFirstFrame() + " " + t.requestBodyBytes() + " " + t.responseBodyBytes();
    }

    @Test
    void aFailingSinkStopsTheRunWithItsException() throws Exception {
        Path capture = TestPaths.captures().resolve("http-curl-variety.pcap");
        HttpOffload off = new HttpOffload(HttpConnectionAnalyzer.Settings.FACTS_ONLY, (s, h) -> {
            throw new IllegalStateException("sink broke");
        }, 4, 64);
        assertThatThrownBy(() -> {
            try {
                run(capture, off.segments(), new LifecycleTracker(off::summary), off.closes());
            } finally {
                off.finish();
            }
        }).hasMessageContaining("sink broke");
    }

    private static List<ConnectionSummary> inLine(Path capture) throws Exception {
        List<ConnectionSummary> out = new ArrayList<>();
        HttpTracker http = new HttpTracker(HttpConnectionAnalyzer.Settings.FACTS_ONLY);
        run(capture, http, new LifecycleTracker(out::add).withHttp(http));
        return out;
    }

    private static List<ConnectionSummary> offloaded(Path capture, int slots, int bytes) throws Exception {
        List<ConnectionSummary> out = new ArrayList<>();   // filled by the worker, read after finish()
        HttpOffload off = new HttpOffload(HttpConnectionAnalyzer.Settings.FACTS_ONLY,
                (s, h) -> out.add(h == null ? s : s.withHttp(h)), slots, bytes);
        try {
            run(capture, off.segments(), new LifecycleTracker(off::summary), off.closes());
        } finally {
            off.finish();
        }
        return out;
    }

    private static void run(Path capture, TcpListener... listeners) throws Exception {
        io.tcplens.testing.TestCaptures.analyze(capture, listeners);
    }
}
