package io.tcplens.render.conns;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.Side;
import io.tcplens.tcp.Analysis;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import java.io.OutputStream;

/** JSON Lines: one object per connection. Absent facts are JSON null. */
final class ConnsJsonWriter implements ConnsWriter {
    /** JSON Lines: each object ends its own line, so no separator before the next (Jackson's default is a space). */
    private static final JsonFactory FACTORY = JsonFactory.builder().rootValueSeparator((String) null).build();
    private final JsonGenerator g;

    ConnsJsonWriter(OutputStream out) {
        this.g = FACTORY.createGenerator(ObjectWriteContext.empty(), new NonClosing(out), JsonEncoding.UTF8);
    }

    @Override
    public void write(ConnectionSummary c) {
        g.writeStartObject();
        g.writeNumberProperty("stream", c.stream());
        g.writeStringProperty("client", c.client().label());
        g.writeStringProperty("server", c.server().label());
        g.writeBooleanProperty("client_from_syn", c.clientFromSyn());
        g.writeName("first_ts"); g.writeNumber(ConnsWriter.seconds(c.firstNanos()));
        g.writeName("last_ts"); g.writeNumber(ConnsWriter.seconds(c.lastNanos()));
        g.writeName("duration"); g.writeNumber(ConnsWriter.seconds(c.durationNanos()));
        pair("packets", c.clientPackets(), c.serverPackets());
        pair("payload_bytes", c.clientPayloadBytes(), c.serverPayloadBytes());
        g.writeStringProperty("handshake", c.handshake().label());
        g.writeNumberProperty("syn_retransmits", c.synRetransmits());
        g.writeName("initial_rtt");
        if (c.initialRttNanos() >= 0) g.writeNumber(ConnsWriter.seconds(c.initialRttNanos())); else g.writeNull();
        pair("keepalive_probes", c.clientKeepaliveProbes(), c.serverKeepaliveProbes());
        g.writeObjectPropertyStart("keepalive_interval");
        g.writeName("client"); interval(c.clientKeepaliveIntervalNanos());
        g.writeName("server"); interval(c.serverKeepaliveIntervalNanos());
        g.writeEndObject();
        pair("zero_window_probes", c.clientZeroWindowProbes(), c.serverZeroWindowProbes());
        g.writeStringProperty("teardown", c.teardown().label());
        g.writeBooleanProperty("fin_with_data", c.finWithData());
        g.writeBooleanProperty("half_close", c.halfClose());
        side("active_closer", c.activeCloser());
        side("reset_by", c.resetBy());
        side("time_wait", c.timeWait());
        g.writeObjectPropertyStart("final_state");
        g.writeStringProperty("client", ConnsWriter.stateName(c.clientFinalState()));
        g.writeStringProperty("server", ConnsWriter.stateName(c.serverFinalState()));
        g.writeEndObject();
        g.writeStringProperty("conn_state", c.zeekConnState());
        g.writeStringProperty("history", c.zeekHistory());
        g.writeObjectPropertyStart("analysis");
        for (int i = 0; i < Analysis.COUNT; i++) {
            if (c.analysisCounts()[i] > 0) g.writeNumberProperty(Analysis.name(i), c.analysisCounts()[i]);
        }
        g.writeEndObject();
        g.writeStringProperty("close_reason", c.closeReason().name().toLowerCase(java.util.Locale.ROOT));
        http(c.http());
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /** http_requests, http_responses and the http object (null when the connection carried no HTTP). */
    private void http(io.tcplens.http.HttpResult h) {
        g.writeNumberProperty("http_requests", h == null ? 0 : h.requests());
        g.writeNumberProperty("http_responses", h == null ? 0 : h.responses());
        if (h == null) {
            g.writeNullProperty("http");
            return;
        }
        io.tcplens.http.HttpPersistence p = h.persistence();
        g.writeObjectPropertyStart("http");
        g.writeBooleanProperty("persistent", p.persistent());
        g.writeNumberProperty("requests", p.requests());
        optionalNumber("advertised_timeout", p.advertisedTimeoutSeconds());
        optionalNumber("advertised_max", p.advertisedMax());
        g.writeName("idle_before_close");
        if (p.idleBeforeCloseMicros() >= 0) g.writeNumber(ConnsWriter.seconds(p.idleBeforeCloseMicros() * 1000)); else g.writeNull();
        g.writeName("closer");
        if (p.closer() == io.tcplens.http.HttpPersistence.Side.NONE) g.writeNull(); else g.writeString(p.closer().name().toLowerCase(java.util.Locale.ROOT));
        g.writeName("close_kind");
        if (p.closeKind() == io.tcplens.http.HttpPersistence.CloseKind.NONE) g.writeNull(); else g.writeString(p.closeKind().name().toLowerCase(java.util.Locale.ROOT));
        optionalBoolean("client_said_close", p.clientSaidClose());
        optionalBoolean("server_said_close", p.serverSaidClose());
        optionalBoolean("client_honoured_close", p.clientHonouredClose());
        optionalBoolean("server_honoured_close", p.serverHonouredClose());
        optionalBoolean("idle_close_matches_timeout", p.idleCloseMatchesAdvertisedTimeout());
        g.writeBooleanProperty("upgraded", p.upgraded());
        g.writeBooleanProperty("over_buffer_cap", h.overCap());
        g.writeNumberProperty("problems", h.problems().size());
        g.writeEndObject();
    }

    private void optionalNumber(String name, long v) {
        if (v >= 0) g.writeNumberProperty(name, v); else g.writeNullProperty(name);
    }

    private void optionalBoolean(String name, Boolean v) {
        if (v == null) g.writeNullProperty(name); else g.writeBooleanProperty(name, v);
    }

    private void pair(String name, long client, long server) {
        g.writeObjectPropertyStart(name);
        g.writeNumberProperty("client", client);
        g.writeNumberProperty("server", server);
        g.writeEndObject();
    }

    private void interval(long nanos) {
        if (nanos >= 0) g.writeNumber(ConnsWriter.seconds(nanos)); else g.writeNull();
    }

    private void side(String name, Side s) {
        if (s == null) g.writeNullProperty(name); else g.writeStringProperty(name, s.label());
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
