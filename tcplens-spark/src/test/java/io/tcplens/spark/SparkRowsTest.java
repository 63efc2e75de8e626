package io.tcplens.spark;

import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.capture.PcapWriter;
import io.tcplens.cli.ConnsCommand;
import io.tcplens.cli.HttpCommand;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spark job's rows against the single-machine commands' ({@code conns --format json},
 * {@code http --format json}) on the same files: every bundled capture whole, cut into small byte
 * ranges (records straddle the range boundaries) and analysed in several partitions, and cut into
 * several files read as one capture. Row for row, as text (the JSON lines sorted), so every field
 * agrees.
 */
class SparkRowsTest {
    static SparkSession spark;
    static final Path CAPTURES = Path.of(System.getProperty("tcplens.root", "..")).resolve("testdata/captures");

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("tcplens-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "3")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    static List<Path> captures() throws IOException {
        try (Stream<Path> s = Files.list(CAPTURES)) {
            return s.filter(p -> p.toString().matches(".*\\.(pcap|pcapng|cap)(\\.gz)?$")).sorted().toList();
        }
    }

    /** The command's JSON lines, sorted. */
    static List<String> oneMachine(String command, List<Path> files) {
        List<String> args = new ArrayList<>(List.of("--format", "json"));
        for (Path f : files) args.addAll(List.of("-r", f.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(OutputStream.nullOutputStream());
        if (command.equals("conns")) ConnsCommand.execute(args, out, err); else HttpCommand.execute(args, out, err);
        String text = out.toString(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n")));
        lines.removeIf(String::isEmpty);
        lines.sort(null);
        return lines;
    }

    static List<String> sorted(List<Row> rows) {
        List<String> l = new ArrayList<>();
        for (Row r : rows) l.add(r.getString(r.fieldIndex("json")));
        l.sort(null);
        return l;
    }

    private static int compared(List<Path> files, long splitBytes, int partitions, List<String> mismatches) {
        TcplensSpark.Result r = TcplensSpark.analyze(spark, new TcplensSpark.Options(
                files.stream().map(Path::toString).toList(), splitBytes, partitions, TcplensSpark.DEFAULT_MAX_OPEN));
        List<String> conns = sorted(r.connsJson().collectAsList());
        List<String> http = sorted(r.httpJson().collectAsList());
        List<String> wantConns = oneMachine("conns", files);
        List<String> wantHttp = oneMachine("http", files);
        if (!conns.equals(wantConns)) mismatches.add(files + " split " + splitBytes + ": conns " + diff(wantConns, conns));
        if (!http.equals(wantHttp)) mismatches.add(files + " split " + splitBytes + ": http " + diff(wantHttp, http));
        return conns.size() + http.size();
    }

    private static String diff(List<String> want, List<String> got) {
        List<String> missing = new ArrayList<>(want);
        missing.removeAll(got);
        List<String> extra = new ArrayList<>(got);
        extra.removeAll(want);
        return want.size() + " rows on one machine, " + got.size() + " on Spark; first only on one machine: "
                + (missing.isEmpty() ? "-" : missing.getFirst()) + "; first only on Spark: " + (extra.isEmpty() ? "-" : extra.getFirst());
    }

    @Test
    void everyBundledCaptureGivesTheRowsOfOneMachineWholeAndInSmallRanges() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int rows = 0, files = 0;
        for (Path f : captures()) {
            rows += compared(List.of(f), PcapSource.DEFAULT_SPLIT_BYTES, 1, mismatches);
            rows += compared(List.of(f), 4096, 3, mismatches);
            files++;
        }
        System.out.printf("spark: %d captures, %d rows (conns + http, whole and in 4 KB ranges) equal to one machine's; %d differ%n",
                files, rows, mismatches.size());
        assertThat(files).isGreaterThan(50);
        assertThat(mismatches).isEmpty();
    }

    /** Rotated files (tcpdump -C): the capture cut into three files by record count, read as one. */
    @Test
    void aCaptureCutIntoSeveralFilesIsOneCapture(@TempDir Path dir) throws Exception {
        List<String> mismatches = new ArrayList<>();
        int rows = 0;
        for (String name : List.of("lab-keepalive.pcap", "http-pipelining.pcap", "analyze-retransmissions.pcap", "lab-close.pcap")) {
            List<Path> parts = cut(CAPTURES.resolve(name), dir.resolve(name), 3);
            rows += compared(parts, PcapSource.DEFAULT_SPLIT_BYTES, 2, mismatches);
            rows += compared(parts, 512, 3, mismatches);
            // and the same rows as the uncut file
            TcplensSpark.Result r = TcplensSpark.analyze(spark, TcplensSpark.Options.of(parts.stream().map(Path::toString).toList()));
            assertThat(sorted(r.connsJson().collectAsList())).isEqualTo(oneMachine("conns", List.of(CAPTURES.resolve(name))));
        }
        assertThat(rows).isGreaterThan(10);
        assertThat(mismatches).isEmpty();
    }

    /**
     * Files that overlap in time (the global sort's path: frames as rows, numbered by time) and a
     * gzip file (its frames' bytes travel with them), as mergecap then tcplens reads them.
     */
    @Test
    void overlappingFilesAndGzipFilesGiveTheRowsOfOneMachine(@TempDir Path dir) throws Exception {
        List<String> mismatches = new ArrayList<>();
        int rows = 0;
        for (String name : List.of("lab-keepalive.pcap", "http-pipelining.pcap", "lab-close.pcap")) {
            List<Path> parts = cut(CAPTURES.resolve(name), dir.resolve(name), 2);
            // the second half first, and the whole file beside it: every frame's time overlaps
            List<Path> overlapping = List.of(parts.get(1), CAPTURES.resolve(name), parts.get(0));
            assertThat(CapturePlan.of(spark, overlapping.stream().map(Path::toString).toList(), PcapSource.DEFAULT_SPLIT_BYTES)
                    .plan.needsGlobalSort()).isTrue();
            rows += compared(overlapping, PcapSource.DEFAULT_SPLIT_BYTES, 2, mismatches);
            Path gz = dir.resolve(name + ".gz");
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
                Files.copy(CAPTURES.resolve(name), out);
            }
            rows += compared(List.of(gz), 512, 3, mismatches);
            rows += compared(List.of(parts.get(0), gz), 512, 3, mismatches);
        }
        assertThat(rows).isGreaterThan(10);
        assertThat(mismatches).isEmpty();
    }

    static List<Path> cut(Path capture, Path prefix, int parts) throws Exception {
        List<Frame> frames = new ArrayList<>();
        int link, snap;
        boolean nanos;
        try (CaptureReader r = CaptureReader.open(capture.toString())) {
            r.keepWholeRecords();
            link = r.linkType();
            snap = r.snaplen();
            nanos = r.nanosecondResolution();
            Frame f = new Frame();
            while (r.next(f)) frames.add(f.copy());
        }
        List<Path> out = new ArrayList<>();
        int per = (frames.size() + parts - 1) / parts;
        for (int p = 0; p < parts; p++) {
            Path file = Path.of(prefix + "." + p + ".pcap");
            try (PcapWriter w = new PcapWriter(Files.newOutputStream(file), link, snap, nanos)) {
                for (int i = p * per; i < Math.min(frames.size(), (p + 1) * per); i++) w.write(frames.get(i));
            }
            out.add(file);
        }
        return out;
    }

    @Test
    void typedRowsAreTheJsonRowsColumnByColumn() {
        Path f = CAPTURES.resolve("lab-keepalive.pcap");
        TcplensSpark.Result r = TcplensSpark.analyze(spark, TcplensSpark.Options.of(List.of(f.toString())));
        List<Row> typed = r.conns().orderBy("stream").collectAsList();
        List<String> json = new ArrayList<>(oneMachine("conns", List.of(f)));
        json.sort(java.util.Comparator.comparingInt(PartitionAnalysis::localStream));
        assertThat(typed).hasSameSizeAs(json).isNotEmpty();
        io.tcplens.render.rows.RowParser parser = new io.tcplens.render.rows.RowParser(io.tcplens.render.rows.Tables.CONNS);
        for (int i = 0; i < typed.size(); i++) {
            Row want = SparkTables.row(parser, json.get(i));
            Row got = typed.get(i);
            for (int c = 0; c < want.length(); c++) {
                assertThat(got.get(c)).as("column " + io.tcplens.render.rows.Tables.CONNS.columns().get(c).name())
                        .isEqualTo(want.get(c) instanceof java.sql.Timestamp t ? java.sql.Timestamp.from(t.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS)) : want.get(c));
            }
            assertThat(got.getString(got.fieldIndex("hour"))).matches("\\d{4}-\\d\\d-\\d\\d-\\d\\d");
        }
    }

    /** The bad inputs of the tests, in {@code dir}: a capture cut at two thirds, a text file, a file that does not exist. */
    record BadInputs(Path truncated, Path notCapture, Path missing) {
        static BadInputs in(Path dir, String captureToCut) throws IOException {
            byte[] all = Files.readAllBytes(CAPTURES.resolve(captureToCut));
            Path truncated = dir.resolve("truncated.pcap");
            Files.write(truncated, Arrays.copyOf(all, all.length * 2 / 3));
            Path notCapture = dir.resolve("notes.pcap");
            Files.writeString(notCapture, "these are not packets\n");
            return new BadInputs(truncated, notCapture, dir.resolve("gone.pcap"));
        }
    }

    @Test
    void badFilesAreReportedPerFileAndTheJobFinishes(@TempDir Path dir) throws IOException {
        Path good = CAPTURES.resolve("lab-close.pcap");
        BadInputs bad = BadInputs.in(dir, "lab-keepalive.pcap");
        Path truncated = bad.truncated(), notCapture = bad.notCapture(), missing = bad.missing();
        TcplensSpark.Result r = TcplensSpark.analyze(spark, TcplensSpark.Options.of(
                List.of(good.toString(), truncated.toString(), notCapture.toString(), missing.toString())));
        List<Row> problems = r.problems().collectAsList();
        List<String> files = problems.stream().filter(p -> !p.isNullAt(0)).map(p -> p.getString(0)).toList();
        assertThat(files).contains(truncated.toString(), notCapture.toString(), missing.toString());
        // everything readable was analysed: the good file's rows and what the truncated one holds
        assertThat(sorted(r.connsJson().collectAsList())).isEqualTo(
                oneMachine("conns", List.of(good, truncated, notCapture, missing)));
    }
}
