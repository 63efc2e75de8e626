package io.tcplens.cli;

import io.tcplens.capture.CaptureException;
import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several files read as one capture: every bundled capture cut into pieces ({@code editcap -c}, and
 * tcpdump {@code -C}-style size splits made here) gives byte for byte what the whole file gives for
 * {@code conns --format json}, {@code analyze} and {@code http --format json}; files that overlap in
 * time give what {@code mergecap} then tcplens gives; broken inputs give one line and the rest.
 */
class MultiFileReadTest {
    @TempDir Path tmp;

    static List<Path> bundled() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : TestPaths.capturesUnder(TestPaths.captures())) {
            if (!p.getFileName().toString().endsWith(".gz")) out.add(p);
        }
        return out;
    }

    /** What the three commands print for these -r arguments (exit code folded in). */
    static String outputs(List<String> files) {
        StringBuilder b = new StringBuilder();
        List<String> r = new ArrayList<>();
        for (String f : files) { r.add("-r"); r.add(f); }
        List<String> conns = new ArrayList<>(r); conns.addAll(List.of("--format", "json"));
        CliRun.Result c = CliRun.run("conns", conns);
        b.append("conns rc=").append(c.exitCode()).append('\n').append(c.out());
        List<String> http = new ArrayList<>(r); http.addAll(List.of("--format", "json"));
        CliRun.Result h = CliRun.run("http", http);
        b.append("http rc=").append(h.exitCode()).append('\n').append(h.out());
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        Inputs in = new Inputs();
        in.files = files;
        int rc = AnalyzeCommand.run(in, List.of(), a);
        b.append("analyze rc=").append(rc).append('\n').append(a.toString(StandardCharsets.UTF_8));
        return b.toString();
    }

    /** Frames and whether timestamps never go back (then any split merges back to the same order). */
    static long[] framesAndMonotonic(Path p) throws CaptureException {
        long n = 0, prev = Long.MIN_VALUE;
        boolean mono = true;
        try (CaptureReader r = CaptureReader.open(p.toString())) {
            Frame f = new Frame();
            while (r.next(f)) {
                long t = f.seconds() * 1_000_000_000L + f.nanos();
                if (t < prev) mono = false;
                prev = t;
                n++;
            }
        }
        return new long[] {n, mono ? 1 : 0};
    }

    static void tool(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    }

    static List<String> filesIn(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(Path::toString).sorted((a, b) -> io.tcplens.capture.CaptureInputs.versionOrder(a, b)).toList();
        }
    }

    /**
     * tcpdump -C's rotation on a classic pcap: a new file (named base, base1, base2, ... as tcpdump
     * names them) once the current one has passed {@code limit} bytes, each with the file header.
     */
    static List<Path> sizeSplit(Path pcap, Path dir, int limit) throws IOException {
        byte[] all = Files.readAllBytes(pcap);
        boolean swapped = (all[0] & 0xFF) == 0xD4 || (all[0] & 0xFF) == 0x4D;   // little-endian magic
        List<Path> out = new ArrayList<>();
        OutputStream os = null;
        long size = 0;
        int p = 24;
        while (p + 16 <= all.length) {
            int caplen = swapped
                    ? (all[p + 8] & 0xFF) | (all[p + 9] & 0xFF) << 8 | (all[p + 10] & 0xFF) << 16 | (all[p + 11] & 0xFF) << 24
                    : (all[p + 8] & 0xFF) << 24 | (all[p + 9] & 0xFF) << 16 | (all[p + 10] & 0xFF) << 8 | (all[p + 11] & 0xFF);
            int end = Math.min(all.length, p + 16 + caplen);
            if (os == null || size > limit) {
                if (os != null) os.close();
                Path f = dir.resolve("ring" + (out.isEmpty() ? "" : Integer.toString(out.size())));
                out.add(f);
                os = Files.newOutputStream(f);
                os.write(all, 0, 24);
                size = 24;
            }
            os.write(all, p, end - p);
            size += end - p;
            p = end;
        }
        if (os != null) os.close();
        return out;
    }

    @Test
    void everyBundledCaptureCutIntoPiecesReadsAsTheWholeFile() throws Exception {
        Assumptions.assumeTrue(TestPaths.onPath("editcap") && TestPaths.onPath("mergecap"), "editcap/mergecap not installed");
        int compared = 0, viaMergecap = 0;
        for (Path cap : bundled()) {
            long[] fm = framesAndMonotonic(cap);
            if (fm[0] < 2) continue;
            Path dir = Files.createDirectories(tmp.resolve(cap.getFileName() + ".d"));
            tool("editcap", "-c", Long.toString(Math.max(1, fm[0] / 3)), cap.toString(), dir.resolve("part.pcapng").toString());
            List<String> parts = filesIn(dir);
            assertThat(parts.size()).as(cap.toString()).isGreaterThan(1);
            String whole = outputs(List.of(cap.toString()));
            // Timestamps that go back can cross a cut; merged by time they come in mergecap's order then.
            String expected = whole;
            if (fm[1] == 0) {
                Path merged = tmp.resolve(cap.getFileName() + ".merged.pcapng");
                List<String> cmd = new ArrayList<>(List.of("mergecap", "-w", merged.toString()));
                cmd.addAll(parts);
                tool(cmd.toArray(String[]::new));
                expected = outputs(List.of(merged.toString()));
                viaMergecap++;
            }
            assertThat(outputs(List.of(dir.toString()))).as(cap + " split by editcap -c, read as a directory").isEqualTo(expected);
            compared++;
            if (cap.getFileName().toString().endsWith(".pcap") && fm[1] == 1) {
                Path ring = Files.createDirectories(tmp.resolve(cap.getFileName() + ".ring"));
                List<Path> pieces = sizeSplit(cap, ring, (int) Math.max(200, Files.size(cap) / 4));
                List<String> args = new ArrayList<>();
                for (Path p : pieces) args.add(p.toString());
                assertThat(outputs(args)).as(cap + " split by size, each -r").isEqualTo(whole);
                assertThat(outputs(List.of(ring.resolve("ring*").toString()))).as(cap + " split by size, as a glob").isEqualTo(whole);
            }
        }
        System.out.printf("multi-file: %d bundled captures split and read back identical (%d compared via mergecap)%n",
                compared, viaMergecap);
        assertThat(compared).isGreaterThan(40);
    }

    @Test
    void overlappingFilesOfMixedFormatsAndLinkTypesGiveWhatMergecapGives() throws Exception {
        Assumptions.assumeTrue(TestPaths.onPath("editcap") && TestPaths.onPath("mergecap"), "editcap/mergecap not installed");
        Path c = TestPaths.captures();
        // Two captures of different link types and formats, one gzip-compressed, shifted to overlap.
        Path a = c.resolve("lab-keepalive.pcap");
        Path b = tmp.resolve("b.pcapng");
        long[] ta = firstLast(a);
        long[] tb = firstLast(c.resolve("http-curl-variety.pcap"));
        double shift = (ta[0] - tb[0] + (ta[1] - ta[0]) / 3) / 1e9;
        tool("editcap", "-F", "pcapng", "-t", String.format(java.util.Locale.ROOT, "%.6f", shift),
                c.resolve("http-curl-variety.pcap").toString(), b.toString());
        Path bz = tmp.resolve("b.pcapng.gz");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(bz))) { Files.copy(b, os); }
        Path sll = c.resolve("filter-sll.pcap");
        Path merged = tmp.resolve("merged.pcapng");
        tool("mergecap", "-w", merged.toString(), a.toString(), b.toString(), sll.toString());
        String viaMergecap = outputs(List.of(merged.toString()));
        assertThat(viaMergecap).contains("\"stream\":");
        assertThat(outputs(List.of(a.toString(), bz.toString(), sll.toString()))).isEqualTo(viaMergecap);
        // Record by record: the odd and even records of one capture in two files.
        Path odd = tmp.resolve("odd.pcap"), even = tmp.resolve("even.pcap");
        Path src = c.resolve("http-pipelining.pcap");
        long n = framesAndMonotonic(src)[0];
        StringBuilder odds = new StringBuilder();
        for (long i = 1; i <= n; i += 2) odds.append(odds.isEmpty() ? "" : " ").append(i);
        List<String> e1 = new ArrayList<>(List.of("editcap", "-F", "pcap", src.toString(), odd.toString()));
        List<String> e2 = new ArrayList<>(List.of("editcap", "-r", "-F", "pcap", src.toString(), even.toString()));
        for (String i : odds.toString().split(" ")) { e1.add(i); e2.add(i); }
        // editcap: without -r the listed records are deleted (odd file keeps the even records), with -r kept
        tool(e1.toArray(String[]::new));
        tool(e2.toArray(String[]::new));
        Path m2 = tmp.resolve("m2.pcapng");
        tool("mergecap", "-w", m2.toString(), odd.toString(), even.toString());
        assertThat(outputs(List.of(odd.toString(), even.toString()))).isEqualTo(outputs(List.of(m2.toString())));
        if (framesAndMonotonic(src)[1] == 1) {
            assertThat(outputs(List.of(odd.toString(), even.toString()))).isEqualTo(outputs(List.of(src.toString())));
        }
    }

    static long[] firstLast(Path p) throws CaptureException {
        long first = -1, last = -1;
        try (CaptureReader r = CaptureReader.open(p.toString())) {
            Frame f = new Frame();
            while (r.next(f)) {
                long t = f.seconds() * 1_000_000_000L + f.nanos();
                if (first < 0) first = t;
                last = t;
            }
        }
        return new long[] {first, last};
    }

    @Test
    void frameNumbersAreWhatTsharkCountsInMergecapsOutput() throws Exception {
        Assumptions.assumeTrue(TestPaths.onPath("mergecap") && TestPaths.onPath("tshark"), "mergecap/tshark not installed");
        Path c = TestPaths.captures();
        List<String> files = List.of(c.resolve("lab-close.pcap").toString(), c.resolve("lab-get.pcap").toString(),
                c.resolve("lab-reset.pcap").toString());
        Path merged = tmp.resolve("m.pcapng");
        List<String> cmd = new ArrayList<>(List.of("mergecap", "-w", merged.toString()));
        cmd.addAll(files);
        tool(cmd.toArray(String[]::new));
        Process p = new ProcessBuilder("tshark", "-n", "-r", merged.toString(), "-Y", "tcp", "-T", "fields",
                "-e", "frame.number", "-e", "tcp.stream").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String tshark = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        Inputs in = new Inputs();
        in.files = files;
        assertThat(AnalyzeCommand.run(in, List.of(), a)).isZero();
        StringBuilder ours = new StringBuilder();
        for (String line : a.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("frame")) continue;
            String[] col = line.split("\t");
            ours.append(col[0]).append('\t').append(col[1]).append('\n');
        }
        assertThat(ours.toString()).isEqualTo(tshark).isNotEmpty();
    }

    @Test
    void aDirectoryWithATextFileIsReadWithOneWarningAndStrictMakesItAnError() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Files.copy(TestPaths.captures().resolve("lab-close.pcap"), dir.resolve("a.pcap"));
        Files.writeString(dir.resolve("notes.txt"), "this is not a capture\n");
        CliRun.Result r = CliRun.run("conns", List.of("-r", dir.toString(), "--format", "json"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(CliRun.run("conns", List.of("-r", dir.resolve("a.pcap").toString(), "--format", "json")).out());
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("tcplens: warning: " + dir.resolve("notes.txt") + ": unknown file format").endsWith("; file skipped");
        CliRun.Result strict = CliRun.run("conns", List.of("-r", dir.toString(), "--strict", "--format", "json"));
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.err().lines()).singleElement().asString().startsWith("tcplens: " + dir.resolve("notes.txt") + ": unknown file format");
    }

    @Test
    void aTruncatedMiddleFileGivesWhatWasReadOfItAndTheRest() throws Exception {
        Assumptions.assumeTrue(TestPaths.onPath("editcap"), "editcap not installed");
        Path cap = TestPaths.captures().resolve("lab-keepalive.pcap");
        Path dir = Files.createDirectories(tmp.resolve("t"));
        tool("editcap", "-F", "pcap", "-c", "5", cap.toString(), dir.resolve("p.pcap").toString());
        List<String> parts = filesIn(dir);
        assertThat(parts.size()).isGreaterThan(2);
        Path middle = Path.of(parts.get(1));
        byte[] b = Files.readAllBytes(middle);
        Files.write(middle, java.util.Arrays.copyOf(b, b.length - 7));   // the last record loses 7 bytes
        CliRun.Result r = CliRun.run("conns", List.of("-r", dir.resolve("p*").toString(), "--format", "json"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.err().lines()).singleElement().asString().startsWith("tcplens: warning: " + middle + ": truncated record 5")
                .endsWith("; rest of the file skipped");
        // the same as the pieces without the damaged record, merged by mergecap
        Path fixed = tmp.resolve("fixed.pcap");
        tool("editcap", "-F", "pcap", middle.toString(), fixed.toString(), "5");
        Path merged = tmp.resolve("m.pcapng");
        List<String> cmd = new ArrayList<>(List.of("mergecap", "-w", merged.toString()));
        for (String p : parts) cmd.add(p.equals(middle.toString()) ? fixed.toString() : p);
        tool(cmd.toArray(String[]::new));
        assertThat(r.out()).isEqualTo(CliRun.run("conns", List.of("-r", merged.toString(), "--format", "json")).out());
        CliRun.Result strict = CliRun.run("conns", List.of("-r", dir.resolve("p*").toString(), "--strict", "--format", "json"));
        assertThat(strict.exitCode()).isEqualTo(1);
    }

    /** A file's own leniency warning (read on, as libpcap does) is told when it is one of several files, naming it. */
    @Test
    void aFilesLeniencyWarningIsToldAmongSeveralFiles() throws Exception {
        byte[] b = Files.readAllBytes(TestPaths.captures().resolve("filter-arp.pcapng"));
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(b[8] == 0x4D ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        if (bb.getInt(8) != 0x1A2B3C4D) bb.order(java.nio.ByteOrder.BIG_ENDIAN);
        int total = bb.getInt(4);
        bb.putInt(total - 4, total + 4);   // the section header's trailing length disagrees
        Path odd = tmp.resolve("odd-trailer.pcapng");
        Files.write(odd, b);
        CliRun.Result one = CliRun.run("conns", List.of("-r", odd.toString(), "--format", "json"));
        assertThat(one.err()).contains("tcplens: " + odd + ": warning: the section header block at byte offset 0 has length");
        CliRun.Result r = CliRun.run("conns", List.of("-r", odd.toString(), "-r", TestPaths.captures().resolve("lab-close.pcap").toString(), "--format", "json"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("tcplens: warning: " + odd + ": the section header block at byte offset 0 has length " + total);
    }

    @Test
    void aGlobMatchingNothingIsOneLineAndExit1() {
        CliRun.Result r = CliRun.run("conns", List.of("-r", tmp.resolve("nothing-*.pcap").toString()));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("tcplens: " + tmp.resolve("nothing-*.pcap") + ": no file matches" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void versionOrderIsLsV() {
        List<String> names = new ArrayList<>(List.of("cap10", "cap", "cap2", "cap1", "cap-1700000100.pcap", "cap-999.pcap", "cap01x"));
        names.sort(io.tcplens.capture.CaptureInputs::versionOrder);
        assertThat(names).containsExactly("cap", "cap1", "cap01x", "cap2", "cap10", "cap-999.pcap", "cap-1700000100.pcap");
    }
}
