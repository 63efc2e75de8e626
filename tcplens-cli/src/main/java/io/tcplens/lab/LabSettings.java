package io.tcplens.lab;

import java.time.Duration;

/**
 * Knobs of the lab's server and client. Every value is checked against a range, and a value
 * outside it is refused with a message naming the option and the range ({@link
 * IllegalArgumentException}), never quietly changed: an experiment run with other timings than
 * the ones asked for would teach the wrong thing. A scenario always ends within {@link #timeLimit()}.
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
    /** Long enough for the articles' 60 s HTTP keep-alive timeout with room on either side. */
    public static final Duration MAX_TIME_LIMIT = Duration.ofSeconds(600);
    public static final Duration MAX_IDLE_TIMEOUT = Duration.ofSeconds(300);
    public static final int MAX_RESPONSE_BYTES = 1 << 20;
    /** Linux's limits for TCP_KEEPIDLE/TCP_KEEPINTVL (MAX_TCP_KEEPIDLE, MAX_TCP_KEEPINTVL) and TCP_KEEPCNT. */
    public static final int MAX_KEEP_SECONDS = 32767, MAX_KEEP_COUNT = 127;
    /** The time limit's margin over the idle timeout, for the close and the last ACKs. */
    public static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);

    public LabSettings {
        check("--response-bytes", responseBytes, 0, MAX_RESPONSE_BYTES);
        check("--time-limit", timeLimit, Duration.ofSeconds(1), MAX_TIME_LIMIT);
        check("--idle-timeout", idleTimeout, Duration.ofMillis(100), MAX_IDLE_TIMEOUT);
        if (idleTimeout.plus(CLOSE_MARGIN).compareTo(timeLimit) > 0) {
            throw new IllegalArgumentException("--idle-timeout " + seconds(idleTimeout) + " needs --time-limit of at least "
                    + seconds(idleTimeout.plus(CLOSE_MARGIN)) + " (it is " + seconds(timeLimit) + ")");
        }
        check("--keep-idle", keepIdle, Duration.ofSeconds(1), Duration.ofSeconds(MAX_KEEP_SECONDS));
        check("--keep-interval", keepInterval, Duration.ofSeconds(1), Duration.ofSeconds(MAX_KEEP_SECONDS));
        check("--keep-count", keepCount, 1, MAX_KEEP_COUNT);
        check("--requests", requests, 1, 100);
        check("--rcvbuf", clientReceiveBuffer, 0, 16 << 20);
        check("--read-delay", readDelay, Duration.ZERO, Duration.ofSeconds(60));
        check("--response-delay", responseDelay, Duration.ZERO, Duration.ofSeconds(60));
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

    private static void check(String option, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(option + " " + v + " is out of range (" + lo + " to " + hi + ")");
        }
    }

    private static void check(String option, Duration v, Duration lo, Duration hi) {
        if (v == null || v.compareTo(lo) < 0 || v.compareTo(hi) > 0) {
            throw new IllegalArgumentException(option + " " + (v == null ? "(none)" : seconds(v)) + " is out of range ("
                    + seconds(lo) + " to " + seconds(hi) + " s)");
        }
    }

    /** 2.5, 60, 0.1: seconds as a person writes them. */
    static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    public LabSettings withReadDelay(Duration d) {
        return new LabSettings(responseBytes, idleTimeout, keepIdle, keepInterval, keepCount, requests, clientReceiveBuffer, d, responseDelay, timeLimit, curl);
    }

    public LabSettings withTimeLimit(Duration d) {
        return new LabSettings(responseBytes, idleTimeout, keepIdle, keepInterval, keepCount, requests, clientReceiveBuffer, readDelay, responseDelay, d, curl);
    }

    public LabSettings withKeepAlive(Duration idle, Duration interval, int count) {
        return new LabSettings(responseBytes, idleTimeout, idle, interval, count, requests, clientReceiveBuffer, readDelay, responseDelay, timeLimit, curl);
    }
}
