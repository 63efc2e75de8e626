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

    /** Juniper PCAP extension TLV types (print-juniper.c jnx_ext_tlv_values). */
    static String juniperExtTlv(int t) {
        return switch (t) {
            case 1 -> "Device Interface Index";
            case 2 -> "Device Interface Name";
            case 3 -> "Device Media Type";
            case 4 -> "Logical Interface Index";
            case 5 -> "Logical Unit Number";
            case 6 -> "Logical Interface Encapsulation";
            case 7 -> "TTP derived Device Media Type";
            case 8 -> "TTP derived Logical Interface Encapsulation";
            default -> null;
        };
    }

    /** Juniper device media types (juniper_ifmt_values). */
    static String juniperMediaType(int t) {
        return switch (t) {
            case 1 -> "Ethernet";
            case 2 -> "FDDI";
            case 3 -> "Token-Ring";
            case 4 -> "PPP";
            case 57 -> "PPP-Subordinate";
            case 5 -> "Frame-Relay";
            case 6 -> "Cisco-HDLC";
            case 7 -> "SMDS-DXI";
            case 8 -> "ATM-PVC";
            case 9 -> "PPP-CCC";
            case 10 -> "Frame-Relay-CCC";
            case 48 -> "Extended FR-CCC";
            case 11 -> "IP-over-IP";
            case 12 -> "GRE";
            case 13 -> "PIM-Encapsulator";
            case 14 -> "PIM-Decapsulator";
            case 15 -> "Cisco-HDLC-CCC";
            case 16 -> "VLAN-CCC";
            case 32 -> "Extended-VLAN-CCC";
            case 17 -> "Multilink-PPP";
            case 18 -> "Multilink-FR";
            case 39 -> "Multilink-FR-UNI-NNI";
            case 19 -> "Multilink";
            case 40 -> "LinkService";
            case 20 -> "LSI";
            case 22 -> "ATM-CCC-Cell-Relay";
            case 23 -> "IPSEC-over-IP";
            case 24 -> "GGSN";
            case 27 -> "PPP-TCC";
            case 28 -> "Frame-Relay-TCC";
            case 49 -> "Extended FR-TCC";
            case 29 -> "Cisco-HDLC-TCC";
            case 30 -> "Ethernet-CCC";
            case 31 -> "VPN-Loopback-tunnel";
            case 33 -> "Ethernet-over-ATM";
            case 46 -> "Ethernet-VPLS-over-ATM";
            case 34 -> "Monitor";
            case 35 -> "Ethernet-TCC";
            case 36 -> "VLAN-TCC";
            case 37 -> "Extended-VLAN-TCC";
            case 38 -> "Controller";
            case 41 -> "VPLS";
            case 42 -> "VLAN-VPLS";
            case 43 -> "Extended-VLAN-VPLS";
            case 44 -> "Logical-tunnel";
            case 45 -> "General-Services";
            case 56 -> "PPPoE";
            case 52 -> "Flexible-Ethernet-Services";
            case 50 -> "Flexible-FrameRelay";
            case 53 -> "Flow-collection";
            case 60 -> "PIC Peer";
            case 59 -> "Dynamic-Flow-Capture";
            default -> null;
        };
    }

    /** Juniper logical interface encapsulations (juniper_ifle_values). */
    static String juniperEncapsulation(int t) {
        return switch (t) {
            case 59 -> "Aggregator";
            case 9 -> "CCC over ATM";
            case 32 -> "ATM CCC Cell Relay";
            case 26 -> "CISCO compatible NLPID";
            case 56 -> "Ethernet over ATM CCC";
            case 41 -> "Ethernet over ATM LLC";
            case 53 -> "Ethernet VPLS over ATM LLC";
            case 5 -> "ATM LLC";
            case 55 -> "MLPPP over ATM LLC";
            case 3 -> "ATM NLPID";
            case 61 -> "PPPoE over ATM LLC";
            case 8 -> "PPP over FUNI";
            case 7 -> "PPP over ATM LLC";
            case 6 -> "PPP over ATM VCMUX";
            case 2 -> "ATM SNAP";
            case 43 -> "ATM SNAP TCC";
            case 35 -> "ATM VCMUX TCC";
            case 4 -> "ATM VCMUX";
            case 18 -> "C-HDLC";
            case 25 -> "C-HDLC CCC";
            case 65 -> "C-HDLC via dialer";
            case 38 -> "C-HDLC TCC";
            case 58 -> "Collector";
            case 33 -> "Crypto";
            case 14 -> "Ethernet";
            case 39 -> "Ethernet CCC";
            case 51 -> "Extended VLAN VPLS";
            case 62 -> "PPPoE over Ethernet";
            case 45 -> "Ethernet TCC";
            case 50 -> "VLAN VPLS";
            case 49 -> "VPLS";
            case 42 -> "Extended VLAN CCC";
            case 47 -> "Extended VLAN TCC";
            case 13 -> "FR CCC";
            case 10 -> "FR NLPID";
            case 54 -> "FR CCC";
            case 12 -> "FR PPP";
            case 11 -> "FR SNAP";
            case 36 -> "FR TCC";
            case 34 -> "GGSN";
            case 22 -> "GRE NULL";
            case 23 -> "PPP over GRE";
            case 20 -> "IPIP";
            case 60 -> "LAPD";
            case 30 -> "LSI Null";
            case 57 -> "LT VLAN";
            case 48 -> "MFR";
            case 29 -> "MLFR";
            case 28 -> "MLPPP";
            case 44 -> "Monitor";
            case 24 -> "PIMd";
            case 21 -> "PIM Null";
            case 17 -> "PPP";
            case 63 -> "PPPoE";
            case 19 -> "PPP CCC";
            case 64 -> "";
            case 37 -> "PPP TCC";
            case 52 -> "General Services";
            case 27 -> "VLAN CCC";
            case 46 -> "VLAN TCC";
            case 40 -> "VT";
            default -> null;
        };
    }
}
