package io.tcplens.cli;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Keeps the old generation near what is really live on a long pass over a big capture.
 *
 * <p>Why: a connection's state lives for a while (seconds of capture time), so young collections
 * promote it, and it dies in the old generation. The collector then grows the old
 * generation rather than collect it, and the process's memory grows with the file even though
 * what is live (the open connections) does not. Capping the heap would bound it, but would fail
 * a capture that truly holds millions of open connections. Instead, when the old generation
 * passes a threshold, a full collection runs, and the threshold moves to twice what survived
 * (never below the floor): memory follows the live set, and nothing is refused.
 */
final class HeapGuard {
    /** Old generation allowed before the first full collection. */
    static final long FLOOR_BYTES = Long.getLong("tcplens.heapGuardMb", 160) << 20;

    private static volatile boolean installed;

    private HeapGuard() {}

    /** Installs the guard once per JVM (cheap to call again). Without a suitable pool it does nothing. */
    static void install() {
        if (installed) return;
        synchronized (HeapGuard.class) {
            if (installed) return;
            installed = true;
            try {
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP && pool.isUsageThresholdSupported() && isOld(pool.getName())) {
                        watch(pool);
                        return;
                    }
                }
            } catch (RuntimeException | LinkageError e) {
                // No management support in this runtime: the JVM's own sizing applies.
            }
        }
    }

    private static boolean isOld(String poolName) {
        return poolName.contains("Tenured") || poolName.contains("Old Gen");
    }

    private static void watch(MemoryPoolMXBean pool) {
        arm(pool);
        NotificationEmitter emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        emitter.addNotificationListener((Notification n, Object handback) -> {
            if (!MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(n.getType())) return;
            System.gc();
            arm(pool);
        }, null, null);
    }

    /**
     * Sets the pool's threshold to twice what is used now. Never throws: the guard is an
     * optimisation, and a failure here (it runs in the JVM's notification thread) must not print a
     * stack trace over a run that is otherwise fine.
     */
    private static void arm(MemoryPoolMXBean pool) {
        try {
            var u = pool.getUsage();
            pool.setUsageThreshold(threshold(FLOOR_BYTES, u.getUsed(), u.getMax()));
        } catch (RuntimeException e) {
            // The pool changed under us (or refuses thresholds now): leave the JVM's own sizing.
        }
    }

    /**
     * The next threshold: twice what is used, never below {@code floor}, and never above the
     * pool's maximum ({@code max}; -1 when undefined), which {@code setUsageThreshold} refuses.
     * With 3 GB live in a 6 GB pool, twice the used size would be 6.9 GB: the threshold is then the
     * maximum itself, and the collector, which must collect before the pool is full, takes over.
     */
    static long threshold(long floor, long used, long max) {
        long t = Math.max(floor, used > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : used * 2);
        return max >= 0 ? Math.min(t, max) : t;
    }
}
