package io.tcplens.live;

/** libpcap could not be loaded (not installed, or the configured path is wrong). */
public final class PcapUnavailableException extends Exception {
    public PcapUnavailableException(String message) { super(message); }

    /** What to tell a person: what failed and how to fix it, in a few lines. */
    public String advice() {
        return getMessage() + System.lineSeparator()
                + "  Live capture needs libpcap. Install it (Debian/Ubuntu: apt-get install libpcap0.8;"
                + " Fedora/RHEL: dnf install libpcap)," + System.lineSeparator()
                + "  or name the library: tcplens capture --libpcap /path/to/libpcap.so (or -D" + Pcap.LIBRARY_PROPERTY + "=...).";
    }
}
