package io.tcplens.tcp;

/**
 * The one rule for which endpoint is the client (Zeek's originator) when the capture does not show
 * a connection's first SYN: the analyzer's {@link TcpConnection#clientIndex()} and Zeek's initial
 * roles ({@link io.tcplens.conn.ZeekConn}) both ask it, so a mid-stream connection's client is the
 * same in every column of a row.
 *
 * <p>A pure SYN's sender is the client, a SYN+ACK's receiver is; otherwise the side on a port Zeek's
 * default scripts register as a likely server port is the server ({@code likely_server_ports}: the
 * ports its analyzers are registered for), and when both are, the lower port.
 */
public final class ClientRule {
    private ClientRule() {}

    /** Ports Zeek's default scripts register as likely server ports. */
    public static boolean likelyServerPort(int p) {
        return switch (p) {
            case 21, 22, 23, 25, 53, 80, 81, 88, 110, 111, 135, 139, 143, 179, 389, 443, 445, 502, 563, 585,
                 587, 614, 631, 636, 989, 990, 992, 993, 995, 1080, 1883, 2049, 3128, 3306, 3389, 5060, 5223,
                 5432, 5672, 6379, 6666, 6667, 6668, 6669, 8000, 8080, 8888, 20000 -> true;
            default -> false;
        };
    }

    /**
     * True when the sender of a packet without a SYN ({@code srcPort} to {@code dstPort}) is taken
     * for the server: its port is a likely server port and the receiver's is not, or both are and
     * the sender's is lower.
     */
    public static boolean senderIsServer(int srcPort, int dstPort) {
        boolean s = likelyServerPort(srcPort), d = likelyServerPort(dstPort);
        return s && !d || s && d && srcPort < dstPort;
    }
}
