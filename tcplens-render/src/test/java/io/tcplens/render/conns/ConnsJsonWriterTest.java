package io.tcplens.render.conns;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.Handshake;
import io.tcplens.conn.Side;
import io.tcplens.conn.Teardown;
import io.tcplens.http.HttpPersistence;
import io.tcplens.http.HttpProblem;
import io.tcplens.http.HttpResult;
import io.tcplens.tcp.Analysis;
import io.tcplens.tcp.TcpEvent;
import io.tcplens.tcp.TcpState;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conns JSON rows are written from pre-encoded fragments, not through a JSON generator, so
 * this test reads them back with Jackson's parser: every row must be one valid JSON object whose
 * values are exactly the summary's, whatever characters its strings hold and however many rows
 * pass through the writer's buffer.
 */
class ConnsJsonWriterTest {
    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void strings_with_quotes_backslashes_controls_and_non_ascii_round_trip() {
        String[] histories = {"ShADadFf", "a\"b", "back\\slash", "tab\tnew\nline\u0001\u007f", "café ☕", "mixé\"\u0002😀end", ""};
        for (String h : histories) {
            Map<String, Object> row = parseOne(write(List.of(summary(7, h, null))));
            assertThat(row.get("history")).as("history %s", h).isEqualTo(h);
            assertThat(row.get("conn_state")).isEqualTo("SF");
        }
    }

    @Test
    void numbers_and_times_are_written_as_the_other_writers_write_them() {
        for (long nanos : new long[] {0, 999, 1_000, 1_700_000_000_123_456_789L, -1, -1_500, -2_000_000_001L, Long.MAX_VALUE}) {
            ConnectionSummary s = summary(0, "S", null);
            s = withTimes(s, nanos);
            String text = write(List.of(s));
            assertThat(text).contains("\"first_ts\":" + ConnsWriter.seconds(nanos) + ",");
        }
        ConnectionSummary big = summary(Integer.MAX_VALUE, "S", null);
        Map<String, Object> row = parseOne(write(List.of(big)));
        assertThat(row.get("stream")).isEqualTo((long) Integer.MAX_VALUE);
        assertThat(((Map<?, ?>) row.get("packets")).get("client")).isEqualTo(Long.MAX_VALUE);
        assertThat(((Map<?, ?>) row.get("payload_bytes")).get("server")).isEqualTo(0L);
    }

    @Test
    void every_key_the_issue_names_is_present_and_absent_facts_are_null() {
        Map<String, Object> row = parseOne(write(List.of(summary(3, "S", null))));
        assertThat(row).containsKeys("stream", "client", "server", "first_ts", "last_ts", "duration", "packets",
                "payload_bytes", "handshake", "syn_retransmits", "keepalive_probes", "zero_window_probes", "teardown",
                "fin_with_data", "half_close", "active_closer", "reset_by", "time_wait", "final_state", "conn_state",
                "history", "analysis", "http");
        assertThat(row.get("client")).isEqualTo("10.0.0.1:40000");
        assertThat(row.get("server")).isEqualTo("[2001:db8::1]:80");
        assertThat(row.get("initial_rtt")).isNull();
        assertThat(row.get("active_closer")).isNull();
        assertThat(row.get("reset_by")).isEqualTo("server");
        assertThat(row.get("http")).isNull();
        assertThat(row.get("close_reason")).isEqualTo("finished");
        assertThat(row.get("resumed")).isEqualTo(false);
        assertThat(map(row.get("keepalive_interval"))).containsEntry("client", null).containsEntry("server", 75.0);
        assertThat(map(row.get("final_state"))).containsEntry("client", "TIME_WAIT").containsEntry("server", "CLOSED");
        assertThat(map(row.get("analysis"))).containsOnlyKeys(Analysis.name(0), Analysis.name(Analysis.COUNT - 1));
    }

    @Test
    void http_object() {
        HttpPersistence p = new HttpPersistence(true, 3, 3, false, true, true, Boolean.TRUE, null, 5, -1,
                HttpPersistence.Side.SERVER, HttpPersistence.CloseKind.FIN, 40, 5_000_123, -1, false);
        HttpResult h = new HttpResult(List.of(), p, List.of(new HttpProblem(HttpProblem.Kind.NOT_HTTP, true, 1, "x")), false, 0);
        Map<String, Object> row = parseOne(write(List.of(summary(1, "S", h))));
        Map<?, ?> http = (Map<?, ?>) row.get("http");
        assertThat(row.get("http_requests")).isEqualTo(3L);
        assertThat(http.get("persistent")).isEqualTo(true);
        assertThat(http.get("advertised_timeout")).isEqualTo(5L);
        assertThat(http.get("advertised_max")).isNull();
        assertThat(http.get("idle_before_close")).isEqualTo(5.000123);
        assertThat(http.get("closer")).isEqualTo("server");
        assertThat(http.get("close_kind")).isEqualTo("fin");
        assertThat(http.get("server_said_close")).isEqualTo(true);
        assertThat(http.get("server_honoured_close")).isEqualTo(true);
        assertThat(http.get("client_honoured_close")).isNull();
        assertThat(http.get("problems")).isEqualTo(1L);
    }

    @Test
    void many_rows_through_the_buffer_stay_whole_and_in_order() {
        List<ConnectionSummary> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) rows.add(summary(i, "S".repeat(i % 3000), null));   // some rows far longer than usual
        String[] lines = write(rows).split("\n", -1);
        assertThat(lines).hasSize(rows.size() + 1);
        assertThat(lines[rows.size()]).isEmpty();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = parse(lines[i]);
            assertThat(row.get("stream")).isEqualTo((long) i);
            assertThat(row.get("history")).isEqualTo("S".repeat(i % 3000));
        }
    }

    // ------------------------------------------------------------------ helpers

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) { return (Map<String, Object>) o; }

    private static String write(List<ConnectionSummary> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ConnsWriter w = ConnsWriter.of(ConnsWriter.Format.JSON, out)) {
            rows.forEach(w::write);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> parseOne(String text) {
        assertThat(text).endsWith("\n").doesNotContain("\n\n");
        assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
        return parse(text.substring(0, text.length() - 1));
    }

    private static Map<String, Object> parse(String line) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), line)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            Map<String, Object> m = object(p);
            assertThat(p.nextToken()).as("one value per line").isNull();
            return m;
        }
    }

    private static Map<String, Object> object(JsonParser p) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            assertThat(m).as("duplicate key %s", name).doesNotContainKey(name);
            m.put(name, value(p, p.nextToken()));
        }
        return m;
    }

    private static Object value(JsonParser p, JsonToken t) {
        return switch (t) {
            case START_OBJECT -> object(p);
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new AssertionError("unexpected " + t);
        };
    }

    private static ConnectionSummary summary(int stream, String history, HttpResult http) {
        long[] analysis = new long[Analysis.COUNT];
        analysis[0] = 2;
        analysis[Analysis.COUNT - 1] = 1;
        return new ConnectionSummary(stream,
                new ConnectionSummary.Endpoint(new byte[] {10, 0, 0, 1}, 40000),
                new ConnectionSummary.Endpoint(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 80),
                true, 1, 10, 1_000_000_000L, 2_500_000_000L, Long.MAX_VALUE, 4, 100, 0,
                Handshake.THREE_WAY, 0, -1, 0, 3, -1, 75_000_000_000L, 0, 0,
                Teardown.FOUR_WAY, false, false, null, Side.SERVER, Side.CLIENT,
                TcpState.TIME_WAIT, TcpState.CLOSED, "SF", history, true, 100, 0, 300, 200, 1_500_000_000L, 0,
                analysis, List.of(), List.of(), TcpEvent.CloseReason.FINISHED, false, http);
    }

    private static ConnectionSummary withTimes(ConnectionSummary s, long firstNanos) {
        return new ConnectionSummary(s.stream(), s.client(), s.server(), s.clientFromSyn(), s.firstFrame(), s.lastFrame(),
                firstNanos, firstNanos, s.clientPackets(), s.serverPackets(), s.clientPayloadBytes(), s.serverPayloadBytes(),
                s.handshake(), s.synRetransmits(), s.initialRttNanos(), s.clientKeepaliveProbes(), s.serverKeepaliveProbes(),
                s.clientKeepaliveIntervalNanos(), s.serverKeepaliveIntervalNanos(), s.clientZeroWindowProbes(),
                s.serverZeroWindowProbes(), s.teardown(), s.finWithData(), s.halfClose(), s.activeCloser(), s.resetBy(),
                s.timeWait(), s.clientFinalState(), s.serverFinalState(), s.zeekConnState(), s.zeekHistory(),
                s.zeekOriginatorIsClient(), s.zeekOrigBytes(), s.zeekRespBytes(), s.zeekOrigIpBytes(), s.zeekRespIpBytes(),
                s.zeekDurationNanos(), s.zeekMissedBytes(), s.analysisCounts(), s.milestones(), s.idleGaps(),
                s.closeReason(), s.resumed(), s.http());
    }
}
