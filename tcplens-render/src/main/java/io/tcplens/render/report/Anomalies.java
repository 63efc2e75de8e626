package io.tcplens.render.report;

/**
 * Per-connection counts of Wireshark-style analysis events.
 *
 * @param retransmissions all kinds (plain, fast, spurious)
 * @param dupAcks         duplicate ACKs
 * @param outOfOrder      out-of-order segments
 * @param lostSegments    "previous segment not captured"
 * @param zeroWindows     zero-window advertisements
 * @param keepAlives      keep-alive probes (not a problem, but worth seeing)
 * @param resets          RST segments
 */
public record Anomalies(int retransmissions, int dupAcks, int outOfOrder, int lostSegments, int zeroWindows,
                        int keepAlives, int resets) {
    public static final Anomalies NONE = new Anomalies(0, 0, 0, 0, 0, 0, 0);

    /** How much a reader would want to look at this connection; 0 for a clean one. */
    public long score() {
        return (resets > 0 ? 1000L : 0) + 20L * retransmissions + 15L * lostSegments + 10L * zeroWindows
                + 5L * outOfOrder + 2L * dupAcks + (keepAlives > 0 ? 50L : 0);
    }

    /** True when anything other than keep-alive happened. */
    public boolean problems() {
        return retransmissions + dupAcks + outOfOrder + lostSegments + zeroWindows + resets > 0;
    }
}
