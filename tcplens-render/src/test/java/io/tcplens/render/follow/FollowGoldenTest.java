package io.tcplens.render.follow;

import io.tcplens.reassembly.TestConnections;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Follow output for the bundled HTTP captures, byte for byte against tshark's (testdata/golden/follow, scripts/golden-follow.sh). */
class FollowGoldenTest {
    @Test
    void everyGoldenMatches() throws Exception {
        Path dir = TestPaths.testdata().resolve("golden/follow");
        List<Path> goldens;
        try (var s = Files.list(dir)) {
            goldens = s.sorted().toList();
        }
        assertThat(goldens).hasSizeGreaterThanOrEqualTo(27);
        for (Path g : goldens) {
            String[] parts = g.getFileName().toString().split("\\.");
            // NAME.pcap.STREAM.MODE
            String mode = parts[parts.length - 1];
            int stream = Integer.parseInt(parts[parts.length - 2]);
            String capture = g.getFileName().toString().substring(0, g.getFileName().toString().lastIndexOf("." + stream + "." + mode));
            var conns = TestConnections.read(TestPaths.captures().resolve(capture));
            byte[] mine = FollowRenderer.render(FollowRenderer.Mode.parse(mode), stream,
                    FollowConformanceTest.follow(conns.get(stream)));
            assertThat(new String(mine, java.nio.charset.StandardCharsets.ISO_8859_1)).as(g.getFileName().toString())
                    .isEqualTo(Files.readString(g, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }
}
