package io.tcplens.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides, as libpcap's optimizer does, whether a filter can select anything at all: tcpdump
 * refuses an expression that "rejects all packets" (for example {@code tcp and udp}). Like the
 * optimizer's edge folding, it knows along each evaluation path that a value compared equal to a
 * constant is not equal to any other constant, and that the same comparison of the same value gives
 * the same answer; everything else is an independent unknown. Gives up (answers "satisfiable") past
 * a work budget.
 */
final class Satisfiability {
    private Satisfiability() {}

    private record Fact(String key, int op, int k, boolean outcome, Fact next) {}

    private record Outcome(boolean value, Fact facts) {}

    private static final class Budget {
        int left = 200_000;
    }

    private static final class GiveUp extends RuntimeException {
        GiveUp() { super(null, null, false, false); }
    }

    static boolean satisfiable(Eval.Cond root) {
        try {
            for (Outcome o : eval(root, null, new Budget())) if (o.value) return true;
            return false;
        } catch (GiveUp g) {
            return true;
        }
    }

    private static List<Outcome> eval(Eval.Cond n, Fact facts, Budget b) {
        if (--b.left < 0) throw new GiveUp();
        List<Outcome> out = new ArrayList<>(2);
        switch (n) {
            case Eval.Const c -> out.add(new Outcome(c.v, facts));
            case Eval.And a -> {
                for (Outcome l : eval(a.l, facts, b)) {
                    if (!l.value) out.add(l);
                    else out.addAll(eval(a.r, l.facts, b));
                }
            }
            case Eval.Or o -> {
                for (Outcome l : eval(o.l, facts, b)) {
                    if (l.value) out.add(l);
                    else out.addAll(eval(o.r, l.facts, b));
                }
            }
            case Eval.Not x -> {
                for (Outcome o : eval(x.x, facts, b)) out.add(new Outcome(!o.value, o.facts));
            }
            default -> atom(n, facts, out);
        }
        if (out.size() > 4096) throw new GiveUp();
        return out;
    }

    private static void atom(Eval.Cond n, Fact facts, List<Outcome> out) {
        String key;
        int op;
        int k;
        switch (n) {
            case Eval.Cmp c -> { key = "L" + c.off + ":" + c.size + ":" + c.mask; op = c.op; k = c.k; }
            case Eval.HalfEq h -> { key = "L" + h.off + ":2:-1"; op = Eval.JEQ; k = h.k; }
            case Eval.ByteEq h -> { key = "L" + h.off + ":1:-1"; op = Eval.JEQ; k = h.k; }
            case Eval.TransCmp t -> { key = "T" + t.nl + ":" + t.off + ":" + t.size; op = t.op; k = t.k; }
            case Eval.LenCmp l -> { key = "LEN"; op = l.op; k = l.k; }
            default -> { key = "R" + n; op = -1; k = 0; }
        }
        for (Fact f = facts; f != null; f = f.next) {
            if (!f.key.equals(key)) continue;
            if (f.op == op && f.k == k) {
                out.add(new Outcome(f.outcome, facts));
                return;
            }
            if (f.op == Eval.JEQ && f.outcome && op == Eval.JEQ && f.k != k) {
                out.add(new Outcome(false, facts));
                return;
            }
        }
        out.add(new Outcome(true, new Fact(key, op, k, true, facts)));
        out.add(new Outcome(false, new Fact(key, op, k, false, facts)));
    }
}
