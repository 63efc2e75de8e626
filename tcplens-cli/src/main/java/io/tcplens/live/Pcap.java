package io.tcplens.live;

import java.util.List;

/**
 * The part of libpcap tcplens uses: list interfaces, open one for live capture.
 *
 * <p>{@link #load()} is the only way in, and nothing else in tcplens touches native code: the
 * offline commands never load libpcap. The implementation ({@link ForeignPcap}) is written
 * by hand on {@code java.lang.foreign}; there is no JNA or JNI.
 */
public interface Pcap {

    /** System property naming the libpcap to load (a file name or a path); tests point it at a missing file. */
    String LIBRARY_PROPERTY = "tcplens.libpcap";

    /** libpcap's own version string, e.g. "libpcap version 1.10.3 (with TPACKET_V3)". */
    String libraryVersion();

    /** Every interface libpcap can capture on, in libpcap's order (tcpdump -D). */
    List<PcapDevice> devices() throws PcapException;

    /**
     * Opens and activates {@code device} for live capture.
     *
     * @throws PcapException with {@link PcapException.Kind#PERMISSION} when the process may not capture
     */
    LiveSource open(String device, LiveOptions options) throws PcapException;

    /**
     * Loads libpcap: the library named by {@value #LIBRARY_PROPERTY} if set, else the first of
     * libpcap.so, libpcap.so.1, libpcap.so.0.8 that the dynamic linker finds.
     */
    static Pcap load() throws PcapUnavailableException {
        return load(null);
    }

    /** Loads {@code library} (a name or a path) if not null, else as {@link #load()} does. */
    static Pcap load(String library) throws PcapUnavailableException {
        return ForeignPcap.load(library != null ? library : System.getProperty(LIBRARY_PROPERTY));
    }
}
