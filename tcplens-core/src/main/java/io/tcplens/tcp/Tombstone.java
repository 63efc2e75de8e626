package io.tcplens.tcp;

/**
 * What the flow table keeps of a summarised connection when tombstones are compact: enough for a
 * late packet on the same 4-tuple to get tshark's stream number and relative sequence numbers, for
 * a new SYN to be told from a retransmitted one, and for both endpoints' state machines to go on as
 * they would have (what each side's SYN and FIN were). 72 bytes, against some 300 for the whole
 * {@link TcpConnection} with its counters and address arrays (the flow table holds the addresses).
 * Only tshark's analysis flags start afresh on a connection brought back from one.
 */
final class Tombstone {
    final int stream;
    /** The flow table's hash of the 4-tuple, to find this entry again when it is forgotten. */
    final int keyHash;
    final int base0, base1;
    /** Each side's ISN and FIN sequence number, for the state machines (with SYN_SENT_*, FIN_SENT_*). */
    final int iss0, iss1, finSeq0, finSeq1;
    final long tsMruSyn, firstRtt;
    final TcpState state0, state1;
    final byte clientIndex;
    private final short bits;

    private static final int CLIENT_FROM_SYN = 1, HAVE_MRU_SYN = 1 << 1, SERVER_PASSIVE = 1 << 2,
            ACC_ECN_SYN = 1 << 3, ACC_ECN = 1 << 4, BASE_SET_0 = 1 << 5, BASE_SET_1 = 1 << 6,
            SAW_SYN_0 = 1 << 7, SAW_SYN_1 = 1 << 8, SYN_SENT_0 = 1 << 9, SYN_SENT_1 = 1 << 10,
            FIN_SENT_0 = 1 << 11, FIN_SENT_1 = 1 << 12;

    Tombstone(TcpConnection c, int keyHash) {
        this.stream = c.stream;
        this.keyHash = keyHash;
        Direction d0 = c.dir[0], d1 = c.dir[1];
        this.base0 = d0.base;
        this.base1 = d1.base;
        this.iss0 = d0.iss;
        this.iss1 = d1.iss;
        this.finSeq0 = d0.finSeq;
        this.finSeq1 = d1.finSeq;
        this.tsMruSyn = c.tsMruSyn;
        this.firstRtt = c.firstRtt;
        this.state0 = c.state[0];
        this.state1 = c.state[1];
        this.clientIndex = (byte) c.clientIndex;
        int b = 0;
        if (c.clientFromSyn) b |= CLIENT_FROM_SYN;
        if (c.haveMruSyn) b |= HAVE_MRU_SYN;
        if (c.serverPassive) b |= SERVER_PASSIVE;
        if (c.accEcnSyn) b |= ACC_ECN_SYN;
        if (c.accEcn) b |= ACC_ECN;
        if (d0.baseSet) b |= BASE_SET_0;
        if (d1.baseSet) b |= BASE_SET_1;
        if (d0.sawSyn) b |= SAW_SYN_0;
        if (d1.sawSyn) b |= SAW_SYN_1;
        if (d0.synSent) b |= SYN_SENT_0;
        if (d1.synSent) b |= SYN_SENT_1;
        if (d0.finSent) b |= FIN_SENT_0;
        if (d1.finSent) b |= FIN_SENT_1;
        this.bits = (short) b;
    }

    boolean baseSet(int i) { return (bits & (i == 0 ? BASE_SET_0 : BASE_SET_1)) != 0; }

    int base(int i) { return i == 0 ? base0 : base1; }

    /**
     * The connection again, for a packet that came after it was summarised: the same stream,
     * client, states, sequence bases and state-machine facts, with fresh analysis state and
     * counters. The endpoints are the packet's (addresses at {@code src}/{@code dst} in {@code b});
     * {@code forward}: the packet goes from the flow table's first endpoint to its second.
     */
    TcpConnection revive(byte[] b, int src, int dst, int addrLength, int srcPort, int dstPort, boolean forward,
                         long frame, long time) {
        byte[] sa = java.util.Arrays.copyOfRange(b, src, src + addrLength);
        byte[] da = java.util.Arrays.copyOfRange(b, dst, dst + addrLength);
        TcpConnection c = forward ? new TcpConnection(stream, sa, da, srcPort, dstPort, frame, time, false)
                : new TcpConnection(stream, da, sa, dstPort, srcPort, frame, time, false);
        c.dir[0].base = base0;
        c.dir[1].base = base1;
        c.dir[0].baseSet = baseSet(0);
        c.dir[1].baseSet = baseSet(1);
        c.dir[0].sawSyn = (bits & SAW_SYN_0) != 0;
        c.dir[1].sawSyn = (bits & SAW_SYN_1) != 0;
        c.dir[0].iss = iss0;
        c.dir[1].iss = iss1;
        c.dir[0].synSent = (bits & SYN_SENT_0) != 0;
        c.dir[1].synSent = (bits & SYN_SENT_1) != 0;
        c.dir[0].finSeq = finSeq0;
        c.dir[1].finSeq = finSeq1;
        c.dir[0].finSent = (bits & FIN_SENT_0) != 0;
        c.dir[1].finSent = (bits & FIN_SENT_1) != 0;
        c.tsMruSyn = tsMruSyn;
        c.firstRtt = firstRtt;
        c.haveMruSyn = (bits & HAVE_MRU_SYN) != 0;
        c.state[0] = state0;
        c.state[1] = state1;
        c.clientIndex = clientIndex;
        c.clientFromSyn = (bits & CLIENT_FROM_SYN) != 0;
        c.serverPassive = (bits & SERVER_PASSIVE) != 0;
        c.accEcnSyn = (bits & ACC_ECN_SYN) != 0;
        c.accEcn = (bits & ACC_ECN) != 0;
        c.closed = true;   // until the caller reopens it
        return c;
    }
}
