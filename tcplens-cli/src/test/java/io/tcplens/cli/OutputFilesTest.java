package io.tcplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Files the offline commands write ({@code report -o}, {@code ladder --svg}): an unwritable path is
 * one line as tcpdump words it and exit 1, not an internal error; a run that fails leaves an
 * existing file untouched; a run that succeeds leaves no temporary file behind.
 */
class OutputFilesTest {
    private static final String CAPTURE = TestPaths.captures().resolve("lab-keepalive.pcap").toString();

    @TempDir
    Path tmp;

    @Test
    void reportIntoAMissingDirectoryIsOneLineAndExitOne() {
        CliRun.Result r = CliRun.run("report", List.of("-r", CAPTURE, "-o", "/nonexistent/r.html"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("tcplens: /nonexistent/r.html: No such file or directory\n");
    }

    @Test
    void ladderSvgIntoAMissingDirectoryIsOneLineAndExitOne() {
        CliRun.Result r = CliRun.run("ladder", List.of("-r", CAPTURE, "--svg", "/nonexistent/x.svg"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("tcplens: /nonexistent/x.svg: No such file or directory\n");
    }

    @Test
    void aDirectoryOrAFileInThePathIsNamedToo() throws Exception {
        CliRun.Result dir = CliRun.run("report", List.of("-r", CAPTURE, "-o", tmp.toString()));
        assertThat(dir.exitCode()).isEqualTo(1);
        assertThat(dir.err()).isEqualTo("tcplens: " + tmp + ": Is a directory\n");
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        CliRun.Result notDir = CliRun.run("ladder", List.of("-r", CAPTURE, "--svg", file + "/x.svg"));
        assertThat(notDir.exitCode()).isEqualTo(1);
        assertThat(notDir.err()).isEqualTo("tcplens: " + file + "/x.svg: Not a directory\n");
    }

    @Test
    void aMissingOrForeignInputLeavesAnExistingReportAsItWas() throws Exception {
        Path report = Files.writeString(tmp.resolve("r.html"), "the good report");
        CliRun.Result missing = CliRun.run("report", List.of("-r", tmp.resolve("absent.pcap").toString(), "-o", report.toString()));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("absent.pcap").doesNotContain("wrote");
        Path foreign = Files.writeString(tmp.resolve("notes.txt"), "not a capture at all, just some text\n");
        CliRun.Result notCapture = CliRun.run("report", List.of("-r", foreign.toString(), "-o", report.toString()));
        assertThat(notCapture.exitCode()).isEqualTo(1);
        assertThat(Files.readString(report)).isEqualTo("the good report");
        assertThat(listing()).containsExactlyInAnyOrder("r.html", "notes.txt");
    }

    @Test
    void aLadderOfNoConnectionLeavesAnExistingSvgAsItWas() throws Exception {
        Path svg = Files.writeString(tmp.resolve("x.svg"), "<svg/>");
        CliRun.Result r = CliRun.run("ladder", List.of("-r", CAPTURE, "--stream", "99", "--svg", svg.toString()));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(Files.readString(svg)).isEqualTo("<svg/>");
        assertThat(listing()).containsExactly("x.svg");
    }

    @Test
    void aGoodRunReplacesTheFileAndLeavesNoTemporaryFile() throws Exception {
        Path report = Files.writeString(tmp.resolve("r.html"), "old");
        Path svg = tmp.resolve("x.svg");
        assertThat(CliRun.run("report", List.of("-r", CAPTURE, "-o", report.toString())).exitCode()).isZero();
        assertThat(CliRun.run("ladder", List.of("-r", CAPTURE, "--svg", svg.toString())).exitCode()).isZero();
        assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>");
        assertThat(Files.readString(svg)).contains("<svg");
        assertThat(listing()).containsExactlyInAnyOrder("r.html", "x.svg");
    }

    private List<String> listing() throws Exception {
        try (var s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
