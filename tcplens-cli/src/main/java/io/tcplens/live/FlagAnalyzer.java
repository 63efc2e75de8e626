package io.tcplens.live;

import io.tcplens.capture.Frame;
import io.tcplens.decode.Packet;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A provisional connection tracker that reads only what each segment says about itself: SYN,
 * SYN-ACK, FIN, RST, and keep-alive probes (a 0- or 1-byte segment one below the sender's next
 * sequence number, Wireshark's rule). It stands in for the project's TCP analyzer until that
 * one is plugged in through {@link LiveAnalyzer.Factory}.
 */
public final class FlagAnalyzer implements LiveAnalyzer {

    /** What one connection looked like; direction 0 is from the client (the side that sent the SYN). */
    public static final class Conn {
        final int id;
        final String clientAddr, serverAddr;
        final int clientPort, serverPort;
        final boolean sawSyn;
        boolean sawSynAck, established, refused, closedEmitted;
        int firstFin = -1;       // direction whose FIN came first
        int resetBy = -1;
        final long[] packets = new long[2];
        final long[] bytes = new long[2];
        final long[] nextSeq = {-1, -1};
        final long[] finSeq = {-1, -1};
        final boolean[] finAcked = new boolean[2];
        final int[] keepAlives = new int[2];
        long firstMicros, lastMicros;

        Conn(int id, String clientAddr, int clientPort, String serverAddr, int serverPort, boolean sawSyn) {
            this.id = id;
            this.clientAddr = clientAddr;
            this.clientPort = clientPort;
            this.serverAddr = serverAddr;
            this.serverPort = serverPort;
            this.sawSyn = sawSyn;
        }

        public int id() { return id; }
        public String client() { return endpoint(clientAddr, clientPort); }
        public String server() { return endpoint(serverAddr, serverPort); }
        public long packets(int dir) { return packets[dir]; }
        public long payloadBytes(int dir) { return bytes[dir]; }
        public int keepAlives(int dir) { return keepAlives[dir]; }
        /** 0 if the client sent the first FIN, 1 the server, -1 nobody. */
        public int firstFin() { return firstFin; }
        /** 0 if the client reset the connection, 1 the server, -1 nobody. */
        public int resetBy() { return resetBy; }
        public boolean refused() { return refused; }
        public boolean closed() { return closedEmitted; }

        /** A word for where the connection ended up. */
        public String state() {
            if (refused) return "REFUSED";
            if (resetBy >= 0) return "RESET";
            if (closedEmitted) return "CLOSED";
            if (finSeq[0] >= 0 || finSeq[1] >= 0) return "CLOSING";
            if (established) return "ESTABLISHED";
            if (sawSynAck) return "SYN_RECEIVED";
            if (sawSyn) return "SYN_SENT";
            return "PARTIAL";
        }
    }

    private final Consumer<String> events;
    private final Map<String, Conn> conns = new HashMap<>();
    private final List<Conn> order = new ArrayList<>();
    private final StringBuilder sb = new StringBuilder();
    private int nextId = 1;

    public FlagAnalyzer(Consumer<String> events) {
        this.events = events != null ? events : s -> { };
    }

    @Override
    public String name() { return "flag tracker (provisional: SYN/FIN/RST and keep-alives only)"; }

    public List<Conn> connections() { return List.copyOf(order); }

    @Override
    public void packet(Frame frame, Packet p) {
        if (!p.hasTcp() || !p.tcpFixedHeaderComplete() || p.addrLength() == 0) return;
        String src = addr(p, p.srcAddrOffset());
        String dst = addr(p, p.dstAddrOffset());
        int sport = p.srcPort(), dport = p.dstPort();
        String fwd = src + "|" + sport + "|" + dst + "|" + dport;
        String rev = dst + "|" + dport + "|" + src + "|" + sport;
        int flags = p.tcpFlags();
        boolean syn = (flags & Packet.SYN) != 0, ack = (flags & Packet.ACK) != 0;
        boolean fin = (flags & Packet.FIN) != 0, rst = (flags & Packet.RST) != 0;
        long micros = frame.epochMicros();

        Conn c = conns.get(fwd);
        int dir = 0;
        if (c == null) {
            c = conns.get(rev);
            dir = 1;
        }
        if (c == null || (syn && !ack && c.closedEmitted)) {
            // A new connection: the SYN's sender is the client; without a SYN, guess the sender.
            boolean fromServer = syn && ack;
            c = fromServer ? new Conn(nextId++, dst, dport, src, sport, false)
                           : new Conn(nextId++, src, sport, dst, dport, syn && !ack);
            dir = fromServer ? 1 : 0;
            conns.remove(fwd);
            conns.remove(rev);
            conns.put(c.clientAddr + "|" + c.clientPort + "|" + c.serverAddr + "|" + c.serverPort, c);
            order.add(c);
            c.firstMicros = micros;
            if (syn && !ack) emit(micros, c, "opening: " + c.client() + " sends SYN to " + c.server());
            else if (!fromServer) emit(micros, c, "joined in progress (no SYN seen)");
        }
        c.lastMicros = micros;
        c.packets[dir]++;
        int len = Math.max(0, p.tcpPayloadLength());
        c.bytes[dir] += len;
        long seq = p.seq() & 0xFFFFFFFFL;
        long ackNo = p.ack() & 0xFFFFFFFFL;

        if (!syn && !fin && !rst && len <= 1 && c.nextSeq[dir] >= 0 && seq == ((c.nextSeq[dir] - 1) & 0xFFFFFFFFL)) {
            c.keepAlives[dir]++;
            emit(micros, c, "keep-alive probe from " + side(dir) + " (" + ordinal(c.keepAlives[dir]) + ")");
        }
        long end = (seq + len + (syn ? 1 : 0) + (fin ? 1 : 0)) & 0xFFFFFFFFL;
        if (c.nextSeq[dir] < 0 || after(end, c.nextSeq[dir])) c.nextSeq[dir] = end;

        if (syn && ack && !c.sawSynAck) {
            c.sawSynAck = true;
            emit(micros, c, "server " + c.server() + " accepts (SYN-ACK)");
        } else if (ack && !syn && !rst && !c.established && c.sawSynAck && dir == 0) {
            c.established = true;
            emit(micros, c, "established (handshake complete)");
        }
        if (rst) {
            if (c.resetBy < 0) {
                c.resetBy = dir;
                if (!c.sawSynAck && dir == 1 && c.sawSyn) {
                    c.refused = true;
                    emit(micros, c, "refused: " + c.server() + " answers the SYN with RST (nothing listening)");
                } else {
                    emit(micros, c, "reset by " + side(dir) + " (RST): the connection is aborted, unread data is lost");
                }
            }
            return;
        }
        if (fin && c.finSeq[dir] < 0) {
            c.finSeq[dir] = (seq + len) & 0xFFFFFFFFL;
            boolean first = c.firstFin < 0;
            if (first) c.firstFin = dir;
            String what = "FIN from " + side(dir) + (len > 0 ? " (riding on the last " + len + " bytes of data)" : "");
            emit(micros, c, what + (first
                    ? ": " + side(dir) + " closes first (active close; it will end in TIME_WAIT)"
                    : ": " + side(dir) + " closes its half too (passive close)"));
        }
        int other = 1 - dir;
        if (ack && c.finSeq[other] >= 0 && !c.finAcked[other] && !before(ackNo, (c.finSeq[other] + 1) & 0xFFFFFFFFL)) {
            c.finAcked[other] = true;
        }
        if (!c.closedEmitted && c.finAcked[0] && c.finAcked[1]) {
            c.closedEmitted = true;
            emit(micros, c, "closed: both FINs acknowledged; " + side(c.firstFin) + " is in TIME_WAIT, "
                    + side(1 - c.firstFin) + " is CLOSED");
        }
    }

    private static boolean after(long a, long b) { return (int) (a - b) > 0; }
    private static boolean before(long a, long b) { return (int) (a - b) < 0; }

    private static String side(int dir) { return dir == 0 ? "client" : "server"; }

    private static String ordinal(int n) {
        return n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st"; case 2 -> "nd"; case 3 -> "rd"; default -> "th"; });
    }

    private void emit(long micros, Conn c, String text) {
        sb.setLength(0);
        LocalTime t = LocalTime.ofInstant(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000),
                ZoneId.systemDefault());
        sb.append(String.format("%02d:%02d:%02d.%06d", t.getHour(), t.getMinute(), t.getSecond(), micros % 1_000_000));
        sb.append(" conn ").append(c.id).append(' ').append(text);
        events.accept(sb.toString());
    }

    @Override
    public void finish() { }

    @Override
    public void writeConns(PrintStream out) {
        out.printf("%-4s %-28s %-28s %-12s %9s %9s %11s %11s %s%n", "id", "client", "server", "state",
                "pkts>", "pkts<", "bytes>", "bytes<", "notes");
        for (Conn c : order) {
            List<String> notes = new ArrayList<>();
            if (c.firstFin >= 0) notes.add("first FIN: " + side(c.firstFin));
            if (c.resetBy >= 0) notes.add("RST by " + side(c.resetBy));
            if (c.keepAlives[0] + c.keepAlives[1] > 0) notes.add("keep-alives " + c.keepAlives[0] + "/" + c.keepAlives[1]);
            out.printf("%-4d %-28s %-28s %-12s %9d %9d %11d %11d %s%n", c.id, c.client(), c.server(), c.state(),
                    c.packets[0], c.packets[1], c.bytes[0], c.bytes[1], String.join(", ", notes));
        }
    }

    @Override
    public void writeConnsJson(PrintStream out) {
        StringBuilder j = new StringBuilder();
        j.append("{\"engine\":\"flags\",\"provisional\":true,\"connections\":[");
        boolean firstConn = true;
        for (Conn c : order) {
            if (!firstConn) j.append(',');
            firstConn = false;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id);
            m.put("client", c.client());
            m.put("server", c.server());
            m.put("state", c.state());
            m.put("first_ts", c.firstMicros / 1e6);
            m.put("last_ts", c.lastMicros / 1e6);
            m.put("client_packets", c.packets[0]);
            m.put("server_packets", c.packets[1]);
            m.put("client_bytes", c.bytes[0]);
            m.put("server_bytes", c.bytes[1]);
            m.put("first_fin", c.firstFin < 0 ? null : side(c.firstFin));
            m.put("reset_by", c.resetBy < 0 ? null : side(c.resetBy));
            m.put("client_keepalives", c.keepAlives[0]);
            m.put("server_keepalives", c.keepAlives[1]);
            j.append('{');
            boolean first = true;
            for (var e : m.entrySet()) {
                if (!first) j.append(',');
                first = false;
                j.append('"').append(e.getKey()).append("\":");
                Object v = e.getValue();
                if (v == null) j.append("null");
                else if (v instanceof String s) j.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                else if (v instanceof Double d) j.append(String.format("%.6f", d));
                else j.append(v);
            }
            j.append('}');
        }
        j.append("]}");
        out.println(j);
    }

    static String endpoint(String addr, int port) {
        return addr.indexOf(':') >= 0 ? "[" + addr + "]:" + port : addr + ":" + port;
    }

    static String addr(Packet p, int off) {
        byte[] b = p.buffer();
        if (p.addrLength() == 4) {
            return (b[off] & 0xFF) + "." + (b[off + 1] & 0xFF) + "." + (b[off + 2] & 0xFF) + "." + (b[off + 3] & 0xFF);
        }
        try {
            return java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, off, off + 16)).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return "?";
        }
    }
}
