package io.tcplens.live;

/** libpcap refused an operation; {@link #kind()} says what sort of problem it was. */
public final class PcapException extends Exception {
    public enum Kind { PERMISSION, NO_SUCH_DEVICE, FILTER, OTHER }

    private final Kind kind;

    public PcapException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() { return kind; }

    /** What to tell a person: the problem and, for missing permission, how to get it. */
    public String advice() {
        if (kind != Kind.PERMISSION) return getMessage();
        String java = ProcessHandle.current().info().command().orElse("$(readlink -f $(command -v java))");
        String nl = System.lineSeparator();
        return getMessage() + nl
                + "  Capturing packets needs the CAP_NET_RAW and CAP_NET_ADMIN capabilities. Either run as root" + nl
                + "  (sudo ./tcplens ...), or give them to the java binary once:" + nl
                + "    sudo setcap cap_net_raw,cap_net_admin=eip " + java;
    }
}
