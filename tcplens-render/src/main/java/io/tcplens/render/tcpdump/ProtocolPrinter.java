package io.tcplens.render.tcpdump;

import io.tcplens.render.text.AsciiOut;

/**
 * What every protocol printer is written in: tcpdump's vocabulary over the shared
 * {@link PrintContext}. The reads are bounds-checked against the current snapshot end
 * ({@code GET_U_1}, {@code ND_TCHECK_LEN}, {@code nd_push_snaplen}) and throw the preallocated
 * {@link PrintContext#TRUNCATED} past it; addresses and ports are printed with name resolution
 * unless -n; the checksum helpers and tcpdump's hex dump (ND_DEFAULTPRINT) live here too.
 */
abstract sealed class ProtocolPrinter
        permits LinkPrinter, TunnelPrinter, ArpPrinter, IpPrinter, Ip6Printer, IcmpPrinter, UdpPrinter, TcpPrinter {
    final PrintContext ctx;
    final AsciiOut out;
    final Names names;
    final boolean eflag;
    final int vflag;
    final boolean qflag;
    final boolean sflag;

    ProtocolPrinter(PrintContext c) {
        this.ctx = c;
        this.out = c.out;
        this.names = c.names;
        this.eflag = c.eflag;
        this.vflag = c.vflag;
        this.qflag = c.qflag;
        this.sflag = c.sflag;
    }

    final void trunc() { out.s(" [|").s(ctx.protocol).ch(']'); }

    final void invalidMark() { out.s(" (invalid)"); }

    // ------------------------------------------------------------------ bounds-checked reads

    final int u8(int i) {
        if (i >= ctx.snapend || i < ctx.pktStart) throw PrintContext.TRUNCATED;
        return ctx.b[i] & 0xFF;
    }

    final int u16(int i) {
        if (i + 2 > ctx.snapend || i < ctx.pktStart) throw PrintContext.TRUNCATED;
        return ((ctx.b[i] & 0xFF) << 8) | (ctx.b[i + 1] & 0xFF);
    }

    final int u24(int i) {
        if (i + 3 > ctx.snapend || i < ctx.pktStart) throw PrintContext.TRUNCATED;
        return ((ctx.b[i] & 0xFF) << 16) | ((ctx.b[i + 1] & 0xFF) << 8) | (ctx.b[i + 2] & 0xFF);
    }

    final int u32(int i) {
        if (i + 4 > ctx.snapend || i < ctx.pktStart) throw PrintContext.TRUNCATED;
        return ((ctx.b[i] & 0xFF) << 24) | ((ctx.b[i + 1] & 0xFF) << 16) | ((ctx.b[i + 2] & 0xFF) << 8) | (ctx.b[i + 3] & 0xFF);
    }

    final int le32(int i) {
        if (i + 4 > ctx.snapend || i < ctx.pktStart) throw PrintContext.TRUNCATED;
        return (ctx.b[i] & 0xFF) | ((ctx.b[i + 1] & 0xFF) << 8) | ((ctx.b[i + 2] & 0xFF) << 16) | ((ctx.b[i + 3] & 0xFF) << 24);
    }

    /** ND_TTEST_LEN: are {@code n} bytes from {@code i} captured? */
    final boolean have(int i, long n) {
        return i >= ctx.pktStart && n >= 0 && (long) i + n <= ctx.snapend;
    }

    final void check(int i, long n) {
        if (!have(i, n)) throw PrintContext.TRUNCATED;
    }

    final int available(int i) { return Math.max(0, ctx.snapend - i); }

    /** Narrows the snapshot end to {@code len} bytes from {@code p} (nd_push_snaplen); returns the old end. */
    final int pushSnaplen(int p, long len) {
        int old = ctx.snapend;
        if ((long) p + len < ctx.snapend) ctx.snapend = (int) (p + len);
        return old;
    }

    /** ND_DEFAULTPRINT: hex_and_ascii_print(ndo, "\n\t", p, caplen). */
    final void defaultPrint(int cp, int length) {
        if (length < 0) length = 0;
        int caplength = ctx.snapend > cp ? ctx.snapend - cp : 0;
        boolean truncated = false;
        if (length > caplength) { length = caplength; truncated = true; }
        int oset = 0;
        for (int line = 0; line < length; line += 16) {
            int n = Math.min(16, length - line);
            offset(oset);
            int written = 0;
            for (int i = 0; i + 1 < n; i += 2) {
                out.ch(' ').hex0(ctx.b[cp + line + i] & 0xFF, 2).hex0(ctx.b[cp + line + i + 1] & 0xFF, 2);
                written += 5;
            }
            if ((n & 1) != 0) { out.ch(' ').hex0(ctx.b[cp + line + n - 1] & 0xFF, 2); written += 3; }
            for (int i = written; i < 40; i++) out.ch(' ');
            out.s("  ");
            for (int i = 0; i < n; i++) {
                int c = ctx.b[cp + line + i] & 0xFF;
                out.ch(c > 0x20 && c < 0x7f ? c : '.');
            }
            oset += 16;
        }
        if (truncated) throw PrintContext.TRUNCATED;
    }

    /** The "\n\t0x%04x: " that starts a dump line (wider past 0xffff, as printf's %04x). */
    private void offset(int oset) {
        out.s("\n\t0x");
        if (oset > 0xFFFF) out.hex(oset); else out.hex0(oset, 4);
        out.s(": ");
    }

    /** hex_print(ndo, "\n\t", cp, length): -x, 16 bytes a line in groups of two, no ASCII column. */
    final void hexPrint(int cp, int length) {
        int caplength = ctx.snapend > cp ? ctx.snapend - cp : 0;
        boolean truncated = false;
        if (length > caplength) { length = caplength; truncated = true; }
        int oset = 0;
        int i = 0;
        int p = cp;
        for (int nshorts = length / 2; nshorts > 0; nshorts--) {
            if ((i++ % 8) == 0) {
                offset(oset);
                oset += 16;
            }
            out.ch(' ').hex0(ctx.b[p] & 0xFF, 2).hex0(ctx.b[p + 1] & 0xFF, 2);
            p += 2;
        }
        if ((length & 1) != 0) {
            if ((i % 8) == 0) offset(oset);
            out.ch(' ').hex0(ctx.b[p] & 0xFF, 2);
        }
        if (truncated) throw PrintContext.TRUNCATED;
    }

    /**
     * ascii_print: -A, the bytes as text after a newline; unprintable bytes (other than tab,
     * space and newline) as '.', a CR dropped before a newline or in the last two bytes.
     */
    final void asciiPrint(int cp, int length) {
        ctx.protocol = "ascii";
        int caplength = ctx.snapend > cp ? ctx.snapend - cp : 0;
        boolean truncated = false;
        if (length > caplength) { length = caplength; truncated = true; }
        out.nl();
        int p = cp;
        while (length > 0) {
            int s = ctx.b[p] & 0xFF;
            p++;
            length--;
            if (s == '\r') {
                if (length > 1 && ctx.b[p] != '\n') out.ch('.');
            } else if (!(s > 0x20 && s < 0x7f) && s != '\t' && s != ' ' && s != '\n') {
                out.ch('.');
            } else {
                out.ch(s);
            }
        }
        if (truncated) throw PrintContext.TRUNCATED;
    }

    // ------------------------------------------------------------------ addresses

    final void ipaddr(int o) {
        check(o, 4);
        if (names != null) {
            String n = names.host4(((ctx.b[o] & 0xFF) << 24) | ((ctx.b[o + 1] & 0xFF) << 16) | ((ctx.b[o + 2] & 0xFF) << 8) | (ctx.b[o + 3] & 0xFF));
            if (n != null) { out.s(n); return; }
        }
        out.dec(ctx.b[o] & 0xFF).ch('.').dec(ctx.b[o + 1] & 0xFF).ch('.').dec(ctx.b[o + 2] & 0xFF).ch('.').dec(ctx.b[o + 3] & 0xFF);
    }

    final void ip6addr(int o) {
        check(o, 16);
        if (names != null) {
            String n = names.host6(ctx.b, o);
            if (n != null) { out.s(n); return; }
        }
        int bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
        for (int i = 0; i < 8; i++) {
            int w = ((ctx.b[o + 2 * i] & 0xFF) << 8) | (ctx.b[o + 2 * i + 1] & 0xFF);
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
                    || (bestLen == 5 && (ctx.b[o + 10] & 0xFF) == 0xFF && (ctx.b[o + 11] & 0xFF) == 0xFF))) {
                out.dec(ctx.b[o + 12] & 0xFF).ch('.').dec(ctx.b[o + 13] & 0xFF).ch('.').dec(ctx.b[o + 14] & 0xFF).ch('.').dec(ctx.b[o + 15] & 0xFF);
                return;
            }
            out.hex(((ctx.b[o + 2 * i] & 0xFF) << 8) | (ctx.b[o + 2 * i + 1] & 0xFF));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) out.ch(':');
    }

    final void addr(int ipv, int o) {
        if (ipv == 6) ip6addr(o); else ipaddr(o);
    }

    final void port(int port, boolean tcp) {
        if (names != null) {
            String n = tcp ? names.tcpPorts[port] : names.udpPorts[port];
            if (n != null) { out.s(n); return; }
        }
        out.dec(port);
    }

    // ------------------------------------------------------------------ IPv4

    /** Ones'-complement sum of 16-bit big-endian words (not folded to 16 bits). */
    final long sum16(int o, int len) {
        long s = 0;
        int i = 0;
        for (; i + 1 < len; i += 2) s += ((ctx.b[o + i] & 0xFF) << 8) | (ctx.b[o + i + 1] & 0xFF);
        if (i < len) s += (ctx.b[o + i] & 0xFF) << 8;
        return s;
    }

    static int fold(long s) {
        while ((s >>> 16) != 0) s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }

    static int shouldBe(int sum, int computed) {
        long s = sum + (computed & 0xFFFF);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) (s & 0xFFFF);
    }

    /** Ones'-complement checksum over the pseudo-header and segment; 0 when correct. */
    final int transportChecksum(int iph, int ver, int tp, int len, int proto) {
        long s;
        if (ver == 4) {
            s = sum16(iph + 12, 8) + proto + len;
        } else {
            int dst = ctx.ip6.ip6FinalDst(iph);
            check(dst, 16);
            s = sum16(iph + 8, 16) + sum16(dst, 16) + (len >>> 16) + (len & 0xFFFF) + proto;
        }
        s += sum16(tp, len);
        return (~fold(s)) & 0xFFFF;
    }

    final int be32(int o) {
        return ((ctx.b[o] & 0xFF) << 24) | ((ctx.b[o + 1] & 0xFF) << 16) | ((ctx.b[o + 2] & 0xFF) << 8) | (ctx.b[o + 3] & 0xFF);
    }

    /** fn_print_char. */
    final void printChar(int c) {
        if (c >= 0x80) { out.s("M-"); c &= 0x7F; }
        if (c < 0x20 || c == 0x7F) { out.ch('^'); out.ch(c ^ 0x40); }
        else out.ch(c);
    }

    final long u64(int i) {
        check(i, 8);
        return ((long) u32(i) << 32) | (u32(i + 4) & 0xFFFFFFFFL);
    }

    final void hex64(long v) { out.hex(v); }

}
