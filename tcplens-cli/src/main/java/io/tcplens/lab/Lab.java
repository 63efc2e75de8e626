package io.tcplens.lab;

import io.tcplens.capture.Frame;
import io.tcplens.live.CaptureStats;
import io.tcplens.live.LiveCapture;
import io.tcplens.live.LiveOptions;
import io.tcplens.live.LiveSource;
import io.tcplens.live.Pcap;
import io.tcplens.live.PcapDevice;
import io.tcplens.live.PcapException;
import io.tcplens.live.PcapUnavailableException;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one scenario: starts the lab server on an ephemeral loopback port, captures
 * {@code tcp port N} on the loopback interface through libpcap, runs the client, waits for
 * the server to finish, stops the capture.
 */
public final class Lab {
    private Lab() {}

    /** How long to keep capturing after both sides are done, for the last ACKs. */
    private static final long SETTLE_MILLIS = 150;

    public static LabRun run(Scenario scenario, LabSettings requested, int snaplen)
            throws PcapUnavailableException, PcapException, IOException, InterruptedException {
        return run(scenario, requested, snaplen, null);
    }

    /** @param library the libpcap to load (name or path), or null for the default search */
    public static LabRun run(Scenario scenario, LabSettings requested, int snaplen, String library)
            throws PcapUnavailableException, PcapException, IOException, InterruptedException {
        return run(scenario, requested, snaplen, library, DEFAULT_BUFFER_KIB);
    }

    /**
     * The lab's capture buffer: 32 MiB, sixteen times libpcap's default. The lab's bursts are
     * small, but it copies each packet on a thread that shares two cores with the server, the
     * client and the JIT, and a lost packet would tell a wrong story.
     */
    public static final int DEFAULT_BUFFER_KIB = 32 * 1024;

    /** How long to wait for packets the kernel counted but the capture thread has not read yet. */
    private static final long DRAIN_MILLIS = 300;   // 6 read timeouts; on loopback the counts never match (see LiveCapture#stopAfterDrain)

    /** @param bufferKiB the kernel capture buffer in KiB (tcpdump's -B) */
    public static LabRun run(Scenario scenario, LabSettings requested, int snaplen, String library, int bufferKiB)
            throws PcapUnavailableException, PcapException, IOException, InterruptedException {
        LabSettings settings = scenario.adjust(requested);
        stamp("warm-up"); // the first String.format is slow; keep that out of the narrative's timings
        Pcap pcap = Pcap.load(library);
        String device = loopback(pcap);
        List<String> errors = new ArrayList<>();
        List<Frame> frames = Collections.synchronizedList(new ArrayList<>());
        LabServer server = scenario.needsServer() ? new LabServer(settings) : null;
        LabClient client = new LabClient(settings);
        int port = server != null ? server.port() : Scenario.closedPort();
        CaptureStats stats;
        int linkType;
        // Not immediate mode: libpcap then packs packets into the buffer by size (TPACKET_V3 on
        // Linux) instead of one snapshot-sized slot each; 50 ms is how long a partly filled block waits.
        try (LiveSource src = pcap.open(device, new LiveOptions(snaplen, false, 50, false, false, bufferKiB))) {
            linkType = src.linkType();
            src.setFilter("tcp port " + port);
            LiveCapture cap = new LiveCapture(src);
            Thread capturer = Thread.ofPlatform().daemon().name("lab-capture").start(() -> {
                try {
                    cap.run(Long.MAX_VALUE, f -> frames.add(f.copy()));
                } catch (PcapException | IOException e) {
                    errors.add("capture failed: " + e.getMessage());
                }
            });
            try {
                FutureTask<Void> task = new FutureTask<>(() -> {
                    scenario.client(client, port);
                    return null;
                });
                Thread.ofPlatform().daemon().name("lab-client").start(task);
                try {
                    task.get(settings.timeLimit().toMillis() + 2000, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    errors.add("client failed: " + e.getCause());
                } catch (TimeoutException e) {
                    errors.add("client did not finish within " + settings.timeLimit().toSeconds() + " s");
                    task.cancel(true);
                }
                if (server != null && !server.awaitIdle(2000)) errors.add("server still busy after the client finished");
                Thread.sleep(SETTLE_MILLIS);
                cap.stopAfterDrain(DRAIN_MILLIS);
            } finally {
                cap.stop();
                capturer.join(5000);
                stats = src.stats();
            }
        } finally {
            if (server != null) server.close();
        }
        List<LabNote> narrative = new ArrayList<>(client.log());
        if (server != null) narrative.addAll(server.log());
        // By time; a stable sort keeps the client's step first at equal times (it caused the server's).
        narrative.sort(java.util.Comparator.comparing(LabNote::at));
        List<Frame> copy;
        synchronized (frames) {
            copy = List.copyOf(frames);
        }
        return new LabRun(scenario, settings, device, port, linkType, snaplen,
                copy, stats, narrative, errors.isEmpty() ? null : String.join("; ", errors));
    }

    /** The loopback interface's name ("lo" on Linux, "lo0" on the BSDs). */
    static String loopback(Pcap pcap) throws PcapException {
        for (PcapDevice d : pcap.devices()) if (d.loopback()) return d.name();
        return "lo";
    }

    /** Prefixes a narrative line with the time of day (sortable, microseconds). */
    static String stamp(String line) {
        return stamp(Instant.now(), line);
    }

    static String stamp(Instant now, String line) {
        LocalTime t = LocalTime.ofInstant(now, ZoneId.systemDefault());
        return String.format("%02d:%02d:%02d.%06d %s", t.getHour(), t.getMinute(), t.getSecond(), now.getNano() / 1000, line);
    }
}
