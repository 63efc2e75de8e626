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
 * <h2>The connection engine behind --events, --conns and the lab</h2>
 * {@link io.tcplens.live.LiveAnalyzer#create} returns {@link io.tcplens.live.EngineAnalyzer}:
 * the project's {@code TcpAnalyzer} with the {@code LifecycleTracker}, the conns writers and the
 * explainer, fed packet by packet as they are captured. Another engine can replace it without
 * touching the capture or lab code: implement {@link io.tcplens.live.LiveAnalyzer.Factory} and
 * list the class in
 * {@code tcplens-cli/src/main/resources/META-INF/services/io.tcplens.live.LiveAnalyzer$Factory}
 * (the shaded jar merges service files).
 */
package io.tcplens.live;
