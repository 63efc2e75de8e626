package io.tcplens.render.conns;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.Side;
import io.tcplens.tcp.Analysis;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** RFC 4180 CSV with a header row; empty cells for absent facts. */
final class ConnsCsvWriter implements ConnsWriter {
    private final PrintStream out;
    private boolean header;

    ConnsCsvWriter(OutputStream out) { this.out = new PrintStream(out, false, StandardCharsets.UTF_8); }

    @Override
    public void write(ConnectionSummary c) {
        if (!header) {
            header = true;
            StringBuilder h = new StringBuilder("stream,client,server,first_ts,last_ts,duration,client_packets,server_packets,"
                    + "client_payload_bytes,server_payload_bytes,handshake,syn_retransmits,initial_rtt,"
                    + "client_keepalive_probes,server_keepalive_probes,client_zero_window_probes,server_zero_window_probes,"
                    + "teardown,fin_with_data,half_close,active_closer,reset_by,time_wait,client_final_state,"
                    + "server_final_state,conn_state,history");
            for (int i = 0; i < Analysis.COUNT; i++) h.append(',').append(Analysis.name(i));
            h.append(",resumed");
            out.println(h);
        }
        StringBuilder r = new StringBuilder();
        r.append(c.stream()).append(',').append(q(c.client().label())).append(',').append(q(c.server().label()))
                .append(',').append(ConnsWriter.seconds(c.firstNanos())).append(',').append(ConnsWriter.seconds(c.lastNanos()))
                .append(',').append(ConnsWriter.seconds(c.durationNanos()))
                .append(',').append(c.clientPackets()).append(',').append(c.serverPackets())
                .append(',').append(c.clientPayloadBytes()).append(',').append(c.serverPayloadBytes())
                .append(',').append(c.handshake().label()).append(',').append(c.synRetransmits())
                .append(',').append(c.initialRttNanos() >= 0 ? ConnsWriter.seconds(c.initialRttNanos()) : "")
                .append(',').append(c.clientKeepaliveProbes()).append(',').append(c.serverKeepaliveProbes())
                .append(',').append(c.clientZeroWindowProbes()).append(',').append(c.serverZeroWindowProbes())
                .append(',').append(c.teardown().label()).append(',').append(c.finWithData()).append(',').append(c.halfClose())
                .append(',').append(s(c.activeCloser())).append(',').append(s(c.resetBy())).append(',').append(s(c.timeWait()))
                .append(',').append(c.clientFinalState()).append(',').append(c.serverFinalState())
                .append(',').append(c.zeekConnState()).append(',').append(q(c.zeekHistory()));
        for (int i = 0; i < Analysis.COUNT; i++) r.append(',').append(c.analysisCounts()[i]);
        r.append(',').append(c.resumed());
        out.println(r);
    }

    private static String s(Side side) { return side == null ? "" : side.label(); }

    /** Quotes a cell when it holds a comma, quote or line break. */
    static String q(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) return v;
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() { out.flush(); }
}
