package io.tcplens.tcp;

/**
 * A sink subscribed to a {@link TcpAnalyzer}. {@link #onSegment} is called for every TCP frame
 * with the analyzer's reused result object (valid only during the call; copy what you keep).
 * {@link #onEvent} receives lifecycle events, in order, before the onSegment call of the packet
 * that caused them (except ConnectionClosed for finished connections, which may come later).
 */
public interface TcpListener {
    default void onSegment(SegmentInfo segment) {}

    default void onEvent(TcpEvent event) {}

    /**
     * The capture's clock reached {@code nanos} with a frame that gave no TCP segment (not TCP, a
     * fragment waiting for the rest of its datagram), or with a frame another analyzer of a split
     * analysis saw ({@link TcpAnalyzer#clock}). Timers of a sink that run on capture time, as Zeek's
     * run on network time, fire here as they do on segments.
     */
    default void onClock(long nanos) {}

    /**
     * False when this listener ignores {@link TcpEvent.StateChanged}: if no listener wants them,
     * the analyzer does not make them (several per connection).
     */
    default boolean wantsStateChanges() { return true; }
}
