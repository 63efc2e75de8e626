package io.tcplens.spark;

import java.util.Locale;

/** Sizes as people write them: {@code 4096}, {@code 64k}, {@code 128m}, {@code 1g} (powers of 1024). */
final class SizeParser {
    private SizeParser() { }

    static long bytes(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("b")) t = t.substring(0, t.length() - 1);
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                case 't' -> unit = 1L << 40;
                default -> { }
            }
        }
        if (unit != 1) t = t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(t.trim());
            if (n <= 0) throw new IllegalArgumentException("size must be positive: " + s);
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size: '" + s + "' (use bytes, or a number with k, m, g)");
        }
    }
}
