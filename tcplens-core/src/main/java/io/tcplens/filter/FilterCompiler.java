package io.tcplens.filter;

import io.tcplens.capture.Frame;

/**
 * Compiles tcpdump filter expressions (pcap-filter(7)) into {@link PacketFilter}s that select
 * exactly the packets tcpdump 4.99 / libpcap 1.10 select.
 *
 * <p>Like BPF, the filter works on raw offsets for the capture's link type, not on a decoded
 * packet: 'tcp' does not look inside 802.1Q tags unless 'vlan' came earlier in the expression,
 * tunnels are not entered, and a load beyond the captured bytes rejects the packet.
 *
 * <p>The returned filter is compiled for {@code linkType}; a frame of another link type (pcapng
 * files can mix interfaces) gets the expression compiled for its own link type on first sight
 * (frames of a link type the expression cannot be compiled for are rejected).
 */
public final class FilterCompiler {
    private FilterCompiler() {}

    /**
     * Compiles {@code expression} for captures of {@code linkType}. For LINKTYPE_NULL the address
     * family word is accepted in either byte order (libpcap uses the capture file's byte order; see
     * {@link #compile(String, int, java.nio.ByteOrder)} to match it exactly).
     *
     * @return {@link PacketFilter#ALL} for an empty (or blank) expression
     * @throws FilterSyntaxException if the expression does not parse
     * @throws FilterException if libpcap would reject it too (unknown host, no VLAN on this link type...),
     *                         or the link type is not supported
     */
    public static PacketFilter compile(String expression, int linkType) throws FilterException {
        return compile(expression, linkType, null);
    }

    /**
     * As {@link #compile(String, int)}, with the byte order of the capture file (which decides how
     * libpcap matches LINKTYPE_NULL's host-byte-order address family); null accepts either.
     */
    public static PacketFilter compile(String expression, int linkType, java.nio.ByteOrder fileOrder)
            throws FilterException {
        try {
            return compileTree(expression, linkType, fileOrder);
        } catch (StackOverflowError e) {
            // The parser, code generator and satisfiability check recurse over the expression: a
            // few thousand nested '(' or '-' (fuzz finding 3) ran out of stack. libpcap's parser
            // stack is bounded too; say so instead of failing with an internal error.
            throw new FilterException("expression is nested too deeply");
        }
    }

    private static PacketFilter compileTree(String expression, int linkType, java.nio.ByteOrder fileOrder)
            throws FilterException {
        Ast.Node ast = Parser.parse(expression == null ? "" : expression);
        if (ast == null) return PacketFilter.ALL;
        CodeGen.NullOrder order = fileOrder == null ? CodeGen.NullOrder.EITHER
                : fileOrder == java.nio.ByteOrder.BIG_ENDIAN ? CodeGen.NullOrder.BIG : CodeGen.NullOrder.LITTLE;
        if (linkType < 0) {
            // Link type not known yet (a pcapng file before its first interface): compile per frame.
            return new Compiled(ast, expression, order, -1, Eval.Const.FALSE);
        }
        Eval.Cond root = generate(ast, linkType, order, expression);
        return new Compiled(ast, expression, order, linkType, root);
    }

    /** Joins command-line words the way tcpdump does (with single spaces). */
    public static String join(java.util.List<String> words) {
        return words == null ? "" : String.join(" ", words);
    }

    static Eval.Cond generate(Ast.Node ast, int linkType, CodeGen.NullOrder order, String expression)
            throws FilterException {
        CodeGen g = new CodeGen(linkType, order, expression);
        Eval.Cond root;
        try {
            root = g.gen(ast);
        } catch (Parser.Unsupported u) {
            throw new FilterException(u.getMessage());
        }
        if (root == Eval.Const.FALSE || !Satisfiability.satisfiable(root)) {
            throw new FilterException("expression rejects all packets");
        }
        if (Boolean.getBoolean("tcplens.filter.tree")) return root;
        return BytecodeGen.compile(root);
    }

    /** A readable form of the compiled evaluator tree, for tests and debugging. */
    static String describe(String expression, int linkType) throws FilterException {
        Ast.Node ast = Parser.parse(expression);
        if (ast == null) return "true";
        CodeGen g = new CodeGen(linkType, CodeGen.NullOrder.EITHER, expression);
        return g.gen(ast).toString();
    }

    static final class Compiled implements PacketFilter {
        private final Ast.Node ast;
        private final String expression;
        private final CodeGen.NullOrder order;
        private final int linkType;
        private final Eval.Cond root;
        // Other link types seen in the same capture (pcapng), compiled on demand.
        private int[] otherTypes = new int[0];
        private Eval.Cond[] otherRoots = new Eval.Cond[0];

        Compiled(Ast.Node ast, String expression, CodeGen.NullOrder order, int linkType, Eval.Cond root) {
            this.ast = ast;
            this.expression = expression;
            this.order = order;
            this.linkType = linkType;
            this.root = root;
        }

        @Override
        public boolean matches(Frame f) {
            Eval.Cond r = f.linkType() == linkType ? root : forLinkType(f.linkType());
            try {
                return r.test(f.buffer(), f.offset(), f.captureLength(), f.wireLength());
            } catch (Eval.Oob e) {
                return false;
            }
        }

        private synchronized Eval.Cond forLinkType(int lt) {
            for (int i = 0; i < otherTypes.length; i++) if (otherTypes[i] == lt) return otherRoots[i];
            Eval.Cond c;
            try {
                c = generate(ast, lt, order, expression);
            } catch (FilterException | StackOverflowError e) {
                c = Eval.Const.FALSE;
            }
            otherTypes = java.util.Arrays.copyOf(otherTypes, otherTypes.length + 1);
            otherRoots = java.util.Arrays.copyOf(otherRoots, otherRoots.length + 1);
            otherTypes[otherTypes.length - 1] = lt;
            otherRoots[otherRoots.length - 1] = c;
            return c;
        }

        /** The evaluator for the compiled link type (a generated class unless the tree was asked for). */
        Eval.Cond root() { return root; }

        @Override
        public String toString() { return "filter(" + expression + ")"; }
    }
}
