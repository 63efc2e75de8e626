package io.tcplens.live;

import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;


import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Live capture under load and on a terminal (root; skipped with the reason otherwise):
 * <ul>
 *   <li>bursts of loopback traffic, captured by tcpdump and {@code tcplens capture -w} side by side
 *       at their default settings: tcplens keeps every packet tcpdump keeps and drops none (with
 *       immediate mode and 256 KiB slots it kept 5 of 320 on "any", 17 of 320 on lo);</li>
 *   <li>with standard output on a pseudo-terminal, each packet's line arrives while the traffic is
 *       still going, not when the capture ends, and Ctrl-C prints the counts and exits 0;</li>
 *   <li>{@code dump -r -} reading a pipe onto a terminal shows each packet as it is read.</li>
 * </ul>
 */
@Timeout(90)
class LiveBurstTest {

    /** Runs a command with its standard output on a new pseudo-terminal (standard input stays a pipe); SIGTERM to it is passed on as SIGINT. */
    private static final String PTY_RUNNER = """
            import os, pty, signal, subprocess, sys
            signal.signal(signal.SIGINT, signal.SIG_DFL)   # a shell's background job starts with SIGINT ignored
            m, s = pty.openpty()
            p = subprocess.Popen(sys.argv[1:], stdout=s)
            os.close(s)
            signal.signal(signal.SIGTERM, lambda n, f: p.send_signal(signal.SIGINT))
            while True:
                try:
                    d = os.read(m, 4096)
                except OSError:
                    break
                if not d:
                    break
                os.write(1, d)
            sys.exit(p.wait())
            """;

    /** A server that answers each connection with {@code size} bytes and closes; clients with a small window. */
    private static void bursts(int port, int connections, int size, ServerSocket ss) throws Exception {
        Thread server = Thread.ofPlatform().daemon().start(() -> {
            byte[] body = new byte[size];
            for (int i = 0; i < connections; i++) {
                try (Socket c = ss.accept()) {
                    c.getInputStream().read(new byte[1000]);
                    c.getOutputStream().write(body);
                } catch (IOException e) {
                    return;
                }
            }
        });
        for (int i = 0; i < connections; i++) {
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(4096);
                s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().readAllBytes();
            }
        }
        server.join(10_000);
    }

    private static int count(Path file) throws Exception {
        int n = 0;
        try (CaptureReader r = CaptureReader.open(file.toString())) {
            Frame f = new Frame();
            while (r.next(f)) n++;
        }
        return n;
    }

    private static void signal(Process p, String sig) throws Exception {
        assertThat(new ProcessBuilder("kill", "-s", sig, String.valueOf(p.pid())).start().waitFor()).isZero();
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void keepsEveryPacketTcpdumpKeeps(@TempDir Path dir) throws Exception {
        LiveTestSupport.assumeCapture();
        assumeTrue(TestPaths.onPath("tcpdump"), "tcpdump is not installed");
        for (String iface : List.of("any", "lo")) {
            try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                String port = String.valueOf(ss.getLocalPort());
                Path ours = dir.resolve(iface + "-tcplens.pcap"), theirs = dir.resolve(iface + "-tcpdump.pcap");
                Process td = new ProcessBuilder("tcpdump", "-i", iface, "-w", theirs.toString(), "tcp", "port", port).start();
                Process tl = LiveTestSupport.startCli(List.of(), "capture", "-i", iface, "-w", ours.toString(), "tcp", "port", port);
                BufferedReader tdErr = new BufferedReader(new InputStreamReader(td.getErrorStream(), StandardCharsets.UTF_8));
                BufferedReader tlErr = new BufferedReader(new InputStreamReader(tl.getErrorStream(), StandardCharsets.UTF_8));
                for (BufferedReader r : List.of(tdErr, tlErr)) {
                    String l;
                    do l = r.readLine(); while (l != null && !l.contains("listening on " + iface));   // tcpdump may say "data link type" first
                    assertThat(l).isNotNull();
                }
                bursts(ss.getLocalPort(), 20, 38_000, ss);
                Thread.sleep(1500);   // past the 1 s read timeout, so the last block is handed over
                signal(td, "INT");
                signal(tl, "INT");
                assertThat(td.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(tl.waitFor(20, TimeUnit.SECONDS)).isTrue();
                String tdText = readAll(td.getErrorStream()), tlText = readAll(tl.getErrorStream());
                assertThat(tl.exitValue()).as("exit after Ctrl-C: %s", tlText).isZero();
                int a = count(theirs), b = count(ours);
                System.out.printf("live burst on %s: tcpdump kept %d, tcplens kept %d; tcplens: %s%n", iface, a, b,
                        tlText.strip().replace('\n', ';'));
                assertThat(a).as("tcpdump's packets (%s)", tdText).isGreaterThanOrEqualTo(20 * 8);
                assertThat(tdText).contains("0 packets dropped by kernel");
                assertThat(tlText).contains("0 packets dropped by kernel");
                assertThat(b).as("tcplens kept what tcpdump kept on %s", iface).isEqualTo(a);
            }
        }
    }

    private static Path ptyRunner(Path dir) throws IOException {
        assumeTrue(TestPaths.onPath("python3"), "python3 (for a pseudo-terminal) is not installed");
        Path runner = dir.resolve("run-on-pty.py");   // not pty.py: that would shadow Python's pty module
        Files.writeString(runner, PTY_RUNNER);
        return runner;
    }

    /** Lines of a process's standard output as they come, on a queue. */
    private static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) q.add(l.replace("\r", ""));
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return q;
    }

    @Test
    void terminalGetsEachPacketAsItComes(@TempDir Path dir) throws Exception {
        LiveTestSupport.assumeCapture();
        Path runner = ptyRunner(dir);
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = ss.getLocalPort();
            List<String> cmd = new ArrayList<>(List.of("python3", runner.toString()));
            cmd.addAll(javaCli("capture", "-i", "lo", "-n", "tcp", "port", String.valueOf(port)));
            Process p = new ProcessBuilder(cmd).start();
            BlockingQueue<String> out = lines(p);
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            assertThat(err.readLine()).contains("verbose output suppressed");
            assertThat(err.readLine()).contains("listening on lo");
            // Three connections, one at a time: each one's last packet (the final ACK of its close) must be on
            // the terminal before the next connection starts. Block-buffered output showed only the first line.

            for (int i = 0; i < 3; i++) {
                bursts(port, 1, 1000, ss);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                int seen = 0, fins = 0;
                boolean closed = false;
                while (!closed && System.nanoTime() < deadline) {
                    String l = out.poll(100, TimeUnit.MILLISECONDS);
                    if (l == null) continue;
                    seen++;
                    // the connection's last packet: the bare ACK after both sides' FINs
                    if (l.contains("Flags [F.]") || l.contains("Flags [FP.]")) fins++;
                    else if (fins == 2 && l.contains("Flags [.], ack")) closed = true;
                }
                assertThat(closed).as("connection %d: its packets reached the terminal while the capture ran (%d lines)", i + 1, seen).isTrue();
                out.clear();
            }
            signal(p, "TERM");   // the runner passes it on as SIGINT: Ctrl-C
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String rest = readAll(p.getErrorStream());
            assertThat(rest).containsPattern("\\d+ packets captured").contains("0 packets dropped by kernel");
            assertThat(p.exitValue()).as("exit status after Ctrl-C (tcpdump: 0)").isZero();
        }
    }

    @Test
    void dumpFromAPipeShowsEachPacketAndCtrlCExitsZero(@TempDir Path dir) throws Exception {
        Path runner = ptyRunner(dir);
        Path cap = TestPaths.captures().resolve("lab-get.pcap");
        assumeTrue(Files.isRegularFile(cap));
        byte[] file = Files.readAllBytes(cap);
        List<String> cmd = new ArrayList<>(List.of("python3", runner.toString()));
        cmd.addAll(javaCli("dump", "-n", "-r", "-"));
        Process p = new ProcessBuilder(cmd).start();
        BlockingQueue<String> out = lines(p);
        OutputStream in = p.getOutputStream();
        // the pcap header and the first record (16-byte header + caplen), then wait: the line must show now
        int caplen = (file[24 + 8] & 0xFF) | (file[24 + 9] & 0xFF) << 8 | (file[24 + 10] & 0xFF) << 16;
        in.write(file, 0, 24 + 16 + caplen);
        in.flush();
        String first = out.poll(10, TimeUnit.SECONDS);
        assertThat(first).as("the first packet's line while the pipe is still open").isNotNull().contains("Flags [S]");
        signal(p, "TERM");   // Ctrl-C while the writer of the pipe is still there
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    private static List<String> javaCli(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-cp", System.getProperty("java.class.path"), "io.tcplens.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

}
