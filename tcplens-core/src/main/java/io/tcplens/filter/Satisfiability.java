package io.tcplens.filter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, as libpcap's optimizer does, whether a filter can select anything at all: tcpdump
 * refuses an expression that "rejects all packets" (for example {@code tcp and udp}).
 *
 * <p>The filter is laid out as a control-flow graph of comparisons, like BPF code, and the
 * optimizer's jump threading is imitated: an edge that enters a comparison whose outcome is known
 * from the facts on that edge jumps straight to the right successor; where outcomes are unknown,
 * edges meet, and only the facts common to all of them survive (dominators). Facts are those
 * libpcap uses: the same comparison of the same value gives the same answer, and a value found
 * equal to a constant differs from every other constant. Gives up (answers "satisfiable") past a
 * work budget.
 */
final class Satisfiability {
    private Satisfiability() {}

    private record Fact(String key, int op, int k, boolean outcome) {}

    private static final class Block {
        final Eval.Cond atom;   // null for the two terminals
        final Block t, f;
        final List<Set<Fact>> incoming = new ArrayList<>();
        Block(Eval.Cond atom, Block t, Block f) { this.atom = atom; this.t = t; this.f = f; }
    }

    static boolean satisfiable(Eval.Cond root) {
        Block accept = new Block(null, null, null);
        Block reject = new Block(null, null, null);
        List<Block> created = new ArrayList<>();
        Block entry = build(root, accept, reject, created);
        entry.incoming.add(new HashSet<>());
        int budget = 50_000;
        // Blocks only point to blocks created before them: reverse creation order is topological.
        for (int i = created.size() - 1; i >= 0; i--) {
            Block b = created.get(i);
            if (b.incoming.isEmpty()) continue;
            String key = key(b.atom);
            int op = op(b.atom);
            int k = konst(b.atom);
            List<Set<Fact>> landed = new ArrayList<>();
            for (Set<Fact> facts : b.incoming) {
                if (--budget < 0) return true;
                Boolean known = decide(facts, key, op, k);
                if (known == null) landed.add(facts);
                else (known ? b.t : b.f).incoming.add(facts);
            }
            b.incoming.clear();
            if (landed.isEmpty()) continue;
            Set<Fact> common = new HashSet<>(landed.get(0));
            for (int j = 1; j < landed.size(); j++) common.retainAll(landed.get(j));
            Set<Fact> yes = new HashSet<>(common);
            yes.add(new Fact(key, op, k, true));
            Set<Fact> no = new HashSet<>(common);
            no.add(new Fact(key, op, k, false));
            b.t.incoming.add(yes);
            b.f.incoming.add(no);
        }
        return !accept.incoming.isEmpty();
    }

    private static Block build(Eval.Cond n, Block t, Block f, List<Block> created) {
        switch (n) {
            case Eval.Const c -> { return c.v ? t : f; }
            case Eval.And a -> {
                Block r = build(a.r, t, f, created);
                return build(a.l, r, f, created);
            }
            case Eval.Or o -> {
                Block r = build(o.r, t, f, created);
                return build(o.l, t, r, created);
            }
            case Eval.Not x -> { return build(x.x, f, t, created); }
            default -> {
                Block b = new Block(n, t, f);
                created.add(b);
                return b;
            }
        }
    }

    private static Boolean decide(Set<Fact> facts, String key, int op, int k) {
        for (Fact f : facts) {
            if (!f.key.equals(key)) continue;
            if (f.op == op && f.k == k) return f.outcome;
            if (f.op == Eval.JEQ && f.outcome && op == Eval.JEQ && f.k != k) return false;
        }
        return null;
    }

    private static String key(Eval.Cond n) {
        return switch (n) {
            case Eval.Cmp c -> "L" + c.off + ":" + c.size + ":" + c.mask;
            case Eval.HalfEq h -> "L" + h.off + ":2:-1";
            case Eval.ByteEq h -> "L" + h.off + ":1:-1";
            case Eval.TransCmp t -> "T" + t.nl + ":" + t.off + ":" + t.size;
            case Eval.LenCmp l -> "LEN";
            default -> "R" + n;
        };
    }

    private static int op(Eval.Cond n) {
        return switch (n) {
            case Eval.Cmp c -> c.op;
            case Eval.TransCmp t -> t.op;
            case Eval.LenCmp l -> l.op;
            case Eval.HalfEq h -> Eval.JEQ;
            case Eval.ByteEq h -> Eval.JEQ;
            default -> -1;
        };
    }

    private static int konst(Eval.Cond n) {
        return switch (n) {
            case Eval.Cmp c -> c.k;
            case Eval.TransCmp t -> t.k;
            case Eval.LenCmp l -> l.k;
            case Eval.HalfEq h -> h.k;
            case Eval.ByteEq h -> h.k;
            default -> 0;
        };
    }
}
