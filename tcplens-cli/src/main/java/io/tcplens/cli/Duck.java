package io.tcplens.cli;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.render.rows.HttpJsonWriter;
import io.tcplens.render.rows.RowsPass;
import io.tcplens.render.analyze.AnalyzeTsvWriter;
import io.tcplens.render.conns.ConnsWriter;
import io.tcplens.render.text.AsciiOut;
import io.tcplens.tcp.TcpListener;
import org.duckdb.DuckDBConnection;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One analysis pass into DuckDB tables ({@link DuckTables}), for {@code sql} and
 * {@code --format parquet}: the {@code conns} and {@code http} commands' own passes
 * (render's {@link RowsPass}) with their JSON writers feeding
 * appenders, and {@code analyze}'s writer for packets.
 */
final class Duck {
    private Duck() { }

    /** A DuckDB database: in memory, or the file (created if absent). Two threads, a bounded memory. */
    static DuckDBConnection open(String file) throws SQLException {
        // the driver itself, not DriverManager (which would load every driver on the class path)
        DuckDBConnection c = (DuckDBConnection) new org.duckdb.DuckDBDriver().connect(
                file == null ? "jdbc:duckdb:" : "jdbc:duckdb:" + file, new java.util.Properties());
        try (Statement st = c.createStatement()) {
            st.execute("SET threads = 2");
            st.execute("SET memory_limit = '300MB'");
            st.execute("SET preserve_insertion_order = true");
        }
        return c;
    }

    /** Which tables a pass fills. */
    record Want(boolean conns, boolean http, boolean packets) { }

    /**
     * Runs the analysis of {@code input} once into the wanted tables of {@code db}; returns the
     * run's exit code (1 when the capture could not be read to its end, as the commands).
     * {@code nanos[0]} is set to whether the capture has nanosecond timestamps, {@code frames[0]} to
     * the frames read.
     */
    static int load(DuckDBConnection db, Inputs input, Want want, PrintStream err, boolean[] nanos, long[] frames) throws SQLException {
        OfflineRun run = OfflineRun.prepare(List.of(), err);
        // Rows and exchanges are those of `conns` and `http` (compact tombstones); packets are those
        // of `analyze`, which keeps full ones for the analysis flags of late packets.
        if (!want.packets()) run.compactTombstones();
        List<TcpListener> listeners = new ArrayList<>();
        DuckTables.Loader connsLoader = null, httpLoader = null, packetsLoader = null;
        ConnsWriter connsRows = null;
        RowsPass.ExchangeWriter exchangeRows = null;
        RowsPass rows = null;
        JsonGenerator g = null;
        AsciiOut packetsOut = null;
        int rc;
        try {
            if (want.http()) {
                httpLoader = new DuckTables.Loader(db, DuckTables.HTTP, false);
                JsonGenerator gen = g = HttpJsonWriter.JSON_LINES.createGenerator(ObjectWriteContext.empty(), httpLoader, JsonEncoding.UTF8);
                exchangeRows = (stream, client, server, t) -> HttpJsonWriter.write(gen, stream, client, server, t);
            }
            if (want.conns()) connsRows = connsWriter(connsLoader = new DuckTables.Loader(db, DuckTables.CONNS, false));
            if (connsRows != null && exchangeRows != null) rows = RowsPass.both(connsRows, exchangeRows, run::selected);
            else if (connsRows != null) rows = RowsPass.conns(connsRows, run::selected, false);
            else if (exchangeRows != null) rows = RowsPass.http(exchangeRows, run::selected);
            if (rows != null) listeners.addAll(List.of(rows.listeners()));
            if (want.packets()) {
                packetsLoader = new DuckTables.Loader(db, DuckTables.PACKETS, true);
                packetsOut = new AsciiOut(packetsLoader, 1 << 16);
                AnalyzeTsvWriter tsv = new AnalyzeTsvWriter(packetsOut);
                tsv.header();
                listeners.add(tsv);
            }
            try {
                rc = run.run(input, System.in, err, listeners.toArray(TcpListener[]::new));
            } finally {
                if (rows != null) rows.finish();
            }
            nanos[0] = run.nanosecondResolution();
            frames[0] = run.frames();
        } finally {
            if (connsRows != null) connsRows.close();   // the JSON writer's last rows
            if (g != null) g.close();
            if (packetsOut != null) packetsOut.flush();
            for (DuckTables.Loader l : new DuckTables.Loader[] {connsLoader, httpLoader, packetsLoader}) {
                if (l != null) l.close();
            }
        }
        if (rows != null) rows.report(err);
        return rc;
    }

    /**
     * The conns JSON writer feeding {@code l}, with each row's first and last times kept with their
     * nanoseconds beside it (the JSON row has microseconds).
     */
    private static ConnsWriter connsWriter(DuckTables.Loader l) {
        ConnsWriter json = ConnsWriter.of(ConnsWriter.Format.JSON, l);
        return new ConnsWriter() {
            @Override public void write(ConnectionSummary c) { write(c, c.http()); }

            @Override public void write(ConnectionSummary c, io.tcplens.http.HttpResult h) {
                l.nanos.add(new long[] {c.firstNanos(), c.lastNanos()});
                json.write(c, h);
            }

            @Override public void close() { json.close(); }
        };
    }

    /**
     * Writes a table as Parquet to {@code out}: first to a temporary file beside it, then moved into
     * place, so a failure never leaves a half-written file nor destroys one already there.
     */
    static void parquet(DuckDBConnection db, io.tcplens.render.rows.Tables.Table t, boolean nanos, Path out) throws SQLException, java.io.IOException {
        Path abs = out.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tcplens-tmp");
        try (Statement st = db.createStatement()) {
            st.execute("COPY (" + t.select(nanos) + ") TO '" + tmp.toString().replace("'", "''")
                    + "' (FORMAT parquet, COMPRESSION zstd)");
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Why {@code out} cannot be written, or null: checked before the analysis, so no time is lost. */
    static String unwritable(String out) {
        Path p = Path.of(out).toAbsolutePath();
        if (Files.isDirectory(p)) return out + ": is a directory";
        Path dir = p.getParent();
        if (dir == null || !Files.isDirectory(dir)) return out + ": no such directory";
        if (!Files.isWritable(dir) || (Files.exists(p) && !Files.isWritable(p))) return out + ": permission denied";
        return null;
    }

    /** {@code conns|http --format parquet -o FILE}: the pass into memory, then the one table to FILE. */
    static int export(String command, Inputs input, String out, PrintStream err) {
        if (out == null) {
            err.println("tcplens: --format parquet writes a file: give it with -o FILE");
            return 2;
        }
        String why = unwritable(out);
        if (why != null) {
            err.println("tcplens: cannot write " + why);
            return 1;
        }
        boolean conns = command.equals("conns");
        try (DuckDBConnection db = open(null)) {
            boolean[] nanos = new boolean[1];
            long[] frames = new long[1];
            int rc = load(db, input, new Want(conns, !conns, false), err, nanos, frames);
            if (rc != 0 && frames[0] == 0) return rc;   // nothing read: an existing file stays as it was
            parquet(db, conns ? DuckTables.CONNS : DuckTables.HTTP, nanos[0], Path.of(out));
            return rc;
        } catch (SQLException e) {
            err.println("tcplens: parquet: " + SqlCommand.firstLine(e.getMessage()));
            return 1;
        } catch (java.io.IOException e) {
            err.println("tcplens: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
    }
}
