package io.tcplens.render.conns;

import static io.tcplens.render.text.Columns.left;
import static io.tcplens.render.text.Columns.right;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.Side;
import io.tcplens.http.HttpPersistence;
import io.tcplens.http.HttpResult;
import io.tcplens.tcp.Analysis;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * An aligned table for a terminal. Rows stream out as connections finish, so the columns have
 * fixed widths sized for IPv4 endpoints; a longer value (IPv6) widens its row rather than being cut.
 */
final class ConnsTableWriter implements ConnsWriter {
    private static final String FMT = "%6s  %-21s  %-21s  %9s  %11s  %15s  %-12s  %-12s  %-7s  %-9s  %-6s  %-12s  %9s  %15s  %s%n";
    private final PrintStream out;
    private boolean header;

    ConnsTableWriter(OutputStream out) {
        this.out = new PrintStream(out, false, StandardCharsets.UTF_8);
    }

    @Override
    public void write(ConnectionSummary c) { write(c, c.http()); }

    /**
     * With the JSON row's HTTP counts ({@code http}: requests/responses) and TCP keepalive interval
     * ({@code ka interval c/s}) as columns, and its persistence facts in the notes.
     */
    @Override
    public void write(ConnectionSummary c, HttpResult http) {
        if (!header) {
            header = true;
            out.print(row("stream", "client", "server", "duration", "pkts c/s", "bytes c/s", "handshake",
                    "teardown", "closer", "time_wait", "zeek", "history", "http", "ka interval c/s", "notes"));
        }
        out.print(row(Integer.toString(c.stream()), c.client().label(), c.server().label(),
                seconds3(c.durationNanos()),
                c.clientPackets() + "/" + c.serverPackets(),
                c.clientPayloadBytes() + "/" + c.serverPayloadBytes(),
                c.handshake().label(), c.teardown().label(), label(c.activeCloser()), label(c.timeWait()),
                c.zeekConnState(), c.zeekHistory().isEmpty() ? "-" : c.zeekHistory(),
                http == null ? "-" : http.requests() + "/" + http.responses(), intervals(c), notes(c, http)));
    }

    /** The median keepalive probe interval of each side, "-" for a side without probes, "-" for neither. */
    static String intervals(ConnectionSummary c) {
        long cl = c.clientKeepaliveIntervalNanos(), sv = c.serverKeepaliveIntervalNanos();
        if (cl < 0 && sv < 0) return "-";
        return (cl < 0 ? "-" : seconds3(cl)) + "/" + (sv < 0 ? "-" : seconds3(sv));
    }

    /**
     * One line as {@link #FMT} lays it out, built in one piece: a PrintStream encodes and writes
     * every piece a Formatter hands it separately, which made this table slower than the analysis.
     */
    static String row(String stream, String client, String server, String duration, String packets, String bytes,
                      String handshake, String teardown, String closer, String timeWait, String zeek, String history,
                      String http, String intervals, String notes) {
        StringBuilder b = new StringBuilder(210);
        right(b, stream, 6).append("  ");
        left(b, client, 21).append("  ");
        left(b, server, 21).append("  ");
        right(b, duration, 9).append("  ");
        right(b, packets, 11).append("  ");
        right(b, bytes, 15).append("  ");
        left(b, handshake, 12).append("  ");
        left(b, teardown, 12).append("  ");
        left(b, closer, 7).append("  ");
        left(b, timeWait, 9).append("  ");
        left(b, zeek, 6).append("  ");
        left(b, history, 12).append("  ");
        right(b, http, 9).append("  ");
        right(b, intervals, 15).append("  ");
        return b.append(notes).append(System.lineSeparator()).toString();
    }



    /** Nanoseconds as seconds with three decimals and an "s", rounded half up, as {@code %.3fs} of nanos / 1e9 prints them. */
    static String seconds3(long nanos) {
        if (nanos < 0) return String.format(java.util.Locale.ROOT, "%.3fs", nanos / 1e9);   // never for a real duration
        long millis = (nanos + 500_000) / 1_000_000;
        long frac = millis % 1000;
        return millis / 1000 + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac + "s";
    }

    private static String label(Side s) { return s == null ? "-" : s.label(); }

    /** The unusual facts, compactly, and the HTTP persistence facts: persistent or not, the advertised timeout, who closed after how long idle. */
    static String notes(ConnectionSummary c, HttpResult http) {
        StringBuilder sb = new StringBuilder();
        if (c.resumed()) add(sb, "resumed");   // a second row of its stream: see README, conns
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
        if (c.closeReason() == io.tcplens.tcp.TcpEvent.CloseReason.EVICTED) add(sb, "evicted");
        if (http != null && http.requests() + http.responses() > 0) {
            HttpPersistence p = http.persistence();
            add(sb, p.persistent() ? "HTTP persistent" : "HTTP not persistent");
            if (p.advertisedTimeoutSeconds() >= 0) add(sb, "Keep-Alive timeout=" + p.advertisedTimeoutSeconds());
            if (p.closer() != HttpPersistence.Side.NONE && p.idleBeforeCloseMicros() == 0) {
                // no gap at all: the FIN or RST came on the last message's segment ([FP.]), not after an idle time
                add(sb, (p.closer() == HttpPersistence.Side.CLIENT ? "client" : "server")
                        + (p.closeKind() == HttpPersistence.CloseKind.RST ? " reset" : " closed") + " with the last message");
            } else if (p.closer() != HttpPersistence.Side.NONE && p.idleBeforeCloseMicros() > 0) {
                add(sb, (p.closer() == HttpPersistence.Side.CLIENT ? "client" : "server")
                        + (p.closeKind() == HttpPersistence.CloseKind.RST ? " reset after " : " closed after ")
                        + seconds3(p.idleBeforeCloseMicros() * 1000) + " idle");
            }
        }
        return sb.isEmpty() ? "" : sb.toString();
    }

    private static void add(StringBuilder sb, String s) {
        if (!sb.isEmpty()) sb.append(", ");
        sb.append(s);
    }

    @Override
    public void close() { out.flush(); }
}
