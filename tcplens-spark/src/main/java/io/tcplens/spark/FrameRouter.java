package io.tcplens.spark;

import io.tcplens.decode.Packet;
import io.tcplens.flow.ConnectionKey;
import io.tcplens.flow.FlowTable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which connection a decoded frame belongs to, as a key equal for both directions
 * ({@link ConnectionKey}, what the analyzer itself uses, ICMP errors quoting TCP included), for
 * partitioning frames by connection. One per reader of a byte range (it remembers the IPv4
 * datagrams whose first fragment it saw).
 */
final class FrameRouter {
    /** What {@link #route} found. */
    static final int NONE = 0, FLOW = 1, UNROUTED_FRAGMENT = 2;

    private final long[] hash = new long[1];
    private long flow;
    private boolean fragment;

    /** Datagrams whose first fragment was read, by (identification, addresses): their flow. */
    private final LinkedHashMap<Long, Long> datagrams = new LinkedHashMap<>(64, 0.75f, false) {
        @Override protected boolean removeEldestEntry(Map.Entry<Long, Long> e) { return size() > 4096; }
    };

    /** NONE (no TCP connection), FLOW ({@link #flow()} is its key) or UNROUTED_FRAGMENT. */
    int route(Packet packet) {
        int kind = ConnectionKey.classify(packet, hash);
        fragment = kind == ConnectionKey.FRAGMENT;
        if (kind == ConnectionKey.TCP) {
            flow = hash[0];
            return FLOW;
        }
        if (kind != ConnectionKey.FRAGMENT) return NONE;
        Long f = fragmentFlow(packet);
        if (f == null) return UNROUTED_FRAGMENT;
        flow = f;
        return FLOW;
    }

    long flow() { return flow; }

    /** Whether the last frame routed is an IP fragment (its connection known only once reassembled). */
    boolean fragment() { return fragment; }

    /**
     * An IPv4 fragment's connection: the first fragment (offset 0) shows the ports, and the
     * later ones of the same datagram (source, destination, identification) follow it, so the
     * whole datagram reaches its connection's partition, where the analyzer reassembles it.
     * A later fragment that comes before its first one, or in another range, has no flow (the
     * job counts it as not analysed). IPv6 fragments likewise have none.
     */
    private Long fragmentFlow(Packet packet) {
        if (packet.ipVersion() != 4 || packet.ipProtocol() != 6) return null;
        byte[] b = packet.buffer();
        int ip = packet.ipOffset();
        long key = ((long) (b[ip + 4] & 0xFF) << 8 | (b[ip + 5] & 0xFF)) << 48
                ^ (packet.u32At(packet.srcAddrOffset()) << 16) ^ packet.u32At(packet.dstAddrOffset()) * 0x9E3779B97F4A7C15L;
        if (!packet.ipLaterFragment()) {
            int t = ip + packet.ipHeaderLength();
            if (t + 4 > packet.end()) return null;
            long f = FlowTable.connectionHash(b, packet.srcAddrOffset(), packet.dstAddrOffset(), 4,
                    packet.u16At(t), packet.u16At(t + 2));
            datagrams.put(key, f);
            return f;
        }
        return datagrams.get(key);
    }
}
