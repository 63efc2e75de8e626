package io.tcplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The progress line of a long read (issue 16, item 15). */
class ProgressTest {
    @TempDir
    Path tmp;

    @AfterEach
    void reset() {
        Progress.forcedDelays = null;
        Progress.disabled = false;
    }

    @Test
    void theLineSaysPercentPacketsAndConnections() {
        assertThat(Progress.line(200L << 20, 50L << 20, 1_034_221, 45_012))
                .isEqualTo("tcplens: 25% of 200 MB, 1,034,221 packets, 45,012 connections");
        assertThat(Progress.line(3L << 30, 3L << 30, 1, 1)).isEqualTo("tcplens: 100% of 3.0 GB, 1 packet, 1 connection");
        // standard input or gzip: no total to be a percentage of
        assertThat(Progress.line(-1, 123, 40_960, 7)).isEqualTo("tcplens: 40,960 packets, 7 connections");
    }

    @Test
    void drawnInPlaceWhileReadingAndErasedAtTheEndLeavingTheOutputAsItWas() throws Exception {
        Path capture = syns(60_000);
        CliRun.Result plain = CliRun.run("conns", List.of("-r", capture.toString(), "--format", "json", "--no-http"));
        // in-process stderr is no terminal: nothing drawn
        assertThat(plain.err()).doesNotContain("\r").doesNotContain("packets");
        Progress.forcedDelays = new long[] {0, 1};
        CliRun.Result shown = CliRun.run("conns", List.of("-r", capture.toString(), "--format", "json", "--no-http"));
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.out()).isEqualTo(plain.out());
        String err = shown.err();
        assertThat(err).startsWith("\rtcplens: ").contains("% of ").contains(" packets, ").contains(" connections\033[K")
                .endsWith("\r\033[K");   // erased: the terminal is left as it was
        assertThat(err).doesNotContain("\n");   // redrawn in place, never a new line
        // the counts grow and never pass the file
        long last = -1;
        for (String draw : err.split("\r")) {
            if (!draw.startsWith("tcplens: ")) continue;
            long packets = Long.parseLong(draw.replaceAll(".*, ([0-9,]+) packets.*", "$1").replace(",", ""));
            assertThat(packets).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(60_000);
            last = packets;
        }
    }

    @Test
    void noProgressIsTakenFromAnyCommandsArgumentsButNotAfterDoubleDash() {
        assertThat(Main.withoutNoProgress(new String[] {"conns", "--no-progress", "-r", "f"})).containsExactly("conns", "-r", "f");
        assertThat(Progress.disabled).isTrue();
        Progress.disabled = false;
        assertThat(Main.withoutNoProgress(new String[] {"conns", "-r", "f", "--", "--no-progress"}))
                .containsExactly("conns", "-r", "f", "--", "--no-progress");
        assertThat(Progress.disabled).isFalse();
        Progress.disabled = true;
        assertThat(Progress.start("-", System.err, true)).isNull();
    }

    /** A pcap of {@code n} SYNs from distinct ports: a connection each. */
    private Path syns(int n) throws Exception {
        int len = 14 + 20 + 20;
        ByteBuffer b = ByteBuffer.allocate(24 + n * (16 + len)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int i = 0; i < n; i++) {
            b.order(ByteOrder.LITTLE_ENDIAN).putInt(1_700_000_000 + i / 1000).putInt(i % 1000 * 1000).putInt(len).putInt(len);
            b.order(ByteOrder.BIG_ENDIAN);
            b.put(new byte[12]).putShort((short) 0x0800);
            b.put((byte) 0x45).put((byte) 0).putShort((short) 40).putShort((short) 0).putShort((short) 0x4000)
                    .put((byte) 64).put((byte) 6).putShort((short) 0)
                    .put(new byte[] {10, 0, (byte) (i >> 8), (byte) i}).put(new byte[] {10, 1, 0, 1});
            b.putShort((short) (1024 + i % 60_000)).putShort((short) 80).putInt(1000 + i).putInt(0)
                    .put((byte) 0x50).put((byte) 0x02).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        }
        return Files.write(tmp.resolve("syns.pcap"), b.array());
    }
}
