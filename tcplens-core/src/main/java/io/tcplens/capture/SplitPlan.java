package io.tcplens.capture;

import java.io.Serializable;
import java.util.List;

/**
 * The reconciled splits of one or more files ({@link CaptureSplits#reconcile}).
 *
 * @param splits          splits that own at least one frame: in frame order when
 *                        {@code needsGlobalSort} is false, else by file index then position
 * @param needsGlobalSort the files overlap in time, so merging them by timestamp (as
 *                        {@link MergingCaptureReader} does) is not a concatenation: sort all frames by
 *                        (seconds, nanos, fileIndex, fileOffset) and number them in that order. For
 *                        overlapping files whose own records are not in time order this differs from
 *                        the streaming merge, which never reorders a file's records.
 * @param problems        at most one per file, in file index order
 * @param warnings        the readers' warnings, each kind once per file (as a file's reader says them), in file index order
 */
public record SplitPlan(List<PlannedSplit> splits, boolean needsGlobalSort, List<FileProblem> problems,
                        List<String> warnings) implements Serializable {
    public SplitPlan {
        splits = List.copyOf(splits);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** Frames in all splits. */
    public long records() {
        long n = 0;
        for (PlannedSplit p : splits) n += p.records();
        return n;
    }
}
