package io.tcplens.capture;

/**
 * A capture could not be read further. The message is meant for a person and names
 * the file and the byte offset where reading stopped; every frame before it was delivered.
 */
public final class CaptureException extends Exception {
    private final String source;
    private final long offset;

    public CaptureException(String source, long offset, String problem) {
        super(problem);
        this.source = source;
        this.offset = offset;
    }

    public String source() { return source; }
    /** Offset in the (decompressed) capture stream where the problem was found; -1 if unknown. */
    public long offset() { return offset; }
    public String problem() { return super.getMessage(); }

    @Override
    public String getMessage() {
        return offset >= 0
                ? source + ": " + super.getMessage() + " (at byte offset " + offset + ")"
                : source + ": " + super.getMessage();
    }
}
