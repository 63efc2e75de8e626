package io.tcplens.render.tcpdump;

import io.tcplens.capture.LinkType;

/**
 * The link layers (print-ether.c, print-llc.c, print-fddi.c, print-null.c, print-sll.c, print-ppp.c,
 * print-nflog.c, print-ipoib.c, print-arcnet.c, print-juniper.c): the frame's link header, then the
 * network-layer printer its type names.
 */
final class LinkPrinter extends ProtocolPrinter {
    LinkPrinter(PrintContext c) { super(c); }

    /** The link-layer printer for the frame's link type (tcpdump's if_printer table). */
    void link(int linkType, int p, int length, int caplen) {
        switch (linkType) {
            case LinkType.ETHERNET -> { ctx.protocol = "ether"; ctx.llHdrLen = ether(p, length, caplen); }
            case LinkType.NULL, LinkType.LOOP -> nullLink(p, length, caplen);
            case LinkType.RAW, LinkType.RAW_BSD12, LinkType.RAW_BSD14, LinkType.IPV4, LinkType.IPV6 -> {
                ctx.protocol = "raw";
                if (eflag) out.s("ip: ");
                ipN(p, length);
            }
            case LinkType.LINUX_SLL -> sll(p, length, caplen);
            case LinkType.LINUX_SLL2 -> sll2(p, length, caplen);
            case 9 -> { // PPP
                ctx.protocol = "ppp";
                if (caplen < 4) { trunc(); ctx.llHdrLen = caplen; return; }
                ctx.llHdrLen = 4;
                ppp(p, length);
            }
            case 10 -> fddi(p, length, caplen);
            case 239 -> nflog(p, length, caplen);
            case 242 -> ipoib(p, length, caplen);
            case 129 -> arcnetLinux(p, length, caplen);
            case 178 -> juniperEther(p, length, caplen);
            default -> out.s("[|unsupported link type ").dec(linkType).ch(']');
        }
    }


    void ipN(int p, int length) {
        ctx.protocol = "ipn";
        if (length < 1) { out.s("truncated-ip ").dec(length & 0xFFFFFFFFL); return; }
        switch (u8(p) & 0xF0) {
            case 0x40 -> ctx.ip.ip4(p, length);
            case 0x60 -> ctx.ip6.ip6(p, length);
            default -> out.s("unknown ip ").dec((u8(p) & 0xF0) >> 4);
        }
    }

    void macAddr(int p) {
        check(p, 6);
        for (int i = 0; i < 6; i++) {
            if (i > 0) out.ch(':');
            out.hex0(ctx.b[p + i] & 0xFF, 2);
        }
    }

    void etherTypePrint(int type) {
        String name = Tables.ethertype(type);
        if (!qflag) {
            out.s("ethertype ").s(name == null ? "Unknown" : name).s(" (0x").hex0(type, 4).ch(')');
        } else if (name != null) {
            out.s(name);
        } else {
            out.s("Unknown Ethertype (0x").hex0(type, 4).ch(')');
        }
    }

    /** ether_print / ether_common_print. */
    /** ether_print; returns the link-layer header length as tcpdump counts it (for -x). */
    int ether(int p, int length, int caplen) {
        ctx.protocol = "ether";
        if (length < caplen) {
            out.s("[length ").dec(length).s(" < caplen ").dec(caplen).ch(']');
            invalidMark();
            return length;
        }
        if (caplen < 14) { trunc(); return caplen; }
        int src = p + 6;
        int dst = p;
        int origLength = length;
        length -= 12;
        caplen -= 12;
        p += 12;
        if (eflag) { macAddr(src); out.s(" > "); macAddr(dst); out.s(", "); }
        int type = u16(p);
        length -= 2;
        caplen -= 2;
        p += 2;
        int hdrlen = 14;
        boolean printedLength = false;
        while (type == 0x8100 || type == 0x9100 || type == 0x9200 || type == 0x88a8) {
            if (caplen < 4) { ctx.protocol = "vlan"; trunc(); return hdrlen + caplen; }
            if (length < 4) { ctx.protocol = "vlan"; trunc(); return hdrlen + length; }
            if (eflag) {
                int tag = u16(p);
                etherTypePrint(type);
                if (!printedLength) { out.s(", length ").dec(origLength).s(": "); printedLength = true; }
                else out.s(", ");
                out.s("vlan ").dec(tag & 0xfff).s(", p ").dec(tag >>> 13);
                if ((tag & 0x1000) != 0) out.s(", DEI");
                out.s(", ");
            }
            type = u16(p + 2);
            p += 4;
            length -= 4;
            caplen -= 4;
            hdrlen += 4;
        }
        if (type <= 1500) {
            if (type < length) { length = type; }
            int saved = pushSnaplen(p, Math.max(0, length));
            if (eflag) {
                out.s("802.3");
                if (!printedLength) out.s(", length ").dec(length).s(": ");
            }
            int llcLen = llc(p, length);
            ctx.snapend = saved;
            return hdrlen + llcLen;
        }
        if (eflag) {
            etherTypePrint(type);
            if (!printedLength) out.s(", length ").dec(origLength).s(": ");
            else out.s(", ");
        }
        if (!ethertype(type, p, length)) {
            if (!eflag) {
                macAddr(src); out.s(" > "); macAddr(dst); out.s(", ");
                etherTypePrint(type);
                out.s(", length ").dec(origLength).s(": ");
            }
            if (!ctx.suppressDefaultPrint) defaultPrint(p, caplen);
        }
        return hdrlen;
    }

    /** ethertype_print for the types tcplens dissects; false when unknown (caller prints the link header). */
    boolean ethertype(int type, int p, int length) {
        switch (type) {
            case 0x0800 -> ctx.ip.ip4(p, length);
            case 0x86dd -> ctx.ip6.ip6(p, length);
            case 0x8847, 0x8848 -> ctx.tunnel.mpls(p, length);
            case 0x8864 -> ctx.tunnel.pppoe(p, length);
            case 0x0806, 0x8035 -> ctx.arp.arp(p, length);
            default -> { return false; }
        }
        return true;
    }

    /** llc_print; returns the LLC (and SNAP) header length, as tcpdump counts it for -x. */
    int llc(int p, int length) {
        ctx.protocol = "llc";
        // LLC/SNAP carrying IP (as on FDDI and 802.3 with SNAP); other LLC payloads are not dissected.
        int dsap = u8(p);
        int ssap = u8(p + 1);
        int ctl = u8(p + 2);
        if (dsap == 0xAA && ssap == 0xAA && ctl == 0x03) {
            if (eflag) out.s("LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) Command, ctrl 0x03: ");
            ctx.protocol = "snap";
            int oui = u24(p + 3);
            int et = u16(p + 6);
            if (oui == 0) {
                if (eflag) {
                    String n = Tables.ethertype(et);
                    out.s("oui Ethernet (0x000000), ethertype ").s(n == null ? "Unknown" : n).s(" (0x").hex0(et, 4)
                            .s("), length ").dec(length - 8).s(": ");
                }
                ethertype(et, p + 8, length - 8);
            }
            return 8;
        }
        out.s("LLC, dsap ").hex0(dsap, 2).s(", ssap ").hex0(ssap, 2);
        return (ctl & 3) == 3 ? 3 : 4;
    }

    private void fddi(int p, int length, int caplen) {
        ctx.protocol = "fddi";
        if (caplen < 13) { trunc(); ctx.llHdrLen = caplen; return; }
        int fc = u8(p);
        if (eflag) fddiHeader(p, fc, length);
        int q = p + 13;
        ctx.llHdrLen = 13;
        if ((fc & 0xF0) == 0x50) {
            ctx.llHdrLen = 13 + llc(q, length - 13);
        } else if (!eflag && (fc & 0xF0) != 0x40) {
            fddiHeader(p, fc, length);
        }
    }

    private void fddiHeader(int p, int fc, int length) {
        switch (fc & 0xF0) {
            case 0x50 -> out.s("async").hex(fc & 0x0F);
            case 0xD0 -> out.s("sync").hex(fc & 0x0F);
            case 0x60 -> out.s("imp_async").hex(fc & 0x0F);
            case 0xE0 -> out.s("imp_sync").hex(fc & 0x0F);
            default -> out.hex0(fc, 2);
        }
        out.ch(' ');
        macAddr(p + 7); out.s(" > "); macAddr(p + 1); out.s(", length ").dec(length).s(": ");
    }

    private void nflogHdr(int p, int length) {
        out.s("version ").dec(u8(p + 1)).s(", resource ID ").dec(u16(p + 2));
        int fam = u8(p);
        String n = fam == 2 ? "IPv4" : fam == 10 ? "IPv6" : null;
        if (!qflag) out.s(", family ").s(n == null ? "Unknown" : n).s(" (").dec(fam).ch(')');
        else if (n != null) out.s(", ").s(n);
        else out.s(", Unknown NFLOG (0x").hex0(fam, 2).ch(')');
        out.s(", length ").dec(length).s(": ");
    }

    private void nflog(int hdr, int length, int caplen) {
        ctx.protocol = "nflog";
        if (caplen < 4) { trunc(); ctx.llHdrLen = caplen; return; }
        ctx.llHdrLen = 4;
        check(hdr, 4);
        if (u8(hdr + 1) != 0) { out.s("version ").dec(u8(hdr + 1)).s(" (unknown)"); return; }
        if (eflag) nflogHdr(hdr, length);
        int p = hdr + 4;
        length -= 4;
        caplen -= 4;
        while (length > 0) {
            if (caplen < 4) { trunc(); ctx.llHdrLen = p - hdr; return; }
            check(p, 4);
            int size = (ctx.b[p] & 0xFF) | ((ctx.b[p + 1] & 0xFF) << 8);
            if (size % 4 != 0) size += 4 - size % 4;
            if (size < 4) { trunc(); ctx.llHdrLen = p - hdr; return; }
            if (caplen < size) { trunc(); ctx.llHdrLen = p - hdr; return; }
            int type = (ctx.b[p + 2] & 0xFF) | ((ctx.b[p + 3] & 0xFF) << 8);
            if (type == 9) { p += 4; length -= 4; caplen -= 4; break; }
            p += size;
            length -= size;
            caplen -= size;
        }
        // set before the payload: tcpdump adds it after, but a truncated payload resets it to 0 anyway
        ctx.llHdrLen = p - hdr;
        switch (u8(hdr)) {
            case 2 -> ctx.ip.ip4(p, length);
            case 10 -> ctx.ip6.ip6(p, length);
            default -> {
                if (!eflag) nflogHdr(hdr, length + 4);
                if (!ctx.suppressDefaultPrint) defaultPrint(p, caplen);
            }
        }
    }

    private void ipoibHdr(int p, int length) {
        int et = u16(p + 40);
        out.s("IPOIB");
        String n = Tables.ethertype(et);
        if (!qflag) out.s(", ethertype ").s(n == null ? "Unknown" : n).s(" (0x").hex0(et, 4).ch(')');
        else out.s(", ethertype ").s(n == null ? "Unknown" : n);
        out.s(", length ").dec(length).s(": ");
    }

    private void ipoib(int p, int length, int caplen) {
        ctx.protocol = "ipoib";
        if (caplen < 44) { trunc(); ctx.llHdrLen = caplen; return; }
        if (length < 44) { trunc(); ctx.llHdrLen = length; return; }
        ctx.llHdrLen = 44;
        if (eflag) ipoibHdr(p, length);
        int et = u16(p + 40);
        if (!ethertype(et, p + 44, length - 44) && !eflag) ipoibHdr(p, length);
    }

    private void arcnetLinux(int p, int length, int caplen) {
        ctx.protocol = "arcnet_linux";
        if (caplen < 5) { trunc(); ctx.llHdrLen = caplen; return; }
        int type = u8(p + 4);
        int hdrlen = (type == 240 || type == 241 || type == 0x80) ? 5 : 8;
        if (caplen < hdrlen) { trunc(); ctx.llHdrLen = caplen; return; }
        ctx.llHdrLen = hdrlen;
        if (eflag) {
            ctx.protocol = "arcnet";
            if (qflag) out.hex0(u8(p), 2).ch(' ').hex0(u8(p + 1), 2).ch(' ').dec(length).s(": ");
            else {
                // tcpdump 4.99 prints the Linux header with the generic ARCNET printer, which
                // reads the type at byte 2: that is the low byte of the offset field here.
                int shown = u8(p + 2);
                String tn = switch (shown) {
                    case 240 -> "oldip";
                    case 241 -> "oldarp";
                    case 212 -> "ip";
                    case 213 -> "arp";
                    case 214 -> "rarp";
                    case 221 -> "atalk";
                    case 247 -> "banyan";
                    case 250 -> "ipx";
                    case 0xc4 -> "ipv6";
                    case 0x80 -> "diag";
                    default -> null;
                };
                out.hex0(u8(p), 2).ch(' ').hex0(u8(p + 1), 2).ch(' ');
                if (tn == null) out.hex0(shown, 2); else out.s(tn);
                out.ch(' ').dec(length).s(": ");
            }
        }
        int q = p + hdrlen;
        switch (type) {
            case 240, 212 -> ctx.ip.ip4(q, length - hdrlen);
            case 0xc4 -> ctx.ip6.ip6(q, length - hdrlen);
            case 241, 213, 214 -> ctx.arp.arp(q, length - hdrlen);
            default -> { }
        }
    }

    /**
     * DLT_JUNIPER_ETHER as tcpdump 4.99 prints it (juniper_parse_header, then ether_print): with
     * -e the direction ("%3s ") and, for a frame with its layer 2, "hlen N, proto 0x0000, "; with
     * -vv the flags and each extension TLV; then the Ethernet frame with the header's length taken
     * off. A frame without layer 2 ("no-L2") has 4 more bytes, then IPv4 or IPv6 by the first byte.
     */
    private void juniperEther(int p, int length, int caplen) {
        ctx.protocol = "juniper";
        if (!have(p, 4)) { out.s("[|juniper_hdr], length ").dec(length); return; }
        int flags = u8(p + 3);
        if (u24(p) != 0x4d4743) { out.s("no magic-number found!"); return; }
        if (eflag) out.s((flags & 0x01) != 0 ? " In " : "Out ");
        int hlen = 4;
        if (vflag > 1) {
            out.s("\n\tJuniper PCAP Flags [");
            String[] names = {"Ext", "Filter", "IIF", "no-L2", "In"};
            int[] bits = {0x80, 0x40, 0x04, 0x02, 0x01};
            boolean any = false;
            for (int i = 0; i < bits.length; i++) {
                if ((flags & bits[i]) == 0) continue;
                if (any) out.s(", ");
                out.s(names[i]);
                any = true;
            }
            if (!any) out.s("none");
            out.ch(']');
        }
        if ((flags & 0x80) != 0) {
            if (!have(p + hlen, 2)) { out.s("[|juniper_hdr], length ").dec(length); return; }
            int extLen = u16(p + hlen);
            hlen += 2;
            int t = p + hlen;
            hlen += extLen;
            if (vflag > 1) out.s(", PCAP Extension(s) total length ").dec(extLen);
            if (!have(t, extLen)) { out.s("[|juniper_hdr], length ").dec(length); return; }
            while (extLen > 2) {
                int type = u8(t), tlen = u8(t + 1);
                t += 2;
                if (type == 0 || tlen == 0) break;
                if (tlen + 2 > extLen) { out.s("[|juniper_hdr], length ").dec(length); return; }
                if (vflag > 1) {
                    String tn = Tables.juniperExtTlv(type);
                    out.s("\n\t  ").s(tn == null ? "Unknown" : tn).s(" Extension TLV #").dec(type)
                            .s(", length ").dec(tlen).s(", value ");
                    long value = juniperTlvValue(t, type, tlen);
                    if (type != 2 && value >= 0) {            // the interface name is not printed
                        String vn = null;
                        boolean named = true;
                        if (type == 3 || type == 7) vn = Tables.juniperMediaType((int) value);
                        else if (type == 6 || type == 8) vn = Tables.juniperEncapsulation((int) value);
                        else named = false;
                        if (named) out.s(vn == null ? "Unknown" : vn).s(" (").dec(value).ch(')');
                        else out.dec(value);
                    }
                }
                t += tlen;
                extLen -= tlen + 2;
            }
            if (vflag > 1) out.s("\n\t-----original packet-----\n\t");
        }
        if ((flags & 0x02) != 0) {
            if (eflag) out.s("no-L2-hdr, ");
            int q = p + hlen + 4;
            if (!have(q, 1)) { out.s("[|juniper_hdr], length ").dec(length); return; }
            int v = u8(q);
            ctx.llHdrLen = hlen + 4;
            if (v >= 0x45 && v <= 0x4f) ctx.ip.ip4(q, length - (hlen + 4));
            else if (v >= 0x60 && v <= 0x6f) ctx.ip6.ip6(q, length - (hlen + 4));
            else out.s("no IP-hdr found!");
            return;
        }
        if (!have(p + hlen, 1)) { out.s("[|juniper_hdr], length ").dec(length); return; }
        if (eflag) out.s("hlen ").dec(hlen).s(", proto 0x0000, ");
        ctx.llHdrLen = hlen + ether(p + hlen, length - hlen, caplen - hlen);
    }

    /** A Juniper extension TLV's value: types below 128 little-endian, the others big-endian; -1 past 4 bytes. */
    private long juniperTlvValue(int t, int type, int len) {
        if (len < 1 || len > 4) return -1;
        long v = 0;
        for (int i = 0; i < len; i++) {
            int byteAt = type < 128 ? t + i : t + len - 1 - i;
            v |= (long) u8(byteAt) << (8 * i);
        }
        // tcpdump keeps the value in an int where -1 means "no value": FF FF FF FF prints nothing.
        return v == 0xFFFFFFFFL ? -1 : v;
    }

    private void nullLink(int p, int length, int caplen) {
        ctx.protocol = "null";
        check(p, 4);
        ctx.llHdrLen = 4;
        int family = le32(p);
        if ((family & 0xFFFF0000) != 0) family = Integer.reverseBytes(family);
        if (eflag) nullHdr(family, length);
        length -= 4;
        p += 4;
        switch (family) {
            case 2 -> ctx.ip.ip4(p, length);
            case 24, 28, 30 -> ctx.ip6.ip6(p, length);
            default -> { if (!eflag) nullHdr(family, length + 4); }
        }
    }

    private void nullHdr(int family, int length) {
        String n = switch (family) {
            case 2 -> "IPv4";
            case 6 -> "NS";
            case 7 -> "ISO";
            case 16 -> "Appletalk";
            case 23 -> "IPX";
            case 24, 28, 30 -> "IPv6";
            default -> null;
        };
        if (!qflag) out.s("AF ").s(n == null ? "Unknown" : n).s(" (").dec(family & 0xFFFFFFFFL).ch(')');
        else if (n != null) out.s(n);
        else out.s("Unknown AF ").dec(family & 0xFFFFFFFFL);
        out.s(", length ").dec(length).s(": ");
    }

    private static String pktType(int t) {
        return switch (t) {
            case 0 -> "In";
            case 1 -> "B";
            case 2 -> "M";
            case 3 -> "P";
            case 4 -> "Out";
            default -> "?";
        };
    }

    private void sllHeader(int p, int length, boolean v2) {
        if (v2) {
            out.s("ifindex ").dec(u32(p + 4) & 0xFFFFFFFFL).ch(' ');
            if (u8(p + 11) == 6) { macAddr(p + 12); out.ch(' '); }
        } else {
            String t = pktType(u16(p));
            for (int i = t.length(); i < 3; i++) out.ch(' ');
            out.s(t).ch(' ');
            if (u16(p + 4) == 6) { macAddr(p + 6); out.ch(' '); }
        }
        if (!qflag) {
            int et = v2 ? u16(p) : u16(p + 14);
            if (et <= 1500) {
                if (et == 1) out.s("802.3");
                else if (et == 4) out.s("802.2");
                else out.s("ethertype Unknown (0x").hex0(et, 4).ch(')');
            } else {
                String n = Tables.ethertype(et);
                out.s("ethertype ").s(n == null ? "Unknown" : n).s(" (0x").hex0(et, 4).ch(')');
            }
            out.s(", length ").dec(length).s(": ");
        }
    }

    private void sll(int p, int length, int caplen) {
        ctx.protocol = "sll";
        check(p, 16);
        if (eflag) sllHeader(p, length, false);
        ctx.llHdrLen = 16;
        int hatype = u16(p + 2);
        int et = u16(p + 14);
        sllRest(p, p + 16, length - 16, caplen - 16, et, hatype, false);
    }

    private void sll2(int p, int length, int caplen) {
        ctx.protocol = "sll2";
        check(p, 20);
        String ifname = Tables.ifName(u32(p + 4));
        out.s(ifname);
        for (int i = ifname.length(); i < 5; i++) out.ch(' ');
        out.ch(' ');
        String t = pktType(u8(p + 10));
        out.s(t);
        for (int i = t.length(); i < 3; i++) out.ch(' ');
        out.ch(' ');
        if (eflag) sllHeader(p, length, true);
        ctx.llHdrLen = 20;
        int hatype = u16(p + 8);
        int et = u16(p);
        sllRest(p, p + 20, length - 20, caplen - 20, et, hatype, true);
    }

    private void sllRest(int hdr, int p, int length, int caplen, int et, int hatype, boolean v2) {
        if (hatype == 803) return; // radiotap: not dissected
        while (true) {
            if (et <= 1500) {
                // 802.3 (IPX) and 802.2 (LLC) are not dissected; other values get the hex dump
                if (et != 1 && et != 4 && !ctx.suppressDefaultPrint) defaultPrint(p, caplen);
                return;
            } else if (et == 0x8100) {
                if (caplen < 4) { ctx.protocol = "vlan"; trunc(); ctx.llHdrLen += caplen; return; }
                if (eflag) {
                    int tag = u16(p);
                    out.s("vlan ").dec(tag & 0xfff).s(", p ").dec(tag >>> 13);
                    if ((tag & 0x1000) != 0) out.s(", DEI");
                    out.s(", ");
                }
                et = u16(p + 2);
                if (et <= 1500) et = 4;
                if (!qflag) {
                    String n = Tables.ethertype(et);
                    out.s("ethertype ").s(n == null ? "Unknown" : n).s(", ");
                }
                p += 4;
                length -= 4;
                caplen -= 4;
                ctx.llHdrLen += 4;
            } else {
                if (!ethertype(et, p, length)) {
                    if (!eflag) sllHeader(hdr, length + (v2 ? 20 : 16), v2);
                    if (!ctx.suppressDefaultPrint) defaultPrint(p, caplen);
                }
                return;
            }
        }
    }

    void ppp(int p, int length) {
        ctx.protocol = "ppp";
        if (length < 2) { trunc(); return; }
        int olen = length;
        int hdr = u16(p);
        if (hdr == 0xff03 || hdr == 0x0103 || hdr == 0x0203) {
            if (eflag && hdr == 0x0103) out.s("In  ");
            if (eflag && hdr == 0x0203) out.s("Out ");
            p += 2;
            length -= 2;
        }
        if (length < 2) { trunc(); return; }
        int proto;
        if ((u8(p) & 1) != 0) { proto = u8(p); p++; length--; }
        else { proto = u16(p); p += 2; length -= 2; }
        String name = switch (proto) {
            case 0x21 -> "IP";
            case 0x57 -> "IPV6";
            case 0x281 -> "MPLS";
            default -> null;
        };
        if (eflag) {
            out.s(name == null ? "unknown" : name).s(" (0x").hex0(proto, 4).s("), length ").dec(olen);
            if (name == null) return;
            out.s(": ");
        }
        switch (proto) {
            case 0x21, 0x0800 -> ctx.ip.ip4(p, length);
            case 0x57, 0x86dd -> ctx.ip6.ip6(p, length);
            case 0x281 -> ctx.tunnel.mpls(p, length);
            default -> { }
        }
    }

}
