package io.tcplens.reassembly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chunk sequence of Wireshark 4.0's "Follow TCP Stream" for one TCP stream, reproducing its
 * rules exactly (they differ from a general reassembler, see {@link StreamReassembler}):
 *
 * <ul>
 * <li>Node 0 is the source of the first packet fed, node 1 its destination.</li>
 * <li>Sequence numbers are Wireshark's relative ones: a direction's base is set by its first
 *     segment (the SYN's sequence number, else one less than the first sequence number) or,
 *     while still unset, by the first ACK from the peer (ack − 1); a later SYN re-bases a
 *     direction whose base did not come from a SYN.</li>
 * <li>One chunk per segment that adds new contiguous data, in the order data becomes
 *     contiguous; bytes already seen are cut off the front; out-of-order segments are held
 *     until the hole before them is filled.</li>
 * <li>When a packet acknowledges past a hole in the peer's held data, a chunk with the text
 *     {@code [N bytes missing in capture file]} and a NUL is emitted.</li>
 * <li>A segment's sequence space is its declared payload length; only its captured bytes are
 *     emitted.</li>
 * </ul>
 */
public final class TsharkFollow {
    /** One chunk of followed data, attributed to node 0 or 1. */
    public record Chunk(int node, long frame, long micros, byte[] data) {}

    private static final class Frag {
        final long frame;
        final long micros;
        final int seq;
        final byte[] data;

        Frag(long frame, long micros, int seq, byte[] data) {
            this.frame = frame;
            this.micros = micros;
            this.seq = seq;
            this.data = data;
        }
    }

    private byte[] addr0, addr1;
    private int port0 = -1, port1 = -1;
    private final int[] seq = new int[2];
    private final long[] bytesWritten = new long[2];
    private final boolean[] baseSet = new boolean[2];
    private final int[] base = new int[2];
    private final boolean[] baseFromSyn = new boolean[2];
    private final List<List<Frag>> frags = List.of(new ArrayList<>(), new ArrayList<>());
    private final List<Chunk> chunks = new ArrayList<>();

    /**
     * One TCP packet of the stream.
     *
     * @param addr      the buffer holding the addresses
     * @param payloadCaptured bytes of payload captured; {@code payloadDeclared} is the IP-declared length
     */
    public void packet(byte[] buf, int srcAddrOff, int dstAddrOff, int addrLen, int srcPort, int dstPort,
                       int flags, int rawSeq, int rawAck, int payloadOff, int payloadCaptured, int payloadDeclared,
                       long frame, long micros) {
        if (port0 < 0) {
            addr0 = Arrays.copyOfRange(buf, srcAddrOff, srcAddrOff + addrLen);
            addr1 = Arrays.copyOfRange(buf, dstAddrOff, dstAddrOff + addrLen);
            port0 = srcPort;
            port1 = dstPort;
        }
        boolean fromNode0 = srcPort == port0 && addrLen == addr0.length
                && Arrays.equals(buf, srcAddrOff, srcAddrOff + addrLen, addr0, 0, addrLen);
        packet(fromNode0 ? 0 : 1, flags, rawSeq, rawAck, buf, payloadOff, payloadCaptured, payloadDeclared, frame, micros);
    }

    /** One TCP packet, its node already known. */
    public void packet(int node, int flags, int rawSeq, int rawAck, byte[] buf, int payloadOff,
                       int payloadCaptured, int payloadDeclared, long frame, long micros) {
        int peer = 1 - node;
        boolean syn = (flags & 0x02) != 0;
        boolean ackFlag = (flags & 0x10) != 0;
        // Relative sequence numbers, as the TCP dissector computes them.
        if (!baseSet[node] || (syn && !baseFromSyn[node])) {
            // A SYN re-bases a direction whose base was guessed from a non-SYN segment.
            baseSet[node] = true;
            baseFromSyn[node] = syn;
            base[node] = syn ? rawSeq : rawSeq - 1;
        }
        if (ackFlag && !baseSet[peer]) {
            baseSet[peer] = true;
            base[peer] = rawAck - 1;
        }
        int sequence = rawSeq - base[node];
        int acknowledged = ackFlag ? rawAck - base[peer] : rawAck;
        int length = Math.max(0, payloadDeclared);
        int dataOffset = 0;
        int dataLength = Math.max(0, Math.min(payloadCaptured, length));
        if (syn) sequence++;

        if (!frags.get(peer).isEmpty()) {
            while (checkFragments(peer, acknowledged, frame, micros, true)) { /* repeat */ }
        }
        if (bytesWritten[node] == 0 && seq[node] == 0) seq[node] = sequence;

        if (lt(sequence, seq[node])) {
            int nextSeq = sequence + length;
            if (gt(nextSeq, seq[node])) {
                dataOffset = seq[node] - sequence;
                dataLength = dataLength <= dataOffset ? 0 : dataLength - dataOffset;
                sequence = seq[node];
                length = nextSeq - seq[node];
            }
        }
        if (dataLength == 0) return;
        byte[] data = Arrays.copyOfRange(buf, payloadOff + dataOffset, payloadOff + dataOffset + dataLength);
        if (sequence == seq[node]) {
            seq[node] += length;
            bytesWritten[node] += data.length;
            chunks.add(new Chunk(node, frame, micros, data));
            while (checkFragments(node, 0, frame, micros, false)) { /* repeat */ }
        } else {
            frags.get(node).add(new Frag(frame, micros, sequence, data));
        }
    }

    private boolean checkFragments(int node, int acknowledged, long frame, long micros, boolean useAck) {
        List<Frag> list = frags.get(node);
        if (list.isEmpty()) return false;
        int lowest = list.getFirst().seq;
        for (int i = 0; i < list.size(); i++) {
            Frag f = list.get(i);
            if (gt(lowest, f.seq)) lowest = f.seq;
            if (lt(f.seq, seq[node])) {
                int newSeq = f.seq + f.data.length;
                if (gt(newSeq, seq[node])) {
                    int newPos = seq[node] - f.seq;
                    if (f.data.length > newPos) {
                        chunks.add(new Chunk(node, f.frame, f.micros, Arrays.copyOfRange(f.data, newPos, f.data.length)));
                    }
                    seq[node] += f.data.length - newPos;
                }
                list.remove(i);
                return true;
            }
            if (f.seq == seq[node]) {
                if (f.data.length > 0) chunks.add(new Chunk(node, f.frame, f.micros, f.data));
                seq[node] += f.data.length;
                list.remove(i);
                return true;
            }
        }
        if (useAck && gt(acknowledged, lowest)) {
            String s = "[" + (lowest - seq[node]) + " bytes missing in capture file]";
            byte[] text = new byte[s.length() + 1];
            for (int i = 0; i < s.length(); i++) text[i] = (byte) s.charAt(i);
            chunks.add(new Chunk(node, frame, micros, text));
            seq[node] = lowest;
            return true;
        }
        return false;
    }

    private static boolean lt(int a, int b) { return a - b < 0; }
    private static boolean gt(int a, int b) { return a - b > 0; }

    public boolean started() { return port0 >= 0; }
    public byte[] address(int node) { return node == 0 ? addr0 : addr1; }
    public int port(int node) { return node == 0 ? port0 : port1; }
    /** The chunks so far, in output order. */
    public List<Chunk> chunks() { return chunks; }
}
