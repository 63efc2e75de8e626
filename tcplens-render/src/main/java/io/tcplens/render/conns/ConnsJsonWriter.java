package io.tcplens.render.conns;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.Side;
import io.tcplens.tcp.Analysis;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import java.io.OutputStream;

/** JSON Lines: one object per connection. Absent facts are JSON null. */
final class ConnsJsonWriter implements ConnsWriter {
    /** JSON Lines: each object ends its own line, so no separator before the next (Jackson's default is a space). */
    private static final JsonFactory FACTORY = JsonFactory.builder().rootValueSeparator((String) null).build();
    // Field names encoded once (a row has about fifty; a big capture, a hundred thousand rows).
    private static final SerializableString N_ACTIVE_CLOSER = new SerializedString("active_closer");
    private static final SerializableString N_ADVERTISED_MAX = new SerializedString("advertised_max");
    private static final SerializableString N_ADVERTISED_TIMEOUT = new SerializedString("advertised_timeout");
    private static final SerializableString N_ANALYSIS = new SerializedString("analysis");
    private static final SerializableString N_CLIENT = new SerializedString("client");
    private static final SerializableString N_CLIENT_FROM_SYN = new SerializedString("client_from_syn");
    private static final SerializableString N_CLIENT_HONOURED_CLOSE = new SerializedString("client_honoured_close");
    private static final SerializableString N_CLIENT_SAID_CLOSE = new SerializedString("client_said_close");
    private static final SerializableString N_CLOSE_KIND = new SerializedString("close_kind");
    private static final SerializableString N_CLOSE_REASON = new SerializedString("close_reason");
    private static final SerializableString N_CLOSER = new SerializedString("closer");
    private static final SerializableString N_CONN_STATE = new SerializedString("conn_state");
    private static final SerializableString N_DURATION = new SerializedString("duration");
    private static final SerializableString N_FIN_WITH_DATA = new SerializedString("fin_with_data");
    private static final SerializableString N_FINAL_STATE = new SerializedString("final_state");
    private static final SerializableString N_FIRST_TS = new SerializedString("first_ts");
    private static final SerializableString N_HALF_CLOSE = new SerializedString("half_close");
    private static final SerializableString N_HANDSHAKE = new SerializedString("handshake");
    private static final SerializableString N_HISTORY = new SerializedString("history");
    private static final SerializableString N_HTTP = new SerializedString("http");
    private static final SerializableString N_HTTP_REQUESTS = new SerializedString("http_requests");
    private static final SerializableString N_HTTP_RESPONSES = new SerializedString("http_responses");
    private static final SerializableString N_IDLE_BEFORE_CLOSE = new SerializedString("idle_before_close");
    private static final SerializableString N_IDLE_CLOSE_MATCHES_TIMEOUT = new SerializedString("idle_close_matches_timeout");
    private static final SerializableString N_INITIAL_RTT = new SerializedString("initial_rtt");
    private static final SerializableString N_KEEPALIVE_INTERVAL = new SerializedString("keepalive_interval");
    private static final SerializableString N_KEEPALIVE_PROBES = new SerializedString("keepalive_probes");
    private static final SerializableString N_LAST_TS = new SerializedString("last_ts");
    private static final SerializableString N_OVER_BUFFER_CAP = new SerializedString("over_buffer_cap");
    private static final SerializableString N_PACKETS = new SerializedString("packets");
    private static final SerializableString N_PAYLOAD_BYTES = new SerializedString("payload_bytes");
    private static final SerializableString N_PERSISTENT = new SerializedString("persistent");
    private static final SerializableString N_PROBLEMS = new SerializedString("problems");
    private static final SerializableString N_REQUESTS = new SerializedString("requests");
    private static final SerializableString N_RESET_BY = new SerializedString("reset_by");
    private static final SerializableString N_SERVER = new SerializedString("server");
    private static final SerializableString N_SERVER_HONOURED_CLOSE = new SerializedString("server_honoured_close");
    private static final SerializableString N_SERVER_SAID_CLOSE = new SerializedString("server_said_close");
    private static final SerializableString N_STREAM = new SerializedString("stream");
    private static final SerializableString N_SYN_RETRANSMITS = new SerializedString("syn_retransmits");
    private static final SerializableString N_TEARDOWN = new SerializedString("teardown");
    private static final SerializableString N_TIME_WAIT = new SerializedString("time_wait");
    private static final SerializableString N_UPGRADED = new SerializedString("upgraded");
    private static final SerializableString N_ZERO_WINDOW_PROBES = new SerializedString("zero_window_probes");

    private final JsonGenerator g;

    ConnsJsonWriter(OutputStream out) {
        this.g = FACTORY.createGenerator(ObjectWriteContext.empty(), new NonClosing(out), JsonEncoding.UTF8);
    }

    @Override
    public void write(ConnectionSummary c) {
        g.writeStartObject();
        g.writeName(N_STREAM); g.writeNumber(c.stream());
        g.writeName(N_CLIENT); g.writeString(c.client().label());
        g.writeName(N_SERVER); g.writeString(c.server().label());
        g.writeName(N_CLIENT_FROM_SYN); g.writeBoolean(c.clientFromSyn());
        g.writeName(N_FIRST_TS); g.writeNumber(ConnsWriter.seconds(c.firstNanos()));
        g.writeName(N_LAST_TS); g.writeNumber(ConnsWriter.seconds(c.lastNanos()));
        g.writeName(N_DURATION); g.writeNumber(ConnsWriter.seconds(c.durationNanos()));
        pair(N_PACKETS, c.clientPackets(), c.serverPackets());
        pair(N_PAYLOAD_BYTES, c.clientPayloadBytes(), c.serverPayloadBytes());
        g.writeName(N_HANDSHAKE); g.writeString(c.handshake().label());
        g.writeName(N_SYN_RETRANSMITS); g.writeNumber(c.synRetransmits());
        g.writeName(N_INITIAL_RTT);
        if (c.initialRttNanos() >= 0) g.writeNumber(ConnsWriter.seconds(c.initialRttNanos())); else g.writeNull();
        pair(N_KEEPALIVE_PROBES, c.clientKeepaliveProbes(), c.serverKeepaliveProbes());
        g.writeName(N_KEEPALIVE_INTERVAL); g.writeStartObject();
        g.writeName(N_CLIENT); interval(c.clientKeepaliveIntervalNanos());
        g.writeName(N_SERVER); interval(c.serverKeepaliveIntervalNanos());
        g.writeEndObject();
        pair(N_ZERO_WINDOW_PROBES, c.clientZeroWindowProbes(), c.serverZeroWindowProbes());
        g.writeName(N_TEARDOWN); g.writeString(c.teardown().label());
        g.writeName(N_FIN_WITH_DATA); g.writeBoolean(c.finWithData());
        g.writeName(N_HALF_CLOSE); g.writeBoolean(c.halfClose());
        side(N_ACTIVE_CLOSER, c.activeCloser());
        side(N_RESET_BY, c.resetBy());
        side(N_TIME_WAIT, c.timeWait());
        g.writeName(N_FINAL_STATE); g.writeStartObject();
        g.writeName(N_CLIENT); g.writeString(ConnsWriter.stateName(c.clientFinalState()));
        g.writeName(N_SERVER); g.writeString(ConnsWriter.stateName(c.serverFinalState()));
        g.writeEndObject();
        g.writeName(N_CONN_STATE); g.writeString(c.zeekConnState());
        g.writeName(N_HISTORY); g.writeString(c.zeekHistory());
        g.writeName(N_ANALYSIS); g.writeStartObject();
        for (int i = 0; i < Analysis.COUNT; i++) {
            if (c.analysisCounts()[i] > 0) g.writeNumberProperty(Analysis.name(i), c.analysisCounts()[i]);
        }
        g.writeEndObject();
        g.writeName(N_CLOSE_REASON); g.writeString(c.closeReason().name().toLowerCase(java.util.Locale.ROOT));
        http(c.http());
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /** http_requests, http_responses and the http object (null when the connection carried no HTTP). */
    private void http(io.tcplens.http.HttpResult h) {
        g.writeName(N_HTTP_REQUESTS); g.writeNumber(h == null ? 0 : h.requests());
        g.writeName(N_HTTP_RESPONSES); g.writeNumber(h == null ? 0 : h.responses());
        if (h == null) {
            g.writeName(N_HTTP); g.writeNull();
            return;
        }
        io.tcplens.http.HttpPersistence p = h.persistence();
        g.writeName(N_HTTP); g.writeStartObject();
        g.writeName(N_PERSISTENT); g.writeBoolean(p.persistent());
        g.writeName(N_REQUESTS); g.writeNumber(p.requests());
        optionalNumber(N_ADVERTISED_TIMEOUT, p.advertisedTimeoutSeconds());
        optionalNumber(N_ADVERTISED_MAX, p.advertisedMax());
        g.writeName(N_IDLE_BEFORE_CLOSE);
        if (p.idleBeforeCloseMicros() >= 0) g.writeNumber(ConnsWriter.seconds(p.idleBeforeCloseMicros() * 1000)); else g.writeNull();
        g.writeName(N_CLOSER);
        if (p.closer() == io.tcplens.http.HttpPersistence.Side.NONE) g.writeNull(); else g.writeString(p.closer().name().toLowerCase(java.util.Locale.ROOT));
        g.writeName(N_CLOSE_KIND);
        if (p.closeKind() == io.tcplens.http.HttpPersistence.CloseKind.NONE) g.writeNull(); else g.writeString(p.closeKind().name().toLowerCase(java.util.Locale.ROOT));
        optionalBoolean(N_CLIENT_SAID_CLOSE, p.clientSaidClose());
        optionalBoolean(N_SERVER_SAID_CLOSE, p.serverSaidClose());
        optionalBoolean(N_CLIENT_HONOURED_CLOSE, p.clientHonouredClose());
        optionalBoolean(N_SERVER_HONOURED_CLOSE, p.serverHonouredClose());
        optionalBoolean(N_IDLE_CLOSE_MATCHES_TIMEOUT, p.idleCloseMatchesAdvertisedTimeout());
        g.writeName(N_UPGRADED); g.writeBoolean(p.upgraded());
        g.writeName(N_OVER_BUFFER_CAP); g.writeBoolean(h.overCap());
        g.writeName(N_PROBLEMS); g.writeNumber(h.problems().size());
        g.writeEndObject();
    }

    private void optionalNumber(SerializableString name, long v) {
        g.writeName(name);
        if (v >= 0) g.writeNumber(v); else g.writeNull();
    }

    private void optionalBoolean(SerializableString name, Boolean v) {
        g.writeName(name);
        if (v == null) g.writeNull(); else g.writeBoolean(v);
    }

    private void pair(SerializableString name, long client, long server) {
        g.writeName(name);
        g.writeStartObject();
        g.writeName(N_CLIENT); g.writeNumber(client);
        g.writeName(N_SERVER); g.writeNumber(server);
        g.writeEndObject();
    }

    private void interval(long nanos) {
        if (nanos >= 0) g.writeNumber(ConnsWriter.seconds(nanos)); else g.writeNull();
    }

    private void side(SerializableString name, Side s) {
        g.writeName(name);
        if (s == null) g.writeNull(); else g.writeString(s.label());
    }

    @Override
    public void close() {
        g.close();
    }

    /** Lets the generator flush on close without closing stdout. */
    static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) { super(out); }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException { out.write(b, off, len); }

        @Override
        public void close() throws java.io.IOException { out.flush(); }
    }
}
