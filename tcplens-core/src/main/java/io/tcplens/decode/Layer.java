package io.tcplens.decode;

/** Kinds of header a {@link Packet} records on its layer stack, outermost first. */
public final class Layer {
    private Layer() {}

    public static final int ETHERNET = 1;
    public static final int VLAN = 2;
    public static final int SLL = 3;
    public static final int SLL2 = 4;
    public static final int NULL_LOOP = 5;
    public static final int MPLS = 6;
    public static final int PPPOE = 7;
    public static final int IPV4 = 8;
    public static final int IPV6 = 9;
    public static final int GRE = 10;
    public static final int UDP = 11;
    public static final int VXLAN = 12;
    public static final int GENEVE = 13;
    public static final int TCP = 14;
    public static final int ICMP = 15;
    public static final int ICMP6 = 16;
    public static final int ARP = 17;
    /** Raw IP link (no link header); the next layer starts at the same offset. */
    public static final int RAW = 18;
    /** IPv4 non-first fragment, or an IPv6 fragment with a non-zero offset: no transport header. */
    public static final int FRAGMENT = 19;
    /** A transport or link payload tcplens does not decode further. */
    public static final int OTHER = 20;
    /** 802.2 LLC with a SNAP header carrying an ethertype. */
    public static final int LLC_SNAP = 21;
    /** An 802.11 data frame (as Aruba access points tunnel them in GRE). */
    public static final int WLAN = 22;
    /** A PPP header (link type PPP, or HDLC-framed PPP); the protocol field says what follows. */
    public static final int PPP = 23;
    /** Linux ARCNET header. */
    public static final int ARCNET = 24;
    /** Juniper pseudo-header (magic, flags, extension TLVs). */
    public static final int JUNIPER = 25;
    /** NFLOG header and the TLVs before the packet payload. */
    public static final int NFLOG = 26;
    /** IP over InfiniBand pseudo-header. */
    public static final int IPOIB = 27;
    /** 802.1ah provider backbone I-TAG; the customer's Ethernet header follows. */
    public static final int PBB = 28;
    /** Cisco FabricPath outer header (ethertype 0x8903, FTAG/TTL); an Ethernet frame follows. */
    public static final int FABRICPATH = 29;
    /** AYIYA tunnel header (UDP port 5072). */
    public static final int AYIYA = 30;
    /** GTPv1-U header with its optional fields and extension headers (UDP port 2152). */
    public static final int GTP = 31;
    /** IPv4 or IPv6 addresses with SCTP and others are recorded as OTHER with the protocol number. */

    public static String name(int type) {
        return switch (type) {
            case ETHERNET -> "ethernet";
            case VLAN -> "vlan";
            case SLL -> "sll";
            case SLL2 -> "sll2";
            case NULL_LOOP -> "null";
            case MPLS -> "mpls";
            case PPPOE -> "pppoe";
            case IPV4 -> "ipv4";
            case IPV6 -> "ipv6";
            case GRE -> "gre";
            case UDP -> "udp";
            case VXLAN -> "vxlan";
            case GENEVE -> "geneve";
            case TCP -> "tcp";
            case ICMP -> "icmp";
            case ICMP6 -> "icmp6";
            case ARP -> "arp";
            case RAW -> "raw";
            case FRAGMENT -> "fragment";
            case LLC_SNAP -> "llc";
            case WLAN -> "wlan";
            case PPP -> "ppp";
            case ARCNET -> "arcnet";
            case JUNIPER -> "juniper";
            case NFLOG -> "nflog";
            case IPOIB -> "ipoib";
            case PBB -> "pbb";
            case FABRICPATH -> "fabricpath";
            case AYIYA -> "ayiya";
            case GTP -> "gtp";
            default -> "other";
        };
    }
}
