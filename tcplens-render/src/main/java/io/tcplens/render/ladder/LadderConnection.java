package io.tcplens.render.ladder;

import java.util.List;

/**
 * One connection to draw: two lifelines and the packets between them, in capture order.
 *
 * @param stream      tshark's tcp.stream number (or -1 if unknown); only shown in titles
 * @param clientLabel what heads the client's lifeline, e.g. "192.168.1.10:42002"
 * @param serverLabel what heads the server's lifeline, e.g. "93.184.216.34:80"
 * @param packets     the connection's packets in capture order
 * @param clientStartState each endpoint's state before the first packet, drawn at the top of its
 * @param serverStartState lifeline (CLOSED and LISTEN when the handshake was seen); null when unknown
 */
public record LadderConnection(long stream, String clientLabel, String serverLabel, List<LadderPacket> packets,
                               String clientStartState, String serverStartState) {
    public LadderConnection(long stream, String clientLabel, String serverLabel, List<LadderPacket> packets) {
        this(stream, clientLabel, serverLabel, packets, null, null);
    }

    public LadderConnection {
        clientLabel = clientLabel == null ? "client" : clientLabel;
        serverLabel = serverLabel == null ? "server" : serverLabel;
        packets = List.copyOf(packets);
    }

    public LadderConnection(String clientLabel, String serverLabel, List<LadderPacket> packets) {
        this(-1, clientLabel, serverLabel, packets);
    }

    public long firstMicros() { return packets.isEmpty() ? 0 : packets.getFirst().micros(); }

    public long lastMicros() { return packets.isEmpty() ? 0 : packets.getLast().micros(); }
}
