package io.tcplens.tcp;

/**
 * The RFC 9293 connection states of one endpoint, as far as an observer on the wire can
 * infer them, plus {@link #UNKNOWN} for an endpoint whose state the capture does not show
 * (a capture that starts mid-connection).
 */
public enum TcpState {
    UNKNOWN, CLOSED, LISTEN, SYN_SENT, SYN_RCVD, ESTABLISHED,
    FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT;

    private static final TcpState[] VALUES = values();

    static TcpState of(int ordinal) { return VALUES[ordinal]; }

    /**
     * The one rule for "this endpoint can send nothing new on this connection": CLOSED, TIME_WAIT,
     * or LISTEN (a passive opener sent back to LISTEN by a RST, RFC 9293 3.10.7.4: this connection
     * is over for it). The analyzer and the lifecycle both end a connection when both ends are done.
     */
    public boolean isDone() {
        return this == CLOSED || this == TIME_WAIT || this == LISTEN;
    }

    /** True once this endpoint has sent (or is known to have sent) its FIN or gone away. */
    public boolean isClosingOrClosed() {
        return switch (this) {
            case FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT, CLOSED -> true;
            default -> false;
        };
    }
}
