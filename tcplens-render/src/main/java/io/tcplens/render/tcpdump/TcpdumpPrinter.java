package io.tcplens.render.tcpdump;

import io.tcplens.capture.Frame;
import io.tcplens.render.text.AsciiOut;

import java.time.ZoneId;

/**
 * Prints packets exactly as tcpdump 4.99.3 does, one call per packet.
 *
 * <p>Laid out as tcpdump is: this class is {@code pretty_print_packet} (the record sanity checks,
 * the timestamp, the link-layer printer, the truncation marker); {@link PrintContext} is the
 * shared {@code netdissect_options}; each protocol has its own printer ({@link LinkPrinter},
 * {@link IpPrinter}, {@link Ip6Printer}, {@link TcpPrinter}, {@link UdpPrinter},
 * {@link IcmpPrinter}, {@link ArpPrinter}, {@link TunnelPrinter}), and every printer reads the
 * frame's bytes itself through the bounds-checked reads of {@link ProtocolPrinter}, so that
 * truncation, odd lengths and malformed headers come out as tcpdump prints them. A read past the
 * snapshot end ends the packet with {@code " [|proto]"}, like tcpdump's longjmp, through a
 * preallocated exception; any other exception is a printer bug and reaches the caller. Nothing is
 * allocated per packet.
 */
public final class TcpdumpPrinter {
    private static final int MAXIMUM_SNAPLEN = 262144;

    private final TcpdumpOptions options;
    private final AsciiOut out;
    private final Clock clock;
    private final PrintContext c;
    private final boolean dump;
    private long packetsPrinted;

    public TcpdumpPrinter(TcpdumpOptions options, AsciiOut out) {
        this(options, out, ZoneId.systemDefault());
    }

    public TcpdumpPrinter(TcpdumpOptions options, AsciiOut out, ZoneId zone) {
        this.options = options;
        this.out = out;
        this.clock = new Clock(options.timestamps(), options.nano(), zone);
        this.c = new PrintContext(options, out);
        this.dump = options.hex() > 0 || options.hexAscii() > 0 || options.ascii() > 0;
    }

    /** Prints one packet and its newline. */
    public void print(Frame f) {
        packetsPrinted++;
        if (options.packetNumbers()) {
            padLeft(packetsPrinted, 5);
            out.s("  ");
        }
        int caplen = f.captureLength();
        long len = f.wireLength() & 0xFFFFFFFFL;
        boolean invalid = false;
        if (caplen == 0) { invalid = true; out.s("[Invalid header: caplen==0"); }
        if (len == 0) {
            if (!invalid) { invalid = true; out.s("[Invalid header:"); } else out.ch(',');
            out.s(" len==0");
        } else if (len < caplen) {
            if (!invalid) { invalid = true; out.s("[Invalid header:"); } else out.ch(',');
            out.s(" len(").dec(len).s(") < caplen(").dec(caplen).ch(')');
        }
        if (caplen > MAXIMUM_SNAPLEN) {
            if (!invalid) { invalid = true; out.s("[Invalid header:"); } else out.ch(',');
            out.s(" caplen(").dec(caplen).s(") > ").dec(MAXIMUM_SNAPLEN);
        }
        if (len > MAXIMUM_SNAPLEN) {
            if (!invalid) { invalid = true; out.s("[Invalid header:"); } else out.ch(',');
            out.s(" len(").dec(len).s(") > ").dec(MAXIMUM_SNAPLEN);
        }
        if (invalid) {
            out.s("]").nl();
            return;
        }
        clock.print(out, Clock.seconds(f.seconds(), f.rawFractionDigits(), f.rawFraction()),
                clock.fraction(f.nanos(), f.rawFractionDigits(), f.rawFraction()));
        c.b = f.buffer();
        c.pktStart = f.offset();
        c.snapend = c.pktStart + caplen;
        c.protocol = "";
        c.next = PrintContext.NEXT_NONE;
        c.llHdrLen = 0;
        try {
            c.link.link(f.linkType(), c.pktStart, (int) len, caplen);
            c.runHandOffs();
        } catch (PrintContext.Truncated t) {
            c.link.trunc();
            c.llHdrLen = 0; // tcpdump dumps the whole packet after a truncation
        }
        if (dump) dump(caplen);
        out.nl();
    }

    /**
     * The -X, -x and -A dumps, after the packet's line as in pretty_print_packet: the packet from
     * the end of its link-layer header (from its start when doubled, as -xx), within the captured
     * bytes; nothing when nothing follows the link-layer header.
     */
    private void dump(int caplen) {
        c.snapend = c.pktStart + caplen;
        int hdrlen = c.llHdrLen;
        boolean whole = options.hexAscii() > 1 || options.hexAscii() == 0 && (options.hex() > 1
                || options.hex() == 0 && options.ascii() > 1);
        int from = whole ? c.pktStart : c.pktStart + hdrlen;
        int n = whole ? caplen : caplen - hdrlen;
        if (!whole && Integer.compareUnsigned(caplen, hdrlen) <= 0) return;
        if (options.hexAscii() > 0) c.link.defaultPrint(from, n);
        else if (options.hex() > 0) c.link.hexPrint(from, n);
        else c.link.asciiPrint(from, n);
    }

    private void padLeft(long v, int width) {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) digits++;
        for (int i = digits; i < width; i++) out.ch(' ');
        out.dec(v);
    }
}
