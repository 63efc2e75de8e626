package io.tcplens.capture;

import io.tcplens.testing.GeneratedCapture;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A damaged .pcap.gz (issue 17, item 5): every record that decompressed is read, as
 * {@code zcat | tcpdump -r -} reads them, and the message gives where the compressed data ended,
 * in compressed and uncompressed bytes. (Before: 0 records of a small file, "at byte offset 0".)
 */
class DamagedGzipTest {

    /** A capture of a few thousand frames (some 200 KB), gzipped. */
    static byte[] plain() {
        GeneratedCapture g = new GeneratedCapture().open();
        for (int i = 0; i < 600; i++) g.client("GET /x" + i + " HTTP/1.1\r\nHost: example\r\n\r\n")
                .server("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "b".repeat(100));
        return g.close().bytes();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) { z.write(b); }
        return out.toByteArray();
    }

    /** What decompresses of a damaged gzip stream, read a byte at a time until it fails (as zcat writes it out). */
    static byte[] salvage(byte[] gz) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 512)) {
            byte[] b = new byte[1];
            while (in.read(b) > 0) out.write(b[0]);
        } catch (IOException expected) {
            // the damage: what came out before it is all there is
        }
        return out.toByteArray();
    }

    /** Whole records in a pcap prefix. */
    static int wholeRecords(byte[] pcap) {
        int p = 24, n = 0;
        while (p + 16 <= pcap.length) {
            int caplen = (pcap[p + 8] & 0xFF) | (pcap[p + 9] & 0xFF) << 8 | (pcap[p + 10] & 0xFF) << 16 | (pcap[p + 11] & 0xFF) << 24;
            if (p + 16 + caplen > pcap.length) break;
            p += 16 + caplen;
            n++;
        }
        return n;
    }

    record Read(int frames, CaptureException error) {}

    static Read read(byte[] file) throws Exception {
        int n = 0;
        try (CaptureReader r = CaptureReader.open("damaged.pcap.gz", new ByteArrayInputStream(file))) {
            Frame f = new Frame();
            while (r.next(f)) n++;
        } catch (CaptureException e) {
            return new Read(n, e);
        }
        return new Read(n, null);
    }

    @Test
    void aTruncatedGzipGivesEveryRecordThatDecompressed() throws Exception {
        byte[] plain = plain(), gz = gzip(plain);
        int all = wholeRecords(plain);
        assertThat(all).isGreaterThan(2000);
        for (double cut : new double[] {0.05, 0.3, 0.5, 0.77, 0.99}) {
            byte[] cutGz = Arrays.copyOf(gz, (int) (gz.length * cut));
            byte[] salvaged = salvage(cutGz);
            int expected = wholeRecords(salvaged);
            Read r = read(cutGz);
            assertThat(r.frames).as("cut at %.0f%%", cut * 100).isEqualTo(expected).isPositive();
            assertThat(r.error).isNotNull();
            assertThat(r.error.getMessage()).contains("unexpected end of compressed data: the compressed data ends after "
                    + cutGz.length + " bytes (" + salvaged.length + " bytes uncompressed)");
        }
    }

    @Test
    void aCorruptTrailerStillGivesEveryRecord() throws Exception {
        // The CRC is checked after the last byte decompressed: all the records are there, and the damage is said.
        byte[] plain = plain(), gz = gzip(plain);
        byte[] bad = gz.clone();
        bad[bad.length - 8] ^= 0x55;
        Read r = read(bad);
        assertThat(r.frames).isEqualTo(wholeRecords(plain));
        assertThat(r.error.getMessage()).contains("corrupt gzip data").contains("(" + plain.length + " bytes uncompressed)");
    }

    @Test
    void anIntactGzipIsReadToItsEnd() throws Exception {
        byte[] plain = plain();
        Read r = read(gzip(plain));
        assertThat(r.error).isNull();
        assertThat(r.frames).isEqualTo(wholeRecords(plain));
    }

    /** With the real tools: as many packets as {@code zcat FILE | tcpdump -r -} prints. */
    @Test
    void asManyRecordsAsZcatIntoTcpdump(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestPaths.onPath("tcpdump") && TestPaths.onPath("zcat"), "tcpdump or zcat missing");
        byte[] gz = gzip(plain());
        for (double cut : new double[] {0.1, 0.6}) {
            Path f = dir.resolve("cut.pcap.gz");
            Files.write(f, Arrays.copyOf(gz, (int) (gz.length * cut)));
            TestPaths.Run run = TestPaths.run(List.of("sh", "-c", "zcat " + f + " 2>/dev/null | tcpdump -n -r - 2>/dev/null | wc -l"),
                    java.util.Map.of(), 60);
            int theirs = Integer.parseInt(run.out().strip());
            Read r = read(Files.readAllBytes(f));
            if (theirs == 0) fail("tcpdump printed nothing");
            assertThat(r.frames).as("cut at %.0f%%", cut * 100).isEqualTo(theirs);
        }
    }
}
