package io.tcplens.tcp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One TCP conversation, numbered as tshark numbers {@code tcp.stream}. Endpoint 0 ("A") is the
 * flow table's canonical first endpoint; {@link #clientIndex()} says which endpoint is the
 * client (the sender of the first SYN, or a port-based guess in a mid-stream capture).
 */
public final class TcpConnection {
    /**
     * A slot for one sink's per-connection state, so that sink needs no map lookup per packet.
     * {@link io.tcplens.conn.LifecycleTracker} uses it; other sinks keep their own maps.
     */
    private Object attachment;

    public Object attachment() { return attachment; }

    public void attach(Object o) { attachment = o; }

    final int stream;
    final byte[] addrA, addrB;
    final int portA, portB;
    /** Per-direction analysis state (trimmed to its scalars once the connection is summarised). */
    final Direction[] dir = {new Direction(), new Direction()};
    final long[] packets = new long[2];
    final long[] payloadBytes = new long[2];
    final long firstFrame;
    final long firstTime;
    long lastFrame;
    long lastTime;

    /** Most recent pure SYN time and the initial RTT (ns; 0 = unknown, as in Wireshark). */
    long tsMruSyn;
    boolean haveMruSyn;
    long firstRtt;

    int clientIndex = -1;
    boolean clientFromSyn;
    final TcpState[] state = {TcpState.UNKNOWN, TcpState.UNKNOWN};
    /** The server entered SYN_RCVD from LISTEN (passive open), so a RST sends it back to LISTEN. */
    boolean serverPassive;
    /** Accurate ECN: a SYN asked for it / the SYN+ACK accepted it. */
    boolean accEcnSyn, accEcn;

    boolean closed;         // ConnectionClosed emitted
    /**
     * Only pure SYNs from the client so far, since {@link #attemptSince} (its opening, or the SYN that
     * brought it back): Zeek's connection attempt, summarised after its attempt delay.
     */
    boolean attempt;
    long attemptSince;
    final boolean portsReused;
    TcpAnalyzer.Lru list;
    long touchSeq;          // order of last activity across the analyzer's lists
    TcpAnalyzer.Lru.Node node;

    TcpConnection(int stream, byte[] addrA, byte[] addrB, int portA, int portB, long frame, long time,
                  boolean portsReused) {
        this.stream = stream;
        this.addrA = addrA;
        this.addrB = addrB;
        this.portA = portA;
        this.portB = portB;
        this.firstFrame = frame;
        this.firstTime = time;
        this.lastFrame = frame;
        this.lastTime = time;
        this.portsReused = portsReused;
    }

    public int stream() { return stream; }
    public long firstFrame() { return firstFrame; }
    public long firstTimeNanos() { return firstTime; }
    public long lastFrame() { return lastFrame; }
    public long lastTimeNanos() { return lastTime; }
    public boolean portsReused() { return portsReused; }
    /** 0 when endpoint A is the client, 1 when B is. */
    public int clientIndex() { return clientIndex; }
    /** True when the client was identified by its SYN (false: guessed from ports). */
    public boolean clientFromSyn() { return clientFromSyn; }

    public byte[] clientAddress() { return (clientIndex == 0 ? addrA : addrB).clone(); }
    public byte[] serverAddress() { return (clientIndex == 0 ? addrB : addrA).clone(); }
    public int clientPort() { return clientIndex == 0 ? portA : portB; }
    public int serverPort() { return clientIndex == 0 ? portB : portA; }
    public TcpState clientState() { return state[clientIndex]; }
    public TcpState serverState() { return state[1 - clientIndex]; }
    public long clientPackets() { return packets[clientIndex]; }
    public long serverPackets() { return packets[1 - clientIndex]; }
    /** Payload bytes as captured segments carried them (tcp.len summed, retransmissions included). */
    public long clientPayloadBytes() { return payloadBytes[clientIndex]; }
    public long serverPayloadBytes() { return payloadBytes[1 - clientIndex]; }

    boolean baseSet(int i) { return dir[i].baseSet; }

    int base(int i) { return dir[i].base; }

    /** Initial RTT in ns, or -1 when not known. */
    public long initialRttNanos() { return firstRtt != 0 ? firstRtt : -1; }
    public boolean isClosed() { return closed; }

    @Override
    public String toString() {
        return "tcp.stream " + stream + " " + ep(clientAddress(), clientPort()) + " -> "
                + ep(serverAddress(), serverPort());
    }

    private static String ep(byte[] a, int port) {
        try {
            String s = InetAddress.getByAddress(a).getHostAddress();
            return (a.length == 16 ? "[" + s + "]" : s) + ":" + port;
        } catch (UnknownHostException e) {
            return Arrays.toString(a) + ":" + port;
        }
    }

    // ------------------------------------------------------------------ state machine

    private static boolean gt(int a, int b) { return a - b > 0; }

    private void set(int idx, TcpState to, long frame, TcpAnalyzer an) {
        TcpState from = state[idx];
        if (from == to) return;
        state[idx] = to;
        an.stateChanged(this, frame, idx == clientIndex, from, to);
    }

    private static boolean fresh(TcpState s) {
        return s == TcpState.UNKNOWN || s == TcpState.CLOSED || s == TcpState.LISTEN;
    }

    /**
     * Applies the sender's known transition and the receiver's inferred one for a packet from
     * endpoint {@code s}.
     */
    void observe(int s, int flags, int seq, int ack, int len, long frame, TcpAnalyzer an) {
        int r = 1 - s;
        Direction S = dir[s], R = dir[r];
        boolean syn = (flags & 0x02) != 0, fin = (flags & 0x01) != 0, rst = (flags & 0x04) != 0,
                ackf = (flags & 0x10) != 0;
        if (rst) {
            set(s, TcpState.CLOSED, frame, an);
            switch (state[r]) {
                case SYN_SENT -> {
                    if (ackf && R.synSent && ack == R.iss + 1) set(r, TcpState.CLOSED, frame, an);
                }
                case LISTEN, CLOSED -> { }
                case SYN_RCVD -> set(r, r != clientIndex && serverPassive ? TcpState.LISTEN : TcpState.CLOSED, frame, an);
                default -> set(r, TcpState.CLOSED, frame, an);
            }
            return;
        }
        if (syn && !ackf) {
            if (S.synSent && seq == S.iss && !fresh(state[s])) return; // SYN retransmission
            boolean hadSentSyn = S.synSent;
            S.synSent = true;
            S.iss = seq;
            if (fresh(state[s]) || state[s] == TcpState.TIME_WAIT) {
                S.finSent = false;   // a new incarnation: the old one's FIN is history
                set(s, TcpState.SYN_SENT, frame, an);
            } else if (state[s] == TcpState.SYN_RCVD && !hadSentSyn) {
                serverPassive = false; // it was not listening: both sides connect (simultaneous open)
                set(s, TcpState.SYN_SENT, frame, an);
            }
            if (state[r] == TcpState.SYN_SENT) {
                set(r, TcpState.SYN_RCVD, frame, an); // simultaneous open
            } else if (fresh(state[r])) {
                if (r != clientIndex) serverPassive = true;
                R.finSent = false;
                set(r, TcpState.SYN_RCVD, frame, an);
            }
            return;
        }
        if (syn) { // SYN+ACK
            boolean retrans = S.synSent && seq == S.iss && !fresh(state[s]) && state[s] != TcpState.SYN_SENT;
            if (!retrans) {
                S.synSent = true;
                S.iss = seq;
                if (fresh(state[s])) S.finSent = false;
                if (fresh(state[s]) || state[s] == TcpState.SYN_SENT) set(s, TcpState.SYN_RCVD, frame, an);
            }
            boolean acceptable = !R.synSent || gt(ack, R.iss);
            TcpState rs = state[r];
            if (acceptable && (fresh(rs) || rs == TcpState.SYN_SENT || rs == TcpState.SYN_RCVD)) {
                if (fresh(rs)) R.finSent = false;
                set(r, TcpState.ESTABLISHED, frame, an);
            }
        } else if (ackf) {
            if (state[s] == TcpState.SYN_SENT) set(s, TcpState.ESTABLISHED, frame, an); // SYN+ACK not captured
            if (state[s] == TcpState.SYN_RCVD && R.synSent && gt(ack, R.iss)) set(s, TcpState.ESTABLISHED, frame, an);
            if (state[r] == TcpState.SYN_RCVD && R.synSent && gt(ack, R.iss)) set(r, TcpState.ESTABLISHED, frame, an);
        }
        if (ackf && R.finSent && gt(ack, R.finSeq)) {
            switch (state[r]) {
                case FIN_WAIT_1 -> set(r, TcpState.FIN_WAIT_2, frame, an);
                case CLOSING -> set(r, TcpState.TIME_WAIT, frame, an);
                case LAST_ACK -> set(r, TcpState.CLOSED, frame, an);
                default -> { }
            }
        }
        if (fin) {
            int finSeq = seq + len + (syn ? 1 : 0);
            if (S.finSent && finSeq == S.finSeq) return; // FIN retransmission
            S.finSent = true;
            S.finSeq = finSeq;
            switch (state[s]) {
                case CLOSE_WAIT -> {
                    boolean sawPeerFin = ackf && R.finSent && gt(ack, R.finSeq);
                    set(s, sawPeerFin ? TcpState.LAST_ACK : TcpState.CLOSING, frame, an);
                }
                case FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT, CLOSED -> { }
                default -> set(s, TcpState.FIN_WAIT_1, frame, an);
            }
            switch (state[r]) {
                case FIN_WAIT_1 -> set(r, TcpState.CLOSING, frame, an);
                case FIN_WAIT_2 -> set(r, TcpState.TIME_WAIT, frame, an);
                case ESTABLISHED, UNKNOWN, SYN_RCVD, SYN_SENT -> set(r, TcpState.CLOSE_WAIT, frame, an);
                default -> { }
            }
        }
    }

    /**
     * TIME_WAIT ran out (capture time) with no packet: such an endpoint is CLOSED. No event: the
     * connection has been summarised, and the change shows on the packet that brings it back.
     */
    void timeWaitOver() {
        for (int i = 0; i < 2; i++) if (state[i] == TcpState.TIME_WAIT) state[i] = TcpState.CLOSED;
    }

    /** True when neither endpoint can send anything new: both CLOSED or TIME_WAIT (or one RST). */
    boolean bothDone() {
        return state[0].isDone() && state[1].isDone();
    }
}
