package io.tcplens.render.tcpdump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Name resolution when {@code -n} is not given. Unlike tcpdump, tcplens never asks DNS: host
 * names come from {@code /etc/hosts} only, port names from {@code /etc/services} (first name of
 * each tcp/udp entry). Unknown addresses and ports stay numeric. Tables are loaded once.
 */
final class Names {
    private final Map<Integer, String> v4 = new HashMap<>();
    private final Map<String, String> v6 = new HashMap<>();
    final String[] tcpPorts = new String[65536];
    final String[] udpPorts = new String[65536];

    static Names load() {
        Names n = new Names();
        n.readHosts(Path.of("/etc/hosts"));
        n.readServices(Path.of("/etc/services"));
        return n;
    }

    /**
     * The whitespace-separated fields of each line of a hosts/services-style file, comments
     * removed, for lines with at least two fields; empty when the file cannot be read.
     */
    private static List<String[]> fields(Path p) {
        List<String> lines;
        try {
            lines = Files.readAllLines(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return List.of();
        }
        List<String[]> out = new java.util.ArrayList<>(lines.size());
        for (String line : lines) {
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2) out.add(f);
        }
        return out;
    }

    private void readHosts(Path p) {
        for (String[] f : fields(p)) {
            String addr = f[0];
            if (addr.indexOf(':') >= 0) {
                byte[] b = parse6(addr);
                if (b != null) v6.putIfAbsent(key6(b, 0), f[1]);
            } else {
                String[] q = addr.split("\\.");
                if (q.length != 4) continue;
                try {
                    int v = 0;
                    for (String s : q) {
                        int x = Integer.parseInt(s);
                        if (x < 0 || x > 255) throw new NumberFormatException();
                        v = (v << 8) | x;
                    }
                    v4.putIfAbsent(v, f[1]);
                } catch (NumberFormatException ignored) {
                    // not an address
                }
            }
        }
    }

    private void readServices(Path p) {
        for (String[] f : fields(p)) {
            int slash = f[1].indexOf('/');
            if (slash < 0) continue;
            try {
                int port = Integer.parseInt(f[1].substring(0, slash));
                if (port < 0 || port > 65535) continue;
                String proto = f[1].substring(slash + 1);
                if (proto.equals("tcp") && tcpPorts[port] == null) tcpPorts[port] = f[0];
                if (proto.equals("udp") && udpPorts[port] == null) udpPorts[port] = f[0];
            } catch (NumberFormatException ignored) {
                // malformed line
            }
        }
    }

    String host4(int addr) { return v4.get(addr); }

    String host6(byte[] b, int off) { return v6.isEmpty() ? null : v6.get(key6(b, off)); }

    private static String key6(byte[] b, int off) {
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 16; i++) sb.append(Integer.toHexString(b[off + i] & 0xFF)).append('.');
        return sb.toString();
    }

    private static byte[] parse6(String s) {
        try {
            int pct = s.indexOf('%');
            if (pct >= 0) s = s.substring(0, pct);
            return java.net.InetAddress.getByName(s).getAddress().length == 16
                    ? java.net.InetAddress.getByName(s).getAddress() : null;
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
