package io.tcplens.http;

/** One header field as it appeared (name case preserved, value trimmed of surrounding whitespace). */
public record HttpHeader(String name, String value) {
    public boolean is(String n) { return name.equalsIgnoreCase(n); }
}
