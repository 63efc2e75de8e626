package io.tcplens.capture;

import java.io.Serializable;

/**
 * A split as the second pass reads it ({@link CaptureSplits#open}).
 *
 * @param start            exact offset of the split's first record (for split 0 and whole files the
 *                         reader starts at the file's beginning and reads its header)
 * @param records          how many frames it yields
 * @param firstFrameNumber the global 1-based number of its first frame; -1 when the plan
 *                         {@linkplain SplitPlan#needsGlobalSort needs a global sort} (then numbers are local, 1-based)
 * @param firstNanos       its first frame's time (ns since the epoch), {@code lastNanos} its last's and
 *                         {@code maxNanos} the latest: the clock a split analysis replays between splits
 */
public record PlannedSplit(CaptureSplit split, long start, long records, long firstFrameNumber,
                           long firstNanos, long lastNanos, long maxNanos, long penultimateNanos) implements Serializable {
}
