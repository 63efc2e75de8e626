package io.tcplens.filter;

/**
 * The compiled form: a tree of small evaluators over the raw frame bytes, with BPF's semantics:
 * loads are big-endian, arithmetic is unsigned 32-bit, and a load past the captured length
 * (or a division by zero) aborts the whole filter with "reject" ({@link Oob}), whatever
 * 'not' or 'or' surrounds it. Nothing is allocated while evaluating.
 */
final class Eval {
    private Eval() {}

    /** Thrown by a load outside the captured bytes; the filter then rejects the packet. */
    static final class Oob extends RuntimeException {
        static final Oob INSTANCE = new Oob();
        private Oob() { super("out of bounds", null, false, false); }
    }

    static int load(byte[] b, int base, int caplen, long off, int size) {
        if (off + size > caplen) throw Oob.INSTANCE;
        int p = base + (int) off;
        return switch (size) {
            case 1 -> b[p] & 0xFF;
            case 2 -> (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
            default -> (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
        };
    }

    /** Transport-layer load: X = 4*(byte[nl]&0xf) + idx (32-bit wrap), then load(k + X). */
    static int transLoad(byte[] b, int base, int caplen, long nl, long k, int idx, int size) {
        if (nl >= caplen) throw Oob.INSTANCE;
        int x = ((b[base + (int) nl] & 0xF) << 2) + idx;
        return load(b, base, caplen, k + (x & 0xFFFFFFFFL), size);
    }

    /** Load at k + X, X an unsigned 32-bit index; k + X does not wrap. */
    static int indLoad(byte[] b, int base, int caplen, long k, int idx, int size) {
        return load(b, base, caplen, k + (idx & 0xFFFFFFFFL), size);
    }

    // ---------------------------------------------------------------- conditions

    abstract static class Cond {
        abstract boolean test(byte[] b, int base, int caplen, int wirelen);
    }

    static final class Const extends Cond {
        static final Const TRUE = new Const(true);
        static final Const FALSE = new Const(false);
        final boolean v;
        private Const(boolean v) { this.v = v; }
        static Const of(boolean v) { return v ? TRUE : FALSE; }
        @Override boolean test(byte[] b, int base, int caplen, int wirelen) { return v; }
        @Override public String toString() { return v ? "true" : "false"; }
    }

    static final class And extends Cond {
        final Cond l, r;
        And(Cond l, Cond r) { this.l = l; this.r = r; }
        @Override boolean test(byte[] b, int base, int caplen, int wirelen) {
            return l.test(b, base, caplen, wirelen) && r.test(b, base, caplen, wirelen);
        }
        @Override public String toString() { return "(" + l + " && " + r + ")"; }
    }

    static final class Or extends Cond {
        final Cond l, r;
        Or(Cond l, Cond r) { this.l = l; this.r = r; }
        @Override boolean test(byte[] b, int base, int caplen, int wirelen) {
            return l.test(b, base, caplen, wirelen) || r.test(b, base, caplen, wirelen);
        }
        @Override public String toString() { return "(" + l + " || " + r + ")"; }
    }

    static final class Not extends Cond {
        final Cond x;
        Not(Cond x) { this.x = x; }
        @Override boolean test(byte[] b, int base, int caplen, int wirelen) {
            return !x.test(b, base, caplen, wirelen);
        }
        @Override public String toString() { return "!" + x; }
    }

    static final int JEQ = 0, JGT = 1, JGE = 2, JSET = 3;

    static boolean jump(int op, int a, int k) {
        return switch (op) {
            case JEQ -> a == k;
            case JGT -> Integer.compareUnsigned(a, k) > 0;
            case JGE -> Integer.compareUnsigned(a, k) >= 0;
            default -> (a & k) != 0;
        };
    }

    private static String opName(int op) {
        return switch (op) { case JEQ -> "=="; case JGT -> ">"; case JGE -> ">="; default -> "&"; };
    }

    /** (load(off, size) & mask) OP k, at an absolute offset. */
    static final class Cmp extends Cond {
        final long off;
        final int size, mask, op, k;
        Cmp(long off, int size, int mask, int op, int k) {
            this.off = off; this.size = size; this.mask = mask; this.op = op; this.k = k;
        }
        @Override boolean test(byte[] b, int base, int caplen, int wirelen) {
            return jump(op, load(b, base, caplen, off, size) & mask, k);
        }
        @Override public String toString() {
            return "[" + off + ":" + size + "]" + (mask != -1 ? "&0x" + Integer.toHexString(mask) : "")
                    + opName(op) + "0x" + Integer.toHexString(k);
        }
    }

    /** Specialised Cmp for the most common test: a 16-bit field equal to a constant. */
    static final class HalfEq extends Cond {
        final long off;
        final int k;
        HalfEq(long off, int k) { this.off = off; this.k = k; }
        @Override boolean test(byte[] b, int base, int caplen, int wirelen) {
            if (off + 2 > caplen) throw Oob.INSTANCE;
            int p = base + (int) off;
            return ((b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF)) == k;
        }
        @Override public String toString() { return "[" + off + ":2]==0x" + Integer.toHexString(k); }
    }

    /** Specialised Cmp: an 8-bit field equal to a constant. */
    static final class ByteEq extends Cond {
        final long off;
        final int k;
        ByteEq(long off, int k) { this.off = off; this.k = k; }
        @Override boolean test(byte[] b, int base, int caplen, int wirelen) {
            if (off + 1 > caplen) throw Oob.INSTANCE;
            return (b[base + (int) off] & 0xFF) == k;
        }
        @Override public String toString() { return "[" + off + ":1]==0x" + Integer.toHexString(k); }
    }

    /**
     * A 16-bit compare in the transport header after an IPv4 header: X = 4*(byte[nl] & 0xf) (BPF's
     * ldxb 4*([k]&0xf)), then load(nl + X + off).
     */
    static final class TransCmp extends Cond {
        final long nl, off;
        final int size, op, k;
        TransCmp(long nl, long off, int size, int op, int k) {
            this.nl = nl; this.off = off; this.size = size; this.op = op; this.k = k;
        }
        @Override boolean test(byte[] b, int base, int caplen, int wirelen) {
            if (nl >= caplen) throw Oob.INSTANCE;
            int x = (b[base + (int) nl] & 0xF) << 2;
            return jump(op, load(b, base, caplen, nl + off + x, size), k);
        }
        @Override public String toString() { return "[ip+hl+" + off + ":" + size + "]" + opName(op) + k; }
    }

    /** wirelen OP k. */
    static final class LenCmp extends Cond {
        final int op, k;
        LenCmp(int op, int k) { this.op = op; this.k = k; }
        @Override boolean test(byte[] b, int base, int caplen, int wirelen) { return jump(op, wirelen, k); }
        @Override public String toString() { return "len" + opName(op) + k; }
    }

    /** a0 OP a1 for arithmetic expressions (loads in a0 are done before those in a1). */
    static final class Rel extends Cond {
        final Arith a0, a1;
        final int op;
        Rel(int op, Arith a0, Arith a1) { this.op = op; this.a0 = a0; this.a1 = a1; }
        @Override boolean test(byte[] b, int base, int caplen, int wirelen) {
            int x = a0.eval(b, base, caplen, wirelen);
            int y = a1.eval(b, base, caplen, wirelen);
            return jump(op, x, y);
        }
        @Override public String toString() { return "(" + a0 + " " + opName(op) + " " + a1 + ")"; }
    }

    // ---------------------------------------------------------------- arithmetic

    abstract static class Arith {
        abstract int eval(byte[] b, int base, int caplen, int wirelen);
    }

    static final class K extends Arith {
        final int v;
        K(int v) { this.v = v; }
        @Override int eval(byte[] b, int base, int caplen, int wirelen) { return v; }
        @Override public String toString() { return Integer.toUnsignedString(v); }
    }

    static final class Len extends Arith {
        @Override int eval(byte[] b, int base, int caplen, int wirelen) { return wirelen; }
        @Override public String toString() { return "len"; }
    }

    /** Load at a constant absolute offset. */
    static final class AbsLoad extends Arith {
        final long off;
        final int size;
        AbsLoad(long off, int size) { this.off = off; this.size = size; }
        @Override int eval(byte[] b, int base, int caplen, int wirelen) { return load(b, base, caplen, off, size); }
        @Override public String toString() { return "[" + off + ":" + size + "]"; }
    }

    /** Load at k + X where X is a computed (unsigned 32-bit) index; k + X does not wrap. */
    static final class IndLoad extends Arith {
        final long k;
        final Arith idx;
        final int size;
        IndLoad(long k, Arith idx, int size) { this.k = k; this.idx = idx; this.size = size; }
        @Override int eval(byte[] b, int base, int caplen, int wirelen) {
            long x = idx.eval(b, base, caplen, wirelen) & 0xFFFFFFFFL;
            return load(b, base, caplen, k + x, size);
        }
        @Override public String toString() { return "[" + k + "+" + idx + ":" + size + "]"; }
    }

    /** Transport-layer load: X = 4*(byte[nl]&0xf) + index (32-bit wrap), then load(k + X). */
    static final class TransLoad extends Arith {
        final long nl, k;
        final Arith idx;
        final int size;
        TransLoad(long nl, long k, Arith idx, int size) { this.nl = nl; this.k = k; this.idx = idx; this.size = size; }
        @Override int eval(byte[] b, int base, int caplen, int wirelen) {
            int i = idx.eval(b, base, caplen, wirelen);
            if (nl >= caplen) throw Oob.INSTANCE;
            int x = ((b[base + (int) nl] & 0xF) << 2) + i;
            return load(b, base, caplen, k + (x & 0xFFFFFFFFL), size);
        }
        @Override public String toString() { return "[ip+hl+" + idx + ":" + size + "]"; }
    }

    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, MOD = 4, AND = 5, OR = 6, XOR = 7, LSH = 8, RSH = 9;

    static int alu(int op, int a, int x) {
        return switch (op) {
            case ADD -> a + x;
            case SUB -> a - x;
            case MUL -> a * x;
            case DIV -> {
                if (x == 0) throw Oob.INSTANCE;
                yield Integer.divideUnsigned(a, x);
            }
            case MOD -> {
                if (x == 0) throw Oob.INSTANCE;
                yield Integer.remainderUnsigned(a, x);
            }
            case AND -> a & x;
            case OR -> a | x;
            case XOR -> a ^ x;
            case LSH -> Integer.compareUnsigned(x, 32) < 0 ? a << x : 0;
            default -> Integer.compareUnsigned(x, 32) < 0 ? a >>> x : 0;
        };
    }

    /** alu() with the operator last, for generated code. */
    static int alu2(int a, int x, int op) { return alu(op, a, x); }

    static final class Bin extends Arith {
        final int op;
        final Arith a, x;
        Bin(int op, Arith a, Arith x) { this.op = op; this.a = a; this.x = x; }
        @Override int eval(byte[] b, int base, int caplen, int wirelen) {
            int va = a.eval(b, base, caplen, wirelen);
            int vx = x.eval(b, base, caplen, wirelen);
            return alu(op, va, vx);
        }
        @Override public String toString() { return "(" + a + " op" + op + " " + x + ")"; }
    }

    static final class Neg extends Arith {
        final Arith a;
        Neg(Arith a) { this.a = a; }
        @Override int eval(byte[] b, int base, int caplen, int wirelen) { return -a.eval(b, base, caplen, wirelen); }
        @Override public String toString() { return "-" + a; }
    }
}
