package io.tcplens.live;

import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.cli.Main;
import io.tcplens.lab.LabSettings;
import io.tcplens.lab.LabServer;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** tcplens capture: live where permitted, and its messages where libpcap or permission is missing. */
@Timeout(60)
class CaptureCommandTest {

    private record Result(int code, String out, String err) { }

    /** Runs the CLI in this JVM, capturing what it prints. */
    private static synchronized Result cli(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static void assertNoStackTrace(String text) {
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("internal error");
    }

    @Test
    void withoutLibpcap_oneClearMessage() {
        Result r = cli("capture", "--libpcap", "/nonexistent/libpcap.so.0.8", "-i", "lo", "-c", "1");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("cannot load libpcap").contains("apt-get install libpcap0.8");
        assertNoStackTrace(r.err());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void withoutLibpcap_viaSystemProperty() {
        String old = System.getProperty(Pcap.LIBRARY_PROPERTY);
        System.setProperty(Pcap.LIBRARY_PROPERTY, "/nonexistent/libpcap.so");
        try {
            Result r = cli("capture", "-D");
            assertThat(r.code()).isEqualTo(3);
            assertThat(r.err()).contains("install libpcap");
            assertNoStackTrace(r.err());
        } finally {
            if (old == null) System.clearProperty(Pcap.LIBRARY_PROPERTY);
            else System.setProperty(Pcap.LIBRARY_PROPERTY, old);
        }
    }

    @Test
    void withoutPermission_oneClearMessage() throws Exception {
        assumeTrue(LiveTestSupport.whyNoCapture() == null || !LiveTestSupport.whyNoCapture().contains("libpcap is not"),
                "libpcap missing");
        Result r;
        if (!LiveTestSupport.isRoot()) {
            // Already unprivileged: the real thing.
            r = cli("capture", "-i", "lo", "-c", "1");
        } else {
            // Root: drop the capture capabilities from the bounding set for a child JVM.
            assumeTrue(TestPaths.onPath("setpriv"), "setpriv is not installed; cannot run without permission");
            Process p = LiveTestSupport.startCli(List.of("setpriv", "--inh-caps=-all", "--bounding-set=-net_raw,-net_admin"),
                    "capture", "-i", "lo", "-c", "1");
            Object[] res = LiveTestSupport.finish(p, 30);
            r = new Result((Integer) res[0], (String) res[1], (String) res[2]);
            assumeTrue(!r.err().contains("setpriv:"), () -> "setpriv cannot drop capabilities here: " + r.err());
        }
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("permission to capture").contains("root")
                .contains("setcap cap_net_raw,cap_net_admin=eip");
        assertNoStackTrace(r.err());
    }

    @Test
    void listsInterfacesLikeTcpdump() {
        assumeTrue(LiveTestSupport.whyNoCapture() == null || !LiveTestSupport.whyNoCapture().contains("libpcap is not"),
                "libpcap missing");
        Result r = cli("capture", "-D");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList()).anyMatch(l -> l.matches("\\d+\\.lo0? \\[Up, Running, Loopback\\]"));
        assertThat(r.out().lines().toList()).allMatch(l -> l.matches("\\d+\\.\\S+( \\(.*\\))?( \\[.*\\])?"));
    }

    @Test
    void badFilter_isReportedWithoutTrace() {
        LiveTestSupport.assumeCapture();
        Result r = cli("capture", "-i", "lo", "-c", "1", "tcp", "port");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("syntax error in filter expression at position 8");
        assertNoStackTrace(r.err());
    }

    /** As the offline commands: the error names the position (libpcap alone says only "syntax error"). */
    @Test
    void badFilter_namesThePosition() {
        LiveTestSupport.assumeCapture();
        Result r = cli("capture", "-i", "lo", "-c", "1", "tcp", "port", "80", "and", "and");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("at position 16").doesNotContain("listening on");
        assertNoStackTrace(r.err());
    }

    /** As tcpdump: the output file is created before "listening on", so a bad path fails at once. */
    @Test
    void unwritableOutput_failsBeforeListening() {
        LiveTestSupport.assumeCapture();
        Result r = cli("capture", "-i", "lo", "-c", "1", "-w", "/nonexistent-dir/x.pcap", "tcp", "port", "1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("tcplens: /nonexistent-dir/x.pcap: No such file or directory");
    }

    /** As tcpdump's -B: a positive number of KiB. */
    @Test
    void bufferSizeMustBePositive() {
        for (String v : new String[] {"0", "-5"}) {
            Result r = cli("capture", "-B", v, "-i", "lo", "-c", "1");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("invalid packet buffer size " + v);
        }
    }

    @Test
    void noSuchInterface() {
        LiveTestSupport.assumeCapture();
        Result r = cli("capture", "-i", "tcplens-nonesuch0", "-c", "1");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("tcplens-nonesuch0");
        assertNoStackTrace(r.err());
    }

    /** Makes {@code n} short HTTP exchanges to the server, after a short delay. */
    private static CompletableFuture<Void> traffic(int port, int n, long delayMillis) {
        return CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(delayMillis);
                for (int i = 0; i < n; i++) exchange(port);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    }

    /** One GET with Connection: close: the server closes first. */
    private static void exchange(int port) throws java.io.IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(("GET /json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes();
        }
    }

    /** HTTP exchanges to the server every 100 ms until closed: the capture's start time does not matter. */
    private static final class Traffic implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        private final CompletableFuture<Void> done;

        Traffic(int port) {
            done = CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    try {
                        Thread.sleep(100);
                        exchange(port);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }
            }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            done.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void capturesCountPacketsToAValidPcap(@TempDir Path dir) throws Exception {
        LiveTestSupport.assumeCapture();
        Path file = dir.resolve("live.pcap");
        try (LabServer server = new LabServer(LabSettings.defaults())) {
            Result r;
            try (Traffic t = new Traffic(server.port())) {
                r = cli("capture", "-i", "lo", "-c", "5", "-w", file.toString(), "tcp", "port", String.valueOf(server.port()));
            }
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).contains("listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes")
                    .contains("5 packets captured").contains("received by filter").contains("dropped by kernel");
            List<Frame> frames = read(file);
            assertThat(frames).hasSize(5);
            assertThat(LiveTestSupport.segments(frames)).hasSize(5);
        }
    }

    @Test
    void printsTcpdumpLinesAndEvents() throws Exception {
        LiveTestSupport.assumeCapture();
        try (LabServer server = new LabServer(LabSettings.defaults())) {
            Result r;
            try (Traffic t = new Traffic(server.port())) {
                r = cli("capture", "-i", "lo", "-c", "3", "-n", "tcp", "port", String.valueOf(server.port()));
            }
            assertThat(r.code()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines).allMatch(l -> l.contains("IP 127.0.0.1.") && l.contains(": Flags [")
                    && l.contains("127.0.0.1." + server.port()));
            assertThat(r.err()).contains("verbose output suppressed").contains("3 packets captured");
        }
        try (LabServer server = new LabServer(LabSettings.defaults())) {
            Result r;
            try (Traffic t = new Traffic(server.port())) {
                r = cli("capture", "-i", "lo", "-c", "25", "--events", "--conns", "tcp", "port", String.valueOf(server.port()));
            }
            assertThat(r.code()).isZero();
            // The engine's lifecycle events as they happen, then its connection table.
            // (FIN_WAIT_2 shows only when a packet left the server there: explain's rows, EventsMatchExplainTest)
            assertThat(r.out()).contains(" opened: 127.0.0.1:").contains("client UNKNOWN -> SYN_SENT")
                    .contains("server ESTABLISHED -> FIN_WAIT_1").containsPattern("server FIN_WAIT_[12] -> TIME_WAIT")
                    .contains(" closed: ").contains("server in TIME_WAIT");
            assertThat(r.out()).containsPattern("(?m)^stream +client +server");
        }
    }

    /** SIGINT and SIGTERM end the capture cleanly: valid pcap, the closing counts, exit status 0 as tcpdump's. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"INT", "TERM"})
    void signalStopsCleanlyWithAValidFile(String signal, @TempDir Path dir) throws Exception {
        LiveTestSupport.assumeCapture();
        assumeTrue(TestPaths.onPath("kill"), "no kill command");
        Path file = dir.resolve("stopped.pcap");
        try (LabServer server = new LabServer(LabSettings.defaults())) {
            Process p = LiveTestSupport.startCli(List.of(), "capture", "-i", "lo", "-w", file.toString(),
                    "tcp", "port", String.valueOf(server.port()));
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            String first = err.readLine();
            assertThat(first).contains("listening on lo");
            traffic(server.port(), 2, 0).get(20, TimeUnit.SECONDS);
            Thread.sleep(300);
            // Not Process.destroy(): that also closes our end of the child's stderr.
            assertThat(new ProcessBuilder("kill", "-s", signal, String.valueOf(p.pid())).start().waitFor()).isZero();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("exit status after SIG" + signal + " (tcpdump: 0)").isZero();
            List<String> rest = new ArrayList<>();
            for (String l; (l = err.readLine()) != null; ) rest.add(l);
            assertThat(rest).anyMatch(l -> l.matches("\\d+ packets captured"));
            assertThat(rest).anyMatch(l -> l.endsWith("received by filter"));
            assertThat(rest).noneMatch(l -> l.contains("Exception"));
            List<Frame> frames = read(file);
            assertThat(frames.size()).isGreaterThanOrEqualTo(16); // two full exchanges
            String captured = rest.stream().filter(l -> l.endsWith("packets captured")).findFirst().orElseThrow();
            assertThat(captured).isEqualTo(frames.size() + " packets captured");
        }
    }

    /** Oracle: tcpdump and tcplens capturing the same traffic side by side write the same packets. */
    @Test
    void sameAsTcpdumpSideBySide(@TempDir Path dir) throws Exception {
        LiveTestSupport.assumeCapture();
        assumeTrue(TestPaths.onPath("tcpdump"), "tcpdump is not installed");
        Path ours = dir.resolve("tcplens.pcap"), theirs = dir.resolve("tcpdump.pcap");
        try (LabServer server = new LabServer(LabSettings.defaults())) {
            String port = String.valueOf(server.port());
            Process td = new ProcessBuilder("tcpdump", "-i", "lo", "-U", "-c", "16", "-w", theirs.toString(), "tcp", "port", port).start();
            Process tl = LiveTestSupport.startCli(List.of(), "capture", "-i", "lo", "-c", "16", "-w", ours.toString(), "tcp", "port", port);
            for (Process p : List.of(td, tl)) {
                String line = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8)).readLine();
                assertThat(line).contains("listening on lo");
            }
            traffic(server.port(), 2, 0).get(20, TimeUnit.SECONDS);
            assertThat(td.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(tl.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(tl.exitValue()).isZero();
        }
        List<Frame> a = read(ours), b = read(theirs);
        assertThat(a).hasSize(16);
        assertThat(b).hasSize(16);
        for (int i = 0; i < 16; i++) {
            Frame x = a.get(i), y = b.get(i);
            assertThat(java.util.Arrays.copyOfRange(x.buffer(), x.offset(), x.offset() + x.captureLength()))
                    .as("frame %d bytes", i + 1)
                    .isEqualTo(java.util.Arrays.copyOfRange(y.buffer(), y.offset(), y.offset() + y.captureLength()));
            assertThat(x.wireLength()).isEqualTo(y.wireLength());
            assertThat(Math.abs(x.epochMicros() - y.epochMicros())).as("frame %d timestamp (µs apart)", i + 1).isLessThan(1000);
            assertThat(x.linkType()).isEqualTo(y.linkType());
        }
    }

    private static List<Frame> read(Path file) throws Exception {
        List<Frame> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(file.toString())) {
            Frame f = new Frame();
            while (r.next(f)) out.add(f.copy());
        }
        return out;
    }

    /** The offline commands never load libpcap: no io.tcplens.live class is even loaded. */
    @Test
    void offlineCommandsDoNotTouchLibpcap() throws Exception {
        Path cap = TestPaths.captures().resolve("tcp_handshake.pcapng");
        assumeTrue(Files.isRegularFile(cap));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", System.getProperty("java.class.path"), "io.tcplens.cli.Main",
                "dump", "-n", "-r", cap.toString());
        pb.redirectErrorStream(true);
        Process v = pb.start();
        String out = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(v.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("io.tcplens.cli.DumpCommand");
        assertThat(out).doesNotContain("io.tcplens.live.ForeignPcap");
    }
}
