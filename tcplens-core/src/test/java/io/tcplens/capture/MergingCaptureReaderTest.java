package io.tcplens.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Merging by time as mergecap does: earliest first, ties to the file named first, frames renumbered. */
class MergingCaptureReaderTest {
    @TempDir Path tmp;

    /** A pcap whose records each carry one byte, the tag, at the given times (seconds). */
    Path pcap(String name, int linkType, long[] seconds, int[] tags) throws Exception {
        Path p = tmp.resolve(name);
        try (OutputStream os = Files.newOutputStream(p); PcapWriter w = new PcapWriter(os, linkType, 65535, false)) {
            for (int i = 0; i < seconds.length; i++) {
                w.write(new Frame().set(new byte[] {(byte) tags[i]}, 0, 1, 1, seconds[i], 0, linkType, 65535, i + 1));
            }
        }
        return p;
    }

    static List<String> read(CaptureReader r) throws CaptureException {
        List<String> out = new ArrayList<>();
        Frame f = new Frame();
        while (r.next(f)) out.add(f.number() + ":" + f.buffer()[f.offset()] + "@" + f.seconds() + "/" + f.linkType());
        return out;
    }

    @Test
    void earliestRecordFirstTiesToTheFileNamedFirstAndEachFrameKeepsItsLinkType() throws Exception {
        Path a = pcap("a.pcap", 1, new long[] {10, 20, 30}, new int[] {1, 2, 3});
        Path b = pcap("b.pcap", 113, new long[] {5, 20, 40}, new int[] {4, 5, 6});
        try (MergingCaptureReader r = new MergingCaptureReader(List.of(a.toString(), b.toString()), false, m -> { })) {
            assertThat(read(r)).containsExactly("1:4@5/113", "2:1@10/1", "3:2@20/1", "4:5@20/113", "5:3@30/1", "6:6@40/113");
        }
        try (MergingCaptureReader r = new MergingCaptureReader(List.of(b.toString(), a.toString()), false, m -> { })) {
            assertThat(read(r)).containsExactly("1:4@5/113", "2:1@10/1", "3:5@20/113", "4:2@20/1", "5:3@30/1", "6:6@40/113");
        }
    }

    @Test
    void filesInSequenceAndABrokenOneWarnedAbout() throws Exception {
        Path a = pcap("a.pcap", 1, new long[] {1, 2}, new int[] {1, 2});
        Path b = pcap("b.pcap", 1, new long[] {3, 4}, new int[] {3, 4});
        Path c = pcap("c.pcap", 1, new long[] {5, 6}, new int[] {5, 6});
        byte[] bb = Files.readAllBytes(b);
        Files.write(b, java.util.Arrays.copyOf(bb, bb.length - 1));   // b's last record is cut
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "hello, not a capture");
        Path empty = pcap("empty.pcap", 1, new long[0], new int[0]);
        List<String> warnings = new ArrayList<>();
        List<String> files = List.of(a.toString(), text.toString(), b.toString(), empty.toString(), c.toString());
        try (MergingCaptureReader r = new MergingCaptureReader(files, false, warnings::add)) {
            assertThat(read(r)).containsExactly("1:1@1/1", "2:2@2/1", "3:3@3/1", "4:5@5/1", "5:6@6/1");
        }
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).startsWith(text + ": unknown file format").endsWith("; file skipped");
        assertThat(warnings.get(1)).startsWith(b + ": truncated record 2").endsWith("; rest of the file skipped");
        assertThatThrownBy(() -> new MergingCaptureReader(files, true, warnings::add))
                .isInstanceOf(CaptureException.class).hasMessageStartingWith(text + ": unknown file format");
        try (MergingCaptureReader r = new MergingCaptureReader(List.of(a.toString(), b.toString()), true, warnings::add)) {
            assertThatThrownBy(() -> read(r)).isInstanceOf(CaptureException.class).hasMessageStartingWith(b + ": truncated record 2");
        }
    }
}
