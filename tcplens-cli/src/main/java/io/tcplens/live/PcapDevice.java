package io.tcplens.live;

/**
 * One interface as pcap_findalldevs describes it.
 *
 * @param flags the PCAP_IF_ bits
 */
public record PcapDevice(String name, String description, int flags) {
    public static final int IF_LOOPBACK = 0x01;
    public static final int IF_UP = 0x02;
    public static final int IF_RUNNING = 0x04;
    public static final int IF_WIRELESS = 0x08;
    public static final int IF_CONNECTION_STATUS = 0x30;
    public static final int IF_CONNECTION_STATUS_UNKNOWN = 0x00;
    public static final int IF_CONNECTION_STATUS_CONNECTED = 0x10;
    public static final int IF_CONNECTION_STATUS_DISCONNECTED = 0x20;
    public static final int IF_CONNECTION_STATUS_NOT_APPLICABLE = 0x30;

    public boolean loopback() { return (flags & IF_LOOPBACK) != 0; }
    public boolean up() { return (flags & IF_UP) != 0; }
    public boolean running() { return (flags & IF_RUNNING) != 0; }

    /** The line tcpdump -D prints for this interface, e.g. "3.lo [Up, Running, Loopback]". */
    public String tcpdumpLine(int number) {
        StringBuilder sb = new StringBuilder();
        sb.append(number).append('.').append(name);
        if (description != null) sb.append(" (").append(description).append(')');
        if (flags != 0) {
            sb.append(" [");
            StringBuilder names = new StringBuilder();
            if ((flags & IF_UP) != 0) names.append("Up");
            if ((flags & IF_RUNNING) != 0) names.append(names.isEmpty() ? "" : ", ").append("Running");
            if ((flags & IF_LOOPBACK) != 0) names.append(names.isEmpty() ? "" : ", ").append("Loopback");
            if ((flags & IF_WIRELESS) != 0) names.append(names.isEmpty() ? "" : ", ").append("Wireless");
            sb.append(names.isEmpty() ? "none" : names);
            int status = flags & IF_CONNECTION_STATUS;
            if ((flags & IF_WIRELESS) != 0) {
                switch (status) {
                    case IF_CONNECTION_STATUS_UNKNOWN -> sb.append(", Association status unknown");
                    case IF_CONNECTION_STATUS_CONNECTED -> sb.append(", Associated");
                    case IF_CONNECTION_STATUS_DISCONNECTED -> sb.append(", Not associated");
                    default -> { }
                }
            } else {
                switch (status) {
                    case IF_CONNECTION_STATUS_UNKNOWN -> sb.append(", Connection status unknown");
                    case IF_CONNECTION_STATUS_CONNECTED -> sb.append(", Connected");
                    case IF_CONNECTION_STATUS_DISCONNECTED -> sb.append(", Disconnected");
                    default -> { }
                }
            }
            sb.append(']');
        }
        return sb.toString();
    }
}
