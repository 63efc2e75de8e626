package io.tcplens.filter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Address and name conversions as libpcap does them, without touching the network: host names
 * come from /etc/hosts only, port names from /etc/services, protocol names from /etc/protocols
 * (with small built-in tables when those files are missing).
 */
final class Addresses {
    private Addresses() {}

    static final int PROTO_UNDEF = -1;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_SCTP = 132;

    /** libpcap's __pcap_atoin: dotted decimal with 1..4 parts; returns {value, bits} or null if invalid. */
    static long[] atoin(String s) {
        long addr = 0;
        int len = 0;
        int i = 0;
        while (true) {
            long n = 0;
            while (i < s.length() && s.charAt(i) != '.') {
                if (n > 25) return null;
                n = n * 10 + (s.charAt(i++) - '0');
            }
            if (n > 255) return null;
            addr = ((addr << 8) | (n & 0xff)) & 0xFFFFFFFFL;
            len += 8;
            if (i >= s.length()) return new long[] {addr, len};
            i++;
        }
    }

    /** Parses an IPv6 literal (optionally with a trailing dotted quad); null when malformed. */
    static byte[] parseIPv6(String s) {
        byte[] out = new byte[16];
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) return null;
        List<Integer> head = new ArrayList<>();
        List<Integer> tail = new ArrayList<>();
        if (dbl >= 0) {
            if (!groups(s.substring(0, dbl), head, false)) return null;
            if (!groups(s.substring(dbl + 2), tail, true)) return null;
            if (head.size() + tail.size() > 7) return null;
        } else {
            if (!groups(s, head, true)) return null;
            if (head.size() != 8) return null;
        }
        int k = 0;
        for (int g : head) { out[k++] = (byte) (g >> 8); out[k++] = (byte) g; }
        k = 16 - 2 * tail.size();
        for (int g : tail) { out[k++] = (byte) (g >> 8); out[k++] = (byte) g; }
        return out;
    }

    private static boolean groups(String s, List<Integer> out, boolean allowV4) {
        if (s.isEmpty()) return true;
        String[] parts = s.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (allowV4 && i == parts.length - 1 && p.contains(".")) {
                String[] q = p.split("\\.", -1);
                if (q.length != 4) return false;
                int[] v = new int[4];
                for (int j = 0; j < 4; j++) {
                    if (q[j].isEmpty() || q[j].length() > 3 || !q[j].chars().allMatch(Character::isDigit)) return false;
                    v[j] = Integer.parseInt(q[j]);
                    if (v[j] > 255) return false;
                }
                out.add(v[0] << 8 | v[1]);
                out.add(v[2] << 8 | v[3]);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) return false;
            int g = 0;
            for (int j = 0; j < p.length(); j++) {
                int d = Character.digit(p.charAt(j), 16);
                if (d < 0) return false;
                g = g * 16 + d;
            }
            out.add(g);
        }
        return true;
    }

    /** libpcap's pcap_ether_aton: hex digit pairs separated by ':', '.' or '-' (or none). */
    static byte[] etherAton(String s) {
        byte[] e = new byte[6];
        int k = 0;
        int i = 0;
        while (i < s.length() && k < 6) {
            char c = s.charAt(i);
            if (c == ':' || c == '.' || c == '-') i++;
            int d = Character.digit(s.charAt(i++), 16);
            if (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
                d = (d << 4) | Character.digit(s.charAt(i++), 16);
            }
            e[k++] = (byte) d;
        }
        return e;
    }

    /** Addresses of a host name from /etc/hosts, in file order: 4-byte and 16-byte arrays. */
    static List<byte[]> hostAddresses(String name) {
        List<byte[]> out = new ArrayList<>();
        for (String line : lines(Path.of("/etc/hosts"))) {
            String[] f = fields(line);
            if (f.length < 2) continue;
            boolean match = false;
            for (int i = 1; i < f.length; i++) if (f[i].equalsIgnoreCase(name)) match = true;
            if (!match) continue;
            byte[] a = f[0].contains(":") ? parseIPv6(f[0]) : ipv4Bytes(f[0]);
            if (a != null) out.add(a);
        }
        return out;
    }

    private static byte[] ipv4Bytes(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) return null;
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            try {
                int v = Integer.parseInt(p[i]);
                if (v < 0 || v > 255) return null;
                b[i] = (byte) v;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return b;
    }

    /**
     * libpcap's pcap_nametoport: looks the name up for TCP and for UDP; returns {port, proto} with
     * proto PROTO_UNDEF when both agree, or null when unknown.
     */
    static int[] port(String name) {
        int tcp = servicePort(name, "tcp");
        int udp = servicePort(name, "udp");
        if (tcp >= 0) {
            return new int[] {tcp, udp == tcp ? PROTO_UNDEF : IPPROTO_TCP};
        }
        if (udp >= 0) return new int[] {udp, IPPROTO_UDP};
        return null;
    }

    private static int servicePort(String name, String proto) {
        // getaddrinfo accepts a numeric service too.
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && name.length() < 10) {
            long v = Long.parseLong(name);
            return v <= 65535 ? (int) v : -1;
        }
        List<String> ls = lines(Path.of("/etc/services"));
        if (ls.isEmpty()) ls = List.of("http 80/tcp www", "http 80/udp", "https 443/tcp", "https 443/udp",
                "domain 53/tcp", "domain 53/udp", "ssh 22/tcp", "telnet 23/tcp", "smtp 25/tcp", "ftp 21/tcp",
                "ftp-data 20/tcp", "bootps 67/udp", "bootpc 68/udp", "ntp 123/udp", "snmp 161/udp");
        for (String line : ls) {
            String[] f = fields(line);
            if (f.length < 2) continue;
            int slash = f[1].indexOf('/');
            if (slash < 0 || !f[1].substring(slash + 1).equals(proto)) continue;
            boolean match = f[0].equals(name);
            for (int i = 2; i < f.length && !match; i++) match = f[i].equals(name);
            if (!match) continue;
            try {
                return Integer.parseInt(f[1].substring(0, slash));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** libpcap's pcap_nametoportrange: "a-b" with numbers or names; {p1, p2, proto} or null. */
    static int[] portRange(String name) {
        // sscanf("%d-%d")
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*([+-]?\\d+)-\\s*([+-]?\\d+)").matcher(name);
        if (m.find()) {
            try {
                return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), PROTO_UNDEF};
            } catch (NumberFormatException e) {
                return null;
            }
        }
        int dash = name.indexOf('-');
        if (dash < 0) return null;
        int[] a = port(name.substring(0, dash));
        if (a == null) return null;
        int[] b = port(name.substring(dash + 1));
        if (b == null) return null;
        return new int[] {a[0], b[0], a[1] == b[1] ? b[1] : PROTO_UNDEF};
    }

    /** getprotobyname(): /etc/protocols (name or alias). PROTO_UNDEF when unknown. */
    static int ipProto(String name) {
        List<String> ls = lines(Path.of("/etc/protocols"));
        if (ls.isEmpty()) ls = List.of("ip 0 IP", "icmp 1 ICMP", "igmp 2 IGMP", "tcp 6 TCP", "udp 17 UDP",
                "ipv6 41 IPv6", "ipv6-frag 44 IPv6-Frag", "gre 47 GRE", "esp 50 IPSEC-ESP", "ah 51 IPSEC-AH",
                "ipv6-icmp 58 IPv6-ICMP", "ipv6-nonxt 59 IPv6-NoNxt", "ipv6-opts 60 IPv6-Opts",
                "pim 103 PIM", "vrrp 112 VRRP", "sctp 132 SCTP");
        for (String line : ls) {
            String[] f = fields(line);
            if (f.length < 2) continue;
            boolean match = f[0].equals(name);
            for (int i = 2; i < f.length && !match; i++) match = f[i].equals(name);
            if (match) {
                try {
                    return Integer.parseInt(f[1]);
                } catch (NumberFormatException e) {
                    return PROTO_UNDEF;
                }
            }
        }
        return PROTO_UNDEF;
    }

    /** libpcap's pcap_nametoeproto then pcap_nametollc. */
    static int etherProto(String name) {
        return switch (name) {
            case "aarp" -> 0x80f3; case "arp" -> 0x0806; case "atalk" -> 0x809b; case "decnet" -> 0x6003;
            case "ip" -> 0x0800; case "ip6" -> 0x86dd; case "lat" -> 0x6004; case "loopback" -> 0x9000;
            case "mopdl" -> 0x6001; case "moprc" -> 0x6002; case "rarp" -> 0x8035; case "sca" -> 0x6007;
            case "iso" -> 0xfe; case "stp" -> 0x42; case "ipx" -> 0xe0; case "netbeui" -> 0xf0;
            default -> PROTO_UNDEF;
        };
    }

    private static String[] fields(String line) {
        int hash = line.indexOf('#');
        if (hash >= 0) line = line.substring(0, hash);
        line = line.trim();
        if (line.isEmpty()) return new String[0];
        return line.split("\\s+");
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
