package io.tcplens.cli.dump;

import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares {@code tcplens dump} with tcpdump 4.99.3 output recorded by
 * {@code scripts/golden-dump.sh} under testdata/golden/dump (no tcpdump needed here).
 */
class DumpGoldenTest {

    static Path golden() { return TestPaths.testdata().resolve("golden").resolve("dump"); }

    @TestFactory
    Stream<DynamicTest> everyCaptureMatchesItsGoldenOutput() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path cap : TestPaths.capturesUnder(TestPaths.captures())) {
            for (String[] set : DumpRuns.OPTION_SETS) {
                Path g = golden().resolve(cap.getFileName() + "." + set[0] + ".txt");
                if (!Files.exists(g)) continue;
                tests.add(DynamicTest.dynamicTest(cap.getFileName() + " " + set[1], () -> {
                    String expected = Files.readString(g, StandardCharsets.ISO_8859_1);
                    DumpRuns.Result r = DumpRuns.tcplens(DumpRuns.args(set[1], cap));
                    assertThat(r.out()).isEqualTo(expected);
                }));
            }
        }
        assertThat(tests).as("golden files present").hasSizeGreaterThan(50);
        return tests.stream();
    }

    @Test
    void countStopsAfterNPackets() throws IOException {
        Path cap = TestPaths.captures().resolve("http-xml.pcap");
        String expected = Files.readString(golden().resolve("http-xml.pcap.tt.txt"), StandardCharsets.ISO_8859_1);
        List<String> args = new ArrayList<>(DumpRuns.args("-n -tt -c 1", cap));
        DumpRuns.Result r = DumpRuns.tcplens(args);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(expected.substring(0, expected.indexOf('\n') + 1));
    }

    @Test
    void readsStandardInput() throws IOException {
        Path cap = TestPaths.captures().resolve("mpls-in-vlan.pcap");
        String expected = Files.readString(golden().resolve("mpls-in-vlan.pcap.e-tt.txt"), StandardCharsets.ISO_8859_1);
        DumpRuns.Result r = DumpRuns.tcplens(List.of("-n", "-e", "-tt", "-r", "-"), Files.readAllBytes(cap));
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(expected);
    }

    @Test
    void countAndStdinTogetherMatchTcpdumpWhenInstalled() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestPaths.onPath("tcpdump"), "tcpdump not installed");
        Path cap = TestPaths.captures().resolve("pppoe-over-qinq.pcap");
        TestPaths.Run td = TestPaths.run(List.of("sh", "-c", "tcpdump -n -tt -c 7 -r - < '" + cap + "'"),
                java.util.Map.of("TZ", "UTC"), 60);
        DumpRuns.Result r = DumpRuns.tcplens(List.of("-n", "-tt", "-c", "7", "-r", "-"), Files.readAllBytes(cap));
        assertThat(r.out()).isEqualTo(new String(td.stdout(), StandardCharsets.ISO_8859_1));
    }
}
