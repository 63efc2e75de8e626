package io.tcplens.conn;

import io.tcplens.tcp.TcpState;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle of each kind of connection, on captures made by the lab or copied from the corpus. */
class LifecycleTrackerTest {

    static List<ConnectionSummary> summarize(String capture) throws Exception {
        List<ConnectionSummary> out = new ArrayList<>();
        io.tcplens.testing.TestCaptures.analyze(TestPaths.captures().resolve(capture), new LifecycleTracker(out::add));
        out.sort(Comparator.comparingInt(ConnectionSummary::stream));
        return out;
    }

    static ConnectionSummary only(String capture) throws Exception {
        List<ConnectionSummary> all = summarize(capture);
        assertThat(all).hasSize(1);
        return all.getFirst();
    }

    @Test
    void packetsAfterAConnectionWasSummarisedMakeARowOfTheirOwnWithTheSameStream() {
        // A finished connection, forgotten after TIME_WAIT (another connection's packet 61 s later
        // moves the clock), then two more packets on its 4-tuple with the old sequence numbers.
        io.tcplens.tcp.Scenario sc = io.tcplens.tcp.Scenarios.handshakeClose();
        sc.clientPort(40100);
        sc.c(61.0, "S", 9000, 0);
        sc.clientPort(40000);
        sc.c(62.0, "PA", 1102, 5202).len(30);
        sc.s(62.5, "A", 5202, 1132);
        List<ConnectionSummary> out = new ArrayList<>();
        io.tcplens.tcp.TcpAnalyzer a = new io.tcplens.tcp.TcpAnalyzer();
        a.subscribe(new LifecycleTracker(out::add));
        sc.analyze(a);
        a.finish();
        List<ConnectionSummary> first = out.stream().filter(c -> c.stream() == 0).toList();
        assertThat(first).hasSize(2);
        ConnectionSummary before = first.get(0), after = first.get(1);
        assertThat(before.resumed()).isFalse();
        assertThat(before.clientPackets() + before.serverPackets()).isEqualTo(11);
        assertThat(before.clientPayloadBytes()).isEqualTo(100);
        assertThat(before.teardown()).isEqualTo(Teardown.FOUR_WAY);
        assertThat(after.resumed()).isTrue();
        assertThat(after.clientPackets()).isEqualTo(1);
        assertThat(after.serverPackets()).isEqualTo(1);
        assertThat(after.clientPayloadBytes()).isEqualTo(30);
        assertThat(after.serverPayloadBytes()).isZero();
        assertThat(after.firstNanos()).isEqualTo(before.firstNanos() + 62_000_000_000L);
        assertThat(after.handshake()).isEqualTo(Handshake.NOT_CAPTURED);
        assertThat(after.closeReason()).isEqualTo(io.tcplens.tcp.TcpEvent.CloseReason.FINISHED);   // its ends were done before
        assertThat(out.stream().filter(c -> c.stream() == 1).toList()).hasSize(1);
    }

    @Test
    void aConnectionThatComesBackRightWhenItIsForgottenIsSummarisedOnceForEachPart() {
        // The late packet is the first after TIME_WAIT: the analyzer closes the connection and
        // reopens it for that very packet, while the lifecycle's own close-delay entry for its
        // first part is still queued. That entry must not summarise the new part (it had no
        // packet yet), and each part must make exactly one row. Both kinds of tombstone.
        for (boolean compact : new boolean[] {false, true}) {
            io.tcplens.tcp.Scenario sc = io.tcplens.tcp.Scenarios.handshakeClose();
            sc.c(62.0, "PA", 1102, 5202).len(30);
            sc.s(62.5, "A", 5202, 1132);
            List<ConnectionSummary> out = new ArrayList<>();
            io.tcplens.tcp.TcpAnalyzer a = new io.tcplens.tcp.TcpAnalyzer(io.tcplens.tcp.TcpAnalyzer.DEFAULT_TIME_WAIT_NANOS,
                    io.tcplens.tcp.TcpAnalyzer.DEFAULT_IDLE_NANOS, compact);
            a.subscribe(new LifecycleTracker(out::add));
            sc.analyze(a);
            a.finish();
            assertThat(out).as("compact %s", compact).hasSize(2);
            assertThat(out.get(0).resumed()).isFalse();
            assertThat(out.get(0).clientPackets() + out.get(0).serverPackets()).isEqualTo(11);
            assertThat(out.get(1).resumed()).isTrue();
            assertThat(out.get(1).clientPackets()).isEqualTo(1);
            assertThat(out.get(1).serverPackets()).isEqualTo(1);
        }
    }

    @Test
    void theSameConversationReplayedAfterTimeWaitRanOutIsToldLikeTheFirst() {
        // The whole conversation again on the same 4-tuple with the same ISNs, 120 s later (a capture
        // concatenated with a time-shifted copy of itself, or a stack that reuses the ISN): tshark
        // keeps the stream, so it is the resumed part of stream 0. The client's TIME_WAIT ran out
        // meanwhile, so its SYN opens a new incarnation and the second part must read exactly as the
        // first: before the fix the old FIN facts made the new FINs look retransmitted and the client
        // ended ESTABLISHED, which also kept its state in memory until the idle timeout.
        for (boolean compact : new boolean[] {false, true}) {
            io.tcplens.tcp.Scenario sc = io.tcplens.tcp.Scenarios.handshakeClose();
            io.tcplens.tcp.Scenarios.handshakeClose(sc, 120.0);
            sc.clientPort(40100);
            sc.c(130.0, "S", 9000, 0);   // another connection, later than the close delay
            List<ConnectionSummary> out = new ArrayList<>();
            io.tcplens.tcp.TcpAnalyzer a = new io.tcplens.tcp.TcpAnalyzer(io.tcplens.tcp.TcpAnalyzer.DEFAULT_TIME_WAIT_NANOS,
                    io.tcplens.tcp.TcpAnalyzer.DEFAULT_IDLE_NANOS, compact);
            LifecycleTracker lt = new LifecycleTracker(out::add);
            a.subscribe(lt);
            sc.analyze(a);
            // The second part was summarised by its own close delay, not left open until the end:
            // only the other connection is still open.
            assertThat(lt.openConnections()).as("compact %s", compact).isEqualTo(1);
            a.finish();
            out.removeIf(c -> c.stream() != 0);
            assertThat(out).as("compact %s", compact).hasSize(2);
            ConnectionSummary first = out.get(0), second = out.get(1);
            assertThat(second.resumed()).isTrue();
            assertThat(second.stream()).isEqualTo(first.stream());
            assertThat(second.handshake()).isEqualTo(Handshake.THREE_WAY);
            assertThat(second.teardown()).isEqualTo(first.teardown()).isEqualTo(Teardown.FOUR_WAY);
            assertThat(second.timeWait()).isEqualTo(first.timeWait());
            assertThat(second.activeCloser()).isEqualTo(first.activeCloser());
            assertThat(second.clientFinalState()).isEqualTo(first.clientFinalState()).isEqualTo(io.tcplens.tcp.TcpState.TIME_WAIT);
            assertThat(second.serverFinalState()).isEqualTo(first.serverFinalState()).isEqualTo(io.tcplens.tcp.TcpState.CLOSED);
            assertThat(second.zeekHistory()).isEqualTo(first.zeekHistory());
            assertThat(second.zeekConnState()).isEqualTo(first.zeekConnState());
        }
    }

    @Test
    void aSynRetriedAfterARefusalIsANewRowAsInZeek() {
        // Windows retries a refused connect with the same port and ISN: SYN, RST; SYN, RST. tshark keeps
        // one stream (the second SYN is a retransmission to it); Zeek logs two REJ connections (IsReuse
        // after a RST), and so do the rows.
        io.tcplens.tcp.Scenario sc = new io.tcplens.tcp.Scenario();
        sc.c(0.000, "S", 1000, 0).mss(1460);
        sc.s(0.001, "RA", 0, 1001);
        sc.c(0.500, "S", 1000, 0);
        sc.s(0.501, "RA", 0, 1001);
        List<ConnectionSummary> out = summarise(sc);
        assertThat(out).hasSize(2);
        for (ConnectionSummary c : out) {
            assertThat(c.stream()).isZero();
            assertThat(c.handshake()).isEqualTo(Handshake.REFUSED);
            assertThat(c.zeekConnState()).isEqualTo("REJ");
            assertThat(c.zeekHistory()).isEqualTo("Sr");
            assertThat(c.clientPackets()).isEqualTo(1);
            assertThat(c.serverPackets()).isEqualTo(1);
            assertThat(c.synRetransmits()).isZero();
        }
        assertThat(out.get(0).resumed()).isFalse();
        assertThat(out.get(0).closeReason()).isEqualTo(io.tcplens.tcp.TcpEvent.CloseReason.REPLACED);
        assertThat(out.get(1).resumed()).isTrue();
        assertThat(out.get(1).firstNanos() - out.get(0).firstNanos()).isEqualTo(500_000_000L);
    }

    @Test
    void packetsMoreThanTheCloseDelayAfterARstMakeARowOfTheirOwn() {
        // A reset connection, then a stray RST from the client 10 s later (the analyzer still holds
        // the connection for late retransmissions): Zeek logged the first part 5 s after the RST and
        // makes the stray packet a connection of its own; the rows do the same.
        io.tcplens.tcp.Scenario sc = new io.tcplens.tcp.Scenario();
        sc.c(0.000, "S", 1000, 0);
        sc.s(0.010, "SA", 5000, 1001);
        sc.c(0.020, "A", 1001, 5001);
        sc.s(0.030, "R", 5001, 0);
        sc.c(10.0, "R", 1001, 0);
        List<ConnectionSummary> out = summarise(sc);
        assertThat(out).hasSize(2);
        ConnectionSummary first = out.get(0), late = out.get(1);
        assertThat(first.teardown()).isEqualTo(Teardown.RESET);
        assertThat(first.clientPackets() + first.serverPackets()).isEqualTo(4);
        assertThat(first.zeekConnState()).isEqualTo("RSTR");
        assertThat(first.lastNanos() - first.firstNanos()).isEqualTo(30_000_000L);   // not the stray RST
        assertThat(late.resumed()).isTrue();
        assertThat(late.stream()).isEqualTo(first.stream());
        assertThat(late.clientPackets()).isEqualTo(1);
        assertThat(late.serverPackets()).isZero();
        assertThat(late.zeekHistory()).isEqualTo("R");
    }

    private static List<ConnectionSummary> summarise(io.tcplens.tcp.Scenario sc) {
        List<ConnectionSummary> out = new ArrayList<>();
        io.tcplens.tcp.TcpAnalyzer a = new io.tcplens.tcp.TcpAnalyzer();
        a.subscribe(new LifecycleTracker(out::add));
        sc.analyze(a);
        a.finish();
        return out;
    }

    @Test
    void withoutTheStoryEverySummaryIsTheSameButForMilestonesAndGaps() throws Exception {
        int withMilestones = 0;
        for (String capture : new String[] {"lab-keepalive.pcap", "lab-get.pcap", "socks5-http.pcap"}) {
            List<ConnectionSummary> full = summarize(capture);
            List<ConnectionSummary> lean = new ArrayList<>();
            io.tcplens.testing.TestCaptures.analyze(TestPaths.captures().resolve(capture),
                    new LifecycleTracker(lean::add).withoutStory());
            lean.sort(Comparator.comparingInt(ConnectionSummary::stream));
            assertThat(lean).hasSameSizeAs(full);
            for (int i = 0; i < full.size(); i++) {
                ConnectionSummary f = full.get(i), l = lean.get(i);
                if (!f.milestones().isEmpty()) withMilestones++;
                assertThat(l.milestones()).isEmpty();
                assertThat(l.idleGaps()).isEmpty();
                assertThat(l).usingRecursiveComparison().ignoringFields("milestones", "idleGaps").isEqualTo(f);
            }
        }
        assertThat(withMilestones).as("the full summaries do tell a story").isPositive();
    }

    @Test
    void getWithClientCloseIsAThreeWayHandshakeAndTheClientWaitsInTimeWait() throws Exception {
        ConnectionSummary c = only("lab-get.pcap");
        assertThat(c.handshake()).isEqualTo(Handshake.THREE_WAY);
        assertThat(c.activeCloser()).isEqualTo(Side.CLIENT);
        assertThat(c.timeWait()).isEqualTo(Side.CLIENT);
        assertThat(c.clientFinalState()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(c.serverFinalState()).isEqualTo(TcpState.CLOSED);
        assertThat(c.teardown()).isIn(Teardown.THREE_WAY, Teardown.FOUR_WAY);
        assertThat(c.resetBy()).isNull();
        assertThat(c.clientPayloadBytes()).isPositive();
        assertThat(c.serverPayloadBytes()).isPositive();
        assertThat(c.zeekConnState()).isEqualTo("SF");
        assertThat(c.zeekHistory()).startsWith("ShAD");
    }

    @Test
    void keepaliveProbesAreCountedAndTheServerClosesTheIdleConnection() throws Exception {
        ConnectionSummary c = only("lab-keepalive.pcap");
        assertThat(c.clientKeepaliveProbes()).isGreaterThanOrEqualTo(2);
        assertThat(c.serverKeepaliveProbes()).isZero();
        assertThat(c.clientZeroWindowProbes()).isZero();
        // the lab's client probes every second
        assertThat(c.clientKeepaliveIntervalNanos()).isBetween(800_000_000L, 1_300_000_000L);
        assertThat(c.activeCloser()).isEqualTo(Side.SERVER);
        assertThat(c.timeWait()).isEqualTo(Side.SERVER);
        assertThat(c.serverFinalState()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(c.clientFinalState()).isEqualTo(TcpState.CLOSED);
        assertThat(c.idleGaps()).isNotEmpty();
    }

    @Test
    void connectionCloseWithTheFinOnTheLastDataSegment() throws Exception {
        ConnectionSummary c = only("lab-close.pcap");
        assertThat(c.finWithData()).isTrue();
        assertThat(c.activeCloser()).isEqualTo(Side.SERVER);
        assertThat(c.timeWait()).isEqualTo(Side.SERVER);
    }

    @Test
    void halfCloseIsRecognisedWhenTheServerKeepsSendingAfterTheClientsFin() throws Exception {
        ConnectionSummary c = only("lab-half-close.pcap");
        assertThat(c.halfClose()).isTrue();
        assertThat(c.activeCloser()).isEqualTo(Side.CLIENT);
        assertThat(c.teardown()).isEqualTo(Teardown.FOUR_WAY);
        assertThat(c.timeWait()).isEqualTo(Side.CLIENT);
    }

    @Test
    void abortWithSoLingerZeroIsAResetByTheClient() throws Exception {
        ConnectionSummary c = only("lab-reset.pcap");
        assertThat(c.teardown()).isEqualTo(Teardown.RESET);
        assertThat(c.resetBy()).isEqualTo(Side.CLIENT);
        assertThat(c.timeWait()).isNull();
        assertThat(c.clientFinalState()).isEqualTo(TcpState.CLOSED);
        assertThat(c.serverFinalState()).isEqualTo(TcpState.CLOSED);
        assertThat(c.zeekConnState()).isEqualTo("RSTO");
    }

    @Test
    void refusedConnectionsFromTheLabAndFromTheCorpus() throws Exception {
        for (String f : List.of("lab-refused.pcap", "tcp_refuseconnection.pcapng")) {
            ConnectionSummary c = only(f);
            assertThat(c.handshake()).as(f).isEqualTo(Handshake.REFUSED);
            assertThat(c.teardown()).as(f).isEqualTo(Teardown.RESET);
            assertThat(c.resetBy()).as(f).isEqualTo(Side.SERVER);
            assertThat(c.activeCloser()).as(f).isNull();
            assertThat(c.zeekConnState()).as(f).isEqualTo("REJ");
            assertThat(c.zeekHistory()).as(f).isEqualTo("Sr");
        }
    }

    @Test
    void unansweredSynRetransmissions() throws Exception {
        ConnectionSummary c = only("nowebaccess3.pcapng");
        assertThat(c.handshake()).isEqualTo(Handshake.UNANSWERED);
        assertThat(c.synRetransmits()).isEqualTo(2);
        assertThat(c.teardown()).isEqualTo(Teardown.NONE);
        assertThat(c.clientFinalState()).isEqualTo(TcpState.SYN_SENT);
        assertThat(c.zeekConnState()).isEqualTo("S0");
    }

    @Test
    void captureStartingMidConnectionHasNoCapturedHandshake() throws Exception {
        ConnectionSummary c = only("tcp_teardown.pcapng");
        assertThat(c.handshake()).isEqualTo(Handshake.NOT_CAPTURED);
        assertThat(c.clientFromSyn()).isFalse();
        assertThat(c.server().port()).isEqualTo(80);
        assertThat(c.teardown()).isIn(Teardown.FOUR_WAY, Teardown.THREE_WAY);
        assertThat(c.activeCloser()).isEqualTo(Side.SERVER);
    }

    @Test
    void ipv4AndIpv6ConnectionsAreTheSameStory() throws Exception {
        List<ConnectionSummary> all = summarize("http_ip4and6.pcapng");
        assertThat(all).hasSize(2);
        assertThat(all.get(1).client().address()).hasSize(16);
        assertThat(all.get(1).client().label()).startsWith("[2001:db8:1:2::1002]:");
        // the IPv6 request line names the v6 host, so it is longer
        assertThat(all.get(0).clientPayloadBytes()).isEqualTo(77);
        assertThat(all.get(1).clientPayloadBytes()).isEqualTo(84);
        for (ConnectionSummary c : all) {
            assertThat(c.handshake()).isEqualTo(Handshake.THREE_WAY);
            assertThat(c.teardown()).isEqualTo(Teardown.THREE_WAY);
            assertThat(c.activeCloser()).isEqualTo(Side.CLIENT);
            assertThat(c.timeWait()).isEqualTo(Side.CLIENT);
            assertThat(c.serverPayloadBytes()).isEqualTo(491);
            assertThat(c.zeekHistory()).isEqualTo("ShADadFf");
        }
    }

    @Test
    void zeroWindowProbesAreNotMistakenForKeepalives() throws Exception {
        ConnectionSummary c = only("tcp_zerowindowdead.pcapng");
        assertThat(c.serverZeroWindowProbes()).isEqualTo(3);
        assertThat(c.clientKeepaliveProbes() + c.serverKeepaliveProbes()).isZero();
        assertThat(c.clientZeroWindowProbes()).isZero();
    }
}
