package io.tcplens.spark;

import io.tcplens.capture.FileProblem;
import io.tcplens.render.rows.RowParser;
import io.tcplens.render.rows.Tables;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * tcplens on Apache Spark: the {@code conns} and {@code http} tables of captures too big for one
 * machine, row for row and field for field those of {@code tcplens conns|http --format json} on
 * the same files.
 *
 * <ol>
 *   <li>The files are read in byte ranges by the {@code pcap} data source ({@link PcapSource}),
 *       frames numbered as one machine numbers the merged capture.</li>
 *   <li>TCP frames (and ICMP errors quoting TCP) are repartitioned by their connection's key and
 *       sorted by frame number within each partition, and the core pipeline runs per partition
 *       ({@link PartitionAnalysis}).</li>
 *   <li>Each partition numbered its own streams; tshark's stream numbers are the order of the
 *       streams' first frames over the whole capture, so the job ranks the first frames and gives
 *       each row its global number.</li>
 * </ol>
 */
public final class TcplensSpark {
    private TcplensSpark() { }

    /**
     * @param partitions        partitions of connections (0: Spark's shuffle partitions)
     * @param maxOpenConnections per partition, the ceiling beyond which connections are summarised
     *                           early (close_reason "evicted"), as on one machine
     */
    public record Options(List<String> inputs, long splitBytes, int partitions, long maxOpenConnections,
                          boolean conns, boolean http) {
        public Options {
            inputs = List.copyOf(inputs);
            if (!conns && !http) throw new IllegalArgumentException("no table asked for");
        }

        public Options(List<String> inputs, long splitBytes, int partitions, long maxOpenConnections) {
            this(inputs, splitBytes, partitions, maxOpenConnections, true, true);
        }

        public static Options of(List<String> inputs) {
            return new Options(inputs, PcapSource.DEFAULT_SPLIT_BYTES, 0, DEFAULT_MAX_OPEN);
        }

        public Options withSplitBytes(long b) { return new Options(inputs, b, partitions, maxOpenConnections, conns, http); }
        public Options withPartitions(int p) { return new Options(inputs, splitBytes, p, maxOpenConnections, conns, http); }
        /** Only the tables named ("conns", "http"): the other's rows are not made. */
        public Options onlyTable(String table) {
            return new Options(inputs, splitBytes, partitions, maxOpenConnections, table.equals("conns"), table.equals("http"));
        }
    }

    /**
     * Partitions of connections when none are asked for: two per core the application has, so a
     * slow partition (one with many large connections) is balanced by the others, and few enough
     * that per-partition costs (an analyzer, the shuffle's files per partition) stay small.
     */
    static int defaultPartitions(SparkSession spark) {
        return Math.max(2, 2 * spark.sparkContext().defaultParallelism());
    }

    /** Up to this many streams, their numbers are broadcast to the rows instead of joined by a shuffle (64 MB). */
    static final long BROADCAST_STREAMS = 4_000_000;

    /** As {@code tcplens conns}'s default ceiling of open connections, per partition. */
    public static final long DEFAULT_MAX_OPEN = 75_000;

    /**
     * The job's tables. {@code conns} and {@code http} have render's {@link Tables} columns plus
     * {@code hour} (UTC, {@code yyyy-MM-dd-HH}: the row's first timestamp for conns, its
     * connection's first frame for http), which the Parquet output is partitioned by;
     * {@code connsJson} and {@code httpJson} hold each row as {@code --format json} writes it
     * ({@code stream}, {@code seq} to order by, {@code json}); {@code problems} has
     * {@code file, offset, message} for what could not be read.
     */
    public record Result(Dataset<Row> conns, Dataset<Row> http, Dataset<Row> connsJson, Dataset<Row> httpJson,
                         Dataset<Row> problems, long frames, int files, long connsRows, long httpRows) { }

    static final StructType JSON_ROWS = DataTypes.createStructType(new org.apache.spark.sql.types.StructField[] {
            DataTypes.createStructField("stream", DataTypes.LongType, false),
            DataTypes.createStructField("seq", DataTypes.LongType, false),
            DataTypes.createStructField("hour", DataTypes.StringType, true),
            DataTypes.createStructField("json", DataTypes.StringType, false)});

    static final StructType PROBLEMS = DataTypes.createStructType(new org.apache.spark.sql.types.StructField[] {
            DataTypes.createStructField("file", DataTypes.StringType, true),
            DataTypes.createStructField("offset", DataTypes.LongType, true),
            DataTypes.createStructField("message", DataTypes.StringType, false)});

    public static Result analyze(SparkSession spark, Options o) {
        List<String> files = Inputs.expand(o.inputs());
        CapturePlan plan = CapturePlan.of(spark, files, o.splitBytes());
        // After the plan's job, so a cluster's executors have registered their cores.
        int partitions = o.partitions() > 0 ? o.partitions() : defaultPartitions(spark);
        // Spark's 200 shuffle partitions are for clusters of hundreds of cores: each shuffle writes
        // a file per partition and map task, which on a few cores costs more than the rows. Unless
        // the user chose, the job's smaller shuffles (stream numbering, ordering) use as many
        // partitions as the connections do.
        if (!spark.sparkContext().getConf().contains("spark.sql.shuffle.partitions")) {
            spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(partitions));
        }
        // The analysis is computed once and kept on the executors (as rows, not as a columnar
        // cache, whose compression statistics cost more than the rows): the stream numbering and
        // both tables read it.
        Dataset<Row> analysed;
        if (!plan.plan.needsGlobalSort()) {
            // Files that follow each other in time: frames travel to their connection's partition in
            // batches, already in capture order (FrameBatches).
            List<PcapSource.Range> ranges = plan.ranges();
            var batches = FrameBatches.inOrder(JavaSparkContext.fromSparkContext(spark.sparkContext()), ranges, partitions);
            JavaRDD<Row> out = batches.mapPartitions(new PartitionAnalysis.BatchFunction(files, plan.lastFrame, plan.lastNanos,
                    plan.lastPreviousNanos, o.maxOpenConnections(), o.conns(), o.http()));
            analysed = spark.createDataFrame(out, PartitionAnalysis.OUT).localCheckpoint(true);
        } else {
            // Files that overlap in time: frames as rows of the pcap source, numbered by a global
            // sort by time, then repartitioned by connection and sorted by frame.
            Dataset<Row> frames = spark.read().format(PcapSource.class.getName())
                    .option("decode", "tcp")
                    .option("data", "unseekable")
                    .option("splitSize", Long.toString(o.splitBytes()))
                    .load(files.toArray(String[]::new));
            long[] tail = new long[2];
            frames = numberBySort(spark, frames, tail);
            Dataset<Row> tcp = frames.filter(col("flow").isNotNull().or(col("fragment")))
                    .select("frame", "ts_nanos", "prev_ts_nanos", "link_type", "snaplen", "caplen", "wire_len", "data", "flow", "prev2_ts_nanos",
                            "file_index", "data_offset");
            analysed = tcp.repartition(partitions, col("flow"))
                    .sortWithinPartitions("frame")
                    .mapPartitions(new PartitionAnalysis.Function(files, plan.frames, tail[0], tail[1], o.maxOpenConnections(), o.conns(), o.http()),
                            Encoders.row(PartitionAnalysis.OUT))
                    .localCheckpoint(true);
        }

        // tshark's stream numbers: the streams in the order of their first frames.
        JavaPairRDD<Row, Long> ranked = analysed.filter(col("kind").equalTo(PartitionAnalysis.STREAM))
                .select("stream_first_frame").orderBy("stream_first_frame").javaRDD().zipWithIndex();
        Dataset<Row> streams = spark.createDataFrame(ranked.map(t -> RowFactory.create(t._1().getLong(0), t._2())),
                DataTypes.createStructType(new org.apache.spark.sql.types.StructField[] {
                        DataTypes.createStructField("stream_first_frame", DataTypes.LongType, false),
                        DataTypes.createStructField("stream", DataTypes.LongType, false)}));
        // The streams' numbers are 16 bytes each: up to a few million of them go to every executor
        // (a broadcast join), so the rows, which are large, are not shuffled to meet them.
        long[] kinds = new long[4];   // rows of each kind, from the kept analysis
        for (Row k : analysed.groupBy("kind").count().collectAsList()) kinds[k.getInt(0)] = k.getLong(1);
        long streamCount = kinds[PartitionAnalysis.STREAM];
        Dataset<Row> numbers = streamCount <= BROADCAST_STREAMS ? org.apache.spark.sql.functions.broadcast(streams) : streams;
        Dataset<Row> numbered = analysed.filter(col("kind").equalTo(PartitionAnalysis.CONN).or(col("kind").equalTo(PartitionAnalysis.HTTP)))
                .join(numbers, "stream_first_frame");
        Dataset<Row> connsJson = jsonRows(numbered, PartitionAnalysis.CONN);
        Dataset<Row> httpJson = jsonRows(numbered, PartitionAnalysis.HTTP);
        Dataset<Row> conns = typed(connsJson, Tables.CONNS);
        Dataset<Row> http = typed(httpJson, Tables.HTTP);

        List<Row> problems = new ArrayList<>();
        for (FileProblem p : plan.plan.problems()) problems.add(RowFactory.create(p.file(), p.offset() < 0 ? null : p.offset(), p.message()));
        for (String w : plan.plan.warnings()) problems.add(RowFactory.create(null, null, "warning: " + w));
        Dataset<Row> fragmentRows = analysed.filter(col("kind").equalTo(PartitionAnalysis.FRAGMENTS))
                .selectExpr("cast(null as string) as file", "cast(null as bigint) as offset",
                        "concat(json, ' IP fragments not analysed: on Spark a later fragment is routed to its connection only when its datagram''s first fragment came before it in the same byte range (IPv4)') as message");
        Dataset<Row> problemsDf = spark.createDataFrame(problems, PROBLEMS).unionByName(fragmentRows);
        return new Result(conns, http, connsJson, httpJson, problemsDf, plan.frames, files.size(),
                kinds[PartitionAnalysis.CONN], kinds[PartitionAnalysis.HTTP]);
    }

    /** The rows of one kind as their JSON with the global stream number, and the hour they fall in. */
    private static Dataset<Row> jsonRows(Dataset<Row> numbered, int kind) {
        return numbered.filter(col("kind").equalTo(kind))
                .select("stream", "seq", "stream_first_nanos", "json")
                .mapPartitions((MapPartitionsFunction<Row, Row>) it -> new Iterator<>() {
                    @Override public boolean hasNext() { return it.hasNext(); }
                    @Override public Row next() {
                        Row r = it.next();
                        long stream = r.getLong(0);
                        String json = PartitionAnalysis.withStream(r.getString(3), stream);
                        long hourNanos = kind == PartitionAnalysis.CONN ? firstTs(json) : r.getLong(2);
                        return RowFactory.create(stream, r.getLong(1), hour(hourNanos), json);
                    }
                }, Encoders.row(JSON_ROWS));
    }

    /** A conns row's first_ts, in nanoseconds (seconds with six decimals in the JSON). */
    static long firstTs(String json) {
        int i = json.indexOf("\"first_ts\":");
        if (i < 0) return Long.MIN_VALUE;
        int s = i + 11, e = s;
        while (e < json.length() && ",}".indexOf(json.charAt(e)) < 0) e++;
        String v = json.substring(s, e);
        if (v.equals("null")) return Long.MIN_VALUE;
        return new java.math.BigDecimal(v).movePointRight(9).longValue();
    }

    private static final java.time.format.DateTimeFormatter HOUR =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd-HH").withZone(java.time.ZoneOffset.UTC);

    static String hour(long nanos) {
        if (nanos == Long.MIN_VALUE) return null;
        try {
            return HOUR.format(java.time.Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L)));
        } catch (java.time.DateTimeException e) {
            return null;   // a garbage clock far outside what a calendar prints
        }
    }

    /** The typed table ({@link SparkTables}) of JSON rows, with {@code hour}. */
    private static Dataset<Row> typed(Dataset<Row> json, Tables.Table table) {
        StructType schema = SparkTables.schema(table).add("hour", DataTypes.StringType, true);
        boolean conns = table == Tables.CONNS;   // the function travels to the executors: not the table itself
        return json.mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
            RowParser parser = new RowParser(conns ? Tables.CONNS : Tables.HTTP);
            return new Iterator<>() {
                @Override public boolean hasNext() { return it.hasNext(); }
                @Override public Row next() {
                    Row r = it.next();
                    Row t = SparkTables.row(parser, r.getString(3));
                    Object[] v = new Object[t.length() + 1];
                    for (int i = 0; i < t.length(); i++) v[i] = t.get(i);
                    v[t.length()] = r.getString(2);
                    return RowFactory.create(v);
                }
            };
        }, Encoders.row(schema));
    }

    /**
     * Frames of files that overlap in time, numbered as a merge by time numbers them: sorted by
     * (time, file order, offset), each given its place and its two predecessors' times. Sets
     * {@code tail} to the last frame's time and its predecessor's.
     */
    private static Dataset<Row> numberBySort(SparkSession spark, Dataset<Row> frames, long[] tail) {
        StructType schema = frames.schema();
        int frameIx = schema.fieldIndex("frame"), tsIx = schema.fieldIndex("ts_nanos"),
                prevIx = schema.fieldIndex("prev_ts_nanos"), prev2Ix = schema.fieldIndex("prev2_ts_nanos");
        JavaRDD<Row> sorted = frames.orderBy("ts_nanos", "file_index", "offset").javaRDD()
                .persist(StorageLevel.MEMORY_AND_DISK());
        // each partition's count and last two times, for the first frames of the next partitions
        List<long[]> lasts = sorted.mapPartitionsWithIndex((i, it) -> {
            long last = Long.MIN_VALUE, before = Long.MIN_VALUE, n = 0;
            while (it.hasNext()) {
                before = last;
                last = it.next().getLong(tsIx);
                n++;
            }
            return List.of(new long[] {i, last, before, n}).iterator();
        }, true).collect();
        int parts = sorted.getNumPartitions();
        long[][] byPart = new long[parts][];
        for (long[] l : lasts) byPart[(int) l[0]] = l;
        long[] base = new long[parts], p1 = new long[parts], p2 = new long[parts];
        long sum = 0, prev = Long.MIN_VALUE, prev2 = Long.MIN_VALUE;
        for (int i = 0; i < parts; i++) {
            base[i] = sum;
            p1[i] = prev;
            p2[i] = prev2;
            long n = byPart[i] == null ? 0 : byPart[i][3];
            sum += n;
            if (n > 0) {
                prev2 = n >= 2 ? byPart[i][2] : prev;
                prev = byPart[i][1];
            }
        }
        tail[0] = prev;
        tail[1] = prev2;
        JavaRDD<Row> numbered = sorted.mapPartitionsWithIndex((i, it) -> new Iterator<Row>() {
            long n = base[i];
            long a = p1[i], b = p2[i];
            @Override public boolean hasNext() { return it.hasNext(); }
            @Override public Row next() {
                Row r = it.next();
                Object[] v = new Object[r.length()];
                for (int k = 0; k < v.length; k++) v[k] = r.get(k);
                v[frameIx] = ++n;
                v[prevIx] = a == Long.MIN_VALUE ? null : a;
                v[prev2Ix] = b == Long.MIN_VALUE ? null : b;
                b = a;
                a = r.getLong(tsIx);
                return RowFactory.create(v);
            }
        }, true);
        return spark.createDataFrame(numbered, schema);
    }
}
