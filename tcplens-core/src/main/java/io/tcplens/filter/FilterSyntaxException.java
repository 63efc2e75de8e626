package io.tcplens.filter;

/**
 * A filter expression that does not follow tcpdump's grammar. {@link #position()} is the 0-based
 * character offset in the expression where parsing stopped, {@link #expected()} a short description
 * of what would have been acceptable there.
 */
public final class FilterSyntaxException extends FilterException {
    private final int position;
    private final String expected;

    public FilterSyntaxException(int position, String expected) {
        super("syntax error in filter expression at position " + position + ": expected " + expected);
        this.position = position;
        this.expected = expected;
    }

    /** 0-based character offset into the expression. */
    public int position() {
        return position;
    }

    /** What the parser would have accepted at {@link #position()}, e.g. "'and', 'or' or end of expression". */
    public String expected() {
        return expected;
    }
}
