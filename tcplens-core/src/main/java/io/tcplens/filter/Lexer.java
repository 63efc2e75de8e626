package io.tcplens.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Splits a filter expression into tokens exactly as libpcap's flex scanner does: longest match
 * wins, and among equally long matches the rule listed first in scanner.l (keywords before
 * numbers before addresses before plain names). Keywords are case-sensitive.
 */
final class Lexer {
    private Lexer() {}

    enum T {
        // qualifiers
        DST, SRC, HOST, GATEWAY, NET, NETMASK, PORT, PORTRANGE, LESS, GREATER, PROTO, PROTOCHAIN, CBYTE,
        // protocol names (pname)
        LINK, ARP, RARP, IP, SCTP, TCP, UDP, ICMP, IGMP, IGRP, PIM, VRRP, CARP, RADIO, IPV6, ICMPV6, AH, ESP,
        ATALK, AARP, DECNET, LAT, SCA, MOPRC, MOPDL, ISO, ESIS, ISIS, L1, L2, IIH, LSP, SNP, CSNP, PSNP, CLNP,
        STP, IPX, NETBEUI,
        // others
        TK_BROADCAST, TK_MULTICAST, AND, OR, NOT, LEN, INBOUND, OUTBOUND, IFINDEX, VLAN, MPLS, PPPOED, PPPOES,
        GENEVE, TYPE, SUBTYPE, DIR, ADDR1, ADDR2, ADDR3, ADDR4, RA, TA, LLC, UNSUPPORTED_KEYWORD,
        // punctuation
        PLUS, MINUS, STAR, SLASH, PERCENT, COLON, LBRACK, RBRACK, LT, GT, LPAREN, RPAREN, AMP, PIPE, CARET,
        EQ, GEQ, LEQ, NEQ, LSH, RSH,
        // values
        NUM, ID, HID, HID6, EID, AID,
        EOF
    }

    record Token(T kind, String text, long num, int start, int end) {
        @Override public String toString() { return kind + "(" + text + ")@" + start; }
    }

    private static final Map<String, T> KEYWORDS = new HashMap<>();
    private static final Map<String, Long> NUM_NAMES = new HashMap<>();

    private static void kw(T t, String... words) {
        for (String w : words) {
            KEYWORDS.put(w, t);
            MAX_KEYWORD = Math.max(MAX_KEYWORD, w.length());
        }
    }

    /**
     * Lengths of the longest keyword and number name: no longer prefix of a word run needs looking
     * up. Looking up every prefix (a substring each) was cubic in a long run of word characters
     * such as '-' (fuzz finding 2: seconds for a few hundred, minutes for thousands).
     */
    private static int MAX_KEYWORD, MAX_NUM_NAME;

    static {
        kw(T.DST, "dst"); kw(T.SRC, "src");
        kw(T.LINK, "link", "ether", "ppp", "slip", "fddi", "tr", "wlan");
        kw(T.ARP, "arp"); kw(T.RARP, "rarp"); kw(T.IP, "ip"); kw(T.SCTP, "sctp"); kw(T.TCP, "tcp");
        kw(T.UDP, "udp"); kw(T.ICMP, "icmp"); kw(T.IGMP, "igmp"); kw(T.IGRP, "igrp"); kw(T.PIM, "pim");
        kw(T.VRRP, "vrrp"); kw(T.CARP, "carp"); kw(T.RADIO, "radio");
        kw(T.IPV6, "ip6"); kw(T.ICMPV6, "icmp6"); kw(T.AH, "ah"); kw(T.ESP, "esp");
        kw(T.ATALK, "atalk"); kw(T.AARP, "aarp"); kw(T.DECNET, "decnet"); kw(T.LAT, "lat"); kw(T.SCA, "sca");
        kw(T.MOPRC, "moprc"); kw(T.MOPDL, "mopdl");
        kw(T.ISO, "iso"); kw(T.ESIS, "esis", "es-is"); kw(T.ISIS, "isis", "is-is"); kw(T.L1, "l1"); kw(T.L2, "l2");
        kw(T.IIH, "iih"); kw(T.LSP, "lsp"); kw(T.SNP, "snp"); kw(T.CSNP, "csnp"); kw(T.PSNP, "psnp");
        kw(T.CLNP, "clnp"); kw(T.STP, "stp"); kw(T.IPX, "ipx"); kw(T.NETBEUI, "netbeui");
        kw(T.HOST, "host"); kw(T.NET, "net"); kw(T.NETMASK, "mask"); kw(T.PORT, "port");
        kw(T.PORTRANGE, "portrange"); kw(T.PROTO, "proto"); kw(T.PROTOCHAIN, "protochain");
        kw(T.GATEWAY, "gateway");
        kw(T.TYPE, "type"); kw(T.SUBTYPE, "subtype"); kw(T.DIR, "direction", "dir");
        kw(T.ADDR1, "address1", "addr1"); kw(T.ADDR2, "address2", "addr2"); kw(T.ADDR3, "address3", "addr3");
        kw(T.ADDR4, "address4", "addr4"); kw(T.RA, "ra"); kw(T.TA, "ta");
        kw(T.LESS, "less"); kw(T.GREATER, "greater"); kw(T.CBYTE, "byte");
        kw(T.TK_BROADCAST, "broadcast"); kw(T.TK_MULTICAST, "multicast");
        kw(T.AND, "and"); kw(T.OR, "or"); kw(T.NOT, "not");
        kw(T.LEN, "len", "length"); kw(T.INBOUND, "inbound"); kw(T.OUTBOUND, "outbound");
        kw(T.IFINDEX, "ifindex");
        kw(T.VLAN, "vlan"); kw(T.MPLS, "mpls"); kw(T.PPPOED, "pppoed"); kw(T.PPPOES, "pppoes");
        kw(T.GENEVE, "geneve");
        kw(T.LLC, "llc");
        // ATM, PF, MTP2/MTP3 keywords: recognised (so they are not names) but not supported by tcplens.
        kw(T.UNSUPPORTED_KEYWORD, "lane", "metac", "bcc", "oam", "oamf4", "oamf4ec", "oamf4sc", "sc", "ilmic",
                "vpi", "vci", "connectmsg", "metaconnect", "on", "ifname", "rset", "ruleset", "rnr", "rulenum",
                "srnr", "subrulenum", "reason", "action", "fisu", "lssu", "lsu", "msu", "hfisu", "hlssu", "hmsu",
                "sio", "opc", "dpc", "sls", "hsio", "hopc", "hdpc", "hsls");

        Object[][] nums = {
                {"icmptype", 0L}, {"icmpcode", 1L}, {"icmp-echoreply", 0L}, {"icmp-unreach", 3L},
                {"icmp-sourcequench", 4L}, {"icmp-redirect", 5L}, {"icmp-echo", 8L}, {"icmp-routeradvert", 9L},
                {"icmp-routersolicit", 10L}, {"icmp-timxceed", 11L}, {"icmp-paramprob", 12L},
                {"icmp-tstamp", 13L}, {"icmp-tstampreply", 14L}, {"icmp-ireq", 15L}, {"icmp-ireqreply", 16L},
                {"icmp-maskreq", 17L}, {"icmp-maskreply", 18L},
                {"icmp6type", 0L}, {"icmp6code", 1L},
                {"icmp6-destinationunreach", 1L}, {"icmp6-packettoobig", 2L}, {"icmp6-timeexceeded", 3L},
                {"icmp6-parameterproblem", 4L}, {"icmp6-echo", 128L}, {"icmp6-echoreply", 129L},
                {"icmp6-multicastlistenerquery", 130L}, {"icmp6-multicastlistenerreportv1", 131L},
                {"icmp6-multicastlistenerdone", 132L}, {"icmp6-routersolicit", 133L},
                {"icmp6-routeradvert", 134L}, {"icmp6-neighborsolicit", 135L}, {"icmp6-neighboradvert", 136L},
                {"icmp6-redirect", 137L}, {"icmp6-routerrenum", 138L}, {"icmp6-nodeinformationquery", 139L},
                {"icmp6-nodeinformationresponse", 140L}, {"icmp6-ineighbordiscoverysolicit", 141L},
                {"icmp6-ineighbordiscoveryadvert", 142L}, {"icmp6-multicastlistenerreportv2", 143L},
                {"icmp6-homeagentdiscoveryrequest", 144L}, {"icmp6-homeagentdiscoveryreply", 145L},
                {"icmp6-mobileprefixsolicit", 146L}, {"icmp6-mobileprefixadvert", 147L},
                {"icmp6-certpathsolicit", 148L}, {"icmp6-certpathadvert", 149L},
                {"icmp6-multicastrouteradvert", 151L}, {"icmp6-multicastroutersolicit", 152L},
                {"icmp6-multicastrouterterm", 153L},
                {"tcpflags", 13L}, {"tcp-fin", 0x01L}, {"tcp-syn", 0x02L}, {"tcp-rst", 0x04L},
                {"tcp-push", 0x08L}, {"tcp-ack", 0x10L}, {"tcp-urg", 0x20L}, {"tcp-ece", 0x40L},
                {"tcp-cwr", 0x80L},
        };
        for (Object[] n : nums) {
            NUM_NAMES.put((String) n[0], (Long) n[1]);
            MAX_NUM_NAME = Math.max(MAX_NUM_NAME, ((String) n[0]).length());
        }
    }

    private static final String W = "[0-9A-Fa-f]{1,4}";
    private static final String N = "(?:[0-9]+|0[xX][0-9A-Fa-f]+)";
    private static final String B = "[0-9A-Fa-f]{1,2}";
    private static final String B2 = "[0-9A-Fa-f]{4}";
    private static final Pattern P_N = Pattern.compile(N);
    private static final Pattern P_HID = Pattern.compile(N + "\\." + N + "(?:\\." + N + "(?:\\." + N + ")?)?");
    private static final Pattern P_MAC = Pattern.compile(
            B + ":" + B + ":" + B + ":" + B + ":" + B + ":" + B
            + "|" + B + "-" + B + "-" + B + "-" + B + "-" + B + "-" + B
            + "|" + B + "\\." + B + "\\." + B + "\\." + B + "\\." + B + "\\." + B
            + "|" + B2 + "\\." + B2 + "\\." + B2
            + "|(?:" + B2 + "){3}");
    private static final Pattern P_BOGUS_MAC = Pattern.compile(B + ":+(?:" + B + ":+)+");
    private static final Pattern P_AID = Pattern.compile("\\$" + B);
    private static final Pattern P_ID = Pattern.compile("[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?");
    private static final Pattern P_V6 = Pattern.compile(v6Pattern());

    private static String groups(int n, boolean trailingColon) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (!trailingColon && i > 0) sb.append(':');
            sb.append(W);
            if (trailingColon) sb.append(':');
        }
        return sb.toString();
    }

    private static String v6Pattern() {
        List<String> alts = new ArrayList<>();
        alts.add(groups(8, false));
        String v4 = N + "\\." + N + "\\." + N + "\\." + N;
        for (int total = 7; total >= 0; total--) {
            for (int a = 0; a <= total; a++) {
                alts.add(groups(a, false) + "::" + groups(total - a, false));
            }
        }
        alts.add(groups(6, true) + v4);
        for (int total = 5; total >= 0; total--) {
            for (int a = 0; a <= total; a++) {
                alts.add(groups(a, false) + "::" + groups(total - a, true) + v4);
            }
        }
        return "(?:" + String.join("|", alts) + ")";
    }

    private static boolean wordChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '.' || c == '_' || c == ':' || c == '-' || c == '$';
    }

    /** Length of the longest prefix of s[from, to) that the pattern matches entirely; 0 if none. */
    private static int longest(Pattern p, String s, int from, int to) {
        // lookingAt() finds whether any prefix matches, in one pass: without it, every position of
        // a long run of word characters none of the patterns can start with ('-' or '.', a fuzz
        // finding) tried every end, quadratic in the run (seconds for a few hundred '-').
        java.util.regex.Matcher m = p.matcher(s).region(from, to);
        if (!m.lookingAt()) return 0;
        int some = m.end();
        for (int end = to; end > some; end--) {
            if (m.reset().region(from, end).matches()) return end - from;
        }
        return some - from;
    }

    static List<Token> tokenize(String s) throws FilterException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\r' || c == '\n' || c == '\t') { i++; continue; }
            // Two-character operators (longer than the one-character ones).
            if (i + 1 < n) {
                String two = s.substring(i, i + 2);
                T t2 = switch (two) {
                    case ">=" -> T.GEQ; case "<=" -> T.LEQ; case "!=" -> T.NEQ; case "==" -> T.EQ;
                    case "<<" -> T.LSH; case ">>" -> T.RSH; case "&&" -> T.AND; case "||" -> T.OR;
                    default -> null;
                };
                if (t2 != null) { out.add(new Token(t2, two, 0, i, i + 2)); i += 2; continue; }
            }
            if (c == '\\') {
                int j = i + 1;
                while (j < n && " !()\n\t".indexOf(s.charAt(j)) < 0) j++;
                if (j > i + 1) {
                    out.add(new Token(T.ID, s.substring(i + 1, j), 0, i, j));
                    i = j;
                    continue;
                }
                throw new FilterSyntaxException(i, "a token (unexpected character '\\')");
            }
            int runEnd = i;
            while (runEnd < n && wordChar(s.charAt(runEnd))) runEnd++;
            // Candidates, in scanner.l rule order; the longest wins, ties go to the earlier rule.
            int bestLen = 0;
            T bestKind = null;
            // 1. keywords
            for (int end = Math.min(runEnd, i + MAX_KEYWORD); end > i; end--) {
                String w = s.substring(i, end);
                T k = KEYWORDS.get(w);
                if (k != null) { bestLen = end - i; bestKind = k; break; }
            }
            // 2. one-character operators
            T op = switch (c) {
                case '+' -> T.PLUS; case '-' -> T.MINUS; case '*' -> T.STAR; case '/' -> T.SLASH;
                case '%' -> T.PERCENT; case ':' -> T.COLON; case '[' -> T.LBRACK; case ']' -> T.RBRACK;
                case '!' -> T.NOT; case '<' -> T.LT; case '>' -> T.GT; case '(' -> T.LPAREN;
                case ')' -> T.RPAREN; case '&' -> T.AMP; case '|' -> T.PIPE; case '^' -> T.CARET;
                case '=' -> T.EQ;
                default -> null;
            };
            if (op != null && bestLen < 1) { bestLen = 1; bestKind = op; }
            int kindRank = 0; // which value rule won, for the ones that need post-processing
            int len;
            if ((len = longest(P_AID, s, i, runEnd)) > bestLen) { bestLen = len; bestKind = T.AID; }
            if ((len = longest(P_MAC, s, i, runEnd)) > bestLen) { bestLen = len; bestKind = T.EID; kindRank = 1; }
            if ((len = longest(P_N, s, i, runEnd)) > bestLen) { bestLen = len; bestKind = T.NUM; kindRank = 2; }
            if ((len = longest(P_HID, s, i, runEnd)) > bestLen) { bestLen = len; bestKind = T.HID; }
            if ((len = longest(P_V6, s, i, runEnd)) > bestLen) { bestLen = len; bestKind = T.HID6; }
            if ((len = longest(P_BOGUS_MAC, s, i, runEnd)) > bestLen) { bestLen = len; bestKind = T.EID; kindRank = 3; }
            for (int end = Math.min(runEnd, i + MAX_NUM_NAME); end > i + bestLen; end--) {
                Long v = NUM_NAMES.get(s.substring(i, end));
                if (v != null) { bestLen = end - i; bestKind = T.NUM; kindRank = 4; break; }
            }
            if ((len = longest(P_ID, s, i, runEnd)) > bestLen) { bestLen = len; bestKind = T.ID; }
            if (bestKind == null) {
                throw new FilterSyntaxException(i, "a token (unexpected character '" + c + "')");
            }
            String text = s.substring(i, i + bestLen);
            long num = 0;
            if (bestKind == T.NUM) {
                if (kindRank == 4) num = NUM_NAMES.get(text);
                else if (kindRank == 2) num = parseNumber(text);
            } else if (bestKind == T.EID && kindRank == 3) {
                throw new FilterException("bogus ethernet address " + text);
            } else if (bestKind == T.HID6) {
                if (Addresses.parseIPv6(text) == null) throw new FilterException("bogus IPv6 address " + text);
            }
            out.add(new Token(bestKind, text, num, i, i + bestLen));
            i += bestLen;
        }
        out.add(new Token(T.EOF, "", 0, n, n));
        return out;
    }

    /** libpcap's stou(): decimal, 0x hex or 0-prefixed octal, unsigned 32 bits. */
    static long parseNumber(String t) throws FilterException {
        long v = 0;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            for (int k = 2; k < t.length(); k++) {
                if (v > 0xFFFFFFFL) throw new FilterException("number " + t + " overflows 32 bits");
                v = (v << 4) + Character.digit(t.charAt(k), 16);
            }
        } else if (t.startsWith("0")) {
            for (int k = 1; k < t.length(); k++) {
                int d = t.charAt(k) - '0';
                if (d > 7) throw new FilterException("number " + t + " contains non-octal digit");
                if (v > 03777777777L) throw new FilterException("number " + t + " overflows 32 bits");
                v = (v << 3) + d;
            }
        } else {
            for (int k = 0; k < t.length(); k++) {
                int d = t.charAt(k) - '0';
                if (v > 0xFFFFFFFFL / 10 || (v == 0xFFFFFFFFL / 10 && d > 0xFFFFFFFFL % 10)) {
                    throw new FilterException("number " + t + " overflows 32 bits");
                }
                v = v * 10 + d;
            }
        }
        return v;
    }
}
