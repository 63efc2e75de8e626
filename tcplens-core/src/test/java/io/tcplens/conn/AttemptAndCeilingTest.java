package io.tcplens.conn;

import io.tcplens.tcp.Scenario;
import io.tcplens.tcp.TcpAnalyzer;
import io.tcplens.tcp.TcpEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded state: an unanswered attempt is summarised after Zeek's attempt delay (S0), and a
 * ceiling on open connections summarises the least recently active ones early ("evicted").
 */
class AttemptAndCeilingTest {

    private static List<ConnectionSummary> run(Scenario sc, TcpAnalyzer a) {
        List<ConnectionSummary> out = new ArrayList<>();
        a.subscribe(new LifecycleTracker(out::add).withoutStory());
        sc.analyze(a);
        a.finish();
        return out;
    }

    private static TcpAnalyzer compact() {
        return new TcpAnalyzer(TcpAnalyzer.DEFAULT_TIME_WAIT_NANOS, TcpAnalyzer.DEFAULT_IDLE_NANOS, true);
    }

    @Test
    void anUnansweredSynIsSummarisedAsS0FiveSecondsAfterItOpenedAndARetransmissionKeepsTheStream() {
        Scenario sc = new Scenario();
        sc.c(0.0, "S", 1000, 0);
        sc.c(1.0, "S", 1000, 0);      // retransmissions within the attempt delay: the same row
        sc.c(3.0, "S", 1000, 0);
        sc.clientPort(40001);
        sc.c(5.5, "S", 7000, 0);      // another connection's SYN moves the clock past 5 s
        sc.clientPort(40000);
        sc.c(7.0, "S", 1000, 0);      // Linux's third retry: Zeek has logged the attempt, this is a new record
        TcpAnalyzer a = compact().attemptTimeout(TcpAnalyzer.DEFAULT_ATTEMPT_NANOS);
        List<ConnectionSummary> out = run(sc, a);
        List<ConnectionSummary> s0 = out.stream().filter(c -> c.stream() == 0).toList();
        assertThat(s0).hasSize(2);
        ConnectionSummary first = s0.get(0), again = s0.get(1);
        assertThat(first.closeReason()).isEqualTo(TcpEvent.CloseReason.ATTEMPT);
        assertThat(first.zeekConnState()).isEqualTo("S0");
        assertThat(first.zeekHistory()).isEqualTo("S");
        assertThat(first.clientPackets()).isEqualTo(3);
        assertThat(first.synRetransmits()).isEqualTo(2);
        assertThat(first.handshake()).isEqualTo(Handshake.UNANSWERED);
        assertThat(again.resumed()).isTrue();
        assertThat(again.clientPackets()).isEqualTo(1);
        assertThat(again.zeekConnState()).isEqualTo("S0");
        assertThat(again.closeReason()).isEqualTo(TcpEvent.CloseReason.END_OF_INPUT);
        assertThat(a.streams()).isEqualTo(2);   // tshark's numbering: the retry stays in stream 0
        // Without the attempt delay: one row, as before.
        assertThat(run(sc, compact()).stream().filter(c -> c.stream() == 0)).hasSize(1);
    }

    @Test
    void anAnsweredAttemptIsNotCutShort() {
        Scenario sc = new Scenario();
        sc.c(0.0, "S", 1000, 0);
        sc.s(0.01, "SA", 5000, 1001);
        sc.c(6.0, "A", 1001, 5001);
        List<ConnectionSummary> out = run(sc, compact().attemptTimeout(TcpAnalyzer.DEFAULT_ATTEMPT_NANOS));
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().handshake()).isEqualTo(Handshake.THREE_WAY);
        assertThat(out.getFirst().closeReason()).isEqualTo(TcpEvent.CloseReason.END_OF_INPUT);
    }

    @Test
    void overTheCeilingTheLeastRecentlyActiveAreEvictedAndEveryConnectionStillHasARow() {
        Scenario sc = new Scenario();
        for (int i = 0; i < 10; i++) {
            sc.clientPort(41000 + i);
            sc.c(i * 0.001, "S", 1000 + i, 0);
            sc.s(i * 0.001 + 0.0001, "SA", 9000 + i, 1001 + i);
        }
        sc.clientPort(41000);                       // the first connection is active again
        sc.c(0.5, "A", 1001, 9001);
        TcpAnalyzer a = compact().maxOpenConnections(4);
        List<ConnectionSummary> out = run(sc, a);
        // Never more than 4 open: each packet that finds 4 open first evicts the least recently active.
        assertThat(a.evictedConnections()).isEqualTo(7);
        assertThat(out.stream().filter(c -> c.closeReason() == TcpEvent.CloseReason.EVICTED).map(ConnectionSummary::stream))
                .containsExactly(0, 1, 2, 3, 4, 5, 6);
        // Every connection has its row; connection 0's packet after its eviction has a row of its own.
        assertThat(out.stream().map(ConnectionSummary::stream).distinct()).hasSize(10);
        assertThat(out).hasSize(11);
        assertThat(out.getLast().stream()).isZero();
        assertThat(out.getLast().resumed()).isTrue();
        assertThat(out.getLast().clientPackets()).isEqualTo(1);
        assertThat(a.openConnections()).isZero();
    }
}
