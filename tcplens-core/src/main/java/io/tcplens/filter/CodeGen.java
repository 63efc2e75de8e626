package io.tcplens.filter;

import io.tcplens.capture.LinkType;
import io.tcplens.filter.Ast.Qual;
import io.tcplens.filter.Eval.Cond;
import io.tcplens.filter.Lexer.T;

import java.util.List;

/**
 * Turns the syntax tree into evaluators for one link type, following libpcap's gencode.c: the same
 * offsets (which 'vlan', 'mpls' and 'pppoes' shift for everything generated after them, in
 * expression order), the same tests in the same order, and the effects of libpcap's optimizer that
 * change results (constant folding, dead loads, constant indexes that wrap around).
 */
final class CodeGen {
    static final int ETHERTYPE_IP = 0x0800, ETHERTYPE_ARP = 0x0806, ETHERTYPE_REVARP = 0x8035,
            ETHERTYPE_IPV6 = 0x86dd, ETHERTYPE_ATALK = 0x809b, ETHERTYPE_AARP = 0x80f3, ETHERTYPE_DN = 0x6003,
            ETHERTYPE_SCA = 0x6007, ETHERTYPE_LAT = 0x6004, ETHERTYPE_MOPDL = 0x6001, ETHERTYPE_MOPRC = 0x6002,
            ETHERTYPE_IPX = 0x8137, ETHERTYPE_8021Q = 0x8100, ETHERTYPE_8021AD = 0x88a8,
            ETHERTYPE_8021QINQ = 0x9100, ETHERTYPE_MPLS = 0x8847, ETHERTYPE_PPPOED = 0x8863,
            ETHERTYPE_PPPOES = 0x8864, ETHERTYPE_NS = 0x0600;
    static final int LLCSAP_ISONS = 0xfe, LLCSAP_IP = 0x06, LLCSAP_NETBEUI = 0xf0, LLCSAP_IPX = 0xe0,
            LLCSAP_8021D = 0x42;
    static final int ETHERMTU = 1500;
    static final int DLT_PPP = 9; // internal: after 'pppoes'
    static final long NOT_SET = -1;

    /** How DLT_NULL's host-byte-order AF word is matched. */
    enum NullOrder { LITTLE, BIG, EITHER }

    private final NullOrder nullOrder;
    private final String expression;
    // compiler state (cstate in gencode.c)
    private int linktype;
    private long offLinkhdr, offLinktype, offLinkpl, offNl;
    private int labelDepth, vlanDepth;

    CodeGen(int linkType, NullOrder nullOrder, String expression) throws FilterException {
        this.nullOrder = nullOrder;
        this.expression = expression;
        this.linktype = linkType;
        switch (linkType) {
            case LinkType.ETHERNET -> { offLinktype = 12; offLinkpl = 14; }
            case LinkType.NULL, LinkType.LOOP -> { offLinktype = 0; offLinkpl = 4; }
            case LinkType.RAW, LinkType.RAW_BSD12, LinkType.RAW_BSD14, LinkType.IPV4, LinkType.IPV6 -> {
                offLinktype = NOT_SET; offLinkpl = 0;
            }
            case LinkType.LINUX_SLL -> { offLinktype = 14; offLinkpl = 16; }
            case LinkType.LINUX_SLL2 -> { offLinktype = 0; offLinkpl = 20; }
            default -> throw new FilterException("filters are not supported for link type " + linkType
                    + " (" + LinkType.dltName(linkType) + "); tcplens supports Ethernet, NULL, LOOP, raw IP, "
                    + "IPv4, IPv6 and Linux cooked (SLL, SLL2) captures");
        }
        if (linkType == LinkType.RAW_BSD12 || linkType == LinkType.RAW_BSD14) this.linktype = LinkType.RAW;
        offLinkhdr = 0;
        offNl = 0;
    }

    // ------------------------------------------------------------------ helpers

    private static FilterException err(String m) { return new FilterException(m); }

    // Constant folding keeps BPF's semantics: a constant-false right operand of 'and' makes the
    // result false whatever the left does (an out-of-bounds load rejects too), and so on.
    private static Cond and(Cond a, Cond b) {
        if (a == null) return b;
        if (b == null) return a;
        if (a == Eval.Const.FALSE || b == Eval.Const.FALSE) return Eval.Const.FALSE;
        if (a == Eval.Const.TRUE) return b;
        if (b == Eval.Const.TRUE) return a;
        return new Eval.And(a, b);
    }

    private static Cond or(Cond a, Cond b) {
        if (a == Eval.Const.TRUE) return a;
        if (a == Eval.Const.FALSE) return b;
        if (b == Eval.Const.FALSE) return a;
        return new Eval.Or(a, b);
    }

    private static Cond not(Cond a) {
        if (a instanceof Eval.Const c) return Eval.Const.of(!c.v);
        return new Eval.Not(a);
    }

    private static long u32(long v) { return v & 0xFFFFFFFFL; }

    /** gen_ncmp at an absolute offset: (load & mask) OP k, with the optimizer's "and #0" folding. */
    private static Cond cmp(long off, int size, long mask, int op, long k) {
        int m = (int) mask;
        if (m == 0) return Eval.Const.of(Eval.jump(op, 0, (int) k));
        if (size == 4) {
            // nothing special
        } else if (size == 2) {
            m &= 0xFFFF;
        } else {
            m &= 0xFF;
        }
        int full = size == 4 ? -1 : size == 2 ? 0xFFFF : 0xFF;
        if (op == Eval.JEQ && m == full && off >= 0) {
            if (size == 2) return new Eval.HalfEq(u32(off), (int) k);
            if (size == 1) return new Eval.ByteEq(u32(off), (int) k);
        }
        return new Eval.Cmp(u32(off), size, m == full ? -1 : m, op, (int) k);
    }

    private static Cond eq(long off, int size, long k) { return cmp(off, size, 0xFFFFFFFFL, Eval.JEQ, k); }

    private long linkpl(long off) { return offLinkpl + offNl + off; }

    private String linkDescription() {
        return linktype == DLT_PPP ? "PPP" : LinkType.description(linktype);
    }

    // ------------------------------------------------------------------ link types

    Cond linktype(int p) throws FilterException {
        if (labelDepth > 0) return mplsLinktype(p);
        switch (linktype) {
            case LinkType.ETHERNET:
                return etherLinktype(p);
            case LinkType.LINUX_SLL:
                return sllLinktype(p);
            case LinkType.RAW:
                if (p == ETHERTYPE_IP) return cmp(offLinkhdr, 1, 0xF0, Eval.JEQ, 0x40);
                if (p == ETHERTYPE_IPV6) return cmp(offLinkhdr, 1, 0xF0, Eval.JEQ, 0x60);
                return Eval.Const.FALSE;
            case LinkType.IPV4:
                return Eval.Const.of(p == ETHERTYPE_IP);
            case LinkType.IPV6:
                return Eval.Const.of(p == ETHERTYPE_IPV6);
            case DLT_PPP:
                return eq(offLinktype, 2, pppType(p));
            case LinkType.NULL:
            case LinkType.LOOP:
                if (p == ETHERTYPE_IP) return loopback(2);
                if (p == ETHERTYPE_IPV6) {
                    Cond b1 = or(loopback(24), loopback(28));
                    return or(loopback(30), b1);
                }
                return Eval.Const.FALSE;
            default: // LINUX_SLL2 and anything with a plain 16-bit type field
                return eq(offLinktype, 2, p);
        }
    }

    private Cond loopback(int af) {
        if (linktype == LinkType.LOOP) return eq(offLinkhdr, 4, af);
        int swapped = Integer.reverseBytes(af);
        return switch (nullOrder) {
            case LITTLE -> eq(offLinkhdr, 4, u32(swapped));
            case BIG -> eq(offLinkhdr, 4, af);
            case EITHER -> or(eq(offLinkhdr, 4, u32(swapped)), eq(offLinkhdr, 4, af));
        };
    }

    private static int pppType(int p) {
        return switch (p) {
            case ETHERTYPE_IP -> 0x0021;
            case ETHERTYPE_IPV6 -> 0x0057;
            case ETHERTYPE_DN -> 0x0027;
            case ETHERTYPE_ATALK -> 0x0029;
            case ETHERTYPE_NS -> 0x0025;
            case LLCSAP_ISONS -> 0x0023;
            case LLCSAP_8021D -> 0x0031;
            case LLCSAP_IPX -> 0x002b;
            default -> p;
        };
    }

    /** gen_bcmp: compares bytes in 4-byte then 2-byte then 1-byte pieces, from the end. */
    private static Cond bcmp(long off, byte[] v) {
        Cond b = null;
        int size = v.length;
        while (size >= 4) {
            int p = size - 4;
            long w = ((v[p] & 0xFFL) << 24) | ((v[p + 1] & 0xFFL) << 16) | ((v[p + 2] & 0xFFL) << 8) | (v[p + 3] & 0xFFL);
            b = and(b, eq(off + p, 4, w));
            size -= 4;
        }
        while (size >= 2) {
            int p = size - 2;
            b = and(b, eq(off + p, 2, ((v[p] & 0xFF) << 8) | (v[p + 1] & 0xFF)));
            size -= 2;
        }
        if (size > 0) b = and(b, eq(off, 1, v[0] & 0xFF));
        return b;
    }

    private Cond snap(long orgcode, int ptype) {
        byte[] s = {(byte) 0xaa, (byte) 0xaa, 0x03, (byte) (orgcode >> 16), (byte) (orgcode >> 8), (byte) orgcode,
                (byte) (ptype >> 8), (byte) ptype};
        return bcmp(offLinkpl, s);
    }

    private Cond etherLinktype(int p) {
        long lt = offLinktype;
        switch (p) {
            case LLCSAP_ISONS, LLCSAP_IP, LLCSAP_NETBEUI -> {
                return and(not(cmp(lt, 2, 0xFFFFFFFFL, Eval.JGT, ETHERMTU)), eq(offLinkpl, 2, (p << 8) | p));
            }
            case LLCSAP_IPX -> {
                Cond b1 = or(eq(offLinkpl, 1, LLCSAP_IPX), eq(offLinkpl, 2, 0xFFFF));
                b1 = or(snap(0, ETHERTYPE_IPX), b1);
                b1 = and(not(cmp(lt, 2, 0xFFFFFFFFL, Eval.JGT, ETHERMTU)), b1);
                return or(eq(lt, 2, ETHERTYPE_IPX), b1);
            }
            case ETHERTYPE_ATALK, ETHERTYPE_AARP -> {
                Cond b1 = p == ETHERTYPE_ATALK ? snap(0x080007, ETHERTYPE_ATALK) : snap(0, ETHERTYPE_AARP);
                b1 = and(not(cmp(lt, 2, 0xFFFFFFFFL, Eval.JGT, ETHERMTU)), b1);
                return or(eq(lt, 2, p), b1);
            }
            default -> {
                if (p <= ETHERMTU) {
                    return and(not(cmp(lt, 2, 0xFFFFFFFFL, Eval.JGT, ETHERMTU)), eq(lt + 2, 1, p));
                }
                return eq(lt, 2, p);
            }
        }
    }

    private Cond sllLinktype(int p) {
        long lt = offLinktype;
        switch (p) {
            case LLCSAP_ISONS, LLCSAP_IP, LLCSAP_NETBEUI -> {
                return and(eq(lt, 2, 4), eq(offLinkpl, 2, (p << 8) | p));
            }
            case LLCSAP_IPX -> {
                Cond b1 = or(eq(offLinkpl, 1, LLCSAP_IPX), snap(0, ETHERTYPE_IPX));
                b1 = and(eq(lt, 2, 4), b1);
                b1 = or(eq(lt, 2, 1), b1);
                return or(eq(lt, 2, ETHERTYPE_IPX), b1);
            }
            case ETHERTYPE_ATALK, ETHERTYPE_AARP -> {
                Cond b1 = p == ETHERTYPE_ATALK ? snap(0x080007, ETHERTYPE_ATALK) : snap(0, ETHERTYPE_AARP);
                b1 = and(eq(lt, 2, 4), b1);
                return or(eq(lt, 2, p), b1);
            }
            default -> {
                if (p <= ETHERMTU) return and(eq(lt, 2, 4), eq(offLinkhdr + offLinkpl, 1, p));
                return eq(lt, 2, p);
            }
        }
    }

    private Cond mplsLinktype(int p) throws FilterException {
        int ver;
        if (p == ETHERTYPE_IP) ver = 0x40;
        else if (p == ETHERTYPE_IPV6) ver = 0x60;
        else throw err("unsupported protocol over mpls");
        Cond b0 = cmp(u32(linkpl(-2)), 1, 0x01, Eval.JEQ, 0x01);
        Cond b1 = cmp(linkpl(0), 1, 0xF0, Eval.JEQ, ver);
        return and(b0, b1);
    }

    // ------------------------------------------------------------------ protocols

    private Cond ipfrag() {
        return not(cmp(linkpl(6), 2, 0xFFFFFFFFL, Eval.JSET, 0x1fff));
    }

    Cond protoAbbrev(T p) throws FilterException {
        return switch (p) {
            case SCTP -> proto(132, null, Ast.Q_DEFAULT);
            case TCP -> proto(6, null, Ast.Q_DEFAULT);
            case UDP -> proto(17, null, Ast.Q_DEFAULT);
            case ICMP -> proto(1, T.IP, Ast.Q_DEFAULT);
            case IGMP -> proto(2, T.IP, Ast.Q_DEFAULT);
            case IGRP -> proto(9, T.IP, Ast.Q_DEFAULT);
            case PIM -> proto(103, null, Ast.Q_DEFAULT);
            case VRRP, CARP -> proto(112, T.IP, Ast.Q_DEFAULT);
            case IP -> linktype(ETHERTYPE_IP);
            case ARP -> linktype(ETHERTYPE_ARP);
            case RARP -> linktype(ETHERTYPE_REVARP);
            case LINK -> throw err("link layer applied in wrong context");
            case ATALK -> linktype(ETHERTYPE_ATALK);
            case AARP -> linktype(ETHERTYPE_AARP);
            case DECNET -> linktype(ETHERTYPE_DN);
            case SCA -> linktype(ETHERTYPE_SCA);
            case LAT -> linktype(ETHERTYPE_LAT);
            case MOPDL -> linktype(ETHERTYPE_MOPDL);
            case MOPRC -> linktype(ETHERTYPE_MOPRC);
            case IPV6 -> linktype(ETHERTYPE_IPV6);
            case ICMPV6 -> proto(58, T.IPV6, Ast.Q_DEFAULT);
            case AH -> proto(51, null, Ast.Q_DEFAULT);
            case ESP -> proto(50, null, Ast.Q_DEFAULT);
            case ISO -> linktype(LLCSAP_ISONS);
            case STP -> linktype(LLCSAP_8021D);
            case IPX -> linktype(LLCSAP_IPX);
            case NETBEUI -> linktype(LLCSAP_NETBEUI);
            case RADIO -> throw err("'radio' is not a valid protocol type");
            default -> throw err("'" + name(p) + "' (OSI/IS-IS) filters are not supported by tcplens");
        };
    }

    static String name(T p) {
        return p == null ? "" : switch (p) {
            case LINK -> "link"; case IPV6 -> "ip6"; case ICMPV6 -> "icmp6";
            default -> p.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** gen_proto. */
    Cond proto(long v, T proto, int dir) throws FilterException {
        if (dir != Ast.Q_DEFAULT) throw err("direction applied to 'proto'");
        if (proto == null) {
            Cond b0 = proto(v, T.IP, dir);
            Cond b1 = proto(v, T.IPV6, dir);
            return or(b0, b1);
        }
        switch (proto) {
            case LINK:
                return linktype((int) v);
            case IP:
                return and(linktype(ETHERTYPE_IP), eq(linkpl(9), 1, v));
            case IPV6: {
                Cond b0 = linktype(ETHERTYPE_IPV6);
                Cond b1 = and(eq(linkpl(6), 1, 44), eq(linkpl(40), 1, v));
                b1 = or(eq(linkpl(6), 1, v), b1);
                return and(b0, b1);
            }
            case ARP: throw err("arp does not encapsulate another protocol");
            case RARP: throw err("rarp does not encapsulate another protocol");
            case ATALK: throw err("AppleTalk encapsulation is not specifiable");
            case DECNET: throw err("DECNET encapsulation is not specifiable");
            case LAT: throw err("LAT does not encapsulate another protocol");
            case SCA: throw err("SCA does not encapsulate another protocol");
            case MOPRC: throw err("MOPRC does not encapsulate another protocol");
            case MOPDL: throw err("MOPDL does not encapsulate another protocol");
            case ISO: case ISIS: case CLNP: case ESIS: case L1: case L2: case IIH: case LSP: case SNP: case CSNP:
            case PSNP:
                throw err("OSI/IS-IS 'proto' filters are not supported by tcplens");
            default:
                throw err("'" + name(proto) + " proto' is bogus");
        }
    }

    // ------------------------------------------------------------------ hosts

    private Cond hostop(long addr, long mask, int dir, int llProto, int srcOff, int dstOff) throws FilterException {
        switch (dir) {
            case Ast.D_SRC, Ast.D_DST -> {
                Cond b0 = linktype(llProto);
                Cond b1 = cmp(linkpl(dir == Ast.D_SRC ? srcOff : dstOff), 4, mask, Eval.JEQ, addr);
                return and(b0, b1);
            }
            case Ast.D_AND -> {
                return and(hostop(addr, mask, Ast.D_SRC, llProto, srcOff, dstOff),
                        hostop(addr, mask, Ast.D_DST, llProto, srcOff, dstOff));
            }
            case Ast.Q_DEFAULT, Ast.D_OR -> {
                return or(hostop(addr, mask, Ast.D_SRC, llProto, srcOff, dstOff),
                        hostop(addr, mask, Ast.D_DST, llProto, srcOff, dstOff));
            }
            default -> throw err(wlanQualifierError(dir, "addresses other than 802.11 MAC addresses"));
        }
    }

    private static String wlanQualifierError(int dir, String what) {
        return switch (dir) {
            case Ast.D_ADDR1 -> "'addr1' and 'address1' are not valid qualifiers for " + what;
            case Ast.D_ADDR2 -> "'addr2' and 'address2' are not valid qualifiers for " + what;
            case Ast.D_ADDR3 -> "'addr3' and 'address3' are not valid qualifiers for " + what;
            case Ast.D_ADDR4 -> "'addr4' and 'address4' are not valid qualifiers for " + what;
            case Ast.D_RA -> "'ra' is not a valid qualifier for " + what;
            default -> "'ta' is not a valid qualifier for " + what;
        };
    }

    Cond host(long addr, long mask, T proto, int dir, int type) throws FilterException {
        String typestr = type == Ast.A_NET ? "net" : "host";
        if (proto == null) {
            Cond b0 = host(addr, mask, T.IP, dir, type);
            if (labelDepth == 0) {
                Cond b1 = host(addr, mask, T.ARP, dir, type);
                b1 = or(b0, b1);
                b0 = host(addr, mask, T.RARP, dir, type);
                b0 = or(b1, b0);
            }
            return b0;
        }
        return switch (proto) {
            case LINK -> throw err("link-layer modifier applied to " + typestr);
            case IP -> hostop(addr, mask, dir, ETHERTYPE_IP, 12, 16);
            case RARP -> hostop(addr, mask, dir, ETHERTYPE_REVARP, 14, 24);
            case ARP -> hostop(addr, mask, dir, ETHERTYPE_ARP, 14, 24);
            case ATALK -> throw err("AppleTalk host filtering not implemented");
            case DECNET -> throw err("DECnet host filtering is not supported by tcplens");
            case LAT -> throw err("LAT host filtering not implemented");
            case SCA -> throw err("SCA host filtering not implemented");
            case MOPRC -> throw err("MOPRC host filtering not implemented");
            case MOPDL -> throw err("MOPDL host filtering not implemented");
            case IPV6 -> throw err("'ip6' modifier applied to ip host");
            case AARP -> throw err("AARP host filtering not implemented");
            case ISO -> throw err("ISO host filtering not implemented");
            case IPX -> throw err("IPX host filtering not implemented");
            default -> throw err("'" + name(proto) + "' modifier applied to " + typestr);
        };
    }

    private Cond hostop6(byte[] addr, byte[] mask, int dir, int srcOff, int dstOff) throws FilterException {
        switch (dir) {
            case Ast.D_SRC, Ast.D_DST -> {
                int off = dir == Ast.D_SRC ? srcOff : dstOff;
                Cond b1 = word6(addr, mask, off, 12);
                b1 = and(word6(addr, mask, off, 8), b1);
                b1 = and(word6(addr, mask, off, 4), b1);
                b1 = and(word6(addr, mask, off, 0), b1);
                return and(linktype(ETHERTYPE_IPV6), b1);
            }
            case Ast.D_AND -> {
                return and(hostop6(addr, mask, Ast.D_SRC, srcOff, dstOff), hostop6(addr, mask, Ast.D_DST, srcOff, dstOff));
            }
            case Ast.Q_DEFAULT, Ast.D_OR -> {
                return or(hostop6(addr, mask, Ast.D_SRC, srcOff, dstOff), hostop6(addr, mask, Ast.D_DST, srcOff, dstOff));
            }
            default -> throw err(wlanQualifierError(dir, "addresses other than 802.11 MAC addresses"));
        }
    }

    private Cond word6(byte[] a, byte[] m, int off, int i) {
        long av = ((a[i] & 0xFFL) << 24) | ((a[i + 1] & 0xFFL) << 16) | ((a[i + 2] & 0xFFL) << 8) | (a[i + 3] & 0xFFL);
        long mv = ((m[i] & 0xFFL) << 24) | ((m[i + 1] & 0xFFL) << 16) | ((m[i + 2] & 0xFFL) << 8) | (m[i + 3] & 0xFFL);
        Cond c = cmp(linkpl(off + i), 4, mv, Eval.JEQ, av);
        return c instanceof Eval.Const k && k.v ? null : c;
    }

    Cond host6(byte[] addr, byte[] mask, T proto, int dir, int type) throws FilterException {
        String typestr = type == Ast.A_NET ? "net" : "host";
        if (proto == null || proto == T.IPV6) return hostop6(addr, mask, dir, 8, 24);
        if (proto == T.LINK) throw err("link-layer modifier applied to ip6 " + typestr);
        if (proto == T.ATALK) throw err("AppleTalk modifier applied to ip6 " + typestr);
        throw err("'" + name(proto) + "' modifier applied to ip6 " + typestr);
    }

    private Cond ehostop(byte[] e, int dir) throws FilterException {
        return switch (dir) {
            case Ast.D_SRC -> bcmp(offLinkhdr + 6, e);
            case Ast.D_DST -> bcmp(offLinkhdr, e);
            case Ast.D_AND -> and(ehostop(e, Ast.D_SRC), ehostop(e, Ast.D_DST));
            case Ast.Q_DEFAULT, Ast.D_OR -> or(ehostop(e, Ast.D_SRC), ehostop(e, Ast.D_DST));
            case Ast.D_ADDR1 -> throw err("'addr1' and 'address1' are only supported on 802.11 with 802.11 headers");
            case Ast.D_ADDR2 -> throw err("'addr2' and 'address2' are only supported on 802.11 with 802.11 headers");
            case Ast.D_ADDR3 -> throw err("'addr3' and 'address3' are only supported on 802.11 with 802.11 headers");
            case Ast.D_ADDR4 -> throw err("'addr4' and 'address4' are only supported on 802.11 with 802.11 headers");
            case Ast.D_RA -> throw err("'ra' is only supported on 802.11 with 802.11 headers");
            default -> throw err("'ta' is only supported on 802.11 with 802.11 headers");
        };
    }

    // ------------------------------------------------------------------ ports

    private Cond portAtom(long off, int port) {
        return new Eval.TransCmp(linkpl(0), off, 2, Eval.JEQ, port);
    }

    private Cond portRangeAtom(long off, long v1, long v2) {
        if (v1 > v2) { long t = v1; v1 = v2; v2 = t; }
        Cond b1 = new Eval.TransCmp(linkpl(0), off, 2, Eval.JGE, (int) v1);
        Cond b2 = not(new Eval.TransCmp(linkpl(0), off, 2, Eval.JGT, (int) v2));
        return and(b1, b2);
    }

    private Cond portRangeAtom6(long off, long v1, long v2) {
        if (v1 > v2) { long t = v1; v1 = v2; v2 = t; }
        Cond b1 = cmp(linkpl(40 + off), 2, 0xFFFFFFFFL, Eval.JGE, v1);
        Cond b2 = not(cmp(linkpl(40 + off), 2, 0xFFFFFFFFL, Eval.JGT, v2));
        return and(b1, b2);
    }

    private Cond dirCombine(int dir, Cond src, Cond dst, String what) throws FilterException {
        return switch (dir) {
            case Ast.D_SRC -> src;
            case Ast.D_DST -> dst;
            case Ast.D_AND -> and(src, dst);
            case Ast.Q_DEFAULT, Ast.D_OR -> or(src, dst);
            default -> throw err(wlanQualifierError(dir, what));
        };
    }

    private Cond portop(long p1, long p2, boolean range, int proto, int dir) throws FilterException {
        Cond b0 = and(eq(linkpl(9), 1, proto), ipfrag());
        Cond src = range ? portRangeAtom(0, p1, p2) : portAtom(0, (int) p1);
        Cond dst = range ? portRangeAtom(2, p1, p2) : portAtom(2, (int) p1);
        Cond b1 = dirCombine(dir, src, dst, range ? "port ranges" : "ports");
        return and(b0, b1);
    }

    private Cond portop6(long p1, long p2, boolean range, int proto, int dir) throws FilterException {
        Cond b0 = eq(linkpl(6), 1, proto);
        Cond src = range ? portRangeAtom6(0, p1, p2) : eq(linkpl(40), 2, p1);
        Cond dst = range ? portRangeAtom6(2, p1, p2) : eq(linkpl(42), 2, p1);
        Cond b1 = dirCombine(dir, src, dst, range ? "port ranges" : "ports");
        return and(b0, b1);
    }

    /** gen_port/gen_portrange then gen_port6/gen_portrange6, or'ed with the IPv6 test first. */
    private Cond ports(long p1, long p2, boolean range, int ipProto, int dir) throws FilterException {
        Cond v4b0 = linktype(ETHERTYPE_IP);
        Cond v4b1;
        if (ipProto == Addresses.PROTO_UNDEF) {
            Cond t = portop(p1, p2, range, 6, dir);
            v4b1 = or(t, portop(p1, p2, range, 17, dir));
            v4b1 = or(portop(p1, p2, range, 132, dir), v4b1);
        } else {
            v4b1 = portop(p1, p2, range, ipProto, dir);
        }
        Cond v4 = and(v4b0, v4b1);
        Cond v6b0 = linktype(ETHERTYPE_IPV6);
        Cond v6b1;
        if (ipProto == Addresses.PROTO_UNDEF) {
            Cond t = portop6(p1, p2, range, 6, dir);
            v6b1 = or(t, portop6(p1, p2, range, 17, dir));
            v6b1 = or(portop6(p1, p2, range, 132, dir), v6b1);
        } else {
            v6b1 = portop6(p1, p2, range, ipProto, dir);
        }
        Cond v6 = and(v6b0, v6b1);
        return or(v6, v4);
    }

    private static int portProto(T proto, boolean range) throws FilterException {
        if (proto == null) return Addresses.PROTO_UNDEF;
        return switch (proto) {
            case TCP -> 6;
            case UDP -> 17;
            case SCTP -> 132;
            default -> throw err(range ? "illegal qualifier of 'portrange'" : "illegal qualifier of 'port'");
        };
    }

    // ------------------------------------------------------------------ ids

    private FilterSyntaxException undefQualifier(int pos) {
        return new FilterSyntaxException(pos, "a qualifier ('host', 'net', 'port', ...) before this address");
    }

    Cond id(Ast.Id id) throws FilterException {
        Qual q = id.q();
        switch (id.kind()) {
            case NUM:
                return ncode(null, id.num(), q, id.pos());
            case HID:
                switch (q.addr()) {
                    case Ast.A_PORT -> throw err("'port' modifier applied to ip host");
                    case Ast.A_PORTRANGE -> throw err("'portrange' modifier applied to ip host");
                    case Ast.A_PROTO -> throw err("'proto' modifier applied to ip host");
                    case Ast.A_PROTOCHAIN -> throw err("'protochain' modifier applied to ip host");
                    default -> { }
                }
                return ncode(id.s1(), 0, q, id.pos());
            case HID_LEN:
                return mcode(id.s1(), null, id.num(), q);
            case HID_MASK:
                return mcode(id.s1(), id.s2(), 0, q);
            case HID6:
            case HID6_LEN:
                return mcode6(id.s1(), id.num(), q);
            case EID:
                return ecode(id.s1(), q);
            case AID:
                throw err("aid supported only on ARCnet");
            default:
                return scode(id.s1(), q, id.pos());
        }
    }

    private Cond ncode(String s, long v, Qual q, int pos) throws FilterException {
        if (q.undef()) throw undefQualifier(pos);
        T proto = q.proto();
        int dir = q.dir();
        int vlen;
        if (s == null) {
            vlen = 32;
        } else if (proto == T.DECNET) {
            throw err("DECnet addresses are not supported by tcplens");
        } else {
            long[] a = Addresses.atoin(s);
            if (a == null) throw err("invalid IPv4 address '" + s + "'");
            v = a[0];
            vlen = (int) a[1];
        }
        switch (q.addr()) {
            case Ast.Q_DEFAULT, Ast.A_HOST, Ast.A_NET -> {
                if (proto == T.DECNET) throw err("DECnet addresses are not supported by tcplens");
                if (proto == T.LINK) throw err("illegal link layer address");
                long mask = 0xFFFFFFFFL;
                if (s == null && q.addr() == Ast.A_NET) {
                    while (v != 0 && (v & 0xFF000000L) == 0) {
                        v = u32(v << 8);
                        mask = u32(mask << 8);
                    }
                } else {
                    v = vlen == 0 ? 0 : u32(v << (32 - vlen));
                    mask = vlen == 0 ? 0 : u32(mask << (32 - vlen));
                }
                return host(v, mask, proto, dir, q.addr());
            }
            case Ast.A_PORT, Ast.A_PORTRANGE -> {
                boolean range = q.addr() == Ast.A_PORTRANGE;
                int p = portProto(proto, range);
                if (v > 65535) throw err("illegal port number " + v + " > 65535");
                return ports(v, v, range, p, dir);
            }
            case Ast.A_GATEWAY -> throw err("'gateway' requires a name");
            case Ast.A_PROTO -> {
                return proto(v, proto, dir);
            }
            case Ast.A_PROTOCHAIN -> throw err("'protochain' is not supported by tcplens");
            default -> throw undefQualifier(pos);
        }
    }

    private Cond mcode(String s1, String s2, long masklen, Qual q) throws FilterException {
        long[] a = Addresses.atoin(s1);
        if (a == null) throw err("invalid IPv4 address '" + s1 + "'");
        long n = u32(a[0] << (32 - a[1]));
        long m;
        if (s2 != null) {
            long[] b = Addresses.atoin(s2);
            if (b == null) throw err("invalid IPv4 address '" + s2 + "'");
            m = u32(b[0] << (32 - b[1]));
            if ((n & ~m & 0xFFFFFFFFL) != 0) throw err("non-network bits set in \"" + s1 + " mask " + s2 + "\"");
        } else {
            if (masklen > 32) throw err("mask length must be <= 32");
            m = masklen == 0 ? 0 : u32(0xFFFFFFFFL << (32 - masklen));
            if ((n & ~m & 0xFFFFFFFFL) != 0) throw err("non-network bits set in \"" + s1 + "/" + masklen + "\"");
        }
        if (q.addr() == Ast.A_NET) return host(n, m, q.proto(), q.dir(), q.addr());
        throw err("Mask syntax for networks only");
    }

    private Cond mcode6(String s1, long masklen, Qual q) throws FilterException {
        byte[] addr = Addresses.parseIPv6(s1);
        if (addr == null) throw err("invalid ip6 address " + s1);
        if (masklen > 128) throw err("mask length must be <= 128");
        byte[] mask = new byte[16];
        for (int i = 0; i < masklen / 8; i++) mask[i] = (byte) 0xFF;
        if (masklen % 8 != 0) mask[(int) (masklen / 8)] = (byte) (0xFF << (8 - masklen % 8));
        for (int i = 0; i < 16; i++) {
            if ((addr[i] & ~mask[i]) != 0) throw err("non-network bits set in \"" + s1 + "/" + masklen + "\"");
        }
        switch (q.addr()) {
            case Ast.Q_DEFAULT, Ast.A_HOST -> {
                if (masklen != 128) throw err("Mask syntax for networks only");
                return host6(addr, mask, q.proto(), q.dir(), q.addr());
            }
            case Ast.A_NET -> {
                return host6(addr, mask, q.proto(), q.dir(), q.addr());
            }
            default -> throw err("invalid qualifier against IPv6 address");
        }
    }

    private Cond ecode(String s, Qual q) throws FilterException {
        if ((q.addr() == Ast.A_HOST || q.addr() == Ast.Q_DEFAULT) && q.proto() == T.LINK) {
            if (linktype != LinkType.ETHERNET) {
                throw err("ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel");
            }
            return ehostop(Addresses.etherAton(s), q.dir());
        }
        throw err("ethernet address used in non-ether expression");
    }

    private Cond scode(String name, Qual q, int pos) throws FilterException {
        if (q.undef()) throw undefQualifier(pos);
        T proto = q.proto();
        int dir = q.dir();
        switch (q.addr()) {
            case Ast.A_NET -> throw err("unknown network '" + name + "'");
            case Ast.Q_DEFAULT, Ast.A_HOST -> {
                if (proto == T.LINK) {
                    if (linktype == LinkType.ETHERNET) throw err("unknown ether host '" + name + "'");
                    throw err("only ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel supports link-level host name");
                }
                if (proto == T.DECNET) throw err("DECnet host names are not supported by tcplens");
                List<byte[]> addrs = Addresses.hostAddresses(name);
                if (addrs.isEmpty()) throw err("unknown host '" + name + "'");
                T tproto = proto, tproto6 = proto;
                if (offLinktype == NOT_SET && proto == null) {
                    tproto = T.IP;
                    tproto6 = T.IPV6;
                }
                Cond b = null;
                byte[] all = new byte[16];
                java.util.Arrays.fill(all, (byte) 0xFF);
                for (byte[] a : addrs) {
                    Cond tmp;
                    if (a.length == 4) {
                        if (tproto == T.IPV6) continue;
                        long v = ((a[0] & 0xFFL) << 24) | ((a[1] & 0xFFL) << 16) | ((a[2] & 0xFFL) << 8) | (a[3] & 0xFFL);
                        tmp = host(v, 0xFFFFFFFFL, tproto, dir, q.addr());
                    } else {
                        if (tproto6 == T.IP) continue;
                        tmp = host6(a, all, tproto6, dir, q.addr());
                    }
                    b = b == null ? tmp : or(b, tmp);
                }
                if (b == null) {
                    throw err("unknown host '" + name + "'" + (proto == null ? "" : " for specified address family"));
                }
                return b;
            }
            case Ast.A_PORT -> {
                if (proto != null && proto != T.UDP && proto != T.TCP && proto != T.SCTP) {
                    throw err("illegal qualifier of 'port'");
                }
                int[] pp = Addresses.port(name);
                if (pp == null) throw err("unknown port '" + name + "'");
                int real = checkPortProto(proto, pp[1], "port '" + name + "'");
                if (pp[0] < 0) throw err("illegal port number " + pp[0] + " < 0");
                if (pp[0] > 65535) throw err("illegal port number " + pp[0] + " > 65535");
                return ports(pp[0], pp[0], false, real, dir);
            }
            case Ast.A_PORTRANGE -> {
                if (proto != null && proto != T.UDP && proto != T.TCP && proto != T.SCTP) {
                    throw err("illegal qualifier of 'portrange'");
                }
                int[] pp = Addresses.portRange(name);
                if (pp == null) throw err("unknown port in range '" + name + "'");
                int real = checkPortProto(proto, pp[2], "port in range '" + name + "'");
                for (int i = 0; i < 2; i++) {
                    if (pp[i] < 0) throw err("illegal port number " + pp[i] + " < 0");
                    if (pp[i] > 65535) throw err("illegal port number " + pp[i] + " > 65535");
                }
                return ports(pp[0], pp[1], true, real, dir);
            }
            case Ast.A_GATEWAY -> throw err("'gateway' not supported in this configuration");
            case Ast.A_PROTO -> {
                int v;
                if (proto == null || proto == T.IP || proto == T.IPV6) {
                    v = Addresses.ipProto(name);
                    if (v == Addresses.PROTO_UNDEF) throw err("unknown ip proto '" + name + "'");
                } else if (proto == T.LINK) {
                    v = Addresses.etherProto(name);
                    if (v == Addresses.PROTO_UNDEF) throw err("unknown ether proto '" + name + "'");
                } else if (proto == T.ISO) {
                    throw err("OSI protocols are not supported by tcplens");
                } else {
                    throw err("unknown protocol: " + name);
                }
                return proto(v, proto, dir);
            }
            case Ast.A_PROTOCHAIN -> throw err("'protochain' is not supported by tcplens");
            default -> throw undefQualifier(pos);
        }
    }

    private static int checkPortProto(T proto, int real, String what) throws FilterException {
        if (proto == T.UDP) {
            if (real == 6) throw err(what + " is tcp");
            if (real == 132) throw err(what + " is sctp");
            return 17;
        }
        if (proto == T.TCP) {
            if (real == 17) throw err(what + " is udp");
            if (real == 132) throw err(what + " is sctp");
            return 6;
        }
        if (proto == T.SCTP) {
            if (real == 17) throw err(what + " is udp");
            if (real == 6) throw err(what + " is tcp");
            return 132;
        }
        return real;
    }

    // ------------------------------------------------------------------ others

    Cond other(Ast.Other o) throws FilterException {
        switch (o.kind()) {
            case TK_BROADCAST -> {
                T p = o.pqual();
                if (p == null || p == T.LINK) {
                    if (linktype == LinkType.ETHERNET) {
                        byte[] ff = {-1, -1, -1, -1, -1, -1};
                        return ehostop(ff, Ast.D_DST);
                    }
                    throw err("not a broadcast link");
                }
                if (p == T.IP) throw err("netmask not known, so 'ip broadcast' not supported");
                throw err("only link-layer/IP broadcast filters supported");
            }
            case TK_MULTICAST -> {
                T p = o.pqual();
                if ((p == null || p == T.LINK) && linktype == LinkType.ETHERNET) {
                    return cmp(offLinkhdr, 1, 0xFFFFFFFFL, Eval.JSET, 1);
                }
                if (p == T.IP) return and(linktype(ETHERTYPE_IP), cmp(linkpl(16), 1, 0xFFFFFFFFL, Eval.JGE, 224));
                if (p == T.IPV6) return and(linktype(ETHERTYPE_IPV6), eq(linkpl(24), 1, 255));
                throw err("link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel");
            }
            case LESS -> {
                return not(new Eval.LenCmp(Eval.JGT, (int) o.num()));
            }
            case GREATER -> {
                return new Eval.LenCmp(Eval.JGE, (int) o.num());
            }
            case CBYTE -> {
                long idx = o.num();
                long val = o.num2();
                return switch (o.op()) {
                    case EQ -> eq(offLinkhdr + idx, 1, val);
                    case LT -> not(cmp(offLinkhdr + idx, 1, 0xFFFFFFFFL, Eval.JGE, val));
                    case GT -> cmp(offLinkhdr + idx, 1, 0xFFFFFFFFL, Eval.JGT, val);
                    default -> throw err("'byte " + idx + " & / | value' is not supported by tcplens");
                };
            }
            case VLAN -> {
                return vlan(o.num(), o.hasNum());
            }
            case MPLS -> {
                return mpls(o.num(), o.hasNum());
            }
            case PPPOED -> {
                return linktype(ETHERTYPE_PPPOED);
            }
            case PPPOES -> {
                return pppoes(o.num(), o.hasNum());
            }
            case GENEVE -> throw err("'geneve' is not supported by tcplens");
            default -> throw err("unsupported primitive " + o.kind());
        }
    }

    private Cond vlan(long num, boolean has) throws FilterException {
        if (labelDepth > 0) throw err("no VLAN match after MPLS");
        if (linktype != LinkType.ETHERNET) throw err("no VLAN support for " + linkDescription());
        Cond b0 = or(linktype(ETHERTYPE_8021Q), linktype(ETHERTYPE_8021AD));
        b0 = or(b0, linktype(ETHERTYPE_8021QINQ));
        if (has) {
            if (num > 0x0fff) throw err("VLAN tag " + num + " greater than maximum 4095");
            b0 = and(b0, cmp(linkpl(0), 2, 0x0fff, Eval.JEQ, num));
        }
        offLinkpl += 4;
        offLinktype += 4;
        vlanDepth++;
        return b0;
    }

    private Cond mpls(long num, boolean has) throws FilterException {
        Cond b0;
        if (labelDepth > 0) {
            b0 = cmp(linkpl(-2), 1, 0x01, Eval.JEQ, 0);
        } else if (linktype == LinkType.ETHERNET) {
            b0 = linktype(ETHERTYPE_MPLS);
        } else if (linktype == DLT_PPP) {
            b0 = linktype(0x0281);
        } else {
            throw err("no MPLS support for " + linkDescription());
        }
        if (has) {
            if (num > 0xFFFFF) throw err("MPLS label " + num + " greater than maximum 1048575");
            b0 = and(b0, cmp(linkpl(0), 4, 0xfffff000L, Eval.JEQ, u32(num << 12)));
        }
        offNl += 4;
        labelDepth++;
        return b0;
    }

    private Cond pppoes(long num, boolean has) throws FilterException {
        Cond b0 = linktype(ETHERTYPE_PPPOES);
        if (has) {
            if (num > 0xffff) throw err("PPPoE session number " + num + " greater than maximum 65535");
            b0 = and(b0, cmp(linkpl(0), 4, 0x0000ffff, Eval.JEQ, num));
        }
        offLinkhdr = offLinkpl + offNl + 6;
        linktype = DLT_PPP;
        offLinktype = offLinkhdr;
        offLinkpl = offLinkhdr + 2;
        offNl = 0;
        return b0;
    }

    // ------------------------------------------------------------------ arithmetic

    /** Generated arithmetic: the evaluator (null when constant), its protocol checks, its constant value. */
    private record Ar(Eval.Arith a, Cond b, Long k) {
        boolean isConst() { return k != null; }
        Eval.Arith node() { return k != null ? new Eval.K((int) (long) k) : a; }
    }

    /** The first statement of gen_arth's operand: a literal when the leftmost leaf is a number. */
    private static Long leftmostLiteral(Ast.Arith a) {
        while (true) {
            if (a instanceof Ast.Num n) return n.v();
            if (a instanceof Ast.Bin b) { a = b.a(); continue; }
            if (a instanceof Ast.Neg n) { a = n.a(); continue; }
            if (a instanceof Ast.Load l) { a = l.index(); continue; }
            return null;
        }
    }

    private static int aluOp(T op) {
        return switch (op) {
            case PLUS -> Eval.ADD; case MINUS -> Eval.SUB; case STAR -> Eval.MUL; case SLASH -> Eval.DIV;
            case PERCENT -> Eval.MOD; case AMP -> Eval.AND; case PIPE -> Eval.OR; case CARET -> Eval.XOR;
            case LSH -> Eval.LSH; default -> Eval.RSH;
        };
    }

    private Ar arith(Ast.Arith a) throws FilterException {
        if (a instanceof Ast.Num n) return new Ar(null, null, n.v());
        if (a instanceof Ast.Len) return new Ar(new Eval.Len(), null, null);
        if (a instanceof Ast.Neg n) {
            Ar x = arith(n.a());
            if (x.isConst()) return new Ar(null, x.b, u32(-x.k));
            return new Ar(new Eval.Neg(x.a), x.b, null);
        }
        if (a instanceof Ast.Bin b) {
            Ar x = arith(b.a());
            Ar y = arith(b.b());
            int op = aluOp(b.op());
            Long lit = leftmostLiteral(b.b());
            if (op == Eval.DIV && lit != null && lit == 0) throw err("division by zero");
            if (op == Eval.MOD && lit != null && lit == 0) throw err("modulus by zero");
            if ((op == Eval.LSH || op == Eval.RSH) && lit != null && lit > 31) throw err("shift by more than 31 bits");
            Cond conds = x.b; // libpcap keeps only the left operand's protocol checks
            if (x.isConst() && y.isConst()) {
                long xv = x.k, yv = y.k;
                if (op == Eval.DIV && yv == 0) throw err("division by zero");
                if (op == Eval.MOD && yv == 0) throw err("modulus by zero");
                return new Ar(null, conds, u32(Eval.alu(op, (int) xv, (int) yv)));
            }
            if (y.isConst()) {
                long yv = y.k;
                if (yv == 0) {
                    switch (op) {
                        case Eval.MUL, Eval.AND -> { return new Ar(null, conds, 0L); }
                        case Eval.DIV -> throw err("division by zero");
                        case Eval.MOD -> throw err("modulus by zero");
                        default -> { return new Ar(x.a, conds, null); }
                    }
                }
                if ((op == Eval.LSH || op == Eval.RSH) && yv > 31) throw err("shift by more than 31 bits");
                return new Ar(new Eval.Bin(op, x.a, y.node()), conds, null);
            }
            if (x.isConst() && x.k == 0) {
                switch (op) {
                    case Eval.ADD, Eval.OR, Eval.XOR -> { return new Ar(y.a, conds, null); }
                    case Eval.MUL, Eval.DIV, Eval.MOD, Eval.AND, Eval.LSH, Eval.RSH -> {
                        return new Ar(null, conds, 0L);
                    }
                    default -> { }
                }
            }
            return new Ar(new Eval.Bin(op, x.node(), y.a), conds, null);
        }
        Ast.Load l = (Ast.Load) a;
        Ar idx = arith(l.index());
        int size = (int) l.size();
        if (l.size() != 1 && l.size() != 2 && l.size() != 4) throw err("data size must be 1, 2, or 4");
        T p = l.pname();
        switch (p) {
            case RADIO -> throw err("radio information not present in capture");
            case LINK -> {
                return new Ar(indexed(offLinkhdr, idx, size), idx.b, null);
            }
            case IP, ARP, RARP, ATALK, DECNET, SCA, LAT, MOPRC, MOPDL, IPV6 -> {
                Eval.Arith ld = indexed(linkpl(0), idx, size);
                Cond b = protoAbbrev(p);
                return new Ar(ld, and(idx.b, b), null);
            }
            case SCTP, TCP, UDP, ICMP, IGMP, IGRP, PIM, VRRP, CARP -> {
                Eval.Arith ld = new Eval.TransLoad(linkpl(0), linkpl(0), idx.node(), size);
                Cond b = and(protoAbbrev(p), ipfrag());
                b = and(idx.b, b);
                b = and(protoAbbrev(T.IP), b);
                return new Ar(ld, b, null);
            }
            case ICMPV6 -> {
                Cond b = and(idx.b, protoAbbrev(T.IPV6));
                b = and(b, eq(linkpl(6), 1, 58));
                return new Ar(indexed(linkpl(40), idx, size), b, null);
            }
            default -> throw err("unsupported index operation");
        }
    }

    /** LD IND k+X; the optimizer turns a constant X into an absolute load at (k + X) mod 2^32. */
    private static Eval.Arith indexed(long k, Ar idx, int size) {
        if (idx.isConst()) return new Eval.AbsLoad(u32(k + idx.k), size);
        return new Eval.IndLoad(k, idx.a, size);
    }

    private Cond relation(Ast.Relation r) throws FilterException {
        Ar a0 = arith(r.a0());
        Ar a1 = arith(r.a1());
        int code;
        boolean reversed;
        switch (r.op()) {
            case GT -> { code = Eval.JGT; reversed = false; }
            case GEQ -> { code = Eval.JGE; reversed = false; }
            case EQ -> { code = Eval.JEQ; reversed = false; }
            case LEQ -> { code = Eval.JGT; reversed = true; }
            case LT -> { code = Eval.JGE; reversed = true; }
            default -> { code = Eval.JEQ; reversed = true; }
        }
        Cond cmp;
        if (a0.isConst() && a1.isConst()) {
            cmp = Eval.Const.of(Eval.jump(code, (int) (long) a0.k, (int) (long) a1.k));
        } else if (a1.isConst() && a0.a instanceof Eval.AbsLoad ld) {
            cmp = cmp(ld.off, ld.size, 0xFFFFFFFFL, code, a1.k);
        } else {
            cmp = new Eval.Rel(code, a0.node(), a1.node());
        }
        if (reversed) cmp = not(cmp);
        Cond tmp = and(a0.b, a1.b);
        return and(tmp, cmp);
    }

    // ------------------------------------------------------------------ boolean structure

    Cond gen(Ast.Node n) throws FilterException {
        if (n instanceof Ast.And a) {
            Cond l = gen(a.l());
            Cond r = gen(a.r());
            return and(l, r);
        }
        if (n instanceof Ast.Or o) {
            Cond l = gen(o.l());
            Cond r = gen(o.r());
            return or(l, r);
        }
        if (n instanceof Ast.Not x) return not(gen(x.x()));
        if (n instanceof Ast.Id id) return id(id);
        if (n instanceof Ast.Abbrev ab) return protoAbbrev(ab.pname());
        if (n instanceof Ast.Relation r) return relation(r);
        return other((Ast.Other) n);
    }

    String expression() { return expression; }
}
