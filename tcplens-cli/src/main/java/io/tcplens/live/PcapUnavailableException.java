package io.tcplens.live;

/** libpcap could not be loaded (not installed, the configured path is wrong, or native access is off). */
public final class PcapUnavailableException extends Exception {
    private final boolean libraryMissing;

    public PcapUnavailableException(String message) { this(message, true); }

    public PcapUnavailableException(String message, boolean libraryMissing) {
        super(message);
        this.libraryMissing = libraryMissing;
    }

    /** What to tell a person: what failed and how to fix it, in a few lines. */
    public String advice() {
        if (!libraryMissing) return getMessage();
        return getMessage() + System.lineSeparator()
                + "  Live capture needs libpcap. Install it (Debian/Ubuntu: apt-get install libpcap0.8;"
                + " Fedora/RHEL: dnf install libpcap)," + System.lineSeparator()
                + "  or name the library: tcplens capture --libpcap /path/to/libpcap.so (or -D" + Pcap.LIBRARY_PROPERTY + "=...).";
    }
}
