package io.tcplens.http;

import io.tcplens.reassembly.StreamReassembler;

import java.util.ArrayList;
import java.util.List;

/**
 * HTTP/1.x over one TCP connection: fed that connection's segments in capture order (both
 * directions), it reassembles each direction, parses HTTP on any port (detected by content),
 * pairs requests with responses, and judges persistence.
 *
 * <pre>{@code
 * var http = new HttpConnectionAnalyzer();
 * for each TCP segment of the connection:
 *     http.segment(fromClient, micros, frame, flags, rawSeq, rawAck, buf, payloadOffset, captured, declared);
 * http.end();
 * http.transactions(); http.persistence(); http.problems();
 * }</pre>
 *
 * "Client" and "server" in the results are HTTP roles (the side that sent requests), which normally
 * agree with {@code fromClient}; if the data shows the roles the other way round they are swapped.
 */
public final class HttpConnectionAnalyzer {
    /**
     * Limits, and how much to keep.
     *
     * @param keptExchanges exchanges kept in full per connection (later ones are only counted)
     * @param allHeaders    false: messages keep only the header fields that decide framing and
     *                      persistence; the counts, persistence facts and problems are the same
     */
    public record Settings(int maxBufferedPerDirection, int maxHeadBytes, int maxHeaders, int keptExchanges,
                           boolean allHeaders) {
        public static final Settings DEFAULTS = new Settings(StreamReassembler.DEFAULT_MAX_BUFFERED,
                HttpParser.DEFAULT_MAX_HEAD_BYTES, HttpParser.DEFAULT_MAX_HEADERS);
        /** For connection summaries: counts and persistence facts, no transactions kept. */
        public static final Settings FACTS_ONLY = new Settings(StreamReassembler.DEFAULT_MAX_BUFFERED,
                HttpParser.DEFAULT_MAX_HEAD_BYTES, HttpParser.DEFAULT_MAX_HEADERS, 0, false);

        public Settings(int maxBufferedPerDirection, int maxHeadBytes, int maxHeaders) {
            this(maxBufferedPerDirection, maxHeadBytes, maxHeaders, MAX_KEPT, true);
        }
    }

    private final StreamReassembler[] reassembler = new StreamReassembler[2];
    private final HttpParser[] parser = new HttpParser[2];
    /** [0] the TCP client's side, [1] the server's: a SOCKS handshake before the HTTP, if any. */
    private final SocksPrelude[] socks;
    /**
     * Exchanges kept in full (messages with their headers) per connection; later ones are counted
     * and folded into the persistence facts below, so a keep-alive connection carrying millions of
     * requests holds constant memory.
     */
    public static final int MAX_KEPT = 100;
    /**
     * Requests kept whole while waiting for their response (pipelining depth). Past it they are
     * kept in summary (start line, times and sizes, Host and the fields framing and persistence
     * depend on: some 200 bytes each), up to {@link #MAX_SUMMARISED} waiting; past that they are
     * only counted, in their place, and the responses that answer them are still paired by order,
     * marked {@link HttpTransaction#requestNotKept()}. Bounded for one-sided captures and floods.
     */
    public static final int MAX_PENDING = 1000;
    /** Requests waiting for responses, whole or in summary, before the later ones are only counted. */
    public static final int MAX_SUMMARISED = 100_000;
    private int maxWhole = MAX_PENDING, maxWaiting = MAX_SUMMARISED;
    /** Problems listed per connection; more are counted ({@link #problemsNotListed()}). */
    public static final int MAX_PROBLEMS = 100;

    private final int kept;
    private final List<HttpMessage> requests = new ArrayList<>();         // the first MAX_KEPT
    private final List<HttpMessage> responses = new ArrayList<>();       // final responses, the first MAX_KEPT
    /**
     * Requests waiting for their response, in order: a request kept, or a run of requests counted
     * but not kept ({@link Skipped}); a response answers the head of the queue.
     */
    private final java.util.ArrayDeque<Object> unanswered = new java.util.ArrayDeque<>();
    private int pendingKept, pendingRuns;
    private long requestsNotKept, problemsNotListed;

    /**
     * Consecutive requests not kept, alike in what their responses depend on: the method (a HEAD's
     * response has no body) and whether they let the connection persist. Past {@link #MAX_PENDING}
     * runs they merge into the last (methods then unknown, null: framed as for a GET).
     */
    private static final class Skipped {
        String method;
        final boolean persist;
        long count = 1;
        Skipped(String method, boolean persist) { this.method = method; this.persist = persist; }
    }
    private int requestCount, responseCount;
    private HttpMessage lastRequest, lastResponse;
    private boolean anyTunnel, anyClientClose, anyServerClose;
    private int closeAt = -1;                 // index of the first exchange after which the connection was to close
    private HttpMessage closeAtResponse;
    private int responsesAfterCloseAt;
    private long advertisedTimeout = -1, advertisedMax = -1;
    private final List<List<HttpMessage>> interims = new ArrayList<>();  // per final response
    private List<HttpMessage> pendingInterim = new ArrayList<>();
    private final List<HttpProblem> problems = new ArrayList<>();
    private final long[] finFrame = {-1, -1}, finMicros = {-1, -1}, rstFrame = {-1, -1}, rstMicros = {-1, -1};
    private final boolean[] streamEnded = new boolean[2];
    private long firstMicros = -1, lastMicros = -1, lastFrame = -1;
    private boolean ended;
    private int requestDir = -1; // 0 = the fromClient side, 1 = the other; -1 unknown

    public HttpConnectionAnalyzer() { this(Settings.DEFAULTS); }

    public HttpConnectionAnalyzer(Settings s) {
        this.kept = s.keptExchanges();
        SocksPrelude client = SocksPrelude.client();
        this.socks = new SocksPrelude[] {client, SocksPrelude.server(client)};
        for (int d = 0; d < 2; d++) {
            final int dir = d;
            HttpParser.Listener l = new HttpParser.Listener() {
                @Override public void message(HttpParser p, HttpMessage m) { onMessage(dir, m); }
                @Override public void problem(HttpParser p, HttpProblem.Kind kind, long frame, String detail) {
                    addProblem(new HttpProblem(kind, isClientDir(dir), frame, detail));
                }
                @Override public String requestMethodFor(HttpParser p, int responseIndex) {
                    Object next = unanswered.peekFirst();
                    if (next instanceof HttpMessage m) return m.method();
                    if (next instanceof Skipped k) return k.method;
                    return parser[1 - dir].currentRequestMethod();
                }
            };
            parser[d] = new HttpParser(HttpParser.Role.AUTO, l, s.maxHeadBytes(), s.maxHeaders(), s.allHeaders());
            reassembler[d] = new StreamReassembler(new StreamReassembler.Sink() {
                @Override public void data(byte[] buf, int off, int len, long frame, long micros) {
                    // A SOCKS handshake first (HTTP through a proxy): its bytes are not HTTP's.
                    int k = socks[dir].done() ? 0 : socks[dir].consume(buf, off, len);
                    if (k < len) parser[dir].data(buf, off + k, len - k, frame, micros);
                }
                @Override public void gap(long bytes, long frame, long micros) {
                    socks[dir].stop();
                    parser[dir].gap(bytes, frame, micros);
                }
            }, s.maxBufferedPerDirection());
        }
    }

    private boolean isClientDir(int dir) {
        return requestDir < 0 ? dir == 0 : dir == requestDir;
    }

    /**
     * One TCP segment of the connection.
     *
     * @param fromClient            sent by the connection's client (the SYN sender)
     * @param flags                 TCP flags (FIN=1, SYN=2, RST=4, PSH=8, ACK=16)
     * @param rawSeq                sequence number as in the header
     * @param rawAck                acknowledgement number as in the header (used only with ACK)
     * @param payloadCapturedLength payload bytes present in {@code buf} at {@code payloadOffset}
     * @param payloadDeclaredLength payload length per the IP header (bytes beyond the captured ones are a gap)
     */
    public void segment(boolean fromClient, long micros, long frameNumber, int flags, int rawSeq, int rawAck,
                        byte[] buf, int payloadOffset, int payloadCapturedLength, int payloadDeclaredLength) {
        if (ended) return;
        int d = fromClient ? 0 : 1;
        if (firstMicros < 0) firstMicros = micros;
        lastMicros = micros;
        lastFrame = frameNumber;
        if ((flags & 0x10) != 0) reassembler[1 - d].peerAck(rawAck, frameNumber, micros);
        reassembler[d].segment(flags, rawSeq, buf, payloadOffset, payloadCapturedLength, payloadDeclaredLength,
                frameNumber, micros);
        if ((flags & 0x01) != 0 && finFrame[d] < 0) { finFrame[d] = frameNumber; finMicros[d] = micros; }
        if ((flags & 0x04) != 0 && rstFrame[d] < 0) { rstFrame[d] = frameNumber; rstMicros[d] = micros; }
        for (int x = 0; x < 2; x++) {
            if (!streamEnded[x] && reassembler[x].finished()) {
                streamEnded[x] = true;
                parser[x].end(frameNumber, micros);
            }
        }
    }

    /** The end of the capture (or of the connection): flushes held data and ends open messages. Idempotent. */
    public void end() {
        if (ended) return;
        ended = true;
        for (int d = 0; d < 2; d++) {
            reassembler[d].end(lastFrame, lastMicros);
            if (!streamEnded[d]) {
                streamEnded[d] = true;
                parser[d].end(lastFrame, lastMicros, reassembler[d].finished());
            }
        }
        if (!pendingInterim.isEmpty()) {
            // interim responses with no final one: keep them with an unanswered transaction
            responsesPendingInterim = pendingInterim;
        }
        List<HttpMessage> interim = responsesPendingInterim;
        for (Object o : unanswered) {
            if (!(o instanceof HttpMessage rq)) continue;    // counted in requestsNotKept, reported when they came
            emit(rq, null, interim);
            interim = List.of();
        }
    }

    private void addProblem(HttpProblem p) {
        if (problems.size() < MAX_PROBLEMS) problems.add(p);
        else problemsNotListed++;
    }

    /** Problems met beyond the {@link #MAX_PROBLEMS} listed. */
    public long problemsNotListed() { return problemsNotListed; }

    /** Smaller bounds on the requests waiting for responses (tests). */
    void pendingBounds(int whole, int waiting) { maxWhole = whole; maxWaiting = waiting; }

    private long requestsSummarised;

    /** A request without the header fields its response and the rows do not need, and a target of at most 1 KB. */
    private static HttpMessage summary(HttpMessage m) {
        List<HttpHeader> keep = new ArrayList<>(2);
        for (HttpHeader h : m.headers()) {
            if (h.is("Host") || h.is("Connection") || h.is("Content-Length") || h.is("Transfer-Encoding") || h.is("Upgrade")) keep.add(h);
        }
        String t = m.target();
        if (t != null && t.length() > 1024) t = t.substring(0, 1024);
        return new HttpMessage(true, m.method(), t, m.versionMajor(), m.versionMinor(), 0, "", List.copyOf(keep), List.of(),
                m.framing(), m.headBytes(), m.bodyBytes(), m.bodyWireBytes(), m.missingBytes(), m.chunks(), m.complete(),
                m.firstFrame(), m.firstMicros(), m.headEndFrame(), m.headEndMicros(), m.lastFrame(), m.lastMicros(),
                m.oversizedHead(), m.malformedStartLine(), m.problems());
    }

    /** Requests seen in summary only, because {@link #MAX_PENDING} requests were already waiting whole. */
    public long requestsSummarised() { return requestsSummarised; }

    /** Requests seen but not kept because {@link #MAX_SUMMARISED} requests were already waiting for responses. */
    public long requestsNotKept() { return requestsNotKept; }

    private List<HttpMessage> responsesPendingInterim = List.of();

    private java.util.function.Consumer<HttpTransaction> transactionSink;
    private int transactionsEmitted;

    /**
     * Hands each exchange to {@code sink} as soon as it is complete (its final response seen), and
     * the requests still unanswered at {@link #end()}: every exchange, in order, with no limit and
     * without keeping any (the kept list follows {@link Settings#keptExchanges()} as before).
     */
    public void onTransaction(java.util.function.Consumer<HttpTransaction> sink) { this.transactionSink = sink; }

    /** An exchange to the transaction sink, if there is one, numbered in the order handed out. */
    private void emit(HttpMessage request, HttpMessage response, List<HttpMessage> interim) {
        emit(request, response, interim, false);
    }

    private void emit(HttpMessage request, HttpMessage response, List<HttpMessage> interim, boolean requestNotKept) {
        if (transactionSink != null) {
            transactionSink.accept(new HttpTransaction(transactionsEmitted++, request, response, List.copyOf(interim),
                    requestNotKept));
        }
    }

    private void onMessage(int dir, HttpMessage m) {
        if (m.request()) {
            if (requestDir < 0) requestDir = dir;
            requestCount++;
            lastRequest = m;
            anyClientClose |= m.connectionClose();
            if (pendingKept < maxWhole) {
                unanswered.addLast(m);
                pendingKept++;
            } else if (pendingKept < maxWaiting) {
                if (requestsSummarised++ == 0) {
                    addProblem(new HttpProblem(HttpProblem.Kind.PIPELINE_TOO_DEEP, isClientDir(dir), m.firstFrame(),
                            "more than " + maxWhole + " requests waiting for responses: later ones are kept in summary"
                                    + " (no header fields but Host and those framing depends on)"));
                }
                unanswered.addLast(summary(m));
                pendingKept++;
            } else {
                // Too many requests waiting (deep pipelining, a one-sided capture): this one is only
                // counted, in its place, so the responses still pair by order.
                if (requestsNotKept++ == 0) {
                    addProblem(new HttpProblem(HttpProblem.Kind.PIPELINE_TOO_DEEP, isClientDir(dir), m.firstFrame(),
                            "more than " + maxWaiting + " requests waiting for responses: later ones are counted, not kept;"
                                    + " responses are still paired by order"));
                }
                String method = m.method();
                boolean persist = m.wantsPersistence();
                if (unanswered.peekLast() instanceof Skipped k
                        && (java.util.Objects.equals(k.method, method) && k.persist == persist || pendingRuns >= maxWhole)) {
                    // past the bound of runs, methods are no longer told apart (framed as for a GET)
                    if (!java.util.Objects.equals(k.method, method)) k.method = null;
                    k.count++;
                } else {
                    unanswered.addLast(new Skipped(method, persist));
                    pendingRuns++;
                }
            }
            if (requests.size() < kept) requests.add(m);
        } else {
            if (requestDir < 0) requestDir = 1 - dir;
            if (m.interim()) {
                pendingInterim.add(m);
                return;
            }
            if (responseCount >= requestCount && parser[1 - dir].currentRequestMethod() == null) {
                problems.add(new HttpProblem(HttpProblem.Kind.UNMATCHED_RESPONSE, false, m.firstFrame(),
                        "response " + m.status() + " without a request in the capture"));
            }
            HttpMessage rq = null;
            boolean notKept = false, notKeptPersist = true;
            Object head = unanswered.peekFirst();
            if (head instanceof Skipped k) {
                notKept = true;
                notKeptPersist = k.persist;
                if (--k.count == 0) { unanswered.pollFirst(); pendingRuns--; }
            } else if (head != null) {
                rq = (HttpMessage) unanswered.pollFirst();
                pendingKept--;
            }
            int index = responseCount++;
            emit(rq, m, pendingInterim, notKept);
            lastResponse = m;
            anyServerClose |= m.connectionClose();
            anyTunnel |= m.framing() == HttpMessage.Framing.TUNNEL;
            long timeout = m.keepAliveTimeout(), max = m.keepAliveMax();   // each a scan of the headers
            if (timeout >= 0) advertisedTimeout = timeout;
            if (max >= 0) advertisedMax = max;
            if (closeAt >= 0) {
                responsesAfterCloseAt++;
            } else if (!m.wantsPersistence() || (rq != null && !rq.wantsPersistence()) || !notKeptPersist) {
                closeAt = index;
                closeAtResponse = m;
            }
            if (responses.size() < kept) {
                responses.add(m);
                interims.add(pendingInterim);
                pendingInterim = new ArrayList<>();
            } else {
                pendingInterim.clear();
            }
            if (m.framing() == HttpMessage.Framing.TUNNEL) parser[1 - dir].switchToTunnel();
        }
    }

    /** Exchanges counted but not kept in full (beyond {@link #MAX_KEPT}). */
    public int transactionsNotKept() { return Math.max(requestCount, responseCount) - Math.max(requests.size(), responses.size()); }

    /**
     * True when either direction carried an HTTP/1.x start line, or a head that began like one is
     * still arriving (a request line or head longer than the bytes looked at before giving up).
     */
    public boolean isHttp() {
        return requestCount > 0 || responseCount > 0 || parser[0].requests() + parser[0].responses() + parser[1].requests()
                + parser[1].responses() > 0 || parser[0].headInProgress() || parser[1].headInProgress();
    }

    public List<HttpMessage> requests() { return List.copyOf(requests); }

    public List<HttpMessage> responses() { return List.copyOf(responses); }

    public List<HttpProblem> problems() { return List.copyOf(problems); }

    /** Out-of-order data exceeded the buffering cap in some direction (gaps were declared to stay under it). */
    public boolean overCap() { return reassembler[0].overCap() || reassembler[1].overCap(); }

    /** The reassembler of one direction (for counters: retransmitted, gap bytes, ...). */
    public StreamReassembler reassembler(boolean clientSide) { return reassembler[clientSide ? 0 : 1]; }

    /** Requests paired with responses, in order. */
    public List<HttpTransaction> transactions() {
        List<HttpTransaction> out = new ArrayList<>();
        int n = Math.max(requests.size(), responses.size());
        for (int i = 0; i < n; i++) {
            HttpMessage rq = i < requests.size() ? requests.get(i) : null;
            HttpMessage rs = i < responses.size() ? responses.get(i) : null;
            List<HttpMessage> in = i < interims.size() ? interims.get(i) : (i == responses.size() ? responsesPendingInterim : List.of());
            out.add(new HttpTransaction(i, rq, rs, List.copyOf(in)));
        }
        return out;
    }

    /** Persistence facts; call after {@link #end()}. */
    public HttpPersistence persistence() {
        int cd = requestDir < 0 ? 0 : requestDir;    // HTTP client's direction
        int sd = 1 - cd;
        HttpMessage lastReq = lastRequest;
        HttpMessage lastResp = lastResponse;
        boolean upgraded = anyTunnel;
        boolean persistent;
        if (lastResp != null) {
            persistent = lastResp.wantsPersistence() && (lastReq == null || lastReq.wantsPersistence())
                    && lastResp.framing() != HttpMessage.Framing.UNTIL_CLOSE && !upgraded;
        } else {
            persistent = lastReq != null && lastReq.wantsPersistence();
        }
        boolean clientClose = anyClientClose, serverClose = anyServerClose;
        long adv = advertisedTimeout, max = advertisedMax;
        // Who closed first.
        long[] closeMicros = new long[2];
        long[] closeFrames = new long[2];
        HttpPersistence.CloseKind[] kinds = new HttpPersistence.CloseKind[2];
        for (int d = 0; d < 2; d++) {
            closeMicros[d] = Long.MAX_VALUE;
            closeFrames[d] = -1;
            kinds[d] = HttpPersistence.CloseKind.NONE;
            if (finFrame[d] >= 0) { closeMicros[d] = finMicros[d]; closeFrames[d] = finFrame[d]; kinds[d] = HttpPersistence.CloseKind.FIN; }
            if (rstFrame[d] >= 0 && (finFrame[d] < 0 || rstFrame[d] < finFrame[d])) {
                closeMicros[d] = rstMicros[d]; closeFrames[d] = rstFrame[d]; kinds[d] = HttpPersistence.CloseKind.RST;
            }
        }
        int first = -1;
        if (closeFrames[0] >= 0 || closeFrames[1] >= 0) {
            if (closeFrames[0] < 0) first = 1;
            else if (closeFrames[1] < 0) first = 0;
            else first = closeFrames[0] <= closeFrames[1] ? 0 : 1;
        }
        HttpPersistence.Side closer = first < 0 ? HttpPersistence.Side.NONE
                : first == cd ? HttpPersistence.Side.CLIENT : HttpPersistence.Side.SERVER;
        long lastHttpEnd = -1;
        if (lastResp != null) lastHttpEnd = lastResp.lastMicros();
        if (lastReq != null && lastReq.lastMicros() > lastHttpEnd) lastHttpEnd = lastReq.lastMicros();
        long idle = -1, idleAtEnd = -1;
        if (first >= 0 && lastHttpEnd >= 0 && closeMicros[first] >= lastHttpEnd) idle = closeMicros[first] - lastHttpEnd;
        if (first < 0 && lastHttpEnd >= 0 && ended) idleAtEnd = lastMicros - lastHttpEnd;

        Boolean serverHonoured = null, clientHonoured = null;
        if (closeAt >= 0) {
            HttpMessage rs = closeAtResponse;
            boolean moreResponses = responsesAfterCloseAt > 0;
            // Honoured: no further response, and the server closed promptly (not only when an idle timeout expired).
            long prompt = adv > 0 ? Math.min(1_000_000L, adv * 500_000L) : 1_000_000L;
            boolean serverClosed = closeFrames[sd] >= 0 && closeMicros[sd] >= rs.firstMicros()
                    && closeMicros[sd] - rs.lastMicros() < prompt;
            serverHonoured = !moreResponses && serverClosed;
            if (rs.connectionClose() || !rs.wantsPersistence()) {
                // requests come in time order, so the last one tells whether any came after
                clientHonoured = !(lastRequest != null && lastRequest.firstMicros() > rs.lastMicros());
            }
        }
        return new HttpPersistence(persistent, requestCount, responseCount, clientClose, serverClose, closeAt >= 0,
                serverHonoured, clientHonoured, adv, max, closer, first < 0 ? HttpPersistence.CloseKind.NONE : kinds[first],
                first < 0 ? -1 : closeFrames[first], idle, idleAtEnd, upgraded);
    }
}
