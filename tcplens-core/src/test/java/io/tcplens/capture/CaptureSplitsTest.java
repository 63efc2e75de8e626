package io.tcplens.capture;

import io.tcplens.capture.SplitRuns.Rec;
import io.tcplens.capture.SplitRuns.Sequential;
import io.tcplens.capture.SplitRuns.Split;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static io.tcplens.capture.SplitRuns.assertPlanConsistent;
import static io.tcplens.capture.SplitRuns.assertSameFrames;
import static io.tcplens.capture.SplitRuns.assertSplitsMatchSequential;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CaptureSplits}: a capture cut into byte ranges read independently yields exactly what the
 * single-machine reader yields (records, order, bytes, timestamps, link types, frame numbers, warnings,
 * and the stop at damage), whatever the payloads look like and wherever the cuts fall.
 */
class CaptureSplitsTest {
    static final long[] SIZES = {64, 100, 333, 4096};

    @TempDir Path tmp;

    Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    // ------------------------------------------------------------------------------ bundled captures

    static Stream<Arguments> bundled() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Path f : TestPaths.capturesUnder(TestPaths.captures())) {
            if (f.toString().endsWith(".gz")) continue;   // gzip is one whole-file split: below
            for (long size : SIZES) out.add(Arguments.of(f.getFileName().toString(), size));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} at {1}-byte splits")
    @MethodSource("bundled")
    void everyBundledCaptureSplitsAsTheSequentialReaderReadsIt(String name, long size) throws IOException {
        Path f = TestPaths.captures().resolve(name);
        Split sp = assertSplitsMatchSequential(f, size);
        if (Files.size(f) >= 2 * size) {
            assertThat(sp.splits()).as("a file of two splits or more is cut").hasSizeGreaterThan(1)
                    .allSatisfy(s -> assertThat(s.wholeFile()).isFalse());
        }
    }

    @Test
    void theBundledCapturesAreManyAndMostAreCut() throws IOException {
        List<Path> all = TestPaths.capturesUnder(TestPaths.captures());
        assertThat(all).hasSizeGreaterThan(50);
        long cut = all.stream().filter(f -> CaptureSplits.plan(f.toString(), 0, 64).size() > 1).count();
        assertThat(cut).isGreaterThan(all.size() - 6);
    }

    @Test
    void allBundledCapturesAtOnceAreTheMerge() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path f : TestPaths.capturesUnder(TestPaths.captures())) {
            if (!f.toString().endsWith(".gz") && SplitRuns.monotonic(SplitRuns.sequential(f).frames())) files.add(f);
        }
        assertThat(files).hasSizeGreaterThan(40);
        Split sp = SplitRuns.assertSplitsMatchMerge(files, 333, new Random(7));
        assertThat(sp.plan().needsGlobalSort()).as("bundled captures overlap in time").isTrue();
    }

    @Test
    void aGzipCaptureIsOneWholeFileSplit() throws Exception {
        Path src = TestPaths.captures().resolve("lab-seed-keepalive.pcap");
        Path gz = tmp.resolve("lab-seed-keepalive.pcap.gz");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(gz))) {
            os.write(Files.readAllBytes(src));
        }
        Split sp = assertSplitsMatchSequential(gz, 64);
        assertThat(sp.splits()).singleElement().satisfies(s -> assertThat(s.wholeFile()).isTrue());
        assertThat(sp.frames()).hasSize(SplitRuns.sequential(src).frames().size()).isNotEmpty();
    }

    // ------------------------------------------------------------------- payloads that look like records

    /**
     * {@code len} bytes of fake pcap records (a header, a few bytes), the last one filling the rest: a
     * header chain with consistent lengths and close timestamps that runs on into the real record after
     * the payload, what a naive resynchronisation locks onto.
     */
    static byte[] fakePcapChain(ByteOrder order, int hdr, boolean nanos, long sec, int len, Random rnd) {
        ByteBuffer b = ByteBuffer.allocate(len).order(order);
        int rem = len;
        while (rem >= 2 * hdr + 24) {
            int c = rnd.nextInt(25);
            fakePcapHeader(b, hdr, nanos, sec + rnd.nextInt(3), c, c + rnd.nextInt(60) + 1, rnd);
            b.put(CaptureBytes.payload(c, rnd.nextInt()));
            rem -= hdr + c;
        }
        fakePcapHeader(b, hdr, nanos, sec, rem - hdr, rem - hdr + 4, rnd);
        b.put(CaptureBytes.payload(rem - hdr, 3));
        return b.array();
    }

    static void fakePcapHeader(ByteBuffer b, int hdr, boolean nanos, long sec, int caplen, int wire, Random rnd) {
        b.putInt((int) sec).putInt(rnd.nextInt(nanos ? 1_000_000_000 : 1_000_000)).putInt(caplen).putInt(wire);
        if (hdr == 24) b.putInt(1).putShort((short) 0x0800).put((byte) 0).put((byte) 0);
    }

    /** {@code n} consecutive 16-byte headers of empty records, one second apart: the shortest fake chain. */
    static byte[] fakeEmptyHeaders(ByteOrder order, long sec, int n) {
        ByteBuffer b = ByteBuffer.allocate(n * 16).order(order);
        for (int i = 0; i < n; i++) b.putInt((int) (sec + i)).putInt(i).putInt(0).putInt(60);
        return b.array();
    }

    /** A pcap (16- or 24-byte record headers) whose payloads are fake record chains; the record offsets in {@code offsets}. */
    static byte[] pcapWithFakeChains(ByteOrder order, boolean nanos, int hdr, int records, Set<Long> offsets) {
        Random rnd = new Random(hdr * 31L + records + (nanos ? 1 : 0) + (order == ByteOrder.BIG_ENDIAN ? 2 : 0));
        CaptureBytes c = new CaptureBytes(order);
        int magic = hdr == 24 ? 0xA1B2CD34 : nanos ? 0xA1B23C4D : 0xA1B2C3D4;
        c.u32(magic).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1);
        long sec = 1_700_000_000L;
        for (int i = 0; i < records; i++) {
            offsets.add((long) c.size());
            byte[] data = switch (i % 5) {
                case 0, 1, 2 -> fakePcapChain(order, hdr, nanos, sec, 200 + rnd.nextInt(1300), rnd);
                case 3 -> fakeEmptyHeaders(order, sec, 10 + rnd.nextInt(60));
                default -> CaptureBytes.payload(rnd.nextInt(80), i);
            };
            c.u32((int) sec).u32(rnd.nextInt(nanos ? 1_000_000_000 : 1_000_000)).u32(data.length).u32(data.length + rnd.nextInt(2));
            if (hdr == 24) c.u32(2).u16(0x86DD).raw(new byte[] {4, 0});
            c.raw(data);
            sec += rnd.nextInt(2);
        }
        return c.bytes();
    }

    @ParameterizedTest(name = "{0}-endian, nanoseconds={1}, {2}-byte record headers")
    @CsvSource({"LITTLE,false,16", "BIG,false,16", "LITTLE,true,16", "BIG,true,16", "LITTLE,false,24", "BIG,false,24"})
    void pcapPayloadsFullOfChainingFakeHeadersFoolTheResyncButNotThePlan(String endian, boolean nanos, int hdr) throws Exception {
        ByteOrder order = endian.equals("BIG") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Set<Long> offsets = new HashSet<>();
        Path f = write("fake.pcap", pcapWithFakeChains(order, nanos, hdr, 150, offsets));
        Sequential seq = SplitRuns.sequential(f);
        assertThat(seq.frames()).hasSize(150);
        assertThat(seq.problem()).isNull();
        assertThat(seq.frames()).extracting(Rec::offset).containsExactlyInAnyOrderElementsOf(offsets);
        for (long size : SIZES) {
            Split sp = assertSplitsMatchSequential(f, size);
            long fooled = sp.scans().stream().filter(s -> SplitRuns.fooled(s, offsets)).count();
            assertThat(fooled).as("first-pass scans at %d-byte splits that locked onto a fake header", size).isPositive();
        }
    }

    @Test
    void realPcapRecordsTheResyncFindsImplausibleAreStillCountedOnce() throws Exception {
        // caplen > wire length, wire length 0, out-of-range fractions, caplen beyond the snaplen: all read
        // by the reader, none a resynchronisation point.
        CaptureBytes c = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 60, 1);
        for (int i = 0; i < 120; i++) {
            byte[] data = CaptureBytes.payload(10 + i % 90, i);
            switch (i % 4) {
                case 0 -> c.record(100 + i, 5, data, data.length / 2);
                case 1 -> c.record(100 + i, 5, data, 0);
                case 2 -> c.record(100 + i, 3_000_000 + i, data, data.length);
                default -> c.record(100 + i + 200_000L * i, 1, data, data.length);   // a day and more apart
            }
        }
        Path f = write("odd.pcap", c.bytes());
        for (long size : SIZES) assertSplitsMatchSequential(f, size);
        assertThat(SplitRuns.sequential(f).frames()).hasSize(120)
                .anySatisfy(r -> assertThat(r.caplen()).isGreaterThan(60))   // whole records kept
                .anySatisfy(r -> assertThat(r.rawDigits()).isEqualTo(6));   // and an out-of-range fraction as the file has it
    }

    // ------------------------------------------------------------------------------------------ pcapng

    static ByteBuffer body(ByteOrder order, int n) { return ByteBuffer.allocate(n).order(order); }

    static byte[] bytes(ByteBuffer b) { return Arrays.copyOf(b.array(), b.position()); }

    /** An option: code, length, value padded to 4. */
    static void option(ByteBuffer b, int code, byte[] value) {
        b.putShort((short) code).putShort((short) value.length).put(value).put(new byte[(4 - value.length % 4) % 4]);
    }

    static CaptureBytes shb(CaptureBytes c, ByteOrder order) {
        ByteBuffer b = body(order, 64).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
        option(b, 4, "tcplens test".getBytes(StandardCharsets.US_ASCII));
        b.putInt(0);
        return c.rawBlock(0x0A0D0D0A, bytes(b));
    }

    static CaptureBytes idb(CaptureBytes c, ByteOrder order, int link, int snaplen, int tsresol) {
        return idb(c, order, link, snaplen, tsresol, 0);
    }

    /** An interface; {@code tsresol} < 0: no if_tsresol option; {@code tsoffset} 0: no if_tsoffset option. */
    static CaptureBytes idb(CaptureBytes c, ByteOrder order, int link, int snaplen, int tsresol, long tsoffset) {
        ByteBuffer b = body(order, 64).putShort((short) link).putShort((short) 0).putInt(snaplen);
        option(b, 2, "eth0".getBytes(StandardCharsets.US_ASCII));
        if (tsresol >= 0) option(b, 9, new byte[] {(byte) tsresol});
        if (tsoffset != 0) option(b, 14, ByteBuffer.allocate(8).order(order).putLong(tsoffset).array());
        b.putInt(0);
        return c.rawBlock(1, bytes(b));
    }

    static CaptureBytes epb(CaptureBytes c, ByteOrder order, int iface, long ts, byte[] data, int wire, byte[] comment) {
        ByteBuffer b = body(order, data.length + 64 + (comment == null ? 0 : comment.length));
        b.putInt(iface).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length).putInt(wire);
        b.put(data).put(new byte[(4 - data.length % 4) % 4]);
        if (comment != null) {
            option(b, 1, comment);
            b.putInt(0);
        }
        return c.rawBlock(6, bytes(b));
    }

    static CaptureBytes opb(CaptureBytes c, ByteOrder order, int iface, long ts, byte[] data, int wire) {
        ByteBuffer b = body(order, data.length + 32);
        b.putShort((short) iface).putShort((short) 0).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length).putInt(wire);
        b.put(data);
        return c.rawBlock(2, bytes(b));
    }

    static CaptureBytes spb(CaptureBytes c, ByteOrder order, byte[] data, int wire) {
        return c.rawBlock(3, bytes(body(order, data.length + 4).putInt(wire).put(data)));
    }

    static CaptureBytes nrb(CaptureBytes c, ByteOrder order) {
        ByteBuffer b = body(order, 64);
        b.putShort((short) 1).putShort((short) 12).put(new byte[] {10, 0, 0, 1}).put("a.example".getBytes(StandardCharsets.US_ASCII))
                .put(new byte[] {0, 0, 0, 0});
        b.putShort((short) 0).putShort((short) 0);
        return c.rawBlock(4, bytes(b));
    }

    static CaptureBytes isb(CaptureBytes c, ByteOrder order, int iface, long ts) {
        ByteBuffer b = body(order, 64).putInt(iface).putInt((int) (ts >>> 32)).putInt((int) ts);
        option(b, 4, new byte[] {1, 0, 0, 0, 0, 0, 0, 0});   // isb_ifrecv
        b.putInt(0);
        return c.rawBlock(5, bytes(b));
    }

    static CaptureBytes custom(CaptureBytes c, ByteOrder order, boolean copyable, int n, int seed) {
        return c.rawBlock(copyable ? 0x00000BAD : 0x40000BAD, bytes(body(order, n + 4).putInt(32473).put(CaptureBytes.payload(n, seed))));
    }

    /**
     * {@code len} (a multiple of 4, at least 32) bytes of fake enhanced packet blocks, both lengths
     * right, the last one filling the rest: a block chain that runs on into the real block after the
     * payload.
     */
    static byte[] fakeBlockChain(ByteOrder order, long ts, int len, Random rnd) {
        ByteBuffer b = ByteBuffer.allocate(len).order(order);
        int rem = len;
        while (rem >= 32 + 32 + 16) {
            int cap = rnd.nextInt(4) * 4;
            fakeEpb(b, ts + rnd.nextInt(1000), cap);
            rem -= 32 + cap;
        }
        fakeEpb(b, ts, rem - 32);
        return b.array();
    }

    static void fakeEpb(ByteBuffer b, long ts, int cap) {
        b.putInt(6).putInt(32 + cap).putInt(0).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(cap).putInt(cap + 2);
        b.put(CaptureBytes.payload(cap, cap)).putInt(32 + cap);
    }

    /**
     * One section, three interfaces of different link types and time resolutions declared up front,
     * then every kind of block: enhanced (with and without options, empty, larger than the resync's
     * window), simple and obsolete packet blocks, name resolution, statistics, custom, decryption
     * secrets and unknown blocks, big ones spanning many splits, and payloads that are fake block chains.
     */
    static byte[] pcapngOfEveryBlock(ByteOrder order, Set<Long> blocks) {
        return pcapngOfEveryBlock(order, 160, true, blocks);
    }

    /** The same with {@code n} blocks after the interfaces, the big ones (5000, 70000 bytes) only when {@code big}. */
    static byte[] pcapngOfEveryBlock(ByteOrder order, int n, boolean big, Set<Long> blocks) {
        Random rnd = new Random(order == ByteOrder.BIG_ENDIAN ? 11 : 12);
        CaptureBytes c = new CaptureBytes(order);
        shb(c, order);
        idb(c, order, LinkType.ETHERNET, 65535, -1);
        nrb(c, order);
        idb(c, order, LinkType.LINUX_SLL, 262144, 9, -86_400 * 400);
        custom(c, order, true, 300, 1);
        idb(c, order, LinkType.RAW, 60, 0x80 | 10);
        long us = 1_700_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            blocks.add((long) c.size());
            int iface = i % 3;
            long ts = iface == 0 ? us : iface == 1 ? us * 1000 + i : (us / 1_000_000) << 10;
            us += rnd.nextInt(3_000_000) - 500_000;   // times go back now and then
            switch (i % 16) {
                case 0, 1, 2, 3 -> epb(c, order, iface, ts, fakeBlockChain(order, ts, 32 + 4 * rnd.nextInt(350), rnd), 1500, null);
                case 4 -> epb(c, order, iface, ts, CaptureBytes.payload(rnd.nextInt(200), i), 1514, "a comment".getBytes(StandardCharsets.US_ASCII));
                case 5 -> epb(c, order, iface, ts, new byte[0], 0, null);
                case 6 -> spb(c, order, CaptureBytes.payload(20 + rnd.nextInt(100), i), 90);
                case 7 -> opb(c, order, iface, ts, CaptureBytes.payload(rnd.nextInt(120), i), 120);
                case 8 -> nrb(c, order);
                case 9 -> isb(c, order, iface, ts);
                case 10 -> custom(c, order, i % 2 == 0, rnd.nextInt(big ? 5000 : 200), i);
                case 11 -> c.rawBlock(10, bytes(body(order, 64).putInt(0x544c534b).putInt(8).putLong(42)));   // decryption secrets
                case 12 -> c.rawBlock(0x0000_7777, CaptureBytes.payload(rnd.nextInt(64), i));   // a type no one knows
                case 13 -> epb(c, order, iface, ts, i == 13 && big ? CaptureBytes.payload(70_000, i) : CaptureBytes.payload(1, i), 70_000, null);
                default -> epb(c, order, iface, ts, CaptureBytes.payload(rnd.nextInt(1600), i), 1600, null);
            }
        }
        return c.bytes();
    }

    @ParameterizedTest(name = "{0}-endian")
    @CsvSource({"LITTLE", "BIG"})
    void pcapngInterfacesOfDifferentLinkTypesAndEveryKindOfBlockAcrossSplitBoundaries(String endian) throws Exception {
        ByteOrder order = endian.equals("BIG") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Set<Long> blocks = new HashSet<>();
        Path f = write("every.pcapng", pcapngOfEveryBlock(order, blocks));
        Sequential seq = SplitRuns.sequential(f);
        assertThat(seq.problem()).isNull();
        assertThat(seq.frames()).extracting(Rec::linkType).contains(LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.RAW);
        assertThat(seq.frames()).hasSize(160 / 16 * 11);
        for (long size : SIZES) {
            Split sp = assertSplitsMatchSequential(f, size);
            assertThat(sp.plan().splits()).as("read by many tasks, not as one whole file")
                    .hasSizeGreaterThan(5).noneSatisfy(p -> assertThat(p.split().wholeFile()).isTrue());
            assertThat(sp.scans().stream().filter(s -> SplitRuns.fooled(s, blocks)).count())
                    .as("scans fooled by a fake block chain at %d-byte splits", size).isPositive();
        }
    }

    @Test
    void pcapngBlocksLargerThanTheReadersWindowSpanManySplits() throws Exception {
        ByteOrder o = ByteOrder.LITTLE_ENDIAN;
        CaptureBytes c = new CaptureBytes(o);
        shb(c, o);
        idb(c, o, LinkType.ETHERNET, 65535, -1);
        Random rnd = new Random(9);
        for (int i = 0; i < 30; i++) {
            byte[] data = switch (i % 10) {
                case 3 -> fakeBlockChain(o, i, 3_000_000, rnd);              // 3 MB of fake blocks, more than the 1 MiB window
                case 7 -> CaptureBytes.payload(1_200_000 + i, i);
                default -> CaptureBytes.payload(rnd.nextInt(3000), i);
            };
            epb(c, o, 0, 1_000_000L * i, data, data.length, null);
            if (i == 5) custom(c, o, true, 2_000_000, 5);
        }
        Path f = write("big-blocks.pcapng", c.bytes());
        assertThat(SplitRuns.sequential(f).frames()).hasSize(30);
        for (long size : new long[] {65_536, 100_000, 1 << 20}) assertSplitsMatchSequential(f, size);
    }

    @Test
    void pcapngSectionsAndInterfacesAfterTheFirstPacketMakeOneWholeFileSplit() throws Exception {
        CaptureBytes le = new CaptureBytes(ByteOrder.LITTLE_ENDIAN);
        shb(le, ByteOrder.LITTLE_ENDIAN);
        idb(le, ByteOrder.LITTLE_ENDIAN, LinkType.ETHERNET, 65535, -1);
        for (int i = 0; i < 40; i++) epb(le, ByteOrder.LITTLE_ENDIAN, 0, 1_000_000L * i, CaptureBytes.payload(60 + i, i), 90, null);
        // an interface declared late in the first section, then a second, big-endian section with two more
        long late = le.size();
        idb(le, ByteOrder.LITTLE_ENDIAN, LinkType.RAW, 1500, 9);
        for (int i = 0; i < 20; i++) epb(le, ByteOrder.LITTLE_ENDIAN, i % 2, 5_000_000_000L * i, CaptureBytes.payload(30, i), 30, null);
        CaptureBytes be = new CaptureBytes(ByteOrder.BIG_ENDIAN);
        shb(be, ByteOrder.BIG_ENDIAN);
        idb(be, ByteOrder.BIG_ENDIAN, LinkType.LINUX_SLL, 262144, 9);
        idb(be, ByteOrder.BIG_ENDIAN, LinkType.IPV6, 100, -1);
        for (int i = 0; i < 40; i++) epb(be, ByteOrder.BIG_ENDIAN, i % 2, 2_000_000_000_000_000_000L + i, CaptureBytes.payload(50, i), 50, null);
        byte[] file = concat(le.bytes(), be.bytes());
        Path f = write("sections.pcapng", file);
        assertThat(SplitRuns.sequential(f).frames()).extracting(Rec::linkType)
                .contains(LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL, LinkType.IPV6);
        for (long size : SIZES) {
            Split sp = assertSplitsMatchSequential(f, size);
            CaptureSplit last = sp.splits().get(sp.splits().size() - 1);
            if (late < last.start()) {
                assertThat(sp.plan().splits()).singleElement().satisfies(p -> assertThat(p.split().wholeFile()).isTrue());
            } else {
                // the late blocks are in the last split, whose reader reads them itself: the file stays cut
                assertThat(size).isEqualTo(4096);
                assertThat(sp.plan().splits()).hasSize(2);
            }
        }
        // the late blocks only in the last split that owns frames: the file stays cut
        CaptureBytes tail = new CaptureBytes(ByteOrder.LITTLE_ENDIAN);
        shb(tail, ByteOrder.LITTLE_ENDIAN);
        idb(tail, ByteOrder.LITTLE_ENDIAN, LinkType.ETHERNET, 65535, -1);
        for (int i = 0; i < 40; i++) epb(tail, ByteOrder.LITTLE_ENDIAN, 0, 1_000_000L * i, CaptureBytes.payload(60 + i, i), 90, null);
        idb(tail, ByteOrder.LITTLE_ENDIAN, LinkType.RAW, 1500, 9);
        epb(tail, ByteOrder.LITTLE_ENDIAN, 1, 77, CaptureBytes.payload(8, 1), 8, null);
        Path t = write("late-at-end.pcapng", tail.bytes());
        Split sp = assertSplitsMatchSequential(t, 100);
        assertThat(sp.plan().splits()).hasSizeGreaterThan(5);
    }

    @Test
    void pcapngSectionsAllBeforeTheFirstPacketAreReadByEverySplit() throws Exception {
        ByteOrder o = ByteOrder.LITTLE_ENDIAN;
        CaptureBytes c = new CaptureBytes(o);
        shb(c, o);
        idb(c, o, LinkType.ETHERNET, 65535, -1);
        nrb(c, o);
        byte[] first = c.bytes();
        CaptureBytes d = new CaptureBytes(ByteOrder.BIG_ENDIAN);
        shb(d, ByteOrder.BIG_ENDIAN);
        idb(d, ByteOrder.BIG_ENDIAN, LinkType.LINUX_SLL2, 262144, 6);
        idb(d, ByteOrder.BIG_ENDIAN, LinkType.NULL, 65535, 9);
        custom(d, ByteOrder.BIG_ENDIAN, true, 500, 4);
        for (int i = 0; i < 80; i++) {
            epb(d, ByteOrder.BIG_ENDIAN, i % 2, 1_700_000_000_000_000L + 1000L * i, CaptureBytes.payload(40 + i, i), 200, null);
        }
        Path f = write("two-sections.pcapng", concat(first, d.bytes()));
        assertThat(SplitRuns.sequential(f).frames()).hasSize(80).extracting(Rec::linkType).containsOnly(LinkType.LINUX_SLL2, LinkType.NULL);
        for (long size : SIZES) {
            Split sp = assertSplitsMatchSequential(f, size);
            assertThat(sp.plan().splits()).hasSizeGreaterThan(1).noneSatisfy(p -> assertThat(p.split().wholeFile()).isTrue());
        }
    }

    @Test
    void pcapngWarningsAreTheSequentialReadersOnceEachAndNoneFromPastTheDamage() throws Exception {
        ByteOrder o = ByteOrder.LITTLE_ENDIAN;
        // the first section header's trailing length is off (every split's reader reads it), and a
        // packet block far in the file has an option running past it
        CaptureBytes c = new CaptureBytes(o);
        c.block(0x0A0D0D0A, b -> b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L), 4);
        idb(c, o, LinkType.ETHERNET, 65535, -1);
        for (int i = 0; i < 60; i++) {
            if (i == 30 || i == 45) {
                c.block(6, b -> {
                    b.putInt(0).putInt(0).putInt(7).putInt(4).putInt(4).put(new byte[] {1, 2, 3, 4});
                    b.putShort((short) 1).putShort((short) 0x7FF0).putInt(0);
                });
            } else {
                epb(c, o, 0, 1000L * i, CaptureBytes.payload(50, i), 50, null);
            }
        }
        byte[] clean = c.bytes();
        Path f = write("warned.pcapng", clean);
        Sequential seq = SplitRuns.sequential(f);
        assertThat(seq.warnings()).hasSize(2);
        assertThat(seq.problem()).isNull();
        for (long size : SIZES) assertSplitsMatchSequential(f, size);

        // damage before the second warning's block: only the head's warning is said
        int damageAt = (int) seq.frames().get(20).offset();
        byte[] damaged = clean.clone();
        ByteBuffer.wrap(damaged).order(o).putInt(damageAt + 4, 13);   // an invalid block length
        Path g = write("warned-damaged.pcapng", damaged);
        Sequential dseq = SplitRuns.sequential(g);
        assertThat(dseq.problem()).isNotNull();
        assertThat(dseq.warnings()).hasSize(1);
        for (long size : SIZES) assertSplitsMatchSequential(g, size);
    }

    // ---------------------------------------------------------------------------- truncation, garbage

    /** A plain pcap of {@code n} records of varied sizes. */
    static CaptureBytes pcap(int n, long firstSecond) {
        CaptureBytes c = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, 1);
        for (int i = 0; i < n; i++) c.record(firstSecond + i, i * 1000, CaptureBytes.payload(20 + (i * 37) % 140, i), 1514);
        return c;
    }

    /** Records at seconds {@code from}..{@code to} (fraction 0), {@code step} apart. */
    static CaptureBytes pcapAt(long from, long to, long step) {
        CaptureBytes c = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, 1);
        for (long t = from; t <= to; t += step) c.record(t, 0, CaptureBytes.payload(60, (int) t), 60);
        return c;
    }

    @Test
    void aPcapCutMidRecordYieldsWhatTheSequentialReaderYieldsAndTheSameProblem() throws Exception {
        byte[] whole = pcap(60, 1000).bytes();
        List<Rec> frames = SplitRuns.sequential(write("whole.pcap", whole)).frames();
        List<Integer> cuts = new ArrayList<>();
        for (int r : new int[] {5, 17, 33, 58, 59}) {
            int at = (int) frames.get(r).offset();
            int next = r + 1 < frames.size() ? (int) frames.get(r + 1).offset() : whole.length;
            for (int d : new int[] {0, 1, 8, 15, 16, 17, 30}) cuts.add(at + d);
            cuts.add(next - 1);
        }
        int problems = 0;
        for (int cut : cuts) {
            Path f = write("cut-" + cut + ".pcap", Arrays.copyOf(whole, cut));
            Sequential seq = SplitRuns.sequential(f);
            if (seq.problem() != null) problems++;
            for (long size : new long[] {64, 100, 333}) assertSplitsMatchSequential(f, size);
        }
        assertThat(problems).as("cuts that are not at a record boundary").isEqualTo(cuts.size() - 5);
    }

    @Test
    void aPcapngCutMidBlockYieldsWhatTheSequentialReaderYieldsAndTheSameProblem() throws Exception {
        byte[] whole = pcapngOfEveryBlock(ByteOrder.LITTLE_ENDIAN, 100, false, new HashSet<>());
        List<Rec> frames = SplitRuns.sequential(write("whole.pcapng", whole)).frames();
        int problems = 0;
        List<Integer> cuts = new ArrayList<>();
        for (int r : new int[] {3, 40, 57, frames.size() - 1}) {
            int at = (int) frames.get(r).offset();
            for (int d : new int[] {0, 2, 4, 11, 12, 30, 31}) cuts.add(at + d);
        }
        for (int cut : cuts) {
            Path f = write("cut-" + cut + ".pcapng", Arrays.copyOf(whole, cut));
            Sequential seq = SplitRuns.sequential(f);
            if (seq.problem() != null) problems++;
            for (long size : new long[] {64, 333}) assertSplitsMatchSequential(f, size);
        }
        assertThat(problems).isEqualTo(cuts.size() - 4);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] insert(byte[] file, int at, byte[] garbage) {
        return concat(Arrays.copyOf(file, at), garbage, Arrays.copyOfRange(file, at, file.length));
    }

    @Test
    void garbageInTheMiddleOfAPcapStopsTheSplitsWhereItStopsTheSequentialReader() throws Exception {
        byte[] whole = pcap(80, 5000).bytes();
        List<Rec> frames = SplitRuns.sequential(write("whole.pcap", whole)).frames();
        int at = (int) frames.get(40).offset();
        Random rnd = new Random(3);
        byte[] random = new byte[57];
        rnd.nextBytes(random);
        byte[] ff = new byte[40];
        Arrays.fill(ff, (byte) 0xFF);
        // a plausible record header for 10 bytes: the reader reads a garbage record and goes on misaligned
        byte[] plausible = ByteBuffer.allocate(16 + 10 + 20).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(5040).putInt(1).putInt(10).putInt(10).put(new byte[10]).put(ff, 0, 20).array();
        List<byte[]> files = List.of(insert(whole, at, random), insert(whole, at, ff), insert(whole, at, plausible),
                insert(whole, at + 7, random), insert(whole, at, fakeEmptyHeaders(ByteOrder.LITTLE_ENDIAN, 5040, 12)));
        int stopped = 0;
        for (int i = 0; i < files.size(); i++) {
            Path f = write("garbage-" + i + ".pcap", files.get(i));
            Sequential seq = SplitRuns.sequential(f);
            if (seq.problem() != null) stopped++;
            for (long size : SIZES) assertSplitsMatchSequential(f, size);
        }
        assertThat(stopped).as("garbage files the sequential reader stops in").isGreaterThanOrEqualTo(3);
    }

    @Test
    void garbageInTheMiddleOfAPcapngStopsTheSplitsWhereItStopsTheSequentialReader() throws Exception {
        Set<Long> blocks = new HashSet<>();
        byte[] whole = pcapngOfEveryBlock(ByteOrder.LITTLE_ENDIAN, 100, false, blocks);
        long mid = blocks.stream().sorted().skip(70).findFirst().orElseThrow();
        byte[] random = new byte[64];
        new Random(5).nextBytes(random);
        byte[] badIface = epb(new CaptureBytes(ByteOrder.LITTLE_ENDIAN), ByteOrder.LITTLE_ENDIAN, 9, 0, new byte[8], 8, null).bytes();
        byte[] badTrailer = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).block(0xBAD, b -> b.putInt(1).putInt(2), 8).bytes();
        List<byte[]> files = List.of(insert(whole, (int) mid, random), insert(whole, (int) mid + 2, random),
                insert(whole, (int) mid, badIface), insert(whole, (int) mid, badTrailer));
        for (int i = 0; i < files.size(); i++) {
            Path f = write("garbage-" + i + ".pcapng", files.get(i));
            Sequential seq = SplitRuns.sequential(f);
            assertThat(seq.problem()).as("garbage %d stops the sequential reader", i).isNotNull();
            assertThat(seq.frames()).hasSizeGreaterThan(40);
            assertThat(seq.frames().size()).isLessThan(68);
            for (long size : SIZES) assertSplitsMatchSequential(f, size);
        }
    }

    // -------------------------------------------------------------------------- what is not a capture

    @Test
    void whatIsNotACaptureIsAProblemNeverAnException() throws Exception {
        List<Path> files = new ArrayList<>();
        files.add(write("text.txt", "hello, this is not a capture at all\n".repeat(40).getBytes(StandardCharsets.US_ASCII)));
        files.add(write("empty.pcap", new byte[0]));
        files.add(tmp.resolve("missing.pcap"));
        files.add(Files.createDirectory(tmp.resolve("a-directory.pcap")));
        files.add(write("short.pcap", new byte[] {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2}));
        files.add(write("header-cut.pcap", Arrays.copyOf(pcap(1, 1).bytes(), 20)));
        byte[] badVersion = pcap(30, 1).bytes();
        badVersion[4] = 7;
        files.add(write("version7.pcap", badVersion));
        files.add(write("pcap-then-text.pcap", concat(Arrays.copyOf(pcap(0, 1).bytes(), 24),
                "not records, just text ".repeat(30).getBytes(StandardCharsets.US_ASCII))));
        byte[] ng = pcapngOfEveryBlock(ByteOrder.LITTLE_ENDIAN, 40, false, new HashSet<>());
        byte[] badBom = ng.clone();
        badBom[8] = 0x55;
        files.add(write("bad-bom.pcapng", badBom));
        CaptureBytes noIface = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 10; i++) epb(noIface, ByteOrder.LITTLE_ENDIAN, 0, i, new byte[40], 40, null);
        files.add(write("no-interface.pcapng", noIface.bytes()));
        for (Path f : files) {
            Sequential seq = SplitRuns.sequential(f);
            assertThat(seq.problem()).as(f.getFileName().toString()).isNotNull();
            assertThat(seq.frames()).isEmpty();
            for (long size : new long[] {64, 100}) {
                Split sp = assertSplitsMatchSequential(f, size);
                assertThat(sp.plan().splits()).isEmpty();
                assertThat(sp.plan().problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith(f.toString() + ": "));
            }
        }
        assertThat(SplitRuns.sequential(tmp.resolve("missing.pcap")).problem().message()).endsWith("No such file or directory");
        assertThat(SplitRuns.sequential(tmp.resolve("empty.pcap")).problem().message()).contains("empty file");
    }

    @Test
    void capturesWithoutFramesPlanNothingAndReportNothing() throws Exception {
        ByteOrder o = ByteOrder.LITTLE_ENDIAN;
        CaptureBytes ng = new CaptureBytes(o);
        shb(ng, o);
        idb(ng, o, 1, 65535, -1);
        for (int i = 0; i < 30; i++) {
            nrb(ng, o);
            isb(ng, o, 0, i);
            custom(ng, o, false, 40, i);
        }
        List<Path> files = List.of(write("header-only.pcap", pcap(0, 1).bytes()), write("no-packets.pcapng", ng.bytes()),
                write("shb-only.pcapng", CaptureBytes.pcapng(o).bytes()));
        for (Path f : files) {
            for (long size : SIZES) {
                Split sp = assertSplitsMatchSequential(f, size);
                assertThat(sp.plan().splits()).isEmpty();
                assertThat(sp.plan().problems()).isEmpty();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void splitsScansAndPlansSurviveJavaSerialisationAsSparkShipsThem() throws Exception {
        // an empty first section whose header's trailing length is off (a warning), then a bundled
        // capture, cut short (a problem)
        byte[] lenient = new CaptureBytes(ByteOrder.LITTLE_ENDIAN)
                .block(0x0A0D0D0A, bb -> bb.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L), 8).bytes();
        byte[] whole = Files.readAllBytes(TestPaths.captures().resolve("dns_isp_hijack.pcapng"));
        Path f = write("shipped.pcapng", concat(lenient, Arrays.copyOf(whole, whole.length - 1000)));
        Sequential seq = SplitRuns.sequential(f);
        assertThat(seq.problem()).isNotNull();
        assertThat(seq.warnings()).hasSize(1);
        assertThat(seq.frames()).hasSizeGreaterThan(100);
        List<SplitScan> scans = new ArrayList<>();
        for (CaptureSplit s : CaptureSplits.plan(f.toString(), 0, 1000)) scans.add(roundTrip(CaptureSplits.scan(roundTrip(s))));
        SplitPlan plan = roundTrip(CaptureSplits.reconcile(scans));
        assertThat(plan).isEqualTo(CaptureSplits.reconcile(scans));
        List<Rec> frames = new ArrayList<>();
        for (PlannedSplit p : plan.splits()) {
            try (CaptureReader r = CaptureSplits.open(roundTrip(p))) {
                Frame fr = new Frame();
                while (r.next(fr)) frames.add(SplitRuns.rec(fr));
            }
        }
        assertSameFrames(frames, seq.frames(), "shipped");
        assertThat(plan.problems()).containsExactly(seq.problem());
        assertThat(plan.warnings()).isEqualTo(seq.warnings());
    }

    @Test
    void theApisOwnPreconditions() throws Exception {
        Path f = write("p.pcap", pcap(20, 1).bytes());
        assertThatThrownBy(() -> CaptureSplits.plan(f.toString(), 0, 63)).isInstanceOf(IllegalArgumentException.class);
        List<SplitScan> scans = new ArrayList<>(CaptureSplits.plan(f.toString(), 0, 64).stream().map(CaptureSplits::scan).toList());
        assertThat(scans).hasSizeGreaterThan(2);
        scans.remove(1);
        assertThatThrownBy(() -> CaptureSplits.reconcile(scans)).isInstanceOf(IllegalArgumentException.class);
        scans.add(scans.get(0));
        assertThatThrownBy(() -> CaptureSplits.reconcile(scans)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CaptureSplits.reconcile(List.of()).splits()).isEmpty();
    }

    // -------------------------------------------------------------------------------------- several files

    @Test
    void filesThatFollowEachOtherInTimeAreConcatenatedInTimeOrderWithGlobalNumbers() throws Exception {
        Path a = write("a.pcap", pcap(40, 1000).bytes());     // 1000..1039
        ByteOrder o = ByteOrder.BIG_ENDIAN;
        CaptureBytes ng = new CaptureBytes(o);
        shb(ng, o);
        idb(ng, o, LinkType.LINUX_SLL, 65535, -1);
        for (int i = 0; i < 30; i++) epb(ng, o, 0, (2000L + i) * 1_000_000L, CaptureBytes.payload(70, i), 70, null);
        Path b = write("b.pcapng", ng.bytes());                  // 2000..2029
        Path c = write("c.pcap", pcap(25, 3000).bytes());     // 3000..3024
        // named c, a, b: time order is not the file order
        Split sp = SplitRuns.assertSplitsMatchMerge(List.of(c, a, b), 100, new Random(1));
        assertThat(sp.plan().needsGlobalSort()).isFalse();
        assertThat(sp.plan().splits()).extracting(p -> p.split().fileIndex()).containsSubsequence(1, 2, 0);
        assertThat(sp.frames()).extracting(Rec::number).startsWith(1L, 2L).endsWith(95L);

        // touching: a's last time is b's first; a tie goes to the file named first
        Path a2 = write("a2.pcap", pcapAt(1000, 1040, 20).bytes());
        Path b2 = write("b2.pcap", pcapAt(1040, 1050, 1).bytes());
        assertThat(SplitRuns.assertSplitsMatchMerge(List.of(a2, b2), 64, null).plan().needsGlobalSort()).isFalse();
        assertThat(SplitRuns.assertSplitsMatchMerge(List.of(b2, a2), 64, null).plan().needsGlobalSort()).isTrue();
    }

    @Test
    void filesThatOverlapInTimeNeedAGlobalSortWhichIsTheMerge() throws Exception {
        Path a = write("a.pcap", pcap(50, 1000).bytes());
        Path b = write("b.pcap", pcap(50, 1020).bytes());
        Path empty = write("empty.pcap", pcap(0, 1).bytes());
        Path text = write("text.pcap", "no capture here ".repeat(20).getBytes(StandardCharsets.US_ASCII));
        byte[] cb = pcap(30, 990).bytes();
        Path cut = write("cut.pcap", Arrays.copyOf(cb, cb.length - 9));
        Split sp = SplitRuns.assertSplitsMatchMerge(List.of(a, empty, text, b, cut), 64, new Random(2));
        assertThat(sp.plan().needsGlobalSort()).isTrue();
        assertThat(sp.plan().problems()).extracting(FileProblem::file).containsExactly(text.toString(), cut.toString());
        assertThat(sp.plan().records()).isEqualTo(50 + 50 + 29);
        // the same file named twice is two files of the merge
        Split twice = SplitRuns.assertSplitsMatchMerge(List.of(b, a, b), 100, new Random(3));
        assertThat(twice.plan().records()).isEqualTo(150);
    }

    @Test
    void theComparisonsCanFail() throws Exception {
        // the comparison can fail: a frame dropped, or a byte changed, is seen
        Path f = write("p.pcap", pcap(30, 1).bytes());
        List<Rec> frames = SplitRuns.split(f, 64).frames();
        List<Rec> fewer = new ArrayList<>(frames);
        fewer.remove(17);
        assertThatThrownBy(() -> assertSameFrames(frames, fewer, "x")).isInstanceOf(AssertionError.class);
        List<Rec> changed = new ArrayList<>(frames);
        Rec r = changed.get(9);
        changed.set(9, new Rec(r.number(), r.offset(), r.seconds(), r.nanos(), 0, 0, r.linkType(), r.iface(), r.snaplen(),
                r.caplen(), r.wire(), "00" + r.data().substring(2)));
        assertThatThrownBy(() -> assertSameFrames(frames, changed, "x")).isInstanceOf(AssertionError.class);
        Split sp = SplitRuns.split(f, 64);
        assertThatThrownBy(() -> assertPlanConsistent(new Split(sp.splits(), sp.scans(), sp.plan(),
                List.of(sp.perSplit().get(0), sp.perSplit().get(0))), "x")).isInstanceOf(AssertionError.class);
    }
}
