package io.tcplens.flow;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An open-addressing hash table from a TCP connection's 4-tuple (both addresses and both
 * ports, direction-independent) to a value, keyed by primitives: no boxing and no key objects
 * per packet. The key of the current packet is loaded into the table's scratch key with
 * {@link #load} (reading the addresses straight from the packet buffer); {@link #get} and
 * {@link #put} then work on it. {@link #loadedForward()} tells whether the packet's source is
 * the key's first endpoint (A), which gives a stable direction index.
 *
 * <p>Canonical order: endpoint A is the one whose (address, port) compares lower (IPv4
 * addresses are mapped into the IPv6 space so both versions share the table without clashing:
 * the IP version is part of the key).
 */
public final class FlowTable<V> {
    private static final int W = 5; // longs per key: a.hi, a.lo, b.hi, b.lo, meta

    private long[] keys;
    private Object[] values;
    private int mask;
    private int size;

    // Scratch key of the packet being processed.
    private long kAh, kAl, kBh, kBl, kMeta;
    private boolean kForward;
    private int kHash;

    public FlowTable() { this(1 << 12); }

    public FlowTable(int initialCapacity) {
        int cap = Integer.highestOneBit(Math.max(16, initialCapacity) - 1) << 1;
        keys = new long[cap * W];
        values = new Object[cap];
        mask = cap - 1;
    }

    public int size() { return size; }

    /**
     * Loads the key of a packet: addresses of {@code addrLen} bytes (4 or 16) at the given
     * offsets of {@code buf}, and the two ports.
     */
    /**
     * A 64-bit hash of the connection's key, the same for both directions: what a split analysis
     * (the Spark job) partitions frames by, so both directions of a connection meet in one
     * partition. Two connections with the same hash only share a partition.
     */
    public static long connectionHash(byte[] buf, int srcOff, int dstOff, int addrLen, int srcPort, int dstPort) {
        FlowTable t = HASHER.get();
        t.load(buf, srcOff, dstOff, addrLen, srcPort, dstPort);
        long h = t.kAh * 0x9E3779B97F4A7C15L;
        h = (h ^ t.kAl) * 0x9E3779B97F4A7C15L;
        h = (h ^ t.kBh) * 0x9E3779B97F4A7C15L;
        h = (h ^ t.kBl) * 0x9E3779B97F4A7C15L;
        h = (h ^ t.kMeta) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 31);
    }

    /** A table per thread used only for its key scratch (no slots are ever filled). */
    private static final ThreadLocal<FlowTable> HASHER = ThreadLocal.withInitial(() -> new FlowTable(1));

    public void load(byte[] buf, int srcOff, int dstOff, int addrLen, int srcPort, int dstPort) {
        long sh, sl, dh, dl;
        if (addrLen == 4) {
            sh = 0; sl = u32(buf, srcOff);
            dh = 0; dl = u32(buf, dstOff);
        } else {
            sh = u64(buf, srcOff); sl = u64(buf, srcOff + 8);
            dh = u64(buf, dstOff); dl = u64(buf, dstOff + 8);
        }
        int c = Long.compareUnsigned(sh, dh);
        if (c == 0) c = Long.compareUnsigned(sl, dl);
        if (c == 0) c = Integer.compare(srcPort, dstPort);
        long version = addrLen == 4 ? 4L : 6L;
        if (c <= 0) {
            kAh = sh; kAl = sl; kBh = dh; kBl = dl;
            kMeta = (version << 32) | ((long) srcPort << 16) | dstPort;
            kForward = true;
        } else {
            kAh = dh; kAl = dl; kBh = sh; kBl = sl;
            kMeta = (version << 32) | ((long) dstPort << 16) | srcPort;
            kForward = false;
        }
        long h = kAh * 0x9E3779B97F4A7C15L;
        h = (h ^ kAl) * 0x9E3779B97F4A7C15L;
        h = (h ^ kBh) * 0x9E3779B97F4A7C15L;
        h = (h ^ kBl) * 0x9E3779B97F4A7C15L;
        h = (h ^ kMeta) * 0x9E3779B97F4A7C15L;
        kHash = (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }

    /** True when the loaded packet goes from endpoint A to endpoint B. */
    public boolean loadedForward() { return kForward; }

    /** Hash of the loaded key (stable for a connection, whatever the direction). */
    public int loadedHash() { return kHash; }

    /** The value stored under the loaded key, or null. */
    @SuppressWarnings("unchecked")
    public V get() {
        int i = kHash & mask;
        while (true) {
            Object v = values[i];
            if (v == null) return null;
            if (matches(i)) return (V) v;
            i = (i + 1) & mask;
        }
    }

    /** Stores (or replaces) the value under the loaded key; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    public V put(V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        int i = kHash & mask;
        while (true) {
            Object v = values[i];
            if (v == null) break;
            if (matches(i)) { values[i] = value; return (V) v; }
            i = (i + 1) & mask;
        }
        int o = i * W;
        keys[o] = kAh; keys[o + 1] = kAl; keys[o + 2] = kBh; keys[o + 3] = kBl; keys[o + 4] = kMeta;
        values[i] = value;
        if (++size * 4 > values.length * 3) grow();
        return null;
    }

    /** Removes the loaded key; returns the value that was stored, or null. */
    @SuppressWarnings("unchecked")
    public V remove() {
        int i = kHash & mask;
        while (true) {
            Object v = values[i];
            if (v == null) return null;
            if (matches(i)) {
                deleteAt(i);
                return (V) v;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Removes the entry holding exactly {@code value} (by identity) whose key hashes to {@code hash}
     * (see {@link #loadedHash()}), whatever its key; returns whether there was one.
     */
    public boolean removeValue(int hash, Object value) {
        int i = hash & mask;
        while (true) {
            Object v = values[i];
            if (v == null) return false;
            if (v == value) {
                deleteAt(i);
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /** Calls {@code action} for every value (in table order). */
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super V> action) {
        for (Object v : values) if (v != null) action.accept((V) v);
    }

    private void deleteAt(int i) {
        // Backward-shift deletion for linear probing.
        values[i] = null;
        size--;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (values[j] == null) return;
            int home = hashAt(j) & mask;
            boolean move = (j > i) ? (home <= i || home > j) : (home <= i && home > j);
            if (move) {
                System.arraycopy(keys, j * W, keys, i * W, W);
                values[i] = values[j];
                values[j] = null;
                i = j;
            }
        }
    }

    private int hashAt(int i) {
        int o = i * W;
        long h = keys[o] * 0x9E3779B97F4A7C15L;
        h = (h ^ keys[o + 1]) * 0x9E3779B97F4A7C15L;
        h = (h ^ keys[o + 2]) * 0x9E3779B97F4A7C15L;
        h = (h ^ keys[o + 3]) * 0x9E3779B97F4A7C15L;
        h = (h ^ keys[o + 4]) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }

    private boolean matches(int i) {
        int o = i * W;
        return keys[o + 4] == kMeta && keys[o + 1] == kAl && keys[o + 3] == kBl
                && keys[o] == kAh && keys[o + 2] == kBh;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        int cap = oldValues.length * 2;
        keys = new long[cap * W];
        values = new Object[cap];
        mask = cap - 1;
        for (int s = 0; s < oldValues.length; s++) {
            if (oldValues[s] == null) continue;
            int i = hashAt0(oldKeys, s) & mask;
            while (values[i] != null) i = (i + 1) & mask;
            System.arraycopy(oldKeys, s * W, keys, i * W, W);
            values[i] = oldValues[s];
        }
    }

    private static int hashAt0(long[] k, int s) {
        int o = s * W;
        long h = k[o] * 0x9E3779B97F4A7C15L;
        h = (h ^ k[o + 1]) * 0x9E3779B97F4A7C15L;
        h = (h ^ k[o + 2]) * 0x9E3779B97F4A7C15L;
        h = (h ^ k[o + 3]) * 0x9E3779B97F4A7C15L;
        h = (h ^ k[o + 4]) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }

    /** For tests and diagnostics: clears everything. */
    public void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    private static long u32(byte[] b, int o) {
        return ((b[o] & 0xFFL) << 24) | ((b[o + 1] & 0xFFL) << 16) | ((b[o + 2] & 0xFFL) << 8) | (b[o + 3] & 0xFFL);
    }

    private static long u64(byte[] b, int o) {
        return (u32(b, o) << 32) | u32(b, o + 4);
    }
}
