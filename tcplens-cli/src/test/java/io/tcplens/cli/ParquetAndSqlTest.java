package io.tcplens.cli;

import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --format parquet} read back with DuckDB equals the JSON rows column by column on every
 * bundled capture; {@code sql} answers equal counts made from the JSON rows; bad -o and bad queries.
 */
class ParquetAndSqlTest {
    @TempDir Path tmp;

    /** A JSON row flattened as the documented layout says: nested keys joined with '_'. */
    static Map<String, Object> flat(String line) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(ObjectReadContext.empty(), line)) {
            List<String> path = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT -> path.add(null);
                    case END_OBJECT -> path.removeLast();
                    case PROPERTY_NAME -> path.set(path.size() - 1, p.currentName());
                    case START_ARRAY -> {
                        List<String> xs = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) xs.add(p.getString());
                        out.put(String.join("_", path), xs.toString());
                    }
                    case VALUE_NULL -> out.putIfAbsent(String.join("_", path), null);
                    case VALUE_TRUE, VALUE_FALSE -> out.putIfAbsent(String.join("_", path), t == JsonToken.VALUE_TRUE);
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.putIfAbsent(String.join("_", path), new BigDecimal(p.getString()));
                    default -> out.putIfAbsent(String.join("_", path), p.getString());
                }
            }
        }
        return out;
    }

    static Connection duck() throws Exception {
        return new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
    }

    /** A Parquet value as the JSON row would write it. */
    static Object jsonOf(ResultSet rs, int i) throws Exception {
        Object o = rs.getObject(i);
        if (o == null) return null;
        if (o instanceof java.sql.Timestamp || o instanceof java.time.LocalDateTime || o instanceof java.time.OffsetDateTime) {
            java.time.LocalDateTime t = rs.getObject(i, java.time.LocalDateTime.class);
            java.time.Instant in = t.toInstant(java.time.ZoneOffset.UTC);
            long micros = Math.floorDiv(in.getEpochSecond() * 1_000_000_000L + in.getNano(), 1000);
            return new BigDecimal(BigDecimal.valueOf(micros, 6).toPlainString());
        }
        if (o instanceof Boolean) return o;
        if (o instanceof Number n) return new BigDecimal(n.toString());
        if (o instanceof java.sql.Array a) return java.util.Arrays.toString((Object[]) a.getArray());
        return o.toString();
    }

    static void compare(List<Map<String, Object>> json, Path parquet, String what) throws Exception {
        try (Connection c = duck(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + parquet + "')")) {
            ResultSetMetaData md = rs.getMetaData();
            int row = 0;
            while (rs.next()) {
                Map<String, Object> j = json.get(row);
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String name = md.getColumnName(i);
                    cols.add(name);
                    Object expected = j.containsKey(name) ? j.get(name)
                            : name.startsWith("analysis_") ? BigDecimal.ZERO : null;   // JSON leaves out zero counts
                    Object actual = jsonOf(rs, i);
                    if (expected instanceof BigDecimal e && actual instanceof BigDecimal a) {
                        assertThat(a.compareTo(e)).as(what + " row " + row + " " + name + ": " + a + " vs " + e).isZero();
                    } else {
                        assertThat(actual).as(what + " row " + row + " " + name).isEqualTo(expected);
                    }
                }
                // every JSON key has its column (the http object's keys when there is one)
                for (String k : j.keySet()) {
                    if (k.equals("http") || k.startsWith("analysis_")) continue;
                    assertThat(cols).as(what + ": column for JSON key " + k).contains(k);
                }
                row++;
            }
            assertThat(row).as(what + " rows").isEqualTo(json.size());
        }
    }

    static List<Map<String, Object>> rows(String out) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (String line : out.split("\n")) if (!line.isBlank()) l.add(flat(line));
        return l;
    }

    @Test
    void parquetEqualsTheJsonRowsOnEveryBundledCapture() throws Exception {
        int captures = 0;
        long connRows = 0, httpRows = 0;
        for (Path cap : TestPaths.capturesUnder(TestPaths.captures())) {
            for (String cmd : List.of("conns", "http")) {
                CliRun.Result j = CliRun.run(cmd, List.of("-r", cap.toString(), "--format", "json"));
                Path pq = tmp.resolve(cap.getFileName() + "." + cmd + ".parquet");
                CliRun.Result p = CliRun.run(cmd, List.of("-r", cap.toString(), "--format", "parquet", "-o", pq.toString()));
                assertThat(p.exitCode()).as(cap + " " + cmd).isEqualTo(j.exitCode());
                List<Map<String, Object>> rows = rows(j.out());
                compare(rows, pq, cap.getFileName() + " " + cmd);
                if (cmd.equals("conns")) connRows += rows.size(); else httpRows += rows.size();
            }
            captures++;
        }
        System.out.printf("parquet: %d captures, %d conns rows and %d http rows equal to JSON column by column%n",
                captures, connRows, httpRows);
        assertThat(connRows).isGreaterThan(100);
        assertThat(httpRows).isGreaterThan(10);
    }

    @Test
    void nanosecondCapturesKeepNanosecondsInParquet() throws Exception {
        Path cap = TestPaths.captures().resolve("sll-handshake-nano.pcap");
        Path pq = tmp.resolve("n.parquet");
        assertThat(CliRun.run("conns", List.of("-r", cap.toString(), "--format", "parquet", "-o", pq.toString())).exitCode()).isZero();
        try (Connection c = duck(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT typeof(first_ts), epoch_ns(first_ts) % 1000 FROM read_parquet('" + pq + "') LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("TIMESTAMP_NS");
        }
    }

    static long count(String jsonLines, java.util.function.Predicate<Map<String, Object>> p) {
        return rows(jsonLines).stream().filter(p).count();
    }

    static String sql(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = SqlCommand.execute(List.of(args), out, new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void sqlAnswersEqualCountsFromTheJsonRows() throws Exception {
        int checked = 0;
        for (Path cap : TestPaths.capturesUnder(TestPaths.captures())) {
            String f = cap.toString();
            String conns = CliRun.run("conns", List.of("-r", f, "--format", "json")).out();
            String http = CliRun.run("http", List.of("-r", f, "--format", "json")).out();
            ByteArrayOutputStream a = new ByteArrayOutputStream();
            AnalyzeCommand.run(f, List.of(), a);
            long segments = a.toString(StandardCharsets.UTF_8).lines().count() - 1;
            String got = sql("-r", f, "--format", "csv",
                    "select (select count(*) from conns), (select count(*) from conns where time_wait = 'server'),"
                            + " (select count(*) from conns where reset_by is not null), (select coalesce(sum(packets_client + packets_server), 0) from conns),"
                            + " (select count(*) from http), (select count(*) from http where status >= 400), (select count(*) from packets)");
            String want = rows(conns).size() + "," + count(conns, r -> "server".equals(r.get("time_wait"))) + ","
                    + count(conns, r -> r.get("reset_by") != null) + ","
                    + rows(conns).stream().mapToLong(r -> ((BigDecimal) r.get("packets_client")).longValue() + ((BigDecimal) r.get("packets_server")).longValue()).sum() + ","
                    + rows(http).size() + "," + count(http, r -> r.get("status") instanceof BigDecimal s && s.intValue() >= 400) + ","
                    + segments;
            assertThat(got.lines().skip(1).findFirst().orElse("")).as(cap.toString()).isEqualTo(want);
            checked++;
        }
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void aKeptDatabaseAnswersLaterAndSaveWritesParquet() throws Exception {
        String f = TestPaths.captures().resolve("http-curl-variety.pcap").toString();
        Path db = tmp.resolve("x.duckdb");
        Path dir = tmp.resolve("saved");
        assertThat(sql("-r", f, "--db", db.toString(), "--save", dir.toString(), "select count(*) as n from http"))
                .isEqualTo("n\n-\n6\n(1 row)".replace("-\n", "-\n"));
        assertThat(sql("--db", db.toString(), "--format", "csv", "select count(*) from conns")).isEqualTo("count_star()\n5");
        assertThat(Files.exists(dir.resolve("conns.parquet"))).isTrue();
        assertThat(Files.exists(dir.resolve("http.parquet"))).isTrue();
        compare(rows(CliRun.run("conns", List.of("-r", f, "--format", "json")).out()), dir.resolve("conns.parquet"), "saved conns");
    }

    @Test
    void aMistypedQueryGetsDuckDbsMessageAndTheTables() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = SqlCommand.execute(List.of("-r", TestPaths.captures().resolve("lab-close.pcap").toString(), "selec * from conns"),
                out, new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(rc).isEqualTo(1);
        assertThat(e).startsWith("tcplens: sql: Parser Error: syntax error at or near \"selec\"")
                .contains("tables:\n  conns: stream BIGINT, client VARCHAR", "  http: stream BIGINT")
                .doesNotContain("\tat ", "Exception");
    }

    @Test
    void anUnwritableOutputIsOneLineAndLeavesTheOldFile() throws Exception {
        String f = TestPaths.captures().resolve("lab-close.pcap").toString();
        CliRun.Result r = CliRun.run("conns", List.of("-r", f, "--format", "parquet", "-o", "/nonexistent-dir/x.parquet"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("tcplens: cannot write /nonexistent-dir/x.parquet: no such directory" + System.lineSeparator());
        // an existing file stays whole when the run cannot finish (here: nothing to read)
        Path old = tmp.resolve("old.parquet");
        Files.writeString(old, "precious");
        CliRun.Result bad = CliRun.run("conns", List.of("-r", tmp.resolve("none-*.pcap").toString(), "--format", "parquet", "-o", old.toString()));
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(Files.readString(old)).isEqualTo("precious");
        CliRun.Result noO = CliRun.run("http", List.of("-r", f, "--format", "parquet"));
        assertThat(noO.exitCode()).isEqualTo(2);
        assertThat(noO.err()).contains("-o FILE");
    }

    /** The classes a fresh JVM loads running tcplens with these arguments. */
    static String classesLoaded(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", System.getProperty("java.class.path"), "io.tcplens.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void onlySqlAndParquetLoadDuckDb() throws Exception {
        String f = TestPaths.captures().resolve("http-curl-variety.pcap").toString();
        assertThat(classesLoaded("conns", "--format", "json", "-r", f)).contains("io.tcplens.cli.ConnsCommand").doesNotContain("org.duckdb");
        assertThat(classesLoaded("http", "-r", f)).contains("io.tcplens.cli.HttpCommand").doesNotContain("org.duckdb");
        assertThat(classesLoaded("analyze", "-r", f)).doesNotContain("org.duckdb");
        assertThat(classesLoaded("conns", "--format", "parquet", "-o", tmp.resolve("c.parquet").toString(), "-r", f))
                .contains("org.duckdb.DuckDBAppender");
    }

    @Test
    void aLoaderMadeOnOneThreadIsFedByAnother() throws Exception {
        // as in conns: made on the analyzer's thread, fed by HttpOffload's worker, closed on the first
        // (DuckDB's appender refuses a second thread past its first chunk of 2,048 rows without its lock)
        try (org.duckdb.DuckDBConnection db = Duck.open(null)) {
            DuckTables.Loader l = new DuckTables.Loader(db, DuckTables.PACKETS, true);
            Thread t = new Thread(() -> {
                byte[] header = "frame\tstream\n".getBytes(StandardCharsets.US_ASCII);
                l.write(header, 0, header.length);
                for (int i = 1; i <= 5000; i++) {
                    byte[] row = (i + "\t0\t1\t1\t0\t1\t·\t-\tESTABLISHED\tESTABLISHED\n").getBytes(StandardCharsets.UTF_8);
                    l.write(row, 0, row.length);
                }
            });
            t.start();
            t.join();
            l.close();
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("select count(*), sum(frame) from packets")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(5000);
                assertThat(rs.getLong(2)).isEqualTo(5000L * 5001 / 2);
            }
        }
    }
}
