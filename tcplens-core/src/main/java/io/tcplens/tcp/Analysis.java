package io.tcplens.tcp;

/**
 * The {@code tcp.analysis.*} flags of tshark 4.0, as bits. The bit order is the alphabetical
 * order of the short names, so iterating bits from low to high lists them sorted.
 */
public final class Analysis {
    private Analysis() {}

    public static final int ACK_LOST_SEGMENT = 1;
    public static final int DUPLICATE_ACK = 1 << 1;
    public static final int FAST_RETRANSMISSION = 1 << 2;
    public static final int KEEP_ALIVE = 1 << 3;
    public static final int KEEP_ALIVE_ACK = 1 << 4;
    public static final int LOST_SEGMENT = 1 << 5;
    public static final int OUT_OF_ORDER = 1 << 6;
    public static final int RETRANSMISSION = 1 << 7;
    public static final int REUSED_PORTS = 1 << 8;
    public static final int SPURIOUS_RETRANSMISSION = 1 << 9;
    public static final int WINDOW_FULL = 1 << 10;
    public static final int WINDOW_UPDATE = 1 << 11;
    public static final int ZERO_WINDOW = 1 << 12;
    public static final int ZERO_WINDOW_PROBE = 1 << 13;
    public static final int ZERO_WINDOW_PROBE_ACK = 1 << 14;
    public static final int COUNT = 15;

    private static final String[] NAMES = {
        "ack_lost_segment", "duplicate_ack", "fast_retransmission", "keep_alive", "keep_alive_ack",
        "lost_segment", "out_of_order", "retransmission", "reused_ports", "spurious_retransmission",
        "window_full", "window_update", "zero_window", "zero_window_probe", "zero_window_probe_ack",
    };

    /** Short name of bit {@code i} (0-based), as in {@code tcp.analysis.<name>}. */
    public static String name(int bitIndex) { return NAMES[bitIndex]; }

    /** The bit for a short name, or 0 when unknown. */
    public static int bit(String name) {
        for (int i = 0; i < COUNT; i++) if (NAMES[i].equals(name)) return 1 << i;
        return 0;
    }

    /**
     * The boolean fields tshark prints for these flags: tshark adds the
     * {@code tcp.analysis.retransmission} field to fast and spurious retransmissions too.
     */
    public static int tsharkFields(int flags) {
        if ((flags & (FAST_RETRANSMISSION | SPURIOUS_RETRANSMISSION)) != 0) flags |= RETRANSMISSION;
        return flags;
    }

    /** Sorted, comma-separated short names, or "-" when none. */
    public static String describe(int flags) {
        if (flags == 0) return "-";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < COUNT; i++) {
            if ((flags & (1 << i)) != 0) {
                if (!sb.isEmpty()) sb.append(',');
                sb.append(NAMES[i]);
            }
        }
        return sb.toString();
    }
}
