package io.tcplens.render.tcpdump;

/**
 * UDP (print-udp.c): ports, lengths and checksum with -v, and the UDP tunnels (VXLAN, Geneve).
 */
final class UdpPrinter extends ProtocolPrinter {
    UdpPrinter(PrintContext c) { super(c); }

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

    void udp(int bp, int length, int iph, boolean fragmented) {
        ctx.protocol = "udp";
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
        if (cp > ctx.snapend) { udpAddrs(iph, sport, dport); trunc(); return; }
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
        if (!qflag && (sport == 4789 || dport == 4789)) { ctx.handOff(PrintContext.NEXT_VXLAN, cp, length); return; }
        if (!qflag && (sport == 6081 || dport == 6081)) { ctx.handOff(PrintContext.NEXT_GENEVE, cp, length); return; }
        if (qflag) {
            out.s("UDP, length ").dec(ulen);
            return;
        }
        if (ulen > length && !fragmented) out.s("UDP, bad length ").dec(ulen).s(" > ").dec(length);
        else out.s("UDP, length ").dec(ulen);
    }

}
