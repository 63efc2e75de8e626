package io.tcplens.spark;

import io.tcplens.capture.CaptureSplit;
import io.tcplens.capture.CaptureSplits;
import io.tcplens.capture.PlannedSplit;
import io.tcplens.capture.SplitPlan;
import io.tcplens.capture.SplitScan;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a set of capture files is read by a cluster: cut into byte ranges ({@link CaptureSplits}),
 * each range counted by a Spark task (the first pass, which also finds where each range's first
 * record starts), and the counts reconciled on the driver into exact start offsets and global frame
 * numbers, the numbers tcpdump and tshark give the merged capture ({@link SplitPlan}).
 *
 * <p>Made once per (files, split size) on the driver and kept ({@link #of}): the data source plans
 * its partitions from it and the job reads its problems and last frame from the same instance.
 */
final class CapturePlan {
    private static final Map<String, CapturePlan> PLANS = new ConcurrentHashMap<>();

    final List<String> files;
    final long splitBytes;
    final SplitPlan plan;
    /**
     * Per planned split, the times of the capture's two frames before its first one (Long.MIN_VALUE:
     * none): the clock {@link io.tcplens.tcp.TcpAnalyzer#clock} replays.
     */
    final long[] previousNanos, previous2Nanos;
    /** The capture's last frame number, its time and its predecessor's (0, 0, MIN_VALUE when it has no frame). */
    final long lastFrame, lastNanos, lastPreviousNanos, frames;

    private CapturePlan(List<String> files, long splitBytes, SplitPlan plan) {
        this.files = List.copyOf(files);
        this.splitBytes = splitBytes;
        this.plan = plan;
        List<PlannedSplit> s = plan.splits();
        previousNanos = new long[s.size()];
        previous2Nanos = new long[s.size()];
        long total = 0, lastNo = 0, lastNs = 0;
        // Splits in frame order: each one's predecessor is the last record of the split before it.
        Integer[] order = new Integer[s.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> s.get(i).firstFrameNumber()));
        long prev = Long.MIN_VALUE, prev2 = Long.MIN_VALUE;
        for (int i : order) {
            PlannedSplit p = s.get(i);
            previousNanos[i] = prev;
            previous2Nanos[i] = prev2;
            if (p.records() > 0) {
                prev2 = p.records() >= 2 ? p.penultimateNanos() : prev;
                prev = p.lastNanos();
                total += p.records();
                lastNo = p.firstFrameNumber() + p.records() - 1;
                lastNs = prev;
            }
        }
        frames = total;
        lastFrame = lastNo;
        lastNanos = lastNs;
        lastPreviousNanos = prev2;
    }

    /** The planned ranges that hold records, each with the times of the capture's two frames before it. */
    List<PcapSource.Range> ranges() {
        List<PlannedSplit> s = plan.splits();
        List<PcapSource.Range> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i).records() > 0) out.add(new PcapSource.Range(s.get(i), previousNanos[i], previous2Nanos[i]));
        }
        return out;
    }

    /** The plan of {@code files}, made with one Spark job over their ranges the first time it is asked for. */
    static CapturePlan of(SparkSession spark, List<String> files, long splitBytes) {
        // The files' sizes and modification times are part of the key: a driver that lives long
        // (a notebook, a test JVM) must not reuse the plan of a file that changed under its name.
        StringBuilder key = new StringBuilder().append(splitBytes);
        for (String f : files) {
            key.append('\u0000').append(f);
            try {
                java.nio.file.Path p = java.nio.file.Path.of(f);
                key.append('\u0000').append(java.nio.file.Files.size(p))
                        .append('\u0000').append(java.nio.file.Files.getLastModifiedTime(p).toMillis());
            } catch (java.io.IOException | RuntimeException e) {
                key.append("\u0000?");   // unreadable now: the scan reports it
            }
        }
        if (PLANS.size() > 64) PLANS.clear();   // a cache of recent plans, not a history
        return PLANS.computeIfAbsent(key.toString(), k -> make(spark, files, splitBytes));
    }

    private static CapturePlan make(SparkSession spark, List<String> files, long splitBytes) {
        List<CaptureSplit> splits = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) splits.addAll(CaptureSplits.plan(files.get(i), i, splitBytes));
        List<SplitScan> scans = splits.isEmpty() ? List.of()
                : JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .parallelize(splits, splits.size())
                        .map(CaptureSplits::scan)
                        .collect();
        return new CapturePlan(files, splitBytes, CaptureSplits.reconcile(new ArrayList<>(scans)));
    }
}
