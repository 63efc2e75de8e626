package io.tcplens.spark;

import io.tcplens.capture.Frame;
import io.tcplens.decode.Packet;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The job's frames on their way to their connection's partition, in batches: each task reads one
 * byte range, routes every TCP frame to its partition ({@link FrameRouter}) and packs what the
 * analysis needs of it (number, times, where its bytes are in the file; the bytes themselves only
 * for gzip files) into that partition's batch, a byte array of up to {@link #BATCH_BYTES}. The
 * shuffle then moves a few large arrays instead of a row per frame, and no frame is sorted: a
 * batch holds one range's frames of one partition in capture order, ranges hold disjoint runs of
 * frame numbers, so a partition's batches ordered by their first frame are its frames in capture
 * order ({@link #inOrder}).
 *
 * <p>Only for files that follow each other in time (numbered by the plan); files that overlap are
 * numbered by a global sort of rows ({@link TcplensSpark}).
 */
final class FrameBatches {
    private FrameBatches() { }

    static final int BATCH_BYTES = 1 << 20;
    /** Bytes of a frame's record before its inline bytes. */
    static final int HEAD = 61;
    static final byte UNROUTED_FRAGMENT = 1, INLINE = 2;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** A batch's partition and its first frame number: the shuffle's key, sorted by frame within a partition. */
    record Key(int partition, long firstFrame) implements Comparable<Key>, Serializable {
        @Override public int compareTo(Key o) {
            int c = Integer.compare(partition, o.partition);
            return c != 0 ? c : Long.compare(firstFrame, o.firstFrame);
        }
    }

    /** Batch {@code Key(p, ...)} goes to partition p. */
    static final class ByPartition extends Partitioner {
        private final int partitions;

        ByPartition(int partitions) { this.partitions = partitions; }

        @Override public int numPartitions() { return partitions; }
        @Override public int getPartition(Object key) { return ((Key) key).partition(); }
        @Override public boolean equals(Object o) { return o instanceof ByPartition b && b.partitions == partitions; }
        @Override public int hashCode() { return partitions; }
    }

    /** The partition of a connection's key. */
    static int partitionOf(long flow, int partitions) {
        long h = flow * 0x9E3779B97F4A7C15L;
        return (int) Math.floorMod(h ^ (h >>> 29), (long) partitions);
    }

    /** The ranges' frames in batches, each partition's sorted by first frame. */
    static JavaPairRDD<Key, byte[]> inOrder(JavaSparkContext jsc, List<PcapSource.Range> ranges, int partitions) {
        return jsc.parallelize(ranges, Math.max(1, ranges.size()))
                .mapPartitionsToPair(new Pack(partitions))
                .repartitionAndSortWithinPartitions(new ByPartition(partitions));
    }

    /** Reads ranges, yields batches as they fill (at most one batch per partition waits in memory). */
    private record Pack(int partitions) implements PairFlatMapFunction<Iterator<PcapSource.Range>, Key, byte[]> {
        @Override public Iterator<Tuple2<Key, byte[]>> call(Iterator<PcapSource.Range> ranges) {
            return new Packer(ranges, partitions);
        }
    }

    private static final class Packer implements Iterator<Tuple2<Key, byte[]>> {
        private final Iterator<PcapSource.Range> ranges;
        private final int partitions;
        private final int capacity;
        private final byte[][] batch;
        private final int[] used;
        private final long[] first;
        private final ArrayDeque<Tuple2<Key, byte[]>> ready = new ArrayDeque<>();
        private final Packet packet = new Packet();
        private RangeFrames frames;
        private Frame frame;
        private FrameRouter router;
        private int fileIndex;
        private long rangeIndex;

        Packer(Iterator<PcapSource.Range> ranges, int partitions) {
            this.ranges = ranges;
            this.partitions = partitions;
            // many partitions (a big cluster): smaller batches, so a task's waiting batches stay small
            this.capacity = (int) Math.max(64 << 10, Math.min(BATCH_BYTES, (64L << 20) / partitions));
            this.batch = new byte[partitions][];
            this.used = new int[partitions];
            this.first = new long[partitions];
        }

        @Override public boolean hasNext() {
            while (ready.isEmpty()) {
                if (!step()) return false;
            }
            return true;
        }

        @Override public Tuple2<Key, byte[]> next() {
            if (!hasNext()) throw new NoSuchElementException();
            return ready.poll();
        }

        /** Reads a frame (or opens the next range, or flushes at the end); false when all is done. */
        private boolean step() {
            if (frames == null) {
                if (!ranges.hasNext()) return false;
                PcapSource.Range r = ranges.next();
                frames = new RangeFrames(r);
                frame = frames.frame;
                router = new FrameRouter();
                fileIndex = r.split().split().fileIndex();
                rangeIndex = r.split().split().index();
                return true;
            }
            if (!frames.next()) {
                frames.close();
                frames = null;
                for (int p = 0; p < partitions; p++) flush(p);
                return true;
            }
            packet.decode(frame);
            int route = router.route(packet);
            if (route != FrameRouter.NONE) {
                int p = route == FrameRouter.FLOW ? partitionOf(router.flow(), partitions) : (int) (rangeIndex % partitions);
                add(p, route == FrameRouter.UNROUTED_FRAGMENT);
            }
            return true;
        }

        private void add(int p, boolean unrouted) {
            boolean seekable = frames.seekable;
            int len = frame.captureLength();
            int need = HEAD + (seekable ? 0 : len);
            if (batch[p] != null && used[p] + need > batch[p].length) flush(p);
            if (batch[p] == null) {
                batch[p] = new byte[Math.max(capacity, need)];
                first[p] = frame.number();
            }
            byte[] b = batch[p];
            int o = used[p];
            b[o] = (byte) ((unrouted ? UNROUTED_FRAGMENT : 0) | (seekable ? 0 : INLINE));
            LONG.set(b, o + 1, frame.number());
            LONG.set(b, o + 9, frames.nanos());
            LONG.set(b, o + 17, frames.previousNanos());
            LONG.set(b, o + 25, frames.previous2Nanos());
            INT.set(b, o + 33, fileIndex);
            LONG.set(b, o + 37, frame.dataFileOffset());
            INT.set(b, o + 45, len);
            INT.set(b, o + 49, frame.wireLength());
            INT.set(b, o + 53, frame.linkType());
            INT.set(b, o + 57, frame.snaplen());
            if (!seekable) System.arraycopy(frame.buffer(), frame.offset(), b, o + HEAD, len);
            used[p] = o + need;
        }

        private void flush(int p) {
            if (batch[p] == null || used[p] == 0) return;
            ready.add(new Tuple2<>(new Key(p, first[p]), used[p] == batch[p].length ? batch[p] : Arrays.copyOf(batch[p], used[p])));
            batch[p] = null;
            used[p] = 0;
        }
    }

    /** A partition's batches, in order, as the analysis reads frames. */
    static final class Input implements PartitionAnalysis.FrameInput {
        private final Iterator<Tuple2<Key, byte[]>> batches;
        private final FrameBytes bytes;
        private byte[] b = new byte[0];
        private int at, next;

        Input(Iterator<Tuple2<Key, byte[]>> batches, FrameBytes bytes) {
            this.batches = batches;
            this.bytes = bytes;
        }

        @Override public boolean next() {
            while (next >= b.length) {
                if (!batches.hasNext()) return false;
                b = batches.next()._2();
                next = 0;
            }
            at = next;
            next = at + HEAD + ((b[at] & INLINE) != 0 ? captureLength() : 0);
            return true;
        }

        @Override public boolean unroutedFragment() { return (b[at] & UNROUTED_FRAGMENT) != 0; }
        @Override public long number() { return (long) LONG.get(b, at + 1); }
        @Override public long nanos() { return (long) LONG.get(b, at + 9); }
        @Override public long previousNanos() { return (long) LONG.get(b, at + 17); }
        @Override public long previous2Nanos() { return (long) LONG.get(b, at + 25); }
        @Override public int captureLength() { return (int) INT.get(b, at + 45); }
        @Override public int wireLength() { return (int) INT.get(b, at + 49); }
        @Override public int linkType() { return (int) INT.get(b, at + 53); }
        @Override public int snaplen() { return (int) INT.get(b, at + 57); }

        private byte[] inline = new byte[0];

        @Override public byte[] data() {
            int len = captureLength();
            if ((b[at] & INLINE) == 0) return bytes.read((int) INT.get(b, at + 33), (long) LONG.get(b, at + 37), len);
            if (inline.length < len) inline = new byte[Math.max(len, 2 * inline.length)];
            System.arraycopy(b, at + HEAD, inline, 0, len);
            return inline;
        }
    }
}
