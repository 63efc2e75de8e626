package io.tcplens.conn;

import io.tcplens.tcp.Analysis;
import io.tcplens.tcp.SegmentInfo;
import io.tcplens.tcp.TcpConnection;
import io.tcplens.tcp.TcpEvent;
import io.tcplens.tcp.TcpListener;
import io.tcplens.tcp.TcpState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Derives each connection's lifecycle (handshake kind, keep-alive and zero-window probes,
 * teardown kind, who closed, who waits in TIME_WAIT, Zeek's conn_state and history) from the
 * analyzer's per-segment results, and hands a {@link ConnectionSummary} to {@code sink} when
 * the analyzer reports the connection closed. State is kept for open connections only.
 */
public final class LifecycleTracker implements TcpListener {
    /** Silences at least this long are reported as idle periods. */
    static final long IDLE_GAP_NANOS = 1_000_000_000L;
    static final int MAX_GAPS = 8;
    static final int MAX_PROBE_TIMES = 4096;

    /**
     * How long after both ends are done (CLOSED or TIME_WAIT) a connection waits for late packets
     * (a retransmitted FIN, a stray RST) before it is summarised and forgotten; Zeek's
     * tcp_close_delay. Without it a connection would be held for its whole TIME_WAIT (60 s).
     */
    public static final long DEFAULT_CLOSE_DELAY_NANOS = 5_000_000_000L;

    private final Consumer<ConnectionSummary> sink;
    private final long closeDelayNanos;
    private int open;
    /**
     * Connections whose ends are both done, oldest first (finish times only grow), with their
     * finish times in a parallel ring: the per-packet check reads one long, no object.
     */
    private TcpConnection[] finishing = new TcpConnection[256];
    private long[] finishingAt = new long[256];
    /**
     * The lifecycle each entry was queued for: a connection summarised by the analyzer meanwhile
     * and then resumed carries a new one, which must not be summarised by the old entry.
     */
    private Builder[] finishingFor = new Builder[256];
    private int finHead, finSize;

    public LifecycleTracker(Consumer<ConnectionSummary> sink) { this(sink, DEFAULT_CLOSE_DELAY_NANOS); }

    public LifecycleTracker(Consumer<ConnectionSummary> sink, long closeDelayNanos) {
        this.sink = sink;
        this.closeDelayNanos = closeDelayNanos;
    }

    private io.tcplens.http.HttpTracker http;
    private boolean story = true;

    /**
     * Leaves out the milestones and idle gaps (the material of {@code explain}'s story) from each
     * summary: for rows of facts, which never show them. About a tenth of a connection's state.
     */
    public LifecycleTracker withoutStory() {
        this.story = false;
        return this;
    }

    /**
     * Adds the HTTP layer's findings to each summary. The HTTP tracker must be subscribed to the
     * analyzer before this tracker, so it has seen a connection's last segment when the summary is made.
     */
    public LifecycleTracker withHttp(io.tcplens.http.HttpTracker http) {
        this.http = http;
        return this;
    }

    @Override
    public boolean wantsStateChanges() { return false; }   // states are read from each segment

    @Override
    public void onEvent(TcpEvent event) {
        switch (event) {
            case TcpEvent.ConnectionOpened o -> {
                // A "resumed" connection was summarised before (the analyzer's idle timeout or TIME_WAIT
                // passed); what comes now makes a row of its own, as Zeek makes a new connection record.
                if (!(o.connection().attachment() instanceof Builder)) open++;
                o.connection().attach(new Builder(story, o.resumed()));
            }
            case TcpEvent.ConnectionClosed c -> emit(c.connection(), c.reason());
            case TcpEvent.StateChanged s -> { }
        }
    }

    private void emit(TcpConnection c, TcpEvent.CloseReason reason) {
        // Always take the HTTP state, even for a connection summarised earlier, so none is left behind.
        io.tcplens.http.HttpResult h = http == null ? null : http.take(c);
        if (!(c.attachment() instanceof Builder b)) return;
        c.attach(reason == TcpEvent.CloseReason.FINISHED || reason == TcpEvent.CloseReason.REPLACED ? SUMMARISED : null);
        open--;
        sink.accept(b.summary(c, reason, h));
    }

    private void enqueueFinishing(TcpConnection c, Builder b, long at) {
        if (finSize == finishing.length) { // grow the ring, keeping order
            int n = finishing.length * 2;
            TcpConnection[] cs = new TcpConnection[n];
            long[] ts = new long[n];
            Builder[] bs = new Builder[n];
            for (int i = 0; i < finSize; i++) {
                int j = (finHead + i) & (finishing.length - 1);
                cs[i] = finishing[j];
                ts[i] = finishingAt[j];
                bs[i] = finishingFor[j];
            }
            finishing = cs;
            finishingAt = ts;
            finishingFor = bs;
            finHead = 0;
        }
        int tail = (finHead + finSize) & (finishing.length - 1);
        finishing[tail] = c;
        finishingAt[tail] = at;
        finishingFor[tail] = b;
        finSize++;
    }

    /**
     * A frame that was no TCP segment moves the capture's clock too: rows whose close delay passed
     * are written, as Zeek's timers fire on any packet's network time.
     */
    @Override
    public void onClock(long nanos) { writeDue(nanos); }

    @Override
    public void onSegment(SegmentInfo s) {
        writeDue(s.timeNanos);
        onSegmentAfterClock(s);
    }

    /** Summarises connections whose close delay has passed by {@code now} (capture time). */
    private void writeDue(long now) {
        while (finSize > 0 && now - finishingAt[finHead] >= closeDelayNanos) {
            TcpConnection c = finishing[finHead];
            Builder queued = finishingFor[finHead];
            finishing[finHead] = null;
            finishingFor[finHead] = null;
            finHead = (finHead + 1) & (finishing.length - 1);
            finSize--;
            // Nothing to do when the analyzer closed it meanwhile (and it may have resumed since).
            if (c.attachment() == queued) emit(c, TcpEvent.CloseReason.FINISHED);
        }
    }

    private void onSegmentAfterClock(SegmentInfo s) {
        TcpConnection c = s.connection;
        Object a = c.attachment();
        if (a instanceof Builder b && !s.icmpQuoted && b.zeek != null && b.zeek.reusedBy(s.flags)) {
            // A SYN after a side closed (FIN or RST): Zeek ends the connection and starts a new one
            // (IsReuse), even where tshark keeps the stream (the SYN reuses the old ISN). So does the row.
            emit(c, TcpEvent.CloseReason.REPLACED);
            a = null;
        }
        if (!(a instanceof Builder)) {
            // The row was written (its close delay passed, or a SYN reused the ports) while the analyzer
            // still holds the connection: what comes now is a part of the stream with a row of its own,
            // as Zeek starts a new connection for a packet after it logged one.
            if (a != SUMMARISED && a != null || s.icmpQuoted) return;
            open++;
            c.attach(a = new Builder(story, true));
        }
        Builder b = (Builder) a;
        b.segment(s);
        // Zeek's close_complete can only begin with a FIN or a RST: ask only then.
        if (b.doneNanos < 0 && (s.clientState.isDone() && s.serverState.isDone()
                || (s.flags & (0x01 | 0x04)) != 0 && b.zeek.closeComplete())) {
            b.doneNanos = s.timeNanos;
            enqueueFinishing(c, b, s.timeNanos);
        }
    }

    /** Attached to a connection whose row was written before the analyzer forgot it. */
    private static final Object SUMMARISED = new Object();

    /** Connections not yet closed (for diagnostics and tests). */
    public int openConnections() { return open; }

    /** Per-connection accumulation; one per open connection, nothing per packet. */
    static final class Builder {
        /**
         * Capture time when the row's connection was first seen closed (both ends CLOSED or TIME_WAIT,
         * or Zeek's close_complete); -1 while it is live.
         */
        long doneNanos = -1;
        boolean first = true;
        boolean firstIsSyn, firstIsSynAck;
        boolean clientSyn, serverSyn, serverSynAck, handshakeAck, rstAnsweringSyn;
        int clientSynSeq;
        int synRetransmits;
        /** Counts of each analysis flag; null until the first flag (most SYN-flood attempts never have one). */
        long[] analysis;

        // per side: [0] client, [1] server (two objects, not a dozen small arrays per connection)
        final PerSide[] sd = {PerSide.SILENT, PerSide.SILENT};
        boolean finWithData, halfClose;
        int firstCloser = -1;
        Teardown teardownByFin;
        long lastNanos = -1, lastFrame;
        /** Null without the story (see {@link LifecycleTracker#withoutStory()}). */
        final List<ConnectionSummary.IdleGap> gaps;
        final List<ConnectionSummary.Milestone> milestones;
        ZeekConn zeek;

        /**
         * A resumed connection's row counts only its own packets: the analyzer's per-connection
         * counters and first frame go back to the connection's first life.
         */
        final boolean resumed;
        long ownFirstFrame = -1, ownFirstNanos, ownLastFrame, ownLastNanos = Long.MIN_VALUE;
        /**
         * This row's own packets and payload bytes: the analyzer's per-connection counters also hold
         * the packets of the stream's other rows (an earlier part, or the SYN that ended this one).
         */
        final long[] ownPackets, ownPayload;   // [0] client, [1] server

        Builder(boolean story, boolean resumed) {
            gaps = story ? new ArrayList<>() : null;
            milestones = story ? new ArrayList<>() : null;
            this.resumed = resumed;
            ownPackets = new long[2];
            ownPayload = new long[2];
        }

        /** What the lifecycle keeps about one side of the connection. */
        static final class PerSide {
            /**
             * A side that has sent nothing, shared until it sends (then it gets its own): never
             * written, as the only write to the peer's facts needs the peer's FIN first.
             */
            static final PerSide SILENT = new PerSide();
            boolean finSent;
            int finNxt;                 // relative seq just past the FIN
            long finFrame;
            boolean finAckedSeparately; // the peer ACKed this FIN before sending its own
            boolean rstSent;
            int lastWindow = -1;
            long keepalives, zeroWindowProbes;
            long[] probeTimes;
            int probeTimesN;
            boolean dataAfterPeerFin;
            boolean sawData;
            long lastDataFrame, lastDataNanos;
            boolean sawKeepalive;
            long lastKeepaliveFrame, lastKeepaliveNanos;
        }
        boolean zeekFirstFromClient;
        TcpState clientState = TcpState.UNKNOWN, serverState = TcpState.UNKNOWN;

        void milestone(SegmentInfo s, ConnectionSummary.Milestone.Kind k, boolean byClient, long value) {
            // Every kind but SYN_RETRANSMIT happens at most once or twice per connection; cap the repeatable one.
            if (milestones == null || k == ConnectionSummary.Milestone.Kind.SYN_RETRANSMIT && value > 8) return;
            milestones.add(new ConnectionSummary.Milestone(s.frame, s.timeNanos, k, byClient, value));
        }

        void segment(SegmentInfo s) {
            int side = s.fromClient ? 0 : 1;
            int peer = 1 - side;
            if (sd[side] == PerSide.SILENT) sd[side] = new PerSide();
            int f = s.flags;
            boolean syn = (f & 0x02) != 0, fin = (f & 0x01) != 0, rst = (f & 0x04) != 0, ack = (f & 0x10) != 0;
            int len = s.lengthKnown ? s.len : 0;

            if (gaps != null && lastNanos >= 0 && s.timeNanos - lastNanos >= IDLE_GAP_NANOS) {
                gaps.add(new ConnectionSummary.IdleGap(lastFrame, lastNanos, s.timeNanos));
                if (gaps.size() > MAX_GAPS) {
                    // keep the longest ones
                    gaps.sort((a, b) -> Long.compare(b.nanos(), a.nanos()));
                    gaps.removeLast();
                    gaps.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
                }
            }
            lastNanos = s.timeNanos;
            lastFrame = s.frame;
            if (!s.icmpQuoted) {
                if (ownFirstFrame < 0) { ownFirstFrame = s.frame; ownFirstNanos = s.timeNanos; }
                ownLastFrame = s.frame;
                ownLastNanos = Math.max(ownLastNanos, s.timeNanos);
                ownPackets[side]++;
                if (len > 0) ownPayload[side] += len;
            }

            if (first) {
                first = false;
                firstIsSyn = syn && !ack;
                firstIsSynAck = syn && ack;
                zeekFirstFromClient = s.fromClient;
                int cp = s.connection.clientPort(), sp = s.connection.serverPort();
                zeek = new ZeekConn(f, s.fromClient ? cp : sp, s.fromClient ? sp : cp);
            }
            zeek.packet(s.fromClient == zeekFirstFromClient ? 0 : 1, f, s.rawSeq & 0xFFFFFFFFL, s.rawAck & 0xFFFFFFFFL,
                    zeekLength(s, len), s.window, s.ipLength, s.timeNanos / 1000);

            if (s.analysis != 0 && analysis == null) analysis = new long[Analysis.COUNT];
            for (int a = s.analysis, i = 0; a != 0; a >>>= 1, i++) if ((a & 1) != 0) analysis[i]++;

            // ---- opening
            if (syn && !ack && !rst) {
                if (side == 0) {
                    if (clientSyn && s.rawSeq == clientSynSeq) {
                        synRetransmits++;
                        milestone(s, ConnectionSummary.Milestone.Kind.SYN_RETRANSMIT, true, synRetransmits);
                    } else if (!clientSyn) {
                        clientSyn = true;
                        clientSynSeq = s.rawSeq;
                        milestone(s, ConnectionSummary.Milestone.Kind.SYN, true, 0);
                    }
                } else if (!serverSyn) {
                    serverSyn = true;
                    milestone(s, ConnectionSummary.Milestone.Kind.SYN, false, 0);
                }
            } else if (syn && ack && !rst) {
                if (!serverSynAck && side == 1) {
                    serverSynAck = true;
                    milestone(s, ConnectionSummary.Milestone.Kind.SYN_ACK, false, 0);
                }
            } else if (ack && !syn && !rst && side == 0 && serverSynAck && !handshakeAck) {
                handshakeAck = true;
                milestone(s, ConnectionSummary.Milestone.Kind.HANDSHAKE_ACK, true, 0);
            }
            if (rst && side == 1 && clientSyn && !serverSynAck && !handshakeAck) rstAnsweringSyn = true;

            // ---- data, probes
            boolean probe = s.has(Analysis.KEEP_ALIVE) || s.has(Analysis.ZERO_WINDOW_PROBE);
            if (probe) {
                // Linux sends zero-window probes and keep-alives the same way; the peer's window tells them apart.
                boolean zeroWindow = s.has(Analysis.ZERO_WINDOW_PROBE) || sd[peer].lastWindow == 0;
                if (zeroWindow) {
                    sd[side].zeroWindowProbes++;
                } else {
                    sd[side].keepalives++;
                    if (sd[side].probeTimes == null) sd[side].probeTimes = new long[16];
                    if (sd[side].probeTimesN < MAX_PROBE_TIMES) {
                        if (sd[side].probeTimesN == sd[side].probeTimes.length) {
                            sd[side].probeTimes = Arrays.copyOf(sd[side].probeTimes, sd[side].probeTimes.length * 2);
                        }
                        sd[side].probeTimes[sd[side].probeTimesN++] = s.timeNanos;
                    }
                    if (!sd[side].sawKeepalive) {
                        sd[side].sawKeepalive = true;
                        milestone(s, ConnectionSummary.Milestone.Kind.FIRST_KEEPALIVE, side == 0, 0);
                    }
                    sd[side].lastKeepaliveFrame = s.frame;
                    sd[side].lastKeepaliveNanos = s.timeNanos;
                }
            } else if (len > 0 && !syn) {
                if (!sd[side].sawData) {
                    sd[side].sawData = true;
                    milestone(s, ConnectionSummary.Milestone.Kind.FIRST_DATA, side == 0, len);
                }
                sd[side].lastDataFrame = s.frame;
                sd[side].lastDataNanos = s.timeNanos;
                if (sd[peer].finSent && !sd[side].finSent && !s.has(Analysis.RETRANSMISSION)) sd[side].dataAfterPeerFin = true;
            }
            if (!rst) sd[side].lastWindow = s.window;

            // ---- closing
            if (ack && sd[peer].finSent && !fin && !sd[peer].finAckedSeparately && !sd[side].finSent
                    && s.ack - sd[peer].finNxt >= 0) {
                sd[peer].finAckedSeparately = true;
                milestone(s, ConnectionSummary.Milestone.Kind.FIN_ACKED, side == 0, 0);
            }
            if (fin && !rst && !sd[side].finSent) {
                sd[side].finSent = true;
                sd[side].finNxt = s.nxtseq;
                sd[side].finFrame = s.frame;
                if (len > 0) finWithData = true;
                milestone(s, ConnectionSummary.Milestone.Kind.FIN, side == 0, len);
                if (firstCloser < 0) {
                    firstCloser = side;
                } else if (teardownByFin == null) {
                    boolean acksPeerFin = ack && s.ack - sd[peer].finNxt >= 0;
                    if (!acksPeerFin) teardownByFin = Teardown.SIMULTANEOUS;
                    else teardownByFin = sd[peer].finAckedSeparately ? Teardown.FOUR_WAY : Teardown.THREE_WAY;
                }
            } else if (fin && len > 0) {
                finWithData = true;
            }
            if (rst && !sd[side].rstSent) {
                sd[side].rstSent = true;
                milestone(s, ConnectionSummary.Milestone.Kind.RST, side == 0, 0);
            }
            if (s.clientState == TcpState.TIME_WAIT && clientState != TcpState.TIME_WAIT) {
                milestone(s, ConnectionSummary.Milestone.Kind.TIME_WAIT, true, 0);
            }
            if (s.serverState == TcpState.TIME_WAIT && serverState != TcpState.TIME_WAIT) {
                milestone(s, ConnectionSummary.Milestone.Kind.TIME_WAIT, false, 0);
            }
            clientState = s.clientState;
            serverState = s.serverState;
        }

        /**
         * The payload length Zeek uses: the IP header's, even where fewer bytes were captured or a
         * lower layer's length cuts the packet short (tshark's tcp.len, {@code len}, is 0 then). Zeek
         * counts such a segment as data, and as a retransmission when it does not go past what was sent.
         */
        private static int zeekLength(SegmentInfo s, int len) {
            io.tcplens.decode.Packet p = s.packet;
            if (p == null || s.icmpQuoted || p.ipFragment() || !p.tcpHeaderValid()) return len;
            return p.tcpSegmentLength() - p.tcpHeaderLength();
        }

        ConnectionSummary summary(TcpConnection c, TcpEvent.CloseReason reason, io.tcplens.http.HttpResult http) {
            Handshake hs;
            if (clientSyn && serverSyn) hs = Handshake.SIMULTANEOUS_OPEN;
            else if (clientSyn && rstAnsweringSyn) hs = Handshake.REFUSED;
            else if (clientSyn && serverSynAck && handshakeAck) hs = Handshake.THREE_WAY;
            else if (clientSyn && serverSynAck) hs = Handshake.INCOMPLETE;
            else if (clientSyn && firstIsSyn) hs = Handshake.UNANSWERED;
            else hs = Handshake.NOT_CAPTURED;

            Teardown td;
            Side closer = null;
            if (sd[0].finSent && sd[1].finSent && teardownByFin != null) {
                td = teardownByFin;
                closer = td == Teardown.SIMULTANEOUS ? Side.BOTH : (firstCloser == 0 ? Side.CLIENT : Side.SERVER);
            } else if (sd[0].rstSent || sd[1].rstSent) {
                td = Teardown.RESET;
                if (firstCloser >= 0) closer = firstCloser == 0 ? Side.CLIENT : Side.SERVER;
            } else {
                td = Teardown.NONE;
                if (firstCloser >= 0) closer = firstCloser == 0 ? Side.CLIENT : Side.SERVER;
            }
            if (hs == Handshake.REFUSED) closer = null;
            // The states after this row's last packet (the connection's may have moved on since: the
            // packet that ended the row, or one that came after its close delay).
            Side timeWait = Side.of(clientState == TcpState.TIME_WAIT, serverState == TcpState.TIME_WAIT);
            halfClose = sd[0].dataAfterPeerFin || sd[1].dataAfterPeerFin;
            // Milestones arrive in frame order; the "last" ones are known only now, so insert them in place.
            if (milestones != null) addLastMilestones();
            int zc = zeekFirstFromClient ? 0 : 1; // ZeekConn index of the client
            boolean origIsClient = zeek.originator() == zc;
            int zo = zeek.originator();
            long clientPackets = ownPackets[0];
            long serverPackets = ownPackets[1];
            boolean any = ownFirstFrame >= 0;
            return new ConnectionSummary(
                    c.stream(),
                    new ConnectionSummary.Endpoint(c.clientAddress(), c.clientPort()),
                    new ConnectionSummary.Endpoint(c.serverAddress(), c.serverPort()),
                    c.clientFromSyn(),
                    resumed && any ? ownFirstFrame : c.firstFrame(), any ? ownLastFrame : c.lastFrame(),
                    resumed && any ? ownFirstNanos : c.firstTimeNanos(), any ? ownLastNanos : c.lastTimeNanos(),
                    clientPackets, serverPackets,
                    ownPayload[0], ownPayload[1],
                    hs, synRetransmits, c.initialRttNanos(),   // tshark measures one per stream
                    sd[0].keepalives, sd[1].keepalives, medianInterval(0), medianInterval(1),
                    sd[0].zeroWindowProbes, sd[1].zeroWindowProbes,
                    td, finWithData, halfClose, closer, Side.of(sd[0].rstSent, sd[1].rstSent), timeWait,
                    finalState(clientState, clientPackets), finalState(serverState, serverPackets),
                    zeek.connState(), zeek.history(), origIsClient,
                    zeek.bytes(zo), zeek.bytes(1 - zo), zeek.ipBytes(zo), zeek.ipBytes(1 - zo),
                    zeek.durationMicros() * 1000, zeek.missedBytes(),
                    analysis != null ? analysis : new long[Analysis.COUNT], milestones == null ? List.of() : java.util.Collections.unmodifiableList(milestones),
                    gaps == null || gaps.isEmpty() ? List.of() : java.util.Collections.unmodifiableList(gaps), reason,
                    resumed, http);
        }

        private void addLastMilestones() {
            if (sd[0].sawData) insert(new ConnectionSummary.Milestone(sd[0].lastDataFrame, sd[0].lastDataNanos, ConnectionSummary.Milestone.Kind.LAST_DATA, true, 0));
            if (sd[1].sawData) insert(new ConnectionSummary.Milestone(sd[1].lastDataFrame, sd[1].lastDataNanos, ConnectionSummary.Milestone.Kind.LAST_DATA, false, 0));
            for (int i = 0; i < 2; i++) {
                if (sd[i].sawKeepalive) insert(new ConnectionSummary.Milestone(sd[i].lastKeepaliveFrame, sd[i].lastKeepaliveNanos, ConnectionSummary.Milestone.Kind.LAST_KEEPALIVE, i == 0, sd[i].keepalives));
            }
        }

        /**
         * The analyzer infers the receiver's state from each packet; a side that never sent anything
         * confirmed none of it (a SYN nobody answered says nothing about the server), so it is UNKNOWN.
         */
        static TcpState finalState(TcpState inferred, long packetsSent) {
            return packetsSent == 0 ? TcpState.UNKNOWN : inferred;
        }

        /** Inserts after every milestone of the same or an earlier frame (stable, like the sort it replaces). */
        void insert(ConnectionSummary.Milestone m) {
            int i = milestones.size();
            while (i > 0 && milestones.get(i - 1).frame() > m.frame()) i--;
            milestones.add(i, m);
        }

        long medianInterval(int side) {
            int n = sd[side].probeTimesN;
            if (n < 2) return -1;
            long[] d = new long[n - 1];
            for (int i = 1; i < n; i++) d[i - 1] = sd[side].probeTimes[i] - sd[side].probeTimes[i - 1];
            Arrays.sort(d);
            return d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
        }
    }
}
