package io.tcplens.cli.analyze;

import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tcplens analyze} against tshark 4.0.17's output recorded by scripts/golden-analyze.sh
 * under testdata/golden/analyze: every TCP frame of every bundled capture must agree on every
 * column. Runs without tshark.
 */
class AnalyzeGoldenTest {

    /**
     * Captures with TCP frames the decoder does not reach yet (tshark reassembles IP fragments and
     * decodes more encapsulations). For these, frames only tshark has are tolerated; every frame
     * both have must still agree. Remove an entry when the decoder learns the encapsulation.
     */
    static final Map<String, String> KNOWN_DECODER_GAPS = Map.of();

    @TestFactory
    List<DynamicTest> everyBundledCaptureMatchesTshark() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        Path golden = TestPaths.testdata().resolve("golden/analyze");
        for (Path cap : TestPaths.capturesUnder(TestPaths.captures())) {
            Path g = golden.resolve(cap.getFileName() + ".tshark.tsv");
            tests.add(DynamicTest.dynamicTest(cap.getFileName().toString(), () -> {
                // Every bundled capture needs its tshark golden: record it with scripts/golden-analyze.sh.
                assertThat(g).as("golden file for %s: run scripts/golden-analyze.sh (needs tshark)", cap.getFileName()).exists();
                Map<Long, String[]> tshark = TsharkComparison.parseTshark(Files.readString(g));
                Map<Long, String[]> ours = TsharkComparison.parseOurs(TsharkComparison.runOurs(cap));
                String name = cap.getFileName().toString();
                if (KNOWN_DECODER_GAPS.containsKey(name)) tshark.keySet().retainAll(ours.keySet());
                TsharkComparison.Tally t = new TsharkComparison.Tally();
                t.compare(name, tshark, ours);
                assertThat(t.mismatches).as(t.report()).isEmpty();
                assertThat(t.frames).isEqualTo(tshark.size());
            }));
        }
        try (var files = Files.list(golden)) {
            assertThat(files.count()).as("golden files").isGreaterThanOrEqualTo(14);
        }
        return tests;
    }

    @Test
    void filterSelectsRowsButKeepsWholeCaptureNumbering() throws Exception {
        Path cap = TestPaths.captures().resolve("analyze-rst-reuse.pcap");
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        int rc = io.tcplens.cli.AnalyzeCommand.run(cap.toString(), List.of("port", "40003"), bos);
        assertThat(rc).isZero();
        String[] lines = bos.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[1]).startsWith("14\t3\t0\t0\t0\t1\t");
        assertThat(lines[3]).contains("lost_segment,reused_ports");
        java.io.ByteArrayOutputStream bad = new java.io.ByteArrayOutputStream();
        assertThat(io.tcplens.cli.AnalyzeCommand.run(cap.toString(), List.of("port", "and"), bad)).isEqualTo(1);
    }

    @Test
    void outputHasHeaderStatesAndUtf8Flags() throws Exception {
        Path cap = TestPaths.captures().resolve("analyze-handshake-close.pcap");
        String out = TsharkComparison.runOurs(cap);
        String[] lines = out.split("\n");
        assertThat(lines[0]).isEqualTo("frame\tstream\tseq\tack\tlen\tnxtseq\tflags\tanalysis\tclient_state\tserver_state");
        assertThat(lines).hasSize(12);
        assertThat(lines[1]).isEqualTo("1\t0\t0\t0\t0\t1\t··········S·\t-\tSYN_SENT\tSYN_RCVD");
        assertThat(lines[8]).isEqualTo("8\t0\t101\t201\t0\t102\t·······A···F\t-\tFIN_WAIT_1\tCLOSE_WAIT");
        assertThat(lines[11]).isEqualTo("11\t0\t102\t202\t0\t102\t·······A····\t-\tTIME_WAIT\tCLOSED");
    }
}
