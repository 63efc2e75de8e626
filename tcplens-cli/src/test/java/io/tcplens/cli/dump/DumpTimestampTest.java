package io.tcplens.cli.dump;

import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Out-of-range pcap sub-second fields (issue 17 item 7) in every -t variant, with and without
 * --nano, against tcpdump 4.99.3's output recorded by {@code scripts/golden-dump-generated.sh}
 * under testdata/golden/dump-timestamps (tcpdump prints "1418145370.1000000" for 10^6 µs; tcplens
 * printed "1418145371.000000").
 */
class DumpTimestampTest {
    static final List<String[]> SETS = List.of(
            new String[] {"t0", "-n"}, new String[] {"t", "-n -t"}, new String[] {"tt", "-n -tt"},
            new String[] {"ttt", "-n -ttt"}, new String[] {"tttt", "-n -tttt"}, new String[] {"ttttt", "-n -ttttt"},
            new String[] {"t0-nano", "-n --nano"}, new String[] {"tt-nano", "-n -tt --nano"},
            new String[] {"ttt-nano", "-n -ttt --nano"}, new String[] {"tttt-nano", "-n -tttt --nano"},
            new String[] {"ttttt-nano", "-n -ttttt --nano"});

    static Path golden() { return TestPaths.testdata().resolve("golden").resolve("dump-timestamps"); }

    static Path captures() throws Exception {
        Path dir = Path.of("target", "timestamp-captures");
        TimestampCaptures.writeAll(dir);
        return dir;
    }

    @TestFactory
    Stream<DynamicTest> outOfRangeFractionsPrintAsTcpdump() throws Exception {
        Path dir = captures();
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : TimestampCaptures.all().keySet()) {
            for (String[] set : SETS) {
                tests.add(DynamicTest.dynamicTest(name + " " + set[1], () -> {
                    Path g = golden().resolve(name + "." + set[0] + ".txt");
                    assertThat(g).as("golden file (scripts/golden-dump-generated.sh)").exists();
                    DumpRuns.Result r = DumpRuns.tcplens(DumpRuns.args(set[1], dir.resolve(name)));
                    assertThat(r.exit()).isZero();
                    assertThat(r.out()).isEqualTo(Files.readString(g, StandardCharsets.ISO_8859_1));
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void tenToTheSixMicrosecondsIsNotCarried() throws Exception {
        String out = DumpRuns.tcplens(DumpRuns.args("-n -tt", captures().resolve("ts-usec-overflow.pcap"))).out();
        assertThat(out.lines().skip(1).findFirst().orElseThrow()).startsWith("1418145370.1000000 IP ");
    }

    /** Read as one of several files, the raw field still reaches the printer (the merge dropped it). */
    @Test
    void tenToTheSixMicrosecondsIsNotCarriedAcrossFiles() throws Exception {
        Path file = captures().resolve("ts-usec-overflow.pcap");
        Path headerOnly = file.resolveSibling("header-only.pcap");
        Files.write(headerOnly, java.util.Arrays.copyOf(Files.readAllBytes(file), 24));
        List<String> args = new ArrayList<>(DumpRuns.args("-n -tt", file));
        args.add("-r");
        args.add(headerOnly.toString());
        DumpRuns.Result r = DumpRuns.tcplens(args);
        assertThat(r.exit()).isZero();
        List<String> merged = r.out().lines().filter(l -> l.contains(" IP ")).toList();
        assertThat(merged).anySatisfy(l -> assertThat(l).startsWith("1418145370.1000000 IP "))
                .isEqualTo(DumpRuns.tcplens(DumpRuns.args("-n -tt", file)).out().lines().filter(l -> l.contains(" IP ")).toList());
    }

    @Test
    void liveTcpdumpAgrees() throws Exception {
        DumpRuns.assertLiveTcpdumpAgrees(captures(), TimestampCaptures.all().keySet(), SETS);
    }
}
