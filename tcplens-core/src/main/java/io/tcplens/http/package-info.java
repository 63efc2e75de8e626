/**
 * HTTP/1.0 and 1.1 over TCP, as a library: detection by content on any port, an incremental
 * parser, request/response transactions and persistence (keep-alive) analysis.
 *
 * <p>Entry point: {@link io.tcplens.http.HttpConnectionAnalyzer}, one per TCP connection, fed
 * that connection's segments in capture order with
 * {@link io.tcplens.http.HttpConnectionAnalyzer#segment segment(fromClient, micros, frame, flags,
 * rawSeq, rawAck, buf, payloadOffset, captured, declared)}, then
 * {@link io.tcplens.http.HttpConnectionAnalyzer#end end()}. Results:
 * <ul>
 * <li>{@link io.tcplens.http.HttpTransaction}: each request with its response (method, URI, Host,
 *     status and reason, body sizes, frames, request time, time to first byte, total time);</li>
 * <li>{@link io.tcplens.http.HttpPersistence}: persistent or not, requests, whether each side
 *     honoured {@code Connection: close}, advertised {@code Keep-Alive} timeout/max, who closed
 *     (FIN/RST) and after how long an idle gap, with an English {@code describe()};</li>
 * <li>{@link io.tcplens.http.HttpProblem}: malformed or non-HTTP data, limits exceeded, gaps.</li>
 * </ul>
 * {@link io.tcplens.http.HttpParser} can also be used alone on a byte stream.
 */
package io.tcplens.http;
