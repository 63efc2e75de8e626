package io.tcplens.http;

import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Transactions and persistence facts from the loopback captures made with real clients and servers. */
class HttpCaptureTest {

    static List<HttpTestSupport.Analyzed> analyze(String name) throws Exception {
        return HttpTestSupport.analyze(TestPaths.captures().resolve(name));
    }

    @Test
    void keepAliveConnectionClosedByTheServerAfterItsIdleTimeout() throws Exception {
        var all = analyze("http-keepalive-timeout.pcap");
        assertThat(all).hasSize(1);
        HttpConnectionAnalyzer a = all.getFirst().http();
        assertThat(HttpTestSupport.lines(a)).containsExactly("GET /json -> 200 (0, 18)", "GET /chunked -> 200 (0, 19)");
        HttpTransaction chunked = a.transactions().get(1);
        assertThat(chunked.response().framing()).isEqualTo(HttpMessage.Framing.CHUNKED);
        assertThat(chunked.response().chunks()).isEqualTo(3);
        assertThat(chunked.response().trailers()).extracting(HttpHeader::name).containsExactly("X-Sum");
        assertThat(chunked.host()).isEqualTo("127.0.0.1:18081");
        assertThat(chunked.requestFirstFrame()).isEqualTo(10);
        assertThat(chunked.responseFirstFrame()).isEqualTo(11);
        assertThat(chunked.responseLastFrame()).isEqualTo(19);
        assertThat(chunked.timeToFirstByteMicros()).isBetween(0L, 100_000L);
        assertThat(chunked.totalMicros()).isGreaterThanOrEqualTo(chunked.timeToFirstByteMicros());

        HttpPersistence p = a.persistence();
        assertThat(p.persistent()).isTrue();
        assertThat(p.requests()).isEqualTo(2);
        assertThat(p.closer()).isEqualTo(HttpPersistence.Side.SERVER);
        assertThat(p.closeKind()).isEqualTo(HttpPersistence.CloseKind.FIN);
        assertThat(p.advertisedTimeoutSeconds()).isEqualTo(2);
        assertThat(p.advertisedMax()).isEqualTo(100);
        assertThat(p.idleBeforeCloseMicros()).isBetween(1_900_000L, 2_500_000L);
        assertThat(p.idleCloseMatchesAdvertisedTimeout()).isTrue();
        assertThat(p.serverHonouredClose()).isNull();
        assertThat(p.describe()).contains("server closed (FIN) 2.0 s after the last response; it advertised Keep-Alive: timeout=2");
        assertThat(a.problems()).isEmpty();
    }

    @Test
    void curlVariety() throws Exception {
        var all = analyze("http-curl-variety.pcap");
        assertThat(all).hasSize(5);
        // Connection: close from curl: one request, not persistent, the server honoured it.
        HttpPersistence close = all.get(0).http().persistence();
        assertThat(close.clientSaidClose()).isTrue();
        assertThat(close.persistent()).isFalse();
        assertThat(close.serverHonouredClose()).isTrue();
        // HEAD: a Content-Length but no body.
        HttpTransaction head = all.get(1).http().transactions().getFirst();
        assertThat(head.method()).isEqualTo("HEAD");
        assertThat(head.response().contentLength()).isPositive();
        assertThat(head.responseBodyBytes()).isZero();
        assertThat(all.get(1).http().persistence().persistent()).isTrue();
        // 204 and 304 on one connection, the client closes.
        assertThat(HttpTestSupport.lines(all.get(2).http())).containsExactly("GET /204 -> 204 (0, 0)", "GET /304 -> 304 (0, 0)");
        HttpPersistence reused = all.get(2).http().persistence();
        assertThat(reused.requests()).isEqualTo(2);
        assertThat(reused.closer()).isEqualTo(HttpPersistence.Side.CLIENT);
        // POST with a body.
        assertThat(HttpTestSupport.lines(all.get(3).http())).containsExactly("POST /post -> 200 (3000, 15)");
        // HTTP/1.0 request without keep-alive: the server closes.
        HttpPersistence ten = all.get(4).http().persistence();
        assertThat(all.get(4).http().requests().getFirst().version()).isEqualTo("HTTP/1.0");
        assertThat(ten.persistent()).isFalse();
        assertThat(ten.closeExpected()).isTrue();
        assertThat(ten.closer()).isEqualTo(HttpPersistence.Side.SERVER);
        assertThat(ten.serverHonouredClose()).isTrue();
        for (var x : all) assertThat(x.http().problems()).isEmpty();
    }

    @Test
    void pipelinedRequestsArePairedInOrder() throws Exception {
        HttpConnectionAnalyzer a = analyze("http-pipelining.pcap").getFirst().http();
        assertThat(HttpTestSupport.lines(a)).containsExactly("GET /p1 -> 200 (0, 16)", "GET /p2 -> 200 (0, 16)", "GET /p3 -> 200 (0, 16)");
        // All three requests came in one segment.
        assertThat(a.transactions()).extracting(HttpTransaction::requestFirstFrame).containsOnly(4L);
        assertThat(a.transactions()).extracting(HttpTransaction::responseFirstFrame).isSorted();
        HttpPersistence p = a.persistence();
        assertThat(p.requests()).isEqualTo(3);
        assertThat(p.clientSaidClose()).isTrue();
        assertThat(p.serverHonouredClose()).isTrue();
        assertThat(p.closer()).isEqualTo(HttpPersistence.Side.SERVER);
    }

    @Test
    void serverIgnoringConnectionCloseIsCaught() throws Exception {
        HttpPersistence p = analyze("http-close-ignored.pcap").getFirst().http().persistence();
        assertThat(p.clientSaidClose()).isTrue();
        assertThat(p.serverHonouredClose()).isFalse();
        assertThat(p.closer()).isEqualTo(HttpPersistence.Side.SERVER);
        assertThat(p.idleBeforeCloseMicros()).isGreaterThan(1_500_000L);
        assertThat(p.describe()).contains("did not honour");
    }

    @Test
    void http10ServerCloses() throws Exception {
        HttpConnectionAnalyzer a = analyze("http-10-server-close.pcap").getFirst().http();
        assertThat(a.responses().getFirst().version()).isEqualTo("HTTP/1.0");
        HttpPersistence p = a.persistence();
        assertThat(p.persistent()).isFalse();
        assertThat(p.closeExpected()).isTrue();
        assertThat(p.closeKind()).isEqualTo(HttpPersistence.CloseKind.FIN);
        assertThat(p.closer()).isNotEqualTo(HttpPersistence.Side.NONE);
    }
}
