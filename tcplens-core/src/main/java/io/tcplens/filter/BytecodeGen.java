package io.tcplens.filter;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;

/**
 * Turns an evaluator tree into one straight-line JVM method (a hidden class extending
 * {@link Eval.Cond}), so the JIT sees a single small method instead of a tree of virtual calls.
 * Semantics are those of the tree: the same loads in the same order, the same helpers for
 * bounds checks (which throw {@link Eval.Oob}).
 */
final class BytecodeGen {
    private BytecodeGen() {}

    private static final ClassDesc CD_COND = ClassDesc.of("io.tcplens.filter.Eval$Cond");
    private static final ClassDesc CD_EVAL = ClassDesc.of("io.tcplens.filter.Eval");
    private static final ClassDesc CD_BYTES = ConstantDescs.CD_byte.arrayType();
    private static final MethodTypeDesc MT_TEST = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_BYTES,
            ConstantDescs.CD_int, ConstantDescs.CD_int, ConstantDescs.CD_int);
    private static final MethodTypeDesc MT_LOAD = MethodTypeDesc.of(ConstantDescs.CD_int, CD_BYTES,
            ConstantDescs.CD_int, ConstantDescs.CD_int, ConstantDescs.CD_long, ConstantDescs.CD_int);
    private static final MethodTypeDesc MT_IND = MethodTypeDesc.of(ConstantDescs.CD_int, CD_BYTES,
            ConstantDescs.CD_int, ConstantDescs.CD_int, ConstantDescs.CD_long, ConstantDescs.CD_int, ConstantDescs.CD_int);
    private static final MethodTypeDesc MT_TRANS = MethodTypeDesc.of(ConstantDescs.CD_int, CD_BYTES,
            ConstantDescs.CD_int, ConstantDescs.CD_int, ConstantDescs.CD_long, ConstantDescs.CD_long,
            ConstantDescs.CD_int, ConstantDescs.CD_int);
    private static final MethodTypeDesc MT_ALU = MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int,
            ConstantDescs.CD_int, ConstantDescs.CD_int);
    private static final int B = 1, BASE = 2, CAPLEN = 3, WIRELEN = 4;
    private static int counter;

    /** A compiled equivalent of {@code root}, or {@code root} itself if generation fails. */
    static Eval.Cond compile(Eval.Cond root) {
        if (root instanceof Eval.Const) return root;
        try {
            String name;
            synchronized (BytecodeGen.class) {
                name = "io.tcplens.filter.Compiled$" + (counter++);
            }
            byte[] bytes = ClassFile.of().build(ClassDesc.of(name), cb -> {
                cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
                cb.withSuperclass(CD_COND);
                cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> {
                    code.aload(0);
                    code.invokespecial(CD_COND, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void);
                    code.return_();
                });
                cb.withMethodBody("test", MT_TEST, 0, code -> {
                    Label t = code.newLabel();
                    Label f = code.newLabel();
                    cond(code, root, t, f);
                    code.labelBinding(t);
                    code.iconst_1();
                    code.ireturn();
                    code.labelBinding(f);
                    code.iconst_0();
                    code.ireturn();
                });
            });
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (Eval.Cond) lookup.findConstructor(lookup.lookupClass(),
                    java.lang.invoke.MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            return root;
        }
    }

    private static void cond(CodeBuilder c, Eval.Cond n, Label t, Label f) {
        switch (n) {
            case Eval.Const k -> c.goto_(k.v ? t : f);
            case Eval.And a -> {
                Label mid = c.newLabel();
                cond(c, a.l, mid, f);
                c.labelBinding(mid);
                cond(c, a.r, t, f);
            }
            case Eval.Or o -> {
                Label mid = c.newLabel();
                cond(c, o.l, t, mid);
                c.labelBinding(mid);
                cond(c, o.r, t, f);
            }
            case Eval.Not x -> cond(c, x.x, f, t);
            case Eval.Cmp m -> {
                load(c, m.off, m.size);
                if (m.mask != -1) {
                    c.loadConstant(m.mask);
                    c.iand();
                }
                jump(c, m.op, m.k, t, f);
            }
            case Eval.HalfEq h -> {
                load(c, h.off, 2);
                jump(c, Eval.JEQ, h.k, t, f);
            }
            case Eval.ByteEq h -> {
                load(c, h.off, 1);
                jump(c, Eval.JEQ, h.k, t, f);
            }
            case Eval.TransCmp tc -> {
                c.aload(B).iload(BASE).iload(CAPLEN);
                c.loadConstant(tc.nl);
                c.loadConstant(tc.nl + tc.off);
                c.iconst_0();
                c.loadConstant(tc.size);
                c.invokestatic(CD_EVAL, "transLoad", MT_TRANS);
                jump(c, tc.op, tc.k, t, f);
            }
            case Eval.LenCmp l -> {
                c.iload(WIRELEN);
                jump(c, l.op, l.k, t, f);
            }
            case Eval.Rel r -> {
                arith(c, r.a0);
                arith(c, r.a1);
                jumpStack(c, r.op, t, f);
            }
            default -> throw new IllegalStateException("unknown node " + n.getClass());
        }
    }

    private static void load(CodeBuilder c, long off, int size) {
        c.aload(B).iload(BASE).iload(CAPLEN);
        c.loadConstant(off);
        c.loadConstant(size);
        c.invokestatic(CD_EVAL, "load", MT_LOAD);
    }

    /** Value on the stack OP constant k. */
    private static void jump(CodeBuilder c, int op, int k, Label t, Label f) {
        switch (op) {
            case Eval.JEQ -> {
                c.loadConstant(k);
                c.if_icmpeq(t);
            }
            case Eval.JSET -> {
                c.loadConstant(k);
                c.iand();
                c.ifne(t);
            }
            default -> {
                c.loadConstant(Integer.MIN_VALUE);
                c.ixor();
                c.loadConstant(k ^ Integer.MIN_VALUE);
                if (op == Eval.JGT) c.if_icmpgt(t); else c.if_icmpge(t);
            }
        }
        c.goto_(f);
    }

    /** Two values on the stack: a OP x. */
    private static void jumpStack(CodeBuilder c, int op, Label t, Label f) {
        switch (op) {
            case Eval.JEQ -> c.if_icmpeq(t);
            case Eval.JSET -> {
                c.iand();
                c.ifne(t);
            }
            default -> {
                // unsigned: flip the sign bits of both
                c.loadConstant(Integer.MIN_VALUE);
                c.ixor();
                c.swap();
                c.loadConstant(Integer.MIN_VALUE);
                c.ixor();
                c.swap();
                if (op == Eval.JGT) c.if_icmpgt(t); else c.if_icmpge(t);
            }
        }
        c.goto_(f);
    }

    private static void arith(CodeBuilder c, Eval.Arith a) {
        switch (a) {
            case Eval.K k -> c.loadConstant(k.v);
            case Eval.Len l -> c.iload(WIRELEN);
            case Eval.AbsLoad l -> load(c, l.off, l.size);
            case Eval.IndLoad l -> {
                c.aload(B).iload(BASE).iload(CAPLEN);
                c.loadConstant(l.k);
                arith(c, l.idx);
                c.loadConstant(l.size);
                c.invokestatic(CD_EVAL, "indLoad", MT_IND);
            }
            case Eval.TransLoad l -> {
                c.aload(B).iload(BASE).iload(CAPLEN);
                c.loadConstant(l.nl);
                c.loadConstant(l.k);
                arith(c, l.idx);
                c.loadConstant(l.size);
                c.invokestatic(CD_EVAL, "transLoad", MT_TRANS);
            }
            case Eval.Neg n -> {
                arith(c, n.a);
                c.ineg();
            }
            case Eval.Bin b -> {
                arith(c, b.a);
                arith(c, b.x);
                switch (b.op) {
                    case Eval.ADD -> c.iadd();
                    case Eval.SUB -> c.isub();
                    case Eval.MUL -> c.imul();
                    case Eval.AND -> c.iand();
                    case Eval.OR -> c.ior();
                    case Eval.XOR -> c.ixor();
                    default -> {
                        c.loadConstant(b.op);
                        c.invokestatic(CD_EVAL, "alu2", MT_ALU);
                    }
                }
            }
            default -> throw new IllegalStateException("unknown node " + a.getClass());
        }
    }
}
