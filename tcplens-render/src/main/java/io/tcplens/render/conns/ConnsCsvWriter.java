package io.tcplens.render.conns;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.Side;
import io.tcplens.http.HttpPersistence;
import io.tcplens.http.HttpResult;
import io.tcplens.tcp.Analysis;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 4180 CSV with a header row; empty cells for absent facts. The columns are the JSON row's keys
 * in the JSON order, nested ones flattened: {@code packets.client} is {@code client_packets},
 * {@code keepalive_interval.server} {@code server_keepalive_interval}, {@code http.persistent}
 * {@code http_persistent} ({@code http.requests} is {@code http_requests} already).
 */
final class ConnsCsvWriter implements ConnsWriter {
    private final PrintStream out;
    private boolean header;

    ConnsCsvWriter(OutputStream out) { this.out = new PrintStream(out, false, StandardCharsets.UTF_8); }

    @Override
    public void write(ConnectionSummary c) { write(c, c.http()); }

    @Override
    public void write(ConnectionSummary c, HttpResult http) {
        if (!header) {
            header = true;
            StringBuilder h = new StringBuilder("stream,client,server,client_from_syn,first_ts,last_ts,duration,client_packets,server_packets,"
                    + "client_payload_bytes,server_payload_bytes,handshake,syn_retransmits,initial_rtt,"
                    + "client_keepalive_probes,server_keepalive_probes,client_keepalive_interval,server_keepalive_interval,"
                    + "client_zero_window_probes,server_zero_window_probes,"
                    + "teardown,fin_with_data,half_close,active_closer,reset_by,time_wait,client_final_state,"
                    + "server_final_state,conn_state,history");
            for (int i = 0; i < Analysis.COUNT; i++) h.append(',').append(Analysis.name(i));
            h.append(",close_reason,resumed,").append(HTTP_HEADER);
            out.println(h);
        }
        StringBuilder r = new StringBuilder();
        r.append(c.stream()).append(',').append(q(c.client().label())).append(',').append(q(c.server().label()))
                .append(',').append(c.clientFromSyn())
                .append(',').append(ConnsWriter.seconds(c.firstNanos())).append(',').append(ConnsWriter.seconds(c.lastNanos()))
                .append(',').append(ConnsWriter.seconds(c.durationNanos()))
                .append(',').append(c.clientPackets()).append(',').append(c.serverPackets())
                .append(',').append(c.clientPayloadBytes()).append(',').append(c.serverPayloadBytes())
                .append(',').append(c.handshake().label()).append(',').append(c.synRetransmits())
                .append(',').append(c.initialRttNanos() >= 0 ? ConnsWriter.seconds(c.initialRttNanos()) : "")
                .append(',').append(c.clientKeepaliveProbes()).append(',').append(c.serverKeepaliveProbes())
                .append(',').append(secondsOrEmpty(c.clientKeepaliveIntervalNanos()))
                .append(',').append(secondsOrEmpty(c.serverKeepaliveIntervalNanos()))
                .append(',').append(c.clientZeroWindowProbes()).append(',').append(c.serverZeroWindowProbes())
                .append(',').append(c.teardown().label()).append(',').append(c.finWithData()).append(',').append(c.halfClose())
                .append(',').append(s(c.activeCloser())).append(',').append(s(c.resetBy())).append(',').append(s(c.timeWait()))
                .append(',').append(state(c.clientFinalState())).append(',').append(state(c.serverFinalState()))
                .append(',').append(c.zeekConnState()).append(',').append(q(c.zeekHistory()));
        for (int i = 0; i < Analysis.COUNT; i++) r.append(',').append(c.analysisCounts()[i]);
        r.append(',').append(lower(c.closeReason())).append(',').append(c.resumed());
        http(r, http);
        out.println(r);
    }

    /** The http_* columns: the JSON row's {@code http_requests}, {@code http_responses} and {@code http} object. */
    static final String HTTP_HEADER = "http_requests,http_responses,http_persistent,http_advertised_timeout,http_advertised_max,"
            + "http_idle_before_close,http_closer,http_close_kind,http_client_said_close,http_server_said_close,"
            + "http_client_honoured_close,http_server_honoured_close,http_idle_close_matches_timeout,http_upgraded,"
            + "http_over_buffer_cap,http_problems";

    private static void http(StringBuilder r, HttpResult h) {
        r.append(',').append(h == null ? 0 : h.requests()).append(',').append(h == null ? 0 : h.responses());
        if (h == null) {
            r.append(",,,,,,,,,,,,,,");   // the fourteen cells of the http object: no HTTP, no facts
            return;
        }
        HttpPersistence p = h.persistence();
        r.append(',').append(p.persistent())
                .append(',').append(p.advertisedTimeoutSeconds() >= 0 ? Long.toString(p.advertisedTimeoutSeconds()) : "")
                .append(',').append(p.advertisedMax() >= 0 ? Long.toString(p.advertisedMax()) : "")
                .append(',').append(p.idleBeforeCloseMicros() >= 0 ? ConnsWriter.seconds(p.idleBeforeCloseMicros() * 1000) : "")
                .append(',').append(p.closer() == HttpPersistence.Side.NONE ? "" : lower(p.closer()))
                .append(',').append(p.closeKind() == HttpPersistence.CloseKind.NONE ? "" : lower(p.closeKind()))
                .append(',').append(p.clientSaidClose()).append(',').append(p.serverSaidClose())
                .append(',').append(orEmpty(p.clientHonouredClose())).append(',').append(orEmpty(p.serverHonouredClose()))
                .append(',').append(orEmpty(p.idleCloseMatchesAdvertisedTimeout()))
                .append(',').append(p.upgraded()).append(',').append(h.overCap()).append(',').append(h.problems().size());
    }

    private static String state(io.tcplens.tcp.TcpState s) { return s == null ? "" : s.name(); }

    private static String secondsOrEmpty(long nanos) { return nanos >= 0 ? ConnsWriter.seconds(nanos) : ""; }

    private static String orEmpty(Boolean b) { return b == null ? "" : b.toString(); }

    private static String lower(Enum<?> e) { return e.name().toLowerCase(java.util.Locale.ROOT); }

    private static String s(Side side) { return side == null ? "" : side.label(); }

    /** Quotes a cell when it holds a comma, quote or line break. */
    static String q(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) return v;
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() { out.flush(); }
}
