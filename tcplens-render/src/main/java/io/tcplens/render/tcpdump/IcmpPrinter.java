package io.tcplens.render.tcpdump;

/**
 * ICMP and ICMPv6 summaries (print-icmp.c, print-icmp6.c).
 */
final class IcmpPrinter extends ProtocolPrinter {
    IcmpPrinter(PrintContext c) { super(c); }

    void icmp(int bp, int length) {
        ctx.protocol = "icmp";
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

    void icmp6(int bp, int length) {
        ctx.protocol = "icmp6";
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

}
