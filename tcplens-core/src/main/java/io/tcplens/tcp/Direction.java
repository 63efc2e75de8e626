package io.tcplens.tcp;

/**
 * Analysis state of one direction of a connection (the segments one endpoint sends), the
 * counterpart of Wireshark's {@code tcp_flow_t}. All sequence numbers are raw 32-bit values.
 */
final class Direction {
    static final int MAX_UNACKED = 10000;

    boolean baseSet;
    boolean sawSyn;
    int base;

    int nextseq;           // 0 = unknown
    long nextseqFrame;
    long nextseqTime;      // ns since epoch
    int maxseqtobeacked;   // 0 = unknown
    int lastack;
    long lastackTime;
    int window = -1;       // raw window of the last segment; -1 = unknown
    int winScale = -1;     // -1 unknown, -2 not used, else shift
    boolean isFirstAck = true;
    int dupacknum;
    long lastnondupack;
    int lastSegmentFlags;
    boolean validBif = true;
    int pushBytesSent;
    boolean pushSetLast;

    // SACK blocks of the last packet sent by this direction (raw left/right edges).
    int sackCount;
    int[] sackLeft = EMPTY_I;   // allocated on the first SACK option
    int[] sackRight = EMPTY_I;

    // Unacked segments, oldest first: a simple growable list of primitives.
    int segCount;
    int[] segSeq = EMPTY_I;
    int[] segNext = EMPTY_I;
    long[] segFrame = EMPTY_L;
    long[] segTime = EMPTY_L;

    // Endpoint facts for the state machine.
    boolean synSent;
    int iss;
    boolean finSent;
    int finSeq;            // sequence number of the FIN (seq + len)

    /** Frees the unacked-segment buffers (the connection finished; only scalars are kept). */
    void trim() {
        segCount = 0;
        segSeq = EMPTY_I;
        segNext = EMPTY_I;
        segFrame = EMPTY_L;
        segTime = EMPTY_L;
        sackCount = 0;
        sackLeft = EMPTY_I;
        sackRight = EMPTY_I;
    }

    private static final int[] EMPTY_I = new int[0];
    private static final long[] EMPTY_L = new long[0];

    void addSegment(long frame, int seq, int next, long time) {
        if (segCount >= MAX_UNACKED) return;
        if (segCount == segSeq.length) {
            int n = Math.max(2, segCount * 2);   // 2 first: most directions never have more than a SYN or two unacked
            segSeq = java.util.Arrays.copyOf(segSeq, n);
            segNext = java.util.Arrays.copyOf(segNext, n);
            segFrame = java.util.Arrays.copyOf(segFrame, n);
            segTime = java.util.Arrays.copyOf(segTime, n);
        }
        segSeq[segCount] = seq;
        segNext[segCount] = next;
        segFrame[segCount] = frame;
        segTime[segCount] = time;
        segCount++;
    }

}
