package io.tcplens.bench;

import io.tcplens.capture.Frame;
import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.Handshake;
import io.tcplens.conn.LifecycleTracker;
import io.tcplens.conn.Teardown;
import io.tcplens.decode.Packet;
import io.tcplens.http.HttpConnectionAnalyzer;
import io.tcplens.http.HttpTracker;
import io.tcplens.tcp.TcpAnalyzer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmarks measure what they say only if the synthetic capture is what it says. */
class SyntheticCaptureTest {

    @Test
    void everyConnectionIsAClean_HTTP_Exchange() {
        int n = 300;   // more than CONCURRENT, not a multiple of it
        List<Frame> frames = SyntheticCapture.frames(n);
        assertThat(frames).hasSize(n * SyntheticCapture.FRAMES_PER_CONNECTION);
        TcpAnalyzer a = new TcpAnalyzer();
        HttpTracker http = new HttpTracker(HttpConnectionAnalyzer.Settings.FACTS_ONLY);
        List<ConnectionSummary> rows = new ArrayList<>();
        a.subscribe(http);
        a.subscribe(new LifecycleTracker(rows::add).withHttp(http));
        Packet p = new Packet();
        long analysisFlags = 0;
        for (Frame f : frames) {
            p.decode(f);
            var s = a.process(f, p);
            assertThat(s).as("frame %d", f.number()).isNotNull();
            analysisFlags |= s.analysis;
        }
        a.finish();
        assertThat(analysisFlags).as("no retransmission, loss or other analysis flag").isZero();
        assertThat(rows).hasSize(n);
        for (ConnectionSummary c : rows) {
            assertThat(c.handshake()).isEqualTo(Handshake.THREE_WAY);
            assertThat(c.teardown()).isEqualTo(Teardown.FOUR_WAY);
            assertThat(c.clientPackets() + c.serverPackets()).isEqualTo(SyntheticCapture.FRAMES_PER_CONNECTION);
            assertThat(c.zeekHistory()).isEqualTo("ShADadFf");
            assertThat(c.http()).isNotNull();
            assertThat(c.http().requests()).isEqualTo(1);
            assertThat(c.http().responses()).isEqualTo(1);
        }
    }
}
