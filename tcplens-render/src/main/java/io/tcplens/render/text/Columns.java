package io.tcplens.render.text;

/**
 * Padding for fixed-width text columns, as {@code %-Ns} and {@code %Ns} pad: a value longer than
 * its column is kept whole and widens its line. Tables build each line with these in one
 * StringBuilder, because a PrintStream encodes and writes every piece a Formatter hands it
 * separately (ten times the cost of the line on a big capture).
 */
public final class Columns {
    private Columns() { }

    /** {@code s} then spaces up to {@code width} ({@code %-Ns}). */
    public static StringBuilder left(StringBuilder b, String s, int width) {
        b.append(s);
        for (int i = s.length(); i < width; i++) b.append(' ');
        return b;
    }

    /** Spaces up to {@code width}, then {@code s} ({@code %Ns}). */
    public static StringBuilder right(StringBuilder b, String s, int width) {
        for (int i = s.length(); i < width; i++) b.append(' ');
        return b.append(s);
    }
}
