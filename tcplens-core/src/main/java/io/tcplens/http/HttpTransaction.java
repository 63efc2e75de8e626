package io.tcplens.http;

import java.util.List;

/**
 * One request and the response that answered it (pipelined responses are paired in order).
 * Either side may be missing: a request never answered within the capture, or a response whose
 * request the capture did not hold. Times are microseconds since the epoch; durations are
 * microseconds, -1 when not computable.
 *
 * @param index   0-based position on the connection
 * @param interim 1xx responses (other than 101) that preceded the final response
 * @param requestNotKept the response answers a request that was seen but not kept: it came when more
 *                       than {@code HttpConnectionAnalyzer.MAX_PENDING} requests were already waiting
 *                       for their responses (pairing stays by order; {@code request} is null)
 */
public record HttpTransaction(int index, HttpMessage request, HttpMessage response, List<HttpMessage> interim,
                              boolean requestNotKept) {

    public HttpTransaction(int index, HttpMessage request, HttpMessage response, List<HttpMessage> interim) {
        this(index, request, response, interim, false);
    }

    /** The head of either message was oversized (see {@link HttpMessage#oversizedHead()}). */
    public boolean oversizedHead() {
        return request != null && request.oversizedHead() || response != null && response.oversizedHead();
    }

    /** The problems of the request, then of the response. */
    public List<String> problems() {
        List<String> a = request == null ? List.of() : request.problems(), b = response == null ? List.of() : response.problems();
        if (b.isEmpty()) return a;
        if (a.isEmpty()) return b;
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    public String method() { return request == null ? null : request.method(); }

    public String uri() { return request == null ? null : request.target(); }

    public String host() { return request == null ? null : request.host(); }

    /** Status code of the final response, or -1. */
    public int statusCode() { return response == null ? -1 : response.status(); }

    public String reason() { return response == null ? null : response.reason(); }

    public long requestBodyBytes() { return request == null ? -1 : request.bodyBytes(); }

    public long responseBodyBytes() { return response == null ? -1 : response.bodyBytes(); }

    /** Last request byte − first request byte. */
    public long requestTimeMicros() {
        return request == null ? -1 : request.lastMicros() - request.firstMicros();
    }

    /**
     * First response byte − last request byte. An interim response counts when it came after the
     * request ended (a 100 Continue sent before the request body does not).
     */
    public long timeToFirstByteMicros() {
        if (request == null) return -1;
        HttpMessage first = null;
        for (HttpMessage i : interim) {
            if (i.firstMicros() >= request.lastMicros()) { first = i; break; }
        }
        if (first == null) first = response;
        if (first == null) return -1;
        return first.firstMicros() - request.lastMicros();
    }

    /** Last response byte − first request byte. */
    public long totalMicros() {
        if (request == null || response == null) return -1;
        return response.lastMicros() - request.firstMicros();
    }

    public long requestFirstFrame() { return request == null ? -1 : request.firstFrame(); }
    public long requestLastFrame() { return request == null ? -1 : request.lastFrame(); }
    public long responseFirstFrame() { return response == null ? -1 : response.firstFrame(); }
    public long responseLastFrame() { return response == null ? -1 : response.lastFrame(); }

    /** Both messages present and complete. */
    public boolean complete() {
        return request != null && response != null && request.complete() && response.complete();
    }
}
