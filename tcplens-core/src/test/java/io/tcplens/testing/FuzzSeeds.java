package io.tcplens.testing;

import io.tcplens.capture.CaptureException;
import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Seeds for the Jazzer fuzz tests (docs/FUZZING.md). In regression mode a fuzz test replays only
 * the inputs committed beside it; when fuzzing ({@code JAZZER_FUZZ} set), the test writes these
 * seeds, made from the bundled captures and ../shared/corpus, into the corpus directory Jazzer
 * generates for it, so mutation starts from real traffic instead of from nothing.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {}

    /** Seeds larger than this are skipped: libFuzzer's default max_len is far smaller anyway. */
    public static final int MAX_SEED = 256 * 1024;

    public static boolean fuzzing() {
        String v = System.getenv("JAZZER_FUZZ");
        return v != null && !v.isEmpty();
    }

    /** Bundled captures, then the shared corpus's (when present), each at most {@link #MAX_SEED} bytes. */
    public static List<Path> captures() {
        try {
            List<Path> all = new ArrayList<>(TestPaths.capturesUnder(TestPaths.captures()));
            if (TestPaths.hasCorpus()) all.addAll(TestPaths.capturesUnder(TestPaths.corpus()));
            all.removeIf(p -> {
                try {
                    return Files.size(p) > MAX_SEED;
                } catch (IOException e) {
                    return true;
                }
            });
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The frames of a capture (copies), as far as it reads; empty when it does not open. */
    public static List<Frame> frames(Path capture, int max) {
        List<Frame> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(capture.toString())) {
            r.keepWholeRecords();
            Frame f = new Frame();
            while (out.size() < max && r.next(f)) out.add(f.copy());
        } catch (CaptureException e) {
            // what was read before the problem is a seed too
        }
        return out;
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bo.toByteArray();
    }

    /**
     * Writes {@code seeds} into Jazzer's generated corpus directory of {@code test#method}
     * ({@code .cifuzz-corpus/CLASS/METHOD} under the module directory), only when fuzzing.
     */
    public static void export(Class<?> test, String method, Map<String, byte[]> seeds) {
        if (!fuzzing()) return;
        String base = System.getProperty("jazzer.internal.basedir", System.getProperty("user.dir"));
        Path dir = Path.of(base, ".cifuzz-corpus", test.getName(), method);
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
                Path p = dir.resolve("seed-" + e.getKey().replaceAll("[^A-Za-z0-9._-]", "_"));
                if (!Files.exists(p)) Files.write(p, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("[fuzz] " + seeds.size() + " seeds in " + dir);
    }

    /** A seed map keyed by the capture's file name. */
    public static Map<String, byte[]> byName() { return new LinkedHashMap<>(); }
}
