package io.tcplens.capture;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaptureReaderTest {

    record Seen(long number, long sec, int nanos, int caplen, int wire, int link, byte first) {}

    static List<Seen> readAll(byte[] file) throws CaptureException {
        List<Seen> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open("mem", new ByteArrayInputStream(file))) {
            Frame f = new Frame();
            while (r.next(f)) {
                out.add(new Seen(f.number(), f.seconds(), f.nanos(), f.captureLength(), f.wireLength(),
                        f.linkType(), f.captureLength() > 0 ? f.buffer()[f.offset()] : 0));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "pcap bigEndian={0} nanos={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void classicPcapInEveryByteOrderAndResolution(boolean bigEndian, boolean nanos) throws Exception {
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] file = CaptureBytes.pcap(order, nanos, 65535, 1)
                .record(1_700_000_000L, nanos ? 123_456_789 : 123_456, CaptureBytes.payload(60, 7), 60)
                .record(1_700_000_001L, nanos ? 5 : 5, CaptureBytes.payload(14, 9), 1514)
                .bytes();
        List<Seen> seen = readAll(file);
        assertThat(seen).containsExactly(
                new Seen(1, 1_700_000_000L, nanos ? 123_456_789 : 123_456_000, 60, 60, 1, (byte) 7),
                new Seen(2, 1_700_000_001L, nanos ? 5 : 5_000, 14, 1514, 1, (byte) 9));
        try (CaptureReader r = CaptureReader.open("mem", new ByteArrayInputStream(file))) {
            assertThat(r.linkType()).isEqualTo(1);
            assertThat(r.snaplen()).isEqualTo(65535);
            assertThat(r.nanosecondResolution()).isEqualTo(nanos);
            assertThat(r.format()).isEqualTo("pcap");
        }
    }

    @org.junit.jupiter.api.Test
    void aRecordLongerThanTheSnapshotLengthIsCutAsLibpcapDoesUnlessWholeRecordsAreAsked() throws Exception {
        byte[] file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 64, 1)
                .record(1, 0, CaptureBytes.payload(100, 3), 100)
                .record(2, 0, CaptureBytes.payload(20, 4), 20)
                .bytes();
        for (boolean whole : new boolean[] {false, true}) {
            try (CaptureReader r = CaptureReader.open("mem", new ByteArrayInputStream(file))) {
                if (whole) r.keepWholeRecords();
                Frame f = new Frame();
                assertThat(r.next(f)).isTrue();
                assertThat(f.captureLength()).isEqualTo(whole ? 100 : 64);   // tshark reads all; tcpdump 64
                assertThat(r.next(f)).isTrue();                               // the next record is where it should be
                assertThat(f.captureLength()).isEqualTo(20);
                assertThat(f.seconds()).isEqualTo(2);
            }
        }
    }

    @ParameterizedTest(name = "pcapng bigEndian={0}")
    @CsvSource({"false", "true"})
    void pcapngWithSeveralInterfacesResolutionsAndBlockKinds(boolean bigEndian) throws Exception {
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] file = CaptureBytes.pcapng(order)
                .idb(1, 262144, -1)          // Ethernet, microseconds (default)
                .idb(113, 1000, 9)           // SLL, nanoseconds
                .idb(101, 0, 0x80 | 10)      // raw IP, 2^-10 s
                .unknownBlock()
                .epb(0, 1_700_000_000_123_456L, CaptureBytes.payload(3, 1), 3)
                .epb(1, 1_700_000_000_123_456_789L, CaptureBytes.payload(5, 2), 9)
                .epb(2, (5L << 10) + 512, CaptureBytes.payload(4, 3), 4)
                .shb()                       // a new section forgets the interfaces
                .idb(228, 100, 6)
                .spb(CaptureBytes.payload(7, 4), 7)
                .bytes();
        List<Seen> seen = readAll(file);
        assertThat(seen).containsExactly(
                new Seen(1, 1_700_000_000L, 123_456_000, 3, 3, 1, (byte) 1),
                new Seen(2, 1_700_000_000L, 123_456_789, 5, 9, 113, (byte) 2),
                new Seen(3, 5L, 500_000_000, 4, 4, 101, (byte) 3),
                new Seen(4, 0L, 0, 7, 7, 228, (byte) 4));
    }

    @Test
    void gzipCompressedCapturesAreReadTransparently(@TempDir Path dir) throws Exception {
        byte[] plain = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, 1)
                .record(10, 20, CaptureBytes.payload(40, 1), 40).bytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) { z.write(plain); }
        Path f = dir.resolve("c.pcap.gz");
        Files.write(f, gz.toByteArray());
        try (CaptureReader r = CaptureReader.open(f.toString())) {
            assertThat(r.format()).isEqualTo("pcap (gzip)");
            Frame fr = new Frame();
            assertThat(r.next(fr)).isTrue();
            assertThat(fr.captureLength()).isEqualTo(40);
            assertThat(r.next(fr)).isFalse();
        }
    }

    @Test
    void recordsLongerThanTheSnapshotLengthAreCutToItAsLibpcapDoes() throws Exception {
        byte[] file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 10, 1)
                .record(1, 0, CaptureBytes.payload(30, 0), 30)
                .record(2, 0, CaptureBytes.payload(5, 0), 5).bytes();
        List<Seen> seen = readAll(file);
        assertThat(seen).extracting(Seen::caplen).containsExactly(10, 5);
    }

    @Test
    void aFileWithAHugeSnaplenIsStillReadWithSmallMemory() throws Exception {
        byte[] file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, Integer.MAX_VALUE, 1)
                .record(1, 0, CaptureBytes.payload(100, 0), 100).bytes();
        assertThat(readAll(file)).hasSize(1);
    }

    static void assertFailsAt(byte[] file, int framesBefore, long offset, String fragment) {
        List<Seen> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (CaptureReader r = CaptureReader.open("broken.pcap", new ByteArrayInputStream(file))) {
                Frame f = new Frame();
                while (r.next(f)) seen.add(null);
            }
        }).isInstanceOf(CaptureException.class)
          .hasMessageContaining("broken.pcap")
          .hasMessageContaining(fragment)
          .satisfies(e -> assertThat(((CaptureException) e).offset()).isEqualTo(offset));
        assertThat(seen).hasSize(framesBefore);
    }

    @Test
    void brokenFilesNameTheOffsetAndKeepWhatWasReadable() {
        byte[] good = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, 1)
                .record(1, 0, CaptureBytes.payload(20, 0), 20).bytes();
        assertFailsAt(new byte[0], 0, 0, "empty file");
        assertFailsAt(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 0, "unknown file format");
        assertFailsAt(java.util.Arrays.copyOf(good, 20), 0, 0, "truncated pcap file header");
        // truncated record header after one good record
        byte[] th = java.util.Arrays.copyOf(good, good.length + 7);
        assertFailsAt(th, 1, good.length, "truncated record header");
        // truncated record data
        byte[] td = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, 1)
                .record(1, 0, CaptureBytes.payload(20, 0), 20).bytes();
        assertFailsAt(java.util.Arrays.copyOf(td, td.length - 5), 0, 40, "truncated record 1");
        // absurd record length
        byte[] absurd = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, 1)
                .record(1, 0, CaptureBytes.payload(20, 0), 20)
                .u32(2).u32(0).u32(0x7FFFFFF0).u32(0x7FFFFFF0).bytes();
        assertFailsAt(absurd, 1, good.length, "more than the maximum");
    }

    @Test
    void brokenPcapngBlocksAreReported() {
        byte[] head = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).idb(1, 65535, -1).bytes();
        byte[] badLen = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).idb(1, 65535, -1)
                .u32(6).u32(13).u32(0).bytes();
        assertFailsAt(badLen, 0, head.length + 4, "invalid block length 13");
        byte[] huge = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).idb(1, 65535, -1)
                .u32(6).u32(0x7FFFFFF0).u32(0).bytes();
        assertFailsAt(huge, 0, head.length + 4, "larger than the maximum");
        byte[] noIface = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).idb(1, 65535, -1)
                .epb(3, 0, CaptureBytes.payload(4, 0), 4).bytes();
        assertFailsAt(noIface, 0, head.length + 8, "interface 3");
        byte[] cut = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).idb(1, 65535, -1)
                .epb(0, 0, CaptureBytes.payload(4, 0), 4).epb(0, 0, CaptureBytes.payload(40, 0), 40).bytes();
        assertFailsAt(java.util.Arrays.copyOf(cut, cut.length - 3), 1, head.length + 36, "truncated block");
    }

    @Property(tries = 300)
    void mutatedFilesNeverEscapeAsAnythingButCaptureException(@ForAll("mutations") int[] edits) {
        byte[] file = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).idb(1, 65535, 9)
                .epb(0, 1, CaptureBytes.payload(60, 3), 60)
                .spb(CaptureBytes.payload(20, 1), 20)
                .epb(0, 2, CaptureBytes.payload(33, 5), 33).bytes();
        if (edits[0] % 2 == 0) {
            file = CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, true, 100, 1)
                    .record(1, 2, CaptureBytes.payload(60, 3), 60)
                    .record(3, 4, CaptureBytes.payload(10, 3), 10).bytes();
        }
        for (int i = 1; i + 1 < edits.length; i += 2) {
            file[Math.floorMod(edits[i], file.length)] = (byte) edits[i + 1];
        }
        int cut = Math.floorMod(edits[edits.length - 1], file.length + 1);
        byte[] mutated = java.util.Arrays.copyOf(file, cut);
        try {
            List<Seen> seen = readAll(mutated);
            assertThat(seen.size()).isLessThan(100);
        } catch (CaptureException expected) {
            assertThat(expected.getMessage()).startsWith("mem");
        }
    }

    @Provide
    Arbitrary<int[]> mutations() {
        return Arbitraries.integers().between(0, 1 << 20).array(int[].class).ofMinSize(2).ofMaxSize(12);
    }
}
