package io.tcplens.lab;

import io.tcplens.capture.Frame;
import io.tcplens.live.CaptureStats;

import java.util.List;

/**
 * What one lab scenario produced.
 *
 * @param port      the server's port (for refused: the closed port the client tried)
 * @param frames    every captured packet, in order (independent copies)
 * @param narrative what the server and the client did, time-stamped and in order
 * @param error     why the scenario did not complete as planned, or null
 */
public record LabRun(Scenario scenario, LabSettings settings, String device, int port, int linkType, int snaplen,
                     List<Frame> frames, CaptureStats stats, List<LabNote> narrative, String error) {

    /** Packets the kernel dropped for lack of buffer space (0 when unknown). */
    public long dropped() { return stats == null ? 0 : Math.max(0, stats.dropped()) + Math.max(0, stats.interfaceDropped()); }
}
