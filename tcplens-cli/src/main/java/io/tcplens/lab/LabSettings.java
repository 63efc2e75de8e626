package io.tcplens.lab;

import java.time.Duration;

/**
 * Knobs of the lab's server and client. Every duration is bounded so that a scenario always
 * ends within {@link #timeLimit()} (at most {@link #MAX_TIME_LIMIT}).
 *
 * @param responseBytes   body size of the server's responses (0: the small JSON document)
 * @param idleTimeout     how long the server keeps an idle keep-alive connection before closing it
 * @param keepIdle        client TCP keep-alive: idle time before the first probe (TCP_KEEPIDLE)
 * @param keepInterval    client TCP keep-alive: time between probes (TCP_KEEPINTERVAL)
 * @param keepCount       client TCP keep-alive: unanswered probes before giving up (TCP_KEEPCOUNT)
 * @param requests        requests sent back to back in the pipeline scenario
 * @param clientReceiveBuffer the client's SO_RCVBUF (0: the system default); small values make the
 *                        server's data queue up, so its FIN can ride on the last data segment
 * @param readDelay       how long the client waits after sending before it reads (close scenario)
 * @param responseDelay   how long the server "works" on a request before answering (half-close: so
 *                        the client's FIN arrives while the server is still busy)
 * @param timeLimit       hard limit for the whole scenario
 * @param curl            get: fetch with curl (if installed) instead of the lab's own client
 */
public record LabSettings(int responseBytes, Duration idleTimeout, Duration keepIdle, Duration keepInterval,
                          int keepCount, int requests, int clientReceiveBuffer, Duration readDelay,
                          Duration responseDelay, Duration timeLimit, boolean curl) {
    public static final Duration MAX_TIME_LIMIT = Duration.ofSeconds(30);
    public static final int MAX_RESPONSE_BYTES = 1 << 20;

    public LabSettings {
        responseBytes = clamp(responseBytes, 0, MAX_RESPONSE_BYTES);
        timeLimit = clamp(timeLimit, Duration.ofSeconds(1), MAX_TIME_LIMIT);
        idleTimeout = clamp(idleTimeout, Duration.ofMillis(100), timeLimit.minusMillis(500));
        keepIdle = clamp(keepIdle, Duration.ofSeconds(1), Duration.ofSeconds(30));
        keepInterval = clamp(keepInterval, Duration.ofSeconds(1), Duration.ofSeconds(30));
        keepCount = clamp(keepCount, 1, 100);
        requests = clamp(requests, 1, 100);
        clientReceiveBuffer = clamp(clientReceiveBuffer, 0, 16 << 20);
        readDelay = clamp(readDelay, Duration.ZERO, Duration.ofSeconds(5));
        responseDelay = clamp(responseDelay, Duration.ZERO, Duration.ofSeconds(5));
    }

    public static LabSettings defaults() {
        return new LabSettings(0, Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(1), 10, 3, 0,
                Duration.ofMillis(100), Duration.ZERO, Duration.ofSeconds(30), false);
    }

    public LabSettings withIdleTimeout(Duration d) {
        return new LabSettings(responseBytes, d, keepIdle, keepInterval, keepCount, requests, clientReceiveBuffer, readDelay, responseDelay, timeLimit, curl);
    }

    public LabSettings withResponseBytes(int n) {
        return new LabSettings(n, idleTimeout, keepIdle, keepInterval, keepCount, requests, clientReceiveBuffer, readDelay, responseDelay, timeLimit, curl);
    }

    public LabSettings withClientReceiveBuffer(int n) {
        return new LabSettings(responseBytes, idleTimeout, keepIdle, keepInterval, keepCount, requests, n, readDelay, responseDelay, timeLimit, curl);
    }

    public LabSettings withResponseDelay(Duration d) {
        return new LabSettings(responseBytes, idleTimeout, keepIdle, keepInterval, keepCount, requests, clientReceiveBuffer, readDelay, d, timeLimit, curl);
    }

    public LabSettings withCurl(boolean c) {
        return new LabSettings(responseBytes, idleTimeout, keepIdle, keepInterval, keepCount, requests, clientReceiveBuffer, readDelay, responseDelay, timeLimit, c);
    }

    private static int clamp(int v, int lo, int hi) { return Math.max(lo, Math.min(hi, v)); }

    private static Duration clamp(Duration v, Duration lo, Duration hi) {
        if (v == null || v.compareTo(lo) < 0) return lo;
        return v.compareTo(hi) > 0 ? hi : v;
    }
}
