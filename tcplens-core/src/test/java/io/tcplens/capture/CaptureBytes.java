package io.tcplens.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds small pcap and pcapng files in memory for reader tests. */
final class CaptureBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    CaptureBytes(ByteOrder order) { this.order = order; }

    static CaptureBytes pcap(ByteOrder order, boolean nanos, int snaplen, int linkType) {
        CaptureBytes c = new CaptureBytes(order);
        c.u32(nanos ? 0xA1B23C4D : 0xA1B2C3D4).u16(2).u16(4).u32(0).u32(0).u32(snaplen).u32(linkType);
        return c;
    }

    CaptureBytes record(long sec, long frac, byte[] data, int wireLen) {
        return u32((int) sec).u32((int) frac).u32(data.length).u32(wireLen).raw(data);
    }

    static CaptureBytes pcapng(ByteOrder order) {
        CaptureBytes c = new CaptureBytes(order);
        c.shb();
        return c;
    }

    CaptureBytes shb() {
        block(0x0A0D0D0A, b -> b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L));
        return this;
    }

    /** Interface description; tsresol < 0 means no option. */
    CaptureBytes idb(int linkType, int snaplen, int tsresol) {
        block(1, b -> {
            b.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
            if (tsresol >= 0) {
                b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
                b.putShort((short) 0).putShort((short) 0);
            }
        });
        return this;
    }

    CaptureBytes epb(int iface, long ts, byte[] data, int wireLen) {
        block(6, b -> {
            b.putInt(iface).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length).putInt(wireLen);
            b.put(data).put(new byte[(4 - data.length % 4) % 4]);
        });
        return this;
    }

    CaptureBytes spb(byte[] data, int wireLen) {
        block(3, b -> b.putInt(wireLen).put(data).put(new byte[(4 - data.length % 4) % 4]));
        return this;
    }

    CaptureBytes unknownBlock() {
        block(0x0BAD, b -> b.putInt(42).putInt(43));
        return this;
    }

    interface Body { void fill(ByteBuffer b); }

    CaptureBytes block(int type, Body body) { return block(type, body, 0); }

    /** A block whose trailing length is off by {@code trailerDelta} from its leading one. */
    CaptureBytes block(int type, Body body, int trailerDelta) {
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(order);
        body.fill(b);
        int len = 12 + b.position();
        u32(type).u32(len);
        raw(java.util.Arrays.copyOf(b.array(), b.position()));
        return u32(len + trailerDelta);
    }

    CaptureBytes u32(int v) {
        ByteBuffer b = ByteBuffer.allocate(4).order(order).putInt(v);
        out.writeBytes(b.array());
        return this;
    }

    CaptureBytes u16(int v) {
        ByteBuffer b = ByteBuffer.allocate(2).order(order).putShort((short) v);
        out.writeBytes(b.array());
        return this;
    }

    CaptureBytes raw(byte[] data) { out.writeBytes(data); return this; }

    byte[] bytes() { return out.toByteArray(); }

    /** Bytes written so far: the offset of what is written next. */
    int size() { return out.size(); }

    /** A block of any size (the body padded to 4 bytes), both lengths equal. */
    CaptureBytes rawBlock(int type, byte[] body) {
        int pad = (4 - body.length % 4) % 4;
        int len = 12 + body.length + pad;
        return u32(type).u32(len).raw(body).raw(new byte[pad]).u32(len);
    }

    static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (seed + i);
        return b;
    }
}
