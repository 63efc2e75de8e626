package io.tcplens.lab;

import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.decode.Packet;
import io.tcplens.live.FlagAnalyzer;
import io.tcplens.live.LiveTestSupport;
import io.tcplens.live.LiveTestSupport.Seg;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed lab captures (testdata/captures/lab-*.pcap, made by scripts/make-lab-captures.sh)
 * show what each scenario is about; runs everywhere, no capture permission needed.
 */
class LabFixturesTest {

    private static List<Frame> frames(String scenario) throws Exception {
        Path p = TestPaths.captures().resolve("lab-" + scenario + ".pcap");
        assertThat(p).as("fixture (scripts/make-lab-captures.sh makes it)").exists();
        List<Frame> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(p.toString())) {
            Frame f = new Frame();
            while (r.next(f)) out.add(f.copy());
        }
        return out;
    }

    private static FlagAnalyzer analyze(List<Frame> frames, List<String> events) {
        FlagAnalyzer a = new FlagAnalyzer(events::add);
        Packet p = new Packet();
        for (Frame f : frames) {
            p.decode(f);
            a.packet(f, p);
        }
        a.finish();
        return a;
    }

    @Test
    void everyScenarioHasAFixture() {
        for (Scenario s : Scenario.values()) {
            assertThat(Files.isRegularFile(TestPaths.captures().resolve("lab-" + s.cliName() + ".pcap")))
                    .as("lab-%s.pcap", s.cliName()).isTrue();
        }
    }

    @Test
    void get() throws Exception {
        List<String> ev = new ArrayList<>();
        FlagAnalyzer.Conn c = analyze(frames("get"), ev).connections().getFirst();
        assertThat(c.state()).isEqualTo("CLOSED");
        assertThat(c.firstFin()).isZero();
        assertThat(ev).anyMatch(e -> e.contains("client is in TIME_WAIT"));
    }

    @Test
    void keepalive() throws Exception {
        List<Frame> frames = frames("keepalive");
        List<String> ev = new ArrayList<>();
        FlagAnalyzer a = analyze(frames, ev);
        assertThat(a.connections()).hasSize(1);
        FlagAnalyzer.Conn c = a.connections().getFirst();
        assertThat(c.keepAlives(0)).isGreaterThanOrEqualTo(2);
        assertThat(c.keepAlives(1)).isZero();
        assertThat(c.firstFin()).as("server closes first").isEqualTo(1);
        assertThat(c.state()).isEqualTo("CLOSED");
        assertThat(ev).anyMatch(e -> e.contains("server is in TIME_WAIT"));
        List<Seg> segs = LiveTestSupport.segments(frames);
        assertThat(segs.stream().filter(s -> !s.fromClient() && s.len() > 0).findFirst().orElseThrow().payload())
                .contains("Keep-Alive: timeout=3");
    }

    @Test
    void close() throws Exception {
        List<Seg> segs = LiveTestSupport.segments(frames("close"));
        Seg fin = segs.stream().filter(s -> !s.fromClient() && s.fin()).findFirst().orElseThrow();
        assertThat(fin.len()).as("the FIN rides on the last data segment: [FP.]").isPositive();
        assertThat(fin.flags() & 0x08).isNotZero();
    }

    @Test
    void resetAndRefused() throws Exception {
        FlagAnalyzer.Conn reset = analyze(frames("reset"), new ArrayList<>()).connections().getFirst();
        assertThat(reset.resetBy()).isZero();
        assertThat(reset.state()).isEqualTo("RESET");
        FlagAnalyzer.Conn refused = analyze(frames("refused"), new ArrayList<>()).connections().getFirst();
        assertThat(refused.refused()).isTrue();
        assertThat(refused.state()).isEqualTo("REFUSED");
    }

    @Test
    void halfCloseAndPipeline() throws Exception {
        List<Seg> hc = LiveTestSupport.segments(frames("half-close"));
        int clientFin = -1, resp = -1;
        for (int i = 0; i < hc.size(); i++) {
            if (clientFin < 0 && hc.get(i).fromClient() && hc.get(i).fin()) clientFin = i;
            if (resp < 0 && !hc.get(i).fromClient() && hc.get(i).len() > 0) resp = i;
        }
        assertThat(clientFin).isPositive().isLessThan(resp);
        List<Seg> pl = LiveTestSupport.segments(frames("pipeline"));
        Seg req = pl.stream().filter(s -> s.fromClient() && s.len() > 0).findFirst().orElseThrow();
        assertThat(req.payload().split("GET /json", -1).length - 1).isGreaterThanOrEqualTo(3);
    }
}
