package io.tcplens.render.ladder;

/**
 * How the terminal ladder is drawn.
 *
 * @param width   total columns available (the CLI passes $COLUMNS, or 100); at least 60 is used
 * @param unicode box-drawing lines and arrowheads instead of plain ASCII
 * @param fold    fold long repetitive runs (bulk data, keep-alive pairs, repeated ACKs) into one row
 * @param chinese the words (title, roles, folded runs, analysis notes) in Simplified Chinese
 */
public record LadderStyle(int width, boolean unicode, boolean fold, boolean chinese) {
    public LadderStyle(int width, boolean unicode, boolean fold) { this(width, unicode, fold, false); }

    /** Fewer columns than this make no readable diagram; narrower widths are widened to it. */
    public static final int MIN_WIDTH = 60;

    public LadderStyle {
        width = Math.max(MIN_WIDTH, width);
    }

    public static LadderStyle ascii(int width) { return new LadderStyle(width, false, true); }

    public static LadderStyle unicode(int width) { return new LadderStyle(width, true, true); }

    public LadderStyle unfolded() { return new LadderStyle(width, unicode, false, chinese); }

    public LadderStyle folded() { return new LadderStyle(width, unicode, true, chinese); }

    public LadderStyle inChinese() { return new LadderStyle(width, unicode, fold, true); }
}
