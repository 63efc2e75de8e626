package io.tcplens.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The job on a real Spark standalone cluster: a master and two workers (one core each) started on
 * 127.0.0.1 by {@code scripts/spark-standalone.sh}, as a user starts them, on free ports; this JVM
 * is the driver ({@code --master spark://127.0.0.1:PORT}); the executors are the workers' child
 * JVMs, which have Spark's jars only and get tcplens's classes as spark-submit's executors do, from
 * an application jar shipped by the driver ({@code spark.jars}; here one packed from this
 * classpath's tcplens, Jackson 3 and picocli entries, what the module's shaded job jar holds, since
 * that is made after the tests). The rows must equal {@code conns --format json} and
 * {@code http --format json} on one machine, and unreadable inputs must be reported, not fatal.
 * The cluster is stopped by its PIDs after the tests, failed or not.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StandaloneClusterTest {
    static final Path ROOT = Path.of(System.getProperty("tcplens.root", "..")).toAbsolutePath();
    static final Path SCRIPT = ROOT.resolve("scripts/spark-standalone.sh");
    static final Path CAPTURES = SparkRowsTest.CAPTURES.toAbsolutePath();
    /** Where the script keeps the cluster's PIDs and logs (a stable place: a killed run is stopped by the next). */
    static final Path STATE = ROOT.resolve("tcplens-spark/target/standalone-test");

    static final String QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    static String master;
    static Path jobJar;
    /** The driver: one application for all the tests (its executors start once). */
    static SparkSession spark;
    static final List<Long> pids = new ArrayList<>();

    @BeforeAll
    static void startCluster(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for scripts/spark-standalone.sh");
        int[] ports;
        try {
            ports = freePorts(4);
        } catch (IOException e) {
            assumeTrue(false, "cannot open a TCP port on 127.0.0.1 for a Spark master and workers: " + e);
            return;
        }
        script("stop", Map.of(), 60);   // what a killed earlier run left
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPARK_MASTER_PORT", Integer.toString(ports[0]));
        env.put("SPARK_MASTER_WEBUI_PORT", Integer.toString(ports[1]));
        // the workers' web UIs: ports[2] and the port after it, which must be free too
        env.put("SPARK_WORKER_WEBUI_PORT", Integer.toString(ports[2]));
        env.put("SPARK_WORKERS", "2");
        env.put("SPARK_DAEMON_MEMORY", "256m");
        // small JVMs that start fast (the machine's cores are few and shared): no C2, serial GC
        env.put("SPARK_DAEMON_JAVA_OPTS", QUICK_JVM);
        long t0 = System.nanoTime();
        Run r = script("start", env, 150);
        for (String name : List.of("master", "worker-1", "worker-2")) {
            Path pid = STATE.resolve(name + ".pid");
            if (Files.exists(pid)) pids.add(Long.parseLong(Files.readString(pid).trim()));
        }
        if (r.rc != 0) fail("scripts/spark-standalone.sh start failed (" + r.rc + "):\n" + r.out + logs());
        master = "spark://127.0.0.1:" + ports[0];
        assertThat(Files.readString(STATE.resolve("master-url")).trim()).isEqualTo(master);
        assertThat(pids).hasSize(3);
        System.out.printf("standalone: master and 2 workers up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        jobJar = packJobJar(tmp.resolve("tcplens-spark-job.jar"));
        spark = SparkMain.session(master, conf());
        spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
            @Override public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
                executorsThatRanTasks.add(e.taskInfo().executorId());
            }
        });
    }

    /** The executors that ran tasks of the tests' jobs. */
    static final Set<String> executorsThatRanTasks = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (spark != null) spark.stop();
        } finally {
            if (Files.exists(SCRIPT)) stopByPid();
        }
    }

    private static void stopByPid() throws Exception {
        Run r = script("stop", Map.of(), 90);
        // whatever the script could not stop (or a start that failed half-way): by the PIDs it reported
        for (long pid : pids) {
            ProcessHandle.of(pid).filter(p -> p.info().commandLine().orElse("").contains("org.apache.spark.deploy")).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        }
        assertThat(r.rc).as("scripts/spark-standalone.sh stop:\n" + r.out).isZero();
        for (long pid : pids) assertThat(running(pid)).as("pid " + pid + " after stop").isFalse();
    }

    /** Whether the process runs: alive and not a zombie (an orphan's exit that its new parent has not reaped yet). */
    static boolean running(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
            } catch (IOException | RuntimeException e) {
                return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            }
        }
        return false;
    }

    /** Spark settings of the driver: the executors' classes, and small numbers for small captures. */
    static Map<String, String> conf() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("spark.jars", jobJar.toString());
        c.put("spark.executor.memory", "512m");
        c.put("spark.sql.shuffle.partitions", "4");
        c.put("spark.ui.enabled", "false");
        c.put("spark.executor.extraJavaOptions", QUICK_JVM);
        return c;
    }

    @Test
    void theClusterGivesTheRowsOfOneMachine() {
        List<String> names = List.of("http-curl-variety.pcap", "http_ip4and6.pcapng", "lab-close.pcap",
                "http-pipelining.pcap", "analyze-retransmissions.pcap");
        List<String> mismatches = new ArrayList<>();
        int rows = 0;
        long t0 = System.nanoTime();
        assertThat(spark.sparkContext().master()).isEqualTo(master);
        for (String name : names) {
            List<Path> files = List.of(CAPTURES.resolve(name));
            // 2 KB ranges: each file is read by several tasks, on both executors
            TcplensSpark.Result r = TcplensSpark.analyze(spark, new TcplensSpark.Options(
                    files.stream().map(Path::toString).toList(), 2048, 3, TcplensSpark.DEFAULT_MAX_OPEN));
            List<String> conns = SparkRowsTest.sorted(r.connsJson().collectAsList());
            List<String> http = SparkRowsTest.sorted(r.httpJson().collectAsList());
            List<String> wantConns = SparkRowsTest.oneMachine("conns", files);
            List<String> wantHttp = SparkRowsTest.oneMachine("http", files);
            if (!conns.equals(wantConns)) mismatches.add(name + ": conns " + wantConns.size() + " rows on one machine, " + conns.size() + " on the cluster");
            if (!http.equals(wantHttp)) mismatches.add(name + ": http " + wantHttp.size() + " rows on one machine, " + http.size() + " on the cluster");
            rows += conns.size() + http.size();
        }
        // the work ran on both of the cluster's executors, not in this JVM
        assertThat(spark.sparkContext().getExecutorMemoryStatus().size()).as("block managers: the driver's and 2 executors'").isEqualTo(3);
        assertThat(executorsThatRanTasks).hasSize(2).doesNotContain("driver");
        System.out.printf("standalone: %d captures, %d rows (conns + http) equal to one machine's in %.1f s%n",
                names.size(), rows, (System.nanoTime() - t0) / 1e9);
        assertThat(mismatches).isEmpty();
        assertThat(rows).isGreaterThan(20);
    }

    /** The command (SparkMain, as spark-submit runs it) with unreadable files among its inputs. */
    @Test
    void badInputsAreReportedAndTheJobFinishes(@TempDir Path dir) throws IOException {
        Path good = CAPTURES.resolve("lab-keepalive.pcap");
        SparkRowsTest.BadInputs bad = SparkRowsTest.BadInputs.in(dir, "http-curl-variety.pcap");
        Path truncated = bad.truncated(), notCapture = bad.notCapture(), missing = bad.missing();
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("conns", "--format", "json", "--split-size", "4k", "-o", out.toString()));
        for (Path f : List.of(good, truncated, notCapture, missing)) args.addAll(List.of("-r", f.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        // in the tests' application (as spark-submit runs it: in the session it made)
        int rc = SparkMain.run(args.toArray(String[]::new), new PrintStream(err, true, StandardCharsets.UTF_8), spark);
        String said = err.toString(StandardCharsets.UTF_8);
        System.out.printf("standalone: the command with 3 bad inputs in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(rc).as(said).isEqualTo(1);
        assertThat(said).contains(truncated.toString(), notCapture.toString(), missing.toString())
                .contains("conns rows written to " + out.resolve("conns"));
        // the rows as one machine writes them, in its order
        assertThat(lines(out.resolve("conns"), ".txt")).isEqualTo(oneMachineInOrder(List.of(good, truncated, notCapture, missing)))
                .isNotEmpty();
        String problems = String.join("\n", lines(out.resolve("problems"), ".json"));
        assertThat(problems).contains(truncated.toString(), notCapture.toString(), missing.toString());
    }

    /** The JSON lines of one machine's {@code conns --format json}, in its order. */
    static List<String> oneMachineInOrder(List<Path> files) {
        List<String> args = new ArrayList<>(List.of("--format", "json"));
        for (Path f : files) args.addAll(List.of("-r", f.toString()));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        io.tcplens.cli.ConnsCommand.execute(args, o, new PrintStream(java.io.OutputStream.nullOutputStream()));
        List<String> l = new ArrayList<>(Arrays.asList(o.toString(StandardCharsets.UTF_8).split("\n")));
        l.removeIf(String::isEmpty);
        return l;
    }

    /** The lines of a Spark output directory's part files. */
    static List<String> lines(Path dir, String suffix) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().startsWith("part-") && f.toString().endsWith(suffix)).sorted().toList()) {
                for (String line : Files.readAllLines(p)) if (!line.isEmpty()) out.add(line);
            }
        }
        return out;
    }

    /**
     * An application jar as the module's shaded job jar is made: tcplens's classes (core, render,
     * spark), Jackson 3 and picocli, from wherever this JVM loaded them (class directories in a
     * Maven build, jars elsewhere).
     */
    static Path packJobJar(Path jar) throws Exception {
        List<Class<?>> roots = List.of(TcplensSpark.class, io.tcplens.render.rows.Tables.class, io.tcplens.capture.CaptureReader.class,
                tools.jackson.core.JsonGenerator.class, picocli.CommandLine.class);
        Set<Path> sources = new java.util.LinkedHashSet<>();
        for (Class<?> c : roots) sources.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
        Set<String> seen = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path src : sources) {
                if (Files.isDirectory(src)) {
                    try (Stream<Path> s = Files.walk(src)) {
                        for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                            String name = src.relativize(f).toString().replace('\\', '/');
                            if (seen.add(name)) put(out, name, Files.newInputStream(f));
                        }
                    }
                } else {
                    try (JarFile jf = new JarFile(src.toFile())) {
                        for (JarEntry e : java.util.Collections.list(jf.entries())) {
                            String name = e.getName();
                            if (e.isDirectory() || name.equals("META-INF/MANIFEST.MF") || name.endsWith("module-info.class")
                                    || name.matches("META-INF/[^/]*\\.(SF|DSA|RSA)")) continue;
                            if (seen.add(name)) put(out, name, jf.getInputStream(e));
                        }
                    }
                }
            }
        }
        return jar;
    }

    private static void put(JarOutputStream out, String name, InputStream in) throws IOException {
        try (in) {
            out.putNextEntry(new JarEntry(name));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    /** N free ports on 127.0.0.1; the third is followed by a free one (the second worker's web UI). */
    static int[] freePorts(int n) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                if (i == 3) {
                    // the port after ports[2]
                    ServerSocket s = new ServerSocket(ports[2] + 1, 50, lo);
                    held.add(s);
                    ports[i] = s.getLocalPort();
                    continue;
                }
                ServerSocket s;
                while (true) {
                    s = new ServerSocket(0, 50, lo);
                    if (i != 2 || s.getLocalPort() < 65535 && available(s.getLocalPort() + 1, lo)) break;
                    s.close();
                }
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) s.close();
        }
    }

    private static boolean available(int port, InetAddress lo) {
        try (ServerSocket s = new ServerSocket(port, 50, lo)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    record Run(int rc, String out) { }

    /** Runs scripts/spark-standalone.sh COMMAND on this test's state directory. */
    static Run script(String command, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", SCRIPT.toString(), command).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("STATE_DIR", STATE.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                p.getInputStream().transferTo(o);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5000);
            return new Run(-1, o.toString(StandardCharsets.UTF_8) + "\n(timed out after " + timeoutSeconds + " s)");
        }
        reader.join(5000);
        return new Run(p.exitValue(), o.toString(StandardCharsets.UTF_8));
    }

    private static String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        if (!Files.isDirectory(STATE)) return "";
        try (Stream<Path> s = Files.list(STATE)) {
            for (Path log : s.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> l = Files.readAllLines(log);
                b.append("\n--- ").append(log.getFileName()).append(" (end)\n")
                        .append(String.join("\n", l.subList(Math.max(0, l.size() - 15), l.size())));
            }
        }
        return b.toString();
    }
}
