package io.tcplens.capture;

import java.io.Serializable;
import java.util.List;

/**
 * What the first pass ({@link CaptureSplits#scan}) found in one split. Offsets are the file's own.
 *
 * @param firstRecord     offset of the first record (pcapng: block) the scan started from, -1 when
 *                        none was found in the split; for split 0, where the file's header (pcap) or
 *                        first section header block (pcapng) ends
 * @param nextRecord      offset of the first record starting at or after the split's end (the file's
 *                        size at its end); -1 when unknown (nothing found, or the read stopped at a problem)
 * @param records         frames the real reader yields from {@code firstRecord} up to {@code nextRecord}
 * @param firstNanos      the first frame's time in ns since the epoch (saturated at Long.MIN/MAX_VALUE); 0 without frames
 * @param lastNanos       the last frame's time
 * @param maxNanos        the latest frame time
 * @param monotonic       every frame's time is at or after the one before it
 * @param structureBlocks pcapng: a section header or interface description block came after the
 *                        file's first packet block (a later split's reader would not know it)
 * @param problem         the reader's message (file, problem, offset) when it stopped at damage or
 *                        truncation before the split's end; null when it did not
 * @param problemOffset   where ({@link CaptureException#offset()}); -1 without a problem
 * @param warnings        what the reader met and read past ({@link CaptureReader#warnings()})
 * @param penultimateNanos the time of the frame before the last (Long.MIN_VALUE with fewer than two):
 *                        with {@code lastNanos}, the clock a split analysis replays for the next split
 * @param exact           the scan started from an offset known to be a record's (split 0, a whole
 *                        file, {@link CaptureSplits#scanExact}); false when found by resynchronising
 */
public record SplitScan(CaptureSplit split, long firstRecord, long nextRecord, long records,
                        long firstNanos, long lastNanos, long maxNanos, boolean monotonic,
                        boolean structureBlocks, String problem, long problemOffset, List<String> warnings,
                        boolean exact, long penultimateNanos) implements Serializable {
    public SplitScan {
        warnings = List.copyOf(warnings);
    }

    /** A scan whose frames' penultimate time is unknown or absent (fewer than two frames). */
    public SplitScan(CaptureSplit split, long firstRecord, long nextRecord, long records,
                     long firstNanos, long lastNanos, long maxNanos, boolean monotonic,
                     boolean structureBlocks, String problem, long problemOffset, List<String> warnings,
                     boolean exact) {
        this(split, firstRecord, nextRecord, records, firstNanos, lastNanos, maxNanos, monotonic, structureBlocks,
                problem, problemOffset, warnings, exact, Long.MIN_VALUE);
    }
}
