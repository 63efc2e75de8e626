package io.tcplens.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Reads capture files the way the cluster does ({@link CaptureSplits}: plan, scan every split,
 * reconcile, open every planned split) and the way one machine does ({@link CaptureReader#open} with
 * whole records kept, or {@link MergingCaptureReader} for several files), for tests to compare.
 */
final class SplitRuns {
    private SplitRuns() { }

    /**
     * One frame as both sides must agree on it; {@code rawDigits} and {@code rawFraction} are a pcap
     * record's out-of-range fraction as the file has it ({@link Frame#rawFractionDigits()}; 0, 0 when in range).
     */
    record Rec(long number, long offset, long seconds, int nanos, int rawDigits, int rawFraction, int linkType, int iface,
               int snaplen, int caplen, int wire, String data) {
        Rec renumbered(long n) {
            return new Rec(n, offset, seconds, nanos, rawDigits, rawFraction, linkType, iface, snaplen, caplen, wire, data);
        }

        /** Without the raw fraction, which {@link MergingCaptureReader} does not pass on (its frames always say 0). */
        Rec withoutRawFraction() {
            return new Rec(number, offset, seconds, nanos, 0, 0, linkType, iface, snaplen, caplen, wire, data);
        }

        @Override public String toString() {
            return "#" + number + "@" + offset + " t=" + seconds + "." + nanos + " link=" + linkType + "/if" + iface
                    + " cap=" + caplen + " wire=" + wire + " data=" + (data.length() > 24 ? data.substring(0, 24) + "…" : data);
        }
    }

    /** A frame and the file it came from (the file index is what the global sort breaks ties on). */
    record Tagged(int fileIndex, Rec rec) { }

    static Rec rec(Frame f) {
        return new Rec(f.number(), f.fileOffset(), f.seconds(), f.nanos(), f.rawFractionDigits(),
                f.rawFractionDigits() == 0 ? 0 : f.rawFraction(), f.linkType(), f.interfaceId(), f.snaplen(),
                f.captureLength(), f.wireLength(),
                HexFormat.of().formatHex(f.buffer(), f.offset(), f.offset() + f.captureLength()));
    }

    /** What the single-machine reader yields: its frames, then the problem it stopped at (null: none), and its warnings. */
    record Sequential(List<Rec> frames, FileProblem problem, List<String> warnings) { }

    static Sequential sequential(Path file) {
        List<Rec> out = new ArrayList<>();
        String name = file.toString();
        CaptureReader r;
        try {
            r = CaptureReader.open(name);
        } catch (CaptureException e) {
            return new Sequential(out, new FileProblem(name, e.offset(), e.getMessage()), List.of());
        }
        try (r) {
            r.keepWholeRecords();
            Frame f = new Frame();
            FileProblem problem = null;
            try {
                while (r.next(f)) out.add(rec(f));
            } catch (CaptureException e) {
                problem = new FileProblem(name, e.offset(), e.getMessage());
            }
            return new Sequential(out, problem, r.warnings());
        }
    }

    /** What the merge of several files yields, and what it warned about (the files it stopped reading). */
    record Merged(List<Rec> frames, List<String> warnings) { }

    static Merged merged(List<Path> files) throws CaptureException {
        List<String> warnings = new ArrayList<>();
        List<Rec> out = new ArrayList<>();
        try (MergingCaptureReader r = new MergingCaptureReader(files.stream().map(Path::toString).toList(), false, warnings::add)) {
            r.keepWholeRecords();
            Frame f = new Frame();
            while (r.next(f)) out.add(rec(f));
        }
        return new Merged(out, warnings);
    }

    /** The split way: the first pass's scans, the reconciled plan, and each planned split's frames. */
    record Split(List<CaptureSplit> splits, List<SplitScan> scans, SplitPlan plan, List<List<Rec>> perSplit) {
        /** Every planned split's frames, in plan order. */
        List<Rec> frames() {
            List<Rec> all = new ArrayList<>();
            perSplit.forEach(all::addAll);
            return all;
        }

        /** Every planned split's frames with their file index, in plan order. */
        List<Tagged> tagged() {
            List<Tagged> all = new ArrayList<>();
            for (int i = 0; i < perSplit.size(); i++) {
                int fi = plan.splits().get(i).split().fileIndex();
                for (Rec r : perSplit.get(i)) all.add(new Tagged(fi, r));
            }
            return all;
        }
    }

    static Split split(Path file, long splitBytes) {
        return split(List.of(file), splitBytes, null);
    }

    /**
     * Plans every file (file index = position in {@code files}), scans every split, hands the scans to
     * reconcile in an order shuffled by {@code shuffle} (null: in order; reconcile takes any order) and
     * reads every planned split.
     */
    static Split split(List<Path> files, long splitBytes, Random shuffle) {
        List<CaptureSplit> splits = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) splits.addAll(CaptureSplits.plan(files.get(i).toString(), i, splitBytes));
        List<SplitScan> scans = new ArrayList<>();
        for (CaptureSplit s : splits) scans.add(CaptureSplits.scan(s));
        List<SplitScan> given = new ArrayList<>(scans);
        if (shuffle != null) Collections.shuffle(given, shuffle);
        SplitPlan plan = CaptureSplits.reconcile(given);
        List<List<Rec>> per = new ArrayList<>();
        for (PlannedSplit p : plan.splits()) {
            List<Rec> recs = new ArrayList<>();
            try (CaptureReader r = CaptureSplits.open(p)) {
                Frame f = new Frame();
                while (r.next(f)) recs.add(rec(f));
            } catch (CaptureException e) {
                fail("planned split " + p + " could not be read: " + e.getMessage());
            }
            per.add(recs);
        }
        return new Split(splits, scans, plan, per);
    }

    /** Equal lists, told by the first difference (the whole lists are too long to print). */
    static void assertSameFrames(List<Rec> actual, List<Rec> expected, String what) {
        int n = Math.min(actual.size(), expected.size());
        for (int i = 0; i < n; i++) {
            if (!actual.get(i).equals(expected.get(i))) {
                fail(what + ": frame " + i + " differs:\n  split:      " + actual.get(i) + "\n  sequential: " + expected.get(i)
                        + (i > 0 ? "\n  (previous, equal: " + expected.get(i - 1) + ")" : ""));
            }
        }
        if (actual.size() != expected.size()) {
            fail(what + ": the splits yield " + actual.size() + " frames, the sequential reader " + expected.size()
                    + (actual.size() > n ? "; first extra: " + actual.get(n) : "; first missing: " + expected.get(n)));
        }
    }

    /**
     * The whole contract for one file: the planned splits' frames are the sequential reader's, record
     * for record, the plan reports its problem and warnings, and the plan's own bookkeeping holds
     * ({@link #assertPlanConsistent}).
     */
    static Split assertSplitsMatchSequential(Path file, long splitBytes) {
        return assertSplitsMatchSequential(file, splitBytes, null);
    }

    /** The same, the scans handed to reconcile in an order shuffled by {@code shuffle} (null: in order). */
    static Split assertSplitsMatchSequential(Path file, long splitBytes, Random shuffle) {
        Sequential seq = sequential(file);
        Split sp = split(List.of(file), splitBytes, shuffle);
        String what = file.getFileName() + " at " + splitBytes + "-byte splits";
        assertSameFrames(sp.frames(), seq.frames(), what);
        assertThat(sp.plan().problems()).as(what + ": problems")
                .isEqualTo(seq.problem() == null ? List.of() : List.of(seq.problem()));
        assertThat(sp.plan().warnings()).as(what + ": warnings").isEqualTo(seq.warnings());
        assertThat(sp.plan().needsGlobalSort()).as(what + ": one file never needs a global sort").isFalse();
        assertPlanConsistent(sp, what);
        return sp;
    }

    /**
     * What must hold of any plan and the frames its splits yield: every planned split owns at least one
     * frame and yields exactly {@link PlannedSplit#records()}; its frames' record headers start in its byte
     * range (after its exact start), so no record is owned twice; its times are its frames'; frame numbers
     * continue from split to split (1..N) unless a global sort is needed (then they are 1.. within a split).
     */
    static void assertPlanConsistent(Split sp, String what) {
        SplitPlan plan = sp.plan();
        long next = 1;
        long total = 0;
        List<long[]> owned = new ArrayList<>();   // {fileIndex, offset}
        for (int i = 0; i < plan.splits().size(); i++) {
            PlannedSplit p = plan.splits().get(i);
            List<Rec> recs = sp.perSplit().get(i);
            CaptureSplit s = p.split();
            String w = what + ": planned split " + i + " (file " + s.fileIndex() + " split " + s.index() + " of " + s.count()
                    + ", bytes " + s.start() + ".." + s.end() + ", start " + p.start() + ")";
            assertThat(p.records()).as(w + " owns a frame").isPositive();
            assertThat(recs).as(w + " yields what it planned").hasSize((int) p.records());
            if (plan.needsGlobalSort()) {
                assertThat(p.firstFrameNumber()).as(w).isEqualTo(-1);
                for (int k = 0; k < recs.size(); k++) assertThat(recs.get(k).number()).as(w + " local numbers").isEqualTo(k + 1);
            } else {
                assertThat(p.firstFrameNumber()).as(w + " first frame number").isEqualTo(next);
                for (Rec r : recs) assertThat(r.number()).as(w + " global numbers").isEqualTo(next++);
            }
            if (!s.wholeFile()) {
                for (Rec r : recs) {
                    assertThat(r.offset()).as(w + ": " + r + " starts in the split's range").isBetween(s.start(), s.end() - 1);
                }
                if (s.index() > 0) {
                    assertThat(p.start()).as(w + ": exact start").isBetween(s.start(), recs.get(0).offset());
                }
            }
            long first = ns(recs.get(0)), last = ns(recs.get(recs.size() - 1));
            long max = recs.stream().mapToLong(SplitRuns::ns).max().orElseThrow();
            long penultimate = recs.size() >= 2 ? ns(recs.get(recs.size() - 2)) : Long.MIN_VALUE;
            assertThat(new long[] {p.firstNanos(), p.lastNanos(), p.maxNanos(), p.penultimateNanos()})
                    .as(w + ": first, last, max, penultimate times").containsExactly(first, last, max, penultimate);
            for (Rec r : recs) owned.add(new long[] {s.fileIndex(), r.offset()});
            total += p.records();
        }
        assertThat(plan.records()).as(what + ": records()").isEqualTo(total);
        owned.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
        for (int i = 1; i < owned.size(); i++) {
            if (owned.get(i)[0] == owned.get(i - 1)[0] && owned.get(i)[1] == owned.get(i - 1)[1]) {
                fail(what + ": the record at offset " + owned.get(i)[1] + " of file " + owned.get(i)[0] + " is owned twice");
            }
        }
    }

    /**
     * The contract for several files (file index = position in {@code files}): the plan needs a global
     * sort exactly when the files do not follow each other in time ({@link #followEachOther}); without
     * one, the planned splits' frames are the merge's, numbers included; with one, the global sort of
     * them is the merge when every file is in time order itself. Either way each file's frames are its
     * own sequential reader's, the problems are the files' (what the merge warns about), the warnings
     * each file's reader's.
     */
    static Split assertSplitsMatchMerge(List<Path> files, long splitBytes, Random shuffle) throws CaptureException {
        Merged merged = merged(files);
        Split sp = split(files, splitBytes, shuffle);
        String what = files.size() + " files at " + splitBytes + "-byte splits";
        List<Sequential> seqs = files.stream().map(SplitRuns::sequential).toList();
        boolean follow = followEachOther(seqs);
        assertThat(sp.plan().needsGlobalSort()).as(what + ": needs a global sort").isEqualTo(!follow);
        boolean allMonotonic = true;
        for (int i = 0; i < files.size(); i++) {
            int fi = i;
            List<Rec> own = sp.tagged().stream().filter(t -> t.fileIndex() == fi).map(t -> t.rec().renumbered(0)).toList();
            assertSameFrames(own, seqs.get(i).frames().stream().map(r -> r.renumbered(0)).toList(),
                    what + ": file " + i + " (" + files.get(i).getFileName() + ")");
            allMonotonic &= monotonic(seqs.get(i).frames());
        }
        List<Rec> mergedFrames = merged.frames().stream().map(Rec::withoutRawFraction).toList();
        if (follow) {
            assertSameFrames(sp.frames().stream().map(Rec::withoutRawFraction).toList(), mergedFrames, what + ": concatenated");
        } else if (allMonotonic) {
            assertSameFrames(globallySorted(sp.tagged()).stream().map(Rec::withoutRawFraction).toList(), mergedFrames,
                    what + ": globally sorted");
        }
        else assertThat(sp.plan().records()).as(what + ": records").isEqualTo(merged.frames().size());
        List<FileProblem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Sequential s : seqs) {
            if (s.problem() != null) problems.add(s.problem());
            warnings.addAll(s.warnings());
        }
        assertThat(sp.plan().problems()).as(what + ": problems").isEqualTo(problems);
        assertThat(merged.warnings()).as(what + ": the merge's warnings")
                .map(w -> w.replaceFirst("; (file|rest of the file) skipped$", ""))
                .containsExactlyInAnyOrderElementsOf(problems.stream().map(FileProblem::message).toList());
        assertThat(sp.plan().warnings()).as(what + ": warnings").isEqualTo(warnings);
        assertPlanConsistent(sp, what);
        return sp;
    }

    /**
     * Files with frames, sorted by (first time, file index), each one's latest time before the next
     * one's first (or equal, the earlier one named first): the merge is their concatenation.
     */
    static boolean followEachOther(List<Sequential> files) {
        record Span(int index, long first, long max) { }
        List<Span> spans = new ArrayList<>();
        boolean saturated = false;   // a time beyond what nanoseconds since the epoch hold in a long
        for (int i = 0; i < files.size(); i++) {
            List<Rec> f = files.get(i).frames();
            if (f.isEmpty()) continue;
            long first = ns(f.get(0)), max = f.stream().mapToLong(SplitRuns::ns).max().orElseThrow();
            saturated |= first == Long.MIN_VALUE || first == Long.MAX_VALUE || max == Long.MIN_VALUE || max == Long.MAX_VALUE;
            spans.add(new Span(i, first, max));
        }
        if (saturated && spans.size() > 1) return false;
        spans.sort(Comparator.comparingLong(Span::first).thenComparingInt(Span::index));
        for (int i = 0; i + 1 < spans.size(); i++) {
            Span a = spans.get(i), b = spans.get(i + 1);
            if (!(a.max() < b.first() || a.max() == b.first() && a.index() < b.index())) return false;
        }
        return true;
    }

    static boolean monotonic(List<Rec> frames) {
        for (int i = 1; i < frames.size(); i++) if (ns(frames.get(i)) < ns(frames.get(i - 1))) return false;
        return true;
    }

    static long ns(Rec r) { return CaptureSplits.nanos(r.seconds(), r.nanos()); }

    /** The global sort {@link SplitPlan#needsGlobalSort} asks for: (seconds, nanos, file index, offset), numbered 1.. */
    static List<Rec> globallySorted(List<Tagged> frames) {
        List<Tagged> sorted = new ArrayList<>(frames);
        sorted.sort(Comparator.<Tagged>comparingLong(t -> t.rec().seconds()).thenComparingInt(t -> t.rec().nanos())
                .thenComparingInt(Tagged::fileIndex).thenComparingLong(t -> t.rec().offset()));
        List<Rec> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) out.add(sorted.get(i).rec().renumbered(i + 1));
        return out;
    }

    /** A first-pass scan that resynchronised somewhere no record (block) of the file starts: it was fooled. */
    static boolean fooled(SplitScan s, java.util.Set<Long> blockOffsets) {
        return !s.exact() && s.firstRecord() >= 0 && !blockOffsets.contains(s.firstRecord());
    }
}
