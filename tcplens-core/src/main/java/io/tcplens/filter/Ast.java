package io.tcplens.filter;

import io.tcplens.filter.Lexer.T;

/** The parsed filter: boolean nodes over primitives, and arithmetic expressions. */
final class Ast {
    private Ast() {}

    // Qualifier values, as in libpcap's gencode.h (our own numbering).
    static final int Q_DEFAULT = 0;
    static final int Q_UNDEF = 255;
    // dir
    static final int D_SRC = 1, D_DST = 2, D_OR = 3, D_AND = 4, D_ADDR1 = 5, D_ADDR2 = 6, D_ADDR3 = 7,
            D_ADDR4 = 8, D_RA = 9, D_TA = 10;
    // addr
    static final int A_HOST = 1, A_NET = 2, A_PORT = 3, A_GATEWAY = 4, A_PROTO = 5, A_PROTOCHAIN = 6,
            A_PORTRANGE = 7;

    /**
     * Qualifiers of an address: proto is a pname token kind or null for the default; undef marks
     * libpcap's "qerr" (no qualifiers known, as after a bare protocol name).
     */
    record Qual(T proto, int dir, int addr, boolean undef) {
        static final Qual UNDEF = new Qual(null, Q_UNDEF, Q_UNDEF, true);
    }

    sealed interface Node permits And, Or, Not, Id, Abbrev, Relation, Other {}

    record And(Node l, Node r) implements Node {}
    record Or(Node l, Node r) implements Node {}
    record Not(Node x) implements Node {}

    enum IdKind { NAME, NUM, HID, HID_LEN, HID_MASK, HID6, HID6_LEN, EID, AID }

    /** An address-like operand with the qualifiers in force (written or implied). */
    record Id(IdKind kind, String s1, String s2, long num, Qual q, int pos) implements Node {}

    /** A bare protocol name: tcp, ip6, arp... */
    record Abbrev(T pname, int pos) implements Node {}

    /** arth relop arth; op is GT, GEQ, EQ, LEQ, LT or NEQ. */
    record Relation(T op, Arith a0, Arith a1, int pos) implements Node {}

    /**
     * The "other" primitives: broadcast/multicast (with pqual), less/greater, vlan/mpls/pppoes/geneve
     * (optional number), pppoed, byte. For byte, num is the index, op the operator and num2 the value.
     */
    record Other(T kind, T pqual, long num, boolean hasNum, T op, long num2, int pos) implements Node {}

    sealed interface Arith permits Num, Len, Load, Bin, Neg {}

    record Num(long v) implements Arith {}
    record Len() implements Arith {}
    record Load(T pname, Arith index, long size, int pos) implements Arith {}
    record Bin(T op, Arith a, Arith b, int pos) implements Arith {}
    record Neg(Arith a) implements Arith {}
}
