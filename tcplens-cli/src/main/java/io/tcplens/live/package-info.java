/**
 * Live capture through libpcap, on {@code java.lang.foreign} (no JNA, no JNI).
 *
 * <ul>
 *   <li>{@link io.tcplens.live.Pcap} is the entry point: {@code Pcap.load()} dlopens libpcap
 *       (the {@code tcplens.libpcap} system property or {@code --libpcap}, else libpcap.so,
 *       libpcap.so.1, libpcap.so.0.8), lists interfaces and opens one. Nothing else in tcplens
 *       loads native code, and the offline commands never reach this package's native parts.</li>
 *   <li>{@link io.tcplens.live.ForeignPcap} holds the downcall handles and reads libpcap's
 *       structs at their LP64 offsets ({@code pcap_if}, {@code pcap_pkthdr}, {@code bpf_program},
 *       {@code pcap_stat}).</li>
 *   <li>{@link io.tcplens.live.LiveSource} is an activated handle (immediate mode, a short
 *       read timeout, the filter compiled by libpcap and run in the kernel);
 *       {@link io.tcplens.live.LiveCapture} is the read loop, stoppable from any thread
 *       ({@code pcap_breakloop} plus a flag checked at every timeout).</li>
 *   <li>{@link io.tcplens.live.LiveAnalyzer} is the hook for a connection engine: live capture
 *       ({@code --events}, {@code --conns}) and the lab feed it packets and print what it says.</li>
 * </ul>
 *
 * <h2>Plugging in the TCP analyzer</h2>
 * Until the project's analyzer is registered, {@link io.tcplens.live.LiveAnalyzer#create}
 * returns the provisional {@link io.tcplens.live.FlagAnalyzer}. To use the real engine, add one
 * adapter class to tcplens-cli and one service file; nothing in the capture or lab code changes.
 * With the analyzer's API as it stands ({@code TcpAnalyzer.subscribe/process/finish},
 * {@code TcpListener.onEvent}, {@code TcpEvent} records):
 * <pre>{@code
 * public final class EngineLiveAnalyzer implements LiveAnalyzer {
 *     public static final class Factory implements LiveAnalyzer.Factory {
 *         public LiveAnalyzer create(Consumer<String> events) { return new EngineLiveAnalyzer(events); }
 *     }
 *     private final TcpAnalyzer engine = new TcpAnalyzer();
 *     private final List<TcpConnection> seen = new ArrayList<>();
 *     EngineLiveAnalyzer(Consumer<String> events) {
 *         engine.subscribe(new TcpListener() {
 *             public void onEvent(TcpEvent e) {
 *                 switch (e) {
 *                     case TcpEvent.ConnectionOpened o -> { seen.add(o.connection()); events.accept(...); }
 *                     case TcpEvent.StateChanged s -> events.accept(... s.client() ... s.from() + " -> " + s.to());
 *                     case TcpEvent.ConnectionClosed c -> events.accept(... c.reason());
 *                 }
 *             }
 *         });
 *     }
 *     public void packet(Frame f, Packet p) { engine.process(f, p); }
 *     public void finish() { engine.finish(); }
 *     public void writeConns(PrintStream out) { ... the conns table writer over seen ... }
 *     public void writeConnsJson(PrintStream out) { ... the conns JSON writer over seen ... }
 *     public String name() { return "tcplens TCP analyzer"; }
 * }
 * }</pre>
 * and register it in
 * {@code tcplens-cli/src/main/resources/META-INF/services/io.tcplens.live.LiveAnalyzer$Factory}
 * (one line: the factory's class name). The shaded jar merges service files.
 */
package io.tcplens.live;
