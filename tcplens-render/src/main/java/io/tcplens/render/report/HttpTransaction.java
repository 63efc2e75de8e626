package io.tcplens.render.report;

import java.util.List;

/**
 * One HTTP request and its response on a connection. Everything here came off the wire and is
 * escaped by the report.
 *
 * @param method              "GET", ...
 * @param uri                 request target as sent
 * @param host                Host header (or "")
 * @param version             "HTTP/1.1"
 * @param status              response status, or 0 if no response was seen
 * @param reason              reason phrase
 * @param requestMicros       time of the request's first byte (µs since the epoch)
 * @param responseStartMicros time of the response's first byte, or -1
 * @param responseEndMicros   time of the response's last byte, or -1
 * @param requestBodyBytes    request body length
 * @param responseBodyBytes   response body length
 * @param requestHeaders      "Name: value" lines
 * @param responseHeaders     "Name: value" lines
 */
public record HttpTransaction(String method, String uri, String host, String version, int status, String reason,
                              long requestMicros, long responseStartMicros, long responseEndMicros,
                              long requestBodyBytes, long responseBodyBytes,
                              List<String> requestHeaders, List<String> responseHeaders) {
    public HttpTransaction {
        method = method == null ? "" : method;
        uri = uri == null ? "" : uri;
        host = host == null ? "" : host;
        version = version == null ? "" : version;
        reason = reason == null ? "" : reason;
        requestHeaders = requestHeaders == null ? List.of() : List.copyOf(requestHeaders);
        responseHeaders = responseHeaders == null ? List.of() : List.copyOf(responseHeaders);
    }
}
