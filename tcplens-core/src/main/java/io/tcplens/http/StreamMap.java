package io.tcplens.http;

/**
 * Stream number → value, open addressing with linear probing: no boxed key per lookup (the HTTP
 * tracker looks a stream up for every segment). Removal shifts later entries back, so the table
 * never fills with tombstones and memory follows the entries present.
 */
final class StreamMap<V> {
    private int[] keys;
    private Object[] values;
    private int size;

    StreamMap() {
        keys = new int[64];
        values = new Object[64];
    }

    int size() { return size; }

    @SuppressWarnings("unchecked")
    V get(int key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) return null;
            if (keys[i] == key) return (V) v;
        }
    }

    void put(int key, V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        int mask = keys.length - 1;
        int i = slot(key, mask);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) { values[i] = value; return; }
        }
        keys[i] = key;
        values[i] = value;
        if (++size * 4 > keys.length * 3) resize(keys.length * 2);
    }

    @SuppressWarnings("unchecked")
    V remove(int key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (true) {
            Object v = values[i];
            if (v == null) return null;
            if (keys[i] == key) break;
            i = (i + 1) & mask;
        }
        V old = (V) values[i];
        // Shift back the entries of the same probe run that could not sit at i while it was taken.
        int hole = i;
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
        size--;
        if (keys.length > 64 && size * 8 < keys.length) resize(keys.length / 2);
        return old;
    }

    private void resize(int capacity) {
        int[] ok = keys;
        Object[] ov = values;
        keys = new int[capacity];
        values = new Object[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < ok.length; i++) {
            if (ov[i] == null) continue;
            int j = slot(ok[i], mask);
            while (values[j] != null) j = (j + 1) & mask;
            keys[j] = ok[i];
            values[j] = ov[i];
        }
    }

    private static int slot(int key, int mask) {
        int h = key * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
