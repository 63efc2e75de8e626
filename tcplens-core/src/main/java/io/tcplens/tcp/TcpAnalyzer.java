package io.tcplens.tcp;

import io.tcplens.capture.Frame;
import io.tcplens.decode.Packet;
import io.tcplens.flow.FlowTable;

import java.util.Arrays;

/**
 * The per-packet TCP analyzer: finds the connection of each TCP frame (numbered as tshark
 * numbers {@code tcp.stream}), computes tshark's relative sequence numbers and every
 * {@code tcp.analysis.*} flag with tshark 4.0's rules and order of checks (one pass, default
 * preferences), tracks both endpoints' RFC 9293 states, and hands the result to the
 * subscribed {@link TcpListener}s.
 *
 * <p>Hot path: one flow-table lookup with a primitive key, no allocation; new connections and
 * lifecycle events allocate. Finished or idle connections are summarised
 * ({@link TcpEvent.ConnectionClosed}) and their buffers freed. tshark keeps every conversation
 * forever and a late packet on the same 4-tuple continues it, so a tombstone stays in the flow
 * table: by default the connection with its scalar analysis state (~500 bytes, every flag stays
 * exact), or with {@code compactTombstones} a {@link Tombstone} in its place: the stream number,
 * sequence bases and states (72 bytes, about 125 with the table's slot).
 */
public final class TcpAnalyzer {
    /** Linux TIME_WAIT length: a finished connection is summarised this long after its last packet. */
    public static final long DEFAULT_TIME_WAIT_NANOS = 60_000_000_000L;
    /**
     * A connection whose ends are both ESTABLISHED is summarised only after this long without
     * packets: longer than Linux's default keep-alive time (2 hours), so a connection kept alive by
     * probes stays one connection, while one whose end the capture missed does not stay forever.
     */
    public static final long ESTABLISHED_IDLE_NANOS = 7_800_000_000_000L;
    /** A connection without packets for this long (capture time) is summarised. */
    public static final long DEFAULT_IDLE_NANOS = 300_000_000_000L;

    private static final int FIN = Packet.FIN, SYN = Packet.SYN, RST = Packet.RST, ACK = Packet.ACK, PSH = Packet.PSH;

    /** Values: a {@link TcpConnection}, or a {@link Tombstone} with compact tombstones. */
    private final FlowTable<Object> table = new FlowTable<>(1 << 14);
    private final SegmentInfo info = new SegmentInfo();
    private TcpListener[] listeners = new TcpListener[0];
    private int nextStream;
    private final long timeWaitNanos;
    private final long idleNanos;
    private final boolean compactTombstones;

    // Open connections, least recently active first (intrusive doubly-linked list via arrays
    // would be leaner; a linked structure of nodes is enough here).
    private final Lru live = new Lru();
    private final Lru established = new Lru();   // summarised for idleness only after hours
    private final Lru finished = new Lru();
    /** Unanswered attempts (see {@link TcpConnection#attempt}), in the order they opened. */
    private final Lru attempts = new Lru();
    /** Every list of open connections, for the searches across them (eviction, end of input). */
    private final Lru[] lists = {finished, live, established, attempts};
    private long attemptNanos;               // 0: attempts are not summarised early
    private long maxOpen = Long.MAX_VALUE;
    private long evicted;
    private long lastSweep = Long.MIN_VALUE;
    private long openCount;

    public TcpAnalyzer() { this(DEFAULT_TIME_WAIT_NANOS, DEFAULT_IDLE_NANOS); }

    public TcpAnalyzer(long timeWaitNanos, long idleNanos) {
        this(timeWaitNanos, idleNanos, false);
    }

    /**
     * @param compactTombstones when true, a summarised connection keeps only its stream number,
     *     sequence bases and states (~125 bytes instead of ~500): a late packet on its 4-tuple
     *     still gets tshark's stream and relative numbers, but its analysis flags start afresh.
     *     When false (the default), every tshark flag stays exact, whatever comes later.
     */
    public TcpAnalyzer(long timeWaitNanos, long idleNanos, boolean compactTombstones) {
        this(timeWaitNanos, idleNanos, compactTombstones, DEFAULT_MAX_TOMBSTONES);
    }

    /**
     * @param maxTombstones summarised connections remembered at most; beyond, the oldest is
     *     forgotten, and a packet on its 4-tuple would start a new stream where tshark (which never
     *     forgets) continues the old one. The bound keeps memory independent of the file's length.
     */
    public TcpAnalyzer(long timeWaitNanos, long idleNanos, boolean compactTombstones, int maxTombstones) {
        this.timeWaitNanos = timeWaitNanos;
        this.idleNanos = idleNanos;
        this.compactTombstones = compactTombstones;
        this.maxTombstones = Math.max(0, maxTombstones);
    }

    /** Default for {@code maxTombstones}: a million (about 125 MB compact, 500 MB full). */
    public static final int DEFAULT_MAX_TOMBSTONES = 1 << 20;
    private final int maxTombstones;
    /** Summarised connections, oldest first (a ring). */
    private Object[] tombs = new Object[256];   // Tombstones, or closed TcpConnections (full tombstones)
    private int tombHead, tombSize;
    private final byte[] keyScratch = new byte[32];

    /**
     * Zeek's {@code tcp_attempt_delay}: 5 s. An attempt (only the client's SYNs) this long after it
     * opened, with no answer, is summarised ({@link TcpEvent.CloseReason#ATTEMPT}), as Zeek logs it.
     */
    public static final long DEFAULT_ATTEMPT_NANOS = 5_000_000_000L;

    /**
     * Summarises an unanswered attempt {@code nanos} (capture time) after it opened, as Zeek does
     * ({@link #DEFAULT_ATTEMPT_NANOS}); 0 turns it off. What a SYN flood leaves open is then
     * seconds of SYNs, not all of them. The flow table keeps its tombstone, so a later SYN
     * retransmission keeps tshark's stream number (and starts a row of its own, as in Zeek).
     */
    public TcpAnalyzer attemptTimeout(long nanos) {
        this.attemptNanos = Math.max(0, nanos);
        return this;
    }

    /**
     * A ceiling on open connections: beyond it the least recently active are summarised early
     * ({@link TcpEvent.CloseReason#EVICTED}), so memory stays bounded whatever the capture holds.
     */
    public TcpAnalyzer maxOpenConnections(long max) {
        this.maxOpen = Math.max(1, max);
        return this;
    }

    /**
     * The analyzer of a pass over a whole capture that writes connection rows (the offline
     * commands, and each partition of the Spark job): tshark's TIME_WAIT and idle timeouts, Zeek's
     * attempt delay, compact tombstones when asked, and a ceiling on open connections.
     */
    public static TcpAnalyzer offline(boolean compactTombstones, long maxOpenConnections) {
        return new TcpAnalyzer(DEFAULT_TIME_WAIT_NANOS, DEFAULT_IDLE_NANOS, compactTombstones)
                .attemptTimeout(DEFAULT_ATTEMPT_NANOS)
                .maxOpenConnections(maxOpenConnections);
    }

    /** The ceiling set by {@link #maxOpenConnections(long)} ({@code Long.MAX_VALUE}: none). */
    public long maxOpenConnections() { return maxOpen; }

    /** Connections summarised early because of the ceiling so far. */
    public long evictedConnections() { return evicted; }

    /** Subscribes a sink. */
    public void subscribe(TcpListener l) {
        listeners = Arrays.copyOf(listeners, listeners.length + 1);
        listeners[listeners.length - 1] = l;
        stateListeners |= l.wantsStateChanges();
    }

    private boolean stateListeners;

    /** Number of tcp.stream values handed out so far. */
    public int streams() { return nextStream; }

    /** Connections not yet summarised. */
    public long openConnections() { return openCount; }

    private final io.tcplens.decode.IpReassembler reassembler = new io.tcplens.decode.IpReassembler();
    private final Packet reassembled = new Packet();
    private final Packet[] subframes = {new Packet(), new Packet()};

    /**
     * Analyzes one frame already decoded into {@code p}. Returns the reused result (also handed
     * to the listeners) or null when the frame has no analyzable TCP header.
     */
    public SegmentInfo process(Frame f, Packet p) {
        SegmentInfo r = processOne(f, p);
        if (r == null && !p.hasNextSubframe()) {
            long now = f.seconds() * 1_000_000_000L + f.nanos();
            for (TcpListener l : listeners) l.onClock(now);
        }
        // An 802.11 A-MSDU carries several packets in one frame; tshark dissects each subframe's
        // TCP segment in turn, in the same frame. p itself is left as the caller decoded it.
        Packet prev = p;
        for (int i = 0; prev.hasNextSubframe() && i < 64; i++) {
            Packet sub = subframes[i & 1];
            sub.decodeNextSubframe(prev);
            SegmentInfo s = processOne(f, sub);
            if (s != null) r = s;
            prev = sub;
        }
        return r;
    }

    /**
     * For an analysis split over several analyzers (the Spark job: each sees the frames of its own
     * connections): a frame this analyzer does not see passed at {@code nanos}, and the frame before
     * it at {@code previousNanos} (Long.MIN_VALUE: none). Timers (TIME_WAIT, idle, attempt) run as
     * they did when that frame came to an analyzer reading every frame, the jump rule included,
     * so each connection is summarised as it is on one machine. Call it with the capture's previous
     * frame before each frame whose predecessor went elsewhere, and with the capture's last frame
     * before {@link #finish()}.
     */
    public void clock(long nanos, long previousNanos, long frameNumber) {
        // The sinks' timers first: this frame stands for every frame since this analyzer's last one,
        // and a row whose close delay (5 s) passed among them was written on one machine before
        // any idle (300 s) or TIME_WAIT (60 s) sweep of the same connection could come.
        for (TcpListener l : listeners) l.onClock(nanos);
        previousNow = previousNanos;
        advanceClock(nanos, frameNumber);
    }

    /** The capture's clock reached {@code now} with frame {@code frameNo}: timers that ran out fire. */
    private void advanceClock(long now, long frameNo) {
        // A frame stamped more than the idle timeout after the previous one does not sweep by
        // itself: one frame from a broken or fuzzed clock would end every open connection as
        // idle. A real jump (traffic resuming after a silence) is confirmed by the next frame.
        boolean unconfirmedJump = previousNow != Long.MIN_VALUE && now - previousNow > idleNanos;
        maybeSweep(unconfirmedJump ? previousNow : now, frameNo);
        previousNow = now;
        // Before the flow table's key is loaded (closing a connection loads its own). An attempt's
        // 5 s are counted from this frame's time even after a jump: its SYN was long ago either way.
        if (attemptNanos > 0) expireAttempts(now, frameNo);
    }

    private SegmentInfo processOne(Frame f, Packet p) {
        long now = f.seconds() * 1_000_000_000L + f.nanos();
        advanceClock(now, f.number());
        if (openCount >= maxOpen) evict(f.number());
        if (tombSize > maxTombstones) forgetOldestTombstones();
        if (p.needsReassembly()) {
            // As tshark does by default: the datagram is analysed once whole, in the frame of the
            // fragment that completes it.
            Frame whole = reassembler.add(f, p);
            if (whole == null) return null;
            reassembled.decode(whole);
            if (reassembled.needsReassembly()) return null;
            f = whole;
            p = reassembled;
        }
        if (!p.hasTcp()) return p.ipVersion() != 0 ? processIcmpQuoted(f, p, now) : null;
        if (!p.tcpFixedHeaderComplete() || p.needsReassembly()) return null;

        table.load(p.buffer(), p.srcAddrOffset(), p.dstAddrOffset(), p.addrLength(), p.srcPort(), p.dstPort());
        int s = table.loadedForward() ? 0 : 1;
        int flags = p.tcpFlags();
        int seq = p.seq();
        int ack = p.ack();
        int window = p.window();
        long frameNo = f.number();
        SegmentInfo r = info;
        r.reset();

        Object found = table.get();
        TcpConnection c;
        boolean reused = false;
        if (found == null) {
            c = newConnection(p, s, frameNo, now, false);
        } else if (found instanceof Tombstone t) {
            if ((flags & (SYN | ACK)) == SYN && t.baseSet(s) && seq != t.base(s)) {
                c = newConnection(p, s, frameNo, now, true);   // port reuse (see below)
                reused = true;
            } else {
                // A packet for a summarised connection: tshark still numbers it in the old stream.
                c = t.revive(p.buffer(), p.srcAddrOffset(), p.dstAddrOffset(), p.addrLength(), p.srcPort(), p.dstPort(),
                        s == 0, frameNo, now);
                table.put(c);
                reopen(c, frameNo, flags, now);
            }
        } else {
            c = (TcpConnection) found;
            if ((flags & (SYN | ACK)) == SYN && c.baseSet(s) && seq != c.base(s)) {
                // Port reuse: a pure SYN with a new ISN starts a new conversation.
                TcpConnection old = c;
                c = newConnection(p, s, frameNo, now, true);
                if (!old.closed) close(old, frameNo, TcpEvent.CloseReason.REPLACED);
                reused = true;
            } else if (c.closed) {
                // A packet for a summarised connection: tshark still numbers it in the old stream.
                reopen(c, frameNo, flags, now);
            }
        }
        Direction fwd = c.dir[s], rev = c.dir[1 - s];
        int ta = reused ? Analysis.REUSED_PORTS : 0;

        int segLen = segmentLength(p);
        int hlen = p.tcpHeaderLength();
        // A segment in an IP fragment tshark did not reassemble (cut by the snapshot length) has
        // no length to tshark either: raw numbers, no analysis.
        boolean lenKnown = hlen >= 20 && hlen <= segLen && !p.ipFragment();
        int len = segLen - hlen;
        r.frame = frameNo;
        r.timeNanos = now;
        r.connection = c;
        r.stream = c.stream;
        r.rawSeq = seq;
        r.rawAck = ack;
        r.window = window;
        r.ipLength = p.ipTotalLength();
        r.packet = p;
        r.buffer = p.buffer();
        r.payloadOffset = p.tcpPayloadOffset();
        r.payloadCaptured = p.tcpHeaderValid() ? p.tcpPayloadCaptured() : 0;
        if (!lenKnown) {
            // tshark stops at a short or bogus header: raw numbers, no analysis.
            r.seq = seq;
            r.ack = ack;
            r.flags = flags | (p.tcpReservedBits() << 9);
            r.scaledWindow = window;
            r.fromClient = s == c.clientIndex;
            r.clientState = c.state[c.clientIndex];
            r.serverState = c.state[1 - c.clientIndex];
            c.packets[s]++;
            c.attempt = false;
            c.lastFrame = frameNo;
            c.lastTime = Math.max(c.lastTime, now);   // a packet stamped earlier does not turn the clock back
            touch(c, now);
            for (TcpListener l : listeners) l.onSegment(r);
            return r;
        }

        // SYN+ACK with a different ISN: the base is overwritten, no new stream.
        if ((flags & (SYN | ACK)) == (SYN | ACK) && fwd.baseSet && seq != fwd.base) {
            ta |= Analysis.REUSED_PORTS;
            fwd.base = seq;
        }
        // Accurate ECN negotiation: afterwards tshark shows the ACE counter in tcp.flags.str.
        int ecnBits = flags & (Packet.AE | Packet.CWR | Packet.ECE);
        if ((flags & (SYN | ACK)) == SYN) {
            c.accEcnSyn = ecnBits == (Packet.AE | Packet.CWR | Packet.ECE);
        } else if ((flags & (SYN | ACK)) == (SYN | ACK)) {
            c.accEcn = c.accEcnSyn && ecnBits != 0;
        }
        // Initial RTT: most recent pure SYN to the first ACK without SYN.
        if ((flags & (SYN | ACK)) == SYN) {
            c.tsMruSyn = now;
            c.haveMruSyn = true;
        } else if ((flags & (SYN | ACK)) == ACK && c.haveMruSyn && c.firstRtt == 0) {
            c.firstRtt = now - c.tsMruSyn;
        }
        // A retransmitted SYN (same ISN) rewinds nextseq so the SYN is seen as a retransmission.
        if ((flags & (SYN | ACK)) == SYN && fwd.baseSet && seq == fwd.base) {
            fwd.nextseq = fwd.maxseqtobeacked;
        }
        if (!fwd.baseSet) {
            if ((flags & SYN) != 0) {
                fwd.base = seq;
                fwd.sawSyn = true;
            } else {
                fwd.base = seq - 1;
            }
            fwd.baseSet = true;
        }
        if (!rev.baseSet && (flags & ACK) != 0) {
            rev.base = ack - 1;
            rev.baseSet = true;
        }

        // Window scaling (options of SYNs).
        if ((flags & SYN) != 0) {
            int ws = p.optionWindowScale();
            if (ws >= 0) fwd.winScale = Math.min(ws, 14);
            if (fwd.winScale == -1) {
                fwd.winScale = -2;
                rev.winScale = -2;
            } else if ((flags & ACK) != 0 && rev.winScale == -2) {
                fwd.winScale = -2;
            }
        }

        r.seq = seq - fwd.base;
        r.ack = (flags & ACK) != 0 ? ack - rev.base : ack;
        r.flags = flags | (p.tcpReservedBits() << 9);
        if (c.accEcn && (flags & SYN) == 0) r.flags |= SegmentInfo.ACE_SHOWN;
        if ((flags & SYN) == 0 && fwd.winScale >= 0) r.scaledWindow = (long) window << fwd.winScale;
        else r.scaledWindow = window;

        r.lengthKnown = true;
        r.len = len;
        r.nxtseq = r.seq + len + ((flags & (SYN | FIN)) != 0 ? 1 : 0);
        ta = analyze(c, fwd, rev, r, frameNo, now, seq, ack, len, flags, window, ta, p);
        if ((flags & ACK) != 0 && (flags & SYN) == 0) fwd.isFirstAck = false;
        r.analysis = ta;
        r.initialRttNanos = c.firstRtt != 0 ? c.firstRtt : -1;

        // Endpoint bookkeeping and states.
        c.packets[s]++;
        if (len > 0) c.payloadBytes[s] += len;
        if (c.attempt && (s != c.clientIndex || (flags & (SYN | ACK | RST | FIN)) != SYN)) c.attempt = false;
        c.lastFrame = frameNo;
        c.lastTime = Math.max(c.lastTime, now);   // a packet stamped earlier does not turn the clock back
        if (c.clientIndex < 0) chooseClient(c, s, flags, p);
        c.observe(s, flags, seq, ack, len, frameNo, this);
        r.fromClient = s == c.clientIndex;
        r.clientState = c.state[c.clientIndex];
        r.serverState = c.state[1 - c.clientIndex];
        touch(c, now);

        for (TcpListener l : listeners) l.onSegment(r);
        return r;
    }

    /**
     * A TCP header quoted in an ICMP error (destination unreachable, time exceeded...): tshark
     * finds (or creates) the conversation of the quoted packet and shows its raw seq/ack and
     * flags, with no length and no analysis. The connection's state is not changed.
     */
    private final int[] quoteWhere = new int[4];

    private SegmentInfo processIcmpQuoted(Frame f, Packet p, long now) {
        if (!io.tcplens.flow.ConnectionKey.quotedTcp(p, quoteWhere)) return null;
        byte[] b = p.buffer();
        int tcp = quoteWhere[0], src = quoteWhere[1], dst = quoteWhere[2], alen = quoteWhere[3];
        int sport = p.u16At(tcp), dport = p.u16At(tcp + 2);
        table.load(b, src, dst, alen, sport, dport);
        int s = table.loadedForward() ? 0 : 1;
        long frameNo = f.number();
        Object found = table.get();
        TcpConnection c;
        if (found instanceof Tombstone t) {
            // the quoted packet's conversation was summarised: its numbers, without reopening it
            c = t.revive(b, src, dst, alen, sport, dport, s == 0, frameNo, now);
        } else {
            c = (TcpConnection) found;
        }
        if (c == null) {
            byte[] sa = Arrays.copyOfRange(b, src, src + alen), da = Arrays.copyOfRange(b, dst, dst + alen);
            c = s == 0 ? new TcpConnection(nextStream++, sa, da, sport, dport, frameNo, now, false)
                    : new TcpConnection(nextStream++, da, sa, dport, sport, frameNo, now, false);
            table.put(c);
            openCount++;
            c.node = live.add(c);
            c.clientIndex = ClientRule.senderIsServer(sport, dport) ? 1 - s : s;
            emit(new TcpEvent.ConnectionOpened(frameNo, c, false, false));
        }
        SegmentInfo r = info;
        r.reset();
        r.frame = frameNo;
        r.timeNanos = now;
        r.connection = c;
        r.stream = c.stream;
        r.rawSeq = r.seq = (int) p.u32At(tcp + 4);
        r.rawAck = r.ack = (int) p.u32At(tcp + 8);
        r.flags = (b[tcp + 13] & 0xFF) | ((b[tcp + 12] & 0x01) << 8) | (((b[tcp + 12] & 0x0E) >>> 1) << 9);
        r.window = p.u16At(tcp + 14);
        r.scaledWindow = r.window;
        r.icmpQuoted = true;
        r.fromClient = s == c.clientIndex;
        r.clientState = c.state[c.clientIndex];
        r.serverState = c.state[1 - c.clientIndex];
        for (TcpListener l : listeners) l.onSegment(r);
        return r;
    }

    /**
     * Bytes of the TCP segment (header + payload) as tshark counts them: the IP-declared length,
     * limited by the frame's on-the-wire length (less a FabricPath FCS) and by an enclosing PPPoE
     * session's length.
     */
    static int segmentLength(Packet p) {
        int seg = p.tcpSegmentLength();
        int avail = p.wireEnd() - p.tcpOffset();
        if (avail < seg) seg = avail;
        int i = p.findLayer(io.tcplens.decode.Layer.PPPOE);
        if (i >= 0) {
            int o = p.layerOffset(i);
            if (o + 6 <= p.end()) {
                int pppEnd = o + 6 + p.u16At(o + 4);
                if (pppEnd - p.tcpOffset() < seg) seg = pppEnd - p.tcpOffset();
            }
        }
        return seg;
    }

    // ------------------------------------------------------------------ tshark's analysis

    private static boolean gt(int a, int b) { return a - b > 0; }
    private static boolean lt(int a, int b) { return a - b < 0; }
    private static boolean le(int a, int b) { return a - b <= 0; }

    private int analyze(TcpConnection c, Direction fwd, Direction rev, SegmentInfo r, long frame, long now,
                        int seq, int ack, int seglen, int flags, int window, int ta, Packet p) {
        if ((flags & ACK) != 0) rev.validBif = true;
        boolean zwp = false;
        done:
        {
            // 1. zero window probe
            if (seglen == 1 && seq == fwd.nextseq && rev.window == 0) {
                ta |= Analysis.ZERO_WINDOW_PROBE;
                zwp = true;
                break done;
            }
            boolean noSFR = (flags & (SYN | FIN | RST)) == 0;
            // 2. zero window
            if (window == 0 && noSFR) ta |= Analysis.ZERO_WINDOW;
            // 3. lost segment
            if (fwd.nextseq != 0 && gt(seq, fwd.nextseq) && (flags & RST) == 0) {
                ta |= Analysis.LOST_SEGMENT;
                fwd.validBif = false;
            }
            // 4. keep-alive
            if ((seglen == 0 || seglen == 1) && seq == fwd.nextseq - 1 && noSFR) ta |= Analysis.KEEP_ALIVE;
            // 5. window update
            if (seglen == 0 && window != 0 && window != fwd.window && seq == fwd.nextseq
                    && ack == fwd.lastack && noSFR) ta |= Analysis.WINDOW_UPDATE;
            // 6. window full
            if (seglen > 0 && rev.winScale != -1 && noSFR) {
                int shift = (rev.isFirstAck || rev.winScale == -2) ? 0 : rev.winScale;
                if (seq + seglen == rev.lastack + (int) ((long) (rev.window & 0xFFFFFFFFL) << shift)) {
                    ta |= Analysis.WINDOW_FULL;
                }
            }
            boolean same = seglen == 0 && window == fwd.window && seq == fwd.nextseq && ack == fwd.lastack && noSFR;
            // 7. keep-alive ACK
            if (same && window != 0 && (rev.lastSegmentFlags & Analysis.KEEP_ALIVE) != 0) {
                ta |= Analysis.KEEP_ALIVE_ACK;
                break done;
            }
            // 8. zero window probe ACK
            if (same && window == 0 && (rev.lastSegmentFlags & Analysis.ZERO_WINDOW_PROBE) != 0) {
                ta |= Analysis.ZERO_WINDOW_PROBE_ACK;
                break done;
            }
            // 9. duplicate ACK
            if (same && window != 0) {
                fwd.dupacknum = fwd.dupacknum == -1 ? 1 : fwd.dupacknum + 1;
                ta |= Analysis.DUPLICATE_ACK;
                r.dupAckNum = fwd.dupacknum;
                r.dupAckFrame = fwd.lastnondupack;
            }
        }
        // 10.
        if (ack != fwd.lastack) {
            fwd.lastnondupack = frame;
            fwd.dupacknum = 0;
        }
        // 11. ACKed unseen segment
        if (rev.maxseqtobeacked != 0 && gt(ack, rev.maxseqtobeacked) && (flags & ACK) != 0) {
            if (lt(rev.maxseqtobeacked, rev.nextseq)) {
                rev.maxseqtobeacked = rev.nextseq;
                ta |= Analysis.ACK_LOST_SEGMENT;
            } else {
                // Only once per hole while the other side sends pure ACKs.
                if (rev.dupacknum == 0) ta |= Analysis.ACK_LOST_SEGMENT;
                rev.dupacknum = -1;
            }
        }
        // 12. retransmission family
        if (seglen > 0 || (flags & (SYN | FIN)) != 0) {
            boolean notAdvanced = fwd.nextseq != 0 && lt(seq, fwd.nextseq);
            retrans:
            {
                if ((ta & Analysis.KEEP_ALIVE) != 0) break retrans;
                if (seglen > 1 && fwd.nextseq - 1 == seq) notAdvanced = false;
                if (seglen > 0 && rev.lastack != 0 && le(seq + seglen, rev.lastack)) {
                    ta |= Analysis.SPURIOUS_RETRANSMISSION;
                    break retrans;
                }
                long t = now - rev.lastackTime;
                // dupacknum is unsigned in tshark: the -1 left by an ACKed-unseen segment counts as >= 2.
                if (notAdvanced && Integer.compareUnsigned(rev.dupacknum, 2) >= 0 && rev.lastack == seq
                        && Long.compareUnsigned(t, 20_000_000L) < 0) {
                    ta |= Analysis.FAST_RETRANSMISSION;
                    break retrans;
                }
                t = now - fwd.nextseqTime;
                long thres = c.firstRtt == 0 ? 3_000_000L : c.firstRtt;
                int end = seq + seglen + ((flags & (SYN | FIN)) != 0 ? 1 : 0);
                if (notAdvanced && Long.compareUnsigned(t, thres) < 0 && fwd.nextseq != end) {
                    ta |= Analysis.OUT_OF_ORDER;
                    break retrans;
                }
                if (notAdvanced) ta |= Analysis.RETRANSMISSION;
            }
        }
        // 13. bookkeeping
        int nextseq = seq + seglen;
        if (seglen > 0 || (flags & (SYN | FIN)) != 0) {
            if ((flags & (SYN | FIN)) != 0) nextseq += 1;
            fwd.addSegment(frame, seq, nextseq, now);
        }
        if ((gt(nextseq, fwd.nextseq) || fwd.nextseq == 0) && !zwp) {
            fwd.nextseq = nextseq;
            fwd.nextseqFrame = frame;
            fwd.nextseqTime = now;
        }
        if ((seq == fwd.maxseqtobeacked || fwd.maxseqtobeacked == 0) && !zwp) {
            fwd.maxseqtobeacked = fwd.nextseq;
        }
        fwd.window = window;
        fwd.lastack = ack;
        fwd.lastackTime = now;
        fwd.lastSegmentFlags = ta;

        // 14. ACK matching over the other direction's unacked segments.
        if ((flags & ACK) != 0) ackSegments(rev, r, ack, now);

        // 15. bytes in flight and push bytes.
        if (seglen > 0 && fwd.validBif && fwd.segCount > 0) {
            int first = fwd.segSeq[0], last = fwd.segNext[0];
            for (int i = 1; i < fwd.segCount; i++) {
                if (lt(fwd.segSeq[i], first)) first = fwd.segSeq[i];
                if (gt(fwd.segNext[i], last)) last = fwd.segNext[i];
            }
            long inFlight = (last - first) & 0xFFFFFFFFL;
            for (int i = 0; i < rev.sackCount; i++) {
                inFlight -= (rev.sackRight[i] - rev.sackLeft[i]) & 0xFFFFFFFFL;
            }
            if (inFlight > 0 && inFlight < 2_000_000_000L) {
                if ((flags & (SYN | FIN)) != 0) inFlight -= 1;
                r.bytesInFlight = inFlight;
            }
            boolean psh = (flags & PSH) != 0;
            if (psh && !fwd.pushSetLast) { fwd.pushBytesSent += seglen; fwd.pushSetLast = true; }
            else if (psh) fwd.pushBytesSent = seglen;
            else if (fwd.pushSetLast) { fwd.pushBytesSent = seglen; fwd.pushSetLast = false; }
            else fwd.pushBytesSent += seglen;
            r.pushBytesSent = fwd.pushBytesSent & 0xFFFFFFFFL;
        }
        // Remember this packet's SACK blocks for the peer's bytes-in-flight.
        int n = Math.min(4, p.sackBlockCount());
        if (n > 0 && fwd.sackLeft.length == 0) {
            fwd.sackLeft = new int[4];
            fwd.sackRight = new int[4];
        }
        fwd.sackCount = n;
        for (int i = 0; i < n; i++) {
            int o = p.sackBlockOffset(i);
            fwd.sackLeft[i] = (int) p.u32At(o);
            fwd.sackRight[i] = (int) p.u32At(o + 4);
        }
        return ta;
    }

    private static void ackSegments(Direction rev, SegmentInfo r, int ack, long now) {
        int n = rev.segCount;
        if (n == 0) return;
        // Newest first; every exact match overwrites, so the oldest transmission wins.
        for (int i = n - 1; i >= 0; i--) {
            if (rev.segNext[i] == ack) {
                r.acksFrame = rev.segFrame[i];
                r.ackRttNanos = now - rev.segTime[i];
            }
        }
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (le(rev.segNext[i], ack)) continue; // fully acknowledged
            if (lt(rev.segSeq[i], ack)) rev.segSeq[i] = ack;
            rev.segSeq[w] = rev.segSeq[i];
            rev.segNext[w] = rev.segNext[i];
            rev.segFrame[w] = rev.segFrame[i];
            rev.segTime[w] = rev.segTime[i];
            w++;
        }
        rev.segCount = w;
    }

    // ------------------------------------------------------------------ connections

    private TcpConnection newConnection(Packet p, int s, long frame, long now, boolean reused) {
        byte[] buf = p.buffer();
        int len = p.addrLength();
        byte[] src = Arrays.copyOfRange(buf, p.srcAddrOffset(), p.srcAddrOffset() + len);
        byte[] dst = Arrays.copyOfRange(buf, p.dstAddrOffset(), p.dstAddrOffset() + len);
        TcpConnection c = s == 0
                ? new TcpConnection(nextStream++, src, dst, p.srcPort(), p.dstPort(), frame, now, reused)
                : new TcpConnection(nextStream++, dst, src, p.dstPort(), p.srcPort(), frame, now, reused);
        table.put(c);
        openCount++;
        c.node = live.add(c);
        int flags = p.tcpFlags();
        chooseClient(c, s, flags, p);
        startAttempt(c, flags, now);
        emit(new TcpEvent.ConnectionOpened(frame, c, reused, false));
        return c;
    }

    private static void chooseClient(TcpConnection c, int s, int flags, Packet p) {
        if ((flags & (SYN | ACK)) == SYN) {
            c.clientIndex = s;
            c.clientFromSyn = true;
            return;
        }
        if ((flags & (SYN | ACK)) == (SYN | ACK)) {
            c.clientIndex = 1 - s;
            return;
        }
        c.clientIndex = ClientRule.senderIsServer(p.srcPort(), p.dstPort()) ? 1 - s : s;
    }

    void stateChanged(TcpConnection c, long frame, boolean client, TcpState from, TcpState to) {
        if (stateListeners) emit(new TcpEvent.StateChanged(frame, c, client, from, to));
    }

    private void emit(TcpEvent e) {
        for (TcpListener l : listeners) l.onEvent(e);
    }

    // ------------------------------------------------------------------ lifecycle

    /** A connection opened (or brought back) by a pure SYN is an attempt until anything else comes. */
    private void startAttempt(TcpConnection c, int flags, long now) {
        if (attemptNanos > 0 && (flags & (SYN | ACK | RST | FIN)) == SYN) {
            c.attempt = true;
            c.attemptSince = now;
        }
    }

    /** Summarises the attempts whose attempt delay has passed by {@code now}. */
    private void expireAttempts(long now, long frame) {
        TcpConnection c;
        while ((c = attempts.head()) != null && now - c.attemptSince >= attemptNanos) {
            close(c, frame, TcpEvent.CloseReason.ATTEMPT, now);
        }
    }

    /** Over the ceiling: summarises the least recently active connections until one below it. */
    private void evict(long frame) {
        while (openCount >= maxOpen) {
            TcpConnection c = leastRecentlyActive();
            if (c == null) return;
            // A finished connection only waits out TIME_WAIT for late retransmissions: it goes as finished.
            boolean done = c.list == finished;
            close(c, frame, done ? TcpEvent.CloseReason.FINISHED : TcpEvent.CloseReason.EVICTED);
            if (!done) evicted++;
        }
    }

    /** The open connection with the oldest activity stamp, whichever list holds it; null when none is open. */
    private TcpConnection leastRecentlyActive() {
        TcpConnection best = null;
        for (Lru l : lists) {
            TcpConnection h = l.head();
            if (h != null && (best == null || h.touchSeq < best.touchSeq)) best = h;
        }
        return best;
    }

    private void touch(TcpConnection c, long now) {
        if (c.closed) return;
        if (c.attempt) {
            // Ordered by opening (Zeek's timer starts then): a retransmitted SYN does not move it.
            if (c.list != attempts) { c.list.remove(c.node); c.node = attempts.add(c); }
            return;
        }
        boolean done = c.bothDone();
        if (done) {
            if (c.list != finished) {
                c.list.remove(c.node);
                c.node = finished.add(c);
                // Both ends are done: keep the scalars tshark's analysis needs for late
                // retransmissions, drop the buffers (they only serve ack_rtt/bytes in flight).
                c.dir[0].trim();
                c.dir[1].trim();
            }
            else finished.moveToTail(c.node);
        } else {
            // Both ends ESTABLISHED: a kernel keeps such a connection open, and keep-alive probes
            // may come hours apart, so it is summarised only after ESTABLISHED_IDLE_NANOS of
            // silence. Anything else (a handshake that never completed, a half-closed or one-sided
            // connection) is summarised after the idle timeout.
            Lru target = c.state[0] == TcpState.ESTABLISHED && c.state[1] == TcpState.ESTABLISHED ? established : live;
            if (c.list != target) { c.list.remove(c.node); c.node = target.add(c); }
            else target.moveToTail(c.node);
        }
    }

    private long touches;
    private long previousNow = Long.MIN_VALUE;   // the previous frame's time (MIN_VALUE: none yet)

    private void maybeSweep(long now, long frame) {
        if (lastSweep != Long.MIN_VALUE && now - lastSweep < 1_000_000_000L && now >= lastSweep) return;
        lastSweep = now;
        TcpConnection c;
        while ((c = finished.head()) != null && now - c.lastTime > timeWaitNanos) close(c, frame, TcpEvent.CloseReason.FINISHED, now);
        while ((c = live.head()) != null && now - c.lastTime > idleNanos) close(c, frame, TcpEvent.CloseReason.IDLE, now);
        long establishedIdle = Math.max(idleNanos, ESTABLISHED_IDLE_NANOS);
        while ((c = established.head()) != null && now - c.lastTime > establishedIdle) {
            close(c, frame, TcpEvent.CloseReason.IDLE, now);
        }
    }

    /** A summarised connection gets a packet again: it is open, and listeners hear it resumed. */
    private void reopen(TcpConnection c, long frame, int flags, long now) {
        c.closed = false;
        openCount++;
        c.node = live.add(c);
        startAttempt(c, flags, now);
        emit(new TcpEvent.ConnectionOpened(frame, c, false, true));
    }

    /** Must not run while a packet's key is loaded in the flow table (it loads the connection's own). */
    private void close(TcpConnection c, long frame, TcpEvent.CloseReason reason) {
        close(c, frame, reason, Long.MIN_VALUE);
    }

    /**
     * Closes {@code c}; {@code now} is the capture time when the close is due to silence
     * ({@code Long.MIN_VALUE} otherwise). After the summary, an endpoint in TIME_WAIT whose
     * TIME_WAIT has run out by {@code now} is CLOSED: if the 4-tuple comes back (a late packet, or a
     * SYN that reuses the old ISN), that endpoint no longer remembers the old connection, and the
     * state machines start a new one instead of reading it as retransmissions of the old.
     */
    private void close(TcpConnection c, long frame, TcpEvent.CloseReason reason, long now) {
        if (c.closed) return;
        c.closed = true;
        if (c.list != null) c.list.remove(c.node);
        c.list = null;
        c.node = null;
        openCount--;
        emit(new TcpEvent.ConnectionClosed(frame, c, reason));
        if (now != Long.MIN_VALUE && now - c.lastTime > timeWaitNanos) c.timeWaitOver();
        c.dir[0].trim();
        c.dir[1].trim();
        if (!compactTombstones) {
            bury(c);
            return;
        }
        // The flow table keeps a small tombstone in its place (unless a newer connection already
        // took the 4-tuple: then nothing of this one is kept).
        loadKey(c);
        if (table.get() == c) {
            Tombstone t = new Tombstone(c, table.loadedHash());
            table.put(t);
            bury(t);
        }
    }

    private void loadKey(TcpConnection c) {
        int n = c.addrA.length;
        System.arraycopy(c.addrA, 0, keyScratch, 0, n);
        System.arraycopy(c.addrB, 0, keyScratch, n, n);
        table.load(keyScratch, 0, n, n, c.portA, c.portB);
    }

    private void bury(Object c) {
        if (tombSize == tombs.length) {
            Object[] n = new Object[tombs.length * 2];
            for (int i = 0; i < tombSize; i++) n[i] = tombs[(tombHead + i) & (tombs.length - 1)];
            tombs = n;
            tombHead = 0;
        }
        tombs[(tombHead + tombSize) & (tombs.length - 1)] = c;
        tombSize++;
    }

    /** Drops the oldest tombstones from the flow table until at most {@code maxTombstones} remain. */
    private void forgetOldestTombstones() {
        while (tombSize > maxTombstones) {
            Object o = tombs[tombHead];
            tombs[tombHead] = null;
            tombHead = (tombHead + 1) & (tombs.length - 1);
            tombSize--;
            // Only if the table still holds this very tombstone: not a newer connection on the
            // 4-tuple, nor this one resumed.
            if (o instanceof Tombstone t) {
                table.removeValue(t.keyHash, t);
            } else if (o instanceof TcpConnection c && c.closed) {
                loadKey(c);
                if (table.get() == c) table.remove();
            }
        }
    }

    /** End of input: summarises every connection still open (finished ones first, then the rest). */
    public void finish() {
        TcpConnection c;
        while ((c = finished.head()) != null) close(c, 0, TcpEvent.CloseReason.FINISHED);
        // The rest least recently active first, whichever list holds them.
        while ((c = leastRecentlyActive()) != null) close(c, 0, TcpEvent.CloseReason.END_OF_INPUT);
    }

    /**
     * A doubly-linked list of connections ordered by last activity. Adding or moving a connection
     * to the tail stamps it with the analyzer's activity counter, so connections on different
     * lists can still be put in one order (the end of input).
     */
    final class Lru {
        Node head, tail;

        static final class Node {
            final TcpConnection c;
            Node prev, next;
            Node(TcpConnection c) { this.c = c; }
        }

        Node add(TcpConnection c) {
            Node n = new Node(c);
            c.touchSeq = ++touches;
            c.list = this;
            n.prev = tail;
            if (tail != null) tail.next = n; else head = n;
            tail = n;
            return n;
        }

        void remove(Node n) {
            if (n.prev != null) n.prev.next = n.next; else head = n.next;
            if (n.next != null) n.next.prev = n.prev; else tail = n.prev;
            n.prev = n.next = null;
            n.c.list = null;
        }

        void moveToTail(Node n) {
            n.c.touchSeq = ++touches;
            if (tail == n) return;
            TcpConnection c = n.c;
            remove(n);
            c.list = this;
            n.prev = tail;
            if (tail != null) tail.next = n; else head = n;
            tail = n;
        }

        TcpConnection head() { return head == null ? null : head.c; }
    }
}
