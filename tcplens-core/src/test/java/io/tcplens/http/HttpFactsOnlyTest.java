package io.tcplens.http;

import io.tcplens.reassembly.TestConnections;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code conns} follows HTTP with {@link HttpConnectionAnalyzer.Settings#FACTS_ONLY} (no
 * transactions kept, only the header fields that decide framing and persistence). Its counts,
 * persistence facts and problems must be exactly those of the full analysis, on every connection
 * of the project's captures and of the shared corpus. The same holds when every segment arrives
 * cut in two, which makes the parser gather lines split across pieces.
 */
class HttpFactsOnlyTest {

    @Test
    void factsOnlyAgreesWithTheFullAnalysisOnEveryConnection() throws Exception {
        List<Path> captures = new ArrayList<>(TestPaths.capturesUnder(TestPaths.captures()));
        if (TestPaths.hasCorpus()) captures.addAll(TestPaths.capturesUnder(TestPaths.corpus()));
        int httpConnections = 0, compared = 0;
        List<String> differences = new ArrayList<>();
        for (Path capture : captures) {
            List<TestConnections.Conn> conns;
            try {
                conns = TestConnections.read(capture);
            } catch (Exception unreadable) {
                continue;   // broken captures are other tests' business
            }
            for (TestConnections.Conn c : conns) {
                HttpConnectionAnalyzer full = run(c, HttpConnectionAnalyzer.Settings.DEFAULTS, false);
                HttpConnectionAnalyzer lean = run(c, HttpConnectionAnalyzer.Settings.FACTS_ONLY, false);
                HttpConnectionAnalyzer cut = run(c, HttpConnectionAnalyzer.Settings.DEFAULTS, true);
                compared++;
                if (full.isHttp()) httpConnections++;
                String where = capture.getFileName() + " connection " + c.index;
                if (full.isHttp() != lean.isHttp()) differences.add(where + ": isHttp");
                if (!full.persistence().equals(lean.persistence())) {
                    differences.add(where + ": persistence " + full.persistence() + " vs " + lean.persistence());
                }
                if (!full.problems().equals(lean.problems())) {
                    differences.add(where + ": problems " + full.problems() + " vs " + lean.problems());
                }
                if (full.overCap() != lean.overCap()) differences.add(where + ": overCap");
                if (!lean.transactions().isEmpty()) differences.add(where + ": facts-only kept transactions");
                if (!HttpTestSupport.lines(full).equals(HttpTestSupport.lines(cut))
                        || !full.persistence().equals(cut.persistence())) {
                    differences.add(where + ": cut segments " + HttpTestSupport.lines(full) + " vs " + HttpTestSupport.lines(cut));
                }
            }
        }
        assertThat(httpConnections).as("connections carrying HTTP among %d", compared).isGreaterThan(10);
        assertThat(differences).isEmpty();
    }

    /** Feeds one connection; with {@code cut}, each payload arrives as two segments (a third, then the rest). */
    private static HttpConnectionAnalyzer run(TestConnections.Conn c, HttpConnectionAnalyzer.Settings settings, boolean cut) {
        HttpConnectionAnalyzer a = new HttpConnectionAnalyzer(settings);
        for (TestConnections.Seg s : c.segs) {
            if (s.declared() < 0) continue;
            byte[] p = s.payload();
            int k = p.length / 3;
            if (cut && k > 0 && s.declared() == p.length) {
                // The first piece carries no FIN (a FIN ends the stream after the last byte).
                a.segment(c.fromClient(s), s.micros(), s.frame(), s.flags() & ~0x01, s.seq(), s.ack(), p, 0, k, k);
                a.segment(c.fromClient(s), s.micros(), s.frame(), s.flags(), s.seq() + k, s.ack(), p, k,
                        p.length - k, p.length - k);
            } else {
                a.segment(c.fromClient(s), s.micros(), s.frame(), s.flags(), s.seq(), s.ack(), p, 0, p.length, s.declared());
            }
        }
        a.end();
        return a;
    }
}
