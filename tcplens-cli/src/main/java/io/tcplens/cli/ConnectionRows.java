package io.tcplens.cli;

import io.tcplens.render.explain.PacketRow;
import io.tcplens.tcp.SegmentInfo;
import io.tcplens.tcp.TcpEvent;
import io.tcplens.tcp.TcpListener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Keeps a copy of the packet rows of the connections a command shows (explain, ladder, report)
 * while they are open, up to {@code cap} rows each; the command takes them when the connection's
 * summary arrives. Memory: open connections × cap, never the whole capture.
 */
final class ConnectionRows implements TcpListener {
    @Override
    public boolean wantsStateChanges() { return false; }   // states are read from each segment

    private final IntPredicate wanted;
    private final int cap;
    private final Map<Integer, List<PacketRow>> rows = new HashMap<>();
    private final Map<Integer, Integer> dropped = new HashMap<>();
    private final long maxTotal;
    private long total;

    ConnectionRows(IntPredicate wanted, int cap) { this(wanted, cap, Long.MAX_VALUE); }

    /** {@code maxTotal}: rows held at once over all connections (a bound for captures with many open connections). */
    ConnectionRows(IntPredicate wanted, int cap, long maxTotal) {
        this.wanted = wanted;
        this.cap = cap;
        this.maxTotal = maxTotal;
    }

    @Override
    public void onEvent(TcpEvent event) {
        if (event instanceof TcpEvent.ConnectionOpened o && wanted.test(o.connection().stream())) {
            rows.put(o.connection().stream(), new ArrayList<>());
        }
    }

    @Override
    public void onSegment(SegmentInfo s) {
        List<PacketRow> r = rows.get(s.stream);
        if (r == null) {
            // A stream gets a second row without an event (the lifecycle split it: a SYN after a
            // close, or packets after the close delay): its packets start a new list.
            if (!wanted.test(s.stream) || s.icmpQuoted) return;
            rows.put(s.stream, r = new ArrayList<>());
        }
        if (r.size() < cap && total < maxTotal) {
            r.add(PacketRow.of(s));
            total++;
        } else {
            dropped.merge(s.stream, 1, Integer::sum);
        }
    }

    /** The rows kept for a stream (empty if none), forgetting them. */
    List<PacketRow> take(int stream) {
        List<PacketRow> r = rows.remove(stream);
        if (r == null) return List.of();
        total -= r.size();
        return r;
    }

    /** Rows not kept for a stream because of the cap, forgetting the count. */
    int takeDropped(int stream) {
        Integer d = dropped.remove(stream);
        return d == null ? 0 : d;
    }
}
