package io.tcplens.render.tcpdump;

/**
 * IPv6 (print-ip6.c, print-ip6opts.c, print-rt6.c, print-frag6.c): the header, the extension-header
 * chain, the Jumbo Payload option and the final destination for the pseudo-header checksum.
 */
final class Ip6Printer extends ProtocolPrinter {
    Ip6Printer(PrintContext c) { super(c); }

    // ------------------------------------------------------------------ IPv6

    void ip6(int bp, int length) {
        ctx.protocol = "ip6";
        if (!have(bp, 40)) { trunc(); return; }
        if (length < 40) { out.s("truncated-ip6 ").dec(length & 0xFFFFFFFFL); return; }
        if (!eflag) out.s("IP6 ");
        int v = u8(bp) >>> 4;
        if (v != 6) { out.s("version error: ").dec(v).s(" != 6"); return; }
        int payloadLen = u16(bp + 4);
        long len;
        if (payloadLen != 0) {
            len = payloadLen + 40L;
            if ((length & 0xFFFFFFFFL) < len) out.s("truncated-ip6 - ").dec(len - length).s(" bytes missing!");
        } else {
            len = (length & 0xFFFFFFFFL) + 40;
        }
        int nh = u8(bp + 6);
        if (vflag > 0) {
            int flow = u32(bp);
            out.ch('(');
            if ((flow & 0x0ff00000) != 0) out.s("class 0x").hex0((flow & 0x0ff00000) >>> 20, 2).s(", ");
            if ((flow & 0x000fffff) != 0) out.s("flowlabel 0x").hex0(flow & 0x000fffff, 5).s(", ");
            String pn = Tables.ipproto(nh);
            out.s("hlim ").dec(u8(bp + 7)).s(", next-header ").s(pn == null ? "unknown" : pn)
                    .s(" (").dec(nh).s(") payload length: ").dec(payloadLen).s(") ");
        }
        int saved = pushSnaplen(bp, len);
        int cp = bp;
        int advance = 40;
        boolean fragmented = false;
        boolean foundExt = false;
        boolean foundHbh = false;
        boolean foundJumbo = false;
        int ph = 255;
        while (cp < ctx.snapend && advance > 0) {
            if (len < advance) { trunc(); ctx.snapend = saved; return; }
            cp += advance;
            len -= advance;
            if (cp == bp + 40 && nh != 6 && nh != 17 && nh != 33 && nh != 132) {
                ip6addr(bp + 8); out.s(" > "); ip6addr(bp + 24); out.s(": ");
            }
            switch (nh) {
                case 0 -> {
                    if (foundHbh) { out.s("[The Hop-by-Hop Options header was already found]"); invalidMark(); ctx.snapend = saved; return; }
                    if (ph != 255) { out.s("[The Hop-by-Hop Options header don't follow the IPv6 header]"); invalidMark(); ctx.snapend = saved; return; }
                    ctx.protocol = "hbhopt";
                    int hl = (u8(cp + 1) + 1) << 3;
                    if (!have(cp, hl)) { trunc(); ctx.snapend = saved; return; }
                    out.s("HBH ");
                    jumbo = -1;
                    if (!ip6Options(cp + 2, hl - 2, payloadLen == 0)) { trunc(); ctx.snapend = saved; return; }
                    if (payloadLen == 0 && jumbo >= 0) { foundJumbo = true; }
                    if (payloadLen == 0 && !foundJumbo) { out.s("[No valid Jumbo Payload Hop-by-Hop option found]"); invalidMark(); ctx.snapend = saved; return; }
                    advance = hl;
                    foundExt = true;
                    foundHbh = true;
                    nh = u8(cp);
                }
                case 60 -> {
                    ctx.protocol = "dstopt";
                    int hl = (u8(cp + 1) + 1) << 3;
                    if (!have(cp, hl)) { trunc(); ctx.snapend = saved; return; }
                    out.s("DSTOPT ");
                    if (vflag > 0 && !ip6Options(cp + 2, hl - 2, false)) { trunc(); ctx.snapend = saved; return; }
                    advance = hl;
                    foundExt = true;
                    nh = u8(cp);
                }
                case 44 -> {
                    ctx.protocol = "frag6";
                    int offlg = u16(cp + 2) & 0xfff8;
                    long fl = 40L + payloadLen - (cp - bp) - 8;
                    if (vflag > 0) out.s("frag (0x").hex0(u32(cp + 4) & 0xFFFFFFFFL, 8).ch(':').dec(offlg).ch('|').dec(fl).ch(')');
                    else out.s("frag (").dec(offlg).ch('|').dec(fl).ch(')');
                    if (offlg != 0) { ctx.snapend = saved; return; }
                    out.ch(' ');
                    advance = 8;
                    if (ctx.snapend <= cp + advance) { ctx.snapend = saved; return; }
                    foundExt = true;
                    nh = u8(cp);
                    fragmented = true;
                }
                case 43 -> {
                    ctx.protocol = "rt6";
                    out.s("RT6");
                    int rlen = u8(cp + 1);
                    int type = u8(cp + 2);
                    out.s(" (len=").dec(rlen).s(", type=").dec(type);
                    if (type == 0) out.s(" [Deprecated]");
                    out.s(", segleft=").dec(u8(cp + 3));
                    if (type == 0 || type == 2) {
                        int rsv = u32(cp + 4);
                        if (rsv != 0 || vflag > 0) out.s(", rsv=0x").hex(rsv & 0xFFFFFFFFL);
                        if (rlen % 2 == 1) { out.s(" (invalid length ").dec(rlen).ch(')'); invalidMark(); ctx.snapend = saved; return; }
                        for (int i = 0; i < rlen / 2; i++) { out.s(", [").dec(i).ch(']'); ip6addr(cp + 8 + 16 * i); }
                        out.s(") ");
                    } else {
                        out.s(" (unknown type)");
                        invalidMark();
                        ctx.snapend = saved;
                        return;
                    }
                    advance = (rlen + 1) << 3;
                    foundExt = true;
                    nh = u8(cp);
                }
                default -> {
                    if (foundJumbo) {
                        len = jumbo + 40L;
                        if (len < cp - bp) { trunc(); ctx.snapend = saved; return; }
                        if ((length & 0xFFFFFFFFL) < len) out.s("truncated-ip6 - ").dec(len - (length & 0xFFFFFFFFL)).s(" bytes missing!");
                        ctx.snapend = (int) Math.min(saved, bp + len);
                        len -= cp - bp;
                    } else if (payloadLen == 0) {
                        if (foundExt) { trunc(); ctx.snapend = saved; return; }
                        len = 40;
                        ctx.snapend = Math.min(saved, bp + 40);
                        len -= 40;
                    }
                    ctx.ip.demux(cp, (int) len, 6, fragmented, nh, bp);
                    ctx.snapend = saved;
                    return;
                }
            }
            ph = nh;
            ctx.protocol = "ip6";
        }
        ctx.snapend = saved;
    }

    private long jumbo;

    /** ip6_opt_process; false when tcpdump gives up ("trunc"). Sets {@link #jumbo} for a valid Jumbo Payload. */
    private boolean ip6Options(int bp, int len, boolean hbhWithZeroPayload) {
        int optlen;
        boolean found = false;
        for (int i = 0; i < len; i += optlen) {
            int t = u8(bp + i);
            if (t == 0) optlen = 1;
            else {
                if (i + 1 < len) optlen = u8(bp + i + 1) + 2;
                else return false;
            }
            if (i + optlen > len) return false;
            switch (t) {
                case 0 -> { if (vflag > 0) out.s("(pad1)"); }
                case 1 -> {
                    if (len - i < 2) { out.s("(padn: trunc)"); return false; }
                    if (vflag > 0) out.s("(padn)");
                }
                case 5 -> {
                    if (len - i < 4) { out.s("(rtalert: trunc)"); return false; }
                    if (u8(bp + i + 1) != 2) { out.s("(rtalert: invalid len ").dec(u8(bp + i + 1)).ch(')'); return false; }
                    if (vflag > 0) out.s("(rtalert: 0x").hex0(u16(bp + i + 2), 4).s(") ");
                }
                case 0xc2 -> {
                    if (len - i < 6) { out.s("(jumbo: trunc)"); return false; }
                    if (u8(bp + i + 1) != 4) { out.s("(jumbo: invalid len ").dec(u8(bp + i + 1)).ch(')'); return false; }
                    long jl = u32(bp + i + 2) & 0xFFFFFFFFL;
                    if (found) { if (vflag > 0) out.s("(jumbo: ").dec(jl).s(" - already seen) "); }
                    else {
                        found = true;
                        if (!hbhWithZeroPayload) {
                            if (vflag > 0) out.s("(jumbo: ").dec(jl).s(" - payload len != 0) ");
                        } else if (jl < 65536) {
                            if (vflag > 0) out.s("(jumbo: ").dec(jl).s(" - < 65536) ");
                        } else {
                            jumbo = jl;
                            if (vflag > 0) out.s("(jumbo: ").dec(jl).s(") ");
                        }
                    }
                }
                case 0xc9 -> {
                    if (len - i < 18) { out.s("(homeaddr: trunc)"); return false; }
                    if (u8(bp + i + 1) < 16) { out.s("(homeaddr: invalid len ").dec(u8(bp + i + 1)).ch(')'); return false; }
                    if (vflag > 0) { out.s("(homeaddr: "); ip6addr(bp + i + 2); out.ch(')'); }
                }
                default -> {
                    if (len - i < 2) { out.s("(type ").dec(t).s(": trunc)"); return false; }
                    if (vflag > 0) out.s("(opt_type 0x").hex0(t, 2).s(": len=").dec(u8(bp + i + 1)).ch(')');
                }
            }
        }
        if (vflag > 0) out.ch(' '); // tcpdump ends the verbose option list with a space
        return true;
    }

    /** ip6_finddst: the final destination for the pseudo-header (last routing-header address). */
    int ip6FinalDst(int ip6) {
        int cp = ip6;
        int advance = 40;
        int nh = u8(ip6 + 6);
        int dst = ip6 + 24;
        while (cp < ctx.snapend) {
            cp += advance;
            switch (nh) {
                case 0, 60, 62, 135 -> { advance = (u8(cp + 1) + 1) << 3; nh = u8(cp); }
                case 44 -> { advance = 8; nh = u8(cp); }
                case 43 -> {
                    if (!have(cp, 8)) return dst;
                    int len = u8(cp + 1);
                    int type = u8(cp + 2);
                    if (type == 0 || type == 2) {
                        if (len % 2 == 1) return dst;
                        int p = cp + 8;
                        for (int i = 0; i < len / 2; i++) {
                            if (!have(p, 16)) return dst;
                            dst = p;
                            p += 16;
                        }
                    } else if (type == 4) {
                        if (len % 2 == 1) return dst;
                        if (have(cp + 8, 16)) dst = cp + 8;
                    }
                    return dst;
                }
                default -> { return dst; }
            }
        }
        return dst;
    }

}
