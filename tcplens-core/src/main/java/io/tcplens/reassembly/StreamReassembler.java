package io.tcplens.reassembly;

import java.util.Map;
import java.util.TreeMap;

/**
 * Reassembles one direction of a TCP connection into an ordered byte stream.
 *
 * <p>Fed the segments of one direction in capture order; hands the sink each run of new,
 * contiguous bytes in sequence order. Retransmitted and overlapping bytes are dropped (the
 * first copy wins), out-of-order segments are held until the hole before them is filled, and
 * holes that will never be filled are reported as gaps, never invented: when the peer
 * acknowledges past the hole, when buffered data would exceed the cap, when bytes were not
 * captured (snap length), and at {@link #end}.
 *
 * <p>Stream offsets are 64-bit and count from the first byte after the SYN (or, without a SYN,
 * from the first data segment seen), so sequence-number wrap-around is handled.
 */
public final class StreamReassembler {
    /** Default cap on out-of-order data held per direction: 1 MiB. */
    public static final int DEFAULT_MAX_BUFFERED = 1 << 20;

    /** Receives the reassembled stream. */
    public interface Sink {
        /** New contiguous bytes; {@code frame}/{@code micros} are those of the segment that carried them. */
        void data(byte[] buf, int off, int len, long frame, long micros);

        /** {@code bytes} bytes of the stream are missing (never captured) at this point. */
        void gap(long bytes, long frame, long micros);
    }

    private record Held(long offset, byte[] data, int declared, long frame, long micros) {}

    private final Sink sink;
    private final int maxBuffered;
    private boolean anchored;
    private int base;          // raw sequence number of stream offset 0
    private long next;         // next expected stream offset
    /** Out-of-order segments by stream offset; the empty map is shared until one is held (most streams never need one). */
    private TreeMap<Long, Held> held = NONE_HELD;
    private static final TreeMap<Long, Held> NONE_HELD = new TreeMap<>();
    private long heldBytes;

    private boolean overCap;
    private long delivered, retransmitted, gapBytes, gaps, outOfOrder, maxHeld;
    private long finOffset = -1;

    public StreamReassembler(Sink sink) { this(sink, DEFAULT_MAX_BUFFERED); }

    public StreamReassembler(Sink sink, int maxBuffered) {
        this.sink = sink;
        this.maxBuffered = Math.max(0, maxBuffered);
    }

    /** Maps a raw sequence number to a stream offset near the current position (wrap-safe). */
    private long offsetOf(int rawSeq) {
        int expectedRaw = base + (int) next;
        return next + (rawSeq - expectedRaw);
    }

    /**
     * One segment of this direction.
     *
     * @param captured bytes of payload present in {@code buf} from {@code off}
     * @param declared payload length the IP header declares (≥ captured); the difference is a gap
     */
    public void segment(int flags, int rawSeq, byte[] buf, int off, int captured, int declared, long frame, long micros) {
        boolean syn = (flags & 0x02) != 0;
        int dataSeq = syn ? rawSeq + 1 : rawSeq;
        if (syn && !anchored) {
            anchored = true;
            base = rawSeq + 1;
            next = 0;
        }
        captured = Math.max(0, Math.min(captured, declared));
        if (!anchored) {
            if (declared <= 0) {
                return;
            }
            anchored = true;
            base = dataSeq;
            next = 0;
        }
        long start = offsetOf(dataSeq);
        if ((flags & 0x01) != 0 && finOffset < 0) finOffset = start + Math.max(declared, 0);
        if (declared <= 0) return;
        long end = start + declared;
        if (end <= next) {
            retransmitted += declared;
            return;
        }
        if (start < next) {
            int skip = (int) (next - start);
            retransmitted += skip;
            start = next;
            off += Math.min(skip, captured);
            captured = Math.max(0, captured - skip);
            declared -= skip;
        }
        if (start == next) {
            deliver(buf, off, captured, declared, frame, micros);
            drain();
            return;
        }
        // Out of order: hold a copy, within the cap.
        outOfOrder++;
        while (!held.isEmpty() && heldBytes + captured > maxBuffered) {
            overCap = true;
            skipToFirstHeld(frame, micros);
        }
        if (captured > maxBuffered) {
            overCap = true;
            gap(start - next, frame, micros);
            deliver(buf, off, captured, declared, frame, micros);
            drain();
            return;
        }
        Held prev = held.get(start);
        if (prev != null && prev.declared >= declared) {
            retransmitted += declared;
            return;
        }
        byte[] copy = new byte[captured];
        System.arraycopy(buf, off, copy, 0, captured);
        if (prev != null) heldBytes -= prev.data.length;
        if (held == NONE_HELD) held = new TreeMap<>();
        held.put(start, new Held(start, copy, declared, frame, micros));
        heldBytes += captured;
        maxHeld = Math.max(maxHeld, heldBytes);
    }

    /** An acknowledgement from the peer: if it covers bytes never seen, they are declared missing. */
    public void peerAck(int rawAck, long frame, long micros) {
        if (!anchored) {
            // No SYN and no data seen yet: the peer's ACK says where this stream stands, so data
            // that then arrives beyond it shows a gap (a lost first response) instead of
            // passing for the start of the stream.
            anchored = true;
            base = rawAck;
            next = 0;
            return;
        }
        long ackOffset = offsetOf(rawAck);
        if (finOffset >= 0 && ackOffset > finOffset) ackOffset = finOffset; // the FIN's own sequence number
        while (ackOffset > next) {
            if (held.isEmpty()) {
                gap(ackOffset - next, frame, micros);
                return;
            }
            long first = held.firstKey();
            if (first > next) gap(Math.min(first, ackOffset) - next, frame, micros);
            drain();
        }
    }

    /** The end of the capture (or the connection): everything still held is delivered, holes as gaps. */
    public void end(long frame, long micros) {
        while (!held.isEmpty()) skipToFirstHeld(frame, micros);
    }

    private void skipToFirstHeld(long frame, long micros) {
        long first = held.firstKey();
        if (first > next) gap(first - next, frame, micros);
        drain();
    }

    private void drain() {
        while (!held.isEmpty()) {
            Map.Entry<Long, Held> e = held.firstEntry();
            Held h = e.getValue();
            if (h.offset > next) return;
            held.pollFirstEntry();
            heldBytes -= h.data.length;
            long end = h.offset + h.declared;
            if (end <= next) {
                retransmitted += h.declared;
                continue;
            }
            int skip = (int) (next - h.offset);
            retransmitted += skip;
            int captured = Math.max(0, h.data.length - skip);
            deliver(h.data, Math.min(skip, h.data.length), captured, h.declared - skip, h.frame, h.micros);
        }
    }

    private void deliver(byte[] buf, int off, int captured, int declared, long frame, long micros) {
        if (captured > 0) {
            sink.data(buf, off, captured, frame, micros);
            delivered += captured;
        }
        next += captured;
        if (declared > captured) gap(declared - captured, frame, micros);
    }

    private void gap(long bytes, long frame, long micros) {
        if (bytes <= 0) return;
        gaps++;
        gapBytes += bytes;
        next += bytes;
        sink.gap(bytes, frame, micros);
    }

    /** True once buffered out-of-order data had to be given up to stay under the cap. */
    public boolean overCap() { return overCap; }
    public int maxBuffered() { return maxBuffered; }
    /** The stream offset of the next byte expected. */
    public long nextOffset() { return next; }
    public long deliveredBytes() { return delivered; }
    public long retransmittedBytes() { return retransmitted; }
    public long gapBytes() { return gapBytes; }
    public long gapCount() { return gaps; }
    public long outOfOrderSegments() { return outOfOrder; }
    public long bufferedBytes() { return heldBytes; }
    public long maxBufferedSeen() { return maxHeld; }
    public boolean anchored() { return anchored; }
    /** True when the FIN was seen and every byte before it has been delivered or declared missing. */
    public boolean finished() { return finOffset >= 0 && next >= finOffset; }
}
