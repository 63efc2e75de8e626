package io.tcplens.tcp;

/**
 * Connection lifecycle events (Zeek style). They are rare (a few per connection), so they are
 * small immutable records; the per-packet data travels in the reused {@link SegmentInfo}.
 */
public sealed interface TcpEvent {
    /** Frame number of the packet that caused the event (0 for end of input). */
    long frame();

    /**
     * A new connection (a new {@code tcp.stream}) was created by this packet; or, with
     * {@code resumed}, a packet arrived for a connection already summarised (a late packet on
     * the same 4-tuple without a new SYN): it keeps its stream and will be summarised again.
     */
    record ConnectionOpened(long frame, TcpConnection connection, boolean portsReused, boolean resumed)
            implements TcpEvent {}

    /** One endpoint's inferred state changed at this packet. {@code client} tells which endpoint. */
    record StateChanged(long frame, TcpConnection connection, boolean client, TcpState from, TcpState to)
            implements TcpEvent {}

    /** Why a connection was summarised. */
    enum CloseReason {
        /** Both endpoints are CLOSED, or TIME_WAIT passed (capture time) after the close. */
        FINISHED,
        /** No packet for the idle timeout (capture time). */
        IDLE,
        /** A new connection on the same 4-tuple (port reuse) replaced it. */
        REPLACED,
        /** End of input with the connection still open. */
        END_OF_INPUT,
        /**
         * An attempt nobody answered: only the client's SYNs for Zeek's {@code tcp_attempt_delay}
         * (5 s of capture time) since it opened. Zeek logs it then ({@code S0}) and forgets it; a later
         * SYN retransmission makes a row of its own, in the same tshark stream.
         */
        ATTEMPT,
        /**
         * Summarised early because more connections were open than the analyzer's ceiling allows
         * ({@link TcpAnalyzer#maxOpenConnections}): the least recently active go first.
         */
        EVICTED
    }

    /**
     * The connection is done: its summary is final. Its heavy per-direction state has been
     * released; a tombstone (its scalar analysis state, or with compact tombstones just the stream
     * number and sequence bases) stays in the flow table so
     * that later packets on the same 4-tuple get the stream tshark gives them.
     */
    record ConnectionClosed(long frame, TcpConnection connection, CloseReason reason) implements TcpEvent {}
}
