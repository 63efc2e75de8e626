package io.tcplens.filter;

/**
 * A filter expression that cannot be compiled: a syntax error ({@link FilterSyntaxException}) or a
 * semantic one that libpcap also rejects (for example "no VLAN support for Linux cooked v1",
 * "unknown host 'foo'", "illegal port number 70000 > 65535").
 */
public class FilterException extends Exception {
    public FilterException(String message) {
        super(message);
    }
}
