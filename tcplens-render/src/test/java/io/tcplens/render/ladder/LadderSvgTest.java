package io.tcplens.render.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class LadderSvgTest {
    static Path outDir() throws java.io.IOException {
        Path d = Path.of("target", "ladder-svg");
        Files.createDirectories(d);
        return d;
    }

    static void wellFormed(String svg) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everySampleIsWellFormedSvg() throws Exception {
        for (var e : LadderSamples.all().entrySet()) {
            for (var o : List.of(LadderSvg.Options.standalone(), LadderSvg.Options.standalone().unfolded())) {
                String svg = LadderSvg.render(e.getValue(), o);
                wellFormed(svg);
                assertThat(svg).startsWith("<?xml").contains("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("<style>");
                Files.writeString(outDir().resolve(e.getKey() + (o.fold() ? "" : ".unfolded") + ".svg"), svg);
            }
        }
    }

    @Test
    void svgGoldens() throws Exception {
        LadderRendererTest.golden("http.svg", LadderSvg.render(LadderSamples.http(), LadderSvg.Options.standalone()));
        LadderRendererTest.golden("keepalive.folded.svg", LadderSvg.render(LadderSamples.keepAlive(), LadderSvg.Options.standalone()));
        LadderRendererTest.golden("retransmissions.svg", LadderSvg.render(LadderSamples.retransmissions(), LadderSvg.Options.standalone()));
    }

    @Test
    void statesArrowsAndBreaksAreDrawn() {
        String svg = LadderSvg.render(LadderSamples.keepAlive(), LadderSvg.Options.standalone().unfolded());
        assertThat(svg).contains(">SYN_SENT<").contains(">TIME_WAIT<").contains(">LAST_ACK<");
        assertThat(svg).contains("class=\"arrow c2s ka\"").contains("keep-alive ACK");
        assertThat(LadderSvg.render(LadderSamples.reset(), LadderSvg.Options.standalone()))
                .contains("class=\"brk\"").contains("2.5 s later");
        String folded = LadderSvg.render(LadderSamples.bulk(), LadderSvg.Options.inline());
        assertThat(folded).doesNotStartWith("<?xml").doesNotContain("<style>").contains("class=\"fold\"")
                .contains("× 1000 data segments server→client");
        String retr = LadderSvg.render(LadderSamples.retransmissions(), LadderSvg.Options.standalone());
        assertThat(retr).contains("arrow s2c warn").contains("fast retransmission");
    }

    @Test
    void hostileLabelsAreEscaped() throws Exception {
        var p = new LadderPacket(1, 0, true, "S", 0, 0, false, 0, 1, 100, List.of("<script>x</script>"), "SYN_SENT<b>", "\"'&");
        String svg = LadderSvg.render(new LadderConnection("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>\u0001",
                List.of(p)), LadderSvg.Options.standalone());
        wellFormed(svg);
        assertThat(svg).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&quot;&gt;&lt;img");
    }
}
