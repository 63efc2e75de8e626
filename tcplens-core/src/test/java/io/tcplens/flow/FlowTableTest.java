package io.tcplens.flow;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FlowTableTest {

    private static byte[] v4(int a) { return new byte[] {(byte) (a >> 24), (byte) (a >> 16), (byte) (a >> 8), (byte) a}; }

    @Test
    void bothDirectionsFindTheSameEntry() {
        FlowTable<String> t = new FlowTable<>(16);
        byte[] buf = new byte[8];
        System.arraycopy(v4(0x0A000001), 0, buf, 0, 4);
        System.arraycopy(v4(0x0A000002), 0, buf, 4, 4);
        t.load(buf, 0, 4, 4, 40000, 80);
        assertThat(t.loadedForward()).isTrue();
        assertThat(t.get()).isNull();
        t.put("c");
        t.load(buf, 4, 0, 4, 80, 40000);
        assertThat(t.loadedForward()).isFalse();
        assertThat(t.get()).isEqualTo("c");
        t.load(buf, 4, 0, 4, 80, 40001);
        assertThat(t.get()).isNull();
        // Same address and ports in IPv6 (::a00:1) is another key.
        byte[] b6 = new byte[32];
        b6[12] = 10; b6[15] = 1; b6[16 + 12] = 10; b6[31] = 2;
        t.load(b6, 0, 16, 16, 40000, 80);
        assertThat(t.get()).isNull();
    }

    @Test
    void growsAndRemovesLikeAMap() {
        FlowTable<Integer> t = new FlowTable<>(16);
        Map<Long, Integer> ref = new HashMap<>();
        Random rnd = new Random(7);
        byte[] buf = new byte[8];
        for (int i = 0; i < 20000; i++) {
            int a = rnd.nextInt(64), b = rnd.nextInt(64), p = rnd.nextInt(32);
            System.arraycopy(v4(a), 0, buf, 0, 4);
            System.arraycopy(v4(b), 0, buf, 4, 4);
            t.load(buf, 0, 4, 4, 1000 + p, 80);
            long key = Math.min(((long) a << 20) | (1000 + p), ((long) b << 20) | 80) << 32
                    | Math.max(((long) a << 20) | (1000 + p), ((long) b << 20) | 80);
            int op = rnd.nextInt(3);
            if (op == 0) { assertThat(t.put(i)).isEqualTo(ref.put(key, i)); }
            else if (op == 1) { assertThat(t.remove()).isEqualTo(ref.remove(key)); }
            else { assertThat(t.get()).isEqualTo(ref.get(key)); }
            assertThat(t.size()).isEqualTo(ref.size());
        }
    }
}
