package io.tcplens.cli.conns;

import io.tcplens.cli.CliRun;
import io.tcplens.cli.ConnsCommand;
import io.tcplens.cli.ExplainCommand;
import io.tcplens.cli.LadderCommand;
import io.tcplens.cli.ReportCommand;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * conns (table, json, csv, zeek) and explain (en, zh) against reviewed snapshots made by
 * scripts/golden-tcplens.sh: any change in what tcplens concludes or says shows up here.
 */
class ConnsExplainGoldenTest {

    static String run(boolean conns, List<String> args) { return run(conns ? "conns" : "explain", args); }

    static String run(String command, List<String> args) {
        CliRun.Result r = CliRun.run(command, args);
        assertThat(r.exitCode()).as("exit code; stderr: " + r.err()).isZero();
        return r.out();
    }

    @TestFactory
    List<DynamicTest> everySnapshotStillHolds() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String kind : List.of("conns", "explain", "ladder-cli")) {
            Path dir = TestPaths.testdata().resolve("golden/" + kind);
            try (var files = Files.list(dir)) {
                for (Path g : files.sorted().toList()) {
                    String name = g.getFileName().toString();
                    tests.add(DynamicTest.dynamicTest(kind + " " + name, () -> {
                        String actual;
                        if (kind.equals("conns")) {
                            String format = name.substring(name.lastIndexOf('.') + 1);
                            String capture = name.substring(0, name.lastIndexOf('.'));
                            actual = run(true, List.of("-r", TestPaths.captures().resolve(capture).toString(), "--format", format));
                        } else if (kind.equals("ladder-cli")) {
                            String stem = name.substring(0, name.length() - ".txt".length());
                            boolean unicode = stem.endsWith(".unicode");
                            String capture = stem.substring(0, stem.lastIndexOf('.'));
                            actual = run("ladder", List.of("-r", TestPaths.captures().resolve(capture).toString(),
                                    unicode ? "--unicode" : "--ascii", "--width", unicode ? "120" : "100"));
                        } else {
                            String stem = name.substring(0, name.length() - ".txt".length());
                            String lang = stem.substring(stem.lastIndexOf('.') + 1);
                            String capture = stem.substring(0, stem.lastIndexOf('.'));
                            actual = run(false, List.of("-r", TestPaths.captures().resolve(capture).toString(), "--lang", lang));
                        }
                        assertThat(actual).as(name + " (scripts/golden-tcplens.sh, then review the diff)")
                                .isEqualTo(Files.readString(g, StandardCharsets.UTF_8));
                    }));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThan(60);
        return tests;
    }

    @Test
    void filterSelectsConnectionsButStreamNumbersStayThoseOfTheWholeCapture() {
        String all = run(true, List.of("-r", TestPaths.captures().resolve("http_ip4and6.pcapng").toString(), "--format", "csv"));
        String v6 = run(true, List.of("-r", TestPaths.captures().resolve("http_ip4and6.pcapng").toString(), "--format", "csv", "ip6"));
        assertThat(all.lines()).hasSize(3);
        assertThat(v6.lines()).hasSize(2);
        assertThat(v6.lines().toList().get(1)).startsWith("1,[2001:db8:1:2::1002]:");
    }

    @Test
    void badFilterIsReportedWithItsPosition() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ConnsCommand.execute(List.of("-r", TestPaths.captures().resolve("lab-get.pcap").toString(), "port", "and"),
                new ByteArrayOutputStream(), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tcplens:").contains("position");
    }

    @Test
    void explainSaysSoWhenTheStreamDoesNotExist() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ExplainCommand.execute(List.of("-r", TestPaths.captures().resolve("lab-get.pcap").toString(), "--stream", "7"),
                new ByteArrayOutputStream(), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no TCP connection with stream number 7");
    }

    @Test
    void reportIsOneSelfContainedFileWithEveryConnection(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path html = dir.resolve("r.html");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ReportCommand.execute(List.of("-r", TestPaths.captures().resolve("http_ip4and6.pcapng").toString(), "-o", html.toString()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isZero();
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("Content-Security-Policy")
                .contains("2001:db8:1:2::1002").contains("<svg").doesNotContain("<script src").doesNotContain("<link ");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("2 connections");
    }

    @Test
    void ladderOfAMissingStreamSaysSo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = LadderCommand.execute(List.of("-r", TestPaths.captures().resolve("lab-get.pcap").toString(), "--stream", "3"),
                new ByteArrayOutputStream(), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no TCP connection with stream number 3");
    }
}
