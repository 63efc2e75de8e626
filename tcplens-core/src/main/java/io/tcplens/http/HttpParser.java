package io.tcplens.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An incremental HTTP/1.0 and 1.1 parser for one direction of a connection.
 *
 * <p>Fed the reassembled byte stream in pieces of any size ({@link #data}), told about bytes
 * the capture lacks ({@link #gap}) and about the end ({@link #end}); it reports each message
 * to its {@link Listener} when the message ends. Heads are copied (up to the size limit);
 * bodies are only counted. The direction's role (requests or responses) is fixed by the first
 * start line unless given. Nothing here throws on bad input: malformed or non-HTTP data is
 * reported as an {@link HttpProblem}.
 */
public final class HttpParser {
    public static final int DEFAULT_MAX_HEAD_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_HEADERS = 200;
    private static final int MAX_CHUNK_LINE = 4096;
    /**
     * Bytes kept of one head line (request target, header field). A longer line is still followed
     * to its end: its first bytes are kept, the rest counted (and, for a start line, the version
     * read from its last bytes), so a head of any size costs bounded memory.
     */
    public static final int MAX_LINE_KEPT = 16 * 1024;
    /** The last bytes of an overlong line kept beside its first ones (a start line's version). */
    private static final int LINE_TAIL = 16;
    /** Problems noted on one message (the connection's list has them all, up to its own bound). */
    private static final int MAX_MESSAGE_PROBLEMS = 4;

    public enum Role { AUTO, REQUESTS, RESPONSES }

    public interface Listener {
        /** A whole (or, at the end, partial) message. */
        void message(HttpParser parser, HttpMessage message);

        /** Something malformed. */
        default void problem(HttpParser parser, HttpProblem.Kind kind, long frame, String detail) {}

        /**
         * For a response: the method of the request it answers (decides HEAD/CONNECT framing).
         * Null if unknown.
         */
        default String requestMethodFor(HttpParser parser, int responseIndex) { return null; }
    }

    private enum State { START, HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, TUNNEL, LOST, NOT_HTTP }

    private final Listener listener;
    private final int maxHeadBytes;
    private final int maxHeaders;
    /**
     * False: keep only the header fields that decide framing and persistence (Connection,
     * Keep-Alive, Content-Length, Transfer-Encoding, Upgrade). Counting exchanges on a big capture
     * then allocates next to nothing per header.
     */
    private final boolean allHeaders;
    private int headerCount;
    private Role role;
    private State state = State.START;

    // head accumulation: lines are parsed where they lie in the input; only a line split across
    // data() calls is gathered in `line` (allocated on first need: most heads arrive whole)
    private byte[] line = new byte[0];
    private int lineLen;                // bytes of the current line kept in `line`
    private long lineTotal;             // bytes of the current line so far, kept or not
    private final byte[] lineTail = new byte[LINE_TAIL];
    private int lineTailLen;
    private long headLen;               // bytes of the head so far
    private boolean startLineDone;
    private boolean knownStart;         // the head begins like a message (HTTP/ or a known method and SP)
    private boolean oversized, headTooLarge, tooManyFields, malformedStart;
    private int framingBeyond;          // framing fields kept past the limits
    private long lineStart;             // head bytes before the current line
    private List<String> messageProblems = List.of();

    // the message being parsed
    private boolean request;
    private String method, target, reason;
    private int major, minor, status;
    private List<HttpHeader> headers = new ArrayList<>();
    private List<HttpHeader> trailers = new ArrayList<>();
    private HttpMessage.Framing framing;
    private long remaining;
    private long bodyBytes, bodyWire, missing;
    private int chunks;
    private long firstFrame, firstMicros, headEndFrame, headEndMicros, lastFrame, lastMicros;
    private boolean tunnelAfter;
    private byte[] chunkLine = new byte[0];   // grown on first need
    private int chunkLineLen;
    private boolean lastChunk;

    private int requestsSeen, responsesSeen;
    private long nonHttpBytes;
    private boolean pendingTunnelCheck; // after an Upgrade/CONNECT request: HTTP again, or tunnel

    public HttpParser(Role role, Listener listener) {
        this(role, listener, DEFAULT_MAX_HEAD_BYTES, DEFAULT_MAX_HEADERS);
    }

    public HttpParser(Role role, Listener listener, int maxHeadBytes, int maxHeaders) {
        this(role, listener, maxHeadBytes, maxHeaders, true);
    }

    /**
     * @param allHeaders false to keep only the fields that decide framing and persistence in each
     *                   message's {@link HttpMessage#headers()} (the facts derived from them are the same)
     */
    public HttpParser(Role role, Listener listener, int maxHeadBytes, int maxHeaders, boolean allHeaders) {
        this.allHeaders = allHeaders;
        this.role = role;
        this.listener = listener;
        this.maxHeadBytes = maxHeadBytes;
        this.maxHeaders = maxHeaders;
    }

    public Role role() { return role; }

    /** True once the stream was found not to be HTTP (nothing more is parsed). */
    public boolean notHttp() { return state == State.NOT_HTTP; }

    /** True once the connection stopped carrying HTTP (after 101 or CONNECT 2xx). */
    public boolean tunnel() { return state == State.TUNNEL; }

    public int requests() { return requestsSeen; }

    /**
     * True while a head that began like an HTTP message (a status line, or a known method and a
     * space) is still arriving: a long head is HTTP before its first message is complete.
     */
    public boolean headInProgress() { return state == State.HEAD && (startLineDone || knownStart); }

    /** The method of a request whose head is parsed but whose body is still arriving, else null. */
    public String currentRequestMethod() {
        return request && method != null && state != State.START && state != State.HEAD ? method : null;
    }
    public int responses() { return responsesSeen; }
    /** Bytes that were not parsed as HTTP (after a NOT_HTTP or lost-sync verdict, or tunnelled). */
    public long unparsedBytes() { return nonHttpBytes; }

    /** Stops parsing: the rest of this direction is a tunnel (the peer switched protocols). */
    public void switchToTunnel() {
        if (state == State.START || state == State.LOST || pendingTunnelCheck) {
            state = State.TUNNEL;
            pendingTunnelCheck = false;
        } else {
            tunnelAfter = true;
        }
    }

    /** Feeds stream bytes; {@code frame}/{@code micros} are those of the segment that carried them. */
    public void data(byte[] buf, int off, int len, long frame, long micros) {
        int end = off + len;
        int p = off;
        if (state == State.LOST) {
            // Resynchronise at the next line that starts a message, wherever it is in this piece
            // (after a gap, the rest of a lost body and the next message often share a segment).
            int at = resync(buf, p, end);
            if (at < 0) { nonHttpBytes += len; return; }
            nonHttpBytes += at - p;
            p = at;
            state = State.START;
        }
        while (p < end) {
            switch (state) {
                case NOT_HTTP, TUNNEL, LOST -> {
                    nonHttpBytes += end - p;
                    return;
                }
                case START -> {
                    // Empty lines before a start line are ignored.
                    byte b = buf[p];
                    if (b == '\r' || b == '\n') { p++; continue; }
                    if (pendingTunnelCheck) {
                        pendingTunnelCheck = false;
                        if (!looksLikeStart(buf, p, end)) { state = State.TUNNEL; continue; }
                    }
                    beginMessage(frame, micros);
                    state = State.HEAD;
                }
                case HEAD -> p = headBytes(buf, p, end, frame, micros);
                case LENGTH, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, end - p);
                    p += n;
                    remaining -= n;
                    body(n, frame, micros);
                    if (remaining == 0) countedPartDone();
                }
                case UNTIL_CLOSE -> {
                    body(end - p, frame, micros);
                    p = end;
                }
                case CHUNK_SIZE, TRAILERS, CHUNK_END -> p = chunkLineBytes(buf, p, end, frame, micros);
            }
        }
    }

    /** {@code n} bytes of body, carried (or, for a gap, missed) in the segment of {@code frame}. */
    private void body(long n, long frame, long micros) {
        bodyBytes += n;
        bodyWire += n;
        lastFrame = frame;
        lastMicros = micros;
    }

    /** The body of known length, or the chunk's data, is complete. */
    private void countedPartDone() {
        if (state == State.LENGTH) {
            finishMessage(true);
        } else {
            state = State.CHUNK_END;
            chunkLineLen = 0;
        }
    }

    /** {@code bytes} bytes of the stream are missing here. */
    public void gap(long bytes, long frame, long micros) {
        switch (state) {
            case LENGTH, CHUNK_DATA -> {
                long n = Math.min(bytes, remaining);
                remaining -= n;
                body(n, frame, micros);
                missing += n;
                if (remaining == 0) countedPartDone();
                if (bytes > n) lose(frame, bytes - n);
            }
            case UNTIL_CLOSE -> {
                bodyBytes += bytes;
                bodyWire += bytes;
                missing += bytes;
            }
            case START -> lose(frame, bytes);
            case HEAD, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                missing += bytes;
                lose(frame, bytes);
            }
            default -> nonHttpBytes += bytes;
        }
    }

    private void lose(long frame, long bytes) {
        if (state == State.TUNNEL || state == State.NOT_HTTP) return;
        boolean inMessage = state != State.START;
        if (inMessage) finishMessage(false);
        state = State.LOST;
        report(HttpProblem.Kind.GAP_LOST_SYNC, frame,
                bytes + " bytes missing " + (inMessage ? "inside a message" : "between messages")
                        + "; parsing resumes at the next start line");
    }

    /** The end of the stream by a FIN: a close-delimited body ends here. */
    public void end(long frame, long micros) { end(frame, micros, true); }

    /**
     * The end of the stream. {@code closed}: the sender closed (FIN), so a close-delimited body is
     * complete; false at the end of the capture (or a RST), which leaves such a body incomplete.
     */
    public void end(long frame, long micros, boolean closed) {
        switch (state) {
            case UNTIL_CLOSE -> finishMessage(closed);
            case START, LOST, NOT_HTTP, TUNNEL -> { }
            case HEAD -> {
                if (headLen > 0) {
                    report(HttpProblem.Kind.INCOMPLETE_MESSAGE, frame,
                            "the stream ended inside a message head (" + headLen + " bytes)");
                    if (startLineDone) finishMessage(false);
                }
                state = State.START;
            }
            default -> {
                report(HttpProblem.Kind.INCOMPLETE_MESSAGE, frame,
                        "the stream ended inside a message body" + (state == State.LENGTH ? " (" + remaining + " bytes short)" : ""));
                finishMessage(false);
            }
        }
    }

    // ------------------------------------------------------------------ heads

    private void beginMessage(long frame, long micros) {
        headLen = 0;
        lineLen = 0;
        lineTotal = 0;
        lineTailLen = 0;
        startLineDone = false;
        knownStart = oversized = headTooLarge = tooManyFields = malformedStart = false;
        framingBeyond = 0;
        messageProblems = List.of();
        method = target = reason = null;
        major = minor = status = 0;
        // finishMessage copies them, so the same lists serve every message
        headers.clear();
        trailers.clear();
        headerCount = 0;
        framing = HttpMessage.Framing.NONE;
        remaining = bodyBytes = bodyWire = missing = 0;
        chunks = 0;
        lastChunk = false;
        tunnelAfter = false;
        firstFrame = lastFrame = headEndFrame = frame;
        firstMicros = lastMicros = headEndMicros = micros;
    }

    private int headBytes(byte[] buf, int p, int end, long frame, long micros) {
        while (p < end) {
            int nl = indexOfLf(buf, p, end);
            int take = (nl < 0 ? end : nl + 1) - p;
            long before = headLen;
            if (lineTotal == 0) lineStart = before;
            headLen += take;
            if (headLen > maxHeadBytes && !headTooLarge) {
                // Followed to its end all the same (servers accept 8-64 KB, attackers send more):
                // from here on only the fields that decide framing are kept.
                headTooLarge = oversized = true;
                report(HttpProblem.Kind.HEADER_TOO_LARGE, frame, "the message head exceeds " + maxHeadBytes
                        + " bytes: read to its end, keeping only the fields that decide framing past that");
            }
            // The line so far, with its LF when it has one: in place when whole in this piece.
            byte[] arr;
            int ls, lineEnd;
            if (lineTotal == 0 && nl >= 0 && take <= MAX_LINE_KEPT) {
                arr = buf;
                ls = p;
                lineEnd = nl + 1;
            } else {
                appendLine(buf, p, take);
                if (nl >= 0 && lineTotal > lineLen) overlongLineDone(frame);
                arr = line;
                ls = 0;
                lineEnd = lineLen;
            }
            p += take;
            lastFrame = headEndFrame = frame;
            lastMicros = headEndMicros = micros;
            // The head so far is the start line (empty lines before it were skipped).
            if (!startLineDone && before < 256) {
                int n = Math.min(lineEnd - ls, 256);
                if (!plausibleStart(arr, ls, ls + n)) {
                    lineLen = 0;
                    lineTotal = 0;
                    if (requestsSeen + responsesSeen == 0) {
                        notHttp(frame);
                    } else {
                        report(HttpProblem.Kind.MALFORMED_START_LINE, frame, "not a start line: "
                                + abbreviate(new String(arr, ls, Math.min(lineEnd - ls, 80), StandardCharsets.ISO_8859_1)));
                        state = State.LOST;
                    }
                    nonHttpBytes += end - p;
                    return end;
                }
                if (before == 0) knownStart = startsMessage(arr, ls, ls + n);
            }
            if (nl < 0) return p;
            lineLen = 0;                                  // consumed; arr still holds it below
            lineTotal = 0;
            int le = lineEnd - 1;                         // line without LF
            if (le > ls && arr[le - 1] == '\r') le--;
            if (!startLineDone) {
                if (!startLine(arr, ls, le, frame)) {
                    nonHttpBytes += end - p;
                    return end;
                }
                startLineDone = true;
                continue;
            }
            if (le == ls) {                               // empty line: end of head
                headComplete(frame);
                return p;
            }
            if (!headerLine(arr, ls, le, headers, frame)) {
                nonHttpBytes += end - p;
                return end;
            }
        }
        return p;
    }

    /**
     * The line in {@code line} ended but only its first {@link #MAX_LINE_KEPT} bytes were kept:
     * it becomes those bytes (for a start line, followed by the version its last bytes carry) and
     * an LF, and the message is marked.
     */
    private void overlongLineDone(long frame) {
        oversized = true;
        int t = lineTailLen;
        if (t > 0 && lineTail[t - 1] == '\n') t--;
        if (t > 0 && lineTail[t - 1] == '\r') t--;
        String what;
        if (!startLineDone) {
            // " HTTP/d.d" at the very end: keep the version, so the line still parses as a request line
            if (t >= 9 && lineTail[t - 9] == ' ' && lineTail[t - 8] == 'H' && lineTail[t - 7] == 'T' && lineTail[t - 6] == 'T'
                    && lineTail[t - 5] == 'P' && lineTail[t - 4] == '/') {
                ensureLine(lineLen + 10);
                System.arraycopy(lineTail, t - 9, line, lineLen, 9);
                lineLen += 9;
            }
            what = "start line";
        } else {
            what = "header line";
        }
        ensureLine(lineLen + 1);
        line[lineLen++] = '\n';
        report(HttpProblem.Kind.HEADER_TOO_LARGE, frame, "a " + what + " of " + lineTotal + " bytes: its first "
                + MAX_LINE_KEPT + " are kept");
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * The first LF in {@code b[from, to)}, or -1; eight bytes at a time (heads are most of what this
     * parser reads byte by byte). In {@code (x - 0x01..) & ~x & 0x80..}, with x the word XOR LF,
     * the lowest set bit marks the first byte equal to LF exactly.
     */
    static int indexOfLf(byte[] b, int from, int to) { return indexOf(b, from, to, (byte) '\n'); }

    /** The first {@code v} in {@code b[from, to)}, or -1; eight bytes at a time as {@link #indexOfLf}. */
    static int indexOf(byte[] b, int from, int to, byte v) {
        long pattern = 0x0101010101010101L * (v & 0xFF);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ pattern;
            long t = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (t != 0) return i + (Long.numberOfTrailingZeros(t) >>> 3);
        }
        for (; i < to; i++) if (b[i] == v) return i;
        return -1;
    }

    /** Adds {@code n} bytes to the current line: up to {@link #MAX_LINE_KEPT} are kept, the last few apart. */
    private void appendLine(byte[] buf, int p, int n) {
        lineTotal += n;
        int keep = Math.min(n, MAX_LINE_KEPT - lineLen);
        if (keep > 0) {
            ensureLine(lineLen + keep);
            System.arraycopy(buf, p, line, lineLen, keep);
            lineLen += keep;
        }
        if (lineTotal <= MAX_LINE_KEPT) return;              // all kept: no tail needed
        if (n >= LINE_TAIL) {
            System.arraycopy(buf, p + n - LINE_TAIL, lineTail, 0, LINE_TAIL);
            lineTailLen = LINE_TAIL;
        } else {
            int drop = Math.max(0, lineTailLen + n - LINE_TAIL);
            System.arraycopy(lineTail, drop, lineTail, 0, lineTailLen - drop);
            lineTailLen -= drop;
            System.arraycopy(buf, p, lineTail, lineTailLen, n);
            lineTailLen += n;
        }
    }

    private void ensureLine(int n) {
        if (n > line.length) line = java.util.Arrays.copyOf(line, Math.max(Math.max(line.length * 2, 256), n));
    }

    /** Reports a problem, noting it on the message being parsed (if any). */
    private void report(HttpProblem.Kind kind, long frame, String detail) {
        if (state != State.START && state != State.LOST && state != State.NOT_HTTP && state != State.TUNNEL
                && messageProblems.size() < MAX_MESSAGE_PROBLEMS) {
            if (messageProblems.isEmpty()) messageProblems = new ArrayList<>(2);
            messageProblems.add(detail);
        }
        listener.problem(this, kind, frame, detail);
    }

    private void notHttp(long frame) {
        state = State.NOT_HTTP;
        report(HttpProblem.Kind.NOT_HTTP, frame, "the data does not start with an HTTP/1.x "
                + (role == Role.RESPONSES ? "status line" : role == Role.REQUESTS ? "request line" : "request or status line"));
    }

    private boolean startLine(byte[] b, int s, int e, long frame) {
        // The usual shapes straight from the bytes; the rest (lenient or failing) with a String.
        int n = e - s;
        if (role != Role.REQUESTS && n >= 5 && b[s] == 'H' && b[s + 1] == 'T' && b[s + 2] == 'T' && b[s + 3] == 'P'
                && b[s + 4] == '/') {
            // HTTP/x.y SP 3DIGIT [SP reason]
            if (n >= 12 && http1(b[s + 5]) && b[s + 6] == '.' && digit(b[s + 7]) && b[s + 8] == ' '
                    && digit(b[s + 9]) && digit(b[s + 10]) && digit(b[s + 11]) && (n == 12 || b[s + 12] == ' ')) {
                request = false;
                major = b[s + 5] - '0';
                minor = b[s + 7] - '0';
                status = (b[s + 9] - '0') * 100 + (b[s + 10] - '0') * 10 + (b[s + 11] - '0');
                reason = n > 13 && allHeaders ? new String(b, s + 13, n - 13, StandardCharsets.ISO_8859_1) : "";
                role = Role.RESPONSES;
                return true;
            }
        } else if (role != Role.RESPONSES) {
            int sp1 = -1, sp2 = -1, ctl = -1;
            for (int i = s; i < e; i++) {
                byte c = b[i];
                if (c == ' ') {
                    if (sp1 < 0) sp1 = i;
                    sp2 = i;
                } else if (c >= 0 && c < 0x20 && c != '\t' && ctl < 0) {
                    ctl = i;
                }
            }
            int v = sp2 + 1;
            if (sp1 > s && sp2 > sp1 + 1 && isToken(b, s, sp1) && e - v == 8 && b[v] == 'H' && b[v + 1] == 'T'
                    && b[v + 2] == 'T' && b[v + 3] == 'P' && b[v + 4] == '/' && http1(b[v + 5]) && b[v + 6] == '.'
                    && digit(b[v + 7])) {
                request = true;
                method = method(b, s, sp1);
                target = allHeaders ? new String(b, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1) : "";
                major = b[v + 5] - '0';
                minor = b[v + 7] - '0';
                role = Role.REQUESTS;
                if (ctl >= 0) {
                    // A NUL or other control byte: no server takes this line, but it is a request all the same.
                    malformedStart = true;
                    report(HttpProblem.Kind.MALFORMED_START_LINE, frame, String.format(
                            "control byte 0x%02x at offset %d of the request line: %s", b[ctl], ctl - s,
                            abbreviate(new String(b, s, Math.min(n, 80), StandardCharsets.ISO_8859_1))));
                }
                return true;
            }
        }
        String line = new String(b, s, n, StandardCharsets.ISO_8859_1);
        if (role != Role.RESPONSES && lenientRequestLine(line, frame)) {
            role = Role.REQUESTS;
            return true;
        }
        boolean first = requestsSeen + responsesSeen == 0;
        if (first) {
            notHttp(frame);
        } else {
            report(HttpProblem.Kind.MALFORMED_START_LINE, frame, "not a start line: " + abbreviate(line));
            state = State.LOST;
        }
        return false;
    }

    private static boolean digit(byte c) { return c >= '0' && c <= '9'; }

    /**
     * A major version this parser reads: 0 or 1. {@code PRI * HTTP/2.0} opens HTTP/2 (the client
     * connection preface), which is not HTTP/1.x.
     */
    private static boolean http1(byte c) { return c == '0' || c == '1'; }

    private static final String[] COMMON_METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "CONNECT", "PATCH", "TRACE"};

    /** The method as a String, shared for the common ones (millions of requests in a big capture). */
    private static String method(byte[] b, int from, int to) {
        outer:
        for (String m : COMMON_METHODS) {
            if (m.length() != to - from) continue;
            for (int i = 0; i < m.length(); i++) if (b[from + i] != m.charAt(i)) continue outer;
            return m;
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Methods for which a malformed request line is still taken as a request (as Wireshark does). */
    private static final java.util.Set<String> KNOWN_METHODS = java.util.Set.of(
            "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
            "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH", "REPORT",
            "CCM_POST", "SSTP_DUPLEX_POST", "RPC_IN_DATA", "RPC_OUT_DATA", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "M-SEARCH");

    /**
     * A request line of a known method with a missing or malformed version ({@code GET /},
     * {@code OPTIONS}, {@code GET / HTTP/1.}, {@code GET /x HTTP/1.0.8}): taken as a request (the
     * target runs to the next space; a version that does not start {@code HTTP/d.d} counts as 0.9),
     * and reported as malformed.
     */
    private boolean lenientRequestLine(String line, long frame) {
        int sp1 = line.indexOf(' ');
        String m = sp1 < 0 ? line : line.substring(0, sp1);
        if (!KNOWN_METHODS.contains(m)) return false;
        String rest = sp1 < 0 ? "" : line.substring(sp1 + 1);
        int sp2 = rest.indexOf(' ');
        String t = sp2 < 0 ? rest : rest.substring(0, sp2);
        String v = sp2 < 0 ? "" : rest.substring(sp2 + 1);
        request = true;
        method = m;
        target = t;
        malformedStart = true;
        if (v.length() >= 8 && v.startsWith("HTTP/") && Character.isDigit(v.charAt(5)) && v.charAt(6) == '.'
                && Character.isDigit(v.charAt(7))) {
            major = v.charAt(5) - '0';
            minor = v.charAt(7) - '0';
        } else {
            major = 0;
            minor = 9;
        }
        report(HttpProblem.Kind.MALFORMED_START_LINE, frame, "malformed request line: " + abbreviate(line));
        return true;
    }

    private boolean headerLine(byte[] head, int s, int e, List<HttpHeader> into, long frame) {
        byte first = head[s];
        if ((first == ' ' || first == '\t') && headerCount > 0) {  // obsolete line folding
            if (!lastHeaderKept) return true;                      // continues a field not kept
            HttpHeader prev = into.removeLast();
            String more = new String(head, s, e - s, StandardCharsets.ISO_8859_1).trim();
            into.add(new HttpHeader(prev.name(), prev.value() + " " + more));
            return true;
        }
        int colon = indexOf(head, s, e, (byte) ':');
        if (colon <= s || !isToken(head, s, colon)) {
            String line = new String(head, s, e - s, StandardCharsets.ISO_8859_1);
            report(HttpProblem.Kind.MALFORMED_HEADER, frame, "not a header field: " + abbreviate(line));
            return true;
        }
        if (headerCount >= maxHeaders && !tooManyFields) {
            tooManyFields = oversized = true;
            report(HttpProblem.Kind.TOO_MANY_HEADERS, frame, "more than " + maxHeaders
                    + " header fields: the rest are counted, only those that decide framing kept");
        }
        headerCount++;
        if (tooManyFields || lineStart >= maxHeadBytes) {
            // Past the limits only framing fields are kept, and only so many of them (memory stays bounded).
            lastHeaderKept = decidesFraming(head, s, colon) && framingBeyond < maxHeaders;
            if (!lastHeaderKept) return true;
            framingBeyond++;
            into.add(header(head, s, colon, e));
            return true;
        }
        lastHeaderKept = allHeaders || decidesFraming(head, s, colon);
        if (!lastHeaderKept) return true;
        // Name and value straight from the bytes (millions of headers in a big capture); the value is
        // trimmed as String.trim() would: every byte up to and including space.
        into.add(header(head, s, colon, e));
        return true;
    }

    /** A header field from its line {@code b[s, e)} with the colon at {@code colon}; common lines are shared. */
    private static HttpHeader header(byte[] b, int s, int colon, int e) {
        int n = e - s;
        int slot = -1;
        if (n <= CACHED_LINE_MAX) {
            int h = 1;
            for (int i = s; i < e; i++) h = 31 * h + b[i];
            slot = (h ^ (h >>> 16)) & (HEADER_CACHE.length - 1);
            CachedHeader c = HEADER_CACHE[slot];
            if (c != null && java.util.Arrays.equals(c.line, 0, c.line.length, b, s, e)) return c.header;
        }
        int vs = colon + 1, ve = e;
        while (vs < ve && (b[vs] & 0xFF) <= ' ') vs++;
        while (ve > vs && (b[ve - 1] & 0xFF) <= ' ') ve--;
        HttpHeader made = new HttpHeader(new String(b, s, colon - s, StandardCharsets.ISO_8859_1),
                new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1));
        if (slot >= 0) HEADER_CACHE[slot] = new CachedHeader(java.util.Arrays.copyOfRange(b, s, e), made);
        return made;
    }

    /**
     * The same header lines ("Connection: keep-alive", "Accept: *&#47;*") come back in message after
     * message: a small direct-mapped cache of recent lines saves two Strings and a record each time.
     * Entries are immutable, so parsers on several threads may share it (a lost update only costs a miss).
     */
    private record CachedHeader(byte[] line, HttpHeader header) {}
    private static final int CACHED_LINE_MAX = 64;
    private static final CachedHeader[] HEADER_CACHE = new CachedHeader[1024];

    private boolean lastHeaderKept;

    private static final byte[][] FRAMING_FIELDS = {
            bytes("connection"), bytes("keep-alive"), bytes("content-length"), bytes("transfer-encoding"), bytes("upgrade")};

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    /** Whether the field name in {@code b[from, to)} is one that framing or persistence depends on. */
    static boolean decidesFraming(byte[] b, int from, int to) {
        int n = to - from;
        outer:
        for (byte[] f : FRAMING_FIELDS) {
            if (f.length != n) continue;
            for (int i = 0; i < n; i++) {
                int c = b[from + i];
                if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
                if (c != f[i]) continue outer;
            }
            return true;
        }
        return false;
    }

    private void headComplete(long frame) {
        if (request) requestsSeen++;
        else responsesSeen++;
        String te = null;
        long cl = -1;
        boolean badCl = false, upgrade = false;
        for (int k = 0, n = headers.size(); k < n; k++) {
            HttpHeader h = headers.get(k);
            if (h.is("Transfer-Encoding")) {
                te = te == null ? h.value() : te + "," + h.value();
            } else if (h.is("Content-Length")) {
                String v = h.value();
                // as String.split(","): trailing empty parts do not count
                int len = v.length();
                while (len > 0 && v.charAt(len - 1) == ',') len--;
                if (len == 0 && !v.isEmpty()) continue;
                for (int i = 0; i <= len; ) {
                    int j = v.indexOf(',', i);
                    if (j < 0) j = len;
                    long x = decimal(v, i, j);
                    if (x < 0 || (cl >= 0 && x != cl)) badCl = true;
                    else cl = x;
                    i = j + 1;
                }
            } else if (h.is("Upgrade")) {
                upgrade = true;
            }
        }
        boolean chunked = te != null && lastCoding(te).equals("chunked");
        if (request) {
            if (te != null) framing = chunked ? HttpMessage.Framing.CHUNKED : HttpMessage.Framing.NONE;
            else if (badCl) {
                report(HttpProblem.Kind.BAD_CONTENT_LENGTH, frame, "Content-Length: " + valuesOf("Content-Length"));
                framing = HttpMessage.Framing.NONE;
            } else framing = cl > 0 ? HttpMessage.Framing.CONTENT_LENGTH : HttpMessage.Framing.NONE;
            if (method.equalsIgnoreCase("CONNECT") || upgrade) pendingTunnelCheck = true;
        } else {
            String m = listener.requestMethodFor(this, responsesSeen - 1);
            boolean head = m != null && m.equalsIgnoreCase("HEAD");
            boolean connect = m != null && m.equalsIgnoreCase("CONNECT");
            if (status == 101 || (connect && status >= 200 && status < 300)) {
                framing = HttpMessage.Framing.TUNNEL;
            } else if (head || (status >= 100 && status < 200) || status == 204 || status == 304) {
                framing = HttpMessage.Framing.NONE;
            } else if (te != null) {
                framing = chunked ? HttpMessage.Framing.CHUNKED : HttpMessage.Framing.UNTIL_CLOSE;
            } else if (badCl) {
                report(HttpProblem.Kind.BAD_CONTENT_LENGTH, frame, "Content-Length: " + valuesOf("Content-Length"));
                framing = HttpMessage.Framing.UNTIL_CLOSE;
            } else if (cl >= 0) {
                framing = cl > 0 ? HttpMessage.Framing.CONTENT_LENGTH : HttpMessage.Framing.NONE;
            } else {
                framing = HttpMessage.Framing.UNTIL_CLOSE;
            }
        }
        switch (framing) {
            case NONE -> finishMessage(true);
            case TUNNEL -> { finishMessage(true); state = State.TUNNEL; }
            case CONTENT_LENGTH -> { remaining = cl; state = State.LENGTH; }
            case CHUNKED -> { state = State.CHUNK_SIZE; chunkLineLen = 0; }
            case UNTIL_CLOSE -> state = State.UNTIL_CLOSE;
        }
    }

    private List<String> valuesOf(String name) {
        List<String> out = new ArrayList<>();
        for (HttpHeader h : headers) if (h.is(name)) out.add(h.value());
        return out;
    }

    /** The decimal number in {@code v[from, to)} between optional whitespace (at most 18 digits), or -1. */
    private static long decimal(String v, int from, int to) {
        while (from < to && v.charAt(from) <= ' ') from++;
        while (to > from && v.charAt(to - 1) <= ' ') to--;
        if (to == from || to - from >= 19) return -1;
        long x = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') return -1;
            x = x * 10 + (c - '0');
        }
        return x;
    }

    private static String lastCoding(String te) {
        String[] parts = te.split(",");
        return parts[parts.length - 1].trim().toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ chunked bodies

    private int chunkLineBytes(byte[] buf, int p, int end, long frame, long micros) {
        while (p < end) {
            byte b = buf[p++];
            bodyWire++;
            lastFrame = frame;
            lastMicros = micros;
            if (chunkLineLen >= (state == State.TRAILERS ? maxHeadBytes : MAX_CHUNK_LINE)) {
                report(state == State.TRAILERS ? HttpProblem.Kind.HEADER_TOO_LARGE : HttpProblem.Kind.BAD_CHUNK,
                        frame, state == State.TRAILERS ? "trailer line too long" : "chunk line too long");
                finishMessage(false);
                state = State.LOST;
                return end;
            }
            if (chunkLineLen == chunkLine.length) {
                byte[] n = new byte[Math.max(64, chunkLine.length * 2)];
                System.arraycopy(chunkLine, 0, n, 0, chunkLineLen);
                chunkLine = n;
            }
            chunkLine[chunkLineLen++] = b;
            if (b != '\n') continue;
            int le = chunkLineLen - 1;
            if (le > 0 && chunkLine[le - 1] == '\r') le--;
            String line = new String(chunkLine, 0, le, StandardCharsets.ISO_8859_1);
            chunkLineLen = 0;
            switch (state) {
                case CHUNK_END -> {
                    if (!line.isEmpty()) {
                        report(HttpProblem.Kind.BAD_CHUNK, frame, "chunk data not followed by CRLF");
                        finishMessage(false);
                        state = State.LOST;
                        return end;
                    }
                    state = State.CHUNK_SIZE;
                }
                case CHUNK_SIZE -> {
                    String size = line;
                    int semi = size.indexOf(';');
                    if (semi >= 0) size = size.substring(0, semi);
                    size = size.trim();
                    long n = chunkSize(size);
                    if (n < 0) {
                        report(HttpProblem.Kind.BAD_CHUNK, frame, (n == CHUNK_OVERFLOW
                                ? "chunk size overflows (more than 15 significant hex digits): " : "bad chunk size: ")
                                + abbreviate(line));
                        finishMessage(false);
                        state = State.LOST;
                        return end;
                    }
                    if (n == 0) {
                        state = State.TRAILERS;
                    } else {
                        chunks++;
                        remaining = n;
                        state = State.CHUNK_DATA;
                        return p;
                    }
                }
                case TRAILERS -> {
                    if (line.isEmpty()) {
                        finishMessage(true);
                        return p;
                    }
                    int colon = line.indexOf(':');
                    if (colon > 0 && isToken(line, 0, colon)) {
                        if (trailers.size() < maxHeaders) trailers.add(new HttpHeader(line.substring(0, colon), line.substring(colon + 1).trim()));
                    } else {
                        report(HttpProblem.Kind.MALFORMED_HEADER, frame, "not a trailer field: " + abbreviate(line));
                    }
                }
                default -> { }
            }
        }
        return p;
    }

    private static final long CHUNK_OVERFLOW = -2;

    /**
     * A chunk size: hex digits, any number of leading zeros (RFC 9112 sets no bound on the digits),
     * at most 15 significant ones (2^60 bytes, beyond any real body and safe from overflow).
     * -1 when it is not a hex number, {@link #CHUNK_OVERFLOW} when it is too big.
     */
    static long chunkSize(String size) {
        int i = 0, n = size.length();
        if (n == 0) return -1;
        while (i < n - 1 && size.charAt(i) == '0') i++;
        if (n - i > 15) {
            for (int k = i; k < n; k++) if (Character.digit(size.charAt(k), 16) < 0) return -1;
            return CHUNK_OVERFLOW;
        }
        long x = 0;
        for (; i < n; i++) {
            int d = Character.digit(size.charAt(i), 16);
            if (d < 0 || size.charAt(i) > 'f') return -1;    // ASCII hex only
            x = (x << 4) | d;
        }
        return x;
    }

    // ------------------------------------------------------------------ messages

    private void finishMessage(boolean complete) {
        HttpMessage m = new HttpMessage(request, method, target, major, minor, status, reason == null ? "" : reason,
                List.copyOf(headers), List.copyOf(trailers), framing == null ? HttpMessage.Framing.NONE : framing,
                headLen, bodyBytes, bodyWire, missing, chunks, complete,
                firstFrame, firstMicros, headEndFrame, headEndMicros, lastFrame, lastMicros,
                oversized || headLen > HttpMessage.OVERSIZED_HEAD_BYTES, malformedStart,
                messageProblems.isEmpty() ? List.of() : List.copyOf(messageProblems));
        boolean tunnelNow = framing == HttpMessage.Framing.TUNNEL || tunnelAfter;
        state = tunnelNow ? State.TUNNEL : State.START;
        headLen = 0;
        lineLen = 0;
        lineTotal = 0;
        messageProblems = List.of();
        if (startLineDone || method != null || status != 0) listener.message(this, m);
        startLineDone = false;
    }

    // ------------------------------------------------------------------ detection

    /** RFC 9110 tchar, by byte value (looked up for every byte of every field name). */
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = 33; c < 127; c++) TCHAR[c] = "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private static boolean isTokenChar(int c) {
        return c >= 0 && c < 256 && TCHAR[c];
    }

    private static boolean isToken(byte[] b, int from, int to) {
        if (to <= from) return false;
        for (int i = from; i < to; i++) if (!isTokenChar(b[i] & 0xFF)) return false;
        return true;
    }

    private static boolean isToken(String s, int from, int to) {
        if (to <= from) return false;
        for (int i = from; i < to; i++) if (!isTokenChar(s.charAt(i))) return false;
        return true;
    }

    /** Whether the bytes so far can still be the beginning of a start line this parser accepts. */
    private boolean plausibleStart(byte[] b, int from, int to) {
        int n = to - from;
        // A response?
        if (role != Role.REQUESTS) {
            byte[] h = {'H', 'T', 'T', 'P', '/'};
            boolean ok = true;
            for (int i = 0; i < Math.min(n, 5); i++) if (b[from + i] != h[i]) { ok = false; break; }
            if (ok) return true;
        }
        if (role == Role.RESPONSES) return false;
        // A request: token (≤ 32 chars) then SP, then no control bytes until the line end.
        int i = from;
        while (i < to && isTokenChar(b[i] & 0xFF)) i++;
        int tok = i - from;
        if (i == to) return tok <= 32;
        if ((b[i] == '\r' || b[i] == '\n') && tok > 0) {
            return KNOWN_METHODS.contains(new String(b, from, tok, StandardCharsets.ISO_8859_1));
        }
        if (tok == 0 || tok > 32 || b[i] != ' ') return false;
        for (int j = i; j < to; j++) {
            int c = b[j] & 0xFF;
            if (c == '\n' || c == '\r') return true;
            // A control byte (a NUL in the target) makes the line malformed, but after a known method
            // it is still a request to report, not a sign of another protocol.
            if (c < 0x20 && c != '\t') return KNOWN_METHODS.contains(new String(b, from, tok, StandardCharsets.ISO_8859_1));
        }
        return true;
    }

    /**
     * The first offset in {@code buf[p, end)} that starts a line looking like a start line of this
     * direction's role ({@code HTTP/d.} for responses, a known method and a space for requests),
     * or -1. The piece's first byte counts as a line start (the cut is where the gap ended).
     */
    private int resync(byte[] buf, int p, int end) {
        for (int i = p; i < end; i++) {
            if (i > p && buf[i - 1] != '\n') continue;
            if (i == p ? looksLikeStart(buf, i, end) : startsMessage(buf, i, end)) return i;
        }
        return -1;
    }

    private boolean startsMessage(byte[] buf, int i, int end) {
        if (role != Role.REQUESTS && end - i >= 7 && buf[i] == 'H' && buf[i + 1] == 'T' && buf[i + 2] == 'T'
                && buf[i + 3] == 'P' && buf[i + 4] == '/' && digit(buf[i + 5]) && buf[i + 6] == '.') {
            return true;
        }
        if (role == Role.RESPONSES) return false;
        int j = i;
        while (j < end && j - i <= 16 && buf[j] >= 'A' && buf[j] <= 'Z') j++;
        return j > i && j < end && buf[j] == ' ' && KNOWN_METHODS.contains(new String(buf, i, j - i, StandardCharsets.ISO_8859_1));
    }

    /** At a resynchronisation point: does the data begin a start line? */
    private boolean looksLikeStart(byte[] buf, int p, int end) {
        int e = Math.min(end, p + 64);
        if (e - p >= 5 && buf[p] == 'H' && buf[p + 1] == 'T' && buf[p + 2] == 'T' && buf[p + 3] == 'P' && buf[p + 4] == '/') {
            return role != Role.REQUESTS;
        }
        if (role == Role.RESPONSES) return false;
        int i = p;
        while (i < e && buf[i] >= 'A' && buf[i] <= 'Z') i++;
        return i > p && i < e && buf[i] == ' ' && i - p <= 16;
    }

    private static String abbreviate(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 60; i++) {
            char c = s.charAt(i);
            sb.append(c >= 32 && c < 127 ? c : '.');
        }
        if (s.length() > 60) sb.append("...");
        return sb.toString();
    }
}
