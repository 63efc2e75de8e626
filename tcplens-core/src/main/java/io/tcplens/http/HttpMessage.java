package io.tcplens.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.x request or response: its head, how its body was delimited, the body's size (counted,
 * not stored), and where in the capture it started and ended.
 *
 * @param bodyBytes     payload bytes (for chunked bodies the chunk data only, without framing)
 * @param bodyWireBytes bytes on the wire after the head (chunk framing and trailers included)
 * @param missingBytes  bytes of the message the capture did not have (gaps), counted in the above
 * @param complete      false when the capture ended (or a gap broke the framing) inside the message
 * @param oversizedHead the head was larger than {@link #OVERSIZED_HEAD_BYTES}, or more than was kept of it
 *                      (a line cut to its first bytes, fields beyond the limits counted, not kept)
 * @param malformedStartLine the start line is not well-formed (a control byte in it, no version...) but
 *                      was still read as one
 * @param problems      what was wrong with this message, in words (the first few)
 */
public record HttpMessage(
        boolean request,
        String method, String target,
        int versionMajor, int versionMinor,
        int status, String reason,
        List<HttpHeader> headers, List<HttpHeader> trailers,
        Framing framing,
        long headBytes, long bodyBytes, long bodyWireBytes, long missingBytes, int chunks,
        boolean complete,
        long firstFrame, long firstMicros,
        long headEndFrame, long headEndMicros,
        long lastFrame, long lastMicros,
        boolean oversizedHead, boolean malformedStartLine, List<String> problems) {

    /**
     * 8 KB: what common servers accept by default for a request line or a header line (Apache's
     * LimitRequestLine and LimitRequestFieldSize, nginx's large_client_header_buffers); a bigger
     * head is worth a mark even when it was read whole.
     */
    public static final long OVERSIZED_HEAD_BYTES = 8192;

    /** A message without marks (as before heads of any size were followed). */
    public HttpMessage(boolean request, String method, String target, int versionMajor, int versionMinor,
                       int status, String reason, List<HttpHeader> headers, List<HttpHeader> trailers, Framing framing,
                       long headBytes, long bodyBytes, long bodyWireBytes, long missingBytes, int chunks, boolean complete,
                       long firstFrame, long firstMicros, long headEndFrame, long headEndMicros, long lastFrame, long lastMicros) {
        this(request, method, target, versionMajor, versionMinor, status, reason, headers, trailers, framing, headBytes,
                bodyBytes, bodyWireBytes, missingBytes, chunks, complete, firstFrame, firstMicros, headEndFrame, headEndMicros,
                lastFrame, lastMicros, headBytes > OVERSIZED_HEAD_BYTES, false, List.of());
    }

    /** How the message body was delimited. */
    public enum Framing {
        /** No body by definition (HEAD response, 1xx, 204, 304, or a request without length). */
        NONE,
        CONTENT_LENGTH,
        CHUNKED,
        /** A response body that runs until the server closes the connection. */
        UNTIL_CLOSE,
        /** The connection stopped carrying HTTP after this message (101 Switching Protocols, CONNECT 2xx). */
        TUNNEL
    }

    /** {@code HTTP/1.1} etc. */
    public String version() { return "HTTP/" + versionMajor + "." + versionMinor; }

    public boolean isHttp11OrLater() { return versionMajor > 1 || (versionMajor == 1 && versionMinor >= 1); }

    /** The first value of a header, or null. */
    public String header(String name) {
        for (HttpHeader h : headers) if (h.is(name)) return h.value();
        return null;
    }

    /** All values of a header, in order. */
    public List<String> headers(String name) {
        List<String> out = new ArrayList<>();
        for (HttpHeader h : headers) if (h.is(name)) out.add(h.value());
        return out;
    }

    public String host() { return header("Host"); }

    /** The comma-separated tokens of every Connection header, lower-cased. */
    public List<String> connectionTokens() {
        List<String> out = new ArrayList<>();
        for (String v : headers("Connection")) {
            for (String t : v.split(",")) {
                String s = t.trim().toLowerCase(Locale.ROOT);
                if (!s.isEmpty()) out.add(s);
            }
        }
        return out;
    }

    public boolean connectionClose() { return hasConnectionToken("close"); }

    public boolean connectionKeepAlive() { return hasConnectionToken("keep-alive"); }

    /** Whether any Connection header lists {@code token}; scans in place (this runs several times per message). */
    private boolean hasConnectionToken(String token) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            HttpHeader h = headers.get(i);
            if (h.is("Connection") && containsToken(h.value(), token)) return true;
        }
        return false;
    }

    /** A comma-separated list contains {@code token}, ignoring case and optional whitespace. */
    static boolean containsToken(String v, String token) {
        int n = v.length();
        for (int i = 0; i <= n; ) {
            int j = v.indexOf(',', i);
            if (j < 0) j = n;
            int a = i, b = j;
            while (a < b && isOws(v.charAt(a))) a++;
            while (b > a && isOws(v.charAt(b - 1))) b--;
            if (b - a == token.length() && v.regionMatches(true, a, token, 0, token.length())) return true;
            i = j + 1;
        }
        return false;
    }

    private static boolean isOws(char c) { return c == ' ' || c == '\t'; }

    /**
     * Whether this message, by its version and Connection header, asks to keep the connection open
     * (HTTP/1.1: unless "close"; HTTP/1.0: only with "keep-alive").
     */
    public boolean wantsPersistence() {
        if (connectionClose()) return false;
        return isHttp11OrLater() || connectionKeepAlive();
    }

    /** A parameter of the Keep-Alive header ({@code timeout}, {@code max}), or -1. */
    public long keepAliveParameter(String parameter) {
        for (HttpHeader h : headers) {
            if (!h.is("Keep-Alive")) continue;
            String v = h.value();
            int n = v.length();
            for (int i = 0; i <= n; ) {
                int j = v.indexOf(',', i);
                if (j < 0) j = n;
                int eq = v.indexOf('=', i);
                if (eq >= 0 && eq < j) {
                    int a = i, b = eq;
                    while (a < b && isOws(v.charAt(a))) a++;
                    while (b > a && isOws(v.charAt(b - 1))) b--;
                    if (b - a == parameter.length() && v.regionMatches(true, a, parameter, 0, parameter.length())) {
                        return parseCount(v, eq + 1, j);
                    }
                }
                i = j + 1;
            }
        }
        return -1;
    }

    /** A non-negative decimal between whitespace and optional quotes, or -1 (also on overflow). */
    private static long parseCount(String v, int from, int to) {
        long x = 0;
        int digits = 0;
        for (int k = from; k < to; k++) {
            char c = v.charAt(k);
            if (c == '"' || isOws(c)) continue;
            if (c < '0' || c > '9' || digits == 18) return -1;
            x = x * 10 + (c - '0');
            digits++;
        }
        return digits == 0 ? -1 : x;
    }

    public long keepAliveTimeout() { return keepAliveParameter("timeout"); }

    public long keepAliveMax() { return keepAliveParameter("max"); }

    /** Content-Length as declared, or -1. */
    public long contentLength() {
        String v = header("Content-Length");
        if (v == null) return -1;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public String upgrade() { return header("Upgrade"); }

    /** 1xx other than 101: an interim response that precedes the final one. */
    public boolean interim() { return !request && status >= 100 && status < 200 && status != 101; }

    /** {@code GET /x HTTP/1.1} or {@code HTTP/1.1 200 OK}. */
    public String startLine() {
        return request ? method + " " + target + " " + version()
                : version() + " " + status + (reason.isEmpty() ? "" : " " + reason);
    }
}
