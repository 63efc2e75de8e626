package io.tcplens.render.tcpdump;

/**
 * IPv4 (print-ip.c): the header, its options and checksum with -v, fragments, and the demultiplexer
 * that both IP versions use to hand the payload to the transport printer (ip_demux_print).
 */
final class IpPrinter extends ProtocolPrinter {
    IpPrinter(PrintContext c) { super(c); }

    void ip4(int bp, int length) {
        ctx.protocol = "ip";
        int v = u8(bp) >>> 4;
        if (v != 4) {
            if (v == 6) out.s("IP6, wrong link-layer encapsulation");
            else out.s("IP").dec(v);
            invalidMark();
            return;
        }
        if (!eflag) out.s("IP ");
        if (!have(bp, 20)) { trunc(); return; }
        if (length < 20) { out.s("truncated-ip ").dec(length & 0xFFFFFFFFL); return; }
        int hlen = (u8(bp) & 0x0F) * 4;
        if (hlen < 20) { out.s("bad-hlen ").dec(hlen); return; }
        int len = u16(bp + 2);
        if ((length & 0xFFFFFFFFL) < len) out.s("truncated-ip - ").dec(len - length).s(" bytes missing! ");
        if (len < hlen) { out.s("bad-len ").dec(len); return; }
        int saved = pushSnaplen(bp, len);
        len -= hlen;
        int off = u16(bp + 6);
        int proto = u8(bp + 9);
        if (vflag > 0) {
            int tos = u8(bp + 1);
            out.s("(tos 0x").hex(tos);
            switch (tos & 3) {
                case 1 -> out.s(",ECT(1)");
                case 2 -> out.s(",ECT(0)");
                case 3 -> out.s(",CE");
                default -> { }
            }
            int ttl = u8(bp + 8);
            if (ttl >= 1) out.s(", ttl ").dec(ttl);
            out.s(", id ").dec(u16(bp + 4)).s(", offset ").dec((off & 0x1fff) * 8).s(", flags [");
            int fl = off & 0xE000;
            if (fl == 0) out.s("none");
            else {
                boolean first = true;
                if ((fl & 0x2000) != 0) { out.s("+"); first = false; }
                if ((fl & 0x4000) != 0) { if (!first) out.s(", "); out.s("DF"); first = false; }
                if ((fl & 0x8000) != 0) { if (!first) out.s(", "); out.s("rsvd"); }
            }
            out.s("], proto ");
            String pn = Tables.ipproto(proto);
            out.s(pn == null ? "unknown" : pn).s(" (").dec(proto).ch(')');
            out.s(", length ").dec(u16(bp + 2));
            boolean truncated = false;
            if (hlen > 20) {
                out.s(", options (");
                if (!ipOptions(bp + 20, hlen - 20)) { out.s(" [truncated-option]"); truncated = true; }
                out.ch(')');
            }
            if (bp + hlen <= ctx.snapend) {
                int computed = (~fold(sum16(bp, hlen))) & 0xFFFF;
                if (computed != 0) {
                    int ipsum = u16(bp + 10);
                    out.s(", bad cksum ").hex(ipsum).s(" (->").hex(shouldBe(ipsum, computed)).s(")!");
                }
            }
            out.s(")\n    ");
            if (truncated) {
                ipaddr(bp + 12); out.s(" > "); ipaddr(bp + 16); out.s(": ");
                trunc();
                ctx.snapend = saved;
                return;
            }
        }
        if ((off & 0x1fff) == 0) {
            int nh = u8(bp + 9);
            if (nh != 6 && nh != 17 && nh != 132 && nh != 33) {
                ipaddr(bp + 12); out.s(" > "); ipaddr(bp + 16); out.s(": ");
            }
            if (!have(bp, hlen)) {
                out.s(" [remaining caplen(").dec(available(bp)).s(") < header length(").dec(hlen).s(")]");
                throw PrintContext.TRUNCATED;
            }
            demux(bp + hlen, len, 4, (off & 0x2000) != 0, nh, bp);
        } else {
            ipaddr(bp + 12); out.s(" > "); ipaddr(bp + 16); out.ch(':');
            String pn = names != null ? Tables.netdbProto(proto) : null;
            if (pn != null) out.ch(' ').s(pn);
            else out.s(" ip-proto-").dec(proto);
        }
        ctx.snapend = saved;
    }

    /** ip_optprint; false on a problem that tcpdump reports as truncated. */
    private boolean ipOptions(int cp, int length) {
        String sep = "";
        while (length > 0) {
            out.s(sep);
            sep = ",";
            int code = u8(cp);
            String n = switch (code) {
                case 0 -> "EOL";
                case 1 -> "NOP";
                case 68 -> "timestamp";
                case 130 -> "security";
                case 7 -> "RR";
                case 137 -> "SSRR";
                case 131 -> "LSRR";
                case 148 -> "RA";
                case 82 -> "traceroute";
                default -> null;
            };
            if (n != null) out.s(n); else out.s("unknown ").dec(code);
            int olen;
            if (code == 0 || code == 1) olen = 1;
            else {
                olen = u8(cp + 1);
                if (olen < 2) { out.s(" [bad length ").dec(olen).ch(']'); return true; }
            }
            if (olen > length) { out.s(" [bad length ").dec(olen).ch(']'); return true; }
            if (!have(cp, olen)) return false;
            if (code == 0) return true;
            if (code == 148) {
                if (olen < 4) out.s(" [bad length ").dec(olen).ch(']');
                else if (u16(cp + 2) != 0) out.s(" value ").dec(u16(cp + 2));
            } else if (code == 7 || code == 137 || code == 131) {
                if (olen < 3) { out.s(" [bad length ").dec(olen).ch(']'); }
                else {
                    int ptr = u8(cp + 2) - 1;
                    if (ptr < 3 || ((ptr + 1) & 3) != 0 || ptr > olen + 1) out.s(" [bad ptr ").dec(u8(cp + 2)).ch(']');
                    for (int i = 3; i < olen; i += 4) {
                        out.ch(' ');
                        ipaddr(cp + i);
                        if (ptr > i && ptr <= i + 4) out.ch(',');
                    }
                }
            }
            cp += olen;
            length -= olen;
        }
        return true;
    }

    // ------------------------------------------------------------------ demux

    void demux(int bp, int length, int ver, boolean fragmented, int nh, int iph) {
        switch (nh) {
            case 6 -> ctx.tcp.tcp(bp, length, iph, fragmented);
            case 17 -> ctx.udp.udp(bp, length, iph, fragmented);
            case 1 -> {
                if (ver == 4) ctx.icmp.icmp(bp, length);
                else { out.s("[ICMP requires IPv4]"); invalidMark(); }
            }
            case 58 -> {
                if (ver == 6) ctx.icmp.icmp6(bp, length);
                else { out.s("[ICMPv6 requires IPv6]"); invalidMark(); }
            }
            // Tunnels are handed back to TcpdumpPrinter's loop instead of called: nesting then
            // costs no stack, however deep a frame nests them (tcpdump itself has no limit).
            case 4 -> ctx.handOff(PrintContext.NEXT_IP4, bp, length);
            case 41 -> ctx.handOff(PrintContext.NEXT_IP6, bp, length);
            case 47 -> ctx.handOff(PrintContext.NEXT_GRE, bp, length);
            case 59 -> out.s("IP6 no next header"); // tcpdump prints nothing useful here
            default -> {
                String pn = names != null ? Tables.netdbProto(nh) : null;
                if (pn != null) out.ch(' ').s(pn);
                else out.s(" ip-proto-").dec(nh);
                out.ch(' ').dec(length & 0xFFFFFFFFL);
            }
        }
    }

}
