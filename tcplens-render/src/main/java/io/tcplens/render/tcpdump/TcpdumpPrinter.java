package io.tcplens.render.tcpdump;

import io.tcplens.capture.Frame;
import io.tcplens.decode.Packet;
import io.tcplens.render.text.AsciiOut;

/**
 * Prints packets exactly as tcpdump 4.99 does, one call per packet.
 * (First cut: IPv4/IPv6 TCP basics; the full rule set lives in the reference notes.)
 */
public final class TcpdumpPrinter {
    private final TcpdumpOptions options;
    private final AsciiOut out;

    public TcpdumpPrinter(TcpdumpOptions options, AsciiOut out) {
        this.options = options;
        this.out = out;
    }

    public void print(Frame f, Packet p) {
        if (options.timestamps() == 2) {
            out.dec(f.seconds()).ch('.').dec0(f.nanos() / 1000, 6).ch(' ');
        }
        if (p.ipVersion() == 4) out.s("IP ");
        else if (p.ipVersion() == 6) out.s("IP6 ");
        if (p.hasTcp() && p.tcpFixedHeaderComplete()) {
            addr(p, p.srcAddrOffset());
            out.ch('.').dec(p.srcPort()).s(" > ");
            addr(p, p.dstAddrOffset());
            out.ch('.').dec(p.dstPort()).s(": Flags [");
            int fl = p.tcpFlags();
            out.s(flags(fl)).s("]");
            int len = p.tcpPayloadLength();
            if (len > 0 || (fl & (Packet.SYN | Packet.FIN | Packet.RST)) != 0) {
                out.s(", seq ").u32(p.seq());
                if (len > 0) out.ch(':').u32(p.seq() + len);
            }
            if ((fl & Packet.ACK) != 0) out.s(", ack ").u32(p.ack());
            out.s(", win ").dec(p.window());
            out.s(", length ").dec(len);
        }
        out.nl();
    }

    static String flags(int fl) {
        StringBuilder sb = new StringBuilder();
        if ((fl & Packet.FIN) != 0) sb.append('F');
        if ((fl & Packet.SYN) != 0) sb.append('S');
        if ((fl & Packet.RST) != 0) sb.append('R');
        if ((fl & Packet.PSH) != 0) sb.append('P');
        if ((fl & Packet.ACK) != 0) sb.append('.');
        if ((fl & Packet.URG) != 0) sb.append('U');
        if ((fl & Packet.ECE) != 0) sb.append('E');
        if ((fl & Packet.CWR) != 0) sb.append('W');
        return sb.isEmpty() ? "none" : sb.toString();
    }

    private void addr(Packet p, int off) {
        byte[] b = p.buffer();
        if (p.addrLength() == 4) {
            out.dec(b[off] & 0xFF).ch('.').dec(b[off + 1] & 0xFF).ch('.').dec(b[off + 2] & 0xFF).ch('.').dec(b[off + 3] & 0xFF);
        } else {
            for (int i = 0; i < 16; i += 2) {
                if (i > 0) out.ch(':');
                out.hex(((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF));
            }
        }
    }
}
