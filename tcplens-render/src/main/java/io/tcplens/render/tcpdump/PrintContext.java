package io.tcplens.render.tcpdump;

import io.tcplens.render.text.AsciiOut;

/**
 * What every protocol printer shares, as tcpdump's {@code netdissect_options} does: the output,
 * the option flags, name resolution, the packet being printed with its snapshot end, the name of
 * the protocol being printed (for the {@code " [|proto]"} marker), and the printers themselves so
 * that one can hand the rest of the packet to the next.
 */
final class PrintContext {
    final AsciiOut out;
    final Names names;
    final boolean eflag;
    final int vflag;
    final boolean qflag;
    final boolean sflag;
    /** tcpdump's ndo_suppress_default_print: -q, -x and -X each turn off the hex dump of unknown payloads. */
    final boolean suppressDefaultPrint;

    // the packet being printed
    byte[] b;
    int pktStart;
    /** One past the last byte a printer may read (tcpdump's ndo_snapend, narrowed by nd_push_snaplen). */
    int snapend;
    String protocol = "";
    /**
     * tcpdump's ndo_ll_hdr_len: the link-layer header length the link printer reports when it
     * returns normally (0 after a truncation), where -x, -X and -A start their dump.
     */
    int llHdrLen;

    /*
     * The layer handed on, when a printer ends by handing the rest of the packet to a tunnelled
     * layer (IP in IP, GRE, VXLAN, Geneve): TcpdumpPrinter's loop prints it next, with the
     * snapshot end in force at the hand-off. Only a printer with nothing left to print after
     * that call may hand off, and every printer between it and the loop must be the same, so
     * that the output is what the nested calls would print; the stack then stays flat.
     */
    static final int NEXT_NONE = 0;
    static final int NEXT_IP4 = 1;
    static final int NEXT_IP6 = 2;
    static final int NEXT_GRE = 3;
    static final int NEXT_VXLAN = 4;
    static final int NEXT_GENEVE = 5;
    int next;
    int nextAt;
    int nextLength;
    int nextSnapend;

    void handOff(int kind, int at, int length) {
        next = kind;
        nextAt = at;
        nextLength = length;
        nextSnapend = snapend;
    }

    /** Prints the layers handed on, one after the other, until one prints to its end. */
    void runHandOffs() {
        while (next != NEXT_NONE) {
            int kind = next;
            next = NEXT_NONE;
            snapend = nextSnapend;
            int at = nextAt;
            int length = nextLength;
            switch (kind) {
                case NEXT_IP4 -> ip.ip4(at, length);
                case NEXT_IP6 -> ip6.ip6(at, length);
                case NEXT_GRE -> tunnel.gre(at, length);
                case NEXT_VXLAN -> tunnel.vxlan(at, length);
                case NEXT_GENEVE -> tunnel.geneve(at, length);
                default -> throw new IllegalStateException("unknown hand-off " + kind);
            }
        }
    }

    final LinkPrinter link;
    final TunnelPrinter tunnel;
    final ArpPrinter arp;
    final IpPrinter ip;
    final Ip6Printer ip6;
    final IcmpPrinter icmp;
    final UdpPrinter udp;
    final TcpPrinter tcp;

    /**
     * Thrown (preallocated, without a stack trace) when a read runs past the captured bytes: the
     * explicit bounds checks of {@link ProtocolPrinter} throw it where tcpdump's GET_ and ND_TCHECK
     * macros longjmp, and only real truncation ends up here; any other exception is a bug.
     */
    static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;
        Truncated() { super(null, null, false, false); }
    }
    static final Truncated TRUNCATED = new Truncated();

    PrintContext(TcpdumpOptions options, AsciiOut out) {
        this.out = out;
        this.names = options.numeric() > 0 ? null : Names.load();
        this.eflag = options.linkHeader();
        this.vflag = options.verbose();
        this.qflag = options.quiet();
        this.sflag = options.absoluteSeq();
        this.suppressDefaultPrint = options.quiet() || options.hex() > 0 || options.hexAscii() > 0;
        this.link = new LinkPrinter(this);
        this.tunnel = new TunnelPrinter(this);
        this.arp = new ArpPrinter(this);
        this.ip = new IpPrinter(this);
        this.ip6 = new Ip6Printer(this);
        this.icmp = new IcmpPrinter(this);
        this.udp = new UdpPrinter(this);
        this.tcp = new TcpPrinter(this);
    }
}
