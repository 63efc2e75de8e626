package io.tcplens.decode;

import io.tcplens.capture.Frame;
import io.tcplens.capture.LinkType;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reassembles fragmented IPv4 and IPv6 datagrams, as Wireshark does by default, so the TCP
 * segment inside is analysed in the frame of the fragment that completes it (that is where
 * tshark shows it). Memory is bounded: at most {@link #MAX_PENDING} datagrams in progress, each
 * at most 64 KiB, forgotten after {@link #TIMEOUT_NANOS} of capture time without a fragment.
 *
 * <p>Only the analysers use it; the tcpdump printer prints fragments one by one, as tcpdump does.
 */
public final class IpReassembler {
    static final int MAX_PENDING = 1024;
    static final int MAX_PAYLOAD = 65535;
    static final long TIMEOUT_NANOS = 60_000_000_000L;

    /** One datagram in progress. */
    private static final class Pending {
        byte[] header;          // IPv4 header of the first fragment, or the IPv6 base header
        byte[] data = new byte[2048];
        long[] ranges = new long[8]; // received [start, end) pairs, merged
        int rangeCount;
        int total = -1;         // payload length, known once the last fragment arrived
        long lastNanos;
        boolean broken;         // a fragment was cut by the snapshot length: cannot complete
    }

    private final Map<ByteBuffer, Pending> pending = new LinkedHashMap<>();
    private final Frame out = new Frame();
    private byte[] outBuf = new byte[2048];

    /** Datagrams currently being reassembled (for tests). */
    public int pending() { return pending.size(); }

    /**
     * Feeds a decoded packet whose innermost IP header is a fragment. Returns a raw-IP frame with
     * the whole datagram when this fragment completes it (valid until the next call), else null.
     */
    public Frame add(Frame f, Packet p) {
        if (!p.ipFragment() || p.ipOffset() < 0) return null;
        long now = f.seconds() * 1_000_000_000L + f.nanos();
        expire(now);
        byte[] b = p.buffer();
        int o = p.ipOffset();
        int end = p.end();
        int fragOffset, payloadStart, payloadEnd, nextHeader = -1;
        boolean more;
        ByteBuffer key;
        byte[] headerTemplate = null;
        if (p.ipVersion() == 4) {
            if (o + 20 > end) return null;
            int ihl = (b[o] & 0x0F) * 4;
            int total = ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
            int ff = ((b[o + 6] & 0xFF) << 8) | (b[o + 7] & 0xFF);
            fragOffset = (ff & 0x1FFF) * 8;
            more = (ff & 0x2000) != 0;
            payloadStart = o + ihl;
            payloadEnd = o + total;
            byte[] k = new byte[11];
            System.arraycopy(b, o + 12, k, 0, 8);      // src, dst
            k[8] = b[o + 4]; k[9] = b[o + 5];            // id
            k[10] = b[o + 9];                            // protocol
            key = ByteBuffer.wrap(k);
            if (fragOffset == 0 && o + ihl <= end) headerTemplate = Arrays.copyOfRange(b, o, o + ihl);
        } else {
            // Only the common layout: the fragment header right after the base header.
            if (o + 48 > end || (b[o + 6] & 0xFF) != 44) return null;
            int payloadLength = ((b[o + 4] & 0xFF) << 8) | (b[o + 5] & 0xFF);
            int fh = o + 40;
            nextHeader = b[fh] & 0xFF;
            int ff = ((b[fh + 2] & 0xFF) << 8) | (b[fh + 3] & 0xFF);
            fragOffset = ff & 0xFFF8;
            more = (ff & 1) != 0;
            payloadStart = fh + 8;
            payloadEnd = o + 40 + payloadLength;
            byte[] k = new byte[36];
            System.arraycopy(b, o + 8, k, 0, 32);        // src, dst
            System.arraycopy(b, fh + 4, k, 32, 4);       // id
            key = ByteBuffer.wrap(k);
            if (fragOffset == 0) {
                headerTemplate = Arrays.copyOfRange(b, o, o + 40);
                headerTemplate[6] = (byte) nextHeader;   // the fragment header disappears
            }
        }
        int len = payloadEnd - payloadStart;
        if (len < 0 || fragOffset + len > MAX_PAYLOAD) return null;
        Pending d = pending.remove(key);                 // re-insert below: most recent last
        if (d == null) {
            if (pending.size() >= MAX_PENDING) {
                Iterator<ByteBuffer> it = pending.keySet().iterator();
                it.next();
                it.remove();
            }
            d = new Pending();
        }
        d.lastNanos = now;
        if (payloadEnd > end) d.broken = true;           // not all of it was captured
        if (!d.broken && len > 0) {
            ensure(d, fragOffset + len);
            System.arraycopy(b, payloadStart, d.data, fragOffset, len);
            addRange(d, fragOffset, fragOffset + len);
        }
        if (headerTemplate != null) d.header = headerTemplate;
        if (!more) d.total = fragOffset + len;
        if (d.broken || d.header == null || d.total < 0 || !covered(d)) {
            if (!d.broken) pending.put(key, d);
            return null;
        }
        return build(f, d, p.ipVersion());
    }

    private Frame build(Frame f, Pending d, int version) {
        int h = d.header.length;
        int n = h + d.total;
        if (outBuf.length < n) outBuf = new byte[Math.max(n, outBuf.length * 2)];
        System.arraycopy(d.header, 0, outBuf, 0, h);
        System.arraycopy(d.data, 0, outBuf, h, d.total);
        if (version == 4) {
            outBuf[2] = (byte) (n >>> 8);
            outBuf[3] = (byte) n;
            outBuf[6] &= 0x40;                           // keep DF; no MF, offset 0
            outBuf[7] = 0;
        } else {
            outBuf[4] = (byte) (d.total >>> 8);
            outBuf[5] = (byte) d.total;
        }
        return out.set(outBuf, 0, n, n, f.seconds(), f.nanos(), LinkType.RAW, MAX_PAYLOAD + 60, f.number());
    }

    private static void ensure(Pending d, int size) {
        if (d.data.length < size) d.data = Arrays.copyOf(d.data, Math.min(MAX_PAYLOAD, Math.max(size, d.data.length * 2)));
    }

    /** Adds [s, e) to the merged, sorted ranges. */
    private static void addRange(Pending d, long s, long e) {
        long[] r = d.ranges;
        int n = d.rangeCount;
        long[] merged = new long[Math.max(r.length, 2 * n + 2)];
        int m = 0;
        boolean placed = false;
        for (int i = 0; i < n; i++) {
            long a = r[2 * i], z = r[2 * i + 1];
            if (z < s) { merged[m++] = a; merged[m++] = z; continue; }
            if (a > e) {
                if (!placed) { merged[m++] = s; merged[m++] = e; placed = true; }
                merged[m++] = a; merged[m++] = z;
                continue;
            }
            s = Math.min(s, a);
            e = Math.max(e, z);
        }
        if (!placed) { merged[m++] = s; merged[m++] = e; }
        d.ranges = merged;
        d.rangeCount = m / 2;
    }

    private static boolean covered(Pending d) {
        return d.total == 0 || (d.rangeCount == 1 && d.ranges[0] == 0 && d.ranges[1] >= d.total);
    }

    private void expire(long now) {
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending d = it.next();
            if (now - d.lastNanos <= TIMEOUT_NANOS) break; // insertion order = last-touched order
            it.remove();
        }
    }
}
