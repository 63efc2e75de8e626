package io.tcplens.render.tcpdump;

/**
 * The tcpdump flags that change how a packet is printed.
 *
 * @param timestamps number of -t given (0 = default time of day, 1 = none, 2 = epoch,
 *                   3 = delta from previous, 4 = date and time, 5 = delta from first)
 * @param numeric    number of -n given (0 = resolve names)
 * @param absoluteSeq -S
 * @param verbose    number of -v given
 * @param linkHeader -e
 * @param quiet      -q
 * @param nano       print nanoseconds (--nano)
 * @param packetNumbers -# (packet number before each line)
 * @param hex        number of -x given (1 = the packet after its link header in hex, 2 = all of it)
 * @param hexAscii   number of -X given (the same in hex and ASCII; wins over -x)
 * @param ascii      number of -A given (the same in ASCII; -x and -X win over it)
 */
public record TcpdumpOptions(int timestamps, int numeric, boolean absoluteSeq, int verbose,
                             boolean linkHeader, boolean quiet, boolean nano, boolean packetNumbers,
                             int hex, int hexAscii, int ascii) {
    public TcpdumpOptions(int timestamps, int numeric, boolean absoluteSeq, int verbose,
                          boolean linkHeader, boolean quiet, boolean nano, boolean packetNumbers) {
        this(timestamps, numeric, absoluteSeq, verbose, linkHeader, quiet, nano, packetNumbers, 0, 0, 0);
    }

    public static TcpdumpOptions defaults() {
        return new TcpdumpOptions(0, 1, false, 0, false, false, false, false);
    }
}
