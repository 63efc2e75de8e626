package io.tcplens.cli;

import io.tcplens.render.rows.RowParser;
import io.tcplens.render.rows.Tables;
import io.tcplens.render.rows.Tables.Column;
import io.tcplens.render.rows.Tables.Table;
import io.tcplens.render.rows.Tables.Type;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.OutputStream;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

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

    // The schema is render's Tables (one definition for DuckDB and Spark); these names keep this
    // file's uses short.
    static final Table CONNS = Tables.CONNS;
    static final Table HTTP = Tables.HTTP;
    static final Table PACKETS = Tables.PACKETS;

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
        private final RowParser parser;
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
            this.parser = tsv ? null : new RowParser(table);
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
            System.arraycopy(parser.parse(line, 0, len), 0, values, 0, values.length);
            if (table == CONNS) {
                long[] ns = nanos.poll();
                if (ns != null) {
                    values[table.index().get("first_ts")] = ns[0];
                    values[table.index().get("last_ts")] = ns[1];
                }
            }
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
