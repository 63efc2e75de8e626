package io.tcplens.cli;

import io.tcplens.render.tcpdump.TcpdumpOptions;
import picocli.CommandLine.Option;

/** tcpdump's printing options, spelled as tcpdump spells them; shared by dump and capture. */
final class PrintOptions {
    @Option(names = "-n", description = "Do not resolve addresses or ports to names (-nn is the same).")
    boolean[] numeric = new boolean[0];

    @Option(names = "-t", description = "-t: no timestamp; -tt: epoch seconds; -ttt: delta from previous; "
            + "-tttt: date and time; -ttttt: delta from first.")
    boolean[] timestamps = new boolean[0];

    @Option(names = "-S", description = "Print absolute TCP sequence numbers.")
    boolean absolute;

    @Option(names = "-v", description = "Verbose: IP header fields and TCP checksums (-vv, -vvv for more).")
    boolean[] verbose = new boolean[0];

    @Option(names = "-e", description = "Print the link-level header.")
    boolean linkHeader;

    @Option(names = "-q", description = "Quiet: less protocol detail.")
    boolean quiet;

    @Option(names = "-#", description = "Print a packet number before each line.")
    boolean packetNumbers;

    @Option(names = "-x", description = "Print each packet's data after its link-level header in hex (-xx: with the header).")
    boolean[] hex = new boolean[0];

    @Option(names = "-X", description = "Print each packet's data after its link-level header in hex and ASCII (-XX: with the header).")
    boolean[] hexAscii = new boolean[0];

    @Option(names = "-A", description = "Print each packet's data after its link-level header in ASCII (-AA: with the header).")
    boolean[] ascii = new boolean[0];

    @Option(names = "--nano", description = "Print (and, live, capture) timestamps with nanosecond resolution.")
    boolean nano;

    /** tcpdump's own complaint, or null when the options are valid. */
    String problem() {
        return timestamps.length > 5 ? "only -t, -tt, -ttt, -tttt and -ttttt are supported" : null;
    }

    /** The printer's options; {@code nano} is whether nanoseconds are printed (and available). */
    TcpdumpOptions toOptions(boolean nanoAvailable) {
        return new TcpdumpOptions(timestamps.length, numeric.length, absolute, verbose.length,
                linkHeader, quiet, nano && nanoAvailable, packetNumbers, hex.length, hexAscii.length, ascii.length);
    }
}
