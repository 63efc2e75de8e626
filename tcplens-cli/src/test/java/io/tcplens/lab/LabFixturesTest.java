package io.tcplens.lab;

import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.decode.Packet;
import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.Handshake;
import io.tcplens.conn.Side;
import io.tcplens.conn.Teardown;
import io.tcplens.live.EngineAnalyzer;
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

    /** The connection summary the engine gives the fixture's one connection. */
    private static ConnectionSummary analyze(List<Frame> frames, List<String> events) {
        EngineAnalyzer a = new EngineAnalyzer(events::add, 0);
        Packet p = new Packet();
        for (Frame f : frames) {
            p.decode(f);
            a.packet(f, p);
        }
        a.finish();
        assertThat(a.summaries()).hasSize(1);
        return a.summaries().getFirst();
    }

    @Test
    void everyScenarioHasAFixture() {
        for (Scenario s : Scenario.values()) {
            assertThat(Files.isRegularFile(TestPaths.captures().resolve("lab-" + s.cliName() + ".pcap")))
                    .as("lab-%s.pcap", s.cliName()).isTrue();
        }
    }

    /** The engine behind capture --events/--conns and the lab, on the committed keepalive capture. */
    @Test
    void engineOnKeepalive() throws Exception {
        List<String> ev = new ArrayList<>();
        EngineAnalyzer a = new EngineAnalyzer(ev::add, 100);
        Packet p = new Packet();
        for (Frame f : frames("keepalive")) {
            p.decode(f);
            a.packet(f, p);
        }
        a.finish();
        assertThat(a.summaries()).hasSize(1);
        ConnectionSummary c = a.summaries().getFirst();
        assertThat(c.clientKeepaliveProbes()).isGreaterThanOrEqualTo(2);
        assertThat(c.activeCloser()).isEqualTo(Side.SERVER);
        assertThat(c.timeWait()).isEqualTo(Side.SERVER);
        assertThat(ev).anyMatch(e -> e.contains("conn 0 opened: 127.0.0.1:"));
        assertThat(ev).anyMatch(e -> e.contains("server ESTABLISHED -> FIN_WAIT_1"));
        assertThat(ev).anyMatch(e -> e.contains("closed: ") && e.contains("server in TIME_WAIT") && e.contains("keep-alive probes"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(a.explain(ps, "en")).isTrue();
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("keep-alive probe").contains("TIME_WAIT");
        bytes.reset();
        a.writeConnsJson(ps);
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("\"time_wait\":\"server\"");
    }

    @Test
    void get() throws Exception {
        List<String> ev = new ArrayList<>();
        ConnectionSummary c = analyze(frames("get"), ev);
        assertThat(c.handshake()).isEqualTo(Handshake.THREE_WAY);
        assertThat(c.activeCloser()).isEqualTo(Side.CLIENT);
        assertThat(c.timeWait()).isEqualTo(Side.CLIENT);
        assertThat(ev).anyMatch(e -> e.contains("client in TIME_WAIT"));
    }

    /** The second seed article's keep-alive run, as the lab recorded it (scripts/make-lab-captures.sh seed-keepalive). */
    @Test
    void seedKeepalive() throws Exception {
        ConnectionSummary c = analyze(frames("seed-keepalive"), new ArrayList<>());
        var h = c.http().persistence();
        assertThat(h.requests()).isEqualTo(1);
        assertThat(h.persistent()).isTrue();
        assertThat(h.advertisedTimeoutSeconds()).isEqualTo(60);
        assertThat(h.idleBeforeCloseMicros()).isBetween(59_000_000L, 61_000_000L);
        assertThat(h.closer()).isEqualTo(io.tcplens.http.HttpPersistence.Side.SERVER);
        assertThat(c.clientKeepaliveProbes()).isGreaterThanOrEqualTo(55);
        assertThat(c.activeCloser()).isEqualTo(Side.SERVER);
        assertThat(c.teardown()).isEqualTo(io.tcplens.conn.Teardown.THREE_WAY);   // the client's FIN carries its ACK
        assertThat(c.timeWait()).isEqualTo(Side.SERVER);
    }

    /** The same article's Connection: close run: the server's FIN on its last data segment. */
    @Test
    void seedClose() throws Exception {
        ConnectionSummary c = analyze(frames("seed-close"), new ArrayList<>());
        assertThat(c.finWithData()).isTrue();
        assertThat(c.activeCloser()).isEqualTo(Side.SERVER);
        assertThat(c.timeWait()).isEqualTo(Side.SERVER);
        assertThat(c.http().persistence().serverSaidClose()).isTrue();
        assertThat(c.serverPayloadBytes()).isGreaterThan(38_000);
    }

    /** The first seed article: curl's GET, the client closes, three segments, the client waits. */
    @Test
    void seedCurl() throws Exception {
        List<String> ev = new ArrayList<>();
        ConnectionSummary c = analyze(frames("seed-curl"), ev);
        assertThat(c.activeCloser()).isEqualTo(Side.CLIENT);
        assertThat(c.teardown()).isEqualTo(io.tcplens.conn.Teardown.THREE_WAY);
        assertThat(c.timeWait()).isEqualTo(Side.CLIENT);
        // as explain tells it: FIN_WAIT_2 skipped, the server's FIN came with its ACK
        assertThat(ev).anyMatch(e -> e.contains("client FIN_WAIT_1 -> TIME_WAIT")).noneMatch(e -> e.contains("FIN_WAIT_2"));
    }

    @Test
    void keepalive() throws Exception {
        List<Frame> frames = frames("keepalive");
        ConnectionSummary c = analyze(frames, new ArrayList<>());
        assertThat(c.clientKeepaliveProbes()).isGreaterThanOrEqualTo(2);
        assertThat(c.serverKeepaliveProbes()).isZero();
        assertThat(c.clientKeepaliveIntervalNanos()).isBetween(800_000_000L, 1_400_000_000L);
        assertThat(c.activeCloser()).as("server closes first").isEqualTo(Side.SERVER);
        assertThat(c.timeWait()).isEqualTo(Side.SERVER);
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
        ConnectionSummary c = analyze(frames("close"), new ArrayList<>());
        assertThat(c.finWithData()).isTrue();
        assertThat(c.activeCloser()).isEqualTo(Side.SERVER);
    }

    @Test
    void resetAndRefused() throws Exception {
        ConnectionSummary reset = analyze(frames("reset"), new ArrayList<>());
        assertThat(reset.resetBy()).isEqualTo(Side.CLIENT);
        assertThat(reset.teardown()).isEqualTo(Teardown.RESET);
        ConnectionSummary refused = analyze(frames("refused"), new ArrayList<>());
        assertThat(refused.handshake()).isEqualTo(Handshake.REFUSED);
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
        assertThat(analyze(frames("half-close"), new ArrayList<>()).halfClose()).isTrue();
        List<Seg> pl = LiveTestSupport.segments(frames("pipeline"));
        Seg req = pl.stream().filter(s -> s.fromClient() && s.len() > 0).findFirst().orElseThrow();
        assertThat(req.payload().split("GET /json", -1).length - 1).isGreaterThanOrEqualTo(3);
    }
}
