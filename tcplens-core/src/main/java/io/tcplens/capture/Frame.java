package io.tcplens.capture;

/**
 * One captured record, as a reusable view: the bytes live in {@link #buffer()} from
 * {@link #offset()} for {@link #captureLength()} bytes, and stay valid only until the
 * reader is asked for the next frame. Nothing here is allocated per packet.
 */
public final class Frame {
    byte[] buffer = new byte[0];
    int offset;
    int captureLength;
    int wireLength;
    long seconds;
    int nanos;
    int linkType;
    int snaplen;
    long number;
    long fileOffset;
    long dataFileOffset;
    int interfaceId;
    int rawFraction;
    byte rawFractionDigits;

    public byte[] buffer() { return buffer; }
    public int offset() { return offset; }
    /** Bytes actually captured (caplen). */
    public int captureLength() { return captureLength; }
    /** Length of the packet on the wire (len); may exceed {@link #captureLength()}. */
    public int wireLength() { return wireLength; }
    /** Timestamp seconds since the epoch (may be negative or huge in garbage files). */
    public long seconds() { return seconds; }
    /** Sub-second part of the timestamp, in nanoseconds (0..999,999,999). */
    public int nanos() { return nanos; }
    /** The LINKTYPE_ value of the interface this frame came from. */
    public int linkType() { return linkType; }
    /** Snapshot length of the interface this frame came from. */
    public int snaplen() { return snaplen; }
    /** 1-based frame number in the capture, as tshark counts frames. */
    public long number() { return number; }
    /** Byte offset of this record's header in the (decompressed) capture stream. */
    public long fileOffset() { return fileOffset; }
    /**
     * Byte offset of the captured bytes ({@link #captureLength()} of them) in the (decompressed)
     * capture stream, -1 when the frame did not come from a file: where a second reader of a
     * seekable file finds this frame's bytes again without reading the records around it.
     */
    public long dataFileOffset() { return dataFileOffset; }
    /** pcapng interface id; 0 for classic pcap. */
    public int interfaceId() { return interfaceId; }
    /**
     * 6 or 9 when a classic pcap record's sub-second field was out of range (at least 10^6 in a
     * microsecond file, 10^9 in a nanosecond one), else 0. {@link #seconds()} and {@link #nanos()}
     * are then normalised (the whole seconds carried), and {@link #rawFraction()} keeps the field
     * as the file has it, which is what libpcap hands to tcpdump and tcpdump prints.
     */
    public int rawFractionDigits() { return rawFractionDigits; }
    /** The record's sub-second field as a signed 32-bit value (see {@link #rawFractionDigits()}). */
    public int rawFraction() { return rawFraction; }

    /** Fills this frame from outside a reader: used by live capture and tests. */
    public Frame set(byte[] buffer, int offset, int captureLength, int wireLength,
                     long seconds, int nanos, int linkType, int snaplen, long number) {
        this.buffer = buffer;
        this.offset = offset;
        this.captureLength = captureLength;
        this.wireLength = wireLength;
        this.seconds = seconds;
        this.nanos = nanos;
        this.linkType = linkType;
        this.snaplen = snaplen;
        this.number = number;
        this.fileOffset = -1;
        this.dataFileOffset = -1;
        this.interfaceId = 0;
        this.rawFractionDigits = 0;
        return this;
    }

    /** Copies the frame's metadata and bytes into a fresh, independent frame. */
    public Frame copy() {
        Frame f = new Frame();
        byte[] b = java.util.Arrays.copyOfRange(buffer, offset, offset + captureLength);
        f.set(b, 0, captureLength, wireLength, seconds, nanos, linkType, snaplen, number);
        f.fileOffset = fileOffset;
        f.dataFileOffset = dataFileOffset;
        f.interfaceId = interfaceId;
        f.rawFraction = rawFraction;
        f.rawFractionDigits = rawFractionDigits;
        return f;
    }

    /** Timestamp in microseconds since the epoch, truncated like libpcap's. */
    public long epochMicros() { return seconds * 1_000_000L + nanos / 1000; }
}
