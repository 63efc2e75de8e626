package io.tcplens.filter;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcplens.capture.Frame;
import io.tcplens.capture.LinkType;
import io.tcplens.testing.FuzzSeeds;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter compiler under random input: random expression text ({@link #expressionText}) and
 * random, grammatical expressions built node by node ({@link #randomAst}). Compiling either gives a
 * filter or a {@link FilterException}, nothing else; and where it compiles, the evaluator tree and
 * the bytecode generated from it agree on every frame (bundled-capture frames, damaged by the input,
 * and raw input bytes).
 */
class FilterFuzzTest {
    static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.RAW, LinkType.NULL, LinkType.LINUX_SLL,
            LinkType.LINUX_SLL2, LinkType.LOOP, LinkType.IPV4, LinkType.IPV6, LinkType.PPP, LinkType.FDDI, LinkType.IPOIB};

    /** Real frames to filter, grouped by link type (loaded once). */
    static final List<Frame> FRAMES = load();

    static List<Frame> load() {
        List<Frame> out = new ArrayList<>();
        try {
            for (Path p : TestPaths.capturesUnder(TestPaths.captures())) out.addAll(FuzzSeeds.frames(p, 30));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @FuzzTest(maxDuration = "10m")
    void expressionText(FuzzedDataProvider data) {
        int linkType = LINK_TYPES[data.consumeInt(0, LINK_TYPES.length - 1)];
        String expression = data.consumeString(300);
        compileAndCompare(expression, linkType, data);
    }

    @FuzzTest(maxDuration = "10m")
    void randomAst(FuzzedDataProvider data) {
        int linkType = LINK_TYPES[data.consumeInt(0, LINK_TYPES.length - 1)];
        StringBuilder sb = new StringBuilder();
        expr(data, sb, 0);
        compileAndCompare(sb.toString(), linkType, data);
    }

    @Test
    void theGrammarReachesTheBackEnds() {
        // Not a fuzz run: a fixed sample of the generator, to prove it makes filters that compile.
        int compiled = 0;
        java.util.Random r = new java.util.Random(13);
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[200];
            r.nextBytes(b);
            var data = new SimpleData(b);
            StringBuilder sb = new StringBuilder();
            expr(data, sb, 0);
            if (compileAndCompare(sb.toString(), LinkType.ETHERNET, data)) compiled++;
        }
        assertThat(compiled).isGreaterThan(60);
    }

    @Test
    void longRunsOfWordCharactersLexInLinearTime() {
        // Fuzz finding 2: 120 '-' took 140 ms, 1,000 about 1.3 s and 20,000 minutes (every prefix of
        // the run was looked up as a keyword and a number name, and matched against every pattern).
        // 3,000 now take a fraction of a second. (An identifier followed by a long run, "a---...",
        // is still quadratic in the run: the longest-match search; see docs/FUZZING.md.)
        for (String e : List.of("-".repeat(3_000) + "1", "1 = " + "-".repeat(3_000) + "1", ".".repeat(3_000),
                "ip[" + "-".repeat(3_000) + "0] = 1")) {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(3), () -> {
                try {
                    FilterCompiler.compile(e, LinkType.ETHERNET);
                } catch (FilterException ex) {
                    assertThat(ex.getMessage()).isNotBlank();
                }
            }, e.substring(0, 8) + "...");
        }
    }

    @Test
    void deeplyNestedExpressionsAreAClearError() throws Exception {
        // Fuzz finding 3: 3,000 unary minuses or parentheses overflowed the stack (an internal error).
        for (String e : List.of("1 = " + "-".repeat(50_000) + "1", "(".repeat(50_000) + "tcp" + ")".repeat(50_000),
                "not ".repeat(50_000) + "tcp", "1 = " + "(".repeat(50_000) + "1" + ")".repeat(50_000))) {
            // run on a thread with a small stack, so the overflow is certain whatever the default
            FilterException[] got = new FilterException[1];
            Throwable[] other = new Throwable[1];
            Thread t = new Thread(null, () -> {
                try {
                    FilterCompiler.compile(e, LinkType.ETHERNET);
                } catch (FilterException x) {
                    got[0] = x;
                } catch (Throwable x) {
                    other[0] = x;
                }
            }, "deep", 256 * 1024);
            t.start();
            t.join();
            assertThat(other[0]).as(e.substring(0, 8)).isNull();
            assertThat(got[0]).as(e.substring(0, 8)).isNotNull();
            assertThat(got[0].getMessage()).isEqualTo("expression is nested too deeply");
        }
    }

    // ------------------------------------------------------------------ the grammar

    static final String[] PRIMITIVES = {
            "tcp", "udp", "icmp", "ip", "ip6", "arp", "rarp", "icmp6", "sctp", "igmp", "vlan", "vlan 100", "mpls", "mpls 16",
            "pppoes", "pppoed", "geneve", "ether broadcast", "ether multicast", "ip broadcast", "ip multicast",
            "host 10.0.0.1", "src host 192.168.1.1", "dst host ::1", "net 10.0.0.0/8", "net 2001:db8::/32",
            "src net 172.16", "port 80", "src port 443", "dst port 22", "portrange 1-1024", "tcp port 80",
            "udp port 53", "ether host 00:11:22:33:44:55", "ether src aa:bb:cc:dd:ee:ff", "less 100", "greater 60",
            "proto \\tcp", "ip proto 6", "ip6 proto 17", "tcp[tcpflags] & tcp-syn != 0",
            "tcp[tcpflags] & (tcp-rst|tcp-fin) != 0", "icmp[icmptype] = icmp-echo", "ip[6:2] & 0x1fff != 0",
            "len > 1500", "ether proto 0x0800", "ip and tcp", "inbound", "outbound", "gateway 10.1.1.1",
            "wlan host 00:11:22:33:44:55", "llc", "stp", "atalk", "decnet", "iso", "netbeui", "ip6 multicast",
            "ip6[6] = 6", "tcp[13] = 2", "udp[8:4] = 0x12345678", "ether[12:2] = 0x86dd", "ip[0] & 0xf > 5",
            "tcp src portrange 1000-2000", "vlan and ip", "vlan and vlan", "mpls and mpls and ip", "pppoes 3",
    };
    static final String[] FIELDS = {"ether", "ip", "ip6", "tcp", "udp", "icmp", "icmp6", "vlan", "mpls", "sctp", "igmp", "arp"};
    static final String[] RELOPS = {"=", "==", "!=", "<", "<=", ">", ">="};
    static final String[] ALUOPS = {"+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"};

    /** A random expression: a tree of and/or/not over primitives and arithmetic relations. */
    static void expr(Data d, StringBuilder sb, int depth) {
        int kind = depth > 5 ? d.pick(3) : d.pick(8);
        switch (kind) {
            case 0, 1 -> sb.append(PRIMITIVES[d.pick(PRIMITIVES.length)]);
            case 2 -> {
                arith(d, sb, depth + 1);
                sb.append(' ').append(RELOPS[d.pick(RELOPS.length)]).append(' ');
                arith(d, sb, depth + 1);
            }
            case 3 -> { sb.append("not "); expr(d, sb, depth + 1); }
            case 4 -> { sb.append('('); expr(d, sb, depth + 1); sb.append(')'); }
            case 5 -> { expr(d, sb, depth + 1); sb.append(" and "); expr(d, sb, depth + 1); }
            case 6 -> { expr(d, sb, depth + 1); sb.append(" or "); expr(d, sb, depth + 1); }
            default -> { expr(d, sb, depth + 1); sb.append(d.pick(2) == 0 ? " && " : " || "); expr(d, sb, depth + 1); }
        }
    }

    static void arith(Data d, StringBuilder sb, int depth) {
        int kind = depth > 5 ? d.pick(3) : d.pick(7);
        switch (kind) {
            case 0 -> sb.append(d.number());
            case 1 -> sb.append("len");
            case 2 -> {
                sb.append(FIELDS[d.pick(FIELDS.length)]).append('[').append(d.pick(80));
                int size = d.pick(4);
                if (size > 0) sb.append(':').append(new int[] {1, 2, 4}[size - 1]);
                sb.append(']');
            }
            case 3 -> {
                sb.append(FIELDS[d.pick(FIELDS.length)]).append('[');
                arith(d, sb, depth + 1);
                sb.append(']');
            }
            case 4 -> { sb.append('-'); arith(d, sb, depth + 1); }
            case 5 -> { sb.append('('); arith(d, sb, depth + 1); sb.append(')'); }
            default -> {
                arith(d, sb, depth + 1);
                sb.append(' ').append(ALUOPS[d.pick(ALUOPS.length)]).append(' ');
                arith(d, sb, depth + 1);
            }
        }
    }

    // ------------------------------------------------------------------ both back ends

    /** Compiles; where it compiles, compares tree and bytecode on frames. True when it compiled. */
    static boolean compileAndCompare(String expression, int linkType, Data data) {
        Eval.Cond tree;
        try {
            // Through the public entry first: that is what the commands call.
            FilterCompiler.compile(expression, linkType);
            Ast.Node ast = Parser.parse(expression);
            if (ast == null) return false;
            try {
                tree = new CodeGen(linkType, CodeGen.NullOrder.EITHER, expression).gen(ast);
            } catch (Parser.Unsupported u) {
                return false;
            }
        } catch (FilterException e) {
            assertThat(e.getMessage()).isNotBlank();
            return false;
        }
        Eval.Cond code = BytecodeGen.compile(tree);
        if (!(tree instanceof Eval.Const)) {
            // BytecodeGen falls back to the tree when generation fails: that would hide a bug.
            assertThat(code).as("bytecode for %s", expression).isNotSameAs(tree);
        }
        for (int i = 0; i < 8 && !FRAMES.isEmpty(); i++) {
            Frame f = FRAMES.get(data.pick(FRAMES.size()));
            byte[] b = java.util.Arrays.copyOfRange(f.buffer(), f.offset(), f.offset() + f.captureLength());
            for (int k = 0, edits = data.pick(4); k < edits && b.length > 0; k++) b[data.pick(b.length)] = (byte) data.pick(256);
            int caplen = b.length == 0 ? 0 : b.length - data.pick(Math.min(b.length, 16));
            agree(expression, tree, code, b, caplen, f.wireLength());
        }
        byte[] raw = data.rest();
        agree(expression, tree, code, raw, raw.length, raw.length + 4);
        return true;
    }

    static void agree(String expression, Eval.Cond tree, Eval.Cond code, byte[] b, int caplen, int wire) {
        // Put the frame at an offset, as the readers do: a load must be relative to it.
        byte[] buf = new byte[caplen + 3];
        System.arraycopy(b, 0, buf, 3, caplen);
        boolean t = test(tree, buf, caplen, wire);
        boolean c = test(code, buf, caplen, wire);
        assertThat(c).as("bytecode vs tree for '%s' on %s", expression, hex(b, caplen)).isEqualTo(t);
    }

    static boolean test(Eval.Cond c, byte[] buf, int caplen, int wire) {
        try {
            return c.test(buf, 3, caplen, wire);
        } catch (Eval.Oob e) {
            return false;   // libpcap: a load past the captured bytes rejects the packet
        }
    }

    static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, 96); i++) sb.append(String.format("%02x", b[i]));
        return sb.toString();
    }

    // ------------------------------------------------------------------ input

    /** Choices, from Jazzer's provider when fuzzing, from a fixed array in the sample test. */
    interface Data {
        int pick(int n);          // 0..n-1
        String number();
        byte[] rest();
    }

    static void expr(FuzzedDataProvider d, StringBuilder sb, int depth) { expr(new JazzerData(d), sb, depth); }

    static boolean compileAndCompare(String expression, int linkType, FuzzedDataProvider d) {
        return compileAndCompare(expression, linkType, new JazzerData(d));
    }

    record JazzerData(FuzzedDataProvider d) implements Data {
        public int pick(int n) { return n <= 1 ? 0 : d.consumeInt(0, n - 1); }
        public String number() {
            return switch (d.consumeInt(0, 3)) {
                case 0 -> Integer.toString(d.consumeInt(0, 255));
                case 1 -> "0x" + Long.toHexString(d.consumeLong(0, 0xFFFFFFFFL));
                case 2 -> Long.toString(d.consumeLong(0, 0xFFFFFFFFL));
                default -> Long.toString(d.consumeLong());
            };
        }
        public byte[] rest() { return d.consumeRemainingAsBytes(); }
    }

    static final class SimpleData implements Data {
        private final byte[] b;
        private int i;
        SimpleData(byte[] b) { this.b = b; }
        private int next() { return b[i++ % b.length] & 0xFF; }
        public int pick(int n) { return n <= 1 ? 0 : (next() << 8 | next()) % n; }
        public String number() { return Integer.toString(next() << 8 | next()); }
        public byte[] rest() { return java.util.Arrays.copyOfRange(b, Math.min(i, b.length), b.length); }
    }
}
