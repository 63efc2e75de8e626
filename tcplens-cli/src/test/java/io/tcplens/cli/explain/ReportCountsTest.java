package io.tcplens.cli.explain;

import io.tcplens.cli.CliRun;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's numbers are what they say they are, for every connection, detailed or not. */
class ReportCountsTest {
    static String report(Path dir, String capture, String... more) throws Exception {
        Path html = dir.resolve(capture + ".html");
        List<String> args = new java.util.ArrayList<>(List.of("-r", TestPaths.captures().resolve(capture).toString(), "-o", html.toString()));
        args.addAll(List.of(more));
        CliRun.Result r = CliRun.run("report", args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Files.readString(html);
    }

    static String card(String page, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"><div class=\"v\">([^<]*)</div><div class=\"k\">([^<]*)</div>").matcher(page);
        assertThat(m.find()).as(id).isTrue();
        return m.group(1) + " | " + m.group(2);
    }

    @Test
    void rstSegmentsCountSegmentsNotSides(@TempDir Path dir) throws Exception {
        // raw-mptcp-rst.pcap: two RST segments from the same side (tshark: tcp.flags.reset==1 matches 2 frames)
        assertThat(card(report(dir, "raw-mptcp-rst.pcap"), "s-rst")).isEqualTo("2 | RST segments, in 1 connection");
    }

    @Test
    void httpIsCountedForEveryConnectionNotOnlyTheDetailedOnes(@TempDir Path dir) throws Exception {
        // Every exchange, as `tcplens http` lists them, whatever --max-detailed keeps in full.
        long exchanges = CliRun.run("http", List.of("-r", TestPaths.captures().resolve("http_ip4and6.pcapng").toString(), "--format", "json"))
                .out().lines().count();
        assertThat(exchanges).isGreaterThan(1);
        assertThat(card(report(dir, "http_ip4and6.pcapng"), "s-http")).startsWith(exchanges + " |");
        assertThat(card(report(dir, "http_ip4and6.pcapng", "--max-detailed", "1"), "s-http")).startsWith(exchanges + " |");
        assertThat(card(report(dir, "http_ip4and6.pcapng", "--max-detailed", "0"), "s-http")).startsWith(exchanges + " |");
    }

    @Test
    void keepAliveIsNoAnomalyInTheTableEither(@TempDir Path dir) throws Exception {
        String page = report(dir, "lab-keepalive.pcap");
        assertThat(card(page, "s-anom")).startsWith("0 |");
        // the detail section's badges: "clean" first, then the keep-alive probes
        assertThat(page).contains("<span class=\"b ok\">clean</span><span class=\"b g\">2 keep-alive</span>");
    }

    @Test
    void picturesHaveALegendAndMarkWhatTheStorySays(@TempDir Path dir) throws Exception {
        String close = report(dir, "lab-close.pcap");
        assertThat(close).contains("class=\"legend\"").contains("S SYN (open), F FIN (close), P PSH (push), R RST (reset), . ACK");
        assertThat(close).contains("class=\"arrow s2c finData\"");                          // [FP.] highlighted
        assertThat(close).doesNotContain("win 65495 win 65495").doesNotContain("win 0 win 0"); // no repeated tooltips
        // window full and window update are flow control working, not errors
        Matcher m = Pattern.compile("<g class=\"arrow ([^\"]*)\">(?:(?!</g>).)*\\[window full\\]").matcher(close);
        int n = 0;
        while (m.find()) { n++; assertThat(m.group(1)).doesNotContain("warn"); }
        assertThat(n).isPositive();
        String ka = report(dir, "lab-keepalive.pcap");
        assertThat(ka).contains("Keep-Alive timeout=3 s runs out");
        assertThat(report(dir, "lab-get.pcap")).doesNotContain("runs out");
    }

    @Test
    void handshakeAndTeardownAreNamedAsConnsNamesThem(@TempDir Path dir) throws Exception {
        String page = report(dir, "lab-keepalive.pcap");
        assertThat(page).contains("three-way").doesNotContain("three-way FIN").doesNotContain("four-way FIN");
        assertThat(report(dir, "lab-reset.pcap")).contains("reset by").doesNotContain("RST by");
    }
}
