package io.tcplens.bench;

import io.tcplens.capture.Frame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A capture made in memory for the benchmarks: {@code connections} HTTP/1.1 connections to one
 * server, each a three-way handshake, one GET and its 200 response with their ACKs, and a
 * four-segment close (11 Ethernet/IPv4/TCP frames). Connections run {@link #CONCURRENT} at a time,
 * their packets interleaved and stamped 10 µs apart, so the flow table and the per-connection state
 * see the mix a busy capture gives them rather than one connection at a time.
 */
public final class SyntheticCapture {
    /** Frames per connection. */
    public static final int FRAMES_PER_CONNECTION = 11;
    /** Connections in flight at once. */
    public static final int CONCURRENT = 64;

    private static final byte[] REQUEST = "GET /index.html HTTP/1.1\r\nHost: bench.example\r\nUser-Agent: tcplens-bench\r\nAccept: */*\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 11\r\nConnection: keep-alive\r\n\r\nhello world"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int FIN = 1, SYN = 2, PSH = 8, ACK = 16;

    private SyntheticCapture() { }

    /** The frames, in capture order (numbered from 1). */
    public static List<Frame> frames(int connections) {
        List<Frame> out = new ArrayList<>(connections * FRAMES_PER_CONNECTION);
        long micros = 1_700_000_000_000_000L;
        for (int first = 0; first < connections; first += CONCURRENT) {
            int n = Math.min(CONCURRENT, connections - first);
            for (int step = 0; step < FRAMES_PER_CONNECTION; step++) {
                for (int k = 0; k < n; k++) {
                    out.add(frame(first + k, step, micros, out.size() + 1));
                    micros += 10;
                }
            }
        }
        return out;
    }

    private static Frame frame(int conn, int step, long micros, long number) {
        int clientPort = 1024 + conn % 60_000;
        byte[] clientIp = {10, 0, (byte) (conn / 60_000 >> 8), (byte) (conn / 60_000)};
        byte[] serverIp = {10, 1, 0, 1};
        int cIsn = 1_000_000 + conn * 7919, sIsn = 2_000_000 + conn * 104_729;
        int rq = REQUEST.length, rs = RESPONSE.length;
        return switch (step) {
            case 0 -> tcp(true, clientIp, clientPort, serverIp, SYN, cIsn, 0, null, micros, number);
            case 1 -> tcp(false, clientIp, clientPort, serverIp, SYN | ACK, sIsn, cIsn + 1, null, micros, number);
            case 2 -> tcp(true, clientIp, clientPort, serverIp, ACK, cIsn + 1, sIsn + 1, null, micros, number);
            case 3 -> tcp(true, clientIp, clientPort, serverIp, PSH | ACK, cIsn + 1, sIsn + 1, REQUEST, micros, number);
            case 4 -> tcp(false, clientIp, clientPort, serverIp, ACK, sIsn + 1, cIsn + 1 + rq, null, micros, number);
            case 5 -> tcp(false, clientIp, clientPort, serverIp, PSH | ACK, sIsn + 1, cIsn + 1 + rq, RESPONSE, micros, number);
            case 6 -> tcp(true, clientIp, clientPort, serverIp, ACK, cIsn + 1 + rq, sIsn + 1 + rs, null, micros, number);
            case 7 -> tcp(true, clientIp, clientPort, serverIp, FIN | ACK, cIsn + 1 + rq, sIsn + 1 + rs, null, micros, number);
            case 8 -> tcp(false, clientIp, clientPort, serverIp, ACK, sIsn + 1 + rs, cIsn + 2 + rq, null, micros, number);
            case 9 -> tcp(false, clientIp, clientPort, serverIp, FIN | ACK, sIsn + 1 + rs, cIsn + 2 + rq, null, micros, number);
            case 10 -> tcp(true, clientIp, clientPort, serverIp, ACK, cIsn + 2 + rq, sIsn + 2 + rs, null, micros, number);
            default -> throw new IllegalArgumentException("step " + step);
        };
    }

    /** An Ethernet/IPv4/TCP frame (no options, checksums left zero: tcplens does not check them). */
    private static Frame tcp(boolean fromClient, byte[] clientIp, int clientPort, byte[] serverIp, int flags, int seq, int ack,
                             byte[] payload, long micros, long number) {
        int len = payload == null ? 0 : payload.length;
        byte[] b = new byte[14 + 20 + 20 + len];
        b[0] = 0x02; b[5] = (byte) (fromClient ? 1 : 2);    // destination MAC
        b[6] = 0x02; b[11] = (byte) (fromClient ? 2 : 1);   // source MAC
        b[12] = 0x08;                                        // IPv4
        int ip = 14;
        b[ip] = 0x45;
        put16(b, ip + 2, 20 + 20 + len);
        b[ip + 8] = 64;
        b[ip + 9] = 6;
        System.arraycopy(fromClient ? clientIp : serverIp, 0, b, ip + 12, 4);
        System.arraycopy(fromClient ? serverIp : clientIp, 0, b, ip + 16, 4);
        int t = ip + 20;
        put16(b, t, fromClient ? clientPort : 80);
        put16(b, t + 2, fromClient ? 80 : clientPort);
        put32(b, t + 4, seq);
        put32(b, t + 8, (flags & ACK) != 0 ? ack : 0);
        b[t + 12] = 0x50;
        b[t + 13] = (byte) flags;
        put16(b, t + 14, 502);
        if (len > 0) System.arraycopy(payload, 0, b, t + 20, len);
        return new Frame().set(b, 0, b.length, b.length, micros / 1_000_000, (int) (micros % 1_000_000) * 1000,
                1 /* LINKTYPE_ETHERNET */, 262_144, number);
    }

    private static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    private static void put32(byte[] b, int o, int v) {
        put16(b, o, v >>> 16);
        put16(b, o + 2, v);
    }
}
