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
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deep nesting (issue 13): 1,000 VXLAN levels, 1,000 VLAN tags, 1,000 IP-in-IP, 100 levels of
 * GRE, IPv6-in-IPv6, Geneve and a mix, and the mix cut at many capture lengths. The output must
 * be tcpdump's, every level of it, recorded by {@code scripts/golden-dump-generated.sh} under
 * testdata/golden/dump-nesting. Printing runs on a thread with a small stack so that a printer
 * that recursed once per level would overflow it (it did: StackOverflowError at 1,000 VXLAN
 * levels on the default stack).
 */
class DumpNestingTest {
    static final List<String[]> SETS = List.of(
            new String[] {"n", "-n"}, new String[] {"n-v", "-n -v"}, new String[] {"n-e", "-n -e"});

    static Path golden() { return TestPaths.testdata().resolve("golden").resolve("dump-nesting"); }

    static Path captures() throws Exception {
        Path dir = Path.of("target", "nesting-captures");
        NestedCaptures.writeAll(dir);
        return dir;
    }

    /** Runs dump on a thread with a 512 KiB stack. */
    static DumpRuns.Result dumpOnSmallStack(List<String> args) throws Exception {
        AtomicReference<DumpRuns.Result> r = new AtomicReference<>();
        AtomicReference<Throwable> err = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try { r.set(DumpRuns.tcplens(args)); } catch (Throwable e) { err.set(e); }
        }, "small-stack", 512 * 1024);
        t.start();
        t.join();
        if (err.get() != null) throw new AssertionError("dump failed", err.get());
        return r.get();
    }

    @TestFactory
    Stream<DynamicTest> nestedCapturesPrintAsTcpdump() throws Exception {
        Path dir = captures();
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : NestedCaptures.all().keySet()) {
            for (String[] set : SETS) {
                tests.add(DynamicTest.dynamicTest(name + " " + set[1], () -> {
                    Path g = golden().resolve(name + "." + set[0] + ".txt");
                    assertThat(g).as("golden file (scripts/golden-dump-generated.sh)").exists();
                    String expected = Files.readString(g, StandardCharsets.ISO_8859_1);
                    DumpRuns.Result res = dumpOnSmallStack(DumpRuns.args(set[1], dir.resolve(name)));
                    assertThat(res.err()).isEmpty();
                    assertThat(res.exit()).isZero();
                    assertThat(res.out()).isEqualTo(expected);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void goldensHoldEveryLevel() throws Exception {
        // 1,000 VXLAN levels are 1,001 lines (one per VXLAN header, then the SYN).
        String vx = Files.readString(golden().resolve("vxlan-1000.pcap.n.txt"), StandardCharsets.ISO_8859_1);
        assertThat(vx.lines().count()).isEqualTo(1001);
        assertThat(vx.lines().filter(l -> l.contains("VXLAN")).count()).isEqualTo(1000);
    }

    @Test
    void liveTcpdumpAgrees() throws Exception {
        DumpRuns.assertLiveTcpdumpAgrees(captures(), NestedCaptures.all().keySet(), SETS);
    }
}
