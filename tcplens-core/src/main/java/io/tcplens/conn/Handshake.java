package io.tcplens.conn;

/** How a connection was opened, as far as the capture shows. */
public enum Handshake {
    /** SYN, SYN-ACK, ACK. */
    THREE_WAY("three-way"),
    /** Both sides sent a SYN without ACK (RFC 9293 Figure 7). */
    SIMULTANEOUS_OPEN("simultaneous-open"),
    /** The SYN was answered by a RST (closed port). */
    REFUSED("refused"),
    /** SYN(s) with no answer at all. */
    UNANSWERED("unanswered"),
    /** SYN answered by SYN-ACK, but the client's ACK never came (or was not captured). */
    INCOMPLETE("incomplete"),
    /** The capture starts after the SYN: the connection was already open. */
    NOT_CAPTURED("not-captured");

    private final String label;

    Handshake(String label) { this.label = label; }

    public String label() { return label; }
}
