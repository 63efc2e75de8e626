package io.tcplens.render.rows;

import io.tcplens.tcp.Analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of the tables tcplens writes: {@code conns} (a {@code conns --format json} row),
 * {@code http} (an {@code http --format json} row) and {@code packets} (an {@code analyze} row).
 * One definition for DuckDB ({@code sql}, {@code --format parquet}) and Spark, so a column has the
 * same name and type everywhere and is named as its JSON key.
 *
 * <p>Layout (chosen for DuckDB, Spark and pandas alike): flat, nested JSON objects flattened with
 * {@code _} ({@code packets.client} is {@code packets_client}, {@code http.persistent} is
 * {@code http_persistent}, each analysis flag {@code analysis_<flag>}, 0 when absent as in JSON);
 * {@code http.requests} repeats the top-level {@code http_requests}, so it is that one column.
 * Timestamps are nanoseconds since the epoch (TIMESTAMP_NS in DuckDB, written as TIMESTAMP in µs
 * unless the capture has nanoseconds; TIMESTAMP in µs in Spark); durations are DOUBLE seconds;
 * counts BIGINT; absent facts NULL.
 */
public final class Tables {
    private Tables() { }

    public enum Type {
        VARCHAR("VARCHAR"), BIGINT("BIGINT"), DOUBLE("DOUBLE"), BOOLEAN("BOOLEAN"),
        /** Stored with nanoseconds; written as TIMESTAMP (µs) unless the capture had nanoseconds. */
        TIMESTAMP("TIMESTAMP_NS"), INT_LIST("INTEGER[]"), STRING_LIST("VARCHAR[]");
        /** The DuckDB (SQL) type. */
        public final String sql;
        Type(String sql) { this.sql = sql; }
    }

    public record Column(String name, Type type) { }

    public record Table(String name, List<Column> columns, Map<String, Integer> index) {
        public static Table of(String name, List<Column> columns) {
            Map<String, Integer> ix = new HashMap<>();
            for (int i = 0; i < columns.size(); i++) ix.put(columns.get(i).name(), i);
            return new Table(name, List.copyOf(columns), ix);
        }

        /** CREATE OR REPLACE TABLE of these columns (DuckDB). */
        public String create() {
            StringBuilder b = new StringBuilder("CREATE OR REPLACE TABLE ").append(name).append(" (");
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) b.append(", ");
                b.append('"').append(columns.get(i).name()).append("\" ").append(columns.get(i).type().sql);
            }
            return b.append(')').toString();
        }

        /** SELECT of every column, timestamps cut to microseconds unless {@code nanos}. */
        public String select(boolean nanos) {
            StringBuilder b = new StringBuilder("SELECT ");
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                if (i > 0) b.append(", ");
                if (c.type() == Type.TIMESTAMP && !nanos) b.append("CAST(\"").append(c.name()).append("\" AS TIMESTAMP) AS \"").append(c.name()).append('"');
                else b.append('"').append(c.name()).append('"');
            }
            return b.append(" FROM ").append(name).toString();
        }
    }

    private static Column c(String name, Type t) { return new Column(name, t); }

    private static void pair(List<Column> l, String name, Type t) {
        l.add(c(name + "_client", t));
        l.add(c(name + "_server", t));
    }

    /** One column per key of a {@code conns --format json} row (ConnsJsonWriter), in its order. */
    public static final Table CONNS;
    /** One column per key of an {@code http --format json} row (HttpJsonWriter), in its order. */
    public static final Table HTTP;
    /** The columns of {@code analyze} (AnalyzeTsvWriter), in its order. */
    public static final Table PACKETS;

    static {
        List<Column> l = new ArrayList<>();
        l.add(c("stream", Type.BIGINT));
        l.add(c("client", Type.VARCHAR));
        l.add(c("server", Type.VARCHAR));
        l.add(c("client_from_syn", Type.BOOLEAN));
        l.add(c("first_ts", Type.TIMESTAMP));
        l.add(c("last_ts", Type.TIMESTAMP));
        l.add(c("duration", Type.DOUBLE));
        pair(l, "packets", Type.BIGINT);
        pair(l, "payload_bytes", Type.BIGINT);
        l.add(c("handshake", Type.VARCHAR));
        l.add(c("syn_retransmits", Type.BIGINT));
        l.add(c("initial_rtt", Type.DOUBLE));
        pair(l, "keepalive_probes", Type.BIGINT);
        pair(l, "keepalive_interval", Type.DOUBLE);
        pair(l, "zero_window_probes", Type.BIGINT);
        l.add(c("teardown", Type.VARCHAR));
        l.add(c("fin_with_data", Type.BOOLEAN));
        l.add(c("half_close", Type.BOOLEAN));
        l.add(c("active_closer", Type.VARCHAR));
        l.add(c("reset_by", Type.VARCHAR));
        l.add(c("time_wait", Type.VARCHAR));
        pair(l, "final_state", Type.VARCHAR);
        l.add(c("conn_state", Type.VARCHAR));
        l.add(c("history", Type.VARCHAR));
        for (int i = 0; i < Analysis.COUNT; i++) l.add(c("analysis_" + Analysis.name(i).replace('.', '_'), Type.BIGINT));
        l.add(c("close_reason", Type.VARCHAR));
        l.add(c("resumed", Type.BOOLEAN));
        l.add(c("http_requests", Type.BIGINT));
        l.add(c("http_responses", Type.BIGINT));
        l.add(c("http_persistent", Type.BOOLEAN));
        l.add(c("http_advertised_timeout", Type.BIGINT));
        l.add(c("http_advertised_max", Type.BIGINT));
        l.add(c("http_idle_before_close", Type.DOUBLE));
        l.add(c("http_closer", Type.VARCHAR));
        l.add(c("http_close_kind", Type.VARCHAR));
        l.add(c("http_client_said_close", Type.BOOLEAN));
        l.add(c("http_server_said_close", Type.BOOLEAN));
        l.add(c("http_client_honoured_close", Type.BOOLEAN));
        l.add(c("http_server_honoured_close", Type.BOOLEAN));
        l.add(c("http_idle_close_matches_timeout", Type.BOOLEAN));
        l.add(c("http_upgraded", Type.BOOLEAN));
        l.add(c("http_over_buffer_cap", Type.BOOLEAN));
        l.add(c("http_problems", Type.BIGINT));
        CONNS = Table.of("conns", l);

        l = new ArrayList<>();
        l.add(c("stream", Type.BIGINT));
        l.add(c("index", Type.BIGINT));
        l.add(c("client", Type.VARCHAR));
        l.add(c("server", Type.VARCHAR));
        l.add(c("method", Type.VARCHAR));
        l.add(c("host", Type.VARCHAR));
        l.add(c("uri", Type.VARCHAR));
        l.add(c("status", Type.BIGINT));
        l.add(c("reason", Type.VARCHAR));
        l.add(c("request_body_bytes", Type.BIGINT));
        l.add(c("response_body_bytes", Type.BIGINT));
        l.add(c("time_to_first_byte", Type.DOUBLE));
        l.add(c("total_time", Type.DOUBLE));
        l.add(c("request_frame", Type.BIGINT));
        l.add(c("response_frame", Type.BIGINT));
        l.add(c("request_complete", Type.BOOLEAN));
        l.add(c("request_missing_bytes", Type.BIGINT));
        l.add(c("response_complete", Type.BOOLEAN));
        l.add(c("response_missing_bytes", Type.BIGINT));
        l.add(c("interim_statuses", Type.INT_LIST));
        l.add(c("request_not_kept", Type.BOOLEAN));
        l.add(c("request_malformed", Type.BOOLEAN));
        l.add(c("oversized_head", Type.BOOLEAN));
        l.add(c("problems", Type.STRING_LIST));
        HTTP = Table.of("http", l);

        l = new ArrayList<>();
        l.add(c("frame", Type.BIGINT));
        l.add(c("stream", Type.BIGINT));
        l.add(c("seq", Type.BIGINT));
        l.add(c("ack", Type.BIGINT));
        l.add(c("len", Type.BIGINT));
        l.add(c("nxtseq", Type.BIGINT));
        l.add(c("flags", Type.VARCHAR));
        l.add(c("analysis", Type.VARCHAR));
        l.add(c("client_state", Type.VARCHAR));
        l.add(c("server_state", Type.VARCHAR));
        PACKETS = Table.of("packets", l);
    }

    /** A JSON key path as its column name: {@code packets.client} → {@code packets_client}. */
    public static String flat(String path) { return path.replace('.', '_'); }

}
