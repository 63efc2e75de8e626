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
            names.add(Analysis.name(i));   // the engine's names, the same as analyze prints
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
        boolean listen = Explainer.listening(c);
        return new LadderConnection(c.stream(), c.client().label(), c.server().label(), ps,
                listen ? "CLOSED" : null, listen ? "LISTEN" : null);
    }

    /** The report's counts; {@code rstSegments} is the number of RST segments of the connection (not of sides). */
    static Anomalies anomalies(ConnectionSummary c, int rstSegments) {
        long rx = c.analysisCount(Analysis.RETRANSMISSION) + c.analysisCount(Analysis.FAST_RETRANSMISSION)
                + c.analysisCount(Analysis.SPURIOUS_RETRANSMISSION);
        return new Anomalies((int) rx, (int) c.analysisCount(Analysis.DUPLICATE_ACK),
                (int) c.analysisCount(Analysis.OUT_OF_ORDER),
                (int) (c.analysisCount(Analysis.LOST_SEGMENT) + c.analysisCount(Analysis.ACK_LOST_SEGMENT)),
                (int) c.analysisCount(Analysis.ZERO_WINDOW),
                (int) (c.clientKeepaliveProbes() + c.serverKeepaliveProbes()),
                rstSegments);
    }

    /** The handshake as conns names it ({@link Handshake#label()}), with what else is worth knowing. */
    static String handshake(ConnectionSummary c) {
        String h = c.handshake().label();
        if (c.synRetransmits() > 0 && c.handshake() != Handshake.UNANSWERED) h += ", SYN retransmitted";
        return h;
    }

    /** The teardown as conns names it ({@link io.tcplens.conn.Teardown#label()}), with who reset and the close's details. */
    static String teardown(ConnectionSummary c) {
        String t = c.teardown().label();
        if (c.teardown() == io.tcplens.conn.Teardown.RESET) t += " by " + (c.resetBy() == null ? "?" : c.resetBy().label());
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

    static long keepAliveTimeout(ConnectionSummary c) {
        return c.http() == null ? -1 : c.http().persistence().advertisedTimeoutSeconds();
    }

    /** When the advertised Keep-Alive timeout ran out, counted from the end of the last response; -1 if unknown. */
    static long keepAliveExpires(ConnectionSummary c) {
        long timeout = keepAliveTimeout(c);
        if (timeout < 0 || c.http().transactions().isEmpty()) return -1;
        io.tcplens.http.HttpMessage rs = c.http().transactions().getLast().response();
        return rs == null || rs.lastMicros() < 0 ? -1 : rs.lastMicros() + timeout * 1_000_000L;
    }

    /** HTTP transactions of the connection in all, those not kept in full included. */
    static int httpCount(ConnectionSummary c) {
        if (c.http() == null) return 0;
        return Math.max(c.http().transactions().size(), Math.max(c.http().persistence().requests(), c.http().persistence().responses()));
    }

    /** A report row; {@code rows} null when no detail is kept for this connection. */
    static ReportConnection report(ConnectionSummary c, List<PacketRow> rows, boolean withText, List<HttpTransaction> http,
                                   int rstSegments) {
        long packets = c.clientPackets() + c.serverPackets();
        return new ReportConnection(c.stream(), c.client().host(), c.client().port(), c.server().host(), c.server().port(),
                c.firstNanos() / 1000, c.lastNanos() / 1000, packets, c.clientPayloadBytes(), c.serverPayloadBytes(),
                handshake(c), teardown(c), c.activeCloser() == null ? "" : c.activeCloser().label(),
                c.clientFinalState() == null ? null : c.clientFinalState().name(),
                c.serverFinalState() == null ? null : c.serverFinalState().name(),
                c.timeWait() == null ? "" : c.timeWait().label(), anomalies(c, rstSegments),
                withText ? Explainer.paragraphs(c, Explainer.Lang.EN, io.tcplens.render.explain.HttpStory.paragraphs(c, Explainer.Lang.EN), rows) : List.of(),
                withText ? Explainer.paragraphs(c, Explainer.Lang.ZH, io.tcplens.render.explain.HttpStory.paragraphs(c, Explainer.Lang.ZH), rows) : List.of(),
                http, rows == null ? null : ladder(c, rows), httpCount(c), keepAliveTimeout(c), keepAliveExpires(c));
    }
}
