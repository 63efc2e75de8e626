package io.tcplens.capture;

import io.tcplens.decode.Packet;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every capture in ../shared/corpus, malformed ones included, is read to its end (or to a
 * clearly reported error) without any other exception, and every frame decodes without one.
 * Where the file reads cleanly, the frame count matches the manifest (tshark's count).
 */
class CorpusReadThroughTest {

    @Test
    void everyCorpusCaptureIsReadWithoutAnUnexpectedException() throws Exception {
        Assumptions.assumeTrue(TestPaths.hasCorpus(), "no ../shared/corpus here");
        Path corpus = TestPaths.corpus();
        Map<String, Long> expected = new HashMap<>();
        for (String line : Files.readAllLines(corpus.resolve("MANIFEST.tsv")).subList(1, Files.readAllLines(corpus.resolve("MANIFEST.tsv")).size())) {
            String[] c = line.split("\t");
            if (c.length > 6 && !c[6].isEmpty()) expected.put(c[0], Long.parseLong(c[6]));
        }
        List<String> countMismatches = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int files = 0;
        Frame frame = new Frame();
        Packet packet = new Packet();
        for (Path f : TestPaths.capturesUnder(corpus)) {
            files++;
            String rel = corpus.relativize(f).toString();
            long n = 0;
            try (CaptureReader r = CaptureReader.open(f.toString())) {
                while (r.next(frame)) {
                    packet.decode(frame);
                    if (packet.hasTcp() && packet.tcpFixedHeaderComplete()) {
                        packet.tcpPayloadCaptured();
                        packet.optionWindowScale();
                        packet.sackBlockCount();
                    }
                    n++;
                }
                Long want = expected.get(rel);
                if (want != null && want != n) countMismatches.add(rel + ": read " + n + ", manifest says " + want);
            } catch (CaptureException e) {
                assertThat(e.getMessage()).contains(f.toString());
                errors.add(rel + " after " + n + " frames: " + e.problem());
            }
        }
        System.out.println("[corpus] " + files + " captures read; " + errors.size() + " stopped at a reported error");
        errors.forEach(e -> System.out.println("[corpus]   " + e));
        countMismatches.forEach(e -> System.out.println("[corpus] count mismatch: " + e));
        assertThat(files).isGreaterThan(300);
        assertThat(countMismatches).isEmpty();
    }
}
