package io.tcplens.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tcplens spark conns|http}: the {@code conns} or {@code http} table of the captures, computed
 * on Apache Spark (embedded {@code local[*]} by default, or a cluster's master), written as Parquet
 * partitioned by hour or as JSON Lines, with a {@code problems} table of what could not be read.
 * Also the main class for {@code spark-submit}.
 */
@Command(name = "tcplens spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The conns or http table of captures too big for one machine, on Apache Spark.",
                "The same rows as tcplens conns|http --format json on the same files."})
public final class SparkMain implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TABLE", description = "conns or http")
    String table;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[*] (default, embedded), local[N], spark://HOST:7077. Under spark-submit, its --master.")
    String master;

    @Option(names = "-r", paramLabel = "FILE", required = true,
            description = "A capture file, a directory, or a glob ('captures/*.pcap'); repeatable. The files are one capture.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "-o", paramLabel = "DIR", required = true,
            description = "Output directory: DIR/<table> (Parquet partitioned by hour=, or JSON Lines) and DIR/problems.")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "parquet", description = "parquet or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--split-size", paramLabel = "BYTES", defaultValue = "128m",
            description = "Bytes of a capture file each task reads (records are never cut). Default: ${DEFAULT-VALUE}.")
    String splitSize;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Partitions of connections (0: two per core of the application).")
    int partitions;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = {"A Spark setting, as spark-submit's --conf (spark.executor.memory=2g, spark.driver.host=...); repeatable.",
                    "On a cluster (spark://...) the executors get this program's jar unless spark.jars is set."})
    java.util.Map<String, String> conf = new java.util.LinkedHashMap<>();

    private final PrintStream err;
    /** A session to run in (tests), kept running; null: the command makes its own and stops it. */
    private final SparkSession given;

    SparkMain(PrintStream err, SparkSession given) {
        this.err = err;
        this.given = given;
    }

    public static void main(String[] args) {
        int rc = run(args, System.err);
        System.exit(rc);
    }

    /** Runs the command; returns its exit code (0, 1 when a file could not be read to its end, 2 for a usage mistake). */
    public static int run(String[] args, PrintStream err) { return run(args, err, null); }

    /** As {@link #run(String[], PrintStream)}, in {@code session} if not null (which is left running; --master and --conf are then not used). */
    static int run(String[] args, PrintStream err, SparkSession session) {
        CommandLine cl = new CommandLine(new SparkMain(err, session));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("tcplens spark: " + e.getMessage());
            err.println("Usage: tcplens spark conns|http -r FILE... -o DIR [--master URL] [--format parquet|json]"
                    + " [--split-size BYTES] [--conf KEY=VALUE] (see --help)");
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        if (!table.equals("conns") && !table.equals("http")) {
            err.println("tcplens spark: unknown table '" + table + "' (use conns or http)");
            return 2;
        }
        boolean json = format.equalsIgnoreCase("json");
        if (!json && !format.equalsIgnoreCase("parquet")) {
            err.println("tcplens spark: unknown format '" + format + "' (use parquet or json)");
            return 2;
        }
        long split;
        try {
            split = SizeParser.bytes(splitSize);
        } catch (IllegalArgumentException e) {
            err.println("tcplens spark: --split-size: " + e.getMessage());
            return 2;
        }
        Path out = Path.of(output);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            err.println("tcplens spark: cannot write " + output + ": not a directory");
            return 1;
        }
        SparkSession spark = given != null ? given : session(master, conf);
        try {
            TcplensSpark.Result r;
            try {
                r = TcplensSpark.analyze(spark, new TcplensSpark.Options(inputs, split, partitions, TcplensSpark.DEFAULT_MAX_OPEN).onlyTable(table));
            } catch (Inputs.NothingToRead e) {
                err.println("tcplens spark: " + e.getMessage());
                return 1;
            }
            boolean conns = table.equals("conns");
            String dir = out.resolve(table).toString();
            long rows;
            if (json) {
                Dataset<Row> j = conns ? r.connsJson() : r.httpJson();
                rows = conns ? r.connsRows() : r.httpRows();
                // one file in stream order, as one machine writes it
                j.orderBy("stream", "seq").select("json").coalesce(1).write().mode(SaveMode.Overwrite).text(dir);
            } else {
                Dataset<Row> t = conns ? r.conns() : r.http();
                rows = conns ? r.connsRows() : r.httpRows();
                t.write().mode(SaveMode.Overwrite).partitionBy("hour").option("compression", "zstd").parquet(dir);
            }
            List<Row> problems = r.problems().collectAsList();
            r.problems().coalesce(1).write().mode(SaveMode.Overwrite).json(out.resolve("problems").toString());
            int rc = 0;
            for (Row p : problems) {
                String file = p.isNullAt(0) ? null : p.getString(0);
                err.println("tcplens spark: " + (file == null ? "" : file + ": ") + p.getString(2)
                        + (p.isNullAt(1) ? "" : " (at byte " + p.getLong(1) + ")"));
                if (file != null && !p.getString(2).startsWith("warning")) rc = 1;
            }
            err.printf(java.util.Locale.ROOT, "tcplens spark: %,d frames from %d file%s, %,d %s rows written to %s (%s)%n",
                    r.frames(), r.files(), r.files() == 1 ? "" : "s", rows, table, dir, json ? "JSON Lines" : "Parquet, by hour");
            return rc;
        } finally {
            if (given == null && (master != null || !isSubmitted())) spark.stop();
        }
    }

    private static boolean isSubmitted() { return System.getProperty("spark.master") != null; }

    /** The session: the master named, or spark-submit's, or embedded local[*]; {@code conf} (--conf) set last. */
    static SparkSession session(String master, java.util.Map<String, String> conf) {
        SparkSession.Builder b = SparkSession.builder().appName("tcplens");
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        b.master(m);
        if (m.startsWith("local") || onLoopback(m)) {
            // embedded, or a cluster on this machine's loopback (scripts/spark-standalone.sh): the driver
            // on loopback too; embedded, no web UI (a port to bind and seconds of start-up for nothing)
            if (m.startsWith("local")) b.config("spark.ui.enabled", setting("spark.ui.enabled", conf, "false"));
            b.config("spark.driver.host", setting("spark.driver.host", conf, "127.0.0.1"));
            b.config("spark.driver.bindAddress", setting("spark.driver.bindAddress", conf, "127.0.0.1"));
        }
        if (!m.startsWith("local") && setting("spark.jars", conf, null) == null) {
            // Started from the job jar (./tcplens spark, java -cp tcplens-spark-job.jar:...): the executors
            // need its classes. Under spark-submit spark.jars is already the application jar.
            String jar = ownJar();
            if (jar != null) b.config("spark.jars", jar);
        }
        if (!m.startsWith("local") && setting("spark.executor.extraJavaOptions", conf, null) == null) {
            // Executors as the launcher runs the embedded job: the parallel collector and less
            // inlining, which cut the JIT compiler's CPU time by a third (see ./tcplens).
            b.config("spark.executor.extraJavaOptions", "-XX:+UseParallelGC -XX:InlineSmallCode=500 -XX:FreqInlineSize=100");
        }
        conf.forEach(b::config);
        return b.getOrCreate();
    }

    /** A setting given with --conf, else as a system property (spark-submit's), else {@code otherwise}. */
    private static String setting(String key, java.util.Map<String, String> conf, String otherwise) {
        String v = conf.get(key);
        return v != null ? v : System.getProperty(key, otherwise);
    }

    /** Whether the master is a standalone master on the loopback address (spark://127.0.0.1:P, spark://localhost:P). */
    static boolean onLoopback(String master) {
        return master.matches("spark://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d+)?/?");
    }

    /** The jar this class was loaded from, or null (classes in a directory, as in the tests). */
    private static String ownJar() {
        try {
            var src = SparkMain.class.getProtectionDomain().getCodeSource();
            if (src == null) return null;
            Path p = Path.of(src.getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p.toString() : null;
        } catch (java.net.URISyntaxException | SecurityException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }
}
