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

    // the packet being printed
    byte[] b;
    int pktStart;
    /** One past the last byte a printer may read (tcpdump's ndo_snapend, narrowed by nd_push_snaplen). */
    int snapend;
    String protocol = "";

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
