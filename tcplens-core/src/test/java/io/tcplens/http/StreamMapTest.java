package io.tcplens.http;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** StreamMap behaves as a HashMap under any sequence of puts, gets and removes (collisions, wrap-around, shrinking). */
class StreamMapTest {

    @Property(tries = 300)
    void behavesLikeAHashMap(@ForAll @Size(max = 2000) List<@IntRange(min = -3, max = 3000) Integer> ops,
                             @ForAll @IntRange(min = 1, max = 5000) int keySpace) {
        StreamMap<String> mine = new StreamMap<>();
        Map<Integer, String> model = new HashMap<>();
        for (int op : ops) {
            int key = Math.floorMod(op * 7919, keySpace);
            switch (Math.floorMod(op, 3)) {
                case 0 -> { mine.put(key, "v" + op); model.put(key, "v" + op); }
                case 1 -> assertThat(mine.remove(key)).isEqualTo(model.remove(key));
                default -> assertThat(mine.get(key)).isEqualTo(model.get(key));
            }
            assertThat(mine.size()).isEqualTo(model.size());
        }
        for (Map.Entry<Integer, String> e : model.entrySet()) assertThat(mine.get(e.getKey())).isEqualTo(e.getValue());
        for (int k : model.keySet().stream().toList()) assertThat(mine.remove(k)).isEqualTo(model.remove(k));
        assertThat(mine.size()).isZero();
    }
}
