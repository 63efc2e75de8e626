package io.tcplens.conn;

/** Which endpoint(s) of a connection something applies to. */
public enum Side {
    CLIENT("client"), SERVER("server"), BOTH("both");

    private final String label;

    Side(String label) { this.label = label; }

    public String label() { return label; }

    /** CLIENT, SERVER, BOTH or null from two booleans. */
    public static Side of(boolean client, boolean server) {
        if (client && server) return BOTH;
        if (client) return CLIENT;
        if (server) return SERVER;
        return null;
    }
}
