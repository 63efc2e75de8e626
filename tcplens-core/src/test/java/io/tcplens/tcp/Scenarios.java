package io.tcplens.tcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The crafted conversations behind testdata/captures/analyze-*.pcap. Run {@link #main} to
 * (re)write the captures; scripts/golden-analyze.sh then records tshark's view of them.
 */
public final class Scenarios {
    private Scenarios() {}

    /** Name (file name without .pcap) to scenario. */
    public static Map<String, Supplier<Scenario>> all() {
        Map<String, Supplier<Scenario>> m = new LinkedHashMap<>();
        m.put("analyze-handshake-close", Scenarios::handshakeClose);
        m.put("analyze-three-way-close", Scenarios::threeWayClose);
        m.put("analyze-simultaneous", Scenarios::simultaneous);
        m.put("analyze-rst-reuse", Scenarios::rstAndReuse);
        m.put("analyze-retransmissions", Scenarios::retransmissions);
        m.put("analyze-keepalive-window", Scenarios::keepAliveWindow);
        m.put("analyze-midstream-halfclose", Scenarios::midstreamHalfClose);
        m.put("analyze-resumed", Scenarios::resumed);
        m.put("analyze-refused-retry", Scenarios::refusedRetry);
        return m;
    }

    /** Three-way handshake, data both ways, four-segment close started by the client. */
    public static Scenario handshakeClose() {
        return handshakeClose(new Scenario(), 0);
    }

    /** Appends {@link #handshakeClose()}'s conversation to {@code sc}, starting at time {@code t0}. */
    public static Scenario handshakeClose(Scenario sc, double t0) {
        sc.c(t0 + 0.000, "S", 1000, 0).win(64240).mss(1460).sackPerm().ws(7);
        sc.s(t0 + 0.010, "SA", 5000, 1001).win(65160).mss(1460).sackPerm().ws(7);
        sc.c(t0 + 0.020, "A", 1001, 5001).win(502);
        sc.c(t0 + 0.021, "PA", 1001, 5001).win(502).len(100);
        sc.s(t0 + 0.031, "A", 5001, 1101).win(509);
        sc.s(t0 + 0.040, "PA", 5001, 1101).win(509).len(200);
        sc.c(t0 + 0.050, "A", 1101, 5201).win(501);
        sc.c(t0 + 0.060, "FA", 1101, 5201).win(501);
        sc.s(t0 + 0.070, "A", 5201, 1102).win(509);
        sc.s(t0 + 0.080, "FA", 5201, 1102).win(509);
        sc.c(t0 + 0.090, "A", 1102, 5202).win(501);
        return sc;
    }

    /** The server closes first with data in its FIN; the client's FIN carries the ACK of it. */
    public static Scenario threeWayClose() {
        Scenario sc = new Scenario();
        sc.c(0.000, "S", 1000, 0).mss(1460);
        sc.s(0.010, "SA", 7000, 1001).mss(1460);
        sc.c(0.020, "A", 1001, 7001);
        sc.c(0.021, "PA", 1001, 7001).len(50);
        sc.s(0.030, "FPA", 7001, 1051).len(300);
        sc.c(0.040, "FA", 1051, 7302);
        sc.s(0.050, "A", 7302, 1052);
        return sc;
    }

    /** Simultaneous open (SYNs cross) and simultaneous close (FINs cross). */
    public static Scenario simultaneous() {
        Scenario sc = new Scenario(new byte[] {10, 0, 0, 1}, 5000, new byte[] {10, 0, 0, 2}, 6000);
        sc.c(0.000, "S", 1000, 0);
        sc.s(0.001, "S", 5000, 0);
        sc.c(0.010, "SA", 1000, 5001);
        sc.s(0.011, "SA", 5000, 1001);
        sc.c(0.020, "PA", 1001, 5001).len(10);
        sc.s(0.030, "A", 5001, 1011);
        sc.c(0.040, "FA", 1011, 5001);
        sc.s(0.041, "FA", 5001, 1011);
        sc.c(0.050, "A", 1012, 5002);
        sc.s(0.051, "A", 5002, 1012);
        return sc;
    }

    /**
     * Connection refused; a new SYN on the same ports (port reuse) answered, then aborted by the
     * client; a retransmitted SYN, then a server reset; a SYN+ACK with a changed ISN.
     */
    public static Scenario rstAndReuse() {
        Scenario sc = new Scenario();
        sc.c(0.000, "S", 1000, 0);
        sc.s(0.001, "RA", 0, 1001).win(0);
        sc.c(1.000, "S", 3000, 0);
        sc.s(1.010, "SA", 4000, 3001);
        sc.c(1.020, "A", 3001, 4001);
        sc.c(1.030, "RA", 3001, 4001);
        sc.clientPort(40001);
        sc.c(2.000, "S", 2000, 0);
        sc.c(3.000, "S", 2000, 0);
        sc.s(3.010, "SA", 9000, 2001);
        sc.c(3.020, "A", 2001, 9001);
        sc.c(3.021, "PA", 2001, 9001).len(20);
        sc.s(3.030, "A", 9001, 2021);
        sc.s(3.040, "R", 9001, 0).win(0);
        sc.clientPort(40003);
        sc.c(4.000, "S", 100, 0);
        sc.s(4.010, "SA", 500, 101);
        sc.s(4.020, "SA", 900, 101);
        sc.c(4.030, "A", 101, 901);
        return sc;
    }

    /** Lost segment, duplicate ACKs, fast/spurious retransmission, out-of-order, retransmission, ACKed unseen. */
    public static Scenario retransmissions() {
        Scenario sc = new Scenario();
        sc.c(0.000, "S", 1000, 0).mss(1460);
        sc.s(0.050, "SA", 5000, 1001).mss(1460);
        sc.c(0.100, "A", 1001, 5001);
        sc.c(0.101, "PA", 1001, 5001).len(100);
        sc.c(0.103, "PA", 1201, 5001).len(100);   // 1101..1201 not captured
        sc.s(0.151, "A", 5001, 1101);
        sc.s(0.152, "A", 5001, 1101);
        sc.s(0.153, "A", 5001, 1101);
        sc.s(0.154, "A", 5001, 1101);
        sc.c(0.155, "PA", 1101, 5001).len(100);   // fast retransmission
        sc.s(0.200, "A", 5001, 1301);
        sc.c(0.400, "PA", 1101, 5001).len(100);   // spurious
        sc.c(0.401, "PA", 1301, 5001).len(100);
        sc.c(0.402, "PA", 1501, 5001).len(100);   // previous segment not captured
        sc.c(0.403, "PA", 1401, 5001).len(100);   // out of order
        sc.s(0.450, "A", 5001, 1601);
        sc.c(0.800, "PA", 1601, 5001).len(100);
        sc.c(1.500, "PA", 1601, 5001).len(100);   // retransmission
        sc.s(1.550, "A", 5001, 1901);             // ACKed unseen segment
        return sc;
    }

    /** Window full, zero window, zero-window probe and its ACK, window update, keep-alives, then a close. */
    public static Scenario keepAliveWindow() {
        Scenario sc = new Scenario();
        sc.c(0.000, "S", 1000, 0).win(64240);
        sc.s(0.010, "SA", 5000, 1001).win(1000);
        sc.c(0.020, "A", 1001, 5001).win(64240);
        sc.c(0.030, "PA", 1001, 5001).win(64240).len(1000);   // window full
        sc.s(0.040, "A", 5001, 2001).win(0);                 // zero window
        sc.c(0.300, "A", 2001, 5001).win(64240).len(1);      // zero window probe
        sc.s(0.310, "A", 5001, 2001).win(0);                 // zero window probe ack
        sc.s(0.500, "A", 5001, 2001).win(4000);              // window update
        sc.c(0.510, "PA", 2001, 5001).win(64240).len(100);
        sc.s(0.520, "A", 5001, 2101).win(4000);
        sc.c(10.00, "A", 2100, 5001).win(64240);             // keep-alive
        sc.s(10.01, "A", 5001, 2101).win(4000);              // keep-alive ack
        sc.s(10.02, "A", 5001, 2101).win(4000);              // duplicate ack
        sc.c(20.00, "FA", 2101, 5001).win(64240);
        sc.s(20.01, "FA", 5001, 2102).win(4000);
        sc.c(20.02, "A", 2102, 5002).win(64240);
        return sc;
    }

    /** Starts mid-connection (server on port 22 speaks first), then a half-close by the client. */
    public static Scenario midstreamHalfClose() {
        Scenario sc = new Scenario(new byte[] {10, 0, 0, 1}, 50000, new byte[] {10, 0, 0, 2}, 22);
        sc.s(0.000, "PA", 7001, 2001).len(100);
        sc.c(0.010, "A", 2001, 7101);
        sc.c(1.000, "FA", 2001, 7101);
        sc.s(1.010, "A", 7101, 2002);
        sc.s(1.020, "PA", 7101, 2002).len(50);
        sc.c(1.030, "A", 2002, 7151);
        sc.s(1.040, "FA", 7151, 2002);
        sc.c(1.050, "A", 2002, 7152);
        return sc;
    }

    /**
     * A connection closed with four segments; 61 s later (past TIME_WAIT) another connection opens,
     * then the first 4-tuple carries data again with its old sequence numbers: tshark keeps it in
     * stream 0, and tcplens gives that part a row of its own ("resumed").
     */
    public static Scenario resumed() {
        Scenario sc = handshakeClose();
        sc.clientPort(40100);
        sc.c(61.0, "S", 9000, 0).win(64240).mss(1460);
        sc.s(61.001, "SA", 3000, 9001).win(65160).mss(1460);
        sc.c(61.002, "A", 9001, 3001).win(502);
        sc.clientPort(40000);
        sc.c(62.0, "PA", 1102, 5202).win(501).len(30);
        sc.s(62.01, "A", 5202, 1132).win(509);
        sc.s(62.02, "R", 5202, 0);
        return sc;
    }

    /**
     * A refused connect retried with the same port and ISN (as Windows does), then accepted: tshark
     * keeps one stream (the later SYNs are retransmissions to it), Zeek logs a connection per SYN
     * after a RST, and so do tcplens's rows.
     */
    public static Scenario refusedRetry() {
        Scenario sc = new Scenario();
        sc.c(0.000, "S", 1000, 0).win(64240).mss(1460);
        sc.s(0.001, "RA", 0, 1001).win(0);
        sc.c(0.500, "S", 1000, 0).win(64240).mss(1460);
        sc.s(0.501, "SA", 7000, 1001).win(65160).mss(1460);
        sc.c(0.502, "A", 1001, 7001).win(502);
        sc.c(0.503, "PA", 1001, 7001).win(502).len(40);
        sc.s(0.513, "A", 7001, 1041).win(509);
        sc.c(0.600, "RA", 1041, 7001).win(0);
        return sc;
    }

    /** Writes every scenario as DIR/NAME.pcap. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "testdata/captures");
        Files.createDirectories(dir);
        for (var e : all().entrySet()) {
            e.getValue().get().writePcap(dir.resolve(e.getKey() + ".pcap"));
            System.out.println("wrote " + dir.resolve(e.getKey() + ".pcap"));
        }
    }
}
