package io.tcplens.render.tcpdump;

/**
 * TCP (print-tcp.c, print-mptcp.c, print-ssh.c and the text protocols of print-http.c and friends):
 * flags, tcpdump's relative sequence numbers (one table per IP version), options, checksum with -v, and
 * the payload printers tcpdump runs on well-known ports.
 */
final class TcpPrinter extends ProtocolPrinter {
    TcpPrinter(PrintContext c) { super(c); }

    private final SeqTable seq4 = new SeqTable(3);
    private final SeqTable seq6 = new SeqTable(9);
    private final int[] key = new int[9];
    private final byte[] token = new byte[129];

    // per packet
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

    void tcp(int bp, int length, int iph, boolean fragmented) {
        ctx.protocol = "tcp";
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
                    int x = ctx.b[srcA + i] & 0xFF, y = ctx.b[dstA + i] & 0xFF;
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
            throw PrintContext.TRUNCATED;
        }
        int pp = bp + hlen;
        if ((flags & 0x04) != 0 && vflag > 0) {
            rstData(pp, length);
            return;
        }
        payload(pp, length, sport, dport);
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
                    int saved = ctx.snapend;
                    ctx.snapend = Math.min(cp - 2 + len, ctx.snapend);
                    boolean ok;
                    try {
                        ok = mptcp(cp - 2, len, flags);
                    } finally {
                        ctx.snapend = saved;
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
        while (length > 0 && sp < ctx.snapend) {
            int c = u8(sp);
            sp++;
            printChar(c);
            length--;
        }
        out.ch(']');
    }

    private void payload(int pp, int length, int sport, int dport) {
        if (port(sport, dport, 23)) {
            return; // telnet: out of scope
        } else if (port(sport, dport, 25)) {
            out.s(": ");
            ctx.protocol = "smtp";
            txtproto(pp, length, null, false);
        } else if (port(sport, dport, 43)) {
            out.s(": ");
            ctx.protocol = "whois";
            txtproto(pp, length, null, false);
        } else if (port(sport, dport, 179) || port(sport, dport, 1723) || port(sport, dport, 6379)) {
            return;
        } else if (port(sport, dport, 22)) {
            ctx.protocol = "ssh";
            ssh(pp, length);
        } else if (port(sport, dport, 139) || port(sport, dport, 445) || port(sport, dport, 10288)
                || port(sport, dport, 6633) || port(sport, dport, 6653)) {
            return;
        } else if (port(sport, dport, 21)) {
            out.s(": ");
            ctx.protocol = "ftp";
            txtproto(pp, length, null, false);
        } else if (port(sport, dport, 80) || port(sport, dport, 8080)) {
            out.s(": ");
            ctx.protocol = "http";
            txtproto(pp, length, Tables.HTTP_CMDS, true);
        } else if (port(sport, dport, 554) || port(sport, dport, 8554)) {
            out.s(": ");
            ctx.protocol = "rtsp";
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
        out.bytes(ctx.b, pp, idx);
    }

    /** fetch_token: returns the index after the token and following blanks, 0 on error; token in {@link #token}. */
    private int fetchToken(int pp, int idx, int len) {
        int toklen = 0;
        for (; idx < len; idx++) {
            if (!have(pp + idx, 1)) return 0;
            int c = ctx.b[pp + idx] & 0xFF;
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
            int c = ctx.b[pp + idx] & 0xFF;
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
                out.s(prefix).bytes(ctx.b, pp + start, linelen);
                return idx;
            } else if (c == '\r') {
                if (idx + 1 >= len) return 0;
                if (u8(pp + idx + 1) == '\n') {
                    linelen = idx - start;
                    idx += 2;
                    out.s(prefix).bytes(ctx.b, pp + start, linelen);
                    return idx;
                }
                return 0;
            } else if ((c < 0x20 || c > 0x7E) && c != '\t') {
                return 0;
            }
            idx++;
        }
        out.s(prefix).bytes(ctx.b, pp + start, idx - start);
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
        for (int i = 0; i < ctx.protocol.length(); i++) {
            char c = ctx.protocol.charAt(i);
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

    private boolean mptcp(int cp, int len, int flags) {
        ctx.protocol = "mptcp";
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
                    for (int i = 0; i < 20; i++) out.hex0(cp + 4 + i < ctx.b.length ? ctx.b[cp + 4 + i] & 0xFF : 0, 2);
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
                    int n = dssNumber(" ack ", o, l, (f & 0x02) != 0);
                    if (n < 0) return false;
                    o += n; l -= n;
                }
                if ((f & 0x04) != 0) {
                    int n = dssNumber(" seq ", o, l, (f & 0x08) != 0);
                    if (n < 0) return false;
                    o += n; l -= n;
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

    /**
     * One of MPTCP DSS's data ACK or sequence numbers, 8 bytes when {@code wide} else 4, after
     * {@code label}; returns the bytes it took, or -1 when fewer than that are left in the option
     * (the label is printed first either way, as tcpdump prints it before it checks the length).
     */
    private int dssNumber(String label, int o, int left, boolean wide) {
        out.s(label);
        int size = wide ? 8 : 4;
        if (left < size) return -1;
        if (wide) out.s(Long.toUnsignedString(u64(o)));
        else out.u32(u32(o));
        return size;
    }
}
