package io.tcplens.render.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcplens.render.ladder.LadderSamples;
import io.tcplens.render.ladder.LadderSvg;
import io.tcplens.testing.TestPaths;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loads generated reports in Debian's headless chromium (through scripts/browser-test.sh) and
 * reads back the DOM after the page's scripts ran. Skipped when chromium is not installed.
 * Screenshots land in tcplens-render/target/browser-test/ for a person to look at.
 */
class HtmlReportBrowserTest {
    static Path script;
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        script = TestPaths.root().resolve("scripts/browser-test.sh");
        var check = TestPaths.run(List.of("bash", script.toString(), "check"), Map.of(), 30);
        Assumptions.assumeTrue(check.exitCode() == 0, "chromium not installed (apt-get install -y chromium)");
        dir = Path.of("target", "browser-test").toAbsolutePath();
        Files.createDirectories(dir);
    }

    static Path write(String name, ReportModel m, HtmlReport.Options o) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f)) {
            HtmlReport.write(m, out, o);
        }
        return f;
    }

    static String dom(Path file, String hash) throws Exception {
        Path out = Files.createTempFile(dir, "dom", ".html");
        var r = TestPaths.run(List.of("bash", script.toString(), "dom", file.toUri() + hash, out.toString()), Map.of(), 180);
        assertThat(r.exitCode()).as("chromium: %s", r.stderr()).isZero();
        String d = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        Files.deleteIfExists(Path.of(out + ".log"));
        assertThat(d).as("page finished its script").contains("data-ready=\"1\"");
        return d;
    }

    static void shot(Path file, String hash, String png, String size) throws Exception {
        Path out = dir.resolve(png);
        var r = TestPaths.run(List.of("bash", script.toString(), "shot", file.toUri() + hash, out.toString(), size), Map.of(), 180);
        assertThat(r.exitCode()).as("chromium: %s", r.stderr()).isZero();
        assertThat(Files.size(out)).isGreaterThan(5_000);
    }

    static void noErrors(String dom) {
        Matcher m = Pattern.compile("<pre id=\"tl-errors\" data-count=\"(\\d+)\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertThat(m.find()).as("error box present").isTrue();
        assertThat(m.group(2)).as("errors logged by the page").isEmpty();
        assertThat(m.group(1)).isEqualTo("0");
    }

    static int attr(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
        assertThat(m.find()).as(name).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void smallReportRendersSummaryTableAndDetails() throws Exception {
        Path f = write("small.html", ReportSamples.small(), HtmlReport.Options.defaults());
        String d = dom(f, "");
        noErrors(d);
        assertThat(d).contains("id=\"s-conns\"").contains("id=\"s-retr\"");
        assertThat(attr(d, "data-matching")).isEqualTo(5);
        assertThat(HtmlReportTest.count(d, "class=\"vr")).isGreaterThanOrEqualTo(5);
        assertThat(d).contains("192.168.1.10:42002").contains("[2001:db8::10]:50000");
        assertThat(HtmlReportTest.count(d, "class=\"tl-ladder\"")).isEqualTo(5);
        String zh = dom(f, "#lang=zh");
        noErrors(zh);
        assertThat(zh).contains("<details class=\"zh\" open=\"\">").contains("客户端通过三次握手");
        shot(f, "", "small.png", "1400,1000");
        shot(f, "#conn=4", "small-detail.png", "1400,3000");
    }

    @Test
    void hundredThousandConnectionsLoadFilterAndOpenDetail() throws Exception {
        long t = System.nanoTime();
        Path f = write("big.html", ReportSamples.big(100_000, 1200), HtmlReport.Options.defaults());
        long size = Files.size(f);
        System.out.printf("100k report: %.1f MB, written in %d ms%n", size / 1e6, (System.nanoTime() - t) / 1_000_000);
        assertThat(size).as("100k connections with 500 detailed stay small enough to mail").isLessThan(30_000_000);

        t = System.nanoTime();
        String all = dom(f, "");
        System.out.printf("100k report: loaded in chromium in %d ms%n", (System.nanoTime() - t) / 1_000_000);
        noErrors(all);
        System.out.printf("100k report: page script %d ms (parse, filter, first rows)%n", attr(all, "data-init-ms"));
        assertThat(attr(all, "data-init-ms")).as("page script time").isLessThan(10_000);
        assertThat(attr(all, "data-matching")).isEqualTo(100_000);
        int rendered = attr(all, "data-rendered-rows");
        assertThat(rendered).as("virtual scrolling renders only what is visible").isBetween(5, 120);
        assertThat(all).contains("100,000 of 100,000 connections").contains("id=\"tl-limit\"");

        String filtered = dom(f, "#q=port:443%20has:retr");
        noErrors(filtered);
        int matching = attr(filtered, "data-matching");
        System.out.printf("100k report: filter 'port:443 has:retr' took %d ms, %d match%n", attr(filtered, "data-filter-ms"), matching);
        assertThat(matching).isBetween(100, 3000);
        assertThat(filtered).contains(String.format("%,d of 100,000 connections", matching));

        String sorted = dom(f, "#sort=anomalies&dir=desc");
        noErrors(sorted);
        Matcher top = Pattern.compile("<div class=\"vr[^\"]*\" role=\"row\" data-i=\"(\\d+)\" data-vi=\"0\"").matcher(sorted);
        assertThat(top.find()).as("row 0 rendered").isTrue();
        var worst = ReportSamples.big(100_000, 1200).connections().stream()
                .mapToLong(c -> c.anomalies().score()).max().orElseThrow();
        assertThat(ReportSamples.big(100_000, 1200).connections().get(Integer.parseInt(top.group(1))).anomalies().score())
                .as("sorted by anomalies, worst first").isEqualTo(worst);

        String deep = dom(f, "#row=60000");
        noErrors(deep);
        assertThat(deep).as("rows drawn where the table is scrolled to").contains("data-vi=\"60000\"").doesNotContain("data-vi=\"0\"");
        assertThat(attr(deep, "data-rendered-rows")).isBetween(5, 120);

        String detail = dom(f, "#conn=7");
        noErrors(detail);
        String panel = detail.substring(detail.indexOf("id=\"tl-detail\""));
        assertThat(panel).contains("tcp.stream 7").contains("class=\"tl-ladder\"").contains("class=\"tl-chart\"");

        String none = dom(f, "#conn=99999");
        assertThat(none.substring(none.indexOf("id=\"tl-detail\""))).contains("tcp.stream 99999").contains("most interesting");
        shot(f, "#q=has:retr", "big.png", "1400,1000");
        shot(f, "#row=60000&conn=60000", "big-scrolled.png", "1400,1400");
    }

    @Test
    void hostileCaptureDataRunsNothing() throws Exception {
        int k = 0;
        for (boolean many : new boolean[] {false, true}) {
            for (boolean csp : new boolean[] {true, false}) {
                String name = "hostile-" + (many ? "templates" : "inline") + (csp ? "" : "-nocsp") + ".html";
                Path f = write(name, ReportSamples.hostile(many), HtmlReport.Options.defaults().withCsp(csp));
                for (String hash : many ? List.of("", "#conn=3", "#conn=5") : List.of("")) {
                    String d = dom(f, hash);
                    noErrors(d);
                    assertThat(d).doesNotContain("data-pwned=\"").doesNotContain("<title>PWNED");
                    assertThat(d).contains("<title>tcplens report");
                    assertThat(d).as("the payload is shown as text").contains("&lt;script&gt;document.title=");
                    k++;
                }
                if (!many && csp) shot(f, "", "hostile.png", "1400,1400");
            }
        }
        assertThat(k).isEqualTo(8);
    }

    @Test
    void ladderSvgRendersInChromium() throws Exception {
        for (var e : Map.of("http", LadderSamples.http(), "keepalive", LadderSamples.keepAlive(),
                "retransmissions", LadderSamples.retransmissions()).entrySet()) {
            String svg = LadderSvg.render(e.getValue(), LadderSvg.Options.standalone());
            Path f = dir.resolve("ladder-" + e.getKey() + ".svg");
            Files.writeString(f, svg);
            Matcher m = Pattern.compile("height=\"(\\d+)\"").matcher(svg);
            assertThat(m.find()).isTrue();
            shot(f, "", "ladder-" + e.getKey() + ".png", "820," + m.group(1));
        }
    }
}
