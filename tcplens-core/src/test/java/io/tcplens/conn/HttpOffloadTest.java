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
