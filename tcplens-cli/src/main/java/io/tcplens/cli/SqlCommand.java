package io.tcplens.cli;

import org.duckdb.DuckDBConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code tcplens sql}: the analysis once into an embedded DuckDB, then a query over it. Tables
 * {@code conns} (the rows of {@code conns --format json}), {@code http} (of {@code http --format json})
 * and {@code packets} (of {@code analyze}; made only when the query names it). Exit codes: 0, 1 when
 * the query fails or the capture cannot be read, 2 for a usage error.
 */
@Command(name = "sql", sortOptions = false,
        description = {"SQL over the analysis, in an embedded DuckDB.",
                "Tables: conns (one row per connection, the columns of conns --format json, nested keys",
                "joined with _), http (one row per exchange, as http --format json) and packets (one row",
                "per TCP segment, the columns of analyze; made only when the query names it).",
                "Example: tcplens sql -r cap.pcap \"select time_wait, count(*) from conns group by 1\""})
public final class SqlCommand extends IoCommand implements Callable<Integer> {

    public static int execute(List<String> args, OutputStream out, PrintStream err) {
        return IoCommand.execute(new SqlCommand(), args, out, err);
    }

    @Option(names = "-r", paramLabel = "FILE",
            description = {"Capture to read (repeatable; directories and quoted globs as for the other commands).",
                    "Without -r, --db names a database kept by an earlier run."})
    List<String> files;

    @Option(names = "--strict", description = "With several files: a broken file is an error instead of a warning.")
    boolean strict;

    @Option(names = "--db", paramLabel = "FILE.duckdb",
            description = "Keep the tables in this DuckDB file (query it later with --db alone).")
    String db;

    @Option(names = "--save", paramLabel = "DIR", description = "Also write the tables as DIR/<table>.parquet.")
    String save;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (aligned), csv, or json (JSON Lines). Default: ${DEFAULT-VALUE}.")
    String format;

    @Parameters(paramLabel = "QUERY", arity = "0..1", description = "The SQL query (DuckDB's dialect).")
    String query;

    private static final Pattern PACKETS = Pattern.compile("(?i)\\bpackets\\b");
    private static final Pattern CONNS = Pattern.compile("(?i)\\bconns\\b");
    private static final Pattern HTTP = Pattern.compile("(?i)\\bhttp\\b");

    private boolean names(Pattern table) { return query != null && table.matcher(query).find(); }

    @Override
    public Integer call() {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!fmt.equals("table") && !fmt.equals("csv") && !fmt.equals("json")) {
            stderr.println("tcplens: unknown format '" + format + "' (use table, csv or json)");
            return 2;
        }
        if ((files == null || files.isEmpty()) && db == null) {
            stderr.println("tcplens: sql needs a capture (-r FILE) or a database kept earlier (--db FILE.duckdb)");
            return 2;
        }
        if (files == null && db != null && !Files.isRegularFile(Path.of(db))) {
            stderr.println("tcplens: " + db + ": no such database (make it with -r FILE --db " + db + ")");
            return 1;
        }
        if (query == null && save == null && db == null) {
            stderr.println("tcplens: give a query, e.g. \"select count(*) from conns\"");
            return 2;
        }
        if (save != null) {
            try {
                Files.createDirectories(Path.of(save));
            } catch (java.io.IOException e) {
                stderr.println("tcplens: cannot write " + save + ": " + e.getMessage());
                return 1;
            }
            if (!Files.isWritable(Path.of(save))) {
                stderr.println("tcplens: cannot write " + save + ": permission denied");
                return 1;
            }
        }
        int rc = 0;
        try (DuckDBConnection conn = Duck.open(db)) {
            boolean[] nanos = new boolean[1];
            if (files != null && !files.isEmpty()) {
                Inputs in = new Inputs();
                in.files = files;
                in.strict = strict;
                // Only the tables the query names are made (a table it does not name cannot change
                // its answer): packets, one row per segment, is the costliest, and http follows every
                // exchange on a core of its own. Kept (--db) or saved (--save), conns and http are
                // both made, packets still only when named.
                boolean keep = db != null || save != null;
                boolean packets = names(PACKETS);
                long[] frames = new long[1];
                rc = Duck.load(conn, in, new Duck.Want(keep || names(CONNS) || !names(HTTP) && !packets,
                        keep || names(HTTP), packets), stderr, nanos, frames);
                if (rc != 0 && (strict || frames[0] == 0)) return rc;
                // microsecond captures: the timestamps are TIMESTAMP, as the Parquet files have them
                if (!nanos[0]) {
                    try (Statement st = conn.createStatement()) {
                        for (io.tcplens.render.rows.Tables.Table t : List.of(DuckTables.CONNS)) {
                            if (!exists(conn, t.name())) continue;
                            st.execute("CREATE OR REPLACE TABLE " + t.name() + " AS " + t.select(false));
                        }
                    }
                }
            }
            if (save != null) {
                for (io.tcplens.render.rows.Tables.Table t : List.of(DuckTables.CONNS, DuckTables.HTTP, DuckTables.PACKETS)) {
                    if (!exists(conn, t.name())) continue;
                    Duck.parquet(conn, t, true, Path.of(save, t.name() + ".parquet"));
                }
            }
            if (query != null) {
                int q = query(conn, fmt);
                if (q != 0) return q;
            }
        } catch (SQLException e) {
            stderr.println("tcplens: sql: " + firstLine(e.getMessage()));
            return 1;
        } catch (java.io.IOException e) {
            stderr.println("tcplens: cannot write: " + e.getMessage());
            return 1;
        }
        return rc;
    }

    private static boolean exists(DuckDBConnection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'")) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    private int query(DuckDBConnection conn, String fmt) throws SQLException {
        try (Statement st = conn.createStatement()) {
            boolean hasRows;
            try {
                hasRows = st.execute(query);
            } catch (SQLException e) {
                // DuckDB's own words, then what there is to ask about: never a stack trace
                stderr.println("tcplens: sql: " + e.getMessage().strip());
                stderr.print(schema(conn));
                return 1;
            }
            if (!hasRows) return 0;
            try (ResultSet rs = st.getResultSet()) {
                PrintStream out = new PrintStream(new java.io.BufferedOutputStream(stdout, 1 << 16), false, StandardCharsets.UTF_8);
                switch (fmt) {
                    case "csv" -> csv(rs, out);
                    case "json" -> json(rs, out);
                    default -> table(rs, out);
                }
                out.flush();
            }
        }
        return 0;
    }

    /** The tables and their columns, for a query that failed. */
    static String schema(DuckDBConnection c) throws SQLException {
        StringBuilder b = new StringBuilder("tables:\n");
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) "
                     + "FROM information_schema.columns WHERE table_schema = 'main' GROUP BY table_name ORDER BY table_name")) {
            while (rs.next()) b.append("  ").append(rs.getString(1)).append(": ").append(rs.getString(2)).append('\n');
        }
        // the tables this run did not make (made when a query names them), from their definitions
        for (io.tcplens.render.rows.Tables.Table t : List.of(DuckTables.CONNS, DuckTables.HTTP, DuckTables.PACKETS)) {
            if (b.indexOf("\n  " + t.name() + ": ") >= 0) continue;
            b.append("  ").append(t.name()).append(": ");
            for (int i = 0; i < t.columns().size(); i++) {
                io.tcplens.render.rows.Tables.Column col = t.columns().get(i);
                b.append(i == 0 ? "" : ", ").append(col.name()).append(' ').append(col.type() == io.tcplens.render.rows.Tables.Type.TIMESTAMP ? "TIMESTAMP" : col.type().sql);
            }
            b.append("   (made when a query names it)\n");
        }
        return b.toString();
    }

    static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String text(ResultSet rs, int i) throws SQLException {
        Object o = rs.getObject(i);
        if (o == null) return null;
        if (o instanceof java.sql.Array a) {
            Object[] xs = (Object[]) a.getArray();
            StringBuilder b = new StringBuilder("[");
            for (int k = 0; k < xs.length; k++) b.append(k == 0 ? "" : ", ").append(xs[k]);
            return b.append(']').toString();
        }
        // seconds as 0.000465, not 4.65E-4
        if (o instanceof Double d && !d.isNaN() && !d.isInfinite()) return java.math.BigDecimal.valueOf(d).toPlainString();
        return rs.getString(i);
    }

    private static boolean numeric(int type) {
        return switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DOUBLE, Types.FLOAT, Types.REAL,
                 Types.DECIMAL, Types.NUMERIC -> true;
            default -> false;
        };
    }

    /** Aligned columns: numbers to the right, text to the left, NULL as NULL; a row count under it. */
    private static void table(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        int[] width = new int[n];
        boolean[] right = new boolean[n];
        String[] head = new String[n];
        for (int i = 0; i < n; i++) {
            head[i] = md.getColumnLabel(i + 1);
            width[i] = head[i].length();
            right[i] = numeric(md.getColumnType(i + 1));
        }
        while (rs.next()) {
            String[] r = new String[n];
            for (int i = 0; i < n; i++) {
                String v = text(rs, i + 1);
                r[i] = v == null ? "NULL" : v.replaceAll("[\\p{Cntrl}]", ".");
                width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
            }
            rows.add(r);
        }
        line(out, head, width, right);
        String[] rule = new String[n];
        for (int i = 0; i < n; i++) rule[i] = "-".repeat(width[i]);
        line(out, rule, width, right);
        for (String[] r : rows) line(out, r, width, right);
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    private static void line(PrintStream out, String[] cells, int[] width, boolean[] right) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            int pad = width[i] - c.codePointCount(0, c.length());
            boolean last = i == cells.length - 1;
            if (right[i]) b.append(" ".repeat(pad)).append(c);
            else b.append(c).append(last ? "" : " ".repeat(pad));
            if (!last) b.append("  ");
        }
        out.println(b);
    }

    private static void csv(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append(csvCell(md.getColumnLabel(i + 1)));
        out.println(b);
        while (rs.next()) {
            b.setLength(0);
            for (int i = 0; i < n; i++) {
                String v = text(rs, i + 1);
                b.append(i == 0 ? "" : ",").append(v == null ? "" : csvCell(v));
            }
            out.println(b);
        }
    }

    private static String csvCell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static void json(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        JsonGenerator g = io.tcplens.render.rows.HttpJsonWriter.JSON_LINES.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8);
        while (rs.next()) {
            g.writeStartObject();
            for (int i = 1; i <= n; i++) {
                g.writeName(md.getColumnLabel(i));
                Object o = rs.getObject(i);
                if (o == null) g.writeNull();
                else if (o instanceof Boolean x) g.writeBoolean(x);
                else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) g.writeNumber(((Number) o).longValue());
                else if (o instanceof java.math.BigInteger x) g.writeNumber(x);
                else if (o instanceof java.math.BigDecimal x) g.writeNumber(x);
                else if (o instanceof Double || o instanceof Float) g.writeNumber(((Number) o).doubleValue());
                else g.writeString(text(rs, i));
            }
            g.writeEndObject();
            g.writeRaw('\n');
        }
        g.flush();
    }
}
