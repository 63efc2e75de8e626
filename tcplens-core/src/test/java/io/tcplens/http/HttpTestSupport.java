package io.tcplens.http;

import io.tcplens.reassembly.TestConnections;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@link HttpConnectionAnalyzer} over every connection of a capture (test helper). */
final class HttpTestSupport {
    private HttpTestSupport() {}

    record Analyzed(TestConnections.Conn conn, HttpConnectionAnalyzer http) {}

    static List<Analyzed> analyze(Path capture) throws Exception {
        List<Analyzed> out = new ArrayList<>();
        for (TestConnections.Conn c : TestConnections.read(capture)) {
            HttpConnectionAnalyzer a = new HttpConnectionAnalyzer();
            for (TestConnections.Seg s : c.segs) {
                if (s.declared() < 0) continue;
                a.segment(c.fromClient(s), s.micros(), s.frame(), s.flags(), s.seq(), s.ack(), s.payload(), 0,
                        s.payload().length, s.declared());
            }
            a.end();
            out.add(new Analyzed(c, a));
        }
        return out;
    }

    /** One line per transaction: "GET /x -> 200 (req body, resp body)". */
    static List<String> lines(HttpConnectionAnalyzer a) {
        List<String> out = new ArrayList<>();
        for (HttpTransaction t : a.transactions()) {
            out.add(t.method() + " " + t.uri() + " -> " + t.statusCode() + " (" + t.requestBodyBytes() + ", "
                    + t.responseBodyBytes() + ")");
        }
        return out;
    }
}
