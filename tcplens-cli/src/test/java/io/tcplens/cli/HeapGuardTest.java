package io.tcplens.cli;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * HeapGuard's threshold must never exceed the pool's maximum: MemoryPoolMXBean refuses it with an
 * IllegalArgumentException, which, in the JVM's notification thread, printed a stack trace over a
 * 3,000,000-SYN run (3.4 GB live in a 6.1 GB old generation asked for a 6.9 GB threshold).
 */
class HeapGuardTest {

    @Test
    void thresholdIsTwiceTheUsedSizeNeverBelowTheFloorNorAboveTheMaximum() {
        long mb = 1 << 20;
        assertThat(HeapGuard.threshold(160 * mb, 10 * mb, 4096 * mb)).isEqualTo(160 * mb);
        assertThat(HeapGuard.threshold(160 * mb, 500 * mb, 4096 * mb)).isEqualTo(1000 * mb);
        // The case of the issue: 3,463 MB used, 6,153 MB max.
        assertThat(HeapGuard.threshold(160 * mb, 6_926_873_264L / 2, 6_153_043_968L)).isEqualTo(6_153_043_968L);
        // A floor above the maximum (a small -Xmx with the default floor) is capped too.
        assertThat(HeapGuard.threshold(160 * mb, 0, 64 * mb)).isEqualTo(64 * mb);
        // Undefined maximum (-1): no cap; no overflow either.
        assertThat(HeapGuard.threshold(160 * mb, 500 * mb, -1)).isEqualTo(1000 * mb);
        assertThat(HeapGuard.threshold(160 * mb, Long.MAX_VALUE - 1, -1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void everyThresholdItComputesIsAcceptedByTheRealPools() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP || !pool.isUsageThresholdSupported()) continue;
            long max = pool.getUsage().getMax();
            long before = pool.getUsageThreshold();
            try {
                // A used size far beyond the maximum: twice it would be refused without the cap.
                long used = max > 0 ? max : 1L << 40;
                assertThatCode(() -> pool.setUsageThreshold(HeapGuard.threshold(HeapGuard.FLOOR_BYTES, used, max)))
                        .doesNotThrowAnyException();
            } finally {
                pool.setUsageThreshold(before);
            }
        }
    }
}
