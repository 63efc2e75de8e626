package io.tcplens.render.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Structure and escaping of the report, without a browser. */
class HtmlReportTest {
    static String render(ReportModel m, HtmlReport.Options o) {
        var out = new ByteArrayOutputStream();
        HtmlReport.write(m, out, o);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void smallCaptureHasSummaryTableDataAndExpandedDetails() {
        String html = render(ReportSamples.small(), HtmlReport.Options.defaults());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Content-Security-Policy").contains("id=\"summary\"")
                .contains("id=\"tl-data\"").contains("id=\"details\"").contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tl-ladder\"")
                .contains("class=\"tl-chart\"").contains("/api/items?page=2").contains("客户端");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("<template").doesNotContain("http://").doesNotContain("https://").doesNotContain(" src=")
                .doesNotContain(" href=").doesNotContain(" style=\"");
        assertThat(count(html, "<article class=\"conn\"")).isEqualTo(5);
    }

    @Test
    void aConnectionWithTwoRowsKeepsOneDetailUnderItsStream() {
        // A connection that came back after its summary has a second row with the same stream;
        // the page finds a row's detail by stream, so there must be one element per stream.
        ReportModel m = ReportSamples.small();
        java.util.List<ReportConnection> cs = new java.util.ArrayList<>(m.connections());
        cs.add(cs.getFirst());
        ReportModel twice = new ReportModel(m.summary(), cs);
        long stream = cs.getFirst().stream();
        String expanded = render(twice, HtmlReport.Options.defaults());   // few connections: details written out
        assertThat(count(expanded, "id=\"conn-" + stream + "\"")).isEqualTo(1);
        HtmlReport.Options d = HtmlReport.Options.defaults();
        String templates = render(twice, new HtmlReport.Options(d.maxDetailed(), 0, d.detailBudget(), d.csp(), d.maxLadderPackets()));   // details as templates
        assertThat(count(templates, "id=\"tl-d-" + stream + "\"")).isEqualTo(1);
    }

    @Test
    void cspHashesMatchTheInlineScriptsAndStyle() {
        String html = render(ReportSamples.small(), HtmlReport.Options.defaults());
        Matcher csp = Pattern.compile("Content-Security-Policy\" content=\"([^\"]*)\"").matcher(html);
        assertThat(csp.find()).isTrue();
        String policy = csp.group(1);
        assertThat(policy).startsWith("default-src 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        Matcher s = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int scripts = 0;
        while (s.find()) {
            scripts++;
            assertThat(policy).contains(HtmlReport.hash(s.group(1)));
        }
        assertThat(scripts).isEqualTo(2);
        Matcher st = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(html);
        assertThat(st.find()).isTrue();
        assertThat(policy).contains(HtmlReport.hash(st.group(1)));
        assertThat(st.find()).as("one style element only").isFalse();
    }

    @Test
    void bigCaptureKeepsDetailForAtMost500AndSaysSo() {
        String html = render(ReportSamples.big(100_000, 1200), HtmlReport.Options.defaults());
        assertThat(count(html, "<template id=\"tl-d-")).isEqualTo(500);
        assertThat(html).contains("id=\"tl-limit\"").contains("100,000 connections");
        assertThat(html.length()).as("file size").isLessThan(60_000_000);
    }

    @Test
    void hostileDataIsEscapedInEveryContext() {
        for (boolean many : new boolean[] {false, true}) {
            for (boolean csp : new boolean[] {true, false}) {
                String html = render(ReportSamples.hostile(many), HtmlReport.Options.defaults().withCsp(csp));
                assertThat(html).doesNotContain("<img").doesNotContain("<svg onload").doesNotContain("onerror=\"")
                        .doesNotContain("<script>document").doesNotContain("</script><script>document")
                        .doesNotContain("<!--").doesNotContain("</template><script");
                // Exactly the page's own elements.
                assertThat(count(html, "<script")).isEqualTo(3);
                assertThat(count(html, "</script>")).isEqualTo(3);
                assertThat(count(html, "</template>")).isEqualTo(many ? 40 : 0);
                // The JSON block carries the strings with \\u003c escapes.
                String json = html.substring(html.indexOf("id=\"tl-data\">"), html.indexOf("</script>", html.indexOf("id=\"tl-data\">")));
                assertThat(json).contains("\\u003cscript\\u003edocument.title").doesNotContain("<").doesNotContain(">\"").doesNotContain("\u2028");
            }
        }
    }

    @Test
    void scriptSafeJsonNeutralisesClosingTags() throws Exception {
        var sw = new java.io.StringWriter();
        try (var w = new HtmlReport.ScriptSafeWriter(sw)) {
            w.write("{\"a\":\"</script><!-- & \u2028\"}");
        }
        assertThat(sw.toString()).isEqualTo("{\"a\":\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\"}");
    }

    @Test
    void emptyCapture() {
        String html = render(new ReportModel(new ReportSummary("empty.pcap", 0, 0, 0, 0, "tcplens", java.util.List.of()), java.util.List.of()),
                HtmlReport.Options.defaults());
        assertThat(html).contains("\"rows\":[]").contains("id=\"tl-vp\"");
    }

    static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) n++;
        return n;
    }
}
