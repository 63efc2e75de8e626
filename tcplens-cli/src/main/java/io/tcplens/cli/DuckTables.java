package io.tcplens.cli;

import io.tcplens.tcp.Analysis;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

import java.io.OutputStream;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The DuckDB tables {@code conns}, {@code http} and {@code packets}, filled from the rows the
 * commands already write: a conns row is what {@code conns --format json} writes, an http row what
 * {@code http --format json} writes, a packets row what {@code analyze} writes. The rows are parsed
 * back into typed columns and loaded through DuckDB's appender; so every fact is computed in one place
 * and a column is named as its JSON key.
 *
 * <p>Column layout (chosen for DuckDB, Spark and pandas alike): flat, nested JSON objects flattened
 * with {@code _} ({@code packets.client} is {@code packets_client}, {@code http.persistent} is
 * {@code http_persistent}, each analysis flag {@code analysis_<flag>}, 0 when absent as in JSON);
 * {@code http.requests} repeats the top-level {@code http_requests}, so it is that one column.
 * Timestamps are TIMESTAMP (µs) or, when the capture has nanoseconds, TIMESTAMP_NS; durations are
 * DOUBLE seconds; counts BIGINT; absent facts NULL.
 *
 * <p>Only {@code sql} and {@code --format parquet} reach this class, so the other commands never
 * load DuckDB's classes or its native library.
 */
final class DuckTables {
    private DuckTables() { }

    enum Type {
        VARCHAR("VARCHAR"), BIGINT("BIGINT"), DOUBLE("DOUBLE"), BOOLEAN("BOOLEAN"),
        /** Stored with nanoseconds; written as TIMESTAMP (µs) unless the capture had nanoseconds. */
        TIMESTAMP("TIMESTAMP_NS"), INT_LIST("INTEGER[]"), STRING_LIST("VARCHAR[]");
        final String sql;
        Type(String sql) { this.sql = sql; }
    }

    record Column(String name, Type type) { }

    record Table(String name, List<Column> columns, Map<String, Integer> index) {
        static Table of(String name, List<Column> columns) {
            Map<String, Integer> ix = new HashMap<>();
            for (int i = 0; i < columns.size(); i++) ix.put(columns.get(i).name(), i);
            return new Table(name, List.copyOf(columns), ix);
        }

        String create() {
            StringBuilder b = new StringBuilder("CREATE OR REPLACE TABLE ").append(name).append(" (");
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) b.append(", ");
                b.append('"').append(columns.get(i).name()).append("\" ").append(columns.get(i).type().sql);
            }
            return b.append(')').toString();
        }

        /** SELECT of every column, timestamps cut to microseconds unless {@code nanos}. */
        String select(boolean nanos) {
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
    static final Table CONNS;
    /** One column per key of an {@code http --format json} row (HttpCommand#json), in its order. */
    static final Table HTTP;
    /** The columns of {@code analyze} (AnalyzeTsvWriter), in its order. */
    static final Table PACKETS;

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
    static String flat(String path) { return path.replace('.', '_'); }

    /**
     * Loads the lines written into it (JSON Lines or the analyze TSV) into one table through an
     * appender on its own connection (each loader is used by one thread: the writer's).
     */
    static final class Loader extends OutputStream {
        private final Table table;
        private final boolean tsv;
        private final DuckDBConnection conn;
        private final DuckDBAppender app;
        private final Object[] values;
        private final java.util.concurrent.locks.Lock lock;
        private byte[] line = new byte[4096];
        private int len;
        private long rows;
        /** For conns: each row's first and last timestamps with nanoseconds, in the order written. */
        final java.util.ArrayDeque<long[]> nanos = new java.util.ArrayDeque<>();
        private boolean header;

        Loader(DuckDBConnection db, Table table, boolean tsv) throws SQLException {
            this.table = table;
            this.tsv = tsv;
            this.header = tsv;
            this.conn = (DuckDBConnection) db.duplicate();
            try (Statement st = conn.createStatement()) {
                st.execute(table.create());
            }
            this.app = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table.name());
            // Made on the main thread, fed by the writer's (HttpOffload's worker) and closed on the
            // main thread again after the worker finished: one thread at a time, handed over, which
            // the appender allows only with its lock.
            this.lock = app.unsafeBreakThreadConfinement();
            this.values = new Object[table.columns().size()];
        }

        long rows() { return rows; }

        @Override
        public void write(int b) {
            if (b == '\n') {
                line();
                return;
            }
            if (len == line.length) line = java.util.Arrays.copyOf(line, len * 2);
            line[len++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int n) {
            int end = off + n;
            for (int i = off; i < end; i++) {
                byte x = b[i];
                if (x == '\n') {
                    line();
                } else {
                    if (len == line.length) line = java.util.Arrays.copyOf(line, len * 2);
                    line[len++] = x;
                }
            }
        }

        private void line() {
            try {
                if (header) {
                    header = false;   // the analyze TSV's column names
                } else if (len > 0) {
                    java.util.Arrays.fill(values, null);
                    if (tsv) tsv(); else json();
                    append();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot load " + table.name() + ": " + e.getMessage(), e);
            }
            len = 0;
        }

        private void tsv() {
            String[] f = new String(line, 0, len, java.nio.charset.StandardCharsets.UTF_8).split("\t", -1);
            List<Column> cols = table.columns();
            for (int i = 0; i < cols.size() && i < f.length; i++) {
                String v = f[i];
                if (v.isEmpty() || (cols.get(i).name().equals("analysis") && v.equals("-"))) continue;
                values[i] = cols.get(i).type() == Type.BIGINT ? (Object) Long.parseLong(v) : v;
            }
        }

        private void json() {
            try (JsonParser p = HttpCommand.JSON_LINES.createParser(ObjectReadContext.empty(), line, 0, len)) {
                String[] path = new String[4];
                int depth = -1;
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    switch (t) {
                        case START_OBJECT -> depth++;
                        case END_OBJECT -> depth--;
                        case PROPERTY_NAME -> path[depth] = p.currentName();
                        case START_ARRAY -> {
                            List<Object> xs = new ArrayList<>();
                            JsonToken e;
                            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                                xs.add(e == JsonToken.VALUE_NUMBER_INT ? (Object) p.getIntValue() : p.getString());
                            }
                            set(key(path, depth), xs, null);
                        }
                        default -> set(key(path, depth), p, t);
                    }
                }
            }
            if (table == CONNS) {
                for (int i = 0; i < values.length; i++) {
                    if (values[i] == null && table.columns().get(i).name().startsWith("analysis_")) values[i] = 0L;
                }
                long[] ns = nanos.poll();
                if (ns != null) {
                    values[table.index().get("first_ts")] = ns[0];
                    values[table.index().get("last_ts")] = ns[1];
                }
            }
        }

        private static String key(String[] path, int depth) {
            if (depth == 0) return path[0];
            StringBuilder b = new StringBuilder(path[0]);
            for (int i = 1; i <= depth; i++) b.append('_').append(path[i]);
            return flat(b.toString());
        }

        private void set(String key, Object listOrParser, JsonToken t) {
            Integer i = table.index().get(key);
            if (i == null && t == JsonToken.VALUE_NULL && hasColumnsUnder(key)) return;   // "http": null
            if (i == null) {
                throw new IllegalStateException(table.name() + ": the JSON row has a key '" + key + "' that has no column");
            }
            if (values[i] != null) return;   // http.requests repeats http_requests (the first, never null)
            if (t == null) {
                values[i] = listOrParser;
                return;
            }
            JsonParser p = (JsonParser) listOrParser;
            if (t == JsonToken.VALUE_NULL) return;
            Type type = table.columns().get(i).type();
            values[i] = switch (type) {
                case VARCHAR -> p.getString();
                case BIGINT -> p.getLongValue();
                case DOUBLE -> Double.parseDouble(p.getString());
                case BOOLEAN -> t == JsonToken.VALUE_TRUE;
                case TIMESTAMP -> {   // seconds with six decimals, exactly
                    String s = p.getString();
                    int dot = s.indexOf('.');
                    long sec = Long.parseLong(dot < 0 ? s : s.substring(0, dot));
                    long frac = dot < 0 ? 0 : Long.parseLong((s.substring(dot + 1) + "000000000").substring(0, 9));
                    yield sec * 1_000_000_000L + (sec < 0 ? -frac : frac);
                }
                case INT_LIST, STRING_LIST -> throw new IllegalStateException(key + " is not a list");
            };
        }

        private boolean hasColumnsUnder(String key) {
            for (Column c : table.columns()) if (c.name().startsWith(key + "_")) return true;
            return false;
        }

        private void append() throws SQLException {
            lock.lock();
            try {
                appendRow();
            } finally {
                lock.unlock();
            }
        }

        private void appendRow() throws SQLException {
            app.beginRow();
            List<Column> cols = table.columns();
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (v == null) {
                    app.appendNull();
                    continue;
                }
                switch (cols.get(i).type()) {
                    case VARCHAR -> app.append((String) v);
                    case BIGINT -> app.append((long) (Long) v);
                    case DOUBLE -> app.append((double) (Double) v);
                    case BOOLEAN -> app.append((boolean) (Boolean) v);
                    case TIMESTAMP -> app.appendEpochNanos((Long) v);
                    case INT_LIST -> {
                        List<?> xs = (List<?>) v;
                        int[] a = new int[xs.size()];
                        for (int k = 0; k < a.length; k++) a[k] = (Integer) xs.get(k);
                        app.append(a);
                    }
                    case STRING_LIST -> app.append((java.util.Collection<?>) v);
                }
            }
            app.endRow();
            rows++;
        }

        @Override
        public void flush() { }

        /** Ends the last line and commits what was appended. */
        @Override
        public void close() {
            if (len > 0) line();
            lock.lock();
            try {
                app.close();
                conn.close();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot load " + table.name() + ": " + e.getMessage(), e);
            } finally {
                lock.unlock();
            }
        }
    }
}
