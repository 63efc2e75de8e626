package io.tcplens.http;

import io.tcplens.reassembly.TestConnections;
import io.tcplens.testing.GeneratedCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelining deeper than the requests kept (issue 17, item 1), with the bounds made small: the
 * first requests are kept whole, the next in summary, the rest only counted; every response is
 * still paired with its request by order. (Before: past 1,000 the oldest request went out
 * unanswered and every response after it was paired with the request after its own.)
 */
class HttpPipeliningDepthTest {

    static List<HttpTransaction> run(Path dir, int requests, int whole, int waiting) throws Exception {
        GeneratedCapture g = new GeneratedCapture().open();
        StringBuilder rq = new StringBuilder(), rs = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            rq.append(i % 3 == 1 ? "HEAD" : "GET").append(" /p").append(i).append(" HTTP/1.1\r\nHost: h\r\nX-Extra: ").append(i)
                    .append("\r\n\r\n");
            // a HEAD's response declares a length but has no body: framing depends on the request paired
            rs.append("HTTP/1.1 200 for /p").append(i).append("\r\nContent-Length: 3\r\n\r\n").append(i % 3 == 1 ? "" : "abc");
        }
        Path f = g.client(rq.toString()).server(rs.toString()).close().write(dir.resolve("p.pcap"));
        List<HttpTransaction> out = new ArrayList<>();
        for (TestConnections.Conn c : TestConnections.read(f)) {
            HttpConnectionAnalyzer a = new HttpConnectionAnalyzer(new HttpConnectionAnalyzer.Settings(1 << 20, 65536, 200, 0, true));
            a.pendingBounds(whole, waiting);
            a.onTransaction(out::add);
            for (TestConnections.Seg s : c.segs) {
                a.segment(c.fromClient(s), s.micros(), s.frame(), s.flags(), s.seq(), s.ack(), s.payload(), 0, s.payload().length, s.declared());
            }
            a.end();
            assertThat(a.requestsSummarised()).isEqualTo(Math.max(0, Math.min(requests, waiting) - whole));
            assertThat(a.requestsNotKept()).isEqualTo(Math.max(0, requests - waiting));
        }
        return out;
    }

    @Test
    void responsesPairByOrderWholeInSummaryAndCounted(@TempDir Path dir) throws Exception {
        List<HttpTransaction> t = run(dir, 12, 4, 7);   // 4 runs not kept: HEAD, GET GET, HEAD, GET
        assertThat(t).hasSize(12);
        for (int i = 0; i < 12; i++) {
            HttpTransaction x = t.get(i);
            assertThat(x.response().reason()).as("exchange " + i).isEqualTo("for /p" + i);
            assertThat(x.response().complete()).isTrue();
            assertThat(x.response().bodyBytes()).as("exchange " + i).isEqualTo(i % 3 == 1 ? 0 : 3);
            if (i < 7) {
                assertThat(x.uri()).isEqualTo("/p" + i);
                assertThat(x.host()).isEqualTo("h");
                assertThat(x.requestNotKept()).isFalse();
                // in summary: no fields but Host and those framing depends on
                assertThat(x.request().header("X-Extra")).isEqualTo(i < 4 ? Integer.toString(i) : null);
            } else {
                assertThat(x.request()).isNull();
                assertThat(x.requestNotKept()).isTrue();
            }
        }
    }

    @Test
    void withinTheBoundsNothingIsSummarised(@TempDir Path dir) throws Exception {
        List<HttpTransaction> t = run(dir, 5, 10, 20);
        assertThat(t).extracting(HttpTransaction::uri).containsExactly("/p0", "/p1", "/p2", "/p3", "/p4");
    }
}
