package io.tcplens.render.report;

import java.util.List;

/**
 * Capture-level facts the connections cannot tell.
 *
 * @param captureName  the capture file's name as the user gave it (shown, escaped)
 * @param packets      packets read from the capture
 * @param tcpPackets   of which TCP
 * @param firstMicros  time of the first packet (µs since the epoch), or 0 if none
 * @param lastMicros   time of the last packet
 * @param generator    e.g. "tcplens 0.1.0"
 * @param notes        free-text remarks for the reader (e.g. "12 packets could not be decoded")
 */
public record ReportSummary(String captureName, long packets, long tcpPackets, long firstMicros, long lastMicros,
                            String generator, List<String> notes) {
    public ReportSummary {
        captureName = captureName == null ? "" : captureName;
        generator = generator == null ? "tcplens" : generator;
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
