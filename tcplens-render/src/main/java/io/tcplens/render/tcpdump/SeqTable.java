package io.tcplens.render.tcpdump;

/**
 * tcpdump's table of initial sequence numbers for relative printing (print-tcp.c's
 * {@code tcp_seq_hash4}/{@code tcp_seq_hash6}), as an open-addressing hash map with primitive
 * int keys: nothing is boxed and nothing is allocated per lookup. Entries are never removed,
 * as in tcpdump.
 *
 * <p>A key is the canonical 4-tuple: source address words, destination address words and
 * {@code (sport << 16) | dport}, {@code words} ints in all (3 for IPv4, 9 for IPv6).
 */
final class SeqTable {
    private final int words;
    private int[] keys;
    private int[] seqBase;
    private int[] ackBase;
    private boolean[] used;
    private int mask;
    private int size;

    SeqTable(int words) {
        this.words = words;
        alloc(1024);
    }

    private void alloc(int cap) {
        keys = new int[cap * words];
        seqBase = new int[cap];
        ackBase = new int[cap];
        used = new boolean[cap];
        mask = cap - 1;
        size = 0;
    }

    int size() { return size; }

    private static int hash(int[] key, int words) {
        int h = 0x9E3779B9;
        for (int i = 0; i < words; i++) {
            h ^= key[i];
            h *= 0x85EBCA6B;
            h ^= h >>> 15;
        }
        return h ^ (h >>> 13);
    }

    /**
     * Finds the slot of {@code key}; if absent, returns {@code -(slot + 1)} of the free slot
     * where it would go.
     */
    int find(int[] key) {
        int i = hash(key, words) & mask;
        while (used[i]) {
            int base = i * words;
            boolean eq = true;
            for (int w = 0; w < words; w++) {
                if (keys[base + w] != key[w]) { eq = false; break; }
            }
            if (eq) return i;
            i = (i + 1) & mask;
        }
        return -(i + 1);
    }

    /** Inserts or overwrites: returns the slot. */
    int put(int[] key, int seq, int ack) {
        int s = find(key);
        if (s < 0) {
            if ((size + 1) * 2 > used.length) {
                grow();
                s = find(key);
            }
            if (s < 0) {
                s = -s - 1;
                used[s] = true;
                System.arraycopy(key, 0, keys, s * words, words);
                size++;
            }
        }
        seqBase[s] = seq;
        ackBase[s] = ack;
        return s;
    }

    int seq(int slot) { return seqBase[slot]; }
    int ack(int slot) { return ackBase[slot]; }

    private void grow() {
        int[] ok = keys;
        int[] os = seqBase;
        int[] oa = ackBase;
        boolean[] ou = used;
        alloc(ou.length * 2);
        int[] k = new int[words];
        for (int i = 0; i < ou.length; i++) {
            if (!ou[i]) continue;
            System.arraycopy(ok, i * words, k, 0, words);
            int s = -find(k) - 1;
            used[s] = true;
            System.arraycopy(k, 0, keys, s * words, words);
            seqBase[s] = os[i];
            ackBase[s] = oa[i];
            size++;
        }
    }
}
