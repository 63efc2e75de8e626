package io.tcplens.cli.dump;

import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dump -F FILE}: tcpdump's filter file (issue 16 item 10). */
class DumpFilterFileTest {
    static final Path CAP = TestPaths.captures().resolve("null-http-async.pcap");

    static List<String> args(String... more) {
        List<String> a = new ArrayList<>(DumpRuns.args("-n -tt", CAP));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void theFileIsTheExpressionWithCommentsBlanked(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("syn.bpf");
        Files.writeString(f, "# SYNs only\ntcp[tcpflags] & tcp-syn != 0   # the first segment\n", StandardCharsets.ISO_8859_1);
        DumpRuns.Result fromFile = DumpRuns.tcplens(args("-F", f.toString()));
        DumpRuns.Result fromArgs = DumpRuns.tcplens(args("tcp[tcpflags] & tcp-syn != 0"));
        String all = DumpRuns.tcplens(args()).out();
        assertThat(fromFile.exit()).isZero();
        assertThat(fromFile.err()).isEmpty();
        assertThat(fromFile.out()).isEqualTo(fromArgs.out());
        assertThat(fromFile.out().lines().count()).isEqualTo(1);
        assertThat(all.lines().count()).isEqualTo(8);
    }

    @Test
    void anExpressionBesideTheFileIsIgnoredAsTcpdumpIgnoresIt(@TempDir Path dir) throws Exception {
        // tcpdump 4.99 (tcpdump.c: "if (infile) cmdbuf = read_infile(infile); else copy_argv")
        // uses the file and drops the command-line expression; tcplens says so on stderr.
        Path f = dir.resolve("syn.bpf");
        Files.writeString(f, "tcp[tcpflags] & tcp-syn != 0", StandardCharsets.ISO_8859_1);
        DumpRuns.Result r = DumpRuns.tcplens(args("-F", f.toString(), "udp"));
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("-F").contains("(udp) is ignored");
    }

    @Test
    void aMissingFileIsOneClearLine(@TempDir Path dir) {
        Path f = dir.resolve("nope.bpf");
        DumpRuns.Result r = DumpRuns.tcplens(args("-F", f.toString()));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("tcplens: can't open " + f + ": No such file or directory");
    }

    @Test
    void aSyntaxErrorInTheFileIsReportedAsOnTheCommandLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.bpf");
        Files.writeString(f, "tcp port # no number\n", StandardCharsets.ISO_8859_1);
        DumpRuns.Result fromFile = DumpRuns.tcplens(args("-F", f.toString()));
        assertThat(fromFile.exit()).isEqualTo(1);
        assertThat(fromFile.out()).isEmpty();
        assertThat(fromFile.err()).startsWith("tcplens: ");
    }
}
