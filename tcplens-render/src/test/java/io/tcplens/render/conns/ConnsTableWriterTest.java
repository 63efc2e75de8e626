package io.tcplens.render.conns;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conns table is built without a Formatter (for speed); it must print exactly what its format
 * string printed, for any value and any field longer or shorter than its column.
 */
class ConnsTableWriterTest {
    private static final String FMT = "%6s  %-21s  %-21s  %9s  %11s  %15s  %-12s  %-12s  %-7s  %-9s  %-6s  %-12s  %9s  %15s  %s%n";

    @Test
    void durationsRoundHalfUpLikeTheFormatter() {
        long[] edges = {0, 1, 499_999, 500_000, 500_001, 999_999, 1_000_000, 1_000_500_000L, 1_234_500_000L, 59_999_500_000L,
                86_400_000_000_000L, 7_800_000_000_000L};
        for (long n : edges) assertThat(ConnsTableWriter.seconds3(n)).as("%d", n).isEqualTo(String.format(java.util.Locale.ROOT, "%.3fs", n / 1e9));
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            long n = switch (i % 3) {
                case 0 -> r.nextLong(10_000_000L);
                case 1 -> r.nextLong(100_000_000_000L);
                default -> r.nextLong(100_000L) * 500_000L;   // exact halves of a millisecond
            };
            assertThat(ConnsTableWriter.seconds3(n)).as("%d", n).isEqualTo(String.format(java.util.Locale.ROOT, "%.3fs", n / 1e9));
        }
    }

    @Test
    void rowsPadLikeTheFormatString() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 5_000; i++) {
            String[] f = new String[15];
            for (int j = 0; j < f.length; j++) f[j] = "y".repeat(r.nextInt(30)) + (j % 4 == 0 ? "é" : "");
            assertThat(ConnsTableWriter.row(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14]))
                    .isEqualTo(String.format(FMT, (Object[]) f));
        }
    }
}
