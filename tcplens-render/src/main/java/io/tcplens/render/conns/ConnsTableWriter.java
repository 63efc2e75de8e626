package io.tcplens.render.conns;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.Side;
import io.tcplens.tcp.Analysis;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * An aligned table for a terminal. Rows stream out as connections finish, so the columns have
 * fixed widths sized for IPv4 endpoints; a longer value (IPv6) widens its row rather than being cut.
 */
final class ConnsTableWriter implements ConnsWriter {
    private static final String FMT = "%6s  %-21s  %-21s  %9s  %11s  %15s  %-12s  %-12s  %-7s  %-9s  %-6s  %-12s  %s%n";
    private final PrintStream out;
    private boolean header;

    ConnsTableWriter(OutputStream out) {
        this.out = new PrintStream(out, false, StandardCharsets.UTF_8);
    }

    @Override
    public void write(ConnectionSummary c) {
        if (!header) {
            header = true;
            out.printf(FMT, "stream", "client", "server", "duration", "pkts c/s", "bytes c/s", "handshake",
                    "teardown", "closer", "time_wait", "zeek", "history", "notes");
        }
        out.printf(FMT, c.stream(), c.client().label(), c.server().label(),
                String.format("%.3fs", c.durationNanos() / 1e9),
                c.clientPackets() + "/" + c.serverPackets(),
                c.clientPayloadBytes() + "/" + c.serverPayloadBytes(),
                c.handshake().label(), c.teardown().label(), label(c.activeCloser()), label(c.timeWait()),
                c.zeekConnState(), c.zeekHistory().isEmpty() ? "-" : c.zeekHistory(), notes(c));
    }

    private static String label(Side s) { return s == null ? "-" : s.label(); }

    /** The unusual facts, compactly: resets, probes, retransmissions. */
    static String notes(ConnectionSummary c) {
        StringBuilder sb = new StringBuilder();
        if (c.synRetransmits() > 0) add(sb, c.synRetransmits() + " SYN retransmit" + (c.synRetransmits() > 1 ? "s" : ""));
        if (c.resetBy() != null) add(sb, "RST by " + c.resetBy().label());
        if (c.finWithData()) add(sb, "FIN with data");
        if (c.halfClose()) add(sb, "half-close");
        long ka = c.clientKeepaliveProbes() + c.serverKeepaliveProbes();
        if (ka > 0) add(sb, ka + " keepalive probe" + (ka > 1 ? "s" : ""));
        long zwp = c.clientZeroWindowProbes() + c.serverZeroWindowProbes();
        if (zwp > 0) add(sb, zwp + " zero-window probe" + (zwp > 1 ? "s" : ""));
        // SYN retransmissions are already named above; count only the others here.
        long rx = c.analysisCount(Analysis.RETRANSMISSION) + c.analysisCount(Analysis.FAST_RETRANSMISSION)
                + c.analysisCount(Analysis.SPURIOUS_RETRANSMISSION) - c.synRetransmits();
        if (rx > 0) add(sb, rx + " retransmission" + (rx > 1 ? "s" : ""));
        long dup = c.analysisCount(Analysis.DUPLICATE_ACK);
        if (dup > 0) add(sb, dup + " dup ACK" + (dup > 1 ? "s" : ""));
        long zw = c.analysisCount(Analysis.ZERO_WINDOW);
        if (zw > 0) add(sb, zw + " zero window");
        if (c.closeReason() == io.tcplens.tcp.TcpEvent.CloseReason.REPLACED) add(sb, "ports reused");
        return sb.isEmpty() ? "" : sb.toString();
    }

    private static void add(StringBuilder sb, String s) {
        if (!sb.isEmpty()) sb.append(", ");
        sb.append(s);
    }

    @Override
    public void close() { out.flush(); }
}
