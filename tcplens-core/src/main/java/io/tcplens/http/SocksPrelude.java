package io.tcplens.http;

/**
 * Recognises a SOCKS 4, 4a or 5 handshake at the start of a connection (curl --socks5, a proxy
 * chain) so that HTTP carried through the proxy is found after it, as Wireshark finds it. One
 * instance per direction; the client's side decides whether the connection is SOCKS at all.
 *
 * <p>Fed the reassembled stream in pieces; {@link #consume} returns how many leading bytes of the
 * piece belong to the handshake. Once the handshake is over (or the data is not SOCKS), it
 * consumes nothing more. Nothing here buffers: the fields are counted as they pass.
 */
final class SocksPrelude {
    private enum Step {
        FIRST,                          // nothing seen yet
        // client, SOCKS 5
        C5_NMETHODS, C5_METHODS, C5_NEXT, C5_AUTH_ULEN, C5_AUTH_USER, C5_AUTH_PLEN, C5_AUTH_PASS,
        C5_REQ_CMD, C5_REQ_RSV, C5_ATYP, C5_ADDR_LEN, C5_ADDR, C5_PORT,
        // client, SOCKS 4/4a
        C4_CMD, C4_PORT, C4_IP, C4_USER, C4_HOST,
        // server, SOCKS 5
        S5_METHOD, S5_NEXT, S5_AUTH_STATUS, S5_REP, S5_RSV, S5_ATYP, S5_ADDR_LEN, S5_ADDR, S5_PORT,
        // server, SOCKS 4
        S4_REPLY,
        DONE
    }

    private final boolean client;
    private final SocksPrelude peer;   // the client's side, for the server's (null on the client's)
    private Step step = Step.FIRST;
    private int left;                  // bytes left in the current field
    private boolean socks;             // the client's side: the connection opened with SOCKS
    private boolean v4HostFollows;
    private int ipIndex;

    private SocksPrelude(boolean client, SocksPrelude peer) {
        this.client = client;
        this.peer = peer;
    }

    static SocksPrelude client() { return new SocksPrelude(true, null); }

    static SocksPrelude server(SocksPrelude client) { return new SocksPrelude(false, client); }

    boolean done() { return step == Step.DONE; }

    /** True once the client's side opened with a SOCKS greeting. */
    boolean isSocks() { return client ? socks : peer.socks; }

    /** A gap or the end: whatever comes next is not parsed as a handshake. */
    void stop() { step = Step.DONE; }

    /** How many of {@code buf[off, off+len)} are handshake bytes (0 once done or when not SOCKS). */
    int consume(byte[] buf, int off, int len) {
        int p = off, end = off + len;
        while (p < end && step != Step.DONE) {
            int b = buf[p] & 0xFF;
            if (left > 0 && isSkip(step)) {      // a run of bytes whose content does not matter
                int n = Math.min(left, end - p);
                p += n;
                left -= n;
                if (left == 0) afterSkip();
                continue;
            }
            if (!step(b)) break;   // not SOCKS: this byte is the application's
            p++;
        }
        return p - off;
    }

    private static boolean isSkip(Step s) {
        return switch (s) {
            case C5_METHODS, C5_AUTH_USER, C5_AUTH_PASS, C5_ADDR, C5_PORT, C4_PORT, S5_ADDR, S5_PORT, S4_REPLY -> true;
            default -> false;
        };
    }

    /** Handles one byte at a decision point; false when the byte is not part of a handshake. */
    private boolean step(int b) {
        switch (step) {
            case FIRST -> {
                // Decided on the first byte: a stream starting 0x04 or 0x05 is not HTTP anyway, so
                // if it turns out not to be SOCKS after all, nothing the HTTP parser wanted is lost.
                if (client) {
                    if (b == 5) { socks = true; step = Step.C5_NMETHODS; return true; }
                    if (b == 4) { socks = true; step = Step.C4_CMD; return true; }
                    step = Step.DONE;
                    return false;
                }
                if (!peer.socks) { step = Step.DONE; return false; }
                if (b == 5) { step = Step.S5_METHOD; return true; }
                if (b == 0) { skip(Step.S4_REPLY, 7); return true; }
                step = Step.DONE;
                return false;
            }
            case C4_CMD -> {
                if (b != 1 && b != 2) return notSocks();   // CONNECT or BIND
                skip(Step.C4_PORT, 2);
                return true;
            }
            case C4_IP -> {
                // SOCKS 4a: the address 0.0.0.x (x nonzero) says a host name follows the user id.
                if (ipIndex < 3 && b != 0) v4HostFollows = false;
                if (ipIndex == 3) v4HostFollows &= b != 0;
                if (++ipIndex == 4) step = Step.C4_USER;
                return true;
            }
            case C5_NMETHODS -> {
                if (b == 0 || b > 16) return notSocks();
                skip(Step.C5_METHODS, b);
                return true;
            }
            case C5_NEXT -> {
                // username/password sub-negotiation (RFC 1929) or the request
                if (b == 1) { step = Step.C5_AUTH_ULEN; return true; }
                if (b == 5) { step = Step.C5_REQ_CMD; return true; }
                step = Step.DONE;
                return false;
            }
            case C5_AUTH_ULEN -> { skip(Step.C5_AUTH_USER, b); if (b == 0) step = Step.C5_AUTH_PLEN; return true; }
            case C5_AUTH_PLEN -> { skip(Step.C5_AUTH_PASS, b); if (b == 0) step = Step.C5_NEXT; return true; }
            case C5_REQ_CMD -> { step = Step.C5_REQ_RSV; return true; }
            case C5_REQ_RSV -> { step = Step.C5_ATYP; return true; }
            case C5_ATYP, S5_ATYP -> {
                boolean c = step == Step.C5_ATYP;
                switch (b) {
                    case 1 -> skip(c ? Step.C5_ADDR : Step.S5_ADDR, 4);
                    case 4 -> skip(c ? Step.C5_ADDR : Step.S5_ADDR, 16);
                    case 3 -> step = c ? Step.C5_ADDR_LEN : Step.S5_ADDR_LEN;
                    default -> { step = Step.DONE; return false; }
                }
                return true;
            }
            case C5_ADDR_LEN -> { skip(Step.C5_ADDR, b); if (b == 0) skip(Step.C5_PORT, 2); return true; }
            case S5_ADDR_LEN -> { skip(Step.S5_ADDR, b); if (b == 0) skip(Step.S5_PORT, 2); return true; }
            case C4_USER -> {
                if (b == 0) step = v4HostFollows ? Step.C4_HOST : Step.DONE;
                return true;
            }
            case C4_HOST -> { if (b == 0) step = Step.DONE; return true; }
            case S5_METHOD -> { step = Step.S5_NEXT; return true; }
            case S5_NEXT -> {
                if (b == 1) { step = Step.S5_AUTH_STATUS; return true; }
                if (b == 5) { step = Step.S5_REP; return true; }
                step = Step.DONE;
                return false;
            }
            case S5_AUTH_STATUS -> { step = Step.S5_NEXT; return true; }
            case S5_REP -> { step = Step.S5_RSV; return true; }
            case S5_RSV -> { step = Step.S5_ATYP; return true; }
            default -> { step = Step.DONE; return false; }
        }
    }

    /** The client's first bytes were not a SOCKS handshake after all. */
    private boolean notSocks() {
        socks = false;
        step = Step.DONE;
        return false;
    }

    private void skip(Step s, int n) {
        step = s;
        left = n;
    }

    /** The end of a run of skipped bytes: where the handshake goes next. */
    private void afterSkip() {
        step = switch (step) {
            case C5_METHODS -> Step.C5_NEXT;
            case C5_AUTH_USER -> Step.C5_AUTH_PLEN;
            case C5_AUTH_PASS -> Step.C5_NEXT;
            case C5_ADDR -> { left = 2; yield Step.C5_PORT; }
            case S5_ADDR -> { left = 2; yield Step.S5_PORT; }
            case C4_PORT -> { ipIndex = 0; v4HostFollows = true; yield Step.C4_IP; }
            default -> Step.DONE;   // C5_PORT, S5_PORT, S4_REPLY: the handshake is over
        };
    }
}
