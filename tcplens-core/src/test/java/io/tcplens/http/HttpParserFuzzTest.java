package io.tcplens.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcplens.testing.FuzzSeeds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP parser on its own. An input is one direction of a stream, cut into segments at
 * {@link #MARKER} (Zeek's packet fuzzer cuts its inputs the same way); a segment that starts with
 * {@code GAP} stands for missing bytes (a capture loss). The first byte picks the parser's role and
 * limits. Messages come out whole or partial, with sane counts; nothing throws.
 */
class HttpParserFuzzTest {
    static final byte[] MARKER = "\u0001PKT".getBytes(StandardCharsets.ISO_8859_1);

    @BeforeAll
    static void seeds() {
        if (!FuzzSeeds.fuzzing()) return;
        Map<String, byte[]> seeds = FuzzSeeds.byName();
        String[] samples = {
                "GET / HTTP/1.1\r\nHost: a\r\n\r\n\u0001PKTGET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel\u0001PKTlo",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n\u0001PKT0\r\nX-T: 1\r\n\r\n",
                "HTTP/1.0 200 OK\r\n\r\nbody until close\u0001PKTGAP\u0001PKTmore",
                "POST /u HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n\u0001PKT0123456789",
                "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n\u0001PKT\u0016\u0003\u0001binary",
                "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nab\u0001PKTGAP\u0001PKT\r\n0\r\n\r\n",
        };
        for (int i = 0; i < samples.length; i++) {
            for (int role = 0; role < 3; role++) {
                byte[] s = samples[i].getBytes(StandardCharsets.ISO_8859_1);
                byte[] b = new byte[s.length + 1];
                b[0] = (byte) role;
                System.arraycopy(s, 0, b, 1, s.length);
                seeds.put("sample-" + i + "-" + role, b);
            }
        }
        FuzzSeeds.export(HttpParserFuzzTest.class, "parser", seeds);
    }

    @FuzzTest(maxDuration = "10m")
    void parser(byte[] data) {
        parse(data);
    }

    @Test
    void theSplitFormatReachesTheParser() {
        byte[] s = "\u0000GET / HTTP/1.1\r\nHost: a\r\n\r\n\u0001PKTGET /b HTTP/1.1\r\nHo\u0001PKTst: a\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        List<HttpMessage> m = parse(s);
        assertThat(m).extracting(HttpMessage::target).containsExactly("/", "/b");
        assertThat(m).allMatch(HttpMessage::complete);
    }

    static List<HttpMessage> parse(byte[] data) {
        if (data.length == 0) return List.of();
        int ctl = data[0] & 0xFF;
        HttpParser.Role role = HttpParser.Role.values()[ctl % 3];
        List<HttpMessage> messages = new ArrayList<>();
        HttpParser.Listener l = new HttpParser.Listener() {
            @Override public void message(HttpParser p, HttpMessage m) { messages.add(m); }
            @Override public String requestMethodFor(HttpParser p, int i) {
                return switch (i % 4) { case 0 -> "GET"; case 1 -> "HEAD"; case 2 -> "CONNECT"; default -> null; };
            }
        };
        // Small limits some of the time, so the limits themselves are exercised.
        HttpParser p = (ctl & 4) != 0 ? new HttpParser(role, l, 256, 8, (ctl & 8) != 0) : new HttpParser(role, l);
        long frame = 1;
        int start = 1;
        while (start <= data.length) {
            int cut = indexOf(data, MARKER, start);
            int end = cut < 0 ? data.length : cut;
            int len = end - start;
            if (len >= 3 && data[start] == 'G' && data[start + 1] == 'A' && data[start + 2] == 'P') {
                // A gap is what the reassembler reports: never negative, and within TCP's 32-bit
                // sequence space (two 2^62 gaps overflowed the parser's unparsed-byte count).
                long missing = len > 3 ? ((data[start + 3] & 0xFFL) << (8 * ((len - 4) & 3))) & 0xFFFF_FFFFL : 100;
                p.gap(missing, frame, frame * 1000);
            } else {
                p.data(data, start, len, frame, frame * 1000);
            }
            if ((ctl & 16) != 0 && frame == 2) p.switchToTunnel();
            frame++;
            if (cut < 0) break;
            start = cut + MARKER.length;
        }
        p.end(frame, frame * 1000, (ctl & 32) == 0);
        for (HttpMessage m : messages) {
            assertThat(m.headBytes()).isNotNegative();
            assertThat(m.bodyBytes()).isNotNegative();
            assertThat(m.missingBytes()).isNotNegative();
            assertThat(m.chunks()).isNotNegative();
            assertThat(m.headers()).isNotNull();
            assertThat(m.framing()).isNotNull();
            if (m.request()) assertThat(m.method()).isNotNull();
            m.startLine();
            m.contentLength();
            m.keepAliveTimeout();
            m.keepAliveMax();
            m.wantsPersistence();
            m.connectionTokens();
        }
        assertThat(p.requests()).isNotNegative();
        assertThat(p.responses()).isNotNegative();
        assertThat(p.unparsedBytes()).isNotNegative();
        return messages;
    }

    static int indexOf(byte[] b, byte[] m, int from) {
        outer:
        for (int i = from; i <= b.length - m.length; i++) {
            for (int j = 0; j < m.length; j++) if (b[i + j] != m[j]) continue outer;
            return i;
        }
        return -1;
    }
}
