package io.tcplens.render.tcpdump;

import io.tcplens.capture.Frame;
import io.tcplens.capture.LinkType;
import io.tcplens.decode.Packet;
import io.tcplens.render.text.AsciiOut;

import java.time.ZoneId;

/**
 * Prints packets exactly as tcpdump 4.99.3 does, one call per packet.
 *
 * <p>The printer walks the frame's bytes itself, following tcpdump's own dissection order
 * (link header, IP, transport), so that truncation, odd lengths and malformed headers come
 * out as tcpdump prints them. Every read is checked against the current "snapshot end"
 * (the captured bytes, narrowed to the IP datagram like tcpdump's {@code nd_push_snaplen});
 * a read past it ends the packet with {@code " [|proto]"}, like tcpdump's longjmp, through a
 * preallocated exception. Nothing is allocated per packet.
 */
public final class TcpdumpPrinter {
    private static final int MAXIMUM_SNAPLEN = 262144;

    private final TcpdumpOptions options;
    private final AsciiOut out;
    private final Clock clock;
    private final Names names;
    private final boolean eflag;
    private final int vflag;
    private final boolean qflag;
    private final boolean sflag;

    private final SeqTable seq4 = new SeqTable(3);
    private final SeqTable seq6 = new SeqTable(9);
    private final int[] key = new int[9];
    private final byte[] token = new byte[129];

    // per packet
    private byte[] b;
    private int pktStart;
    private int snapend;
    private String protocol;
    private long packetsPrinted;
    private boolean sawTcp;

    /** Thrown (preallocated, without a stack trace) when a read runs past the captured bytes. */
    private static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;
        Truncated() { super(null, null, false, false); }
    }
    private static final Truncated TRUNCATED = new Truncated();

    public TcpdumpPrinter(TcpdumpOptions options, AsciiOut out) {
        this(options, out, ZoneId.systemDefault());
    }

    public TcpdumpPrinter(TcpdumpOptions options, AsciiOut out, ZoneId zone) {
        this.options = options;
        this.out = out;
        this.clock = new Clock(options.timestamps(), options.nano(), zone);
        this.names = options.numeric() > 0 ? null : Names.load();
        this.eflag = options.linkHeader();
        this.vflag = options.verbose();
        this.qflag = options.quiet();
        this.sflag = options.absoluteSeq();
    }

    /** True when the last printed packet reached the TCP printer. */
    public boolean lastWasTcp() { return sawTcp; }

    /** Prints one packet (the decoded {@code p} is not needed; kept for the caller's convenience). */
    public void print(Frame f, Packet p) {
        print(f);
    }

    /** Prints one packet and its newline. */
    public void print(Frame f) {
        sawTcp = false;
        packetsPrinted++;
        if (options.packetNumbers()) {
            padLeft(packetsPrinted, 5);
            out.s("  ");
        }
        int caplen = f.captureLength();
        long len = f.wireLength() & 0xFFFFFFFFL;
        boolean invalid = false;
        if (caplen == 0) { invalid = true; out.s("[Invalid header: caplen==0"); }
        if (len == 0) {
            if (!invalid) { invalid = true; out.s("[Invalid header:"); } else out.ch(',');
            out.s(" len==0");
        } else if (len < caplen) {
            if (!invalid) { invalid = true; out.s("[Invalid header:"); } else out.ch(',');
            out.s(" len(").dec(len).s(") < caplen(").dec(caplen).ch(')');
        }
        if (caplen > MAXIMUM_SNAPLEN) {
            if (!invalid) { invalid = true; out.s("[Invalid header:"); } else out.ch(',');
            out.s(" caplen(").dec(caplen).s(") > ").dec(MAXIMUM_SNAPLEN);
        }
        if (len > MAXIMUM_SNAPLEN) {
            if (!invalid) { invalid = true; out.s("[Invalid header:"); } else out.ch(',');
            out.s(" len(").dec(len).s(") > ").dec(MAXIMUM_SNAPLEN);
        }
        if (invalid) {
            out.s("]").nl();
            return;
        }
        clock.print(out, f.seconds(), f.nanos());
        b = f.buffer();
        pktStart = f.offset();
        snapend = pktStart + caplen;
        protocol = "";
        try {
            link(f.linkType(), pktStart, (int) len, caplen);
        } catch (Truncated t) {
            trunc();
        } catch (RuntimeException e) {
            // A printer bug must never take the whole run down; mark the packet instead.
            out.s(" [|").s(protocol).s("]");
        }
        out.nl();
    }

    private void padLeft(long v, int width) {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) digits++;
        for (int i = digits; i < width; i++) out.ch(' ');
        out.dec(v);
    }

    private void trunc() { out.s(" [|").s(protocol).ch(']'); }

    private void invalidMark() { out.s(" (invalid)"); }

    // ------------------------------------------------------------------ bounds-checked reads

    private int u8(int i) {
        if (i >= snapend || i < pktStart) throw TRUNCATED;
        return b[i] & 0xFF;
    }

    private int u16(int i) {
        if (i + 2 > snapend || i < pktStart) throw TRUNCATED;
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private int u24(int i) {
        if (i + 3 > snapend || i < pktStart) throw TRUNCATED;
        return ((b[i] & 0xFF) << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF);
    }

    private int u32(int i) {
        if (i + 4 > snapend || i < pktStart) throw TRUNCATED;
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private int le32(int i) {
        if (i + 4 > snapend || i < pktStart) throw TRUNCATED;
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16) | ((b[i + 3] & 0xFF) << 24);
    }

    /** ND_TTEST_LEN: are {@code n} bytes from {@code i} captured? */
    private boolean have(int i, long n) {
        return i >= pktStart && n >= 0 && (long) i + n <= snapend;
    }

    private void check(int i, long n) {
        if (!have(i, n)) throw TRUNCATED;
    }

    private int available(int i) { return Math.max(0, snapend - i); }

    /** Narrows the snapshot end to {@code len} bytes from {@code p} (nd_push_snaplen); returns the old end. */
    private int pushSnaplen(int p, long len) {
        int old = snapend;
        if ((long) p + len < snapend) snapend = (int) (p + len);
        return old;
    }

    // ------------------------------------------------------------------ link layers

    private void link(int linkType, int p, int length, int caplen) {
        switch (linkType) {
            case LinkType.ETHERNET -> { protocol = "ether"; ether(p, length, caplen); }
            case LinkType.NULL, LinkType.LOOP -> nullLink(p, length, caplen);
            case LinkType.RAW, LinkType.RAW_BSD12, LinkType.RAW_BSD14, LinkType.IPV4, LinkType.IPV6 -> {
                protocol = "raw";
                if (eflag) out.s("ip: ");
                ipN(p, length);
            }
            case LinkType.LINUX_SLL -> sll(p, length, caplen);
            case LinkType.LINUX_SLL2 -> sll2(p, length, caplen);
            case 9 -> { // PPP
                protocol = "ppp";
                if (caplen < 4) { trunc(); return; }
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

    private void ipN(int p, int length) {
        protocol = "ipn";
        if (length < 1) { out.s("truncated-ip ").dec(length & 0xFFFFFFFFL); return; }
        switch (u8(p) & 0xF0) {
            case 0x40 -> ip4(p, length);
            case 0x60 -> ip6(p, length);
            default -> out.s("unknown ip ").dec((u8(p) & 0xF0) >> 4);
        }
    }

    private void macAddr(int p) {
        check(p, 6);
        for (int i = 0; i < 6; i++) {
            if (i > 0) out.ch(':');
            out.hex0(b[p + i] & 0xFF, 2);
        }
    }

    private void etherTypePrint(int type) {
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
    private void ether(int p, int length, int caplen) {
        protocol = "ether";
        if (length < caplen) {
            out.s("[length ").dec(length).s(" < caplen ").dec(caplen).ch(']');
            invalidMark();
            return;
        }
        if (caplen < 14) { trunc(); return; }
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
        boolean printedLength = false;
        while (type == 0x8100 || type == 0x9100 || type == 0x9200 || type == 0x88a8) {
            if (caplen < 4 || length < 4) { protocol = "vlan"; trunc(); return; }
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
        }
        if (type <= 1500) {
            if (type < length) { length = type; }
            int saved = pushSnaplen(p, Math.max(0, length));
            if (eflag) {
                out.s("802.3");
                if (!printedLength) out.s(", length ").dec(length).s(": ");
            }
            llc(p, length);
            snapend = saved;
            return;
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
            defaultPrint(p, caplen);
        }
    }

    /** ND_DEFAULTPRINT: hex_and_ascii_print(ndo, "\n\t", p, caplen). */
    private void defaultPrint(int cp, int length) {
        if (length < 0) length = 0;
        int caplength = snapend > cp ? snapend - cp : 0;
        boolean truncated = false;
        if (length > caplength) { length = caplength; truncated = true; }
        int oset = 0;
        for (int line = 0; line < length; line += 16) {
            int n = Math.min(16, length - line);
            out.s("\n\t0x").hex0(oset, 4).s(": ");
            int written = 0;
            for (int i = 0; i + 1 < n; i += 2) {
                out.ch(' ').hex0(b[cp + line + i] & 0xFF, 2).hex0(b[cp + line + i + 1] & 0xFF, 2);
                written += 5;
            }
            if ((n & 1) != 0) { out.ch(' ').hex0(b[cp + line + n - 1] & 0xFF, 2); written += 3; }
            for (int i = written; i < 40; i++) out.ch(' ');
            out.s("  ");
            for (int i = 0; i < n; i++) {
                int c = b[cp + line + i] & 0xFF;
                out.ch(c > 0x20 && c < 0x7f ? c : '.');
            }
            oset += 16;
        }
        if (truncated) throw TRUNCATED;
    }

    /** ethertype_print for the types tcplens dissects; false when unknown (caller prints the link header). */
    private boolean ethertype(int type, int p, int length) {
        switch (type) {
            case 0x0800 -> ip4(p, length);
            case 0x86dd -> ip6(p, length);
            case 0x8847, 0x8848 -> mpls(p, length);
            case 0x8864 -> pppoe(p, length);
            case 0x0806, 0x8035 -> arp(p, length);
            default -> { return false; }
        }
        return true;
    }

    private void llc(int p, int length) {
        protocol = "llc";
        // LLC/SNAP carrying IP (as on FDDI and 802.3 with SNAP); other LLC payloads are not dissected.
        int dsap = u8(p);
        int ssap = u8(p + 1);
        int ctl = u8(p + 2);
        if (dsap == 0xAA && ssap == 0xAA && ctl == 0x03) {
            if (eflag) out.s("LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) Command, ctrl 0x03: ");
            protocol = "snap";
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
            return;
        }
        out.s("LLC, dsap ").hex0(dsap, 2).s(", ssap ").hex0(ssap, 2);
    }

    private void fddi(int p, int length, int caplen) {
        protocol = "fddi";
        if (caplen < 13) { trunc(); return; }
        int fc = u8(p);
        if (eflag) fddiHeader(p, fc, length);
        int q = p + 13;
        if ((fc & 0xF0) == 0x50) {
            llc(q, length - 13);
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
        protocol = "nflog";
        if (caplen < 4) { trunc(); return; }
        check(hdr, 4);
        if (u8(hdr + 1) != 0) { out.s("version ").dec(u8(hdr + 1)).s(" (unknown)"); return; }
        if (eflag) nflogHdr(hdr, length);
        int p = hdr + 4;
        length -= 4;
        caplen -= 4;
        while (length > 0) {
            if (caplen < 4) { trunc(); return; }
            check(p, 4);
            int size = (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8);
            if (size % 4 != 0) size += 4 - size % 4;
            if (size < 4) { trunc(); return; }
            if (caplen < size) { trunc(); return; }
            int type = (b[p + 2] & 0xFF) | ((b[p + 3] & 0xFF) << 8);
            if (type == 9) { p += 4; length -= 4; caplen -= 4; break; }
            p += size;
            length -= size;
            caplen -= size;
        }
        switch (u8(hdr)) {
            case 2 -> ip4(p, length);
            case 10 -> ip6(p, length);
            default -> { if (!eflag) nflogHdr(hdr, length + 4); }
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
        protocol = "ipoib";
        if (caplen < 44 || length < 44) { trunc(); return; }
        if (eflag) ipoibHdr(p, length);
        int et = u16(p + 40);
        if (!ethertype(et, p + 44, length - 44) && !eflag) ipoibHdr(p, length);
    }

    private void arcnetLinux(int p, int length, int caplen) {
        protocol = "arcnet_linux";
        if (caplen < 5) throw TRUNCATED;
        int type = u8(p + 4);
        int hdrlen = (type == 240 || type == 241 || type == 0x80) ? 5 : 8;
        if (caplen < hdrlen) throw TRUNCATED;
        if (eflag) {
            protocol = "arcnet";
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
            case 240, 212 -> ip4(q, length - hdrlen);
            case 0xc4 -> ip6(q, length - hdrlen);
            case 241, 213, 214 -> arp(q, length - hdrlen);
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
        protocol = "juniper";
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
            if (v >= 0x45 && v <= 0x4f) ip4(q, length - (hlen + 4));
            else if (v >= 0x60 && v <= 0x6f) ip6(q, length - (hlen + 4));
            else out.s("no IP-hdr found!");
            return;
        }
        if (!have(p + hlen, 1)) { out.s("[|juniper_hdr], length ").dec(length); return; }
        if (eflag) out.s("hlen ").dec(hlen).s(", proto 0x0000, ");
        ether(p + hlen, length - hlen, caplen - hlen);
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
        protocol = "null";
        check(p, 4);
        int family = le32(p);
        if ((family & 0xFFFF0000) != 0) family = Integer.reverseBytes(family);
        if (eflag) nullHdr(family, length);
        length -= 4;
        p += 4;
        switch (family) {
            case 2 -> ip4(p, length);
            case 24, 28, 30 -> ip6(p, length);
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
        protocol = "sll";
        check(p, 16);
        if (eflag) sllHeader(p, length, false);
        int hatype = u16(p + 2);
        int et = u16(p + 14);
        sllRest(p, p + 16, length - 16, caplen - 16, et, hatype, false);
    }

    private void sll2(int p, int length, int caplen) {
        protocol = "sll2";
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
        int hatype = u16(p + 8);
        int et = u16(p);
        sllRest(p, p + 20, length - 20, caplen - 20, et, hatype, true);
    }

    private void sllRest(int hdr, int p, int length, int caplen, int et, int hatype, boolean v2) {
        if (hatype == 803) return; // radiotap: not dissected
        while (true) {
            if (et <= 1500) {
                return; // 802.3/802.2/unknown: not dissected
            } else if (et == 0x8100) {
                if (caplen < 4) { protocol = "vlan"; trunc(); return; }
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
            } else {
                if (!ethertype(et, p, length)) {
                    if (!eflag) sllHeader(hdr, length + (v2 ? 20 : 16), v2);
                }
                return;
            }
        }
    }

    private void ppp(int p, int length) {
        protocol = "ppp";
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
            case 0x21, 0x0800 -> ip4(p, length);
            case 0x57, 0x86dd -> ip6(p, length);
            case 0x281 -> mpls(p, length);
            default -> { }
        }
    }

    private void pppoe(int p, int length) {
        protocol = "pppoe";
        if (length < 6) { out.s(" (length ").dec(length).s(" < 6)"); invalidMark(); return; }
        length -= 6;
        check(p, 6);
        int ver = u8(p) >>> 4;
        int type = u8(p) & 0x0F;
        int code = u8(p + 1);
        int ses = u16(p + 2);
        int plen = u16(p + 4);
        if (ver != 1) out.s(" [ver ").dec(ver).ch(']');
        if (type != 1) out.s(" [type ").dec(type).ch(']');
        out.s("PPPoE ");
        String cn = switch (code) {
            case 0x09 -> "PADI";
            case 0x07 -> "PADO";
            case 0x19 -> "PADR";
            case 0x65 -> "PADS";
            case 0xa7 -> "PADT";
            case 0 -> "";
            default -> null;
        };
        if (cn == null) out.s("PAD-").hex(code);
        else out.s(cn);
        if (code == 0x09 && plen > 1484 - 6) out.s(" [len ").dec(plen).s("!]");
        if (plen > length) { out.s(" [len ").dec(plen).s(" > ").dec(length).s("!]"); plen = length; }
        if (ses != 0) out.s(" [ses 0x").hex(ses).ch(']');
        if (code != 0) return; // discovery tags: not dissected
        out.ch(' ');
        ppp(p + 6, plen);
    }

    private void mpls(int p, int length) {
        protocol = "mpls";
        out.s("MPLS");
        int entry;
        int depth = 0;
        do {
            if (length < 4) { invalidMark(); check(p, Math.max(0, length)); return; }
            entry = u32(p);
            int label = entry >>> 12;
            out.s(depth > 0 && vflag > 0 ? "\n\t" : " ").s("(label ").dec(label);
            depth++;
            if (vflag > 0 && label < 16) out.s(" (").s(Tables.MPLS_LABELS[label]).ch(')');
            out.s(", tc ").dec((entry >>> 9) & 7);
            if ((entry & 0x100) != 0) out.s(", [S]");
            out.s(", ttl ").dec(entry & 0xFF).ch(')');
            p += 4;
            length -= 4;
        } while ((entry & 0x100) == 0);
        int label = entry >>> 12;
        int pt;
        if (label == 0 || label == 3) pt = 4;
        else if (label == 2) pt = 6;
        else {
            if (length < 1) return;
            int first = u8(p);
            pt = first >= 0x45 && first <= 0x4f ? 4 : first >= 0x60 && first <= 0x6f ? 6 : 0;
        }
        if (pt == 4) { out.s(vflag > 0 ? "\n\t" : " "); ip4(p, length); }
        else if (pt == 6) { out.s(vflag > 0 ? "\n\t" : " "); ip6(p, length); }
    }

    private void arp(int p, int length) {
        protocol = "arp";
        out.s("ARP, ");
        int hrd = u16(p);
        int pro = u16(p + 2);
        int hln = u8(p + 4);
        int pln = u8(p + 5);
        int op = u16(p + 6);
        if (pro != 0x0800 || pln != 4 || hln != 6 || (hrd != 1 && hrd != 6)) {
            out.s("Hardware ").dec(hrd).s(", protocol ").dec(pro).s(", length ").dec(length);
            return;
        }
        int sha = p + 8;
        int spa = sha + 6;
        int tha = spa + 4;
        int tpa = tha + 6;
        check(p, 28);
        switch (op) {
            case 1 -> {
                out.s("Request who-has ");
                ipaddr(tpa);
                boolean zero = true;
                for (int i = 0; i < 6; i++) if (b[tha + i] != 0) zero = false;
                if (!zero) { out.s(" ("); macAddr(tha); out.ch(')'); }
                out.s(" tell ");
                ipaddr(spa);
            }
            case 2 -> { out.s("Reply "); ipaddr(spa); out.s(" is-at "); macAddr(sha); }
            default -> out.s("Unknown opcode ").dec(op);
        }
        out.s(", length ").dec(length);
    }

    // ------------------------------------------------------------------ addresses

    private void ipaddr(int o) {
        check(o, 4);
        if (names != null) {
            String n = names.host4(((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF));
            if (n != null) { out.s(n); return; }
        }
        out.dec(b[o] & 0xFF).ch('.').dec(b[o + 1] & 0xFF).ch('.').dec(b[o + 2] & 0xFF).ch('.').dec(b[o + 3] & 0xFF);
    }

    private void ip6addr(int o) {
        check(o, 16);
        if (names != null) {
            String n = names.host6(b, o);
            if (n != null) { out.s(n); return; }
        }
        int bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
        for (int i = 0; i < 8; i++) {
            int w = ((b[o + 2 * i] & 0xFF) << 8) | (b[o + 2 * i + 1] & 0xFF);
            if (w == 0) {
                if (curBase == -1) { curBase = i; curLen = 1; } else curLen++;
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) { bestBase = curBase; bestLen = curLen; }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) { bestBase = curBase; bestLen = curLen; }
        if (bestBase != -1 && bestLen < 2) bestBase = -1;
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) out.ch(':');
                continue;
            }
            if (i != 0) out.ch(':');
            if (i == 6 && bestBase == 0 && (bestLen == 6
                    || (bestLen == 5 && (b[o + 10] & 0xFF) == 0xFF && (b[o + 11] & 0xFF) == 0xFF))) {
                out.dec(b[o + 12] & 0xFF).ch('.').dec(b[o + 13] & 0xFF).ch('.').dec(b[o + 14] & 0xFF).ch('.').dec(b[o + 15] & 0xFF);
                return;
            }
            out.hex(((b[o + 2 * i] & 0xFF) << 8) | (b[o + 2 * i + 1] & 0xFF));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) out.ch(':');
    }

    private void addr(int ipv, int o) {
        if (ipv == 6) ip6addr(o); else ipaddr(o);
    }

    private void port(int port, boolean tcp) {
        if (names != null) {
            String n = tcp ? names.tcpPorts[port] : names.udpPorts[port];
            if (n != null) { out.s(n); return; }
        }
        out.dec(port);
    }

    // ------------------------------------------------------------------ IPv4

    /** Ones'-complement sum of 16-bit big-endian words (not folded to 16 bits). */
    private long sum16(int o, int len) {
        long s = 0;
        int i = 0;
        for (; i + 1 < len; i += 2) s += ((b[o + i] & 0xFF) << 8) | (b[o + i + 1] & 0xFF);
        if (i < len) s += (b[o + i] & 0xFF) << 8;
        return s;
    }

    private static int fold(long s) {
        while ((s >>> 16) != 0) s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }

    private static int shouldBe(int sum, int computed) {
        long s = sum + (computed & 0xFFFF);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) (s & 0xFFFF);
    }

    private void ip4(int bp, int length) {
        protocol = "ip";
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
            if (bp + hlen <= snapend) {
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
                snapend = saved;
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
                throw TRUNCATED;
            }
            demux(bp + hlen, len, 4, (off & 0x2000) != 0, nh, bp);
        } else {
            ipaddr(bp + 12); out.s(" > "); ipaddr(bp + 16); out.ch(':');
            String pn = names != null ? Tables.netdbProto(proto) : null;
            if (pn != null) out.ch(' ').s(pn);
            else out.s(" ip-proto-").dec(proto);
        }
        snapend = saved;
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

    // ------------------------------------------------------------------ IPv6

    private void ip6(int bp, int length) {
        protocol = "ip6";
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
        while (cp < snapend && advance > 0) {
            if (len < advance) { trunc(); snapend = saved; return; }
            cp += advance;
            len -= advance;
            if (cp == bp + 40 && nh != 6 && nh != 17 && nh != 33 && nh != 132) {
                ip6addr(bp + 8); out.s(" > "); ip6addr(bp + 24); out.s(": ");
            }
            switch (nh) {
                case 0 -> {
                    if (foundHbh) { out.s("[The Hop-by-Hop Options header was already found]"); invalidMark(); snapend = saved; return; }
                    if (ph != 255) { out.s("[The Hop-by-Hop Options header don't follow the IPv6 header]"); invalidMark(); snapend = saved; return; }
                    protocol = "hbhopt";
                    int hl = (u8(cp + 1) + 1) << 3;
                    if (!have(cp, hl)) { trunc(); snapend = saved; return; }
                    out.s("HBH ");
                    jumbo = -1;
                    if (!ip6Options(cp + 2, hl - 2, payloadLen == 0)) { trunc(); snapend = saved; return; }
                    if (payloadLen == 0 && jumbo >= 0) { foundJumbo = true; }
                    if (payloadLen == 0 && !foundJumbo) { out.s("[No valid Jumbo Payload Hop-by-Hop option found]"); invalidMark(); snapend = saved; return; }
                    advance = hl;
                    foundExt = true;
                    foundHbh = true;
                    nh = u8(cp);
                }
                case 60 -> {
                    protocol = "dstopt";
                    int hl = (u8(cp + 1) + 1) << 3;
                    if (!have(cp, hl)) { trunc(); snapend = saved; return; }
                    out.s("DSTOPT ");
                    if (vflag > 0 && !ip6Options(cp + 2, hl - 2, false)) { trunc(); snapend = saved; return; }
                    advance = hl;
                    foundExt = true;
                    nh = u8(cp);
                }
                case 44 -> {
                    protocol = "frag6";
                    int offlg = u16(cp + 2) & 0xfff8;
                    long fl = 40L + payloadLen - (cp - bp) - 8;
                    if (vflag > 0) out.s("frag (0x").hex0(u32(cp + 4) & 0xFFFFFFFFL, 8).ch(':').dec(offlg).ch('|').dec(fl).ch(')');
                    else out.s("frag (").dec(offlg).ch('|').dec(fl).ch(')');
                    if (offlg != 0) { snapend = saved; return; }
                    out.ch(' ');
                    advance = 8;
                    if (snapend <= cp + advance) { snapend = saved; return; }
                    foundExt = true;
                    nh = u8(cp);
                    fragmented = true;
                }
                case 43 -> {
                    protocol = "rt6";
                    out.s("RT6");
                    int rlen = u8(cp + 1);
                    int type = u8(cp + 2);
                    out.s(" (len=").dec(rlen).s(", type=").dec(type);
                    if (type == 0) out.s(" [Deprecated]");
                    out.s(", segleft=").dec(u8(cp + 3));
                    if (type == 0 || type == 2) {
                        int rsv = u32(cp + 4);
                        if (rsv != 0 || vflag > 0) out.s(", rsv=0x").hex(rsv & 0xFFFFFFFFL);
                        if (rlen % 2 == 1) { out.s(" (invalid length ").dec(rlen).ch(')'); invalidMark(); snapend = saved; return; }
                        for (int i = 0; i < rlen / 2; i++) { out.s(", [").dec(i).ch(']'); ip6addr(cp + 8 + 16 * i); }
                        out.s(") ");
                    } else {
                        out.s(" (unknown type)");
                        invalidMark();
                        snapend = saved;
                        return;
                    }
                    advance = (rlen + 1) << 3;
                    foundExt = true;
                    nh = u8(cp);
                }
                default -> {
                    if (foundJumbo) {
                        len = jumbo + 40L;
                        if (len < cp - bp) { trunc(); snapend = saved; return; }
                        if ((length & 0xFFFFFFFFL) < len) out.s("truncated-ip6 - ").dec(len - (length & 0xFFFFFFFFL)).s(" bytes missing!");
                        snapend = (int) Math.min(saved, bp + len);
                        len -= cp - bp;
                    } else if (payloadLen == 0) {
                        if (foundExt) { trunc(); snapend = saved; return; }
                        len = 40;
                        snapend = Math.min(saved, bp + 40);
                        len -= 40;
                    }
                    demux(cp, (int) len, 6, fragmented, nh, bp);
                    snapend = saved;
                    return;
                }
            }
            ph = nh;
            protocol = "ip6";
        }
        snapend = saved;
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
    private int ip6FinalDst(int ip6) {
        int cp = ip6;
        int advance = 40;
        int nh = u8(ip6 + 6);
        int dst = ip6 + 24;
        while (cp < snapend) {
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

    // ------------------------------------------------------------------ demux

    private void demux(int bp, int length, int ver, boolean fragmented, int nh, int iph) {
        switch (nh) {
            case 6 -> tcp(bp, length, iph, fragmented);
            case 17 -> udp(bp, length, iph, fragmented);
            case 1 -> {
                if (ver == 4) icmp(bp, length);
                else { out.s("[ICMP requires IPv4]"); invalidMark(); }
            }
            case 58 -> {
                if (ver == 6) icmp6(bp, length);
                else { out.s("[ICMPv6 requires IPv6]"); invalidMark(); }
            }
            case 4 -> ip4(bp, length);
            case 41 -> ip6(bp, length);
            case 47 -> gre(bp, length);
            case 59 -> out.s("IP6 no next header"); // tcpdump prints nothing useful here
            default -> {
                String pn = names != null ? Tables.netdbProto(nh) : null;
                if (pn != null) out.ch(' ').s(pn);
                else out.s(" ip-proto-").dec(nh);
                out.ch(' ').dec(length & 0xFFFFFFFFL);
            }
        }
    }

    private void gre(int bp, int length) {
        protocol = "gre";
        check(bp, 2);
        if (length < 2) { trunc(); return; }
        int vers = u16(bp) & 7;
        out.s("GREv").dec(vers);
        if (vers != 0) {
            if (vers != 1) out.s(" ERROR: unknown-version");
            return; // enhanced GRE (PPTP): not dissected further
        }
        int len = length;
        int flags = u16(bp);
        if (vflag > 0) {
            out.s(", Flags [");
            boolean first = true;
            int[] bits = {0x8000, 0x4000, 0x2000, 0x1000, 0x0800, 0x0080};
            String[] nm = {"checksum present", "routing present", "key present", "sequence# present",
                    "source routing present", "ack present"};
            for (int i = 0; i < bits.length; i++) {
                if ((flags & bits[i]) != 0) { if (!first) out.s(", "); out.s(nm[i]); first = false; }
            }
            if (first) out.s("none");
            out.ch(']');
        }
        len -= 2;
        bp += 2;
        check(bp, 2);
        if (len < 2) { trunc(); return; }
        int prot = u16(bp);
        len -= 2;
        bp += 2;
        if ((flags & 0xC000) != 0) {
            check(bp, 2);
            if (len < 2) { trunc(); return; }
            if (vflag > 0) out.s(", sum 0x").hex(u16(bp));
            bp += 2;
            len -= 2;
            check(bp, 2);
            if (len < 2) { trunc(); return; }
            out.s(", off 0x").hex(u16(bp));
            bp += 2;
            len -= 2;
        }
        if ((flags & 0x2000) != 0) {
            check(bp, 4);
            if (len < 4) { trunc(); return; }
            out.s(", key=0x").hex(u32(bp) & 0xFFFFFFFFL);
            bp += 4;
            len -= 4;
        }
        if ((flags & 0x1000) != 0) {
            check(bp, 4);
            if (len < 4) { trunc(); return; }
            out.s(", seq ").dec(u32(bp) & 0xFFFFFFFFL);
            bp += 4;
            len -= 4;
        }
        if ((flags & 0x4000) != 0) {
            return; // source routing entries: not dissected
        }
        if (eflag) {
            String n = Tables.ethertype(prot);
            out.s(", proto ").s(n == null ? "unknown" : n).s(" (0x").hex0(prot, 4).ch(')');
        }
        out.s(", length ").dec(length);
        out.s(vflag < 1 ? ": " : "\n\t");
        switch (prot) {
            case 0x0800 -> ip4(bp, len);
            case 0x86dd -> ip6(bp, len);
            case 0x8847 -> mpls(bp, len);
            case 0x6558 -> ether(bp, len, available(bp));
            default -> out.s("gre-proto-0x").hex(prot);
        }
    }

    private void icmp(int bp, int length) {
        protocol = "icmp";
        int type = u8(bp);
        int code = u8(bp + 1);
        out.s("ICMP ");
        switch (type) {
            case 0, 8 -> {
                out.s(type == 8 ? "echo request" : "echo reply").s(", id ").dec(u16(bp + 4)).s(", seq ").dec(u16(bp + 6));
            }
            case 3 -> {
                String[] codes = {"net %u unreachable", "host %u unreachable", "protocol unreachable",
                        "port unreachable"};
                if (code == 1 || code == 0) {
                    ipaddr(bp + 24);
                    out.s(code == 0 ? " net unreachable" : " unreachable");
                } else if (code < codes.length) {
                    out.s(Tables.ICMP_UNREACH[code]);
                } else {
                    out.s("unreachable code ").dec(code);
                }
            }
            case 11 -> out.s(code == 0 ? "time exceeded in-transit" : "ip reassembly time exceeded");
            default -> out.s("type-#").dec(type);
        }
        out.s(", length ").dec(length & 0xFFFFFFFFL);
    }

    private void icmp6(int bp, int length) {
        protocol = "icmp6";
        int type = u8(bp);
        out.s("ICMP6, ");
        switch (type) {
            case 128 -> out.s("echo request, id ").dec(u16(bp + 4)).s(", seq ").dec(u16(bp + 6));
            case 129 -> out.s("echo reply, id ").dec(u16(bp + 4)).s(", seq ").dec(u16(bp + 6));
            case 135 -> { out.s("neighbor solicitation, who has "); ip6addr(bp + 8); }
            case 136 -> { out.s("neighbor advertisement, tgt is "); ip6addr(bp + 8); }
            case 133 -> out.s("router solicitation");
            case 134 -> out.s("router advertisement");
            case 1 -> out.s("destination unreachable");
            default -> out.s("type-#").dec(type);
        }
        out.s(", length ").dec(length & 0xFFFFFFFFL);
    }

    // ------------------------------------------------------------------ UDP

    private void udpAddrs(int iph, int sport, int dport) {
        int ver = u8(iph) >>> 4;
        boolean direct = ver == 6 ? u8(iph + 6) == 17 : u8(iph + 9) == 17;
        if (direct) {
            if (sport == -1) {
                addr(ver, ver == 6 ? iph + 8 : iph + 12); out.s(" > "); addr(ver, ver == 6 ? iph + 24 : iph + 16); out.s(": ");
            } else {
                addr(ver, ver == 6 ? iph + 8 : iph + 12); out.ch('.'); port(sport, false); out.s(" > ");
                addr(ver, ver == 6 ? iph + 24 : iph + 16); out.ch('.'); port(dport, false); out.s(": ");
            }
        } else if (sport != -1) {
            port(sport, false); out.s(" > "); port(dport, false); out.s(": ");
        }
    }

    private void udp(int bp, int length, int iph, boolean fragmented) {
        protocol = "udp";
        if (!have(bp + 2, 2)) { udpAddrs(iph, -1, -1); trunc(); return; }
        int sport = u16(bp);
        int dport = u16(bp + 2);
        if ((length & 0xFFFFFFFFL) < 8) { udpAddrs(iph, sport, dport); out.s("truncated-udp ").dec(length & 0xFFFFFFFFL); return; }
        if (!have(bp + 4, 2)) { udpAddrs(iph, sport, dport); trunc(); return; }
        int ulen = u16(bp + 4);
        if (ulen == 0 && length > 65535) ulen = length;
        if (ulen < 8) { udpAddrs(iph, sport, dport); out.s("truncated-udplength ").dec(ulen); return; }
        ulen -= 8;
        length -= 8;
        if (ulen < length) length = ulen;
        int cp = bp + 8;
        if (cp > snapend) { udpAddrs(iph, sport, dport); trunc(); return; }
        udpAddrs(iph, sport, dport);
        int ver = u8(iph) >>> 4;
        if (vflag > 0 && !fragmented) {
            if (ver == 4 && vflag > 1) {
                int usum = u16(bp + 6);
                if (usum == 0) out.s("[no cksum] ");
                else if (have(cp, length)) {
                    int c = transportChecksum(iph, 4, bp, length + 8, 17);
                    if (c != 0) out.s("[bad udp cksum 0x").hex0(usum, 4).s(" -> 0x").hex0(shouldBe(usum, c), 4).s("!] ");
                    else out.s("[udp sum ok] ");
                }
            } else if (ver == 6) {
                if (have(cp, length)) {
                    int usum = u16(bp + 6);
                    int c = transportChecksum(iph, 6, bp, length + 8, 17);
                    if (c != 0) out.s("[bad udp cksum 0x").hex0(usum, 4).s(" -> 0x").hex0(shouldBe(usum, c), 4).s("!] ");
                    else out.s("[udp sum ok] ");
                }
            }
        }
        if (!qflag && (sport == 4789 || dport == 4789)) { vxlan(cp, length); return; }
        if (!qflag && (sport == 6081 || dport == 6081)) { geneve(cp, length); return; }
        if (qflag) {
            out.s("UDP, length ").dec(ulen);
            return;
        }
        if (ulen > length && !fragmented) out.s("UDP, bad length ").dec(ulen).s(" > ").dec(length);
        else out.s("UDP, length ").dec(ulen);
    }

    private void vxlan(int bp, int len) {
        protocol = "vxlan";
        out.s("VXLAN");
        if (len < 8) { invalidMark(); return; }
        int flags = u8(bp);
        out.s(", flags [").s((flags & 0x08) != 0 ? "I" : "invalid");
        out.s("] (0x").hex0(flags, 2).s("), ");
        out.s("vni ").dec(u24(bp + 4)).ch('\n');
        check(bp + 7, 1);
        ether(bp + 8, len - 8, available(bp + 8));
    }

    private void geneve(int bp, int len) {
        protocol = "geneve";
        out.s("Geneve");
        if (len < 8) { out.s(" [length ").dec(len).s(" < 8]"); invalidMark(); return; }
        if (!have(bp, 8)) { trunc(); return; }
        int verOpt = u8(bp);
        int ver = verOpt >>> 6;
        if (ver != 0) { out.s(" ERROR: unknown-version ").dec(ver); return; }
        int flags = u8(bp + 1);
        int prot = u16(bp + 2);
        int vni = u24(bp + 4);
        int reserved = u8(bp + 7);
        bp += 8;
        len -= 8;
        out.s(", Flags [");
        if (flags == 0) out.s("none");
        else {
            if ((flags & 0x80) != 0) out.ch('O');
            if ((flags & 0x40) != 0) out.ch('C');
            for (int i = 1; i <= 6; i++) if ((flags & (0x40 >>> i)) != 0) out.s("R").dec(i);
        }
        out.s("], vni 0x").hex(vni);
        if (reserved != 0) out.s(", rsvd 0x").hex(reserved);
        if (eflag) {
            String n = Tables.ethertype(prot);
            out.s(", proto ").s(n == null ? "unknown" : n).s(" (0x").hex0(prot, 4).ch(')');
        }
        int optsLen = (verOpt & 0x3f) * 4;
        if (len < optsLen) { out.s(" truncated-geneve - ").dec(optsLen - len).s(" bytes missing"); return; }
        if (!have(bp, optsLen)) { trunc(); return; }
        if (optsLen > 0) {
            out.s(", options [");
            if (vflag > 0) geneveOpts(bp, optsLen);
            else out.dec(optsLen).s(" bytes");
            out.ch(']');
        }
        bp += optsLen;
        len -= optsLen;
        out.s(vflag < 1 ? ": " : "\n\t");
        if (!ethertype(prot, bp, len)) {
            if (prot == 0x6558) ether(bp, len, available(bp));
            else out.s("geneve-proto-0x").hex(prot);
        }
    }

    private void geneveOpts(int bp, int len) {
        String sep = "";
        while (len > 0) {
            out.s(sep);
            sep = ", ";
            int cls = u16(bp);
            int type = u8(bp + 2);
            int olen = 4 + (u8(bp + 3) & 0x1F) * 4;
            String cn = switch (cls) {
                case 0x0100 -> "Linux";
                case 0x0101 -> "Open vSwitch";
                case 0x0102 -> "Open Virtual Networking (OVN)";
                case 0x0103 -> "In-band Network Telemetry (INT)";
                case 0x0104 -> "VMware";
                default -> cls <= 0xff ? "Standard" : cls >= 0xfff0 ? "Experimental" : "Unknown";
            };
            out.s("class ").s(cn).s(" (0x").hex(cls).s(") type 0x").hex(type).s((type & 0x80) != 0 ? "(C)" : "")
                    .s(" len ").dec(olen);
            if (olen > len) { out.s(" [bad length]"); return; }
            if (vflag > 1 && olen > 4) {
                out.s(" data");
                for (int i = 4; i < olen; i += 4) { out.ch(' ').hex0(u32(bp + i) & 0xFFFFFFFFL, 8); }
            }
            bp += olen;
            len -= olen;
        }
    }

    /** Ones'-complement checksum over the pseudo-header and segment; 0 when correct. */
    private int transportChecksum(int iph, int ver, int tp, int len, int proto) {
        long s;
        if (ver == 4) {
            s = sum16(iph + 12, 8) + proto + len;
        } else {
            int dst = ip6FinalDst(iph);
            check(dst, 16);
            s = sum16(iph + 8, 16) + sum16(dst, 16) + (len >>> 16) + (len & 0xFFFF) + proto;
        }
        s += sum16(tp, len);
        return (~fold(s)) & 0xFFFF;
    }

    // ------------------------------------------------------------------ TCP

    private void tcpFlags(int flags) {
        if ((flags & 0xFF) == 0) { out.s("none"); return; }
        if ((flags & 0x01) != 0) out.ch('F');
        if ((flags & 0x02) != 0) out.ch('S');
        if ((flags & 0x04) != 0) out.ch('R');
        if ((flags & 0x08) != 0) out.ch('P');
        if ((flags & 0x10) != 0) out.ch('.');
        if ((flags & 0x20) != 0) out.ch('U');
        if ((flags & 0x40) != 0) out.ch('E');
        if ((flags & 0x80) != 0) out.ch('W');
    }

    private static boolean port(int sport, int dport, int p) { return sport == p || dport == p; }

    private void tcp(int bp, int length, int iph, boolean fragmented) {
        protocol = "tcp";
        sawTcp = true;
        int ver = u8(iph) >>> 4;
        boolean v6 = ver == 6;
        int srcA = v6 ? iph + 8 : iph + 12;
        int dstA = v6 ? iph + 24 : iph + 16;
        if (!have(bp + 2, 2)) {
            addr(ver, srcA); out.s(" > "); addr(ver, dstA); out.ch(':');
            trunc();
            return;
        }
        int sport = u16(bp);
        int dport = u16(bp + 2);
        boolean direct = v6 ? u8(iph + 6) == 6 : u8(iph + 9) == 6;
        if (direct) {
            addr(ver, srcA); out.ch('.'); port(sport, true); out.s(" > ");
            addr(ver, dstA); out.ch('.'); port(dport, true); out.s(": ");
        } else {
            port(sport, true); out.s(" > "); port(dport, true); out.s(": ");
        }
        if (!have(bp, 20)) { trunc(); return; }
        int hlen = (u8(bp + 12) >>> 4) * 4;
        long ulength = length & 0xFFFFFFFFL;
        if (hlen < 20) {
            out.s(" tcp ").dec((ulength - hlen) & 0xFFFFFFFFL).s(" [bad hdr length ").dec(hlen).s(" - too short, < 20]");
            return;
        }
        int seq = u32(bp + 4);
        int ack = u32(bp + 8);
        int win = u16(bp + 14);
        int urp = u16(bp + 18);
        if (qflag) {
            out.s("tcp ").dec((ulength - hlen) & 0xFFFFFFFFL);
            if (hlen > ulength) out.s(" [bad hdr length ").dec(hlen).s(" - too long, > ").dec(ulength).ch(']');
            return;
        }
        int flags = u8(bp + 13);
        out.s("Flags [");
        tcpFlags(flags);
        out.ch(']');
        boolean rev = false;
        int thseq = 0, thack = 0;
        if (!sflag && (flags & 0x10) != 0) {
            int words = v6 ? 4 : 1;
            if (sport > dport) rev = true;
            else if (sport == dport) {
                int alen = v6 ? 16 : 4;
                for (int i = 0; i < alen; i++) {
                    int x = b[srcA + i] & 0xFF, y = b[dstA + i] & 0xFF;
                    if (x != y) { rev = x > y; break; }
                }
            }
            int first = rev ? dstA : srcA;
            int second = rev ? srcA : dstA;
            for (int w = 0; w < words; w++) {
                key[w] = be32(first + 4 * w);
                key[words + w] = be32(second + 4 * w);
            }
            key[2 * words] = rev ? (dport << 16) | sport : (sport << 16) | dport;
            SeqTable t = v6 ? seq6 : seq4;
            int slot = t.find(key);
            if (slot < 0 || (flags & 0x02) != 0) {
                if (rev) slot = t.put(key, ack - 1, seq);
                else slot = t.put(key, seq, ack - 1);
            } else {
                if (rev) { seq -= t.ack(slot); ack -= t.seq(slot); }
                else { seq -= t.seq(slot); ack -= t.ack(slot); }
            }
            thseq = t.seq(slot);
            thack = t.ack(slot);
        }
        if (hlen > ulength) {
            out.s(" [bad hdr length ").dec(hlen).s(" - too long, > ").dec(ulength).ch(']');
            return;
        }
        if (vflag > 0 && !fragmented) {
            if ((ver == 4 || ver == 6) && have(bp, ulength)) {
                int tsum = u16(bp + 16);
                int c = transportChecksum(iph, ver, bp, length, 6);
                out.s(", cksum 0x").hex0(tsum, 4);
                if (c != 0) out.s(" (incorrect -> 0x").hex0(shouldBe(tsum, c), 4).s(")");
                else out.s(" (correct)");
            }
        }
        length -= hlen;
        if (vflag > 1 || length > 0 || (flags & 0x07) != 0) {
            out.s(", seq ").u32(seq);
            if (length > 0) out.ch(':').u32(seq + length);
        }
        if ((flags & 0x10) != 0) out.s(", ack ").u32(ack);
        out.s(", win ").dec(win);
        if ((flags & 0x20) != 0) out.s(", urg ").dec(urp);
        if (hlen > 20) {
            int r = tcpOptions(bp, hlen - 20, length, rev, thseq, thack, flags, iph, ver);
            if (r != OPT_OK) {
                if (r == OPT_TRUNC || r == OPT_TRUNC_CH) {
                    trunc();
                    if (r == OPT_TRUNC_CH) out.ch('>');
                } else {
                    out.s("[bad opt]");
                    if (r == OPT_BAD_CH) out.ch(']');
                }
                return;
            }
        }
        out.s(", length ").dec(length & 0xFFFFFFFFL);
        if (length == 0) return;
        if (!have(bp, hlen)) {
            out.s(" [remaining caplen(").dec(available(bp)).s(") < header length(").dec(hlen).s(")]");
            throw TRUNCATED;
        }
        int pp = bp + hlen;
        if ((flags & 0x04) != 0 && vflag > 0) {
            rstData(pp, length);
            return;
        }
        payload(pp, length, sport, dport);
    }

    private int be32(int o) {
        return ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }

    private static final int OPT_OK = 0;
    private static final int OPT_BAD = 1;
    private static final int OPT_BAD_CH = 2;
    private static final int OPT_TRUNC = 3;
    private static final int OPT_TRUNC_CH = 4;

    /** Prints ", options [...]"; returns OPT_OK or how the option list ended early. */
    private int tcpOptions(int tp, int hlen, int payloadLength, boolean rev, int thseq, int thack,
                           int flags, int iph, int ver) {
        int cp = tp + 20;
        boolean ch = false;
        out.s(", options [");
        while (hlen > 0) {
            if (ch) out.ch(',');
            int opt = u8(cp);
            cp++;
            int len;
            if (opt == 0 || opt == 1) len = 1;
            else {
                len = u8(cp);
                cp++;
                if (len < 2 || len > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                --hlen;
            }
            --hlen;
            int datalen = 0;
            String name = Tables.tcpOption(opt);
            if (name != null) out.s(name); else out.s("unknown-").dec(opt);
            switch (opt) {
                case 2 -> {
                    datalen = 2;
                    if (datalen > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                    if (!have(cp, datalen)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                    out.ch(' ').dec(u16(cp));
                }
                case 3 -> {
                    datalen = 1;
                    if (datalen > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                    if (!have(cp, datalen)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                    out.ch(' ').dec(u8(cp));
                }
                case 5 -> {
                    datalen = len - 2;
                    if (datalen % 8 != 0) {
                        out.s(" invalid sack");
                    } else {
                        out.ch(' ').dec(datalen / 8).ch(' ');
                        for (int i = 0; i < datalen; i += 8) {
                            if (i + 4 > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                            if (!have(cp, i + 4)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                            int s = u32(cp + i);
                            if (i + 8 > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                            if (!have(cp, i + 8)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                            int e = u32(cp + i + 4);
                            if (rev) { s -= thseq; e -= thseq; } else { s -= thack; e -= thack; }
                            out.ch('{').u32(s).ch(':').u32(e).ch('}');
                        }
                    }
                }
                case 11, 12, 13, 6, 7 -> {
                    datalen = 4;
                    if (datalen > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                    if (!have(cp, datalen)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                    out.ch(' ').u32(u32(cp));
                }
                case 8 -> {
                    datalen = 8;
                    if (datalen > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                    if (!have(cp, datalen)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                    out.s(" val ").u32(u32(cp)).s(" ecr ").u32(u32(cp + 4));
                }
                case 19 -> {
                    datalen = 16;
                    if (datalen > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                    if (!have(cp, datalen)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                    out.ch(' ');
                    int hl = (u8(tp + 12) >>> 4) * 4;
                    if (!have(tp + hl, payloadLength & 0xFFFFFFFFL)) out.s("snaplen too short, ");
                    else out.s("shared secret not supplied with -M, ");
                    out.s("can't check - ");
                    for (int i = 0; i < 16; i++) out.hex0(u8(cp + i), 2);
                }
                case 20 -> {
                    datalen = 2;
                    if (datalen > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                    if (!have(cp, datalen)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                    out.s(" cap ").hex0(u8(cp), 2).s(" id ").dec(u8(cp + 1));
                }
                case 29 -> {
                    datalen = len - 2;
                    if (datalen < 2) {
                        invalidMark();
                    } else {
                        if (1 > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                        if (!have(cp, 1)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                        out.s(" keyid ").dec(u8(cp));
                        if (2 > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                        if (!have(cp, 2)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                        out.s(" rnextkeyid ").dec(u8(cp + 1));
                        if (datalen > 2) {
                            out.s(" mac 0x");
                            for (int i = 2; i < datalen; i++) {
                                if (i + 1 > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                                if (!have(cp, i + 1)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                                out.hex0(u8(cp + i), 2);
                            }
                        }
                    }
                }
                case 0, 1, 4 -> { }
                case 28 -> {
                    datalen = 2;
                    if (datalen > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                    if (!have(cp, datalen)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                    int uto = u16(cp);
                    out.s(" 0x").hex(uto);
                    if ((uto & 1) != 0) uto = (uto >>> 1) * 60; else uto >>>= 1;
                    out.ch(' ').dec(uto);
                }
                case 30 -> {
                    datalen = len - 2;
                    if (datalen > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                    if (!have(cp, datalen)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                    int saved = snapend;
                    snapend = Math.min(cp - 2 + len, snapend);
                    boolean ok;
                    try {
                        ok = mptcp(cp - 2, len, flags);
                    } finally {
                        snapend = saved;
                    }
                    if (!ok) return ch ? OPT_BAD_CH : OPT_BAD;
                }
                case 34 -> {
                    datalen = len - 2;
                    if (datalen > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                    if (!have(cp, datalen)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                    out.ch(' ');
                    fastopen(cp, datalen, false);
                }
                case 254 -> {
                    datalen = len - 2;
                    if (datalen > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                    if (!have(cp, datalen)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                    if (datalen < 2) return ch ? OPT_BAD_CH : OPT_BAD;
                    int magic = u16(cp);
                    out.ch('-');
                    if (magic == 0xf989) fastopen(cp + 2, datalen - 2, true);
                    else out.hex0(magic, 4);
                }
                default -> {
                    datalen = len - 2;
                    if (datalen != 0) out.s(" 0x");
                    for (int i = 0; i < datalen; i++) {
                        if (i + 1 > hlen) return ch ? OPT_BAD_CH : OPT_BAD;
                        if (!have(cp, i + 1)) return ch ? OPT_TRUNC_CH : OPT_TRUNC;
                        out.hex0(u8(cp + i), 2);
                    }
                }
            }
            cp += datalen;
            hlen -= datalen;
            ++datalen;
            if (opt != 0 && opt != 1) ++datalen;
            if (datalen != len) out.s("[len ").dec(len).ch(']');
            ch = true;
            if (opt == 0) break;
        }
        out.ch(']');
        return OPT_OK;
    }

    private void fastopen(int cp, int datalen, boolean exp) {
        if (exp) out.s("tfo");
        if (datalen == 0) out.s(" cookiereq");
        else if (datalen % 2 != 0 || datalen < 4 || datalen > 16) invalidMark();
        else {
            out.s(" cookie ");
            for (int i = 0; i < datalen; i++) out.hex0(u8(cp + i), 2);
        }
    }

    private void rstData(int sp, int length) {
        out.s(have(sp, length & 0xFFFFFFFFL) ? " [RST" : " [!RST");
        if (length > 30) { length = 30; out.ch('+'); }
        out.ch(' ');
        while (length > 0 && sp < snapend) {
            int c = u8(sp);
            sp++;
            printChar(c);
            length--;
        }
        out.ch(']');
    }

    /** fn_print_char. */
    private void printChar(int c) {
        if (c >= 0x80) { out.s("M-"); c &= 0x7F; }
        if (c < 0x20 || c == 0x7F) { out.ch('^'); out.ch(c ^ 0x40); }
        else out.ch(c);
    }

    private void payload(int pp, int length, int sport, int dport) {
        if (port(sport, dport, 23)) {
            return; // telnet: out of scope
        } else if (port(sport, dport, 25)) {
            out.s(": ");
            protocol = "smtp";
            txtproto(pp, length, null, false);
        } else if (port(sport, dport, 43)) {
            out.s(": ");
            protocol = "whois";
            txtproto(pp, length, null, false);
        } else if (port(sport, dport, 179) || port(sport, dport, 1723) || port(sport, dport, 6379)) {
            return;
        } else if (port(sport, dport, 22)) {
            protocol = "ssh";
            ssh(pp, length);
        } else if (port(sport, dport, 139) || port(sport, dport, 445) || port(sport, dport, 10288)
                || port(sport, dport, 6633) || port(sport, dport, 6653)) {
            return;
        } else if (port(sport, dport, 21)) {
            out.s(": ");
            protocol = "ftp";
            txtproto(pp, length, null, false);
        } else if (port(sport, dport, 80) || port(sport, dport, 8080)) {
            out.s(": ");
            protocol = "http";
            txtproto(pp, length, Tables.HTTP_CMDS, true);
        } else if (port(sport, dport, 554) || port(sport, dport, 8554)) {
            out.s(": ");
            protocol = "rtsp";
            txtproto(pp, length, Tables.RTSP_CMDS, true);
        }
    }

    private void ssh(int pp, int len) {
        if (u8(pp) != 'S' || u8(pp + 1) != 'S' || u8(pp + 2) != 'H' || u8(pp + 3) != '-') return;
        int idx = 4;
        while (idx < len) {
            int c = u8(pp + idx);
            if (c == '\n') break;
            if (c == '\r') {
                if (idx + 1 >= len) return;
                if (u8(pp + idx + 1) == '\n') break;
                return;
            }
            if (c < 0x20 || c > 0x7E) return;
            idx++;
        }
        if (idx >= len) return;
        out.s(": SSH: ");
        out.bytes(b, pp, idx);
    }

    /** fetch_token: returns the index after the token and following blanks, 0 on error; token in {@link #token}. */
    private int fetchToken(int pp, int idx, int len) {
        int toklen = 0;
        for (; idx < len; idx++) {
            if (!have(pp + idx, 1)) return 0;
            int c = b[pp + idx] & 0xFF;
            if (c >= 0x80) return 0;
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') break;
            if (c < 0x20 || c > 0x7E) return 0;
            if (toklen + 2 > token.length) return 0;
            token[toklen++] = (byte) c;
        }
        if (toklen == 0) return 0;
        token[toklen] = 0;
        for (; idx < len; idx++) {
            if (!have(pp + idx, 1)) break;
            int c = b[pp + idx] & 0xFF;
            if (c == '\r' || c == '\n') break;
            if (c < 0x20 || c > 0x7E) break;
            if (c != ' ' && c != '\t') break;
        }
        return idx;
    }

    private boolean tokenEqualsIgnoreCase(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            int c = token[i];
            if (c == 0) return false;
            if (c >= 'a' && c <= 'z') c -= 32;
            int d = s.charAt(i);
            if (d >= 'a' && d <= 'z') d -= 32;
            if (c != d) return false;
        }
        return token[n] == 0;
    }

    /** print_txt_line: returns the index after the line end, or 0. */
    private int txtLine(String prefix, int pp, int idx, int len) {
        int start = idx;
        int linelen;
        while (idx < len) {
            int c = u8(pp + idx);
            if (c == '\n') {
                linelen = idx - start;
                idx++;
                out.s(prefix).bytes(b, pp + start, linelen);
                return idx;
            } else if (c == '\r') {
                if (idx + 1 >= len) return 0;
                if (u8(pp + idx + 1) == '\n') {
                    linelen = idx - start;
                    idx += 2;
                    out.s(prefix).bytes(b, pp + start, linelen);
                    return idx;
                }
                return 0;
            } else if ((c < 0x20 || c > 0x7E) && c != '\t') {
                return 0;
            }
            idx++;
        }
        out.s(prefix).bytes(b, pp + start, idx - start);
        trunc();
        return 0;
    }

    private void txtproto(int pp, int len, String[] cmds, boolean respSecond) {
        boolean printThis = false;
        if (cmds != null) {
            int idx = fetchToken(pp, 0, len);
            if (idx != 0) {
                for (String c : cmds) {
                    if (tokenEqualsIgnoreCase(c)) { printThis = true; break; }
                }
                if (respSecond) idx = fetchToken(pp, idx, len);
                if (idx != 0) {
                    if (isDigit(token[0]) && isDigit(token[1]) && isDigit(token[2]) && token[3] == 0) printThis = true;
                }
            }
        } else {
            printThis = true;
        }
        for (int i = 0; i < protocol.length(); i++) {
            char c = protocol.charAt(i);
            out.ch(c >= 'a' && c <= 'z' ? c - 32 : c);
        }
        if (printThis) {
            if (vflag > 0) {
                out.s(", length: ").dec(len & 0xFFFFFFFFL);
                int idx = 0;
                while (idx < len) {
                    int eol = txtLine("\n\t", pp, idx, len);
                    if (eol == 0) break;
                    idx = eol;
                }
            } else {
                txtLine(": ", pp, 0, len);
            }
        }
    }

    private static boolean isDigit(byte c) { return c >= '0' && c <= '9'; }

    // ------------------------------------------------------------------ MPTCP option (print-mptcp.c)

    private static final String[] MPTCP_SUBTYPES = {
        "capable", "join", "dss", "add-addr", "rem-addr", "prio", "fail", "fast-close", "unknown"};

    private long u64(int i) {
        check(i, 8);
        return ((long) u32(i) << 32) | (u32(i + 4) & 0xFFFFFFFFL);
    }

    private void hex64(long v) { out.hex(v); }

    private boolean mptcp(int cp, int len, int flags) {
        protocol = "mptcp";
        if (len < 3) return false;
        int subtype = Math.min(u8(cp + 2) >>> 4, 8);
        out.ch(' ').dec(len).ch(' ').s(MPTCP_SUBTYPES[subtype]);
        switch (subtype) {
            case 0 -> {
                if (!((len == 12 || len == 4) && (flags & 0x02) != 0)
                        && !((len == 20 || len == 22) && (flags & 0x12) == 0x10)) return false;
                int version = u8(cp + 2) & 0xF;
                if (version > 1) { out.s(" Unknown Version (").dec(version).ch(')'); return true; }
                out.s(" v").dec(version);
                if ((u8(cp + 3) & 0x80) != 0) out.s(" csum");
                if (len == 12 || len >= 20) {
                    out.s(" {0x"); hex64(u64(cp + 4));
                    if (len >= 20) { out.s(",0x"); hex64(u64(cp + 12)); }
                    out.ch('}');
                }
                return true;
            }
            case 1 -> {
                if (!(len == 12 && (flags & 0x02) != 0) && !(len == 16 && (flags & 0x12) == 0x12)
                        && !(len == 24 && (flags & 0x10) != 0)) return false;
                if (len != 24) {
                    if ((u8(cp + 2) & 1) != 0) out.s(" backup");
                    out.s(" id ").dec(u8(cp + 3));
                }
                if (len == 12) {
                    out.s(" token 0x").hex(u32(cp + 4) & 0xFFFFFFFFL).s(" nonce 0x").hex(u32(cp + 8) & 0xFFFFFFFFL);
                } else if (len == 16) {
                    out.s(" hmac 0x"); hex64(u64(cp + 4)); out.s(" nonce 0x").hex(u32(cp + 12) & 0xFFFFFFFFL);
                } else {
                    out.s(" hmac 0x");
                    for (int i = 0; i < 20; i++) out.hex0(cp + 4 + i < b.length ? b[cp + 4 + i] & 0xFF : 0, 2);
                }
                return true;
            }
            case 2 -> {
                if (len < 4) return false;
                if ((flags & 0x02) != 0) return false;
                int f = u8(cp + 3);
                if ((f & 0x10) != 0) out.s(" fin");
                int o = cp + 4;
                int l = len - 4;
                if ((f & 0x01) != 0) {
                    out.s(" ack ");
                    if ((f & 0x02) != 0) {
                        if (l < 8) return false;
                        out.s(Long.toUnsignedString(u64(o)));
                        o += 8; l -= 8;
                    } else {
                        if (l < 4) return false;
                        out.u32(u32(o));
                        o += 4; l -= 4;
                    }
                }
                if ((f & 0x04) != 0) {
                    out.s(" seq ");
                    if ((f & 0x08) != 0) {
                        if (l < 8) return false;
                        out.s(Long.toUnsignedString(u64(o)));
                        o += 8; l -= 8;
                    } else {
                        if (l < 4) return false;
                        out.u32(u32(o));
                        o += 4; l -= 4;
                    }
                    if (l < 4) return false;
                    out.s(" subseq ").u32(u32(o));
                    o += 4; l -= 4;
                    if (l < 2) return false;
                    out.s(" len ").dec(u16(o));
                    o += 2; l -= 2;
                    if (l >= 2) { out.s(" csum 0x").hex(u16(o)); l -= 2; }
                }
                return l == 0;
            }
            case 3 -> {
                if (!(len == 8 || len == 10 || len == 16 || len == 18 || len == 20 || len == 22 || len == 28 || len == 30)) return false;
                int se = u8(cp + 2) & 0xF;
                String n = switch (se) {
                    case 6 -> "v0-ip6";
                    case 4 -> "v0-ip4";
                    case 1 -> "v1-echo";
                    case 0 -> "v1";
                    default -> "[bad version/echo]";
                };
                out.ch(' ').s(n).s(" id ").dec(u8(cp + 3));
                if (len == 8 || len == 10 || len == 16 || len == 18) {
                    out.ch(' '); ipaddr(cp + 4);
                    if (len == 10 || len == 18) out.ch(':').dec(u16(cp + 8));
                    if (len == 16) { out.s(" hmac 0x"); hex64(u64(cp + 8)); }
                    if (len == 18) { out.s(" hmac 0x"); hex64(u64(cp + 10)); }
                } else {
                    out.ch(' '); ip6addr(cp + 4);
                    if (len == 22 || len == 30) out.ch(':').dec(u16(cp + 20));
                    if (len == 28) { out.s(" hmac 0x"); hex64(u64(cp + 20)); }
                    if (len == 30) { out.s(" hmac 0x"); hex64(u64(cp + 22)); }
                }
                return true;
            }
            case 4 -> {
                if (len < 4) return false;
                out.s(" id");
                for (int i = 0; i < len - 3; i++) out.ch(' ').dec(u8(cp + 3 + i));
                return true;
            }
            case 5 -> {
                if (len != 3 && len != 4) return false;
                out.s((u8(cp + 2) & 1) != 0 ? " backup" : " non-backup");
                if (len == 4) out.s(" id ").dec(u8(cp + 3));
                return true;
            }
            case 6 -> {
                if (len != 12) return false;
                out.s(" seq ").s(Long.toUnsignedString(u64(cp + 4)));
                return true;
            }
            case 7 -> {
                if (len != 12) return false;
                out.s(" key 0x"); hex64(u64(cp + 4));
                return true;
            }
            default -> { return true; }
        }
    }
}
