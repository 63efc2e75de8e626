package io.tcplens.render.follow;

import io.tcplens.reassembly.TestConnections;
import io.tcplens.reassembly.TsharkFollow;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Follow output against tshark 4.0's {@code -z follow,tcp,ascii,N} for the streams with payload
 * of every corpus capture (up to a number of streams per capture). Stream numbers here are the
 * first-appearance order of 4-tuples, which is tshark's tcp.stream except with port reuse.
 */
class FollowConformanceTest {
    static final int MAX_STREAMS_PER_CAPTURE = Integer.getInteger("follow.maxStreams", 60);

    record Result(String capture, int compared, int identical, List<String> differing) {}

    @Test
    void asciiIdenticalToTshark() throws Exception {
        check(List.of(FollowRenderer.Mode.ASCII), null, "follow-conformance.txt", "follow ascii");
    }

    /** Hex and raw modes on the corpus captures whose names mention http. */
    @Test
    void hexAndRawIdenticalToTshark() throws Exception {
        check(List.of(FollowRenderer.Mode.HEX, FollowRenderer.Mode.RAW), "http", "follow-conformance-hex-raw.txt", "follow hex+raw");
    }

    void check(List<FollowRenderer.Mode> modes, String nameFilter, String reportName, String label) throws Exception {
        Assumptions.assumeTrue(TestPaths.hasCorpus() && TestPaths.onPath("tshark"), "needs the corpus and tshark");
        List<Path> captures = new ArrayList<>();
        for (String line : Files.readAllLines(TestPaths.corpus().resolve("MANIFEST.tsv"))) {
            String[] f = line.split("\t");
            if (f.length < 9 || f[0].equals("path")) continue;
            if (!f[8].matches("\\d+") || Integer.parseInt(f[8]) == 0) continue;
            captures.add(TestPaths.corpus().resolve(f[0]));
        }
        if (nameFilter != null) captures.removeIf(p -> !p.toString().contains(nameFilter));
        String only = System.getProperty("follow.only");
        if (only != null) captures.removeIf(p -> !p.toString().contains(only));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Result>> futures = new ArrayList<>();
        for (Path c : captures) futures.add(pool.submit(() -> compare(c, modes)));
        int compared = 0, identical = 0, files = 0;
        StringBuilder report = new StringBuilder();
        for (Future<Result> fu : futures) {
            Result r = fu.get();
            if (r == null || r.compared == 0) continue;
            files++;
            compared += r.compared;
            identical += r.identical;
            if (!r.differing.isEmpty()) report.append(r.capture).append(' ').append(r.differing).append('\n');
        }
        pool.shutdown();
        String summary = String.format("%s: %d/%d stream outputs identical (%.1f%%) in %d captures%n",
                label, identical, compared, compared == 0 ? 0.0 : 100.0 * identical / compared, files);
        Path out = Path.of("target", reportName);
        Files.createDirectories(out.getParent());
        Files.writeString(out, summary + report);
        System.out.print(summary);
        assertThat(compared).isPositive();
        assertThat(100.0 * identical / compared).as(summary + report).isGreaterThanOrEqualTo(
                Double.parseDouble(System.getProperty("follow.minPercent", "95")));
    }

    static Result compare(Path capture, List<FollowRenderer.Mode> modes) throws Exception {
        List<TestConnections.Conn> conns;
        try {
            conns = TestConnections.read(capture);
        } catch (Exception e) {
            return null;
        }
        List<TestConnections.Conn> chosen = new ArrayList<>();
        for (TestConnections.Conn c : conns) {
            if (c.hasPayload() && chosen.size() < MAX_STREAMS_PER_CAPTURE) chosen.add(c);
        }
        if (chosen.isEmpty()) return null;
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", capture.toString(), "-q"));
        for (TestConnections.Conn c : chosen) {
            for (FollowRenderer.Mode m : modes) {
                cmd.add("-z");
                cmd.add("follow,tcp," + m.name().toLowerCase() + "," + c.index);
            }
        }
        TestPaths.Run run = TestPaths.run(cmd, Map.of(), 300);
        Map<String, byte[]> expected = split(run.stdout());
        int identical = 0;
        List<String> differing = new ArrayList<>();
        for (TestConnections.Conn c : chosen) for (FollowRenderer.Mode mode : modes) {
            byte[] mine = FollowRenderer.render(mode, c.index, follow(c));
            String key = mode.name().toLowerCase() + "," + c.index;
            if (Arrays.equals(mine, expected.get(key))) identical++;
            else {
                differing.add(key);
                if (System.getProperty("follow.dump") != null) {
                    Path d = Path.of("target", "follow-diff");
                    Files.createDirectories(d);
                    String n = capture.getFileName() + "." + c.index + "." + mode.name().toLowerCase();
                    Files.write(d.resolve(n + ".mine"), mine);
                    Files.write(d.resolve(n + ".tshark"), expected.getOrDefault(key, new byte[0]));
                }
            }
        }
        return new Result(TestPaths.corpus().relativize(capture).toString(), chosen.size() * modes.size(), identical, differing);
    }

    static TsharkFollow follow(TestConnections.Conn c) {
        TsharkFollow f = new TsharkFollow();
        for (TestConnections.Seg s : c.segs) {
            if (s.declared() < 0) continue;
            byte[] addrs = new byte[s.src().length * 2];
            System.arraycopy(s.src(), 0, addrs, 0, s.src().length);
            System.arraycopy(s.dst(), 0, addrs, s.src().length, s.dst().length);
            byte[] buf = s.payload();
            // addresses first, then payload, in one buffer
            byte[] all = new byte[addrs.length + buf.length];
            System.arraycopy(addrs, 0, all, 0, addrs.length);
            System.arraycopy(buf, 0, all, addrs.length, buf.length);
            f.packet(all, 0, s.src().length, s.src().length, s.srcPort(), s.dstPort(), s.flags(), s.seq(), s.ack(),
                    addrs.length, buf.length, s.declared(), s.frame(), s.micros());
        }
        return f;
    }

    /** tshark's output for several -z follow taps, by "mode,stream". */
    static Map<String, byte[]> split(byte[] out) {
        Map<String, byte[]> m = new HashMap<>();
        byte[] marker = "\n===================================================================\nFollow: tcp,".getBytes(StandardCharsets.US_ASCII);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + marker.length <= out.length; i++) {
            if (out[i] == '\n' && Arrays.equals(out, i, i + marker.length, marker, 0, marker.length)) starts.add(i);
        }
        for (int k = 0; k < starts.size(); k++) {
            int s = starts.get(k), e = k + 1 < starts.size() ? starts.get(k + 1) : out.length;
            byte[] block = Arrays.copyOfRange(out, s, e);
            String head = new String(block, 0, Math.min(block.length, 200), StandardCharsets.ISO_8859_1);
            int fi = head.indexOf("Filter: tcp.stream eq ");
            int mi = head.indexOf("Follow: tcp,");
            if (fi < 0 || mi < 0) continue;
            int nl = head.indexOf('\n', fi);
            String mode = head.substring(mi + 12, head.indexOf('\n', mi));
            m.put(mode + "," + Integer.parseInt(head.substring(fi + 22, nl).trim()), block);
        }
        return m;
    }
}
