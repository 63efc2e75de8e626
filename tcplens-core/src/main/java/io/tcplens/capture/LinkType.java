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

    public static boolean isSupported(int linkType) {
        return switch (linkType) {
            case NULL, ETHERNET, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2, RAW_BSD12, RAW_BSD14, FDDI -> true;
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
            default -> "DLT_" + linkType;
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
            default -> "unknown";
        };
    }
}
