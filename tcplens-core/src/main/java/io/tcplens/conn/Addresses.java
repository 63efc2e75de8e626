package io.tcplens.conn;

/** Text forms of IP addresses, without name lookups: the one formatter every command prints with. */
public final class Addresses {
    private Addresses() {}

    /**
     * Dotted quad for 4 bytes; for 16 bytes the text glibc's {@code inet_ntop} gives, which is what
     * tcpdump and tshark print: RFC 5952 compression of the longest run of at least two zero words
     * (the first of equal runs), lower-case hex, and the embedded-IPv4 forms {@code ::a.b.c.d} and
     * {@code ::ffff:a.b.c.d}.
     */
    public static String format(byte[] a) {
        if (a.length == 4) return ipv4(a, 0);
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) w[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        int bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (w[i] == 0) {
                if (curBase < 0) { curBase = i; curLen = 1; } else curLen++;
                if (curLen > bestLen) { bestBase = curBase; bestLen = curLen; }
            } else {
                curBase = -1;
                curLen = 0;
            }
        }
        if (bestLen < 2) bestBase = -1;
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) sb.append(':');
                continue;
            }
            if (i != 0) sb.append(':');
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xFFFF))) {
                sb.append(ipv4(a, 12));
                break;
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) sb.append(':');
        return sb.toString();
    }

    private static String ipv4(byte[] a, int o) {
        return (a[o] & 0xFF) + "." + (a[o + 1] & 0xFF) + "." + (a[o + 2] & 0xFF) + "." + (a[o + 3] & 0xFF);
    }
}
