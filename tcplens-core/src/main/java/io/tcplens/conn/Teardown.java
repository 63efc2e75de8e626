package io.tcplens.conn;

/** How a connection was closed. */
public enum Teardown {
    /** FIN, ACK, FIN, ACK. */
    FOUR_WAY("four-way"),
    /** FIN, FIN+ACK (the peer merged its ACK with its own FIN), ACK. */
    THREE_WAY("three-way"),
    /** The FINs crossed: neither acknowledged the other's FIN (RFC 9293 Figure 13). */
    SIMULTANEOUS("simultaneous"),
    /** A RST ended the connection before the FIN exchange completed. */
    RESET("reset"),
    /** Still open when the capture ends (at most one FIN was sent). */
    NONE("none");

    private final String label;

    Teardown(String label) { this.label = label; }

    public String label() { return label; }
}
