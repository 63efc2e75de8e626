package io.tcplens.lab;

import io.tcplens.live.LiveOptions;
import io.tcplens.live.LiveTestSupport;
import io.tcplens.live.LiveTestSupport.Seg;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every lab scenario for real (server, client, live capture on loopback) and checks what
 * the packets must show. Skipped, with the reason, where this JVM may not capture.
 */
@Timeout(60)
class LabScenariosTest {

    private static final LabSettings FAST = LabSettings.defaults()
            .withIdleTimeout(Duration.ofMillis(2500));

    @BeforeEach
    void needCapture() {
        LiveTestSupport.assumeCapture();
    }

    private static List<Seg> run(Scenario s, LabSettings settings) throws Exception {
        LabRun run = Lab.run(s, settings, LiveOptions.DEFAULT_SNAPLEN);
        assertThat(run.error()).as("scenario error; narrative: %s", run.narrative()).isNull();
        List<Seg> segs = LiveTestSupport.segments(run.frames());
        assertThat(segs).as("captured segments").isNotEmpty();
        return segs;
    }

    private static void assertHandshake(List<Seg> segs) {
        assertThat(segs.get(0).fromClient()).isTrue();
        assertThat(segs.get(0).flags()).isEqualTo(0x02);           // [S]
        assertThat(segs.get(1).fromClient()).isFalse();
        assertThat(segs.get(1).flags()).isEqualTo(0x12);           // [S.]
        assertThat(segs.get(1).ack()).isEqualTo((segs.get(0).seq() + 1) & 0xFFFFFFFFL);
        assertThat(segs.get(2).fromClient()).isTrue();
        assertThat(segs.get(2).pureAck()).isTrue();                // [.]
    }

    private static int firstIndex(List<Seg> segs, java.util.function.Predicate<Seg> p) {
        for (int i = 0; i < segs.size(); i++) if (p.test(segs.get(i))) return i;
        return -1;
    }

    @Test
    void get_clientClosesFirstAfterOneRequest() throws Exception {
        List<Seg> segs = run(Scenario.GET, FAST);
        assertHandshake(segs);
        int req = firstIndex(segs, s -> s.fromClient() && s.len() > 0);
        assertThat(segs.get(req).payload()).startsWith("GET /json HTTP/1.1\r\n");
        int resp = firstIndex(segs, s -> !s.fromClient() && s.len() > 0);
        assertThat(segs.get(resp).payload()).startsWith("HTTP/1.1 200 OK\r\n").contains("\"slideshow\"");
        int clientFin = firstIndex(segs, s -> s.fromClient() && s.fin());
        int serverFin = firstIndex(segs, s -> !s.fromClient() && s.fin());
        assertThat(clientFin).isGreaterThan(resp);
        assertThat(serverFin).isGreaterThan(clientFin);            // client did the active close
        assertThat(segs).noneMatch(Seg::rst);
        assertThat(segs.getLast().fromClient()).isTrue();          // the last ACK, for the server's FIN
        assertThat(segs.getLast().pureAck()).isTrue();
    }

    @Test
    void keepalive_probesEverySecondUntilServerClosesIdleConnection() throws Exception {
        List<Seg> segs = run(Scenario.KEEPALIVE, FAST);
        assertHandshake(segs);
        int resp = firstIndex(segs, s -> !s.fromClient() && s.len() > 0);
        assertThat(segs.get(resp).payload()).contains("Keep-Alive: timeout=").contains("Connection: keep-alive");
        // A keep-alive probe: a bare ACK from the client one byte below what it already sent.
        long clientNext = segs.get(firstIndex(segs, s -> s.fromClient() && s.len() > 0)).end();
        List<Seg> probes = segs.stream()
                .filter(s -> s.fromClient() && s.pureAck() && s.seq() == ((clientNext - 1) & 0xFFFFFFFFL))
                .toList();
        assertThat(probes).as("keep-alive probes from the client").hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < probes.size(); i++) {
            long gap = probes.get(i).micros() - probes.get(i - 1).micros();
            assertThat(gap).as("gap between probes (µs)").isBetween(800_000L, 1_400_000L);
        }
        // Each probe is answered by the server with an ACK.
        int firstProbe = segs.indexOf(probes.getFirst());
        assertThat(segs.get(firstProbe + 1).fromClient()).isFalse();
        assertThat(segs.get(firstProbe + 1).pureAck()).isTrue();
        int serverFin = firstIndex(segs, s -> !s.fromClient() && s.fin());
        int clientFin = firstIndex(segs, s -> s.fromClient() && s.fin());
        assertThat(serverFin).as("server sends the first FIN").isPositive().isLessThan(clientFin);
        // The server closes about one idle timeout after its response.
        long idle = segs.get(serverFin).micros() - segs.get(resp).micros();
        assertThat(idle).isBetween(2_300_000L, 4_500_000L);
        assertThat(segs).noneMatch(Seg::rst);
        assertThat(segs.getLast().fromClient()).isFalse();         // the server ACKs the client's FIN: TIME_WAIT on the server
    }

    @Test
    void close_serverFinRidesOnOrFollowsTheLastData() throws Exception {
        List<Seg> segs = run(Scenario.CLOSE, FAST);
        assertHandshake(segs);
        int req = firstIndex(segs, s -> s.fromClient() && s.len() > 0);
        assertThat(segs.get(req).payload()).contains("Connection: close\r\n");
        int serverFin = firstIndex(segs, s -> !s.fromClient() && s.fin());
        assertThat(serverFin).isPositive();
        Seg fin = segs.get(serverFin);
        int lastServerData = -1;
        for (int i = 0; i < segs.size(); i++) if (!segs.get(i).fromClient() && segs.get(i).len() > 0) lastServerData = i;
        assertThat(lastServerData).isLessThanOrEqualTo(serverFin);  // no server data after its FIN
        assertThat(fin.len() > 0 || lastServerData < serverFin).isTrue();
        int clientFin = firstIndex(segs, s -> s.fromClient() && s.fin());
        assertThat(clientFin).isGreaterThan(serverFin);
        assertThat(segs).noneMatch(Seg::rst);
    }

    @Test
    void pipeline_severalRequestsInOneSegment() throws Exception {
        List<Seg> segs = run(Scenario.PIPELINE, FAST);
        assertHandshake(segs);
        int req = firstIndex(segs, s -> s.fromClient() && s.len() > 0);
        String payload = segs.get(req).payload();
        assertThat(payload.split("GET /json HTTP/1.1\r\n", -1)).hasSize(FAST.requests() + 1);
        String responses = segs.stream().filter(s -> !s.fromClient()).map(Seg::payload).reduce("", String::concat);
        assertThat(responses.split("HTTP/1.1 200 OK\r\n", -1)).hasSize(FAST.requests() + 1);
        assertThat(segs).noneMatch(Seg::rst);
    }

    @Test
    void halfClose_serverStillAnswersAfterClientFin() throws Exception {
        List<Seg> segs = run(Scenario.HALF_CLOSE, FAST);
        assertHandshake(segs);
        int clientFin = firstIndex(segs, s -> s.fromClient() && s.fin());
        int resp = firstIndex(segs, s -> !s.fromClient() && s.len() > 0);
        int serverFin = firstIndex(segs, s -> !s.fromClient() && s.fin());
        assertThat(clientFin).isPositive();
        assertThat(resp).as("response after (or with the ACK of) the client's FIN").isGreaterThan(clientFin);
        assertThat(segs.get(resp).payload()).startsWith("HTTP/1.1 200 OK");
        assertThat(serverFin).isGreaterThanOrEqualTo(resp);
        assertThat(segs).noneMatch(Seg::rst);
    }

    @Test
    void reset_clientAbortsWithRst() throws Exception {
        List<Seg> segs = run(Scenario.RESET, FAST);
        assertHandshake(segs);
        int rst = firstIndex(segs, Seg::rst);
        assertThat(rst).isPositive();
        assertThat(segs.get(rst).fromClient()).isTrue();
        assertThat(segs).noneMatch(s -> s.fromClient() && s.fin());
    }

    @Test
    void refused_synThenRstAck() throws Exception {
        List<Seg> segs = run(Scenario.REFUSED, FAST);
        assertThat(segs).hasSizeGreaterThanOrEqualTo(2);
        Seg syn = segs.get(0);
        Seg rst = segs.get(1);
        assertThat(syn.fromClient()).isTrue();
        assertThat(syn.flags()).isEqualTo(0x02);
        assertThat(rst.fromClient()).isFalse();
        assertThat(rst.flags()).isEqualTo(0x14);                   // [R.]
        assertThat(rst.ack()).isEqualTo((syn.seq() + 1) & 0xFFFFFFFFL);
    }
}
