package io.tcplens.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The analyzer fed synthetic segments: roles, pairing, timing, persistence verdicts, robustness. */
class HttpConnectionAnalyzerTest {
    static final int C = 100_000, S = 900_000; // initial sequence numbers
    static final int SYN = 2, ACK = 16, PSH = 8, FIN = 1, RST = 4;

    /** A tiny connection script: tracks both sides' next sequence numbers. */
    static final class Conn {
        final HttpConnectionAnalyzer a = new HttpConnectionAnalyzer();
        int cseq = C + 1, sseq = S + 1;
        long frame;

        Conn open() {
            a.segment(true, 0, ++frame, SYN, C, 0, new byte[0], 0, 0, 0);
            a.segment(false, 100, ++frame, SYN | ACK, S, C + 1, new byte[0], 0, 0, 0);
            a.segment(true, 200, ++frame, ACK, C + 1, S + 1, new byte[0], 0, 0, 0);
            return this;
        }

        Conn client(long micros, String data) {
            byte[] b = data.getBytes(StandardCharsets.ISO_8859_1);
            a.segment(true, micros, ++frame, PSH | ACK, cseq, sseq, b, 0, b.length, b.length);
            cseq += b.length;
            return this;
        }

        Conn server(long micros, String data) {
            byte[] b = data.getBytes(StandardCharsets.ISO_8859_1);
            a.segment(false, micros, ++frame, PSH | ACK, sseq, cseq, b, 0, b.length, b.length);
            sseq += b.length;
            return this;
        }

        Conn close(boolean fromClient, int flag, long micros) {
            if (fromClient) a.segment(true, micros, ++frame, flag | ACK, cseq, sseq, new byte[0], 0, 0, 0);
            else a.segment(false, micros, ++frame, flag | ACK, sseq, cseq, new byte[0], 0, 0, 0);
            return this;
        }
    }

    static final String GET = "GET /json HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8\r\n\r\n";
    static final String OK_KEEPALIVE = "HTTP/1.1 200 OK\r\nKeep-Alive: timeout=6, max=100\r\nContent-Length: 2\r\n\r\n{}";

    @Test
    void everyExchangeReachesTheTransactionSinkInOrderEvenUnansweredBeyondThePipeliningBound() {
        Conn c = new Conn().open();
        List<HttpTransaction> seen = new java.util.ArrayList<>();
        c.a.onTransaction(seen::add);
        c.client(1_000, GET).server(2_000, OK_KEEPALIVE);
        int unanswered = HttpConnectionAnalyzer.MAX_PENDING + 5;   // a one-sided rest of the capture
        for (int i = 0; i < unanswered; i++) c.client(3_000 + i, "GET /" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
        c.a.end();
        assertThat(seen).hasSize(1 + unanswered);
        assertThat(seen.getFirst().statusCode()).isEqualTo(200);
        for (int i = 0; i < seen.size(); i++) assertThat(seen.get(i).index()).isEqualTo(i);
        for (int i = 0; i < unanswered; i++) {
            assertThat(seen.get(1 + i).uri()).isEqualTo("/" + i);
            assertThat(seen.get(1 + i).response()).isNull();
        }
    }

    @Test
    void serverIdleCloseAfterAdvertisedTimeout() {
        Conn c = new Conn().open()
                .client(1_000_000, GET)
                .server(1_030_000, OK_KEEPALIVE)
                .close(false, FIN, 7_030_000)
                .close(true, FIN, 7_031_000);
        c.a.end();
        HttpTransaction t = c.a.transactions().getFirst();
        assertThat(t.method()).isEqualTo("GET");
        assertThat(t.uri()).isEqualTo("/json");
        assertThat(t.host()).isEqualTo("example.com");
        assertThat(t.statusCode()).isEqualTo(200);
        assertThat(t.reason()).isEqualTo("OK");
        assertThat(t.timeToFirstByteMicros()).isEqualTo(30_000);
        assertThat(t.totalMicros()).isEqualTo(30_000);
        assertThat(t.requestFirstFrame()).isEqualTo(4);
        assertThat(t.responseFirstFrame()).isEqualTo(5);
        HttpPersistence p = c.a.persistence();
        assertThat(p.persistent()).isTrue();
        assertThat(p.closer()).isEqualTo(HttpPersistence.Side.SERVER);
        assertThat(p.closeKind()).isEqualTo(HttpPersistence.CloseKind.FIN);
        assertThat(p.closeFrame()).isEqualTo(6);
        assertThat(p.idleBeforeCloseMicros()).isEqualTo(6_000_000);
        assertThat(p.advertisedTimeoutSeconds()).isEqualTo(6);
        assertThat(p.idleCloseMatchesAdvertisedTimeout()).isTrue();
        assertThat(p.describe()).isEqualTo("1 request, persistent. server closed (FIN) 6.0 s after the last response; "
                + "it advertised Keep-Alive: timeout=6.");
    }

    @Test
    void clientResetsAndNoCloseInCapture() {
        Conn c = new Conn().open().client(1_000, GET).server(2_000, OK_KEEPALIVE).close(true, RST, 3_000);
        c.a.end();
        assertThat(c.a.persistence().closer()).isEqualTo(HttpPersistence.Side.CLIENT);
        assertThat(c.a.persistence().closeKind()).isEqualTo(HttpPersistence.CloseKind.RST);

        Conn open = new Conn().open().client(1_000, GET).server(2_000, OK_KEEPALIVE);
        open.a.segment(true, 9_000, 99, ACK, open.cseq, open.sseq, new byte[0], 0, 0, 0);
        open.a.end();
        HttpPersistence p = open.a.persistence();
        assertThat(p.closer()).isEqualTo(HttpPersistence.Side.NONE);
        assertThat(p.idleAtEndMicros()).isEqualTo(7_000);
        assertThat(p.describe()).contains("No close in the capture; idle 0.0 s");
    }

    @Test
    void serverSaysCloseAndClientSendsAnotherRequestAnyway() {
        Conn c = new Conn().open()
                .client(1_000, GET)
                .server(2_000, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                .client(3_000, GET)
                .close(false, FIN, 4_000);
        c.a.end();
        HttpPersistence p = c.a.persistence();
        assertThat(p.serverSaidClose()).isTrue();
        assertThat(p.clientHonouredClose()).isFalse();
        assertThat(p.serverHonouredClose()).isTrue();
        assertThat(c.a.transactions()).hasSize(2);
        assertThat(c.a.transactions().get(1).response()).isNull();
    }

    @Test
    void outOfOrderAndRetransmittedResponseSegmentsAreReassembled() {
        Conn c = new Conn().open().client(1_000, GET);
        String resp = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789";
        byte[] b = resp.getBytes(StandardCharsets.ISO_8859_1);
        int half = 20;
        // second half first, then the first half twice
        c.a.segment(false, 2_000, 10, ACK, c.sseq + half, c.cseq, b, half, b.length - half, b.length - half);
        c.a.segment(false, 2_100, 11, ACK, c.sseq, c.cseq, b, 0, half, half);
        c.a.segment(false, 2_200, 12, ACK, c.sseq, c.cseq, b, 0, half, half);
        c.a.end();
        HttpTransaction t = c.a.transactions().getFirst();
        assertThat(t.statusCode()).isEqualTo(200);
        assertThat(t.responseBodyBytes()).isEqualTo(10);
        assertThat(t.response().complete()).isTrue();
        assertThat(t.responseFirstFrame()).isEqualTo(11);
        assertThat(t.responseLastFrame()).isEqualTo(10);
        assertThat(c.a.reassembler(false).retransmittedBytes()).isEqualTo(half);
    }

    @Test
    void rolesFollowTheDataWhenTheGuessWasWrong() {
        // Mid-stream capture: the caller guessed the roles the wrong way round.
        HttpConnectionAnalyzer a = new HttpConnectionAnalyzer();
        byte[] rq = GET.getBytes(StandardCharsets.ISO_8859_1);
        byte[] rs = OK_KEEPALIVE.getBytes(StandardCharsets.ISO_8859_1);
        a.segment(false, 1, 1, PSH | ACK, 5000, 7000, rq, 0, rq.length, rq.length);
        a.segment(true, 2, 2, PSH | ACK, 7000, 5000 + rq.length, rs, 0, rs.length, rs.length);
        a.segment(true, 3, 3, FIN | ACK, 7000 + rs.length, 5000 + rq.length, new byte[0], 0, 0, 0);
        a.end();
        assertThat(a.transactions()).hasSize(1);
        assertThat(a.transactions().getFirst().statusCode()).isEqualTo(200);
        assertThat(a.persistence().closer()).isEqualTo(HttpPersistence.Side.SERVER);
    }

    @Test
    void nonHttpConnectionIsReportedNotParsed() {
        Conn c = new Conn().open().client(1_000, "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003")
                .server(2_000, "\u0016\u0003\u0003\u0000\u0031\u0002");
        c.a.end();
        assertThat(c.a.isHttp()).isFalse();
        assertThat(c.a.transactions()).isEmpty();
        assertThat(c.a.problems()).extracting(HttpProblem::kind).contains(HttpProblem.Kind.NOT_HTTP);
    }

    @Test
    void connectionOverTheBufferingCapIsFlagged() {
        HttpConnectionAnalyzer a = new HttpConnectionAnalyzer(new HttpConnectionAnalyzer.Settings(64, 65536, 200));
        a.segment(true, 0, 1, SYN, C, 0, new byte[0], 0, 0, 0);
        byte[] junk = new byte[50];
        for (int i = 0; i < 5; i++) {
            a.segment(true, i, 2 + i, ACK, C + 1 + 100 + 100 * i, S, junk, 0, junk.length, junk.length); // all out of order
        }
        a.end();
        assertThat(a.overCap()).isTrue();
        assertThat(a.reassembler(true).maxBufferedSeen()).isLessThanOrEqualTo(64);
    }

    @Test
    void upgradeToWebSocketStopsHttpParsing() {
        Conn c = new Conn().open()
                .client(1_000, "GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
                .server(2_000, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
                .client(3_000, "\u0081\u0085binary frame")
                .server(4_000, "\u0081\u0002hi");
        c.a.end();
        assertThat(c.a.transactions()).hasSize(1);
        assertThat(c.a.transactions().getFirst().statusCode()).isEqualTo(101);
        assertThat(c.a.persistence().upgraded()).isTrue();
        assertThat(c.a.problems()).isEmpty();
    }

    @Test
    void interimResponsesAttachToTheirTransaction() {
        Conn c = new Conn().open()
                .client(1_000, "POST /up HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
                .server(2_000, "HTTP/1.1 100 Continue\r\n\r\n")
                .client(3_000, "abc")
                .server(4_000, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        c.a.end();
        HttpTransaction t = c.a.transactions().getFirst();
        assertThat(t.interim()).extracting(HttpMessage::status).containsExactly(100);
        assertThat(t.statusCode()).isEqualTo(201);
        assertThat(t.requestBodyBytes()).isEqualTo(3);
        assertThat(t.timeToFirstByteMicros()).isEqualTo(1_000); // the 100 Continue came before the body ended
    }
}
