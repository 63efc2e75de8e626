package io.tcplens.render.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcplens.testing.TestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests of the terminal ladder. Regenerate with
 * {@code ./mvnw -q -B -o verify -pl tcplens-render -am -Dtcplens.updateGoldens=true} and review the diff.
 */
class LadderRendererTest {
    static final boolean UPDATE = Boolean.getBoolean("tcplens.updateGoldens");

    static Path goldens() { return TestPaths.testdata().resolve("golden/ladder"); }

    static void golden(String name, String actual) throws IOException {
        Path f = goldens().resolve(name);
        if (UPDATE || !Files.exists(f)) {
            Files.createDirectories(f.getParent());
            Files.writeString(f, actual, StandardCharsets.UTF_8);
            if (!UPDATE) throw new AssertionError("golden " + f + " was missing; written, review and rerun");
            return;
        }
        assertThat(actual).as("golden %s", name).isEqualTo(Files.readString(f, StandardCharsets.UTF_8));
    }

    @TestFactory
    List<DynamicTest> goldens100() {
        List<DynamicTest> tests = new ArrayList<>();
        LadderSamples.all().forEach((name, c) -> {
            for (boolean u : new boolean[] {false, true}) {
                for (boolean fold : new boolean[] {true, false}) {
                    String file = name + "." + (u ? "unicode" : "ascii") + "." + (fold ? "folded" : "unfolded") + ".txt";
                    tests.add(DynamicTest.dynamicTest(file, () ->
                            golden(file, LadderRenderer.renderText(c, new LadderStyle(100, u, fold)))));
                }
            }
        });
        return tests;
    }

    @Test
    void narrowTerminalGolden() throws IOException {
        golden("http.unicode.w60.txt", LadderRenderer.renderText(LadderSamples.http(), LadderStyle.unicode(60)));
        golden("retransmissions.ascii.w72.txt", LadderRenderer.renderText(LadderSamples.retransmissions(), LadderStyle.ascii(72)));
    }

    @Test
    void neverWiderThanTheTerminal() {
        for (var c : LadderSamples.all().values()) {
            for (int w : new int[] {60, 61, 80, 100, 137, 200}) {
                for (boolean u : new boolean[] {false, true}) {
                    for (boolean fold : new boolean[] {false, true}) {
                        String text = LadderRenderer.renderText(c, new LadderStyle(w, u, fold));
                        for (String line : text.split("\n")) {
                            assertThat(line.codePointCount(0, line.length())).as("%s w=%d: %s", c.clientLabel(), w, line)
                                    .isLessThanOrEqualTo(w);
                            if (!u) assertThat(line.chars().allMatch(ch -> ch < 128)).as(line).isTrue();
                        }
                    }
                }
            }
        }
    }

    @Test
    void foldsTheBulkRunAndTheKeepAlivesIntoOneRowEach() {
        String bulk = LadderRenderer.renderText(LadderSamples.bulk(), LadderStyle.ascii(120));
        assertThat(bulk).contains("x 1000 data segments server->client, seq 1:1448001, 500 ACKs back");
        assertThat(bulk.lines().count()).isLessThan(25);
        String ka = LadderRenderer.renderText(LadderSamples.keepAlive(), LadderStyle.unicode(120));
        assertThat(ka).contains("× 5 keep-alive probe/ACK pairs (client probes), 1.0 s apart");
        String unfolded = LadderRenderer.renderText(LadderSamples.keepAlive(), LadderStyle.unicode(120).unfolded());
        assertThat(unfolded).contains("[keep-alive]").contains("[keep-alive ACK]").doesNotContain("×");
    }

    @Test
    void unansweredServerProbesAndShortRunsAreLabelledHonestly() {
        var v = new LadderSamples.Conv(1000, 1000);
        v.c("S", 0).st("SYN_SENT", "SYN_RECEIVED").after(10).s("S.", 0).st("ESTABLISHED", "SYN_RECEIVED")
                .after(10).c(".", 0).st("ESTABLISHED", "ESTABLISHED");
        for (int k = 0; k < 4; k++) {
            v.after(75_000_000).raw(false, ".", v.sNext() - 1, v.cNext(), 0, 1000, "keep_alive");
            if (k == 0) v.after(100).raw(true, ".", v.cNext(), v.sNext(), 0, 1000, "keep_alive_ack");
        }
        v.after(75_000_000).s("R", 0).st("CLOSED", "CLOSED");
        String t = LadderRenderer.renderText(v.build(9, "a:1", "b:2"), LadderStyle.unicode(120));
        assertThat(t).contains("× 4 keep-alive probes from server, 1 answered, 1 min 15 s apart").contains("R seq 1");
        // Two data segments are not a run.
        var w = new LadderSamples.Conv(1000, 1000);
        w.c("S", 0).st("SYN_SENT", "SYN_RECEIVED").after(10).s("S.", 0).after(10).c(".", 0).st("ESTABLISHED", "ESTABLISHED");
        w.after(10).c("P.", 10).after(10).c("P.", 10);
        assertThat(LadderRenderer.renderText(w.build(1, "a:1", "b:2"), LadderStyle.ascii(100))).doesNotContain("x ").contains("P. seq 11:21");
    }

    @Test
    void statesAreWrittenWhereTheyChange() {
        String t = LadderRenderer.renderText(LadderSamples.http(), LadderStyle.ascii(100));
        for (String s : List.of("SYN_SENT", "SYN_RECEIVED", "FIN_WAIT_1", "CLOSE_WAIT", "FIN_WAIT_2", "TIME_WAIT", "LAST_ACK", "CLOSED")) {
            assertThat(t).contains(s);
        }
        assertThat(t.split("ESTABLISHED", -1).length - 1).as("ESTABLISHED written once per side").isEqualTo(2);
    }

    @Test
    void emptyAndSinglePacketConnections() {
        var empty = new LadderConnection("a:1", "b:2", List.of());
        assertThat(LadderRenderer.renderText(empty, LadderStyle.unicode(80))).contains("0 packets");
        var one = new LadderConnection("a:1", "b:2", List.of(new LadderPacket(7, 5, true, "S", 0, 0, false, 0, 1, 1024,
                List.of(), "SYN_SENT", "UNKNOWN")));
        assertThat(LadderRenderer.renderText(one, LadderStyle.ascii(80))).contains("S seq 0 win 1024").contains("UNKNOWN");
    }
}
