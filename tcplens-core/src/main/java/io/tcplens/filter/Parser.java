package io.tcplens.filter;

import io.tcplens.filter.Ast.Arith;
import io.tcplens.filter.Ast.Node;
import io.tcplens.filter.Ast.Qual;
import io.tcplens.filter.Lexer.T;
import io.tcplens.filter.Lexer.Token;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for libpcap's grammar (grammar.y), with backtracking where the LALR
 * parser decides by lookahead. It reproduces libpcap's quirks that matter for meaning:
 * 'and' and 'or' have the same precedence and associate to the left; 'not' binds to the next term;
 * an address after 'and'/'or' with no qualifiers reuses the qualifiers of the previous term
 * ({@code host 1.2.3.4 or 5.6.7.8}, {@code port 80 or 443}); '%' and '^' have no declared
 * precedence, so bison shifts over them (they bind everything to their right).
 */
final class Parser {
    private final List<Token> toks;
    private int pos;
    private int furthest = -1;
    private final Set<String> expected = new LinkedHashSet<>();

    /** Thrown to backtrack; carries nothing, the furthest failure is recorded in the parser. */
    private static final class Fail extends RuntimeException {
        Fail() { super(null, null, false, false); }
    }
    private static final Fail FAIL = new Fail();

    private record R(Node n, Qual q) {}

    private Parser(List<Token> toks) {
        this.toks = toks;
    }

    /** Parses a whole expression; null for an empty one. */
    static Node parse(String expression) throws FilterException {
        List<Token> toks = Lexer.tokenize(expression);
        Parser p = new Parser(toks);
        if (toks.get(0).kind() == T.EOF) return null;
        try {
            R r = p.expr(Qual.UNDEF);
            if (p.peek() != T.EOF) p.fail("'and', 'or' or end of expression");
            return r.n;
        } catch (Unsupported u) {
            throw new FilterException(u.getMessage());
        } catch (Fail f) {
            Token t = toks.get(Math.min(p.furthest, toks.size() - 1));
            throw new FilterSyntaxException(t.start(), describe(p.expected, t));
        }
    }

    private static String describe(Set<String> exp, Token t) {
        List<String> e = new ArrayList<>(exp);
        String list;
        if (e.isEmpty()) list = "something else";
        else if (e.size() == 1) list = e.get(0);
        else list = String.join(", ", e.subList(0, e.size() - 1)) + " or " + e.get(e.size() - 1);
        return list + (t.kind() == T.EOF ? " (found end of expression)" : " (found '" + t.text() + "')");
    }

    private T peek() { return toks.get(pos).kind(); }
    private T peek(int k) { return toks.get(Math.min(pos + k, toks.size() - 1)).kind(); }
    private Token tok() { return toks.get(pos); }
    private Token next() { return toks.get(pos++); }

    private Fail fail(String what) {
        if (pos > furthest) { furthest = pos; expected.clear(); }
        if (pos == furthest) expected.add(what);
        throw FAIL;
    }

    private Token expect(T kind, String what) {
        if (peek() != kind) fail(what);
        return next();
    }

    static boolean isPname(T t) {
        return switch (t) {
            case LINK, IP, ARP, RARP, SCTP, TCP, UDP, ICMP, IGMP, IGRP, PIM, VRRP, CARP, ATALK, AARP, DECNET, LAT,
                 SCA, MOPDL, MOPRC, IPV6, ICMPV6, AH, ESP, ISO, ESIS, ISIS, L1, L2, IIH, LSP, SNP, PSNP, CSNP,
                 CLNP, STP, IPX, NETBEUI, RADIO -> true;
            default -> false;
        };
    }

    private static boolean isDqual(T t) {
        return switch (t) {
            case SRC, DST, ADDR1, ADDR2, ADDR3, ADDR4, RA, TA -> true;
            default -> false;
        };
    }

    private static boolean isAqual(T t) {
        return t == T.HOST || t == T.NET || t == T.PORT || t == T.PORTRANGE;
    }

    // expr: term | expr and term | expr and id | expr or term | expr or id
    private R expr(Qual q0) {
        R left = term(q0);
        while (peek() == T.AND || peek() == T.OR) {
            T op = next().kind();
            R right = termOrId(left.q);
            Node n = op == T.AND ? new Ast.And(left.n, right.n) : new Ast.Or(left.n, right.n);
            left = new R(n, right.q);
        }
        return left;
    }

    private R termOrId(Qual q) {
        int save = pos;
        try {
            return term(q);
        } catch (Fail f) {
            pos = save;
        }
        return id(q);
    }

    // term: rterm | not term
    private R term(Qual q0) {
        if (peek() == T.NOT) {
            next();
            R r = term(q0);
            return new R(new Ast.Not(r.n), r.q);
        }
        return rterm(q0);
    }

    private R rterm(Qual q0) {
        Token t = tok();
        T k = t.kind();
        if (k == T.LPAREN) {
            int save = pos;
            try {
                next();
                R e = expr(q0);
                expect(T.RPAREN, "')'");
                return new R(e.n, q0);
            } catch (Fail f) {
                pos = save;
            }
            return new R(relation(), Qual.UNDEF);
        }
        if (isPname(k)) {
            T n = peek(1);
            if (n == T.LBRACK) return new R(relation(), Qual.UNDEF);
            if (isDqual(n) || isAqual(n) || n == T.PROTO || n == T.PROTOCHAIN || n == T.GATEWAY) {
                next();
                return headId(k);
            }
            if (n == T.TK_BROADCAST || n == T.TK_MULTICAST) {
                next();
                Token o = next();
                return new R(new Ast.Other(o.kind(), k, 0, false, null, 0, t.start()), Qual.UNDEF);
            }
            if (n == T.TYPE || n == T.SUBTYPE || n == T.DIR) {
                throw new Unsupported(t.start(), "802.11 type/subtype/dir filters are not supported by tcplens");
            }
            next();
            return new R(new Ast.Abbrev(k, t.start()), Qual.UNDEF);
        }
        if (isDqual(k) || isAqual(k) || k == T.PROTO || k == T.PROTOCHAIN || k == T.GATEWAY) {
            return headId(null);
        }
        switch (k) {
            case TK_BROADCAST, TK_MULTICAST -> {
                next();
                return new R(new Ast.Other(k, null, 0, false, null, 0, t.start()), Qual.UNDEF);
            }
            case LESS, GREATER -> {
                next();
                Token num = expect(T.NUM, "a number");
                return new R(new Ast.Other(k, null, num.num(), true, null, 0, t.start()), Qual.UNDEF);
            }
            case CBYTE -> {
                next();
                long idx = expect(T.NUM, "a number").num();
                T op = peek();
                if (op != T.AMP && op != T.PIPE && op != T.LT && op != T.GT && op != T.EQ) fail("'&', '|', '<', '>' or '='");
                next();
                long val = expect(T.NUM, "a number").num();
                return new R(new Ast.Other(k, null, idx, true, op, val, t.start()), Qual.UNDEF);
            }
            case VLAN, MPLS, PPPOES, GENEVE -> {
                next();
                if (peek() == T.NUM || peek() == T.LPAREN) {
                    long v = pnum();
                    return new R(new Ast.Other(k, null, v, true, null, 0, t.start()), Qual.UNDEF);
                }
                return new R(new Ast.Other(k, null, 0, false, null, 0, t.start()), Qual.UNDEF);
            }
            case PPPOED -> {
                next();
                return new R(new Ast.Other(k, null, 0, false, null, 0, t.start()), Qual.UNDEF);
            }
            case INBOUND, OUTBOUND, IFINDEX, LLC, UNSUPPORTED_KEYWORD, TYPE, SUBTYPE, DIR ->
                    throw new Unsupported(t.start(), "'" + t.text() + "' filters are not supported by tcplens");
            case NUM, MINUS, LEN -> {
                return new R(relation(), Qual.UNDEF);
            }
            default -> {
                fail("a primitive (host, port, tcp, ...), 'not', '(' or an arithmetic expression");
                return null;
            }
        }
    }

    /** A construct libpcap parses but tcplens does not implement; reported as a semantic error. */
    static final class Unsupported extends RuntimeException {
        final int position;
        Unsupported(int position, String message) {
            super(message, null, false, false);
            this.position = position;
        }
    }

    // head id, with the pname (or null) already consumed
    private R headId(T pqual) {
        int dir = Ast.Q_DEFAULT;
        int addr = Ast.Q_DEFAULT;
        boolean any = false;
        T k = peek();
        if (isDqual(k)) {
            any = true;
            next();
            switch (k) {
                case SRC, DST -> {
                    dir = k == T.SRC ? Ast.D_SRC : Ast.D_DST;
                    if (peek() == T.OR || peek() == T.AND) {
                        T conj = next().kind();
                        T other = k == T.SRC ? T.DST : T.SRC;
                        expect(other, other == T.DST ? "'dst'" : "'src'");
                        dir = conj == T.OR ? Ast.D_OR : Ast.D_AND;
                    }
                }
                case ADDR1 -> dir = Ast.D_ADDR1;
                case ADDR2 -> dir = Ast.D_ADDR2;
                case ADDR3 -> dir = Ast.D_ADDR3;
                case ADDR4 -> dir = Ast.D_ADDR4;
                case RA -> dir = Ast.D_RA;
                case TA -> dir = Ast.D_TA;
                default -> { }
            }
            k = peek();
            if (isAqual(k)) {
                next();
                addr = aqual(k);
            }
        } else if (isAqual(k)) {
            any = true;
            next();
            addr = aqual(k);
        } else if (k == T.PROTO) {
            any = true;
            next();
            addr = Ast.A_PROTO;
        } else if (k == T.PROTOCHAIN) {
            any = true;
            next();
            addr = Ast.A_PROTOCHAIN;
        } else if (k == T.GATEWAY) {
            any = true;
            next();
            addr = Ast.A_GATEWAY;
        }
        if (!any) fail("a qualifier");
        Qual q = new Qual(pqual, dir, addr, false);
        R r = id(q);
        return new R(r.n, q);
    }

    private static int aqual(T k) {
        return switch (k) {
            case HOST -> Ast.A_HOST;
            case NET -> Ast.A_NET;
            case PORT -> Ast.A_PORT;
            default -> Ast.A_PORTRANGE;
        };
    }

    // id: nid | pnum | paren pid ')'
    private R id(Qual q) {
        T k = peek();
        switch (k) {
            case ID, HID, HID6, EID, AID, NOT -> {
                return nid(q);
            }
            case NUM -> {
                int at = tok().start();
                long v = pnum();
                return new R(new Ast.Id(Ast.IdKind.NUM, null, null, v, q, at), q);
            }
            case LPAREN -> {
                int save = pos;
                try {
                    next();
                    R r = pid(q);
                    expect(T.RPAREN, "')'");
                    return r;
                } catch (Fail f) {
                    pos = save;
                }
                int at = tok().start();
                long v = pnum();
                return new R(new Ast.Id(Ast.IdKind.NUM, null, null, v, q, at), q);
            }
            default -> {
                fail("an address, a name or a number");
                return null;
            }
        }
    }

    private R nid(Qual q) {
        Token t = tok();
        switch (t.kind()) {
            case ID -> {
                next();
                return new R(new Ast.Id(Ast.IdKind.NAME, t.text(), null, 0, q, t.start()), q);
            }
            case HID -> {
                next();
                if (peek() == T.SLASH) {
                    next();
                    long len = expect(T.NUM, "a prefix length").num();
                    return new R(new Ast.Id(Ast.IdKind.HID_LEN, t.text(), null, len, q, t.start()), q);
                }
                if (peek() == T.NETMASK) {
                    next();
                    Token m = expect(T.HID, "a dotted netmask");
                    return new R(new Ast.Id(Ast.IdKind.HID_MASK, t.text(), m.text(), 0, q, t.start()), q);
                }
                return new R(new Ast.Id(Ast.IdKind.HID, t.text(), null, 0, q, t.start()), q);
            }
            case HID6 -> {
                next();
                if (peek() == T.SLASH) {
                    next();
                    long len = expect(T.NUM, "a prefix length").num();
                    return new R(new Ast.Id(Ast.IdKind.HID6_LEN, t.text(), null, len, q, t.start()), q);
                }
                return new R(new Ast.Id(Ast.IdKind.HID6, t.text(), null, 128, q, t.start()), q);
            }
            case EID -> {
                next();
                return new R(new Ast.Id(Ast.IdKind.EID, t.text(), null, 0, q, t.start()), q);
            }
            case AID -> {
                next();
                return new R(new Ast.Id(Ast.IdKind.AID, t.text(), null, 0, q, t.start()), q);
            }
            case NOT -> {
                next();
                R r = id(q);
                return new R(new Ast.Not(r.n), r.q);
            }
            default -> {
                fail("an address or a name");
                return null;
            }
        }
    }

    // pid: nid | qid and id | qid or id ; qid: pnum | pid
    private R pid(Qual q) {
        R left;
        boolean needMore = false;
        T k = peek();
        if (k == T.NUM || k == T.LPAREN) {
            int at = tok().start();
            long v = pnum();
            left = new R(new Ast.Id(Ast.IdKind.NUM, null, null, v, q, at), q);
            needMore = true;
        } else {
            left = nid(q);
        }
        while (peek() == T.AND || peek() == T.OR) {
            T op = next().kind();
            R right = id(left.q);
            Node n = op == T.AND ? new Ast.And(left.n, right.n) : new Ast.Or(left.n, right.n);
            left = new R(n, right.q);
            needMore = false;
        }
        if (needMore) fail("'and' or 'or'");
        return left;
    }

    // pnum: NUM | paren pnum ')'
    private long pnum() {
        if (peek() == T.LPAREN) {
            next();
            long v = pnum();
            expect(T.RPAREN, "')'");
            return v;
        }
        return expect(T.NUM, "a number").num();
    }

    // arth relop arth | arth irelop arth
    private Node relation() {
        int at = tok().start();
        Arith a0 = arth();
        T op = peek();
        switch (op) {
            case GT, GEQ, EQ, LEQ, LT, NEQ -> next();
            default -> fail("a comparison ('=', '!=', '<', '<=', '>', '>=') or an arithmetic operator");
        }
        Arith a1 = arth();
        return new Ast.Relation(op, a0, a1, at);
    }

    private static final int NOPREC = -1;
    private static final int UMINUS_PREC = 6;

    private static int prec(T op) {
        return switch (op) {
            case PIPE -> 1;
            case AMP -> 2;
            case LSH, RSH -> 3;
            case PLUS, MINUS -> 4;
            case STAR, SLASH -> 5;
            default -> NOPREC; // PERCENT, CARET: no declared precedence in grammar.y
        };
    }

    private static boolean isBinop(T t) {
        return switch (t) {
            case PLUS, MINUS, STAR, SLASH, PERCENT, AMP, PIPE, CARET, LSH, RSH -> true;
            default -> false;
        };
    }

    /** Shift-reduce parse of arithmetic with bison's precedence resolution (no precedence = shift). */
    private Arith arth() {
        List<Arith> vals = new ArrayList<>();
        List<T> ops = new ArrayList<>();   // null = unary minus
        List<Integer> opPos = new ArrayList<>();
        while (true) {
            while (peek() == T.MINUS) {
                opPos.add(tok().start());
                next();
                ops.add(null);
            }
            vals.add(operand());
            T la = peek();
            if (!isBinop(la)) break;
            while (!ops.isEmpty() && shouldReduce(ops.get(ops.size() - 1), la)) reduce(vals, ops, opPos);
            opPos.add(tok().start());
            ops.add(next().kind());
        }
        while (!ops.isEmpty()) reduce(vals, ops, opPos);
        return vals.get(0);
    }

    private static boolean shouldReduce(T top, T la) {
        int pt = top == null ? UMINUS_PREC : prec(top);
        int pl = prec(la);
        if (pt == NOPREC || pl == NOPREC) return false;
        return pt >= pl;
    }

    private static void reduce(List<Arith> vals, List<T> ops, List<Integer> opPos) {
        T op = ops.remove(ops.size() - 1);
        int at = opPos.remove(opPos.size() - 1);
        if (op == null) {
            Arith a = vals.remove(vals.size() - 1);
            vals.add(new Ast.Neg(a));
        } else {
            Arith b = vals.remove(vals.size() - 1);
            Arith a = vals.remove(vals.size() - 1);
            vals.add(new Ast.Bin(op, a, b, at));
        }
    }

    private Arith operand() {
        Token t = tok();
        T k = t.kind();
        if (k == T.NUM) {
            next();
            return new Ast.Num(t.num());
        }
        if (k == T.LEN) {
            next();
            return new Ast.Len();
        }
        if (k == T.LPAREN) {
            next();
            Arith a = arth();
            expect(T.RPAREN, "')'");
            return a;
        }
        if (isPname(k) && peek(1) == T.LBRACK) {
            next();
            next();
            Arith idx = arth();
            long size = 1;
            if (peek() == T.COLON) {
                next();
                size = expect(T.NUM, "a size (1, 2 or 4)").num();
            }
            expect(T.RBRACK, "']'");
            return new Ast.Load(k, idx, size, t.start());
        }
        fail("a number, 'len', '(' or a protocol[offset]");
        return null;
    }
}
