package io.tcplens.decode;

import io.tcplens.capture.Frame;
import io.tcplens.capture.LinkType;

/**
 * A reusable flyweight that decodes one frame from its link header down to the innermost
 * TCP segment, seeing through VLAN tags, MPLS, PPPoE, GRE, IP-in-IP, VXLAN, Geneve and the
 * other encapsulations tshark decodes by default (802.1ah PBB, FabricPath, AYIYA, GTP-U,
 * GRE in UDP, Aruba's 802.11 in GRE), on Ethernet, Linux cooked, NULL/LOOP, raw IP, FDDI,
 * PPP, Linux ARCNET, Juniper Ethernet, NFLOG and IP-over-InfiniBand links.
 *
 * <p>Decoding records a stack of layers (type and byte offset, outermost first) and the
 * fields of the innermost IP header and TCP header; it allocates nothing. Every read is
 * bounds-checked against the captured bytes: a truncated or malformed header ends the
 * stack early and is recorded, never thrown.
 *
 * <p>All offsets are absolute indexes into {@link #buffer()}.
 */
public final class Packet {
    /**
     * Encapsulations seen through, one inside the other (IP in IP, GRE, VLAN, MPLS, tunnels over
     * UDP...). tshark has no such bound for IP in IP (it dissects hundreds of layers); 64 is
     * deeper than any real network nests, and past it a frame is not analysed and says why
     * ({@link #PROBLEM_TOO_DEEP}) instead of vanishing.
     */
    public static final int MAX_DEPTH = 64;
    /** 802.1Q tags in one frame: tshark stops after 20 ("Too many nested VLAN tags", VLAN_MAX_NESTED_TAGS). */
    public static final int MAX_VLAN_TAGS = 20;
    /** Room for the deepest stack decoded: a layer per encapsulation, VLAN tag and MPLS label, and the rest. */
    public static final int MAX_LAYERS = 2 * MAX_DEPTH + MAX_VLAN_TAGS + 8;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;
    /** The AE (formerly NS) bit, bit 0 of byte 12, shifted above the eight classic flags. */
    public static final int AE = 0x100;

    private Frame frame;
    private byte[] buf;
    private int start;
    private int end; // exclusive end of captured bytes
    private int wireEnd; // where the packet ends on the wire, less any trailer a decoder strips
    private int linkType;

    private int layerCount;
    /** Bit per layer type present (types are below 32): findLayer answers "absent" without a scan. */
    private int layerMask;
    private final int[] layerType = new int[MAX_LAYERS];
    private final int[] layerOffset = new int[MAX_LAYERS];

    // Innermost IP header that carries the transport (or -1).
    private int ipOffset;
    private int ipVersion;
    private int ipHeaderLength;  // IPv4 IHL*4; IPv6 40 + extension headers
    private int ipTotalLength;   // as declared: IPv4 total length, IPv6 40 + payload length
    private int ipProtocol;      // transport protocol after extension headers
    private boolean ipFragment;  // any fragment (first or later)
    private boolean ipLaterFragment;
    private int srcAddrOffset;
    private int dstAddrOffset;
    private int addrLength;

    private int tcpOffset;       // -1 unless the 20-byte fixed TCP header was captured
    private int tcpStart;        // -1 when no TCP header starts in the captured bytes (a truncated one may)
    private int nextSubframe;    // offset of the next 802.11 A-MSDU subframe, or -1
    private int wlanLayer;       // layer index of the 802.11 header the subframes belong to
    private int subframeDepth;   // tunnel depth of the subframes (bounds nesting as in the first)
    private int problem;         // Problem code of the first malformed/truncated header, 0 if none
    private int vlanTags;        // 802.1Q tags decoded so far in this frame

    /** Why decoding stopped early. */
    public static final int PROBLEM_NONE = 0;
    public static final int PROBLEM_TRUNCATED = 1;
    public static final int PROBLEM_MALFORMED = 2;
    public static final int PROBLEM_UNSUPPORTED_LINK = 3;
    /** Encapsulations nested deeper than {@link #MAX_DEPTH}: the inner packet is not decoded. */
    public static final int PROBLEM_TOO_DEEP = 4;
    /** More than {@link #MAX_VLAN_TAGS} VLAN tags: tshark decodes nothing inside them, nor does this. */
    public static final int PROBLEM_TOO_MANY_VLAN_TAGS = 5;

    /** Decodes {@code f}; returns {@link #hasTcp()}: whether a TCP fixed header (all 20 bytes) was captured. */
    public boolean decode(Frame f) {
        this.frame = f;
        this.buf = f.buffer();
        this.start = f.offset();
        this.end = f.offset() + f.captureLength();
        this.linkType = f.linkType();
        this.wireEnd = f.offset() + f.wireLength();
        layerCount = 0;
        layerMask = 0;
        resetIpAndTcp();
        nextSubframe = -1;
        wlanLayer = -1;
        decodeLink();
        return tcpOffset >= 0;
    }

    private void resetIpAndTcp() {
        ipOffset = -1;
        ipVersion = 0;
        ipHeaderLength = 0;
        ipTotalLength = 0;
        ipProtocol = -1;
        ipFragment = false;
        ipLaterFragment = false;
        srcAddrOffset = dstAddrOffset = -1;
        addrLength = 0;
        tcpOffset = -1;
        tcpStart = -1;
        problem = PROBLEM_NONE;
        vlanTags = 0;
    }

    /** True when the frame is an 802.11 A-MSDU with another subframe after the one decoded. */
    public boolean hasNextSubframe() { return nextSubframe >= 0; }

    /**
     * Decodes, into this packet, the A-MSDU subframe that follows the one {@code from} decoded
     * (tshark dissects every subframe of an aggregate, each with its own TCP segment). The
     * layers outside the 802.11 header are those of {@code from}, which is left unchanged.
     * Returns true if a TCP header was found.
     */
    public boolean decodeNextSubframe(Packet from) {
        if (from.nextSubframe < 0 || from.wlanLayer < 0) throw new IllegalStateException("no further A-MSDU subframe");
        this.frame = from.frame;
        this.buf = from.buf;
        this.start = from.start;
        this.end = from.end;
        this.wireEnd = from.wireEnd;
        this.linkType = from.linkType;
        this.layerCount = from.wlanLayer + 1;
        System.arraycopy(from.layerType, 0, layerType, 0, layerCount);
        System.arraycopy(from.layerOffset, 0, layerOffset, 0, layerCount);
        layerMask = 0;
        for (int i = 0; i < layerCount; i++) layerMask |= bit(layerType[i]);
        this.wlanLayer = from.wlanLayer;
        this.subframeDepth = from.subframeDepth;
        resetIpAndTcp();
        decodeAmsduSubframe(from.nextSubframe, subframeDepth);
        return tcpOffset >= 0;
    }

    // ---------------------------------------------------------------- link layer

    private void decodeLink() {
        int o = start;
        switch (linkType) {
            case LinkType.ETHERNET -> decodeEthernet(o, 0);
            case LinkType.LINUX_SLL -> {
                if (!need(o, 16)) return;
                push(Layer.SLL, o);
                decodeEthertype(o + 16, u16(o + 14), 0);
            }
            case LinkType.LINUX_SLL2 -> {
                if (!need(o, 20)) return;
                push(Layer.SLL2, o);
                decodeEthertype(o + 20, u16(o), 0);
            }
            case LinkType.NULL, LinkType.LOOP -> {
                if (!need(o, 4)) return;
                push(Layer.NULL_LOOP, o);
                int family = nullFamily(o);
                if (family == 2) decodeIp4(o + 4, 0);
                else if (family == 24 || family == 28 || family == 30) decodeIp6(o + 4, 0);
                else push(Layer.OTHER, o + 4);
            }
            case LinkType.RAW, LinkType.RAW_BSD12, LinkType.RAW_BSD14, LinkType.IPV4, LinkType.IPV6 -> {
                push(Layer.RAW, o);
                decodeIpByVersion(o, 0);
            }
            case LinkType.FDDI -> { // frame control, two addresses, then 802.2 LLC
                if (!need(o, 13)) return;
                push(Layer.OTHER, o);
                decodeLlc(o + 13, 0);
            }
            case LinkType.PPP -> decodePpp(o, 0);
            case LinkType.ARCNET_LINUX -> decodeArcnetLinux(o);
            case LinkType.JUNIPER_ETHER -> decodeJuniperEther(o);
            case LinkType.NFLOG -> decodeNflog(o);
            case LinkType.IPOIB -> {
                // Linux's pseudo-header: two 20-byte InfiniBand hardware addresses, the ethertype,
                // 2 reserved bytes.
                if (!need(o, 44)) return;
                push(Layer.IPOIB, o);
                decodeEthertype(o + 44, u16(o + 40), 0);
            }
            default -> problem = PROBLEM_UNSUPPORTED_LINK;
        }
    }

    /**
     * PPP as DLT_PPP carries it: the HDLC address and control bytes (FF 03) may be there or not,
     * and the protocol field may be compressed to one byte (an odd first byte), as Wireshark
     * accepts both.
     */
    private void decodePpp(int o, int depth) {
        if (!need(o, 1)) return;
        push(Layer.PPP, o);
        int p = o;
        if ((buf[p] & 0xFF) == 0xFF) {
            if (!need(p, 2)) return;
            p += 2;
        }
        if (!need(p, 1)) return;
        int proto;
        if ((buf[p] & 0x01) != 0) {
            proto = buf[p] & 0xFF;
            p += 1;
        } else {
            if (!need(p, 2)) return;
            proto = u16(p);
            p += 2;
        }
        decodePppProtocol(p, proto, depth);
    }

    private void decodePppProtocol(int o, int proto, int depth) {
        switch (proto) {
            case 0x0021 -> decodeIp4(o, depth + 1);
            case 0x0057 -> decodeIp6(o, depth + 1);
            case 0x0281, 0x0283 -> decodeMpls(o, depth + 1);
            default -> push(Layer.OTHER, o);
        }
    }

    /**
     * Linux ARCNET: source, destination, a 2-byte offset, the protocol id; RFC 1201 protocols
     * then have a split flag and a 2-byte sequence number (with 4 more bytes in an exception
     * packet, flag FF), RFC 1051 ones (F0, F1) and diagnostics (80) do not.
     */
    private void decodeArcnetLinux(int o) {
        if (!need(o, 5)) return;
        push(Layer.ARCNET, o);
        int type = buf[o + 4] & 0xFF;
        int p = o + 5;
        if (type != 0xF0 && type != 0xF1 && type != 0x80) {
            if (!need(p, 3)) return;
            if ((buf[p] & 0xFF) == 0xFF) p += 4;   // exception packet: flag, 2 padding bytes, protocol again
            p += 3;                                // split flag, sequence number
        }
        switch (type) {
            case 0xD4, 0xF0 -> decodeIp4(p, 0);     // IP, RFC 1201 and RFC 1051
            case 0xC4 -> decodeIp6(p, 0);           // IPv6, RFC 2497
            case 0xD5, 0xD6, 0xF1 -> push(Layer.ARP, p);
            default -> push(Layer.OTHER, p);
        }
    }

    /**
     * Juniper's pseudo-header: "MGC", a flags byte, then (flag 0x80) a 2-byte length and that
     * many bytes of extension TLVs. Flag 0x02 says there is no layer-2 header: 4 bytes follow,
     * then the IP packet (told apart by its version, as tcpdump does); otherwise an Ethernet frame.
     */
    private void decodeJuniperEther(int o) {
        if (!need(o, 4)) return;
        push(Layer.JUNIPER, o);
        if ((buf[o] & 0xFF) != 0x4D || (buf[o + 1] & 0xFF) != 0x47 || (buf[o + 2] & 0xFF) != 0x43) {
            problem = PROBLEM_MALFORMED;
            return;
        }
        int flags = buf[o + 3] & 0xFF;
        int p = o + 4;
        if ((flags & 0x80) != 0) {
            if (!need(p, 2)) return;
            p += 2 + u16(p);
        }
        if ((flags & 0x02) != 0) {
            if (!need(p, 4)) return;
            decodeIpByVersion(p + 4, 0);
        } else {
            decodeEthernet(p, 0);
        }
    }

    /**
     * NFLOG: family, version, a big-endian resource id, then TLVs whose length and type are in
     * the byte order of the host that logged (little-endian for every file in practice; the
     * tcpdump printer reads them the same way). Each TLV is padded to 4 bytes; type 9
     * (NFULA_PAYLOAD) is the packet, an IPv4 or IPv6 datagram by the header's family.
     */
    private void decodeNflog(int o) {
        if (!need(o, 4)) return;
        push(Layer.NFLOG, o);
        int family = buf[o] & 0xFF;
        int p = o + 4;
        while (true) {
            if (!need(p, 4)) return;
            int len = (buf[p] & 0xFF) | ((buf[p + 1] & 0xFF) << 8);
            int type = ((buf[p + 2] & 0xFF) | ((buf[p + 3] & 0xFF) << 8)) & 0x7FFF; // without NLA_F_NESTED
            if (len < 4) { problem = PROBLEM_MALFORMED; return; }
            if (type == 9) { p += 4; break; }
            p += (len + 3) & ~3;
        }
        if (family == 2) decodeIp4(p, 0);
        else if (family == 10) decodeIp6(p, 0);
        else push(Layer.OTHER, p);
    }

    /** The address family of a NULL/LOOP header: host byte order for NULL, but read both ways. */
    public int nullFamily(int o) {
        int be = ((buf[o] & 0xFF) << 24) | ((buf[o + 1] & 0xFF) << 16) | ((buf[o + 2] & 0xFF) << 8) | (buf[o + 3] & 0xFF);
        if (linkType == LinkType.LOOP) return be;
        // DLT_NULL is in the writer's byte order; a family fits in the low 16 bits either way.
        if ((be & 0xFFFF0000) == 0) return be;
        return Integer.reverseBytes(be);
    }

    private void decodeEthernet(int o, int depth) {
        if (!need(o, 14)) return;
        push(Layer.ETHERNET, o);
        int type = u16(o + 12);
        // A value up to 1500 is an 802.3 length: the payload starts with an 802.2 LLC header.
        if (type <= 1500) decodeLlc(o + 14, depth);
        else if (type == 0x8903) decodeFabricPath(o + 14, depth);
        else decodeEthertype(o + 14, type, depth);
    }

    /**
     * Cisco FabricPath: in place of an Ethernet header, outer switch addresses and the FP tag
     * (ethertype 0x8903, FTAG and TTL), then the classic Ethernet frame. tshark 4.0 recognises
     * it only as the Ethernet type itself (a heuristic on the Ethernet header) and takes the
     * last 4 bytes of the frame as the FabricPath FCS, so they are not part of the inner frame.
     */
    private void decodeFabricPath(int o, int depth) {
        if (!need(o, 2)) return;
        push(Layer.FABRICPATH, o - 14);
        wireEnd -= 4;
        decodeEthernet(o + 2, depth + 1);
    }

    /** 802.2 LLC; only SNAP (AA AA 03, then OUI and an ethertype) leads on to IP. */
    private void decodeLlc(int o, int depth) {
        if (!need(o, 3)) return;
        if ((buf[o] & 0xFF) == 0xAA && (buf[o + 1] & 0xFF) == 0xAA && (buf[o + 2] & 0xFF) == 0x03) {
            if (!need(o, 8)) return;
            push(Layer.LLC_SNAP, o);
            decodeEthertype(o + 8, u16(o + 6), depth + 1);
        } else {
            push(Layer.OTHER, o);
        }
    }

    /**
     * An 802.11 data frame (Aruba GRE tunnels): header length from the frame-control bits
     * (four addresses, QoS, HT control), the first A-MSDU subframe, then LLC/SNAP.
     */
    private void decodeWlan(int o, int depth) {
        if (!need(o, 24)) return;
        int fc0 = buf[o] & 0xFF, fc1 = buf[o + 1] & 0xFF;
        int type = (fc0 >>> 2) & 0x3, subtype = (fc0 >>> 4) & 0xF;
        push(Layer.WLAN, o);
        if (type != 2 || (subtype & 0x4) != 0 || (fc1 & 0x40) != 0) { // not data, no data (null), or encrypted
            push(Layer.OTHER, o);
            return;
        }
        int h = 24;
        if ((fc1 & 0x03) == 0x03) h += 6;          // ToDS and FromDS: a fourth address
        boolean qos = (subtype & 0x8) != 0;
        boolean amsdu = false;
        if (qos) {
            if (!need(o, h + 2)) return;
            amsdu = (buf[o + h] & 0x80) != 0;
            h += 2;
            if ((fc1 & 0x80) != 0) h += 4;         // +HTC
        }
        int p = o + h;
        if (amsdu) {
            wlanLayer = layerCount - 1;
            subframeDepth = depth + 1;
            decodeAmsduSubframe(p, depth + 1);
        } else {
            decodeLlc(p, depth + 1);
        }
    }

    /**
     * One A-MSDU subframe: DA, SA, a 2-byte length, then the MSDU (LLC/SNAP...). Every subframe
     * but the last is padded to a multiple of 4 bytes; the offset of the next one is kept for
     * {@link #decodeNextSubframe}.
     */
    private void decodeAmsduSubframe(int p, int depth) {
        nextSubframe = -1;
        if (!need(p, 14)) return;
        int msdu = u16(p + 12);
        int next = p + ((14 + msdu + 3) & ~3);
        if (next + 14 <= end) nextSubframe = next;
        decodeLlc(p + 14, depth);
    }

    private void decodeEthertype(int o, int type, int depth) {
        if (tooDeep(o, depth)) return;
        switch (type) {
            case 0x0800 -> decodeIp4(o, depth);
            case 0x86DD -> decodeIp6(o, depth);
            case 0x8100, 0x88A8, 0x9100 -> {
                if (!need(o, 4)) return;
                push(Layer.VLAN, o);
                if (++vlanTags > MAX_VLAN_TAGS) { push(Layer.OTHER, o + 4); problem = PROBLEM_TOO_MANY_VLAN_TAGS; return; }
                decodeEthertype(o + 4, u16(o + 2), depth);     // tags have their own bound, not the depth's
            }
            case 0x8926 -> { // Cisco VN-Tag: 4 bytes of tag, then the next ethertype (tshark sees through it)
                if (!need(o, 6)) return;
                push(Layer.VLAN, o);
                decodeEthertype(o + 6, u16(o + 4), depth + 1);
            }
            case 0x8847, 0x8848 -> decodeMpls(o, depth);
            case 0x8864 -> decodePppoe(o, depth);
            case 0x88E7 -> { // 802.1ah PBB: the 4-byte I-TAG, then the customer's Ethernet header
                if (!need(o, 4)) return;
                push(Layer.PBB, o);
                decodeEthernet(o + 4, depth + 1);
            }
            case 0x0806, 0x8035 -> push(Layer.ARP, o);
            default -> push(Layer.OTHER, o);
        }
    }

    private void decodeMpls(int o, int depth) {
        int p = o;
        while (true) {
            if (!need(p, 4)) return;
            push(Layer.MPLS, p);
            boolean bottom = (buf[p + 2] & 0x01) != 0;
            p += 4;
            if (bottom || layerCount >= MAX_LAYERS - 4) break;
        }
        // Like tcpdump, guess the payload from the first nibble.
        if (p >= end) { problem = PROBLEM_TRUNCATED; return; }
        int v = (buf[p] & 0xF0) >>> 4;
        if (v == 4) decodeIp4(p, depth + 1);
        else if (v == 6) decodeIp6(p, depth + 1);
        else push(Layer.OTHER, p);
    }

    private void decodePppoe(int o, int depth) {
        if (!need(o, 8)) return;
        push(Layer.PPPOE, o);
        int proto = u16(o + 6);
        if (proto == 0x0021) decodeIp4(o + 8, depth + 1);
        else if (proto == 0x0057) decodeIp6(o + 8, depth + 1);
        else push(Layer.OTHER, o + 8);
    }

    private void decodeIpByVersion(int o, int depth) {
        if (o >= end) { problem = PROBLEM_TRUNCATED; return; }
        int v = (buf[o] & 0xF0) >>> 4;
        if (v == 4) decodeIp4(o, depth);
        else if (v == 6) decodeIp6(o, depth);
        else { push(Layer.OTHER, o); problem = PROBLEM_MALFORMED; }
    }

    // ---------------------------------------------------------------- IP

    private void decodeIp4(int o, int depth) {
        if (!need(o, 20)) return;
        push(Layer.IPV4, o);
        int vihl = buf[o] & 0xFF;
        int ihl = (vihl & 0x0F) * 4;
        if ((vihl >>> 4) != 4 || ihl < 20) { problem = PROBLEM_MALFORMED; return; }
        int total = u16(o + 2);
        if (total == 0) {
            // Captured on the sending host before TCP segmentation offload split the segment: the
            // header says 0, and Wireshark (like the NIC) takes the length from the frame.
            total = Math.max(0, frame.wireLength() - (o - start));
        }
        int fragField = u16(o + 6);
        int fragOffset = fragField & 0x1FFF;
        boolean more = (fragField & 0x2000) != 0;
        ipOffset = o;
        ipVersion = 4;
        ipHeaderLength = ihl;
        ipTotalLength = total;
        ipProtocol = buf[o + 9] & 0xFF;
        ipFragment = more || fragOffset != 0;
        ipLaterFragment = fragOffset != 0;
        srcAddrOffset = o + 12;
        dstAddrOffset = o + 16;
        addrLength = 4;
        if (total < ihl) { problem = PROBLEM_MALFORMED; return; }
        if (!need(o, ihl)) return;
        // A fragment (first or later) ends the decoding here: what it carries is only whole once the
        // datagram is reassembled (IpReassembler), which is when tshark dissects it too.
        if (ipFragment) {
            // Wireshark only reassembles a fragment whose declared bytes were all captured; a
            // first fragment cut short by the snapshot length is dissected as it stands instead.
            boolean whole = (long) o + total <= end;
            if (whole || ipLaterFragment || total <= ihl) { push(Layer.FRAGMENT, o + ihl); return; }
        }
        decodeTransport(o + ihl, ipProtocol, depth);
    }

    private void decodeIp6(int o, int depth) {
        if (!need(o, 40)) return;
        push(Layer.IPV6, o);
        if (((buf[o] & 0xF0) >>> 4) != 6) { problem = PROBLEM_MALFORMED; return; }
        ipOffset = o;
        ipVersion = 6;
        ipTotalLength = 40 + u16(o + 4);
        srcAddrOffset = o + 8;
        dstAddrOffset = o + 24;
        addrLength = 16;
        ipFragment = false;
        ipLaterFragment = false;
        int next = buf[o + 6] & 0xFF;
        int p = o + 40;
        // Walk extension headers: hop-by-hop, routing, fragment, destination options, AH.
        for (int guard = 0; guard < 16; guard++) {
            if (next == 0 || next == 43 || next == 60) {
                if (!need(p, 8)) { ipProtocol = next; ipHeaderLength = p - o; return; }
                int len = ((buf[p + 1] & 0xFF) + 1) * 8;
                if (next == 0 && p == o + 40 && u16(o + 4) == 0) jumbo(o, p, len);
                next = buf[p] & 0xFF;
                p += len;
            } else if (next == 44) {
                if (!need(p, 8)) { ipProtocol = next; ipHeaderLength = p - o; return; }
                int off = u16(p + 2) & 0xFFF8;
                boolean more = (u16(p + 2) & 1) != 0;
                ipFragment = off != 0 || more;
                ipLaterFragment = off != 0;
                next = buf[p] & 0xFF;
                p += 8;
                if (ipFragment) {
                    ipProtocol = next;
                    ipHeaderLength = p - o;
                    push(Layer.FRAGMENT, p);
                    return;
                }
            } else if (next == 51) {
                if (!need(p, 8)) { ipProtocol = next; ipHeaderLength = p - o; return; }
                int len = ((buf[p + 1] & 0xFF) + 2) * 4;
                next = buf[p] & 0xFF;
                p += len;
            } else {
                break;
            }
        }
        ipProtocol = next;
        ipHeaderLength = p - o;
        if (ipTotalLength == 40 && u16(o + 4) == 0 && next != 59) {
            // Payload length 0 without a Jumbo Payload option (a TSO/BIG TCP capture): unlike
            // IPv4's total length 0, tshark takes it at its word, and the transport header it
            // then cannot read is malformed, with no TCP analysis.
            push(Layer.OTHER, p);
            problem = PROBLEM_MALFORMED;
            return;
        }
        decodeTransport(p, next, depth);
    }

    /**
     * A jumbogram (RFC 2675): payload length 0 and a Jumbo Payload option (type C2, 4 bytes) in
     * the hop-by-hop header give the length after the base header. Linux BIG TCP sends these.
     */
    private void jumbo(int ip, int hbh, int len) {
        int q = hbh + 2, optEnd = Math.min(hbh + len, end);
        while (q < optEnd) {
            int type = buf[q] & 0xFF;
            if (type == 0) { q++; continue; }                 // Pad1
            if (q + 2 > optEnd) return;
            int olen = buf[q + 1] & 0xFF;
            if (type == 0xC2 && olen == 4 && q + 6 <= optEnd) {
                long jl = i32(q + 2) & 0xFFFFFFFFL;
                ipTotalLength = (int) Math.min(Integer.MAX_VALUE, 40 + jl);
                return;
            }
            q += 2 + olen;
        }
    }

    private void decodeTransport(int o, int proto, int depth) {
        switch (proto) {
            case 6 -> {
                // The bounds contract: TCP is reported (hasTcp) only when its 20-byte fixed header was
                // captured; fewer bytes are a truncated packet, as tshark sees them (it shows the ports
                // but gives the frame no stream and no analysis). A header whose options are cut short
                // is still TCP (tshark numbers and analyses it from the fixed header) but is marked
                // truncated, and the option readers stop at the captured bytes.
                if (o >= end) { problem = PROBLEM_TRUNCATED; return; }
                push(Layer.TCP, o);
                tcpStart = o;
                if (o + 20 > end) { problem = PROBLEM_TRUNCATED; return; }
                tcpOffset = o;
                int hlen = ((buf[o + 12] & 0xF0) >>> 4) * 4;
                if (hlen > 20 && o + hlen > end) problem = PROBLEM_TRUNCATED;
            }
            case 17 -> decodeUdp(o, depth);
            case 1 -> push(Layer.ICMP, o);
            case 58 -> push(Layer.ICMP6, o);
            case 4 -> { if (!tooDeep(o, depth + 1)) decodeIp4(o, depth + 1); }
            case 41 -> { if (!tooDeep(o, depth + 1)) decodeIp6(o, depth + 1); }
            case 47 -> decodeGre(o, depth);
            default -> push(Layer.OTHER, o);
        }
    }

    private void decodeUdp(int o, int depth) {
        if (!need(o, 8)) return;
        push(Layer.UDP, o);
        int sport = u16(o);
        int dport = u16(o + 2);
        // A length below the header's own 8 bytes (0 from BIG TCP's GSO) is bad to tshark, which
        // then dissects nothing inside.
        if (u16(o + 4) < 8) return;
        boolean tunnel = sport == 4789 || dport == 4789 || sport == 6081 || dport == 6081 || sport == 2152
                || dport == 2152 || sport == 5072 || dport == 5072 || sport == 4754 || dport == 4754;
        if (tunnel && tooDeep(o + 8, depth + 1)) return;
        // tcpdump looks at VXLAN/Geneve by port; either port matches.
        if (sport == 4789 || dport == 4789) {
            if (!need(o + 8, 8)) return;
            push(Layer.VXLAN, o + 8);
            decodeEthernet(o + 16, depth + 1);
        } else if (sport == 6081 || dport == 6081) {
            if (!need(o + 8, 8)) return;
            push(Layer.GENEVE, o + 8);
            int optLen = (buf[o + 8] & 0x3F) * 4;
            int type = u16(o + 10);
            int inner = o + 16 + optLen;
            if (type == 0x6558) decodeEthernet(inner, depth + 1);
            else decodeEthertype(inner, type, depth + 1);
        } else if (sport == 2152 || dport == 2152) {
            decodeGtpU(o + 8, depth + 1);
        } else if (sport == 5072 || dport == 5072) {
            decodeAyiya(o + 8, depth + 1);
        } else if (sport == 4754 || dport == 4754) {
            decodeGre(o + 8, depth + 1);           // GRE in UDP (RFC 8086): the GRE header follows
        }
    }

    /**
     * GTPv1-U: flags (version 1, protocol type GTP), message type, length, TEID; with any of
     * the E, S or PN flags, 4 more bytes (sequence number, N-PDU number, next extension type)
     * and a chain of extension headers, each sized in 4-byte units and ending with the next
     * type. Only a G-PDU (type 255) carries a user packet, IPv4 or IPv6 by its version.
     */
    private void decodeGtpU(int o, int depth) {
        if (!need(o, 8)) return;
        int flags = buf[o] & 0xFF;
        boolean v1GtpPdu = (flags >>> 5) == 1 && (flags & 0x10) != 0 && (buf[o + 1] & 0xFF) == 0xFF;
        if (!v1GtpPdu) { push(Layer.OTHER, o); return; }
        push(Layer.GTP, o);
        int p = o + 8;
        if ((flags & 0x07) != 0) {
            if (!need(p, 4)) return;
            int ext = buf[p + 3] & 0xFF;
            p += 4;
            for (int guard = 0; ext != 0 && guard < 16; guard++) {
                if (!need(p, 1)) return;
                int units = buf[p] & 0xFF;
                if (units == 0) { problem = PROBLEM_MALFORMED; return; }
                if (!need(p, units * 4)) return;
                ext = buf[p + units * 4 - 1] & 0xFF;
                p += units * 4;
            }
        }
        decodeIpByVersion(p, depth);
    }

    /**
     * AYIYA: identity length and type, signature length and hash method, authentication method
     * and opcode, next header, a 4-byte epoch, then the identity (2^n bytes) and the signature
     * (4·n bytes). Only opcode 1 (forward) carries a packet; the next header says which IP.
     */
    private void decodeAyiya(int o, int depth) {
        if (!need(o, 8)) return;
        push(Layer.AYIYA, o);
        int idLen = 1 << ((buf[o] & 0xF0) >>> 4);
        int sigLen = ((buf[o + 1] & 0xF0) >>> 4) * 4;
        int opcode = buf[o + 2] & 0x0F;
        int next = buf[o + 3] & 0xFF;
        int p = o + 8 + idLen + sigLen;
        if (opcode != 1) { push(Layer.OTHER, p); return; }
        if (next == 41) decodeIp6(p, depth);
        else if (next == 4) decodeIp4(p, depth);
        else push(Layer.OTHER, p);
    }

    private void decodeGre(int o, int depth) {
        if (!need(o, 4)) return;
        push(Layer.GRE, o);
        int flags = u16(o);
        int version = flags & 0x7;
        int type = u16(o + 2);
        if (version != 0) { push(Layer.OTHER, o + 4); return; } // PPTP's enhanced GRE
        int p = o + 4;
        if ((flags & 0x8000) != 0 || (flags & 0x4000) != 0) p += 4; // checksum (+reserved) or routing
        if ((flags & 0x2000) != 0) p += 4; // key
        if ((flags & 0x1000) != 0) p += 4; // sequence
        if ((flags & 0x4000) != 0) { push(Layer.OTHER, p); return; } // source routing: not followed
        if (p > end) { problem = PROBLEM_TRUNCATED; return; }
        if (type == 0x6558) {
            decodeEthernet(p, depth + 1);
        } else if ((type & 0xFF00) == 0x8200 || type == 0x9000) {
            decodeWlan(p, depth + 1);              // Aruba: 802.11 frames from access points
        } else if (type == 0x883E) {
            // WCCP redirect: a 4-byte WCCPv2 header before the IPv4 packet (tshark decodes it)
            if (!need(p, 4)) return;
            int q = p + 4;
            if (q < end && (buf[q] & 0xF0) == 0x40) decodeIp4(q, depth + 1);
            else if (q < end) decodeIp4(p, depth + 1); // WCCPv1: the IPv4 packet follows GRE directly
        } else {
            decodeEthertype(p, type, depth + 1);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** True (and the frame marked) when {@code depth} passes {@link #MAX_DEPTH}: nothing inside is decoded. */
    private boolean tooDeep(int o, int depth) {
        if (depth <= MAX_DEPTH) return false;
        push(Layer.OTHER, o);
        problem = PROBLEM_TOO_DEEP;
        return true;
    }

    private boolean need(int o, int n) {
        if (o + n <= end && o >= start) return true;
        problem = PROBLEM_TRUNCATED;
        return false;
    }

    private void push(int type, int offset) {
        if (layerCount < MAX_LAYERS) {
            layerType[layerCount] = type;
            layerOffset[layerCount] = offset;
            layerCount++;
            layerMask |= bit(type);
        }
    }

    private int u16(int i) { return ((buf[i] & 0xFF) << 8) | (buf[i + 1] & 0xFF); }

    private int i32(int i) {
        return ((buf[i] & 0xFF) << 24) | ((buf[i + 1] & 0xFF) << 16) | ((buf[i + 2] & 0xFF) << 8) | (buf[i + 3] & 0xFF);
    }

    // ---------------------------------------------------------------- frame and layers

    public Frame frame() { return frame; }
    public byte[] buffer() { return buf; }
    /** Offset of the first captured byte. */
    public int start() { return start; }
    /** Offset just past the last captured byte. */
    public int end() { return end; }
    /**
     * Offset just past the packet's last byte on the wire (captured or not), less a trailer that
     * a decoder knows is not part of the inner packet (FabricPath's FCS).
     */
    public int wireEnd() { return wireEnd; }
    public int linkType() { return linkType; }
    public int layerCount() { return layerCount; }
    public int layerType(int i) { return layerType[i]; }
    public int layerOffset(int i) { return layerOffset[i]; }
    /** Problem code (PROBLEM_*) of the first header that could not be decoded fully. */
    public int problem() { return problem; }

    /** Index of the first layer of the given type, or -1. */
    public int findLayer(int type) {
        if ((layerMask & bit(type)) == 0) return -1;   // the common answer, asked for every packet
        for (int i = 0; i < layerCount; i++) if (layerType[i] == type) return i;
        return -1;
    }

    /** The type's bit in {@link #layerMask}; all bits for a type outside 0..31 (then the scan decides). */
    private static int bit(int type) { return type >= 0 && type < 32 ? 1 << type : -1; }

    // ---------------------------------------------------------------- IP

    /** 4 or 6 for the innermost IP header carrying the transport; 0 when there is none. */
    public int ipVersion() { return ipVersion; }
    public int ipOffset() { return ipOffset; }
    public int ipHeaderLength() { return ipHeaderLength; }
    /** Total length the IP header declares (IPv6: 40 + payload length), whatever was captured. */
    public int ipTotalLength() { return ipTotalLength; }
    public int ipProtocol() { return ipProtocol; }
    public boolean ipFragment() { return ipFragment; }
    public boolean ipLaterFragment() { return ipLaterFragment; }
    public int srcAddrOffset() { return srcAddrOffset; }
    public int dstAddrOffset() { return dstAddrOffset; }
    /** 4 or 16. */
    public int addrLength() { return addrLength; }

    // ---------------------------------------------------------------- TCP

    /**
     * True when the 20-byte fixed TCP header was captured; only then do the TCP accessors read
     * anything. A TCP header cut shorter leaves this false and {@link #problem()} truncated.
     */
    public boolean hasTcp() { return tcpOffset >= 0; }
    public int tcpOffset() { return tcpOffset; }
    /** Captured bytes from the start of the TCP header. */
    public int tcpCaptured() { return tcpOffset < 0 ? 0 : end - tcpOffset; }
    /** True when the 20-byte fixed TCP header was captured: always so when {@link #hasTcp()}. */
    public boolean tcpFixedHeaderComplete() { return tcpCaptured() >= 20; }
    /** True when the whole TCP header, options included (data offset × 4), was captured. */
    public boolean tcpHeaderComplete() { return tcpOffset >= 0 && tcpCaptured() >= Math.max(20, tcpHeaderLength()); }
    public int srcPort() { return u16(tcpField(0)); }
    public int dstPort() { return u16(tcpField(2)); }
    /** Raw sequence number as an unsigned 32-bit value held in an int. */
    public int seq() { return i32(tcpField(4)); }
    public int ack() { return i32(tcpField(8)); }
    /** TCP header length in bytes (data offset × 4). */
    public int tcpHeaderLength() { return ((buf[tcpField(12)] & 0xF0) >>> 4) * 4; }
    /** FIN..CWR in bits 0-7, AE in bit 8. */
    public int tcpFlags() {
        int o = tcpField(12);
        return (buf[o + 1] & 0xFF) | ((buf[o] & 0x01) << 8);
    }
    /** The three reserved bits of byte 12 (bits 3..1), shifted down. */
    public int tcpReservedBits() { return (buf[tcpField(12)] & 0x0E) >>> 1; }
    public int window() { return u16(tcpField(14)); }
    public int tcpChecksum() { return u16(tcpField(16)); }
    public int urgentPointer() { return u16(tcpField(18)); }
    /** Bytes the IP header declares for the TCP segment (header + payload). */
    public int tcpSegmentLength() { return ipTotalLength - (tcpField(0) - ipOffset); }
    /**
     * Payload length as tcpdump and tshark compute it: the IP-declared segment length minus
     * the TCP header length. Negative when the header claims more than the IP length.
     */
    public int tcpPayloadLength() { return tcpSegmentLength() - tcpHeaderLength(); }
    public int tcpPayloadOffset() { return tcpOffset + tcpHeaderLength(); }
    /** Payload bytes actually captured (never negative). */
    public int tcpPayloadCaptured() {
        int p = tcpPayloadOffset();
        int avail = end - p;
        return Math.max(0, Math.min(avail, Math.max(0, tcpPayloadLength())));
    }
    /**
     * True when this packet is an IP fragment still to be reassembled: a fragment whose transport
     * header was decoded (a first fragment not captured whole, which tshark dissects as it is)
     * is not.
     */
    public boolean needsReassembly() { return ipFragment && tcpStart < 0; }

    /** True when the header's data offset is sane (≥ 20 and within the IP-declared segment). */
    public boolean tcpHeaderValid() {
        int h = tcpHeaderLength();
        return h >= 20 && h <= tcpSegmentLength();
    }

    /**
     * Offset of the first TCP option of {@code kind} inside the captured header, or -1. Walks
     * the option list as a receiver would: stops at EOL, at a length below 2, or at the end
     * of the header or of the captured bytes.
     */
    public int tcpOptionOffset(int kind) {
        if (tcpOffset < 0 || tcpCaptured() < 20) return -1;
        int hdrEnd = Math.min(tcpOffset + tcpHeaderLength(), end);
        int o = tcpOffset + 20;
        while (o < hdrEnd) {
            int k = buf[o] & 0xFF;
            if (k == 0) return -1;
            if (k == 1) { o++; continue; }
            if (o + 1 >= hdrEnd) return -1;
            int len = buf[o + 1] & 0xFF;
            if (len < 2 || o + len > hdrEnd) return -1;
            if (k == kind) return o;
            o += len;
        }
        return -1;
    }

    /** Window-scale shift from the wscale option, or -1 when absent. */
    public int optionWindowScale() {
        int o = tcpOptionOffset(3);
        return o >= 0 && (buf[o + 1] & 0xFF) == 3 ? buf[o + 2] & 0xFF : -1;
    }

    /** Number of SACK blocks (0 when absent); block i's left edge is at {@link #sackBlockOffset}. */
    public int sackBlockCount() {
        int o = tcpOptionOffset(5);
        if (o < 0) return 0;
        int len = buf[o + 1] & 0xFF;
        return (len - 2) % 8 == 0 ? (len - 2) / 8 : 0;
    }

    /** Offset of SACK block i's left edge (right edge at +4). */
    public int sackBlockOffset(int i) { return tcpOptionOffset(5) + 2 + 8 * i; }

    /** Unsigned 32-bit read at an absolute offset (for option values). */
    public long u32At(int offset) {
        if (BOUNDS_CHECKS) boundsCheck(offset, 4);
        return i32(offset) & 0xFFFFFFFFL;
    }

    public int u16At(int offset) {
        if (BOUNDS_CHECKS) boundsCheck(offset, 2);
        return u16(offset);
    }

    // ---------------------------------------------------------------- bounds

    /**
     * Whether accessors check their reads against the decoded headers and captured bytes (in
     * Agrona's manner: one static final flag the JIT folds away). On by default; off with
     * {@code -Dtcplens.disableBoundsChecks=true}, for benchmarks only: a read outside the captured
     * bytes then returns whatever the reused buffer holds from an earlier frame.
     */
    public static final boolean BOUNDS_CHECKS = !Boolean.getBoolean("tcplens.disableBoundsChecks");

    /**
     * The absolute offset of the fixed TCP header's byte {@code rel} (0..19). Asking a packet
     * without a decoded TCP header (an ARP frame, or fewer than 20 TCP bytes captured) is a
     * caller's bug: with checks on it throws instead of reading another header's bytes.
     */
    private int tcpField(int rel) {
        if (BOUNDS_CHECKS && tcpOffset < 0) {
            throw new IllegalStateException("no TCP header decoded (hasTcp() is false"
                    + (problem == PROBLEM_TRUNCATED ? ": truncated" : "") + ")");
        }
        return tcpOffset + rel;
    }

    private void boundsCheck(int offset, int length) {
        if (offset < start || offset > end - length) boundsCheck0(offset, length);
    }

    private void boundsCheck0(int offset, int length) {
        throw new IndexOutOfBoundsException("offset=" + offset + " length=" + length + " captured=[" + start + ", " + end + ")");
    }
}
