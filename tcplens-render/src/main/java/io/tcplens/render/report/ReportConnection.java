package io.tcplens.render.report;

import io.tcplens.render.ladder.LadderConnection;
import java.util.List;

/**
 * One TCP connection: a row of the table and, when {@code ladder} is present and the connection
 * is among the interesting ones, a detail section with its pictures.
 *
 * @param stream       tshark's tcp.stream number
 * @param clientAddr   client address as text ("192.168.1.10", "2001:db8::1")
 * @param clientPort   client port
 * @param serverAddr   server address
 * @param serverPort   server port
 * @param firstMicros  first packet (µs since the epoch)
 * @param lastMicros   last packet
 * @param packets      packets in the connection
 * @param clientBytes  payload bytes sent by the client
 * @param serverBytes  payload bytes sent by the server
 * @param handshake    how it opened, as conns names it: "three-way", "simultaneous-open", "refused",
 *                     "unanswered", "incomplete", "not-captured", plus ", SYN retransmitted"
 * @param teardown     how it ended, as conns names it: "four-way", "three-way", "simultaneous",
 *                     "reset by server", "reset by client", "none", plus ", half-close", ", FIN with data"
 * @param closedBy     who closed first: "client", "server", "both", or ""
 * @param clientState  the client's state after the last packet ("TIME_WAIT", ...)
 * @param serverState  the server's state after the last packet
 * @param timeWaitSide who ends in TIME_WAIT: "client", "server", "both", or ""
 * @param anomalies    analysis counts
 * @param lifecycle    the lifecycle in English, one sentence per line
 * @param lifecycleZh  the same in Chinese (may be empty)
 * @param http         HTTP transactions (may be empty)
 * @param ladder       the packets for the diagrams, or null when the integrator did not keep them
 * @param httpCount    HTTP transactions of the connection in all (at least {@code http.size()}: the list may be cut)
 * @param keepAliveTimeout the server's advertised {@code Keep-Alive: timeout} in seconds, or -1
 * @param keepAliveExpiresMicros when that timeout ran out after the last response (capture time), or -1
 */
public record ReportConnection(long stream, String clientAddr, int clientPort, String serverAddr, int serverPort,
                               long firstMicros, long lastMicros, long packets, long clientBytes, long serverBytes,
                               String handshake, String teardown, String closedBy, String clientState,
                               String serverState, String timeWaitSide, Anomalies anomalies, List<String> lifecycle,
                               List<String> lifecycleZh, List<HttpTransaction> http, LadderConnection ladder, int httpCount,
                               long keepAliveTimeout, long keepAliveExpiresMicros) {
    /** A connection whose HTTP transactions are all in {@code http}. */
    public ReportConnection(long stream, String clientAddr, int clientPort, String serverAddr, int serverPort,
                            long firstMicros, long lastMicros, long packets, long clientBytes, long serverBytes,
                            String handshake, String teardown, String closedBy, String clientState,
                            String serverState, String timeWaitSide, Anomalies anomalies, List<String> lifecycle,
                            List<String> lifecycleZh, List<HttpTransaction> http, LadderConnection ladder) {
        this(stream, clientAddr, clientPort, serverAddr, serverPort, firstMicros, lastMicros, packets, clientBytes, serverBytes,
                handshake, teardown, closedBy, clientState, serverState, timeWaitSide, anomalies, lifecycle, lifecycleZh, http,
                ladder, http == null ? 0 : http.size(), -1, -1);
    }

    public ReportConnection {
        clientAddr = clientAddr == null ? "" : clientAddr;
        serverAddr = serverAddr == null ? "" : serverAddr;
        handshake = handshake == null ? "" : handshake;
        teardown = teardown == null ? "" : teardown;
        closedBy = closedBy == null ? "" : closedBy;
        clientState = clientState == null ? "UNKNOWN" : clientState;
        serverState = serverState == null ? "UNKNOWN" : serverState;
        timeWaitSide = timeWaitSide == null ? "" : timeWaitSide;
        anomalies = anomalies == null ? Anomalies.NONE : anomalies;
        lifecycle = lifecycle == null ? List.of() : List.copyOf(lifecycle);
        lifecycleZh = lifecycleZh == null ? List.of() : List.copyOf(lifecycleZh);
        http = http == null ? List.of() : List.copyOf(http);
        httpCount = Math.max(httpCount, http.size());
    }

    /** "192.168.1.10:42002", or "[2001:db8::1]:42002" for IPv6. */
    public String clientEndpoint() { return endpoint(clientAddr, clientPort); }

    public String serverEndpoint() { return endpoint(serverAddr, serverPort); }

    static String endpoint(String addr, int port) {
        return (addr.indexOf(':') >= 0 ? "[" + addr + "]" : addr) + ":" + port;
    }
}
