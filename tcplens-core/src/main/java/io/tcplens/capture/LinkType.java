package io.tcplens.capture;

/** LINKTYPE_ values (the numbers stored in capture files) that tcplens understands, and their names. */
public final class LinkType {
    private LinkType() {}

    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    public static final int RAW = 101;
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;
    /** DLT_RAW on some BSDs (value 12 or 14 in files written there). */
    public static final int RAW_BSD12 = 12;
    public static final int RAW_BSD14 = 14;
    public static final int FDDI = 10;
    /** PPP with optional HDLC-like address/control bytes (DLT_PPP). */
    public static final int PPP = 9;
    /** Linux ARCNET: source, destination, 2-byte offset, protocol id. */
    public static final int ARCNET_LINUX = 129;
    /** Juniper Ethernet: "MGC" magic, flags, optional extension TLVs, then an Ethernet frame. */
    public static final int JUNIPER_ETHER = 178;
    /** Linux netfilter NFLOG: family, version, resource id, then TLVs (one is the packet). */
    public static final int NFLOG = 239;
    /** IP over InfiniBand (RFC 4391) with Linux's 44-byte pseudo-header. */
    public static final int IPOIB = 242;

    public static boolean isSupported(int linkType) {
        return switch (linkType) {
            case NULL, ETHERNET, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2, RAW_BSD12, RAW_BSD14, FDDI,
                 PPP, ARCNET_LINUX, JUNIPER_ETHER, NFLOG, IPOIB -> true;
            default -> false;
        };
    }

    /** tcpdump's DLT name, as in "link-type EN10MB (Ethernet)". */
    public static String dltName(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "EN10MB";
            case RAW, RAW_BSD12, RAW_BSD14 -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            case FDDI -> "FDDI";
            case PPP -> "PPP";
            case ARCNET_LINUX -> "ARCNET_LINUX";
            case JUNIPER_ETHER -> "JUNIPER_ETHER";
            case NFLOG -> "NFLOG";
            case IPOIB -> "IPOIB";
            default -> Others.name(linkType);
        };
    }

    /** tcpdump's description, as in "link-type EN10MB (Ethernet)". */
    public static String description(int linkType) {
        return switch (linkType) {
            case NULL -> "BSD loopback";
            case ETHERNET -> "Ethernet";
            case RAW, RAW_BSD12, RAW_BSD14 -> "Raw IP";
            case LOOP -> "OpenBSD loopback";
            case LINUX_SLL -> "Linux cooked v1";
            case IPV4 -> "Raw IPv4";
            case IPV6 -> "Raw IPv6";
            case LINUX_SLL2 -> "Linux cooked v2";
            case PPP -> "PPP";
            case ARCNET_LINUX -> "Linux ARCNET";
            case JUNIPER_ETHER -> "Juniper Ethernet";
            case NFLOG -> "Linux netfilter log messages";
            case IPOIB -> "RFC 4391 IP-over-Infiniband";
            default -> Others.description(linkType);
        };
    }

    /**
     * The names libpcap gives the link types tcplens does not decode, so a message can say which one
     * a capture has ("IEEE802_11 (802.11)", not "DLT_105"): read from the table
     * scripts/golden-linktypes.sh made with the real tcpdump, once, when first asked.
     */
    private static final class Others {
        private static final java.util.Map<Integer, String[]> TABLE = load();

        static String name(int linkType) {
            String[] e = TABLE.get(linkType);
            return e != null ? e[0] : "DLT_" + linkType;
        }

        static String description(int linkType) {
            String[] e = TABLE.get(linkType);
            return e != null ? e[1] : "unknown";
        }

        private static java.util.Map<Integer, String[]> load() {
            java.util.Map<Integer, String[]> m = new java.util.HashMap<>();
            try (var in = LinkType.class.getResourceAsStream("linktypes.tsv")) {
                if (in == null) return m;   // names only: without the table a number is still a number
                for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    String[] f = line.split("\t");
                    if (line.startsWith("#") || f.length != 3) continue;
                    m.put(Integer.parseInt(f[0]), new String[] {f[1], f[2]});
                }
            } catch (java.io.IOException | NumberFormatException e) {
                // as without the table
            }
            return m;
        }
    }
}
