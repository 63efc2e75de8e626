package io.tcplens.filter;

import io.tcplens.capture.Frame;

/**
 * A compiled capture filter: decides from a frame's raw bytes whether tcpdump would select it.
 * Implementations are stateless and allocation-free per call.
 */
@FunctionalInterface
public interface PacketFilter {
    PacketFilter ALL = f -> true;

    boolean matches(Frame frame);
}
