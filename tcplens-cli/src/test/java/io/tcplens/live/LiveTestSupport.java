package io.tcplens.live;

import io.tcplens.capture.Frame;
import io.tcplens.decode.Packet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared by the live and lab tests: may this JVM capture? and a readable view of TCP segments. */
public final class LiveTestSupport {
    private LiveTestSupport() {}

    private static String unavailable; // null = not yet probed; "" = capture works
    private static final Object LOCK = new Object();

    /** Why live capture is impossible here, or null when it works (libpcap loads and lo opens). */
    public static String whyNoCapture() {
        synchronized (LOCK) {
            if (unavailable == null) {
                try {
                    Pcap pcap = Pcap.load();
                    try (LiveSource s = pcap.open(loopbackName(pcap), LiveOptions.defaults().withPromiscuous(false))) {
                        unavailable = "";
                    }
                } catch (PcapUnavailableException e) {
                    unavailable = "libpcap is not installed: " + e.getMessage();
                } catch (PcapException e) {
                    unavailable = "live capture is not permitted here: " + e.getMessage();
                } catch (RuntimeException e) {
                    unavailable = "live capture does not work here: " + e;
                }
            }
            return unavailable.isEmpty() ? null : unavailable;
        }
    }

    /** Skips the calling test (with the reason) when this JVM may not capture. */
    public static void assumeCapture() {
        String why = whyNoCapture();
        assumeTrue(why == null, () -> "skipped: " + why + " (the live tests need libpcap and permission to capture, e.g. root)");
    }

    static String loopbackName(Pcap pcap) throws PcapException {
        for (PcapDevice d : pcap.devices()) if (d.loopback()) return d.name();
        return "lo";
    }

    /** One TCP segment, as a test wants to see it. */
    public record Seg(long micros, boolean fromClient, int flags, long seq, long ack, int len, String payload) {
        public boolean syn() { return (flags & Packet.SYN) != 0; }
        public boolean fin() { return (flags & Packet.FIN) != 0; }
        public boolean rst() { return (flags & Packet.RST) != 0; }
        public boolean ackFlag() { return (flags & Packet.ACK) != 0; }
        public boolean pureAck() { return flags == Packet.ACK && len == 0; }
        public long end() { return (seq + len + (syn() ? 1 : 0) + (fin() ? 1 : 0)) & 0xFFFFFFFFL; }
    }

    /** The TCP segments of a capture; the client is the sender of the first SYN (else of the first segment). */
    public static List<Seg> segments(List<Frame> frames) {
        List<Seg> out = new ArrayList<>();
        Packet p = new Packet();
        int clientPort = -1;
        for (Frame f : frames) {
            if (!p.decode(f) || !p.tcpFixedHeaderComplete()) continue;
            int fl = p.tcpFlags();
            if (clientPort < 0) {
                clientPort = ((fl & Packet.SYN) != 0 && (fl & Packet.ACK) != 0) ? p.dstPort() : p.srcPort();
            }
            int len = Math.max(0, p.tcpPayloadLength());
            int cap = Math.min(len, Math.max(0, p.tcpPayloadCaptured()));
            String payload = new String(p.buffer(), p.tcpPayloadOffset(), cap, StandardCharsets.ISO_8859_1);
            out.add(new Seg(f.epochMicros(), p.srcPort() == clientPort, fl, p.seq() & 0xFFFFFFFFL,
                    p.ack() & 0xFFFFFFFFL, len, payload));
        }
        return out;
    }

    /** Runs io.tcplens.cli.Main in a fresh JVM (this test JVM's class path), optionally under a prefix such as setpriv. */
    public static Process startCli(List<String> prefix, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xshare:auto");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.tcplens.cli.Main");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    /** Waits for a process and returns {exit code, stdout, stderr}. */
    public static Object[] finish(Process p, long seconds) throws IOException, InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("process did not finish within " + seconds + " s");
        }
        return new Object[] {p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)};
    }

    public static boolean isRoot() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
