package io.tcplens.live;

import io.tcplens.capture.Frame;

/**
 * An activated libpcap handle. One thread calls {@link #next}; any thread may call
 * {@link #breakLoop} to make the reading thread return {@link #END} promptly.
 */
public interface LiveSource extends AutoCloseable {
    /** {@link #next} filled the frame. */
    int PACKET = 1;
    /** {@link #next} waited its timeout and no packet came. */
    int TIMEOUT = 0;
    /** {@link #next} was interrupted by {@link #breakLoop}, or the source ended. */
    int END = -1;

    String device();

    /** The LINKTYPE_ of the interface (pcap_datalink). */
    int linkType();

    /** libpcap's name and description of the link type, e.g. "EN10MB", "Ethernet". */
    String linkTypeName();

    String linkTypeDescription();

    int snaplen();

    /** True if timestamps carry nanoseconds. */
    boolean nanos();

    /** Compiles a tcpdump expression with libpcap and installs it in the kernel. */
    void setFilter(String expression) throws PcapException;

    /**
     * Waits for the next packet and copies it into {@code frame} (numbered {@code number}).
     * The frame's buffer belongs to this source and is reused by the next call.
     */
    int next(Frame frame, long number) throws PcapException;

    /** Makes a blocked or future {@link #next} return {@link #END}. Safe from any thread. */
    void breakLoop();

    CaptureStats stats();

    @Override
    void close();
}
