package io.tcplens.cli;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The http table is built without a Formatter (for speed); it must print exactly what the format
 * string it replaced printed, for any value and any field longer or shorter than its column.
 */
class HttpCommandFormatTest {
    private static final String FMT = "%6s %4s  %-21s  %-21s  %-7s  %-28s  %-40s  %6s  %9s  %9s  %9s  %9s%n";

    @Test
    void milliseconds_round_half_up_like_the_formatter() {
        SplittableRandom r = new SplittableRandom(7);
        long[] edges = {0, 1, 49, 50, 51, 99, 100, 149, 150, 151, 950, 999, 1_000, 1_049, 1_050, 99_950, 123_456_789_050L};
        for (long m : edges) assertThat(HttpCommand.ms(m)).as("%d", m).isEqualTo(String.format(Locale.ROOT, "%.1f ms", m / 1000.0));
        for (int i = 0; i < 200_000; i++) {
            long m = i % 2 == 0 ? r.nextLong(1_000_000) : r.nextLong(10_000_000_000L);
            assertThat(HttpCommand.ms(m)).as("%d", m).isEqualTo(String.format(Locale.ROOT, "%.1f ms", m / 1000.0));
        }
        assertThat(HttpCommand.ms(-1)).isEqualTo("-");
    }

    @Test
    void rows_pad_like_the_format_string() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 5_000; i++) {
            String[] f = new String[12];
            for (int j = 0; j < f.length; j++) f[j] = "x".repeat(r.nextInt(50)) + (j % 3 == 0 ? "…" : "");
            assertThat(HttpCommand.row(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11]))
                    .isEqualTo(String.format(FMT, (Object[]) f));
        }
    }
}
