package io.tcplens.flow;

import io.tcplens.decode.Layer;
import io.tcplens.decode.Packet;

/**
 * Which connection a decoded frame belongs to, as a hash the same for both directions
 * ({@link FlowTable#connectionHash}): a TCP segment's own 4-tuple, or the 4-tuple of the TCP header
 * an ICMP error quotes (the analyzer files such a frame under that connection). What a split
 * analysis partitions frames by, so every frame the analyzer would give a connection reaches the
 * partition that holds it.
 */
public final class ConnectionKey {
    private ConnectionKey() { }

    /** The frame has no TCP connection the analyzer would file it under. */
    public static final int NONE = 0;
    /** A TCP segment, or an ICMP error quoting one. */
    public static final int TCP = 1;
    /** An IP fragment: its connection is known only once its datagram is reassembled. */
    public static final int FRAGMENT = 2;

    /** What {@code p} is ({@link #NONE}, {@link #TCP}, {@link #FRAGMENT}); for TCP, {@link #hash} is set. */
    public static int classify(Packet p, long[] hash) {
        if (p.needsReassembly()) return FRAGMENT;
        if (p.hasTcp()) {
            if (!p.tcpFixedHeaderComplete()) return NONE;
            hash[0] = FlowTable.connectionHash(p.buffer(), p.srcAddrOffset(), p.dstAddrOffset(), p.addrLength(),
                    p.srcPort(), p.dstPort());
            return TCP;
        }
        return p.ipVersion() != 0 && icmpQuoted(p, hash) ? TCP : NONE;
    }

    private static final ThreadLocal<int[]> WHERE = ThreadLocal.withInitial(() -> new int[4]);

    private static boolean icmpQuoted(Packet p, long[] hash) {
        int[] w = WHERE.get();
        if (!quotedTcp(p, w)) return false;
        hash[0] = FlowTable.connectionHash(p.buffer(), w[1], w[2], w[3], p.u16At(w[0]), p.u16At(w[0] + 2));
        return true;
    }

    /**
     * The TCP header an ICMP error (IPv4 types 3, 4, 5, 11, 12; ICMPv6 1 to 4) quotes, when the
     * quote holds at least its fixed 20 bytes: sets {@code where} to {tcp header offset, source
     * address offset, destination address offset, address length}. Not for a quoted later fragment,
     * which has no TCP header. The analyzer and the partitioning both read quotes here.
     */
    public static boolean quotedTcp(Packet p, int[] where) {
        int li = p.layerCount() - 1;
        if (li < 0) return false;
        int type = p.layerType(li);
        if (type != Layer.ICMP && type != Layer.ICMP6) return false;
        byte[] b = p.buffer();
        int o = p.layerOffset(li);
        int end = p.end();
        if (o + 8 > end) return false;
        int icmpType = b[o] & 0xFF;
        boolean v4 = type == Layer.ICMP;
        boolean error = v4 ? (icmpType == 3 || icmpType == 4 || icmpType == 5 || icmpType == 11 || icmpType == 12)
                : (icmpType >= 1 && icmpType <= 4);
        if (!error) return false;
        int ip = o + 8;
        int tcp, src, dst, alen;
        if (v4) {
            if (ip + 20 > end || (b[ip] & 0xF0) != 0x40 || (b[ip + 9] & 0xFF) != 6) return false;
            if (((b[ip + 6] & 0x1F) | (b[ip + 7] & 0xFF)) != 0) return false;   // a later fragment
            tcp = ip + (b[ip] & 0x0F) * 4;
            src = ip + 12; dst = ip + 16; alen = 4;
        } else {
            if (ip + 40 > end || (b[ip] & 0xF0) != 0x60 || (b[ip + 6] & 0xFF) != 6) return false;
            tcp = ip + 40;
            src = ip + 8; dst = ip + 24; alen = 16;
        }
        if (tcp + 20 > end) return false;
        where[0] = tcp; where[1] = src; where[2] = dst; where[3] = alen;
        return true;
    }
}
