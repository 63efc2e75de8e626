package io.tcplens.live;

/**
 * How to open an interface.
 *
 * @param snaplen       bytes kept of each packet (tcpdump's -s; 0 means 262144)
 * @param promiscuous   put the interface in promiscuous mode (tcpdump does unless -p)
 * @param timeoutMillis how long {@link LiveSource#next} waits for a packet before returning
 *                      {@link LiveSource#TIMEOUT}; the loop checks its stop flag that often
 * @param immediate     deliver packets as they arrive instead of in kernel batches. Off in tcpdump unless
 *                      asked, and it matters: on Linux libpcap then uses TPACKET_V2, one fixed slot per
 *                      packet sized for the snapshot length (for 262144 on a non-Ethernet link such as
 *                      "any", 8 slots in the default 2 MiB), so a burst is dropped; without it, TPACKET_V3
 *                      packs packets into the buffer by their real size
 * @param nanos         ask for nanosecond timestamps (falls back to microseconds if unsupported)
 * @param bufferKiB     the kernel capture buffer in KiB (tcpdump's -B); 0 keeps libpcap's default (2 MiB)
 */
public record LiveOptions(int snaplen, boolean promiscuous, int timeoutMillis, boolean immediate, boolean nanos,
                          int bufferKiB) {
    public static final int DEFAULT_SNAPLEN = 262144;

    public LiveOptions {
        if (snaplen <= 0 || snaplen > DEFAULT_SNAPLEN) snaplen = DEFAULT_SNAPLEN;
        if (timeoutMillis <= 0) timeoutMillis = 100;
        if (bufferKiB < 0) bufferKiB = 0;
    }

    public LiveOptions(int snaplen, boolean promiscuous, int timeoutMillis, boolean immediate, boolean nanos) {
        this(snaplen, promiscuous, timeoutMillis, immediate, nanos, 0);
    }

    public static LiveOptions defaults() {
        return new LiveOptions(DEFAULT_SNAPLEN, true, 1000, false, false);
    }

    public LiveOptions withSnaplen(int s) { return new LiveOptions(s, promiscuous, timeoutMillis, immediate, nanos, bufferKiB); }
    public LiveOptions withPromiscuous(boolean p) { return new LiveOptions(snaplen, p, timeoutMillis, immediate, nanos, bufferKiB); }
    public LiveOptions withBufferKiB(int k) { return new LiveOptions(snaplen, promiscuous, timeoutMillis, immediate, nanos, k); }
}
