package io.tcplens.live;

/** pcap_stats: packets the kernel passed the filter, dropped for lack of buffer space, dropped by the interface. */
public record CaptureStats(long received, long dropped, long interfaceDropped) {
    public static final CaptureStats UNKNOWN = new CaptureStats(-1, -1, -1);
}
