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

    /** True once this endpoint has sent (or is known to have sent) its FIN or gone away. */
    public boolean isClosingOrClosed() {
        return switch (this) {
            case FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT, CLOSED -> true;
            default -> false;
        };
    }
}
