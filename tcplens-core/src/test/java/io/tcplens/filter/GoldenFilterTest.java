package io.tcplens.filter;

import io.tcplens.capture.CaptureException;
import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the filter against tcpdump's selections recorded by scripts/golden-filter.sh in
 * testdata/filter/golden/ (runs without tcpdump). One dynamic test per capture; each checks every
 * recorded expression, with the bytecode-compiled filter and with the evaluator tree.
 */
class GoldenFilterTest {

    @TestFactory
    List<DynamicTest> goldenSelections() throws IOException {
        Path dir = TestPaths.testdata().resolve("filter/golden");
        List<DynamicTest> tests = new ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path golden : s.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                String capture = golden.getFileName().toString().replaceAll("\\.tsv$", "");
                tests.add(DynamicTest.dynamicTest(capture, () -> check(golden, TestPaths.captures().resolve(capture))));
            }
        }
        assertFalse(tests.isEmpty(), "no golden files in " + dir);
        return tests;
    }

    private static void check(Path golden, Path capture) throws Exception {
        List<Frame> frames = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(capture.toString())) {
            Frame f = new Frame();
            while (r.next(f)) frames.add(f.copy());
        } catch (CaptureException e) {
            // as libpcap: frames before the problem count
        }
        assertFalse(frames.isEmpty(), capture + " has no frames");
        int linkType = frames.get(0).linkType();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String line : Files.readAllLines(golden)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int tab = line.indexOf('\t');
            String expr = line.substring(0, tab);
            String want = line.substring(tab + 1);
            for (boolean tree : new boolean[] {false, true}) {
                String got = run(expr, linkType, frames, tree);
                boolean ok;
                if (want.startsWith("error: ")) {
                    ok = got.startsWith("error: ") || (want.contains("rejects all packets") && got.isEmpty());
                } else {
                    ok = got.equals(want);
                }
                if (!ok) failures.add(expr + (tree ? " [tree]" : "") + ": tcpdump " + want + ", tcplens " + got);
            }
            checked++;
        }
        assertTrue(checked > 0, "no expressions in " + golden);
        assertEquals(List.of(), failures, capture.getFileName() + ": " + failures.size() + " of " + checked
                + " expressions disagree");
    }

    static String run(String expr, int linkType, List<Frame> frames, boolean tree) {
        String old = System.getProperty("tcplens.filter.tree");
        System.setProperty("tcplens.filter.tree", Boolean.toString(tree));
        try {
            PacketFilter f = FilterCompiler.compile(expr, linkType, java.nio.ByteOrder.LITTLE_ENDIAN);
            TreeSet<Long> sel = new TreeSet<>();
            for (Frame fr : frames) if (f.matches(fr)) sel.add(fr.number());
            StringBuilder sb = new StringBuilder();
            for (long n : sel) sb.append(sb.isEmpty() ? "" : ",").append(n);
            return sb.toString();
        } catch (FilterException e) {
            return "error: " + e.getMessage();
        } finally {
            if (old == null) System.clearProperty("tcplens.filter.tree");
            else System.setProperty("tcplens.filter.tree", old);
        }
    }
}
