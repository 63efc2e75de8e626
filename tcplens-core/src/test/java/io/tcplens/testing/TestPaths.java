package io.tcplens.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where tests find the repository's test data, the shared corpus, and the oracle tools. */
public final class TestPaths {
    private TestPaths() {}

    /** The repository root (set by surefire as tcplens.root; else found by walking up to testdata/). */
    public static Path root() {
        String p = System.getProperty("tcplens.root");
        if (p != null && Files.isDirectory(Path.of(p, "testdata"))) return Path.of(p).toAbsolutePath().normalize();
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isDirectory(d.resolve("testdata"))) d = d.getParent();
        if (d == null) throw new IllegalStateException("cannot find the repository's testdata/ directory");
        return d;
    }

    public static Path testdata() { return root().resolve("testdata"); }

    /** The project's own small captures, committed with the repository. */
    public static Path captures() { return testdata().resolve("captures"); }

    /** ../shared beside the repository (may be absent: tests that need it are skipped then). */
    public static Path shared() {
        String p = System.getProperty("tcplens.shared");
        Path s = p != null ? Path.of(p) : root().resolve("../shared");
        return s.toAbsolutePath().normalize();
    }

    public static Path corpus() { return shared().resolve("corpus"); }

    public static boolean hasCorpus() { return Files.isRegularFile(corpus().resolve("MANIFEST.tsv")); }

    /** True when an executable of that name is on the PATH. */
    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    /** Every capture file under a directory (pcap, pcapng, cap, gz), sorted. */
    public static List<Path> capturesUnder(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (var s = Files.walk(dir)) {
            s.filter(Files::isRegularFile)
             .filter(f -> {
                 String n = f.getFileName().toString();
                 return n.endsWith(".pcap") || n.endsWith(".pcapng") || n.endsWith(".cap")
                         || n.endsWith(".pcap.gz") || n.endsWith(".pcapng.gz") || n.endsWith(".ntar");
             })
             .sorted()
             .forEach(out::add);
        }
        return out;
    }

    /** Result of running an external program. */
    public record Run(int exitCode, byte[] stdout, String stderr) {
        public String out() { return new String(stdout, java.nio.charset.StandardCharsets.UTF_8); }
    }

    /** Runs a program with extra environment variables, with a time limit; stdout is captured as bytes. */
    public static Run run(List<String> command, java.util.Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Path err = Files.createTempFile("tcplens-run", ".err");
        pb.redirectError(err.toFile());
        Process proc = pb.start();
        proc.getOutputStream().close();
        byte[] out;
        try (var in = proc.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!proc.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        String e = Files.readString(err);
        Files.deleteIfExists(err);
        return new Run(proc.exitValue(), out, e);
    }
}
