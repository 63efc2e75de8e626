package io.tcplens.cli.robust;

import io.tcplens.capture.CaptureException;
import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.cli.CliRun;
import io.tcplens.cli.DumpCommand;
import io.tcplens.decode.Packet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hostile captures a fuzzer will not invent (issue 13, item 3): extension-header chains, degenerate
 * TCP options, absurd record lengths, a 2 GB sparse file, 100 MB of zeros on a pipe, HTTP with 10 MB
 * of headers and 16-digit lengths, clocks that jump. Each must end with a clear message or correct
 * output, in bounded time and memory. (1,000-deep VLAN/VXLAN and tunnel nesting in the printer are
 * tested with the printer.)
 */
class HostileCapturesTest {
    static Path dir;

    @BeforeAll
    static void setUp() throws IOException { dir = Files.createTempDirectory("tcplens-hostile"); }

    @AfterAll
    static void tearDown() throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    // ------------------------------------------------------------------ IPv6 extension headers

    @Test
    void longAndLoopingIpv6ExtensionHeaderChainsEndCleanly() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        // 1,000 and 7,000 destination-options headers before TCP (8 bytes each).
        for (int n : new int[] {1_000, 7_000}) frames.add(eth6(60, chain(n, new int[] {60}, 6), tcp(40000, 80, 1, 0, 0x02, new byte[0], new byte[0])));
        // A "loop": hop-by-hop, routing, destination options and hop-by-hop again, over and over.
        frames.add(eth6(0, chain(3_000, new int[] {0, 43, 60}, 6), tcp(40000, 80, 1, 0, 0x02, new byte[0], new byte[0])));
        // A chain whose last header claims more than the packet holds (255 * 8 + 8 bytes).
        byte[] bad = chain(500, new int[] {60}, 60);
        bad[bad.length - 8 + 1] = (byte) 255;
        frames.add(eth6(60, bad, new byte[0]));
        // Fragment headers in a chain (non-first fragments too).
        byte[] frag = chain(200, new int[] {44}, 6);
        frames.add(eth6(44, frag, tcp(40000, 80, 1, 0, 0x02, new byte[0], new byte[0])));
        Path f = pcap("ipv6-chains.pcap", frames, 0);
        for (byte[] fr : frames) {
            Packet p = new Packet();
            Frame fm = new Frame().set(fr, 0, fr.length, fr.length, 1, 0, 1, 262144, 1);
            bounded("decode", 2, 64, () -> p.decode(fm));
            assertThat(p.layerCount()).isLessThanOrEqualTo(Packet.MAX_LAYERS);
        }
        everyCommandSucceeds(f, frames.size(), false);
        // dump prints every header of the chain and then TCP, as tcpdump 4.99 does.
        List<String> lines = dump(List.of("-n", "-r", f.toString()), new byte[0]).out.lines().toList();
        assertThat(lines.get(0)).contains(" DSTOPT DSTOPT ").endsWith("40000 > 80: Flags [S], seq 1, win 65535, length 0");
        assertThat(lines.get(0).split(" DSTOPT", -1)).hasSize(1_001);
    }

    static byte[] chain(int n, int[] types, int last) {
        ByteBuffer b = ByteBuffer.allocate(8 * n);
        for (int i = 0; i < n; i++) {
            int type = types[i % types.length];
            int next = i == n - 1 ? last : types[(i + 1) % types.length];
            b.put((byte) next);
            if (type == 44) {        // fragment header: offset i (in 8-byte units), more fragments
                b.put((byte) 0).putShort((short) ((i << 3) | 1)).putInt(0x1234);
            } else if (type == 43) { // routing header type 0, no addresses left
                b.put((byte) 0).put((byte) 0).put((byte) 0).putInt(0);
            } else {                 // options: one PadN of 4
                b.put((byte) 0).put((byte) 1).put((byte) 4).putInt(0);
            }
        }
        return b.array();
    }

    // ------------------------------------------------------------------ TCP options

    @Test
    void tcpOptionsOfLengthZeroAndOneEndCleanly() throws Exception {
        byte[][] options = {
                {2, 0, 0, 0}, {3, 1, 0, 0}, {8, 0, 1, 1}, {5, 1, 0, 0}, {4, 0, 1, 0}, {30, 0, 0, 0},
                {1, 1, 1, 2, 0, 0, 0, 0}, {2, 4, 5, (byte) 0xB4, 3, 0, 0, 0}, {8, 1, 8, 0, 1, 1, 1, 1, 1, 1, 1, 1},
        };
        List<byte[]> frames = new ArrayList<>();
        int seq = 1000;
        for (byte[] o : options) {
            frames.add(eth4(tcp(40000, 80, seq, 0, 0x02, o, new byte[0])));
            frames.add(eth4r(tcp(80, 40000, 5000, seq + 1, 0x12, o, new byte[0])));
            frames.add(eth4(tcp(40000, 80, seq + 1, 5001, 0x18, o, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
            seq += 100_000;
        }
        Path f = pcap("tcp-options.pcap", frames, 0);
        for (byte[] fr : frames) {
            Packet p = new Packet();
            p.decode(new Frame().set(fr, 0, fr.length, fr.length, 1, 0, 1, 262144, 1));
            assertThat(p.hasTcp()).isTrue();
            int mss = p.tcpOptionOffset(2);   // only the well-formed MSS is found
            if (mss >= 0) assertThat(p.u16At(mss + 2)).isEqualTo(0x5B4);
            assertThat(p.tcpOptionOffset(8)).isEqualTo(-1);
        }
        everyCommandSucceeds(f, frames.size());
        CliRun.Result analyze = runAnalyze(f);
        assertThat(analyze.out().lines().count()).as("a header row and one row per segment").isEqualTo(frames.size() + 1);
    }

    // ------------------------------------------------------------------ record lengths

    @Test
    void aRecordLengthOfTwoToTheThirtyFirstIsAClearError() throws Exception {
        byte[] good = eth4(tcp(40000, 80, 1, 0, 0x02, new byte[0], new byte[0]));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(pcapHeader(1));
        o.writeBytes(record(1, good.length, good.length));
        o.writeBytes(good);
        o.writeBytes(record(2, 0x8000_0000L, 0x8000_0000L));
        o.writeBytes(good);
        Path f = dir.resolve("caplen-2g.pcap");
        Files.write(f, o.toByteArray());
        for (String cmd : List.of("conns", "explain", "http")) {
            CliRun.Result r = bounded(cmd, 20, 512, () -> CliRun.run(cmd, List.of("-r", f.toString())));
            assertThat(r.exitCode()).as(cmd).isEqualTo(1);
            assertThat(r.err()).as(cmd).contains("claims 2147483648 captured bytes").doesNotContain("Exception");
        }
        var dump = dump(List.of("-n", "-r", f.toString()), new byte[0]);
        assertThat(dump.exit).isEqualTo(1);
        assertThat(dump.out.lines().count()).as("the frame before the bad record is printed").isEqualTo(1);
        assertThat(dump.err).contains("2147483648").doesNotContain("Exception");

        // A wire length of 2^31 with a small caplen is a truncated packet, printed as such.
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        w.writeBytes(pcapHeader(1));
        w.writeBytes(record(1, good.length, 0x8000_0000L));
        w.writeBytes(good);
        Path g = dir.resolve("len-2g.pcap");
        Files.write(g, w.toByteArray());
        everyCommandSucceeds(g, 1);

        // pcapng: an enhanced packet block claiming 2^31 bytes.
        ByteBuffer ng = ByteBuffer.allocate(28 + 20 + 12).order(ByteOrder.LITTLE_ENDIAN);
        ng.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).putInt(28);
        ng.putInt(1).putInt(20).putShort((short) 1).putShort((short) 0).putInt(262144).putInt(20);
        ng.putInt(6).putInt(0x8000_0000).putInt(0);
        Path n = dir.resolve("block-2g.pcapng");
        Files.write(n, ng.array());
        CliRun.Result r = bounded("conns pcapng", 20, 512, () -> CliRun.run("conns", List.of("-r", n.toString())));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(n.toString()).doesNotContain("Exception");
    }

    @Test
    void aTwoGigabyteSparseFileWithAValidHeaderIsReadAsEmptyRecords() throws Exception {
        // After the header, 2 GB of zeros are records of 0 captured bytes at time 0: libpcap reads
        // them as such, and so must we, in bounded time and without holding the file in memory.
        Path f = dir.resolve("sparse-2g.pcap");
        long size = 1L << 31;
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(pcapHeader(1));
            raf.setLength(size);
        }
        // 2^31 - 24 is not a multiple of 16: the last record header is cut, and said so.
        long expected = (size - 24) / 16;
        long[] frames = {0};
        String[] error = {null};
        bounded("read 2 GB sparse", 120, 256, () -> {
            try (CaptureReader r = CaptureReader.open(f.toString())) {
                Frame fr = new Frame();
                Packet p = new Packet();
                while (r.next(fr)) {
                    if (fr.captureLength() != 0 || fr.seconds() != 0) throw new AssertionError("frame " + fr.number());
                    p.decode(fr);
                    frames[0]++;
                }
            } catch (CaptureException e) {
                error[0] = e.getMessage();
            }
            return null;
        });
        assertThat(frames[0]).isEqualTo(expected);
        assertThat(error[0]).isEqualTo(f + ": truncated record header (8 of 16 bytes) after frame " + expected
                + " (at byte offset " + (size - 8) + ")");
        Files.delete(f);
    }

    @Test
    void oneHundredMegabytesOfZerosOnAPipeIsAClearError() {
        // `head -c 100M /dev/zero | tcplens dump -r -`: no magic, refused at once, without reading on.
        CountingZeros zeros = new CountingZeros(100L << 20);
        var r = bounded("dump -r - of zeros", 10, 128, () -> dumpStream(List.of("-n", "-r", "-"), zeros));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("unknown file format").doesNotContain("Exception");
        assertThat(r.out).isEmpty();
        assertThat(zeros.read).isLessThan(4L << 20);

        // A valid header in front of the zeros: 6.5 million empty records, read from the stream.
        InputStream withHeader = new SequenceInputStream(new ByteArrayInputStream(pcapHeader(1)), new CountingZeros(100L << 20));
        var c = bounded("read zeros after a header from a stream", 60, 256, () -> {
            long n = 0;
            try (CaptureReader rd = CaptureReader.open("-", withHeader)) {
                Frame fr = new Frame();
                while (rd.next(fr)) n++;
            } catch (CaptureException e) {
                throw new AssertionError(e.getMessage(), e);
            }
            return n;
        });
        assertThat(c).isEqualTo((100L << 20) / 16);
    }

    // ------------------------------------------------------------------ HTTP

    @Test
    void httpWithTenMegabytesOfHeadersAndHugeLengthsEndsInBoundedTimeAndMemory() throws Exception {
        // Correct values for these are the HTTP parser's own tests; here: no failure, bounded cost.
        StringBuilder head = new StringBuilder("GET /big HTTP/1.1\r\nHost: a\r\n");
        while (head.length() < 10 << 20) head.append("X-Filler-").append(head.length()).append(": ").append("v".repeat(100)).append("\r\n");
        head.append("\r\n");
        Conversation c = new Conversation(40000);
        c.client(head.toString().getBytes(StandardCharsets.US_ASCII));
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII));
        c.close();
        Conversation d = new Conversation(40001);
        d.client("GET /c HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        d.server(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nabc\r\n"
                + "7fffffffffffffff\r\nabc\r\n10000000000000000\r\nabc\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        d.close();
        Conversation e = new Conversation(40002);
        e.client("POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000000000000\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
        e.close();
        List<byte[]> frames = new ArrayList<>(c.frames);
        frames.addAll(d.frames);
        frames.addAll(e.frames);
        Path f = pcap("http-hostile.pcap", frames, 0);
        everyCommandSucceeds(f, frames.size());
        CliRun.Result conns = CliRun.run("conns", List.of("-r", f.toString(), "--format", "json"));
        assertThat(conns.out().lines().count()).as("three connections").isEqualTo(3);
    }

    // ------------------------------------------------------------------ clocks

    @Test
    void timestampsThatGoBackHoursAndForwardYearsEndCleanly() throws Exception {
        Conversation c = new Conversation(40000);
        c.client("GET /a HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        c.client("GET /b HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        c.close();
        // seconds of each frame: steady, then 3 hours back, then 20 years forward, then back again
        long base = 1_700_000_000L;
        long[] secs = new long[c.frames.size()];
        for (int i = 0; i < secs.length; i++) {
            secs[i] = base + i;
            if (i >= 4) secs[i] -= 3 * 3600;
            if (i >= 7) secs[i] += 20L * 365 * 86400;
            if (i == 8) secs[i] = base + 10L * 365 * 86400;
            if (i >= 9) secs[i] = base - 86400;
        }
        Path f = pcap("clock-jumps.pcap", c.frames, 0, secs);
        everyCommandSucceeds(f, c.frames.size());
        CliRun.Result conns = CliRun.run("conns", List.of("-r", f.toString(), "--format", "json"));
        assertThat(conns.out()).contains("\"server\":\"10.0.0.2:80\"").doesNotContain("\"duration\":-");
        // Every stamp prints as tcpdump 4.99 prints it: 10 years ahead is 2033; 20 years ahead is
        // past 2^31 seconds, which tcpdump (signed time) reports as an error in the line; an hour
        // back and a day back are just earlier dates.
        var dump = dump(List.of("-n", "-tttt", "-r", f.toString()), new byte[0]);
        assertThat(dump.exit).isZero();
        List<String> lines = dump.out.lines().toList();
        assertThat(lines).hasSize(c.frames.size());
        assertThat(lines.get(4)).startsWith("2023-11-14 19:13:24.000000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [P.]");
        assertThat(lines.get(7)).startsWith("[Error converting time] IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [F.]");
        assertThat(lines.get(8)).startsWith("2033-11-11 22:13:20.000000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [F.]");
        assertThat(lines.get(9)).startsWith("2023-11-13 22:13:20.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.]");
    }

    // ------------------------------------------------------------------ running the commands

    /** Every reading command exits 0 on {@code f} in bounded time and memory; dump prints each packet. */
    static void everyCommandSucceeds(Path f, int packets) { everyCommandSucceeds(f, packets, true); }

    /**
     * As above; with {@code tcpFound} false, the commands about one TCP connection (explain, follow,
     * ladder) may instead refuse with their one-line message, since no TCP header is reached.
     */
    static void everyCommandSucceeds(Path f, int packets, boolean tcpFound) {
        String p = f.toString();
        List<List<String>> runs = List.of(
                List.of("conns", "-r", p, "--format", "table"), List.of("conns", "-r", p, "--format", "json"),
                List.of("conns", "-r", p, "--format", "csv"), List.of("conns", "-r", p, "--format", "zeek"),
                List.of("explain", "-r", p, "--lang", "en"), List.of("explain", "-r", p, "--lang", "zh"),
                List.of("http", "-r", p, "--format", "json"), List.of("follow", "-r", p, "--stream", "0"),
                List.of("ladder", "-r", p, "--stream", "0"));
        for (List<String> run : runs) {
            CliRun.Result r = bounded(String.join(" ", run), 60, 768, () -> CliRun.run(run.get(0), run.subList(1, run.size())));
            assertThat(r.err()).as(run.toString()).doesNotContain("Exception").doesNotContain("internal error");
            if (!tcpFound && r.exitCode() == 1) {
                assertThat(r.err()).as(run.toString()).matches("tcplens: [^\\n]+\\R");
                continue;
            }
            assertThat(r.exitCode()).as(run + ": " + r.err()).isZero();
        }
        CliRun.Result a = bounded("analyze", 60, 768, () -> runAnalyze(f));
        assertThat(a.exitCode()).isZero();
        var d = bounded("dump -v -e", 60, 768, () -> dump(List.of("-n", "-v", "-e", "-r", p), new byte[0]));
        assertThat(d.err).doesNotContain("Exception").doesNotContain("internal error");
        assertThat(d.exit).isZero();
        assertThat(d.out.lines().filter(l -> !l.startsWith(" ") && !l.startsWith("\t")).count()).isEqualTo(packets);
    }

    static CliRun.Result runAnalyze(Path f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = io.tcplens.cli.AnalyzeCommand.run(f.toString(), List.of(), out);
        return new CliRun.Result(rc, out.toString(StandardCharsets.UTF_8), "");
    }

    record Dump(int exit, String out, String err) { }

    static Dump dump(List<String> args, byte[] stdin) { return dumpStream(args, new ByteArrayInputStream(stdin)); }

    static Dump dumpStream(List<String> args, InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = DumpCommand.execute(args, in, out, err, ZoneId.of("UTC"));
        return new Dump(rc, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8));
    }

    interface Body<T> { T run() throws Exception; }

    /**
     * Runs {@code body} within {@code seconds}, and checks that the heap it needed stays under
     * {@code maxMb} (the peak of the heap pools during the run, after a collection before it).
     */
    static <T> T bounded(String what, int seconds, int maxMb, Body<T> body) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(m -> m.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        T result = assertTimeoutPreemptively(Duration.ofSeconds(seconds), body::run, what + " took more than " + seconds + " s");
        long peak = heap.stream().mapToLong(m -> m.getPeakUsage().getUsed()).sum();
        System.out.printf("[hostile] %s: %.2f s, peak heap %d MB%n", what, (System.nanoTime() - t0) / 1e9, peak >> 20);
        assertThat(peak >> 20).as(what + ": peak heap in MB").isLessThan(maxMb);
        return result;
    }

    // ------------------------------------------------------------------ building captures

    /** An input stream of {@code n} zero bytes that counts what was read (no 100 MB array). */
    static final class CountingZeros extends InputStream {
        private final long n;
        long read;
        CountingZeros(long n) { this.n = n; }
        @Override public int read() { if (read >= n) return -1; read++; return 0; }
        @Override public int read(byte[] b, int off, int len) {
            if (read >= n) return -1;
            int k = (int) Math.min(len, n - read);
            java.util.Arrays.fill(b, off, off + k, (byte) 0);
            read += k;
            return k;
        }
    }

    /** A TCP conversation 10.0.0.1:port → 10.0.0.2:80 with handshake, data in 1,448-byte segments, close. */
    static final class Conversation {
        final List<byte[]> frames = new ArrayList<>();
        final int port;
        long cseq = 1000, sseq = 5000;
        Conversation(int port) {
            this.port = port;
            frames.add(eth4(tcp(port, 80, cseq, 0, 0x02, new byte[] {2, 4, 5, (byte) 0xB4}, new byte[0])));
            frames.add(eth4r(tcp(80, port, sseq, cseq + 1, 0x12, new byte[] {2, 4, 5, (byte) 0xB4}, new byte[0])));
            cseq++;
            sseq++;
            frames.add(eth4(tcp(port, 80, cseq, sseq, 0x10, new byte[0], new byte[0])));
        }
        void client(byte[] data) {
            for (int o = 0; o < data.length; o += 1448) {
                byte[] seg = java.util.Arrays.copyOfRange(data, o, Math.min(data.length, o + 1448));
                frames.add(eth4(tcp(port, 80, cseq, sseq, 0x18, new byte[0], seg)));
                cseq += seg.length;
            }
        }
        void server(byte[] data) {
            for (int o = 0; o < data.length; o += 1448) {
                byte[] seg = java.util.Arrays.copyOfRange(data, o, Math.min(data.length, o + 1448));
                frames.add(eth4r(tcp(80, port, sseq, cseq, 0x18, new byte[0], seg)));
                sseq += seg.length;
            }
        }
        void close() {
            frames.add(eth4(tcp(port, 80, cseq, sseq, 0x11, new byte[0], new byte[0])));
            frames.add(eth4r(tcp(80, port, sseq, cseq + 1, 0x11, new byte[0], new byte[0])));
            frames.add(eth4(tcp(port, 80, cseq + 1, sseq + 1, 0x10, new byte[0], new byte[0])));
        }
    }

    static byte[] tcp(int sport, int dport, long seq, long ack, int flags, byte[] options, byte[] payload) {
        int hl = 20 + ((options.length + 3) & ~3);
        ByteBuffer b = ByteBuffer.allocate(hl + payload.length);
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack);
        b.put((byte) ((hl / 4) << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        b.put(options);
        b.position(hl);
        b.put(payload);
        return b.array();
    }

    static final byte[] MAC_A = {0, 1, 2, 3, 4, 5}, MAC_B = {0, 1, 2, 3, 4, 6};

    static byte[] eth4(byte[] tcp) { return eth4(tcp, new byte[] {10, 0, 0, 1}, new byte[] {10, 0, 0, 2}, MAC_A, MAC_B); }

    static byte[] eth4r(byte[] tcp) { return eth4(tcp, new byte[] {10, 0, 0, 2}, new byte[] {10, 0, 0, 1}, MAC_B, MAC_A); }

    static byte[] eth4(byte[] tcp, byte[] src, byte[] dst, byte[] smac, byte[] dmac) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + tcp.length);
        b.put(dmac).put(smac).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcp.length)).putShort((short) 1).putShort((short) 0x4000);
        b.put((byte) 64).put((byte) 6).putShort((short) 0).put(src).put(dst);
        b.put(tcp);
        return b.array();
    }

    static byte[] eth6(int first, byte[] ext, byte[] tcp) {
        ByteBuffer b = ByteBuffer.allocate(14 + 40 + ext.length + tcp.length);
        b.put(MAC_B).put(MAC_A).putShort((short) 0x86DD);
        b.putInt(0x6000_0000).putShort((short) Math.min(0xFFFF, ext.length + tcp.length));
        b.put((byte) first).put((byte) 64);
        byte[] a = new byte[16];
        a[0] = 0x20; a[1] = 0x01; a[2] = 0x0d; a[3] = (byte) 0xb8; a[15] = 1;
        b.put(a);
        a[15] = 2;
        b.put(a);
        b.put(ext).put(tcp);
        return b.array();
    }

    static byte[] pcapHeader(int linkType) {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(linkType)
                .array();
    }

    static byte[] record(long sec, long caplen, long len) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) sec).putInt(0).putInt((int) caplen).putInt((int) len).array();
    }

    static Path pcap(String name, List<byte[]> frames, int linkType) throws IOException {
        long[] secs = new long[frames.size()];
        for (int i = 0; i < secs.length; i++) secs[i] = 1_700_000_000L + i;
        return pcap(name, frames, linkType, secs);
    }

    static Path pcap(String name, List<byte[]> frames, int ignored, long[] secs) throws IOException {
        Path f = dir.resolve(name);
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(f))) {
            out.write(pcapHeader(1));
            for (int i = 0; i < frames.size(); i++) {
                out.write(record(secs[i], frames.get(i).length, frames.get(i).length));
                out.write(frames.get(i));
            }
        }
        return f;
    }
}
