package io.tcplens.render.tcpdump;

/**
 * Encapsulations that carry another layer: PPPoE, MPLS, GRE, VXLAN and Geneve (print-pppoe.c,
 * print-mpls.c, print-gre.c, print-vxlan.c, print-geneve.c).
 */
final class TunnelPrinter extends ProtocolPrinter {
    TunnelPrinter(PrintContext c) { super(c); }

    void pppoe(int p, int length) {
        ctx.protocol = "pppoe";
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
        ctx.link.ppp(p + 6, plen);
    }

    void mpls(int p, int length) {
        ctx.protocol = "mpls";
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
        if (pt == 4) { out.s(vflag > 0 ? "\n\t" : " "); ctx.ip.ip4(p, length); }
        else if (pt == 6) { out.s(vflag > 0 ? "\n\t" : " "); ctx.ip6.ip6(p, length); }
    }

    void gre(int bp, int length) {
        ctx.protocol = "gre";
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
            case 0x0800 -> ctx.ip.ip4(bp, len);
            case 0x86dd -> ctx.ip6.ip6(bp, len);
            case 0x8847 -> mpls(bp, len);
            case 0x6558 -> ctx.link.ether(bp, len, available(bp));
            default -> out.s("gre-proto-0x").hex(prot);
        }
    }

    void vxlan(int bp, int len) {
        ctx.protocol = "vxlan";
        out.s("VXLAN");
        if (len < 8) { invalidMark(); return; }
        int flags = u8(bp);
        out.s(", flags [").s((flags & 0x08) != 0 ? "I" : "invalid");
        out.s("] (0x").hex0(flags, 2).s("), ");
        out.s("vni ").dec(u24(bp + 4)).ch('\n');
        check(bp + 7, 1);
        ctx.link.ether(bp + 8, len - 8, available(bp + 8));
    }

    void geneve(int bp, int len) {
        ctx.protocol = "geneve";
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
        if (!ctx.link.ethertype(prot, bp, len)) {
            if (prot == 0x6558) ctx.link.ether(bp, len, available(bp));
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

}
