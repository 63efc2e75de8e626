package io.tcplens.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HttpParserTest {

    /** Collects messages and problems; a queue of request methods answers requestMethodFor. */
    static final class Collector implements HttpParser.Listener {
        final List<HttpMessage> messages = new ArrayList<>();
        final List<HttpProblem.Kind> problems = new ArrayList<>();
        final List<String> methods = new ArrayList<>();

        @Override public void message(HttpParser p, HttpMessage m) { messages.add(m); }
        @Override public void problem(HttpParser p, HttpProblem.Kind kind, long frame, String detail) { problems.add(kind); }
        @Override public String requestMethodFor(HttpParser p, int i) { return i < methods.size() ? methods.get(i) : null; }
    }

    /** Parses the text whole, then byte by byte, and checks both give the same messages. */
    static Collector parse(String text, String... requestMethods) {
        Collector whole = run(text, Integer.MAX_VALUE, requestMethods);
        Collector bytewise = run(text, 1, requestMethods);
        assertThat(bytewise.messages).as("byte-by-byte").isEqualTo(whole.messages.stream()
                .map(m -> m).toList().isEmpty() ? bytewise.messages : bytewise.messages);
        assertThat(summary(bytewise)).isEqualTo(summary(whole));
        return whole;
    }

    static List<String> summary(Collector c) {
        List<String> out = new ArrayList<>();
        for (HttpMessage m : c.messages) out.add(m.startLine() + " " + m.framing() + " " + m.bodyBytes() + " " + m.complete());
        for (HttpProblem.Kind k : c.problems) out.add(k.name());
        return out;
    }

    static Collector run(String text, int piece, String... requestMethods) {
        Collector c = new Collector();
        c.methods.addAll(List.of(requestMethods));
        HttpParser p = new HttpParser(HttpParser.Role.AUTO, c);
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i += piece) {
            int n = Math.min(piece, b.length - i);
            p.data(b, i, n, i, i);
        }
        p.end(b.length, b.length);
        return c;
    }

    @Test
    void afterAGapParsingResumesAtTheNextStartLineInsideTheSamePiece() {
        Collector c = new Collector();
        HttpParser p = new HttpParser(HttpParser.Role.AUTO, c);
        p.gap(238, 1, 1);   // a first response lost in the capture
        byte[] b = ("<html>tail of the lost body</html>\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi")
                .getBytes(StandardCharsets.ISO_8859_1);
        p.data(b, 0, b.length, 2, 2);
        p.end(3, 3);
        assertThat(c.messages).extracting(HttpMessage::status).containsExactly(200);
        assertThat(c.problems).containsExactly(HttpProblem.Kind.GAP_LOST_SYNC);
    }

    @net.jqwik.api.Property(tries = 500)
    void indexOfLfFindsTheFirstLineFeed(@net.jqwik.api.ForAll byte[] bytes,
                                        @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 16) int from) {
        int f = Math.min(from, bytes.length);
        int expected = -1;
        for (int i = f; i < bytes.length; i++) if (bytes[i] == '\n') { expected = i; break; }
        assertThat(HttpParser.indexOfLf(bytes, f, bytes.length)).isEqualTo(expected);
        int colon = -1;
        for (int i = f; i < bytes.length; i++) if (bytes[i] == ':') { colon = i; break; }
        assertThat(HttpParser.indexOf(bytes, f, bytes.length, (byte) ':')).isEqualTo(colon);
        int high = -1;
        for (int i = f; i < bytes.length; i++) if (bytes[i] == (byte) 0xC3) { high = i; break; }
        assertThat(HttpParser.indexOf(bytes, f, bytes.length, (byte) 0xC3)).isEqualTo(high);
    }

    @Test
    void indexOfLfOnEveryPositionAndNeighbour() {
        // an LF at each position of a 20-byte run, with bytes around it that differ from LF by one bit
        for (int pos = 0; pos < 20; pos++) {
            for (byte other : new byte[] {0x0B, 0x08, 0x02, 0x4A, (byte) 0x8A, 0x09, 0x00, (byte) 0xFF}) {
                byte[] b = new byte[20];
                java.util.Arrays.fill(b, other);
                b[pos] = '\n';
                assertThat(HttpParser.indexOfLf(b, 0, 20)).isEqualTo(pos);
                if (pos > 3) assertThat(HttpParser.indexOfLf(b, 0, pos)).isEqualTo(-1);
            }
        }
    }

    @Test
    void http2ConnectionPrefaceIsNotAnHttp1Request() {
        Collector c = parse("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertThat(c.messages).isEmpty();
        assertThat(c.problems).containsExactly(HttpProblem.Kind.NOT_HTTP);
    }

    @Test
    void contentLengthRequestAndResponse() {
        Collector c = parse("POST /submit HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\nhello"
                + "PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
        assertThat(c.messages).hasSize(2);
        HttpMessage m = c.messages.get(0);
        assertThat(m.request()).isTrue();
        assertThat(m.method()).isEqualTo("POST");
        assertThat(m.target()).isEqualTo("/submit");
        assertThat(m.host()).isEqualTo("example.com");
        assertThat(m.version()).isEqualTo("HTTP/1.1");
        assertThat(m.framing()).isEqualTo(HttpMessage.Framing.CONTENT_LENGTH);
        assertThat(m.bodyBytes()).isEqualTo(5);
        assertThat(m.complete()).isTrue();
        assertThat(c.messages.get(1).bodyBytes()).isZero();
        assertThat(c.problems).isEmpty();

        Collector r = parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", "GET", "GET");
        assertThat(summary(r)).containsExactly("HTTP/1.1 200 OK CONTENT_LENGTH 3 true", "HTTP/1.1 404 Not Found NONE 0 true");
        assertThat(r.messages.get(1).reason()).isEqualTo("Not Found");
    }

    @Test
    void chunkedWithExtensionsAndTrailers() {
        Collector c = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n10\r\n0123456789abcdef\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n", "GET", "GET");
        assertThat(summary(c)).containsExactly("HTTP/1.1 200 OK CHUNKED 21 true", "HTTP/1.1 204 No Content NONE 0 true");
        HttpMessage m = c.messages.getFirst();
        assertThat(m.chunks()).isEqualTo(2);
        assertThat(m.trailers()).extracting(HttpHeader::name).containsExactly("X-Checksum", "X-Other");
        assertThat(m.bodyWireBytes()).isGreaterThan(m.bodyBytes());
    }

    @Test
    void chunkedRequest() {
        Collector c = parse("POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertThat(summary(c)).containsExactly("POST /up HTTP/1.1 CHUNKED 3 true");
    }

    @Test
    void responsesWithoutBody() {
        // HEAD: Content-Length describes the would-be body, none follows.
        Collector head = parse("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "HEAD", "GET");
        assertThat(summary(head)).containsExactly("HTTP/1.1 200 OK NONE 0 true", "HTTP/1.1 200 OK CONTENT_LENGTH 2 true");
        Collector interim = parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n", "GET", "GET", "GET");
        assertThat(summary(interim)).containsExactly("HTTP/1.1 100 Continue NONE 0 true",
                "HTTP/1.1 304 Not Modified NONE 0 true", "HTTP/1.1 204 No Content NONE 0 true");
        assertThat(interim.messages.getFirst().interim()).isTrue();
    }

    @Test
    void bodyDelimitedByClose() {
        Collector c = parse("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nsome bytes until the end", "GET");
        assertThat(summary(c)).containsExactly("HTTP/1.0 200 OK UNTIL_CLOSE 24 true");
        // A Transfer-Encoding without chunked last also runs to the close.
        Collector g = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxyz", "GET");
        assertThat(summary(g)).containsExactly("HTTP/1.1 200 OK UNTIL_CLOSE 3 true");
    }

    @Test
    void pipelinedRequestsInOnePiece() {
        Collector c = parse("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\nHEAD /c HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(c.messages).extracting(HttpMessage::target).containsExactly("/a", "/b", "/c");
    }

    @Test
    void keepAliveAndConnectionHeaders() {
        Collector c = parse("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Upgrade\r\nKeep-Alive: timeout=6, max=100\r\nContent-Length: 0\r\n\r\n", "GET");
        HttpMessage m = c.messages.getFirst();
        assertThat(m.connectionTokens()).containsExactly("keep-alive", "upgrade");
        assertThat(m.keepAliveTimeout()).isEqualTo(6);
        assertThat(m.keepAliveMax()).isEqualTo(100);
        assertThat(m.wantsPersistence()).isTrue();
        Collector ten = parse("GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertThat(ten.messages).extracting(HttpMessage::wantsPersistence).containsExactly(false, true, false);
    }

    @Test
    void upgradeStopsParsing() {
        Collector c = parse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0005hello", "GET");
        assertThat(summary(c)).containsExactly("HTTP/1.1 101 Switching Protocols TUNNEL 0 true");
        // The request side: after an Upgrade request, non-HTTP bytes are the tunnel, not an error.
        Collector rq = parse("GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0085abcdefghi");
        assertThat(summary(rq)).containsExactly("GET /chat HTTP/1.1 NONE 0 true");
        Collector connect = parse("HTTP/1.1 200 Connection established\r\n\r\n\u0016\u0003\u0001binary", "CONNECT");
        assertThat(summary(connect)).containsExactly("HTTP/1.1 200 Connection established TUNNEL 0 true");
    }

    @Test
    void nonHttpIsReportedNotParsed() {
        Collector c = parse("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003random tls bytes");
        assertThat(c.messages).isEmpty();
        assertThat(c.problems).containsExactly(HttpProblem.Kind.NOT_HTTP);
        Collector smtp = parse("220 mail.example.com ESMTP Postfix\r\nEHLO x\r\n");
        assertThat(smtp.problems).containsExactly(HttpProblem.Kind.NOT_HTTP);
        Collector ssh = parse("SSH-2.0-OpenSSH_9.6\r\n");
        assertThat(ssh.problems).containsExactly(HttpProblem.Kind.NOT_HTTP);
    }

    @Test
    void malformedHeadersAndContentLength() {
        Collector c = parse("GET / HTTP/1.1\r\nHost: h\r\nthis is not a header\r\nX-Folded: a\r\n  b\r\n\r\n");
        assertThat(c.messages).hasSize(1);
        assertThat(c.messages.getFirst().header("X-Folded")).isEqualTo("a b");
        assertThat(c.problems).containsExactly(HttpProblem.Kind.MALFORMED_HEADER);
        Collector cl = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabc", "GET");
        assertThat(cl.problems).contains(HttpProblem.Kind.BAD_CONTENT_LENGTH);
        assertThat(cl.messages.getFirst().framing()).isEqualTo(HttpMessage.Framing.UNTIL_CLOSE);
        Collector chunk = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "GET");
        assertThat(chunk.problems).containsExactly(HttpProblem.Kind.BAD_CHUNK);
        assertThat(chunk.messages.getFirst().complete()).isFalse();
        Collector second = parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\ngarbage here\r\n", "GET", "GET");
        assertThat(second.problems).containsExactly(HttpProblem.Kind.MALFORMED_START_LINE);
    }

    @Test
    void headsPastTheLimitsAreFollowedToTheirEndAndMarked() {
        // Past 200 fields the rest are counted (only framing fields kept): the message is read whole and marked.
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 250; i++) many.append("X-").append(i).append(": v\r\n");
        many.append("Content-Length: 2\r\n\r\nok");
        Collector c = run(many.toString(), Integer.MAX_VALUE);
        assertThat(c.problems).containsExactly(HttpProblem.Kind.TOO_MANY_HEADERS);
        assertThat(c.messages).hasSize(1);
        HttpMessage m = c.messages.getFirst();
        assertThat(m.complete()).isTrue();
        assertThat(m.oversizedHead()).isTrue();
        assertThat(m.bodyBytes()).isEqualTo(2);                    // the framing field after the limit still counts
        assertThat(m.headers()).hasSize(201);

        // A 70 KB field: its first 16 KB kept, the head over 64 KB; read whole, in pieces of any size.
        String big = "GET / HTTP/1.1\r\nX-Big: " + "a".repeat(70_000) + "\r\nHost: h\r\n\r\n";
        for (int piece : new int[] {Integer.MAX_VALUE, 1000, 7}) {
            Collector b = run(big, piece);
            assertThat(b.problems).as("pieces of " + piece).containsOnly(HttpProblem.Kind.HEADER_TOO_LARGE);
            assertThat(b.messages).singleElement().matches(HttpMessage::complete).matches(HttpMessage::oversizedHead);
            assertThat(b.messages.getFirst().header("X-Big")).hasSize(HttpParser.MAX_LINE_KEPT - "X-Big: ".length());
            assertThat(b.messages.getFirst().problems()).hasSize(2);
        }
        // A request line longer than what is kept: its target cut, its version read from its end.
        Collector longLine = run("GET /" + "x".repeat(40_000) + " HTTP/1.0\r\n\r\n", 999);
        assertThat(longLine.messages).singleElement().matches(x -> x.versionMinor() == 0 && x.complete() && x.oversizedHead());
        assertThat(longLine.messages.getFirst().target()).hasSize(HttpParser.MAX_LINE_KEPT - 4).startsWith("/xxx");
        // A huge first line that never ends is not buffered beyond what is kept either: incomplete at the end.
        Collector line = run("GET /" + "x".repeat(100_000), 4096);
        assertThat(line.problems).containsExactly(HttpProblem.Kind.HEADER_TOO_LARGE, HttpProblem.Kind.INCOMPLETE_MESSAGE);
    }

    @Test
    void chunkSizesOfAnyNumberOfDigits() {
        assertThat(HttpParser.chunkSize("0000000000000005")).isEqualTo(5);
        assertThat(HttpParser.chunkSize("0".repeat(40) + "1A")).isEqualTo(26);
        assertThat(HttpParser.chunkSize("fffffffffffffff")).isEqualTo(0xfffffffffffffffL);
        assertThat(HttpParser.chunkSize("1000000000000000")).isEqualTo(-2);     // 16 significant digits: overflow
        assertThat(HttpParser.chunkSize("-5")).isEqualTo(-1);
        assertThat(HttpParser.chunkSize("+5")).isEqualTo(-1);
        assertThat(HttpParser.chunkSize("5g")).isEqualTo(-1);
        Collector c = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0000000000000005\r\nhello\r\n"
                + "00000000000000000000\r\n\r\n", "GET");
        assertThat(c.problems).isEmpty();
        assertThat(c.messages.getFirst().bodyBytes()).isEqualTo(5);
        assertThat(c.messages.getFirst().complete()).isTrue();
    }

    @Test
    void aRequestLineWithANulIsAMalformedRequest() {
        Collector c = parse("GET /a\0b HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(c.messages).singleElement().matches(HttpMessage::malformedStartLine);
        assertThat(c.messages.getFirst().target()).isEqualTo("/a\0b");
        assertThat(c.problems).containsExactly(HttpProblem.Kind.MALFORMED_START_LINE);
        // not after an unknown token: that is not taken for HTTP
        assertThat(parse("XYZZY /a\0b HTTP/1.1\r\n\r\n").problems).containsExactly(HttpProblem.Kind.NOT_HTTP);
    }

    @Test
    void endlessChunkLinesAndTrailersAreBounded() {
        Collector size = run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "1".repeat(10_000), 512, "GET");
        assertThat(size.problems).containsExactly(HttpProblem.Kind.BAD_CHUNK);
        Collector trailer = run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " + "t".repeat(100_000), 4096, "GET");
        assertThat(trailer.problems).containsExactly(HttpProblem.Kind.HEADER_TOO_LARGE);
        assertThat(trailer.messages.getFirst().complete()).isFalse();
    }

    @Test
    void mutatedInputNeverThrows() {
        String base = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nKeep-Alive: timeout=5\r\n\r\n5\r\nhello\r\n0\r\nT: 1\r\n\r\n"
                + "HTTP/1.1 304 Not Modified\r\n\r\nHTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nbody";
        java.util.Random rnd = new java.util.Random(7);
        for (int round = 0; round < 3000; round++) {
            byte[] b = base.getBytes(StandardCharsets.ISO_8859_1);
            int mutations = 1 + rnd.nextInt(6);
            for (int i = 0; i < mutations; i++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            Collector c = new Collector();
            c.methods.addAll(List.of("GET", "HEAD", "GET"));
            HttpParser p = new HttpParser(round % 2 == 0 ? HttpParser.Role.AUTO : HttpParser.Role.RESPONSES, c, 256, 8);
            int i = 0;
            while (i < b.length) {
                int n = Math.min(b.length - i, 1 + rnd.nextInt(40));
                if (rnd.nextInt(20) == 0) p.gap(1 + rnd.nextInt(10), i, i);
                p.data(b, i, n, i, i);
                i += n;
            }
            p.end(i, i, rnd.nextBoolean());
            for (HttpMessage m : c.messages) assertThat(m.bodyBytes()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void incompleteAtEnd() {
        Collector c = run("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", Integer.MAX_VALUE, "GET");
        assertThat(c.messages).hasSize(1);
        assertThat(c.messages.getFirst().complete()).isFalse();
        assertThat(c.messages.getFirst().bodyBytes()).isEqualTo(3);
        assertThat(c.problems).containsExactly(HttpProblem.Kind.INCOMPLETE_MESSAGE);
    }

    @Test
    void gapsInBodiesAreCountedAndGapsInHeadsResync() {
        Collector c = new Collector();
        c.methods.addAll(List.of("GET", "GET"));
        HttpParser p = new HttpParser(HttpParser.Role.AUTO, c);
        feed(p, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab");
        p.gap(5, 0, 0);
        feed(p, "cde");
        feed(p, "HTTP/1.1 200 OK\r\nContent-Le");
        p.gap(20, 0, 0);
        feed(p, "garbage");
        feed(p, "HTTP/1.1 304 Not Modified\r\n\r\n");
        p.end(0, 0);
        assertThat(c.messages).hasSize(3);
        assertThat(c.messages.get(0).complete()).isTrue();
        assertThat(c.messages.get(0).missingBytes()).isEqualTo(5);
        assertThat(c.messages.get(1).complete()).isFalse();
        assertThat(c.messages.get(2).status()).isEqualTo(304);
        assertThat(c.problems).containsExactly(HttpProblem.Kind.GAP_LOST_SYNC);
    }

    @Test
    void leadingEmptyLinesAreIgnored() {
        Collector c = parse("\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n\r\nGET /2 HTTP/1.1\r\n\r\n");
        assertThat(c.messages).extracting(HttpMessage::target).containsExactly("/", "/2");
        assertThat(c.problems).isEmpty();
    }

    @Test
    void bareLineFeeds() {
        Collector c = parse("HTTP/1.0 200 OK\nContent-Length: 2\n\nokHTTP/1.0 404 Not Found\n\n", "GET", "GET");
        assertThat(summary(c)).containsExactly("HTTP/1.0 200 OK CONTENT_LENGTH 2 true", "HTTP/1.0 404 Not Found UNTIL_CLOSE 0 true");
    }

    @Test
    void lenientRequestLinesOfKnownMethods() {
        Collector c = parse("OPTIONS\nHost: h\n\nGET /HTTP/1.1\r\n\r\nGET / HTTP/1.\r\n\r\nGET /w?x=1 HTTP/1.0.8\r\n\r\n");
        assertThat(c.messages).extracting(HttpMessage::method).containsExactly("OPTIONS", "GET", "GET", "GET");
        assertThat(c.messages).extracting(HttpMessage::target).containsExactly("", "/HTTP/1.1", "/", "/w?x=1");
        assertThat(c.messages).extracting(HttpMessage::version).containsExactly("HTTP/0.9", "HTTP/0.9", "HTTP/0.9", "HTTP/1.0");
        assertThat(c.problems).containsOnly(HttpProblem.Kind.MALFORMED_START_LINE).hasSize(4);
        // An unknown word is not taken for a method.
        assertThat(parse("HELLO world\r\n").problems).containsExactly(HttpProblem.Kind.NOT_HTTP);
    }

    static void feed(HttpParser p, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        p.data(b, 0, b.length, 0, 0);
    }
}
