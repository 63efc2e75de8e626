package io.tcplens.live;

/**
 * How to open an interface.
 *
 * @param snaplen       bytes kept of each packet (tcpdump's -s; 0 means 262144)
 * @param promiscuous   put the interface in promiscuous mode (tcpdump does unless -p)
 * @param timeoutMillis how long {@link LiveSource#next} waits for a packet before returning
 *                      {@link LiveSource#TIMEOUT}; the loop checks its stop flag that often
 * @param immediate     deliver packets as they arrive instead of in kernel batches
 * @param nanos         ask for nanosecond timestamps (falls back to microseconds if unsupported)
 */
public record LiveOptions(int snaplen, boolean promiscuous, int timeoutMillis, boolean immediate, boolean nanos) {
    public static final int DEFAULT_SNAPLEN = 262144;

    public LiveOptions {
        if (snaplen <= 0 || snaplen > DEFAULT_SNAPLEN) snaplen = DEFAULT_SNAPLEN;
        if (timeoutMillis <= 0) timeoutMillis = 100;
    }

    public static LiveOptions defaults() {
        return new LiveOptions(DEFAULT_SNAPLEN, true, 100, true, false);
    }

    public LiveOptions withSnaplen(int s) { return new LiveOptions(s, promiscuous, timeoutMillis, immediate, nanos); }
    public LiveOptions withPromiscuous(boolean p) { return new LiveOptions(snaplen, p, timeoutMillis, immediate, nanos); }
}
