package io.tcplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcplens.capture.LinkType;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The command line as a tcpdump user expects it (issue 16, item 14): counts tcpdump rejects are
 * rejected, a mistake is one line and the usage line (exit 2), {@code tcplens} alone is usage and
 * exit 2, a link type tcplens does not decode is named, and {@code http}'s exchange index counts
 * from the same base in JSON as in the table.
 */
class CommandLineTest {
    private static final String CAPTURE = TestPaths.captures().resolve("http-keepalive-timeout.pcap").toString();

    @TempDir
    Path tmp;

    /** {@link Main#run} as the process runs it, its stdout and stderr caught. */
    private static CliRun.Result main(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int rc = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new CliRun.Result(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void dumpWriteIntoAMissingDirectoryIsWordedAsTcpdumpWordsIt() {
        CliRun.Result r = main("dump", "-r", CAPTURE, "-w", "/nonexistent/x.pcap");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("tcplens: /nonexistent/x.pcap: No such file or directory\n");
    }

    @Test
    void countsTcpdumpRejectsAreRejectedInItsWords() {
        for (String c : List.of("0", "-5", "abc", "99999999999999999999")) {
            CliRun.Result r = main("dump", "-n", "-r", CAPTURE, "-c", c);
            assertThat(r.exitCode()).as(c).isEqualTo(2);
            assertThat(r.err()).as(c).startsWith("tcplens: invalid packet count " + c + "\nUsage: tcplens dump ");
            assertThat(r.out()).as(c).isEmpty();
        }
        // dump writes to the process's stdout itself: its own way in, to see the lines
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(DumpCommand.execute(List.of("-n", "-r", CAPTURE, "-c", "2"), System.in, out, new ByteArrayOutputStream(),
                java.time.ZoneOffset.UTC)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
    }

    @Test
    void noArgumentsIsTheUsageOnStderrAndExitTwo() {
        CliRun.Result r = main();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Usage: tcplens").contains("conns").contains("capture");
    }

    @Test
    void anUnknownOptionIsOneLineAndTheUsageLineNotTheWholeHelp() {
        CliRun.Result r = main("conns", "-r", CAPTURE, "--bogus");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("tcplens: unknown option: '--bogus'\nUsage: tcplens conns [-hV]")
                .doesNotContain("Capture to read");   // the usage (perhaps wrapped), not the options' help
        // the same in-process (the tests' way in) as from the CLI
        CliRun.Result in = CliRun.run("conns", List.of("-r", CAPTURE, "--bogus"));
        assertThat(in.exitCode()).isEqualTo(2);
        assertThat(in.err()).startsWith("tcplens: unknown option: '--bogus'\nUsage: conns ").doesNotContain("Capture to read");
        CliRun.Result missing = main("explain");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("tcplens: missing required option: '-r=FILE'\nUsage: tcplens explain [-hV]")
                .doesNotContain("Simplified Chinese");   // the usage (wrapped), not the options' help
    }

    @Test
    void anUnknownCommandIsNamedWithTheCommandsToChooseFrom() {
        CliRun.Result r = main("bogus");
        assertThat(r.exitCode()).isEqualTo(2);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst()).isEqualTo("tcplens: unknown command 'bogus'");
        assertThat(lines.get(2)).startsWith("Commands: dump, conns,");
    }

    @Test
    void aLinkTypeTcplensDoesNotDecodeIsNamedNotSilentlyEmpty() throws Exception {
        Path wifi = capture(105);   // IEEE 802.11: libpcap has a name for it, tcplens no decoder
        CliRun.Result r = CliRun.run("conns", List.of("-r", wifi.toString()));
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEqualTo("tcplens: 3 frames not analysed: unknown link type 105 (IEEE802_11, 802.11)\n");
        // a number libpcap has no name for is still said, as a number
        CliRun.Result user = CliRun.run("explain", List.of("-r", capture(147).toString()));
        assertThat(user.err()).startsWith("tcplens: 3 frames not analysed: unknown link type 147").doesNotContain("DLT_");
        assertThat(LinkType.dltName(127)).isEqualTo("IEEE802_11_RADIO");
        assertThat(LinkType.description(10)).isEqualTo("FDDI");
    }

    /** A pcap of three 60-byte frames of the given link type. */
    private Path capture(int linkType) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24 + 3 * (16 + 60)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(linkType);
        for (int i = 0; i < 3; i++) b.putInt(1_700_000_000 + i).putInt(0).putInt(60).putInt(60).put(new byte[60]);
        return Files.write(tmp.resolve("lt" + linkType + ".pcap"), b.array());
    }

    @Test
    void httpIndexCountsFromOneInJsonAsInTheTable() throws Exception {
        CliRun.Result json = CliRun.run("http", List.of("-r", CAPTURE, "--format", "json"));
        CliRun.Result table = CliRun.run("http", List.of("-r", CAPTURE));
        List<String> rows = json.out().lines().toList();
        List<String> lines = table.out().lines().skip(1).toList();
        assertThat(rows).hasSizeGreaterThan(1).hasSameSizeAs(lines);
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("^\\{\"stream\":(\\d+),\"index\":(\\d+),");
        for (int i = 0; i < rows.size(); i++) {
            java.util.regex.Matcher row = p.matcher(rows.get(i));
            assertThat(row.find()).as(rows.get(i)).isTrue();
            String[] cells = lines.get(i).trim().split("\\s+");
            assertThat(row.group(1)).isEqualTo(cells[0]);
            assertThat(row.group(2)).as(rows.get(i)).isEqualTo(cells[1]).isEqualTo(Integer.toString(i + 1));
        }
    }
}
