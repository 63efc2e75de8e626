package io.tcplens.tcp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each analysis rule and the endpoint state machine on crafted conversations. Rows are
 * "seq ack len nxtseq analysis client_state server_state"; the seq/ack/len/analysis parts were
 * checked against tshark 4.0.17 (testdata/golden/analyze holds tshark's output for the same
 * captures).
 */
class TcpAnalyzerTest {

    /** Records the stream of every segment and "stream REASON" of every ConnectionClosed, in order. */
    static final class Recorded implements TcpListener {
        final List<Integer> streams = new ArrayList<>();
        final List<String> closed = new ArrayList<>();

        @Override public void onSegment(SegmentInfo s) { streams.add(s.stream); }

        @Override public void onEvent(TcpEvent e) {
            if (e instanceof TcpEvent.ConnectionClosed c) closed.add(c.connection().stream() + " " + c.reason());
        }
    }

    private static List<String> rows(Scenario sc) { return sc.analyze(new TcpAnalyzer()); }

    @Test
    void handshakeDataAndFourSegmentClose() {
        assertThat(rows(Scenarios.handshakeClose())).containsExactly(
                "0 0 0 1 - SYN_SENT SYN_RCVD",
                "0 1 0 1 - ESTABLISHED SYN_RCVD",
                "1 1 0 1 - ESTABLISHED ESTABLISHED",
                "1 1 100 101 - ESTABLISHED ESTABLISHED",
                "1 101 0 1 - ESTABLISHED ESTABLISHED",
                "1 101 200 201 - ESTABLISHED ESTABLISHED",
                "101 201 0 101 - ESTABLISHED ESTABLISHED",
                "101 201 0 102 - FIN_WAIT_1 CLOSE_WAIT",
                "201 102 0 201 - FIN_WAIT_2 CLOSE_WAIT",
                "201 102 0 202 - TIME_WAIT LAST_ACK",
                "102 202 0 102 - TIME_WAIT CLOSED");
    }

    @Test
    void threeSegmentCloseGoesStraightToTimeWait() {
        assertThat(rows(Scenarios.threeWayClose())).containsExactly(
                "0 0 0 1 - SYN_SENT SYN_RCVD",
                "0 1 0 1 - ESTABLISHED SYN_RCVD",
                "1 1 0 1 - ESTABLISHED ESTABLISHED",
                "1 1 50 51 - ESTABLISHED ESTABLISHED",
                "1 51 300 302 - CLOSE_WAIT FIN_WAIT_1",
                "51 302 0 52 - LAST_ACK TIME_WAIT",
                "302 52 0 302 - CLOSED TIME_WAIT");
    }

    @Test
    void simultaneousOpenAndClose() {
        assertThat(rows(Scenarios.simultaneous())).containsExactly(
                "0 0 0 1 - SYN_SENT SYN_RCVD",
                "0 0 0 1 - SYN_RCVD SYN_SENT",
                "0 1 0 1 retransmission SYN_RCVD ESTABLISHED",
                "0 1 0 1 retransmission ESTABLISHED ESTABLISHED",
                "1 1 10 11 - ESTABLISHED ESTABLISHED",
                "1 11 0 1 - ESTABLISHED ESTABLISHED",
                "11 1 0 12 - FIN_WAIT_1 CLOSE_WAIT",
                "1 11 0 2 - CLOSING CLOSING",
                "12 2 0 12 - CLOSING TIME_WAIT",
                "2 12 0 2 - TIME_WAIT TIME_WAIT");
    }

    @Test
    void resetsPortReuseSynRetransmissionAndChangedSynAckIsn() {
        assertThat(rows(Scenarios.rstAndReuse())).containsExactly(
                "0 0 0 1 - SYN_SENT SYN_RCVD",
                "1 1 0 1 - CLOSED CLOSED",                       // refused
                "0 0 0 1 reused_ports SYN_SENT SYN_RCVD",        // new ISN on the same ports: new stream
                "0 1 0 1 - ESTABLISHED SYN_RCVD",
                "1 1 0 1 - ESTABLISHED ESTABLISHED",
                "1 1 0 1 - CLOSED CLOSED",                       // client aborts
                "0 0 0 1 - SYN_SENT SYN_RCVD",
                "0 0 0 1 retransmission SYN_SENT SYN_RCVD",      // SYN retransmitted: no state change
                "0 1 0 1 - ESTABLISHED SYN_RCVD",
                "1 1 0 1 - ESTABLISHED ESTABLISHED",
                "1 1 20 21 - ESTABLISHED ESTABLISHED",
                "1 21 0 1 - ESTABLISHED ESTABLISHED",
                "1 0 0 1 - CLOSED CLOSED",                       // server reset (no ACK: raw ack)
                "0 0 0 1 - SYN_SENT SYN_RCVD",
                "0 1 0 1 - ESTABLISHED SYN_RCVD",
                "0 1 0 1 lost_segment,reused_ports ESTABLISHED SYN_RCVD",
                "1 1 0 1 ack_lost_segment ESTABLISHED ESTABLISHED");
    }

    @Test
    void streamNumbersFollowTsharkPortReuse() {
        TcpAnalyzer a = new TcpAnalyzer();
        List<Integer> streams = new ArrayList<>();
        a.subscribe(new TcpListener() {
            @Override public void onSegment(SegmentInfo s) { streams.add(s.stream); }
        });
        Scenarios.rstAndReuse().analyze(a);
        assertThat(streams).containsExactly(0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3);
        assertThat(a.streams()).isEqualTo(4);
    }

    @Test
    void retransmissionFamilyLostAndAckedUnseen() {
        List<String> r = rows(Scenarios.retransmissions());
        assertThat(r).extracting(s -> s.split(" ")[4]).containsExactly(
                "-", "-", "-", "-", "lost_segment",
                "-", "duplicate_ack", "duplicate_ack", "duplicate_ack",
                "fast_retransmission,retransmission", "-",
                "retransmission,spurious_retransmission", "-", "lost_segment", "out_of_order", "-",
                "-", "retransmission", "ack_lost_segment");
    }

    @Test
    void duplicateAckNumbersAndFrame() {
        TcpAnalyzer a = new TcpAnalyzer();
        List<String> dups = new ArrayList<>();
        a.subscribe(new TcpListener() {
            @Override public void onSegment(SegmentInfo s) {
                if (s.has(Analysis.DUPLICATE_ACK)) dups.add(s.frame + "#" + s.dupAckNum + "@" + s.dupAckFrame);
            }
        });
        Scenarios.retransmissions().analyze(a);
        assertThat(dups).containsExactly("7#1@6", "8#2@6", "9#3@6");
    }

    @Test
    void windowAndKeepAliveRules() {
        assertThat(rows(Scenarios.keepAliveWindow())).extracting(s -> s.split(" ")[4]).containsExactly(
                "-", "-", "-", "window_full", "zero_window", "zero_window_probe",
                "zero_window,zero_window_probe_ack", "window_update", "-", "-",
                "keep_alive", "keep_alive_ack", "keep_alive_ack", "-", "-", "-");
    }

    @Test
    void midStreamStartIsUnknownUntilTheClose() {
        TcpAnalyzer a = new TcpAnalyzer();
        List<String> r = Scenarios.midstreamHalfClose().analyze(a);
        assertThat(r).containsExactly(
                "1 1 100 101 - UNKNOWN UNKNOWN",
                "1 101 0 1 - UNKNOWN UNKNOWN",
                "1 101 0 2 - FIN_WAIT_1 CLOSE_WAIT",
                "101 2 0 101 - FIN_WAIT_2 CLOSE_WAIT",
                "101 2 50 151 - FIN_WAIT_2 CLOSE_WAIT",   // half-close: the server still sends
                "2 151 0 2 - FIN_WAIT_2 CLOSE_WAIT",
                "151 2 0 152 - TIME_WAIT LAST_ACK",
                "2 152 0 2 - TIME_WAIT CLOSED");
    }

    @Test
    void clientIsGuessedFromPortsWithoutSyn() {
        TcpAnalyzer a = new TcpAnalyzer();
        List<SegmentInfo> first = new ArrayList<>();
        List<Boolean> fromClient = new ArrayList<>();
        a.subscribe(new TcpListener() {
            @Override public void onSegment(SegmentInfo s) {
                fromClient.add(s.fromClient);
                if (first.isEmpty()) first.add(s);
            }
        });
        Scenarios.midstreamHalfClose().analyze(a);
        TcpConnection c = first.get(0).connection;
        assertThat(c.serverPort()).isEqualTo(22);
        assertThat(c.clientPort()).isEqualTo(50000);
        assertThat(c.clientFromSyn()).isFalse();
        assertThat(fromClient).containsExactly(false, true, true, false, false, true, false, true);
    }

    @Test
    void retransmittedFinChangesNothingAndResetAfterHalfCloseClosesBoth() {
        Scenario sc = new Scenario();
        sc.c(0, "S", 1000, 0);
        sc.s(0.01, "SA", 5000, 1001);
        sc.c(0.02, "A", 1001, 5001);
        sc.c(0.03, "FA", 1001, 5001);
        sc.c(0.50, "FA", 1001, 5001);       // FIN retransmitted
        sc.s(0.51, "A", 5001, 1002);
        sc.s(0.52, "PA", 5001, 1002).len(10);
        sc.c(0.53, "R", 1002, 0);           // the client closed fully: data gets a reset
        assertThat(rows(sc)).extracting(s -> s.substring(s.indexOf(' ', s.indexOf(' ', s.indexOf(' ', s.indexOf(' ') + 1) + 1) + 1) + 1))
                .containsExactly(
                        "- SYN_SENT SYN_RCVD",
                        "- ESTABLISHED SYN_RCVD",
                        "- ESTABLISHED ESTABLISHED",
                        "- FIN_WAIT_1 CLOSE_WAIT",
                        "retransmission FIN_WAIT_1 CLOSE_WAIT",
                        "- FIN_WAIT_2 CLOSE_WAIT",
                        "- FIN_WAIT_2 CLOSE_WAIT",
                        "- CLOSED CLOSED");
    }

    @Test
    void resetInTimeWaitAndLastAck() {
        List<String> r = rows(Scenarios.handshakeClose());
        assertThat(r.get(9)).endsWith("TIME_WAIT LAST_ACK");
        // The same conversation without its last ACK, then a reset from the client in TIME_WAIT.
        List<io.tcplens.capture.Frame> frames = Scenarios.handshakeClose().frames().subList(0, 10);
        TcpAnalyzer b = new TcpAnalyzer();
        io.tcplens.decode.Packet p = new io.tcplens.decode.Packet();
        for (var f : frames) { p.decode(f); b.process(f, p); }
        Scenario rst = new Scenario();
        rst.c(0.095, "R", 1102, 0);
        var f = rst.frames().get(0);
        p.decode(f);
        SegmentInfo last = b.process(f, p);
        assertThat(last.clientState).isEqualTo(TcpState.CLOSED);   // sender of the reset (was TIME_WAIT)
        assertThat(last.serverState).isEqualTo(TcpState.CLOSED);   // LAST_ACK receives it
    }

    @Test
    void rstWhileSynReceivedReturnsAPassiveServerToListen() {
        Scenario sc = new Scenario();
        sc.c(0, "S", 1000, 0);
        sc.s(0.01, "SA", 5000, 1001);
        sc.c(0.02, "R", 1001, 0);
        assertThat(rows(sc)).extracting(s -> s.substring(s.indexOf(' ', s.indexOf(' ', s.indexOf(' ', s.indexOf(' ') + 1) + 1) + 1) + 1))
                .containsExactly("- SYN_SENT SYN_RCVD", "- ESTABLISHED SYN_RCVD", "- CLOSED LISTEN");
    }

    @Test
    void eventsOpenedStateChangesAndClosed() {
        TcpAnalyzer a = new TcpAnalyzer();
        List<String> ev = new ArrayList<>();
        a.subscribe(new TcpListener() {
            @Override public void onEvent(TcpEvent e) {
                switch (e) {
                    case TcpEvent.ConnectionOpened o -> ev.add(o.frame() + " opened " + o.connection().stream());
                    case TcpEvent.StateChanged s -> ev.add(s.frame() + " " + (s.client() ? "client " : "server ") + s.from() + "->" + s.to());
                    case TcpEvent.ConnectionClosed c -> ev.add(c.frame() + " closed " + c.reason());
                }
            }
        });
        Scenarios.handshakeClose().analyze(a);
        assertThat(a.openConnections()).isEqualTo(1);
        a.finish();
        assertThat(a.openConnections()).isZero();
        assertThat(ev).containsExactly(
                "1 opened 0",
                "1 client UNKNOWN->SYN_SENT", "1 server UNKNOWN->SYN_RCVD",
                "2 client SYN_SENT->ESTABLISHED",
                "3 server SYN_RCVD->ESTABLISHED",
                "8 client ESTABLISHED->FIN_WAIT_1", "8 server ESTABLISHED->CLOSE_WAIT",
                "9 client FIN_WAIT_1->FIN_WAIT_2",
                "10 server CLOSE_WAIT->LAST_ACK", "10 client FIN_WAIT_2->TIME_WAIT",
                "11 server LAST_ACK->CLOSED",
                "0 closed FINISHED");
    }

    @Test
    void compactTombstonesNumberEveryFrameAsFullOnes() {
        // Random conversations on three 4-tuples, with silences past TIME_WAIT and the idle
        // timeout, new and old ISNs, FINs and RSTs: whatever comes, a compact tombstone must give
        // every frame the stream, relative seq and ack a full one gives, and the connections must
        // be reopened and closed at the same frames (both endpoints' states go on the same way).
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(20261121);
        String[] flags = {"S", "SA", "A", "PA", "FA", "R", "RA"};
        double[] gaps = {0.001, 0.01, 1, 6, 61, 301};
        int frames = 0, resumed = 0;
        for (int run = 0; run < 400; run++) {
            Scenario sc = new Scenario();
            double t = 0;
            long[] isn = {1000, 5000, 9000};
            for (int i = 0; i < 40; i++) {
                int port = 40000 + rnd.nextInt(3);
                sc.clientPort(port);
                t += gaps[rnd.nextInt(gaps.length)];
                String f = flags[rnd.nextInt(flags.length)];
                int k = port - 40000;
                if (f.equals("S") && rnd.nextInt(3) == 0) isn[k] = rnd.nextInt(1 << 30);   // a new ISN: port reuse
                long seq = isn[k] + (f.startsWith("S") ? 0 : 1 + rnd.nextInt(50));
                long ack = 7000 + rnd.nextInt(50);
                if (rnd.nextBoolean()) sc.c(t, f, seq, ack).len(f.contains("P") ? 1 + rnd.nextInt(20) : 0);
                else sc.s(t, f, ack, seq).len(f.contains("P") ? 1 + rnd.nextInt(20) : 0);
            }
            List<String> full = numbering(sc, false), compact = numbering(sc, true);
            assertThat(compact).as("run %d", run).isEqualTo(full);
            for (String row : full) {
                if (!row.startsWith("closed")) frames++;
                if (row.endsWith("resumed")) resumed++;
            }
        }
        assertThat(frames).isEqualTo(400 * 40);
        assertThat(resumed).as("the runs do bring connections back").isGreaterThan(100);
    }

    /**
     * Per frame: "stream seq ack", and " resumed" when the frame reopened a summarised connection;
     * between them, each close as "closed STREAM REASON at FRAME".
     */
    private static List<String> numbering(Scenario sc, boolean compactTombstones) {
        TcpAnalyzer a = new TcpAnalyzer(TcpAnalyzer.DEFAULT_TIME_WAIT_NANOS, TcpAnalyzer.DEFAULT_IDLE_NANOS, compactTombstones);
        List<String> out = new ArrayList<>();
        boolean[] resumedNow = {false};
        a.subscribe(new TcpListener() {
            @Override public void onEvent(TcpEvent e) {
                if (e instanceof TcpEvent.ConnectionOpened o && o.resumed()) resumedNow[0] = true;
                if (e instanceof TcpEvent.ConnectionClosed c) out.add("closed " + c.connection().stream() + " " + c.reason() + " at " + c.frame());
            }
            @Override public void onSegment(SegmentInfo s) {
                out.add(s.stream + " " + Integer.toUnsignedString(s.seq) + " " + Integer.toUnsignedString(s.ack)
                        + (resumedNow[0] ? " resumed" : ""));
                resumedNow[0] = false;
            }
        });
        sc.analyze(a);
        a.finish();
        return out;
    }

    /** Runs {@code sc}: its events as "frame stream opened|resumed|REASON", each frame's stream and row. */
    private static List<String> events(TcpAnalyzer a, Scenario sc, List<Integer> streams, List<String> rows) {
        List<String> ev = new ArrayList<>();
        a.subscribe(new TcpListener() {
            @Override public void onEvent(TcpEvent e) {
                if (e instanceof TcpEvent.ConnectionClosed c) ev.add(c.frame() + " " + c.connection().stream() + " " + c.reason());
                if (e instanceof TcpEvent.ConnectionOpened o) ev.add(o.frame() + " " + o.connection().stream() + (o.resumed() ? " resumed" : " opened"));
            }
            @Override public void onSegment(SegmentInfo s) { streams.add(s.stream); }
        });
        rows.addAll(sc.analyze(a));
        return ev;   // the caller ends the analysis (a.finish()) when it wants the last closes
    }

    /** Stream 0 closes; 61 s later stream 1 opens (TIME_WAIT passes); then a late ACK on stream 0's ports. */
    private static Scenario closedThenLatePacket() {
        Scenario sc = Scenarios.handshakeClose();
        sc.clientPort(40100);
        sc.c(61.0, "S", 9000, 0);
        sc.clientPort(40000);
        sc.c(62.0, "A", 1102, 5202);
        return sc;
    }

    @Test
    void compactTombstonesGiveLatePacketsTheSameStreamNumbersAndEvents() {
        for (boolean compact : new boolean[] {false, true}) {
            Scenario sc = closedThenLatePacket();
            sc.c(63.0, "S", 1000, 0);           // the old ISN again: a retransmitted SYN, same stream
            sc.c(64.0, "S", 777_000, 0);        // a new ISN: port reuse, a new stream
            List<Integer> streams = new ArrayList<>();
            List<String> rows = new ArrayList<>();
            TcpAnalyzer a = new TcpAnalyzer(TcpAnalyzer.DEFAULT_TIME_WAIT_NANOS, TcpAnalyzer.DEFAULT_IDLE_NANOS, compact);
            List<String> ev = events(a, sc, streams, rows);
            a.finish();
            assertThat(ev).as("compact %s", compact).startsWith("1 0 opened", "12 0 FINISHED", "12 1 opened",
                    "13 0 resumed", "15 2 opened");
            assertThat(streams.subList(11, 15)).containsExactly(1, 0, 0, 2);
            assertThat(rows.get(12)).startsWith("102 202 0 102 ");
            assertThat(rows.get(14)).contains("reused_ports");
        }
    }

    @Test
    void forgettingOldTombstonesNeverDropsAConnectionThatCameBack() {
        // At most one tombstone: stream 0 is summarised, comes back (resumed), then stream 1 is
        // summarised too, which forgets stream 0's old tombstone; stream 0 itself must stay.
        Scenario sc = closedThenLatePacket();   // stream 0 summarised, then resumed at frame 13
        sc.clientPort(40100);
        sc.s(62.1, "R", 0, 0);                   // stream 1 reset: both ends done
        sc.clientPort(40200);
        sc.c(130.0, "S", 5000, 0);               // moves the clock: stream 1 summarised and buried
        sc.clientPort(40000);
        sc.c(131.0, "A", 1102, 5202);           // still stream 0
        List<Integer> streams = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        events(new TcpAnalyzer(TcpAnalyzer.DEFAULT_TIME_WAIT_NANOS, TcpAnalyzer.DEFAULT_IDLE_NANOS, true, 1),
                sc, streams, rows);
        assertThat(streams.getLast()).isZero();
    }

    @Test
    void finishedConnectionIsSummarisedAfterTimeWaitAndKeepsItsStream() {
        TcpAnalyzer a = new TcpAnalyzer();
        List<Integer> streams = new ArrayList<>();
        List<String> r = new ArrayList<>();
        List<String> ev = events(a, closedThenLatePacket(), streams, r);
        assertThat(ev).containsExactly("1 0 opened", "12 0 FINISHED", "12 1 opened", "13 0 resumed");
        assertThat(streams.subList(11, 13)).containsExactly(1, 0);
        assertThat(r.get(12)).startsWith("102 202 0 102 ");
        assertThat(a.openConnections()).isEqualTo(2);
        a.finish();
        assertThat(a.openConnections()).isZero();
    }

    @Test
    void compactTombstonesKeepStreamAndRelativeNumbers() {
        Scenario sc = Scenarios.handshakeClose();
        sc.clientPort(40100);
        sc.c(61.0, "S", 9000, 0);
        sc.clientPort(40000);
        sc.c(62.0, "A", 1102, 5202);
        sc.c(63.0, "S", 7777, 0);   // port reuse after the tombstone: a new stream
        TcpAnalyzer a = new TcpAnalyzer(TcpAnalyzer.DEFAULT_TIME_WAIT_NANOS, TcpAnalyzer.DEFAULT_IDLE_NANOS, true);
        List<Integer> streams = new ArrayList<>();
        a.subscribe(new TcpListener() {
            @Override public void onSegment(SegmentInfo s) { streams.add(s.stream); }
        });
        List<String> r = sc.analyze(a);
        assertThat(streams.subList(11, 14)).containsExactly(1, 0, 2);
        assertThat(r.get(12)).startsWith("102 202 0 102 ");
        assertThat(r.get(13)).startsWith("0 0 0 1 reused_ports SYN_SENT");
    }

    @Test
    void tombstonesBeyondTheBoundAreForgottenOldestFirst() {
        // Stream 0 is summarised at frame 12; a late ACK on its 4-tuple comes after stream 1 opened.
        for (int max : new int[] {0, 1}) {
            Scenario sc = Scenarios.handshakeClose();
            sc.clientPort(40100);
            sc.c(61.0, "S", 9000, 0);
            sc.clientPort(40000);
            sc.c(62.0, "A", 1102, 5202);
            TcpAnalyzer a = new TcpAnalyzer(TcpAnalyzer.DEFAULT_TIME_WAIT_NANOS, TcpAnalyzer.DEFAULT_IDLE_NANOS, true, max);
            List<Integer> streams = new ArrayList<>();
            a.subscribe(new TcpListener() {
                @Override public void onSegment(SegmentInfo s) { streams.add(s.stream); }
            });
            sc.analyze(a);
            // Remembered (bound 1): the late packet continues stream 0, as in tshark.
            // Forgotten (bound 0): it starts stream 2.
            assertThat(streams.subList(11, 13)).as("bound %d", max).containsExactly(1, max == 0 ? 2 : 0);
        }
    }

    @Test
    void establishedConnectionStaysOpenThroughLongSilences() {
        // Both ends ESTABLISHED, then two hours of silence (keep-alive probes come that far apart),
        // then more data: one connection, summarised only at the end of the input.
        Scenario sc = new Scenario();
        sc.c(0.000, "S", 1000, 0);
        sc.s(0.010, "SA", 5000, 1001);
        sc.c(0.020, "A", 1001, 5001);
        sc.c(7200.0, "A", 1000, 5001);          // a keep-alive probe
        sc.s(7200.01, "A", 5001, 1001);
        sc.c(7300.0, "PA", 1001, 5001).len(10);
        // A connection whose handshake never completed is still summarised after the idle timeout.
        sc.clientPort(41000);
        sc.c(7400.0, "S", 2000, 0);
        sc.clientPort(40000);
        sc.s(7800.0, "A", 5001, 1011);          // 400 s of silence: a jump the next frame confirms
        sc.c(7801.0, "A", 1011, 5001);          // the sweep now ends stream 1 (idle since 7400 s)
        sc.clientPort(41000);
        sc.c(8000.0, "S", 2000, 0);             // on stream 1's ports: revives it
        TcpAnalyzer a = new TcpAnalyzer();
        Recorded rec = new Recorded();
        a.subscribe(rec);
        List<String> ev = rec.closed;
        List<Integer> streams = rec.streams;
        sc.analyze(a);
        a.finish();
        assertThat(streams).containsExactly(0, 0, 0, 0, 0, 0, 1, 0, 0, 1);
        // stream 1 was revived by its late SYN, so it ends once more (no second summary is made of it)
        assertThat(ev).containsExactly("1 IDLE", "0 END_OF_INPUT", "1 END_OF_INPUT");
    }

    @Test
    void establishedConnectionSilentForHoursIsSummarisedInTheEnd() {
        // Its FIN was never captured: after more than ESTABLISHED_IDLE_NANOS of silence it goes.
        Scenario sc = new Scenario();
        sc.c(0.000, "S", 1000, 0);
        sc.s(0.010, "SA", 5000, 1001);
        sc.c(0.020, "A", 1001, 5001);
        sc.clientPort(41000);
        sc.c(7000.0, "S", 2000, 0);              // other traffic goes on
        sc.s(7000.01, "SA", 6000, 2001);
        sc.c(7000.02, "A", 2001, 6001);
        sc.c(7900.0, "A", 2001, 6001);
        sc.c(7900.5, "A", 2001, 6001);
        TcpAnalyzer a = new TcpAnalyzer();
        Recorded rec = new Recorded();
        a.subscribe(rec);
        sc.analyze(a);
        assertThat(rec.closed).containsExactly("0 IDLE");
    }

    @Test
    void aPacketStampedEarlierDoesNotMakeTheNextLookIdle() {
        // An unanswered SYN retransmitted with a clock that jumped back 90 s: at 350 s the
        // connection has been silent 250 s (since 100 s), not 340 s, so it is not summarised as idle.
        Scenario sc = new Scenario();
        sc.c(100.0, "S", 1000, 0);
        sc.c(10.0, "S", 1000, 0);
        sc.c(350.0, "S", 1000, 0);
        TcpAnalyzer a = new TcpAnalyzer();
        Recorded rec = new Recorded();
        a.subscribe(rec);
        List<String> ev = rec.closed;
        sc.analyze(a);
        assertThat(ev).isEmpty();
        a.finish();
        assertThat(ev).containsExactly("0 END_OF_INPUT");
    }

    @Test
    void oneFrameStampedFarAheadDoesNotEndEveryConnection() {
        // A fuzzed or broken clock: one SYN-ACK stamped a million seconds ahead, then time goes on
        // as before. The handshake still completes in stream 0; nothing is summarised as idle.
        Scenario sc = new Scenario();
        sc.c(0.000, "S", 1000, 0);
        sc.s(1_000_000.0, "SA", 5000, 1001);
        sc.c(0.020, "A", 1001, 5001);
        sc.c(0.030, "PA", 1001, 5001).len(10);
        TcpAnalyzer a = new TcpAnalyzer();
        Recorded rec = new Recorded();
        a.subscribe(rec);
        List<String> ev = rec.closed;
        List<Integer> streams = rec.streams;
        sc.analyze(a);
        assertThat(ev).isEmpty();
        assertThat(streams).containsExactly(0, 0, 0, 0);
    }

    @Test
    void idleConnectionIsSummarised() {
        Scenario sc = new Scenario();
        sc.c(0, "S", 1000, 0);
        sc.clientPort(41000);
        sc.c(400, "S", 2000, 0);
        sc.c(401, "S", 2000, 0);   // confirms the 400 s jump (one frame alone does not sweep)
        TcpAnalyzer a = new TcpAnalyzer();
        List<String> ev = new ArrayList<>();
        a.subscribe(new TcpListener() {
            @Override public void onEvent(TcpEvent e) {
                if (e instanceof TcpEvent.ConnectionClosed c) ev.add(c.connection().stream() + " " + c.reason());
            }
        });
        sc.analyze(a);
        a.finish();
        assertThat(ev).containsExactly("0 IDLE", "1 END_OF_INPUT");
    }

    @Test
    void initialRttAndAckRtt() {
        TcpAnalyzer a = new TcpAnalyzer();
        List<long[]> rtt = new ArrayList<>();
        a.subscribe(new TcpListener() {
            @Override public void onSegment(SegmentInfo s) { rtt.add(new long[] {s.initialRttNanos, s.acksFrame, s.ackRttNanos, s.bytesInFlight}); }
        });
        Scenarios.handshakeClose().analyze(a);
        assertThat(rtt.get(2)[0]).isEqualTo(20_000_000L);   // SYN at 0, ACK at 20 ms
        assertThat(rtt.get(1)[1]).isEqualTo(1);             // the SYN+ACK acknowledges frame 1
        assertThat(rtt.get(1)[2]).isEqualTo(10_000_000L);
        assertThat(rtt.get(3)[3]).isEqualTo(100);           // 100 bytes in flight
        assertThat(rtt.get(4)[1]).isEqualTo(4);
    }
}
