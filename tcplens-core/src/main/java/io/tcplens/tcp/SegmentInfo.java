package io.tcplens.tcp;

/**
 * The analysis of one TCP frame: a reusable object filled by {@link TcpAnalyzer} for every
 * packet and handed to the sinks. Field names follow tshark's {@code tcp.*} fields.
 */
public final class SegmentInfo {
    /** Frame number (1-based, all frames counted). */
    public long frame;
    public long timeNanos;
    public TcpConnection connection;
    /** {@code tcp.stream}. */
    public int stream;
    /** True when the packet was sent by the connection's client. */
    public boolean fromClient;
    /** Raw header values. */
    public int rawSeq, rawAck;
    /** {@code tcp.seq}, {@code tcp.ack} (relative; tcp.ack raw when the ACK flag is clear). */
    public int seq, ack;
    /** False when tshark prints no {@code tcp.len}/{@code tcp.nxtseq} (unknown segment length). */
    public boolean lengthKnown;
    public int len;
    public int nxtseq;
    /** FIN..CWR in bits 0-7, AE bit 8, reserved bits 9-11 (as in {@code tcp.flags}). */
    public int flags;
    /** Set in {@link #flags} when Accurate ECN was negotiated: tshark prints the ACE counter. */
    public static final int ACE_SHOWN = 1 << 16;
    /** Raw window field and the window scaled as tshark shows {@code tcp.window_size} (-1 unknown). */
    public int window;
    public long scaledWindow;
    /** {@link Analysis} bits set on this packet (expert flags, without the implied retransmission). */
    public int analysis;
    /** {@code tcp.analysis.duplicate_ack_num} and {@code duplicate_ack_frame} when DUPLICATE_ACK. */
    public int dupAckNum;
    public long dupAckFrame;
    /** {@code tcp.analysis.acks_frame} (0 = none) and {@code ack_rtt} in ns. */
    public long acksFrame;
    public long ackRttNanos;
    /** {@code tcp.analysis.initial_rtt} in ns, -1 when not known yet. */
    public long initialRttNanos;
    /** {@code tcp.analysis.bytes_in_flight}, -1 when absent. */
    public long bytesInFlight;
    /** {@code tcp.analysis.push_bytes_sent}, -1 when absent. */
    public long pushBytesSent;
    /** True for a TCP header quoted inside an ICMP error (raw numbers, no length, no analysis). */
    public boolean icmpQuoted;
    /** States of both endpoints after this packet. */
    public TcpState clientState, serverState;
    /** The IP header's total length field (IPv6: 40 + payload length), as Zeek counts ip_bytes. */
    public int ipLength;
    /**
     * The payload as captured: {@code payloadCaptured} bytes of {@code buffer} from
     * {@code payloadOffset} (valid only during the listener call; for reassembly and HTTP).
     */
    public byte[] buffer;
    /** The decoded packet this segment came from (a reassembled datagram for IP fragments). */
    public io.tcplens.decode.Packet packet;
    public int payloadOffset;
    public int payloadCaptured;

    void reset() {
        connection = null;
        icmpQuoted = false;
        stream = -1;
        lengthKnown = false;
        len = 0;
        nxtseq = 0;
        analysis = 0;
        dupAckNum = 0;
        dupAckFrame = 0;
        acksFrame = 0;
        ackRttNanos = 0;
        initialRttNanos = -1;
        bytesInFlight = -1;
        pushBytesSent = -1;
        scaledWindow = -1;
    }

    public boolean has(int analysisBit) { return (analysis & analysisBit) != 0; }
}
