package io.tcplens.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcplens.capture.Frame;
import io.tcplens.capture.LinkType;
import io.tcplens.testing.FuzzSeeds;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zeek-style split inputs into the whole pipeline. An input is one capture: its first byte picks
 * the link type, and the rest is cut into packets at {@link #MARKER}; each packet starts with a
 * two-byte time step (milliseconds; with the top bit set, seconds, so timeouts and TIME_WAIT are
 * crossed) and the frame's bytes follow. The capture is written as a pcap file and run, in-process,
 * through every command that reads one: the analyzer, the lifecycle, HTTP and every writer (conns
 * in all four formats, analyze, explain en and zh, follow, ladder text and SVG, report, http, dump
 * with -v -e). A command may refuse the file with a clear message (exit 1); any exception, an
 * "internal error", a hang or a memory blow-up is a finding.
 */
class PipelineFuzzTest {
    static final byte[] MARKER = "\u0001PKT".getBytes(StandardCharsets.ISO_8859_1);
    static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.RAW, LinkType.NULL, LinkType.LINUX_SLL,
            LinkType.LINUX_SLL2, LinkType.LOOP, LinkType.IPV4, LinkType.IPV6, LinkType.PPP, LinkType.NFLOG};

    static Path dir;
    static Path capture;
    static Path svg;
    static Path html;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("tcplens-pipeline-fuzz");
        capture = dir.resolve("in.pcap");
        svg = dir.resolve("ladder.svg");
        html = dir.resolve("report.html");
        if (!FuzzSeeds.fuzzing()) return;
        Map<String, byte[]> seeds = FuzzSeeds.byName();
        for (Path p : FuzzSeeds.captures()) {
            byte[] s = toSplit(FuzzSeeds.frames(p, 400), 60_000);
            if (s != null) seeds.put(p.getFileName().toString(), s);
        }
        FuzzSeeds.export(PipelineFuzzTest.class, "splitCapture", seeds);
    }

    @AfterAll
    static void tearDown() throws IOException {
        for (Path p : List.of(capture, svg, html)) Files.deleteIfExists(p);
        Files.deleteIfExists(dir);
    }

    @FuzzTest(maxDuration = "10m")
    void splitCapture(byte[] data) throws IOException {
        if (data.length == 0) return;
        Files.write(capture, toPcap(data));
        runAll();
    }

    @Test
    void splitSeedsOfTheBundledCapturesRunThrough() throws IOException {
        // Not a fuzz run: the conversion round-trips, so seeds are real traffic for the pipeline.
        int n = 0;
        for (String name : List.of("http-curl-variety.pcap", "lab-close.pcap", "analyze-retransmissions.pcap")) {
            List<Frame> frames = FuzzSeeds.frames(TestPaths.captures().resolve(name), 400);
            byte[] split = toSplit(frames, 60_000);
            assertThat(split).as(name).isNotNull();
            Files.write(capture, toPcap(split));
            List<Frame> back = FuzzSeeds.frames(capture, 400);
            assertThat(back).isNotEmpty();
            assertThat(back.get(0).captureLength()).isEqualTo(frames.get(0).captureLength());
            runAll();
            n++;
        }
        assertThat(n).isEqualTo(3);
    }

    static void runAll() {
        String f = capture.toString();
        for (String fmt : List.of("table", "json", "csv", "zeek")) io(new ConnsCommand(), "-r", f, "--format", fmt);
        io(new ConnsCommand(), "-r", f, "--no-http", "--format", "json");
        analyze(f);
        io(new ExplainCommand(), "-r", f, "--lang", "en");
        io(new ExplainCommand(), "-r", f, "--lang", "zh");
        io(new FollowCommand(), "-r", f, "--stream", "0", "--format", "ascii");
        io(new FollowCommand(), "-r", f, "--stream", "0", "--format", "hex");
        io(new LadderCommand(), "-r", f, "--stream", "0");
        io(new LadderCommand(), "-r", f, "--stream", "0", "--svg", svg.toString());
        io(new ReportCommand(), "-r", f, "-o", html.toString());
        io(new HttpCommand(), "-r", f, "--format", "json");
        io(new HttpCommand(), "-r", f, "--format", "table");
        dump("-n", "-v", "-e", "-r", f);
        dump("-vvv", "-e", "-tttt", "-r", f);
    }

    /** Runs an in-process command; an exception it throws is rethrown here, with its own stack. */
    static void io(IoCommand cmd, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cmd.stdout = out;
        cmd.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        picocli.CommandLine cl = new picocli.CommandLine(cmd);
        cl.setErr(new java.io.PrintWriter(cmd.stderr, true));
        Throwable[] failure = new Throwable[1];
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            failure[0] = ex;
            return 70;
        });
        int rc = cl.execute(args);
        if (failure[0] instanceof RuntimeException re) throw re;
        if (failure[0] instanceof Error e) throw e;
        if (failure[0] != null) throw new AssertionError(String.join(" ", args), failure[0]);
        check(cmd.getClass().getSimpleName() + " " + String.join(" ", args), rc, err.toString(StandardCharsets.UTF_8));
    }

    static void analyze(String f) {
        int rc = AnalyzeCommand.run(f, List.of(), java.io.OutputStream.nullOutputStream());
        assertThat(rc).as("analyze").isIn(0, 1);
    }

    static void dump(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = DumpCommand.execute(List.of(args), new ByteArrayInputStream(new byte[0]), out, err, ZoneId.of("UTC"));
        check("dump " + String.join(" ", args), rc, err.toString(StandardCharsets.UTF_8));
    }

    static void check(String what, int rc, String err) {
        assertThat(err).as(what).doesNotContain("internal error").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(rc).as(what + ": " + err).isIn(0, 1);
    }

    // ------------------------------------------------------------------ the split format

    /** The split input as a classic pcap (microseconds, little-endian, snaplen 262144). */
    static byte[] toPcap(byte[] data) {
        int linkType = LINK_TYPES[(data[0] & 0xFF) % LINK_TYPES.length];
        ByteBuffer bb = ByteBuffer.allocate(24 + data.length * 2 + 16 * 64).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> records = new ArrayList<>();
        bb.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(linkType);
        long micros = 1_700_000_000_000_000L;
        int start = 1;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(bb.array(), 0, 24);
        while (start <= data.length) {
            int cut = indexOf(data, MARKER, start);
            int end = cut < 0 ? data.length : cut;
            if (end - start >= 2) {
                int step = (data[start] & 0xFF) << 8 | (data[start + 1] & 0xFF);
                micros += (step & 0x8000) != 0 ? (step & 0x7FFFL) * 1_000_000L : step * 1000L;
                int len = end - start - 2;
                ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                h.putInt((int) (micros / 1_000_000L)).putInt((int) (micros % 1_000_000L)).putInt(len).putInt(len);
                o.write(h.array(), 0, 16);
                o.write(data, start + 2, len);
            }
            if (cut < 0) break;
            start = cut + MARKER.length;
        }
        return o.toByteArray();
    }

    /** Frames of one capture in the split format (null when its link type is not one of ours). */
    static byte[] toSplit(List<Frame> frames, int max) {
        if (frames.isEmpty()) return null;
        int sel = -1;
        for (int i = 0; i < LINK_TYPES.length; i++) if (LINK_TYPES[i] == frames.get(0).linkType()) sel = i;
        if (sel < 0) return null;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(sel);
        long last = frames.get(0).epochMicros();
        boolean first = true;
        for (Frame f : frames) {
            if (f.linkType() != frames.get(0).linkType()) continue;
            if (o.size() + f.captureLength() + 6 > max) break;
            if (!first) o.writeBytes(MARKER);
            first = false;
            long d = Math.max(0, f.epochMicros() - last);
            last = f.epochMicros();
            int step = d >= 32_000_000L ? 0x8000 | (int) Math.min(0x7FFF, d / 1_000_000L) : (int) (d / 1000);
            o.write(step >> 8);
            o.write(step);
            o.write(f.buffer(), f.offset(), f.captureLength());
        }
        return o.toByteArray();
    }

    static int indexOf(byte[] b, byte[] m, int from) {
        outer:
        for (int i = from; i <= b.length - m.length; i++) {
            for (int j = 0; j < m.length; j++) if (b[i + j] != m[j]) continue outer;
            return i;
        }
        return -1;
    }
}
