package io.tcplens.render.explain;

import io.tcplens.tcp.SegmentInfo;
import io.tcplens.tcp.TcpState;

/** One packet of a connection as the explanation's table shows it (a copy of the analyzer's result). */
public record PacketRow(long frame, long nanos, boolean fromClient, int flags, int seq, int ack, int len,
                        boolean lengthKnown, int window, int analysis, int dupAckNum,
                        TcpState clientState, TcpState serverState) {

    public static PacketRow of(SegmentInfo s) {
        return new PacketRow(s.frame, s.timeNanos, s.fromClient, s.flags, s.seq, s.ack, s.len, s.lengthKnown,
                s.window, s.analysis, s.dupAckNum, s.clientState, s.serverState);
    }

    public boolean has(int bit) { return (analysis & bit) != 0; }

    /** tcpdump's flag letters: F S R P . U E W, or "none". */
    public String tcpdumpFlags() {
        StringBuilder sb = new StringBuilder();
        if ((flags & 0x01) != 0) sb.append('F');
        if ((flags & 0x02) != 0) sb.append('S');
        if ((flags & 0x04) != 0) sb.append('R');
        if ((flags & 0x08) != 0) sb.append('P');
        if ((flags & 0x10) != 0) sb.append('.');
        if ((flags & 0x20) != 0) sb.append('U');
        if ((flags & 0x40) != 0) sb.append('E');
        if ((flags & 0x80) != 0) sb.append('W');
        return sb.isEmpty() ? "none" : sb.toString();
    }
}
