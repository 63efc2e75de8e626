package io.tcplens.conn;

import io.tcplens.tcp.TcpEvent;
import io.tcplens.tcp.TcpState;

import java.util.List;

/**
 * Everything tcplens concluded about one TCP connection, final once the connection is done.
 * Times are nanoseconds since the epoch; -1 where a value is unknown.
 */
public record ConnectionSummary(
        int stream,
        Endpoint client,
        Endpoint server,
        /* True when the client is known from its SYN; false when guessed from ports. */
        boolean clientFromSyn,
        long firstFrame, long lastFrame,
        long firstNanos, long lastNanos,
        long clientPackets, long serverPackets,
        long clientPayloadBytes, long serverPayloadBytes,
        Handshake handshake,
        int synRetransmits,
        long initialRttNanos,
        long clientKeepaliveProbes, long serverKeepaliveProbes,
        long clientKeepaliveIntervalNanos, long serverKeepaliveIntervalNanos,
        long clientZeroWindowProbes, long serverZeroWindowProbes,
        Teardown teardown,
        boolean finWithData,
        boolean halfClose,
        Side activeCloser,
        Side resetBy,
        Side timeWait,
        TcpState clientFinalState,
        TcpState serverFinalState,
        String zeekConnState,
        String zeekHistory,
        /* Zeek's originator is the client (false after one of Zeek's role flips). */
        boolean zeekOriginatorIsClient,
        long zeekOrigBytes, long zeekRespBytes,
        long zeekOrigIpBytes, long zeekRespIpBytes,
        long zeekDurationNanos,
        long zeekMissedBytes,
        /* Counts of each tcp.analysis flag, indexed by bit position in io.tcplens.tcp.Analysis. */
        long[] analysisCounts,
        List<Milestone> milestones,
        List<IdleGap> idleGaps,
        TcpEvent.CloseReason closeReason,
        /*
         * Packets came again on this connection's 4-tuple after it had been summarised (idle for the
         * analyzer's timeout, or long finished), without a new ISN: tshark keeps its stream number,
         * so this row shares it with the earlier one and tells only what came after (as Zeek starts a
         * new connection record).
         */
        boolean resumed,
        /* The HTTP layer's findings, or null when HTTP was not followed or the connection carried none. */
        io.tcplens.http.HttpResult http) {

    /** An address and port. */
    public record Endpoint(byte[] address, int port) {
        /** "ip:port", IPv6 as "[addr]:port". */
        public String label() {
            String h = Addresses.format(address);
            return address.length == 16 ? "[" + h + "]:" + port : h + ":" + port;
        }

        public String host() { return Addresses.format(address); }
    }

    /** A step of the connection's life worth telling. */
    public record Milestone(long frame, long nanos, Kind kind, boolean byClient, long value) {
        public enum Kind {
            SYN, SYN_RETRANSMIT, SYN_ACK, HANDSHAKE_ACK, FIRST_DATA, LAST_DATA, FIN, FIN_ACKED, RST,
            FIRST_KEEPALIVE, LAST_KEEPALIVE, FIRST_ZERO_WINDOW, WINDOW_REOPENED, TIME_WAIT
        }
    }

    /** A silence of at least a second; {@code afterFrame} is the last packet before it. */
    public record IdleGap(long afterFrame, long startNanos, long endNanos) {
        public long nanos() { return endNanos - startNanos; }
    }

    /** This summary with the HTTP layer's findings (which another thread may complete after the TCP ones). */
    public ConnectionSummary withHttp(io.tcplens.http.HttpResult http) {
        return new ConnectionSummary(stream, client, server, clientFromSyn, firstFrame, lastFrame, firstNanos,
                lastNanos, clientPackets, serverPackets, clientPayloadBytes, serverPayloadBytes, handshake,
                synRetransmits, initialRttNanos, clientKeepaliveProbes, serverKeepaliveProbes,
                clientKeepaliveIntervalNanos, serverKeepaliveIntervalNanos, clientZeroWindowProbes,
                serverZeroWindowProbes, teardown, finWithData, halfClose, activeCloser, resetBy, timeWait,
                clientFinalState, serverFinalState, zeekConnState, zeekHistory, zeekOriginatorIsClient,
                zeekOrigBytes, zeekRespBytes, zeekOrigIpBytes, zeekRespIpBytes, zeekDurationNanos,
                zeekMissedBytes, analysisCounts, milestones, idleGaps, closeReason, resumed, http);
    }

    public long durationNanos() { return lastNanos - firstNanos; }

    public long analysisCount(int bit) { return analysisCounts[Integer.numberOfTrailingZeros(bit)]; }
}
