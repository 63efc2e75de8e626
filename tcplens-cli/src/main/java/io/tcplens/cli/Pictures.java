package io.tcplens.cli;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.Handshake;
import io.tcplens.conn.Side;
import io.tcplens.render.explain.Explainer;
import io.tcplens.render.explain.PacketRow;
import io.tcplens.render.ladder.LadderConnection;
import io.tcplens.render.ladder.LadderPacket;
import io.tcplens.render.report.Anomalies;
import io.tcplens.render.report.HttpTransaction;
import io.tcplens.render.report.ReportConnection;
import io.tcplens.tcp.Analysis;

import java.util.ArrayList;
import java.util.List;

/** Adapts the engine's results (summaries and packet rows) to the pictures' input records. */
public final class Pictures {
    private Pictures() {}

    static LadderPacket packet(PacketRow r) {
        List<String> names = new ArrayList<>(2);
        for (int i = 0; i < Analysis.COUNT; i++) {
            if ((r.analysis() & (1 << i)) == 0) continue;
            names.add(switch (Analysis.name(i)) {
                case "duplicate_ack" -> "dup_ack";
                case "ack_lost_segment" -> "acked_unseen";
                default -> Analysis.name(i);
            });
        }
        boolean hasAck = (r.flags() & 0x10) != 0;
        boolean synFin = (r.flags() & 0x03) != 0;
        long seq = Integer.toUnsignedLong(r.seq());
        int len = r.lengthKnown() ? r.len() : 0;
        return new LadderPacket(r.frame(), r.nanos() / 1000, r.fromClient(), r.tcpdumpFlags().equals("none") ? "" : r.tcpdumpFlags(),
                seq, hasAck ? Integer.toUnsignedLong(r.ack()) : 0, hasAck, len, seq + len + (synFin ? 1 : 0), r.window(),
                names, r.clientState() == null ? null : r.clientState().name(),
                r.serverState() == null ? null : r.serverState().name());
    }

    public static LadderConnection ladder(ConnectionSummary c, List<PacketRow> rows) {
        List<LadderPacket> ps = new ArrayList<>(rows.size());
        for (PacketRow r : rows) ps.add(packet(r));
        return new LadderConnection(c.stream(), c.client().label(), c.server().label(), ps);
    }

    static Anomalies anomalies(ConnectionSummary c) {
        long rx = c.analysisCount(Analysis.RETRANSMISSION) + c.analysisCount(Analysis.FAST_RETRANSMISSION)
                + c.analysisCount(Analysis.SPURIOUS_RETRANSMISSION);
        return new Anomalies((int) rx, (int) c.analysisCount(Analysis.DUPLICATE_ACK),
                (int) c.analysisCount(Analysis.OUT_OF_ORDER),
                (int) (c.analysisCount(Analysis.LOST_SEGMENT) + c.analysisCount(Analysis.ACK_LOST_SEGMENT)),
                (int) c.analysisCount(Analysis.ZERO_WINDOW),
                (int) (c.clientKeepaliveProbes() + c.serverKeepaliveProbes()),
                c.resetBy() == null ? 0 : c.resetBy() == Side.BOTH ? 2 : 1);
    }

    static String handshake(ConnectionSummary c) {
        String h = switch (c.handshake()) {
            case THREE_WAY -> "three-way";
            case SIMULTANEOUS_OPEN -> "simultaneous open";
            case REFUSED -> "refused (RST)";
            case UNANSWERED -> "unanswered SYN";
            case INCOMPLETE -> "incomplete (no final ACK)";
            case NOT_CAPTURED -> "no handshake seen";
        };
        if (c.synRetransmits() > 0 && c.handshake() != Handshake.UNANSWERED) h += ", SYN retransmitted";
        return h;
    }

    static String teardown(ConnectionSummary c) {
        String t = switch (c.teardown()) {
            case FOUR_WAY -> "four-way FIN";
            case THREE_WAY -> "three-way FIN";
            case SIMULTANEOUS -> "simultaneous close";
            case RESET -> "RST by " + (c.resetBy() == null ? "?" : c.resetBy().label());
            case NONE -> "open at end of capture";
        };
        if (c.halfClose()) t += ", half-close";
        if (c.finWithData()) t += ", FIN with data";
        return t;
    }

    /** The report's view of the HTTP exchanges (at most {@code max}, headers included). */
    static List<HttpTransaction> http(io.tcplens.http.HttpResult h, int max) { return http(h, max, true); }

    /** As above; rows of the table alone need no headers, which keeps a 100k-connection report small. */
    static List<HttpTransaction> http(io.tcplens.http.HttpResult h, int max, boolean withHeaders) {
        if (h == null) return List.of();
        List<HttpTransaction> out = new ArrayList<>();
        for (io.tcplens.http.HttpTransaction t : h.transactions()) {
            if (out.size() == max) break;
            io.tcplens.http.HttpMessage rq = t.request(), rs = t.response();
            out.add(new HttpTransaction(t.method(), t.uri(), t.host(), rq != null ? rq.version() : rs != null ? rs.version() : "",
                    t.statusCode(), t.reason(), rq == null ? -1 : rq.firstMicros(), rs == null ? -1 : rs.firstMicros(),
                    rs == null ? -1 : rs.lastMicros(), t.requestBodyBytes(), t.responseBodyBytes(),
                    withHeaders ? headers(rq) : List.of(), withHeaders ? headers(rs) : List.of()));
        }
        return out;
    }

    private static List<String> headers(io.tcplens.http.HttpMessage m) {
        if (m == null) return List.of();
        List<String> out = new ArrayList<>(m.headers().size());
        for (io.tcplens.http.HttpHeader h : m.headers()) out.add(h.name() + ": " + h.value());
        return out;
    }

    /** A report row; {@code rows} null when no detail is kept for this connection. */
    static ReportConnection report(ConnectionSummary c, List<PacketRow> rows, boolean withText, List<HttpTransaction> http) {
        long packets = c.clientPackets() + c.serverPackets();
        return new ReportConnection(c.stream(), c.client().host(), c.client().port(), c.server().host(), c.server().port(),
                c.firstNanos() / 1000, c.lastNanos() / 1000, packets, c.clientPayloadBytes(), c.serverPayloadBytes(),
                handshake(c), teardown(c), c.activeCloser() == null ? "" : c.activeCloser().label(),
                c.clientFinalState() == null ? null : c.clientFinalState().name(),
                c.serverFinalState() == null ? null : c.serverFinalState().name(),
                c.timeWait() == null ? "" : c.timeWait().label(), anomalies(c),
                withText ? Explainer.paragraphs(c, Explainer.Lang.EN, io.tcplens.render.explain.HttpStory.paragraphs(c, Explainer.Lang.EN), rows) : List.of(),
                withText ? Explainer.paragraphs(c, Explainer.Lang.ZH, io.tcplens.render.explain.HttpStory.paragraphs(c, Explainer.Lang.ZH), rows) : List.of(),
                http, rows == null ? null : ladder(c, rows));
    }
}
