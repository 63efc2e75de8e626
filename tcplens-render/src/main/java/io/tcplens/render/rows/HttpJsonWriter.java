package io.tcplens.render.rows;

import io.tcplens.http.HttpMessage;
import io.tcplens.http.HttpTransaction;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * One {@code http --format json} row: an HTTP/1.x exchange and the connection it ran on. The one
 * place the row is made: the {@code http} command, {@code sql}'s and Parquet's {@code http} table and
 * the Spark job all write it here.
 */
public final class HttpJsonWriter {
    private HttpJsonWriter() { }

    /** JSON Lines: each object ends its own line, so no separator before the next (Jackson's default is a space). */
    public static final JsonFactory JSON_LINES = JsonFactory.builder().rootValueSeparator((String) null).build();

    /** Writes the exchange as one line. */
    public static void write(JsonGenerator g, int stream, String client, String server, HttpTransaction t) {
        g.writeStartObject();
        g.writeNumberProperty("stream", stream);
        // from 1, as the table's # column and tshark's http.request_number count
        g.writeNumberProperty("index", t.index() + 1);
        g.writeStringProperty("client", client);
        g.writeStringProperty("server", server);
        g.writeStringProperty("method", t.method());
        g.writeStringProperty("host", t.host());
        g.writeStringProperty("uri", t.uri());
        if (t.statusCode() < 0) g.writeNullProperty("status"); else g.writeNumberProperty("status", t.statusCode());
        g.writeStringProperty("reason", t.reason());
        if (t.requestBodyBytes() < 0) g.writeNullProperty("request_body_bytes"); else g.writeNumberProperty("request_body_bytes", t.requestBodyBytes());
        if (t.responseBodyBytes() < 0) g.writeNullProperty("response_body_bytes"); else g.writeNumberProperty("response_body_bytes", t.responseBodyBytes());
        seconds(g, "time_to_first_byte", t.timeToFirstByteMicros());
        seconds(g, "total_time", t.totalMicros());
        if (t.requestFirstFrame() < 0) g.writeNullProperty("request_frame"); else g.writeNumberProperty("request_frame", t.requestFirstFrame());
        if (t.responseFirstFrame() < 0) g.writeNullProperty("response_frame"); else g.writeNumberProperty("response_frame", t.responseFirstFrame());
        message(g, "request", t.request());
        message(g, "response", t.response());
        g.writeName("interim_statuses");
        g.writeStartArray();
        for (HttpMessage i : t.interim()) g.writeNumber(i.status());
        g.writeEndArray();
        // what is unusual about the exchange (see HttpTransaction and HttpMessage)
        g.writeBooleanProperty("request_not_kept", t.requestNotKept());
        g.writeBooleanProperty("request_malformed", t.request() != null && t.request().malformedStartLine());
        g.writeBooleanProperty("oversized_head", t.oversizedHead());
        g.writeName("problems");
        g.writeStartArray();
        for (String p : t.problems()) g.writeString(p);
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /**
     * Whether a message ended within the capture ({@code <side>_complete}) and how many of its bytes
     * the capture lacked ({@code <side>_missing_bytes}); both null when the side is absent.
     */
    private static void message(JsonGenerator g, String side, HttpMessage m) {
        if (m == null) {
            g.writeNullProperty(side + "_complete");
            g.writeNullProperty(side + "_missing_bytes");
        } else {
            g.writeBooleanProperty(side + "_complete", m.complete());
            g.writeNumberProperty(side + "_missing_bytes", m.missingBytes());
        }
    }

    private static void seconds(JsonGenerator g, String name, long micros) {
        g.writeName(name);
        // micros as seconds with six decimals, exactly (what %.6f of micros / 1e6 prints, without a Formatter)
        if (micros < 0) g.writeNull(); else g.writeNumber(micros / 1_000_000 + "." + Long.toString(micros % 1_000_000 + 1_000_000).substring(1));
    }
}
