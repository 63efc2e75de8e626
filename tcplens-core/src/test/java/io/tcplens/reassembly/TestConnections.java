package io.tcplens.reassembly;

import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.decode.IpReassembler;
import io.tcplens.decode.Packet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test helper standing in for the flow table: groups a capture's TCP packets by canonical
 * 4-tuple, numbered in order of first appearance (tshark's tcp.stream for captures without
 * port reuse). The client is the SYN sender, else the endpoint with the higher port.
 */
public final class TestConnections {
    private TestConnections() {}

    /** One TCP packet, copied out of the capture ({@code declared} is -1 when the TCP header is bogus). */
    public record Seg(long frame, long micros, byte[] src, int srcPort, byte[] dst, int dstPort,
                      int flags, int seq, int ack, byte[] payload, int declared) {
        public byte[] buf() {
            return payload;
        }
    }

    public static final class Conn {
        public final int index;
        public final List<Seg> segs = new ArrayList<>();
        final boolean[] baseSet = new boolean[2];
        final int[] base = new int[2];
        Conn(int index) { this.index = index; }

        /** True if this segment goes from the client (SYN sender, else the higher port). */
        public boolean fromClient(Seg s) {
            Seg first = segs.getFirst();
            for (Seg x : segs) {
                if ((x.flags & Packet.SYN) != 0 && (x.flags & Packet.ACK) == 0) {
                    return sameSource(s, x);
                }
            }
            for (Seg x : segs) {
                if ((x.flags & (Packet.SYN | Packet.ACK)) == (Packet.SYN | Packet.ACK)) return !sameSource(s, x);
            }
            int hi = Math.max(first.srcPort, first.dstPort);
            if (first.srcPort != first.dstPort) return s.srcPort == hi;
            return sameSource(s, first);
        }

        static boolean sameSource(Seg a, Seg b) {
            return a.srcPort == b.srcPort && Arrays.equals(a.src, b.src);
        }

        public boolean hasPayload() {
            for (Seg s : segs) if (s.payload.length > 0) return true;
            return false;
        }
    }

    public static List<Conn> read(Path capture) throws IOException, io.tcplens.capture.CaptureException {
        Reader reader = new Reader();
        Frame f = new Frame();
        Packet p = new Packet();
        Packet whole = new Packet();
        Packet[] subframes = {new Packet(), new Packet()};
        IpReassembler reassembler = new IpReassembler();
        try (CaptureReader r = CaptureReader.open(capture.toString())) {
            while (r.next(f)) {
                p.decode(f);
                reader.add(p, reassembler, whole);
                // Every subframe of an 802.11 A-MSDU, as tshark dissects them.
                Packet prev = p;
                for (int i = 0; prev.hasNextSubframe(); i++) {
                    Packet sub = subframes[i & 1];
                    sub.decodeNextSubframe(prev);
                    reader.add(sub, reassembler, whole);
                    prev = sub;
                }
            }
        }
        return reader.all;
    }

    private static final class Reader {
        final Map<String, Conn> byKey = new LinkedHashMap<>();
        final List<Conn> all = new ArrayList<>();
        int count;

        /** Adds the packet's TCP segment; a fragment counts once its datagram is whole, as in tshark. */
        void add(Packet p, IpReassembler reassembler, Packet whole) {
            if (p.needsReassembly()) {
                Frame w = reassembler.add(p.frame(), p);
                if (w == null) return;
                whole.decode(w);
                p = whole;
            }
            if (!p.hasTcp() || !p.tcpFixedHeaderComplete() || p.needsReassembly()) return;
            Frame f = p.frame();
            // In an IP fragment tshark did not reassemble, the segment has no length to tshark.
            boolean valid = p.tcpHeaderValid() && !p.ipFragment();
            byte[] b = p.buffer();
            byte[] src = Arrays.copyOfRange(b, p.srcAddrOffset(), p.srcAddrOffset() + p.addrLength());
            byte[] dst = Arrays.copyOfRange(b, p.dstAddrOffset(), p.dstAddrOffset() + p.addrLength());
            int sp = p.srcPort(), dp = p.dstPort();
            String a = hex(src) + "/" + sp, z = hex(dst) + "/" + dp;
            String key = a.compareTo(z) < 0 ? a + "-" + z : z + "-" + a;
            int flags = p.tcpFlags();
            Conn c = byKey.get(key);
            boolean dirA = a.compareTo(z) < 0;   // which direction of the canonical key
            if (c != null && (flags & (Packet.SYN | Packet.ACK)) == Packet.SYN
                    && c.baseSet[dirA ? 0 : 1] && c.base[dirA ? 0 : 1] != p.seq()) {
                c = null; // as tshark: a SYN whose sequence number differs from the direction's base starts a new stream
            }
            if (c == null) {
                c = new Conn(count++);
                byKey.put(key, c);
                all.add(c);
            }
            int d = dirA ? 0 : 1;
            if (!c.baseSet[d]) {
                c.baseSet[d] = true;
                c.base[d] = (flags & Packet.SYN) != 0 ? p.seq() : p.seq() - 1;
            }
            if ((flags & Packet.ACK) != 0 && !c.baseSet[1 - d]) {
                c.baseSet[1 - d] = true;
                c.base[1 - d] = p.ack() - 1;
            }
            int cap = valid ? Math.max(0, p.tcpPayloadCaptured()) : 0;
            // Like Wireshark, trust the IP length only as far as the frame's wire length reaches.
            int onWire = p.wireEnd() - p.tcpPayloadOffset();
            int declared = valid ? Math.min(p.tcpPayloadLength(), Math.max(0, onWire)) : -1;
            byte[] payload = Arrays.copyOfRange(b, p.tcpPayloadOffset(), p.tcpPayloadOffset() + Math.min(cap, declared));
            c.segs.add(new Seg(f.number(), f.epochMicros(), src, sp, dst, dp, flags, p.seq(), p.ack(),
                    payload, declared));
        }
    }

    private static String hex(byte[] a) {
        StringBuilder sb = new StringBuilder();
        for (byte x : a) sb.append(String.format("%02x", x));
        return sb.toString();
    }
}
