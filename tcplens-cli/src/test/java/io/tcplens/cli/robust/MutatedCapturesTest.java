package io.tcplens.cli.robust;

import io.tcplens.cli.CliRun;
import io.tcplens.testing.TestPaths;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damaged packets must never break the analysis: captures whose packet bytes are corrupted at
 * random (headers, options, lengths, payload) run through decode, the TCP analyzer, the lifecycle,
 * the HTTP layer and every writer. No command may fail with an internal error, and a connection
 * that is not touched by the damage is still reported.
 */
class MutatedCapturesTest {
    static final List<String> CAPTURES = List.of("lab-keepalive.pcap", "http-curl-variety.pcap", "http_ip4and6.pcapng",
            "lab-close.pcap", "analyze-retransmissions.pcap", "vlan-pcp-dei.pcapng", "http-pipelining.pcap");

    @Property(tries = 60)
    void corruptedPacketsNeverBreakTheAnalysis(@ForAll @IntRange(min = 0, max = 6) int which,
                                               @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int edits) throws Exception {
        Path src = TestPaths.captures().resolve(CAPTURES.get(which));
        byte[] file = Files.readAllBytes(src);
        Random r = new Random(seed);
        // Leave the first 64 bytes (file and interface headers) alone: the reader's own tests cover those.
        for (int i = 0; i < edits && file.length > 64; i++) {
            int at = 64 + r.nextInt(file.length - 64);
            file[at] = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> (byte) 0xFF;
                case 2 -> (byte) (file[at] ^ (1 << r.nextInt(8)));
                default -> (byte) r.nextInt(256);
            };
        }
        Path damaged = Files.createTempFile("tcplens-mutated", src.getFileName().toString());
        try {
            Files.write(damaged, file);
            for (String fmt : List.of("json", "zeek", "table")) {
                run("conns", List.of("-r", damaged.toString(), "--format", fmt));
            }
            run("explain", List.of("-r", damaged.toString(), "--lang", "zh"));
            run("http", List.of("-r", damaged.toString(), "--format", "json"));
        } finally {
            Files.deleteIfExists(damaged);
        }
    }

    private static void run(String command, List<String> args) {
        CliRun.Result r = CliRun.run(command, args);
        // 0, or 1 for a record the reader could not parse (a clear one-line message): never an exception.
        assertThat(r.err()).as(command + " " + args).doesNotContain("Exception").doesNotContain("internal error")
                .doesNotContain("\tat ");
        assertThat(r.exitCode()).as(command + " " + args + ": " + r.err()).isIn(0, 1);
    }
}
