package io.tcplens.conn;

/**
 * Zeek's view of one TCP connection: originator/responder (with Zeek's role flips), the
 * {@code history} string, each endpoint's Zeek state, sequence-derived byte counts, and the
 * {@code conn_state} decided when the connection is logged.
 *
 * <p>Fed one packet at a time in capture order. Endpoints are named by index: 0 is the sender
 * of the connection's first packet, 1 the other; {@link #originator()} says which index Zeek
 * treats as the originator now. Checksums are not validated (Zeek's {@code -C}), which is what
 * captures taken on the sending host need.
 */
public final class ZeekConn {
    // Zeek endpoint states (base/init-bare.zeek).
    public static final int INACTIVE = 0;
    public static final int SYN_SENT = 1;
    public static final int SYN_ACK_SENT = 2;
    public static final int PARTIAL = 3;
    public static final int ESTABLISHED = 4;
    public static final int CLOSED = 5;
    public static final int RESET = 6;

    private static final int FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10;

    /**
     * An endpoint that has sent nothing, shared by every connection until its side sends: a SYN
     * nobody answers costs one endpoint, not two. Never written: every write to the peer of a
     * packet's sender is guarded by a state (SYN_SENT, SYN_ACK_SENT, RESET) or a start this one
     * never has, and the sender is given its own endpoint before anything else.
     */
    private static final Endpoint SILENT = new Endpoint();
    private final Endpoint[] ep = {SILENT, SILENT};
    private int orig; // index of the originator
    private final StringBuilder history = new StringBuilder();
    private long firstMicros = Long.MIN_VALUE;
    private long lastMicros;

    /** Per-endpoint bookkeeping. */
    private static final class Endpoint {
        int state = INACTIVE;
        boolean started;      // start sequence known
        long start;           // 64-bit relative space: ISN, or first seq - 1
        long last;            // highest seq+len (+SYN/FIN) sent, in the same space
        long acked;           // highest ACK received from the peer, in this endpoint's space
        boolean sawFin;
        boolean sawRst;
        long pkts;
        long ipBytes;
        int lettersOnce;      // bit per letter already recorded (A, D, I, Q)
        boolean hasS, hasH, hasF, hasR;
        long lastS, lastH, lastF, lastR;
        long rxmit, rxmitThreshold = 1;
        long zeroWin, zeroWinThreshold = 1;
        long gaps, gapThreshold = 1;
        long missed;
        long highestEnd;      // for T: highest segment end seen
        boolean anyEnd;
        long baseRaw = Long.MIN_VALUE; // raw seq anchoring the 64-bit space
        long wrapHigh;

        /** Maps a raw 32-bit sequence number into this endpoint's unwrapped 64-bit space. */
        long unwrap(long raw) {
            if (baseRaw == Long.MIN_VALUE) { baseRaw = raw; return raw; }
            long ref = wrapHigh + baseRaw;
            long delta = (int) (raw - (ref & 0xFFFFFFFFL)); // signed 32-bit distance
            long v = ref + delta;
            if (v - baseRaw > wrapHigh) wrapHigh = v - baseRaw;
            return v;
        }
    }

    /** Ports Zeek's default scripts register as likely server ports: {@link io.tcplens.tcp.ClientRule}'s. */
    static boolean likelyServerPort(int p) { return io.tcplens.tcp.ClientRule.likelyServerPort(p); }

    /**
     * Records the first packet, deciding the initial roles like Zeek: a pure SYN's sender is the
     * originator; otherwise the likely-server-ports rule may make the receiver the originator.
     */
    public ZeekConn(int firstFlags, int srcPort, int dstPort) {
        boolean pureSyn = (firstFlags & SYN) != 0 && (firstFlags & ACK) == 0;
        orig = 0;
        if (!pureSyn) {
            // A SYN+ACK first keeps its sender as originator when both ports are likely servers (Zeek
            // flips it at the first A or D instead); otherwise the shared rule.
            if (io.tcplens.tcp.ClientRule.senderIsServer(srcPort, dstPort)
                    && ((firstFlags & SYN) == 0 || !likelyServerPort(dstPort))) orig = 1;
        }
        // A flip at creation is a real FlipRoles in Zeek: it writes '^' too (Zeek's missing-syn baseline: "^hADdFaf").
        if (orig == 1) history.append('^');
    }

    public int originator() { return orig; }

    /**
     * Processes one packet from endpoint {@code from} (0 or 1).
     *
     * @param seq       raw sequence number (unsigned 32-bit in a long)
     * @param ack       raw acknowledgement number
     * @param len       TCP payload length (IP-declared)
     * @param ipLength  the IP header's total length field
     */
    public void packet(int from, int flags, long seq, long ack, int len, int window, int ipLength, long micros) {
        if (firstMicros == Long.MIN_VALUE) firstMicros = micros;
        Endpoint e = ep[from];
        if (e == SILENT) e = ep[from] = new Endpoint();
        Endpoint p = ep[1 - from];
        // Duration counts packets while at least one side has not finished closing.
        if (!(finished(ep[0]) && finished(ep[1]))) lastMicros = micros;
        e.pkts++;
        e.ipBytes += ipLength;

        boolean syn = (flags & SYN) != 0, fin = (flags & FIN) != 0, rst = (flags & RST) != 0, ackf = (flags & ACK) != 0;
        long s64 = e.unwrap(seq & 0xFFFFFFFFL);
        if (!e.started) {
            e.started = true;
            e.start = syn ? s64 : s64 - 1;
            e.last = e.start;
        }
        long end = s64 + Math.max(len, 0) + (syn ? 1 : 0) + (fin ? 1 : 0);
        if (rst) end = s64 + (syn ? 1 : 0);

        updateHistory(from, e, flags, s64, len);

        // G: data (or a FIN) beyond the highest byte seen from this side is a content gap for the reassembler.
        if (e.anyEnd && !rst && (len > 0 || fin) && s64 > e.highestEnd && bothSeen()) {
            e.missed += s64 - e.highestEnd;
            if (++e.gaps == e.gapThreshold) { e.gapThreshold *= 10; add(from, 'G'); }
        }

        // T: payload that does not extend the highest end seen from this side.
        if (len > 0 && e.anyEnd && end <= e.highestEnd) {
            if (++e.rxmit == e.rxmitThreshold) { e.rxmitThreshold *= 10; add(from, 'T'); }
        }
        // W: a zero window, not in a RST, before the peer's FIN and this side's RST.
        if (window == 0 && !rst && !p.sawFin && !e.sawRst) {
            if (++e.zeroWin == e.zeroWinThreshold) { e.zeroWinThreshold *= 10; add(from, 'W'); }
        }
        if (!e.anyEnd || end > e.highestEnd) { e.highestEnd = end; e.anyEnd = true; }
        if (end > e.last) e.last = end;
        if (ackf && !rst && p.started) {
            long a64 = p.unwrap(ack & 0xFFFFFFFFL);
            if (a64 > p.acked || p.acked == 0) p.acked = a64;
        }

        updateState(from, e, p, flags, len, s64);
        if (fin) e.sawFin = true;
        if (rst) e.sawRst = true;
    }

    /** Zeek's reassembler reports gaps only once both sides have been seen. */
    private boolean bothSeen() { return ep[0].pkts > 0 && ep[1].pkts > 0; }

    /** Bytes the reassembler would report as missing (Zeek's missed_bytes), both directions. */
    public long missedBytes() { return ep[0].missed + ep[1].missed; }

    private static boolean finished(Endpoint e) { return e.sawFin || e.sawRst; }

    /**
     * Zeek's close_complete (TCPSessionAdapter::ConnectionClosed): a side reset the connection, or
     * both sides closed it (FIN or RST), or one side closed it while the other never sent anything.
     * From then on Zeek logs the connection tcp_close_delay (5 s) after its last packet, and a
     * packet after that starts a new connection.
     */
    public boolean closeComplete() {
        Endpoint a = ep[0], b = ep[1];
        return (a.sawRst && a.state == RESET) || (b.sawRst && b.state == RESET)
                || (finished(a) && finished(b))
                || (finished(a) && b.state == INACTIVE) || (finished(b) && a.state == INACTIVE);
    }

    /**
     * Zeek's IsReuse for a packet with these flags once a side has closed: a pure SYN (or a SYN+ACK
     * while the originator has sent nothing) after either side's FIN or RST starts a new connection,
     * whatever its sequence number. (A SYN with a new sequence number on a connection still open is
     * port reuse, which the analyzer already makes a new stream.)
     */
    public boolean reusedBy(int flags) {
        if ((flags & SYN) == 0 || (flags & RST) != 0) return false;
        if ((flags & ACK) != 0 && ep[orig].state != INACTIVE) return false;
        return finished(ep[0]) || finished(ep[1]);
    }

    private void updateState(int from, Endpoint e, Endpoint p, int flags, int len, long s64) {
        boolean syn = (flags & SYN) != 0, fin = (flags & FIN) != 0, rst = (flags & RST) != 0, ackf = (flags & ACK) != 0;
        boolean isOrig = from == orig;
        if (syn && !rst) {
            if (e.state == INACTIVE) {
                if (isOrig) {
                    e.state = ackf ? SYN_ACK_SENT : SYN_SENT;
                } else {
                    if (!ackf && p.state == SYN_ACK_SENT) {
                        // SYN after the SYN+ACK it answers: Zeek flips roles and calls it established.
                        flip();
                        p.state = ESTABLISHED;
                    }
                    if (p.state == SYN_SENT) p.state = ESTABLISHED;
                    e.state = ackf ? ESTABLISHED : SYN_SENT;
                }
            } else if (ackf && (e.state == SYN_SENT) && p.state == SYN_SENT) {
                // simultaneous open: our SYN+ACK after both SYNs
                e.state = ESTABLISHED;
            } else if (ackf && !isOrig && p.state == SYN_SENT) {
                p.state = ESTABLISHED;
                if (e.state != CLOSED && e.state != RESET) e.state = ESTABLISHED;
            }
        }
        if (fin) {
            if (e.state != RESET) e.state = CLOSED;
            else if (p.state == CLOSED) e.state = CLOSED;
        } else if (rst) {
            if (!(e.state == CLOSED && p.state == CLOSED)) e.state = RESET;
        } else if (!syn) {
            if (e.state == INACTIVE) {
                if (ackf && p.state == ESTABLISHED) e.state = ESTABLISHED;
                else if (!isOrig && len == 0 && p.state == SYN_SENT) { /* stays INACTIVE */ }
                else e.state = PARTIAL;
            }
        }
        if (fin && e.state == CLOSED && p.state == RESET && p.sawFin) p.state = CLOSED;
    }

    private void updateHistory(int from, Endpoint e, int flags, long s64, int len) {
        boolean syn = (flags & SYN) != 0, fin = (flags & FIN) != 0, rst = (flags & RST) != 0, ackf = (flags & ACK) != 0;
        int n = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
        if (n == 1) {
            if (syn) {
                if (ackf) { if (!e.hasH || e.lastH != s64) { e.hasH = true; e.lastH = s64; add(from, 'H'); } }
                else if (!e.hasS || e.lastS != s64) { e.hasS = true; e.lastS = s64; add(from, 'S'); }
            } else if (fin) {
                long v = s64 + Math.max(len, 0);
                if (!e.hasF || e.lastF != v) { e.hasF = true; e.lastF = v; add(from, 'F'); }
            } else {
                if (!e.hasR || e.lastR != s64) { e.hasR = true; e.lastR = s64; add(from, 'R'); }
            }
        } else if (n > 1) {
            if (fin && rst && !syn) once(from, e, 'I', 1);
            else once(from, e, 'Q', 2);
        } else if (len > 0) {
            once(from, e, 'D', 4);
        } else if (ackf) {
            once(from, e, 'A', 8);
        }
    }

    private void once(int from, Endpoint e, char c, int bit) {
        if ((e.lettersOnce & bit) != 0) return;
        e.lettersOnce |= bit;
        add(from, c);
    }

    private void add(int from, char letter) {
        // A connection that began with an unflipped SYN+ACK is flipped at its first A or D.
        if ((letter == 'A' || letter == 'D') && history.length() == 1 && history.charAt(0) == 'H') {
            flip();
            history.setLength(0);
            history.append("^h");
        }
        history.append(from == orig ? letter : Character.toLowerCase(letter));
    }

    private void flip() {
        orig = 1 - orig;
        if (history.length() > 0 && history.charAt(0) != '^') {
            // Rewrite existing letters to the new roles, as Zeek's FlipRoles does.
            for (int i = 0; i < history.length(); i++) {
                char c = history.charAt(i);
                history.setCharAt(i, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
            }
            history.insert(0, '^');
        }
    }

    // ---------------------------------------------------------------- results

    public String history() { return history.toString(); }

    public int state(int endpoint) { return ep[endpoint].state; }

    public long packets(int endpoint) { return ep[endpoint].pkts; }

    public long ipBytes(int endpoint) { return ep[endpoint].ipBytes; }

    /** Payload bytes of an endpoint as Zeek computes them from sequence numbers. */
    public long bytes(int endpoint) {
        Endpoint e = ep[endpoint];
        if (!e.started) return 0;
        if (e.state == RESET && ep[1 - endpoint].pkts == 0 && e.hasS) return 0;
        long size = Math.max(e.last, e.acked) - e.start;
        if (size > 0) size--;
        if (size > 0 && e.sawFin) size--;
        return Math.max(0, size);
    }

    /** Duration in microseconds: last counted packet minus first. */
    public long durationMicros() { return lastMicros - firstMicros; }

    /** The conn_state Zeek's conn.log would show, decided now. */
    public String connState() {
        Endpoint o = ep[orig], r = ep[1 - orig];
        int os = o.state, rs = r.state;
        boolean oInactive = os == INACTIVE || os == PARTIAL;
        boolean rInactive = rs == INACTIVE || rs == PARTIAL;
        if (rs == RESET) {
            if (os == SYN_SENT || os == SYN_ACK_SENT || (os == RESET && bytes(orig) == 0 && bytes(1 - orig) == 0)) return "REJ";
            if (oInactive) return "RSTRH";
            return "RSTR";
        }
        if (os == RESET) {
            if (rInactive) return history().matches("^\\^?S[^HAFGIQ]*R.*$") ? "RSTOS0" : "OTH";
            return "RSTO";
        }
        if (os == CLOSED && rs == CLOSED) return "SF";
        if (os == CLOSED) return rInactive ? "SH" : "S2";
        if (rs == CLOSED) return oInactive ? "SHR" : "S3";
        if (os == SYN_SENT && rs == INACTIVE) return "S0";
        if (os == ESTABLISHED && rs == ESTABLISHED) return "S1";
        return "OTH";
    }
}
