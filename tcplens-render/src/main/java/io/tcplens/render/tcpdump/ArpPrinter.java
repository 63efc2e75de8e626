package io.tcplens.render.tcpdump;

/**
 * ARP and RARP (print-arp.c).
 */
final class ArpPrinter extends ProtocolPrinter {
    ArpPrinter(PrintContext c) { super(c); }

    void arp(int p, int length) {
        ctx.protocol = "arp";
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
                for (int i = 0; i < 6; i++) if (ctx.b[tha + i] != 0) zero = false;
                if (!zero) { out.s(" ("); ctx.link.macAddr(tha); out.ch(')'); }
                out.s(" tell ");
                ipaddr(spa);
            }
            case 2 -> { out.s("Reply "); ipaddr(spa); out.s(" is-at "); ctx.link.macAddr(sha); }
            default -> out.s("Unknown opcode ").dec(op);
        }
        out.s(", length ").dec(length);
    }

}
