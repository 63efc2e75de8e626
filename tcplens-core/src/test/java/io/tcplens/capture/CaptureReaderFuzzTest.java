package io.tcplens.capture;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcplens.testing.FuzzSeeds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole files into the capture readers (pcap, pcapng, either of them gzip-compressed): a file is
 * read to its end or to a {@link CaptureException} that names it, and every frame delivered is
 * sane. Any other exception, a hang or a blow-up of memory is a finding. Run by
 * {@code scripts/fuzz.sh reader}; a normal build replays the committed inputs
 * (src/test/resources/.../CaptureReaderFuzzTestInputs) and every bundled capture.
 */
class CaptureReaderFuzzTest {

    @BeforeAll
    static void seeds() throws Exception {
        Map<String, byte[]> seeds = FuzzSeeds.byName();
        for (Path p : FuzzSeeds.captures()) {
            byte[] b = Files.readAllBytes(p);
            seeds.put(p.getFileName().toString(), b);
            if (b.length < 16_384) seeds.put(p.getFileName() + ".gz", FuzzSeeds.gzip(b));
        }
        FuzzSeeds.export(CaptureReaderFuzzTest.class, "wholeFile", seeds);
    }

    @FuzzTest(maxDuration = "10m")
    void wholeFile(byte[] data) {
        read(data, false);
        read(data, true);
    }

    @Test
    void everyBundledCaptureAndItsGzipReadsCleanly() throws Exception {
        int n = 0;
        for (Path p : io.tcplens.testing.TestPaths.capturesUnder(io.tcplens.testing.TestPaths.captures())) {
            byte[] b = Files.readAllBytes(p);
            assertThat(read(b, true)).as(p.toString()).isPositive();
            assertThat(read(FuzzSeeds.gzip(b), false)).as(p + " gzip").isEqualTo(read(b, false));
            n++;
        }
        assertThat(n).isGreaterThan(50);
    }

    /** Reads {@code data} to its end; returns the frames read before the end or a reported error. */
    static long read(byte[] data, boolean whole) {
        long frames = 0;
        long lastOffset = -1;
        try (CaptureReader r = CaptureReader.open("fuzz.pcap", new ByteArrayInputStream(data))) {
            if (whole) r.keepWholeRecords();
            assertThat(r.format()).isNotEmpty();
            Frame f = new Frame();
            while (r.next(f)) {
                frames++;
                // The frame is a view into the reader's buffer: it must lie inside it.
                assertThat(f.captureLength()).isGreaterThanOrEqualTo(0);
                assertThat(f.offset()).isGreaterThanOrEqualTo(0);
                assertThat((long) f.offset() + f.captureLength()).isLessThanOrEqualTo(f.buffer().length);
                assertThat(f.wireLength()).isGreaterThanOrEqualTo(0);
                if (r.format().startsWith("pcap") && !r.format().startsWith("pcapng")) {
                    // Classic pcap: never more than the maximum, and without keepWholeRecords cut to
                    // the file's snapshot length as libpcap does.
                    int snap = r.snaplen() <= 0 || r.snaplen() > PcapReader.MAX_SNAPLEN ? PcapReader.MAX_SNAPLEN : r.snaplen();
                    assertThat(f.captureLength()).isLessThanOrEqualTo(whole ? PcapReader.MAX_SNAPLEN : snap);
                }
                assertThat(f.nanos()).isBetween(0, 999_999_999);
                assertThat(f.number()).isEqualTo(frames);
                // Records follow one another: offsets only grow.
                assertThat(f.fileOffset()).isGreaterThan(lastOffset);
                lastOffset = f.fileOffset();
                // touch every byte the frame claims (an out-of-range view throws here)
                int sum = 0;
                for (int i = 0; i < f.captureLength(); i++) sum += f.buffer()[f.offset() + i];
                if (sum == Integer.MIN_VALUE) throw new AssertionError();
            }
        } catch (CaptureException e) {
            // The reader's own, clear message: names the input and says what is wrong.
            assertThat(e.getMessage()).startsWith("fuzz.pcap: ");
            assertThat(e.problem()).isNotBlank().doesNotContain("Exception");
        }
        return frames;
    }
}
