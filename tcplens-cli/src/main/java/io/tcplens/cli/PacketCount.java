package io.tcplens.cli;

import picocli.CommandLine;

/**
 * {@code -c COUNT} as tcpdump 4.99 reads it: a whole number from 1 up. tcpdump rejects 0, negative
 * counts, words and numbers too big ({@code tcpdump: invalid packet count 0}); tcplens did not,
 * and {@code -c 0} or {@code -c -5} quietly printed nothing. Shared by dump and capture.
 */
public final class PacketCount implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n <= 0) throw new Complaint("invalid packet count " + value);
        return n;
    }

    /** A complaint in tcpdump's words, printed as it is (picocli would put "Invalid value for option '-c': " in front). */
    static final class Complaint extends CommandLine.TypeConversionException {
        Complaint(String message) { super(message); }
    }
}
