/**
 * Per-connection TCP analysis: tshark 4.0-compatible stream numbers, relative sequence numbers
 * and {@code tcp.analysis.*} flags, plus the inferred RFC 9293 state of both endpoints.
 *
 * <h2>Pipeline</h2>
 * <pre>
 * CaptureReader → Packet.decode → TcpAnalyzer.process(frame, packet) → TcpListener sinks
 * </pre>
 * <ul>
 * <li>{@link io.tcplens.tcp.TcpAnalyzer} owns the flow table ({@link io.tcplens.flow.FlowTable})
 *     and one {@link io.tcplens.tcp.TcpConnection} per tshark conversation ({@code tcp.stream}).</li>
 * <li>For every TCP frame it fills one reused {@link io.tcplens.tcp.SegmentInfo} (relative
 *     seq/ack, len, nxtseq, flags, {@link io.tcplens.tcp.Analysis} bits, dup-ACK number, ACK RTT,
 *     initial RTT, bytes in flight, both endpoints' {@link io.tcplens.tcp.TcpState}) and hands it
 *     to each subscribed {@link io.tcplens.tcp.TcpListener#onSegment}; the same object is
 *     returned by {@code process}. Nothing is allocated per packet.</li>
 * <li>Lifecycle events ({@link io.tcplens.tcp.TcpEvent}: ConnectionOpened, StateChanged,
 *     ConnectionClosed) go to {@link io.tcplens.tcp.TcpListener#onEvent}. A connection is
 *     closed (summarised) when both endpoints are done and 60 s of capture time (Linux
 *     TIME_WAIT) passed since its last packet, after 5 min idle, when port reuse replaces it,
 *     or at {@link io.tcplens.tcp.TcpAnalyzer#finish()}. It then shrinks to a tombstone (its
 *     scalar analysis state; optionally just stream number, sequence bases and states) so a late packet on the same 4-tuple gets tshark's stream
 *     and numbers (it is reported again with {@code ConnectionOpened.resumed}).</li>
 * </ul>
 */
package io.tcplens.tcp;
