package io.tcplens.render.ladder;

import java.util.List;

/**
 * One TCP segment of a connection, as the ladder diagram needs it. The integrator fills these
 * from the connection engine's per-packet events; nothing here is computed by the renderer.
 *
 * @param frame       frame number in the capture (1-based, as tshark counts)
 * @param micros      capture time in microseconds (any epoch; only differences are drawn)
 * @param fromClient  true when the client (the SYN sender, or the engine's initiator) sent it
 * @param flags       tcpdump's flag letters without brackets: "S", "S.", ".", "P.", "F.", "R", "R.", "FP."
 * @param relSeq      relative sequence number of the first byte (tshark's tcp.seq)
 * @param relAck      relative acknowledgement number (meaningful only when {@code hasAck})
 * @param hasAck      the ACK flag is set
 * @param len         TCP payload length
 * @param nxtSeq      relative next sequence number (seq + len, +1 for SYN/FIN)
 * @param window      the window as the receiver sees it (scaled when the scale is known)
 * @param analysis    Wireshark-style analysis flags of this packet, e.g. "retransmission",
 *                    "fast_retransmission", "spurious_retransmission", "out_of_order", "duplicate_ack",
 *                    "keep_alive", "keep_alive_ack", "zero_window", "zero_window_probe",
 *                    "window_update", "window_full", "lost_segment", "ack_lost_segment" (the names of {@code io.tcplens.tcp.Analysis})
 * @param clientState the client's RFC 9293 state after this packet ("SYN_SENT", "ESTABLISHED",
 *                    "FIN_WAIT_1", ...) or "UNKNOWN"
 * @param serverState the server's state after this packet
 */
public record LadderPacket(long frame, long micros, boolean fromClient, String flags, long relSeq,
                           long relAck, boolean hasAck, int len, long nxtSeq, int window,
                           List<String> analysis, String clientState, String serverState) {
    public LadderPacket {
        flags = flags == null ? "" : flags;
        analysis = analysis == null ? List.of() : List.copyOf(analysis);
        clientState = clientState == null ? "UNKNOWN" : clientState;
        serverState = serverState == null ? "UNKNOWN" : serverState;
    }

    public boolean syn() { return flags.indexOf('S') >= 0; }
    public boolean fin() { return flags.indexOf('F') >= 0; }
    public boolean rst() { return flags.indexOf('R') >= 0; }

    public boolean has(String flag) { return analysis.contains(flag); }

    /** Any retransmission kind (plain, fast, spurious). */
    public boolean retransmission() {
        for (String a : analysis) if (a.endsWith("retransmission")) return true;
        return false;
    }

    /** A plain data segment: payload, no SYN/FIN/RST, no analysis flag. */
    boolean plainData() { return len > 0 && !syn() && !fin() && !rst() && analysis.isEmpty(); }

    /** A plain ACK: no payload, only the ACK (and maybe PSH) flag, no analysis flag. */
    boolean plainAck() {
        return len == 0 && hasAck && !syn() && !fin() && !rst() && analysis.isEmpty();
    }
}
