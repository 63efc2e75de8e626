package io.tcplens.render.tcpdump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** tcpdump's name tables (tok structs) that the printer needs. */
final class Tables {
    private Tables() {}

    static String ethertype(int t) {
        return switch (t) {
            case 0x0800 -> "IPv4";
            case 0x8847 -> "MPLS unicast";
            case 0x8848 -> "MPLS multicast";
            case 0x86dd -> "IPv6";
            case 0x8100 -> "802.1Q";
            case 0x9100 -> "802.1Q-9100";
            case 0x88a8 -> "802.1Q-QinQ";
            case 0x9200 -> "802.1Q-9200";
            case 0x88e5 -> "802.1AE MACsec";
            case 0x8111 -> "VMAN";
            case 0x0200 -> "PUP";
            case 0x0806 -> "ARP";
            case 0x8035 -> "Reverse ARP";
            case 0x0600 -> "NS";
            case 0x0500 -> "Sprite";
            case 0x1000 -> "Trail";
            case 0x6001 -> "MOP DL";
            case 0x6002 -> "MOP RC";
            case 0x6003 -> "DN";
            case 0x6004 -> "LAT";
            case 0x6007 -> "SCA";
            case 0x6558 -> "TEB";
            case 0x8038 -> "Lanbridge";
            case 0x803c -> "DEC DNS";
            case 0x803e -> "DEC DTS";
            case 0x805b -> "VEXP";
            case 0x805c -> "VPROD";
            case 0x809b -> "Appletalk";
            case 0x80f3 -> "Appletalk ARP";
            case 0x8137 -> "IPX";
            case 0x880b -> "PPP";
            case 0x8808 -> "MPCP";
            case 0x8809 -> "Slow Protocols";
            case 0x8863 -> "PPPoE D";
            case 0x8864 -> "PPPoE S";
            case 0x888e -> "EAPOL";
            case 0x8899 -> "Realtek protocols";
            case 0x886f -> "MS NLB heartbeat";
            case 0x8870 -> "Jumbo";
            case 0x894f -> "NSH";
            case 0x9000 -> "Loopback";
            case 0xfefe -> "OSI";
            case 0x00fe -> "GRE-OSI";
            case 0xabcd -> "CFM (old)";
            case 0x8902 -> "CFM";
            case 0x893a -> "IEEE1905.1";
            case 0x88cc -> "LLDP";
            case 0x88ca -> "TIPC";
            case 0x0707 -> "GeoNet (old)";
            case 0x8947 -> "GeoNet";
            case 0x1111 -> "CALM FAST";
            case 0x88a2 -> "AoE";
            case 0x88f7 -> "PTP";
            case 0xd28b -> "Arista Vendor Specific Protocol";
            default -> null;
        };
    }

    static String ipproto(int p) {
        return switch (p) {
            case 0 -> "Options";
            case 1 -> "ICMP";
            case 2 -> "IGMP";
            case 4 -> "IPIP";
            case 6 -> "TCP";
            case 8 -> "EGP";
            case 9 -> "IGRP";
            case 17 -> "UDP";
            case 33 -> "DCCP";
            case 41 -> "IPv6";
            case 43 -> "Routing";
            case 44 -> "Fragment";
            case 46 -> "RSVP";
            case 47 -> "GRE";
            case 50 -> "ESP";
            case 51 -> "AH";
            case 55 -> "Mobile IP";
            case 58 -> "ICMPv6";
            case 62 -> "Mobile IP (old)";
            case 88 -> "EIGRP";
            case 89 -> "OSPF";
            case 103 -> "PIM";
            case 108 -> "Compressed IP";
            case 112 -> "VRRP";
            case 113 -> "PGM";
            case 132 -> "SCTP";
            case 135 -> "Mobility";
            case 143 -> "Ethernet";
            default -> null;
        };
    }

    static String tcpOption(int o) {
        return switch (o) {
            case 0 -> "eol";
            case 1 -> "nop";
            case 2 -> "mss";
            case 3 -> "wscale";
            case 4 -> "sackOK";
            case 5 -> "sack";
            case 6 -> "echo";
            case 7 -> "echoreply";
            case 8 -> "TS";
            case 11 -> "cc";
            case 12 -> "ccnew";
            case 13 -> "";
            case 19 -> "md5";
            case 20 -> "scps";
            case 28 -> "uto";
            case 29 -> "tcp-ao";
            case 30 -> "mptcp";
            case 34 -> "tfo";
            case 254 -> "exp";
            default -> null;
        };
    }

    static final String[] MPLS_LABELS = {
        "IPv4 explicit NULL", "router alert", "IPv6 explicit NULL", "implicit NULL", "rsvd",
        "rsvd", "rsvd", "rsvd", "rsvd", "rsvd", "rsvd", "rsvd", "rsvd", "rsvd", "rsvd", "rsvd",
    };

    static final String[] ICMP_UNREACH = {
        " net unreachable", " unreachable", " protocol unreachable", " port unreachable",
    };

    static final String[] HTTP_CMDS = {
        "GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY", "BMOVE", "MKCOL", "TRACE",
        "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY", "BDELETE", "CONNECT",
        "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE", "PROPPATCH", "BPROPFIND",
        "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE", "UNSUBSCRIBE", "RPC_CONNECT",
        "VERSION-CONTROL", "BASELINE-CONTROL",
    };

    static final String[] RTSP_CMDS = {
        "DESCRIBE", "ANNOUNCE", "GET_PARAMETER", "OPTIONS", "PAUSE", "PLAY", "RECORD", "REDIRECT",
        "SETUP", "SET_PARAMETER", "TEARDOWN",
    };

    /** Protocol names as getprotobynumber() gives them (for non-first fragments without -n). */
    static String netdbProto(int p) {
        return switch (p) {
            case 0 -> "ip";
            case 1 -> "icmp";
            case 2 -> "igmp";
            case 4 -> "ipencap";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 41 -> "ipv6";
            case 47 -> "gre";
            case 50 -> "esp";
            case 51 -> "ah";
            case 58 -> "ipv6-icmp";
            case 89 -> "ospf";
            case 132 -> "sctp";
            default -> null;
        };
    }

    private static Map<Integer, String> ifNames;

    /** if_indextoname on this host (tcpdump prints the reading host's names for SLL2 captures). */
    static synchronized String ifName(int index) {
        if (ifNames == null) {
            Map<Integer, String> m = new HashMap<>();
            try (var s = Files.list(Path.of("/sys/class/net"))) {
                s.forEach(d -> {
                    try {
                        int i = Integer.parseInt(Files.readString(d.resolve("ifindex")).trim());
                        m.put(i, d.getFileName().toString());
                    } catch (IOException | NumberFormatException ignored) {
                        // skip
                    }
                });
            } catch (IOException ignored) {
                // no sysfs
            }
            ifNames = m;
        }
        String n = ifNames.get(index);
        return n == null ? "?" : n;
    }
}
