package io.tcplens.cli.dump;

import io.tcplens.capture.CaptureException;
import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.cli.DumpCommand;
import io.tcplens.decode.Packet;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers shared by the dump tests: in-process runs and splitting output into packet records. */
final class DumpRuns {
    private DumpRuns() {}

    static final ZoneId UTC = ZoneId.of("UTC");

    /** The option sets of the golden and conformance suites, with their file-name labels. */
    static final List<String[]> OPTION_SETS = List.of(
            new String[] {"tt", "-n -tt"},
            new String[] {"tt-v", "-n -tt -v"},
            new String[] {"e-tt", "-n -e -tt"},
            new String[] {"S-tt", "-n -S -tt"},
            new String[] {"tttt", "-n -tttt"},
            // tcpdump's payload dumps (issue 16): after the packet's line, from the end of the
            // link-level header (doubled: from the frame's start), for every packet
            new String[] {"x", "-n -tt -x"},
            new String[] {"xx", "-n -tt -xx"},
            new String[] {"X", "-n -tt -X"},
            new String[] {"XX", "-n -tt -XX"},
            new String[] {"A", "-n -tt -A"},
            new String[] {"AA", "-n -tt -AA"},
            new String[] {"e-v-X", "-n -e -tt -v -X"});

    /** True for the option sets that dump packet data (-x, -X, -A). */
    static boolean dumpsPayload(String options) {
        return options.matches(".*-[a-zA-Z]*[xXA].*");
    }

    record Result(int exit, String out, String err) { }

    static Result tcplens(List<String> args) {
        return tcplens(args, new byte[0]);
    }

    static Result tcplens(List<String> args, byte[] stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> full = new ArrayList<>();
        full.addAll(args);
        int rc = DumpCommand.execute(full, new ByteArrayInputStream(stdin), out, err, UTC);
        return new Result(rc, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * With the real tcpdump on the PATH (the test is skipped otherwise): each capture of
     * {@code names} in {@code dir}, printed with each of {@code sets}' options (label, options),
     * is exactly what tcpdump prints.
     */
    static void assertLiveTcpdumpAgrees(Path dir, Iterable<String> names, List<String[]> sets) throws Exception {
        Assumptions.assumeTrue(TestPaths.onPath("tcpdump"), "tcpdump not installed");
        for (String name : names) {
            for (String[] set : sets) {
                List<String> cmd = new ArrayList<>(List.of("tcpdump"));
                cmd.addAll(args(set[1], dir.resolve(name)));
                TestPaths.Run td = TestPaths.run(cmd, Map.of("TZ", "UTC"), 60);
                String ours = tcplens(args(set[1], dir.resolve(name))).out();
                assertThat(ours).as(name + " " + set[1]).isEqualTo(new String(td.stdout(), StandardCharsets.ISO_8859_1));
            }
        }
    }

    static List<String> args(String options, Path file) {
        List<String> a = new ArrayList<>(List.of(options.trim().split("\\s+")));
        a.add("-r");
        a.add(file.toString());
        return a;
    }

    /** A -tt or -tttt timestamp, with which every option set used here starts a packet's line. */
    private static final java.util.regex.Pattern TIMESTAMP =
            java.util.regex.Pattern.compile("^(\\d+\\.\\d{6,10} |\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6,10} )");

    /**
     * Splits printed output into one record per packet: a record starts with a line that starts
     * with a timestamp (every option set used here prints one; -A's text lines can start with a
     * digit, but hardly with a whole timestamp) and continues with the lines that do not.
     */
    static List<List<String>> records(String text) {
        List<List<String>> recs = new ArrayList<>();
        List<String> cur = null;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int j = text.indexOf('\n', i);
            if (j < 0) j = n;
            String line = text.substring(i, j);
            i = j + 1;
            boolean start = !line.isEmpty() && Character.isDigit(line.charAt(0)) && TIMESTAMP.matcher(line).find()
                    || cur == null;
            if (start) {
                cur = new ArrayList<>();
                recs.add(cur);
            }
            cur.add(line);
        }
        return recs;
    }

    /** Per packet of a capture: is it TCP (innermost transport TCP), and its ports (-1 when not TCP). */
    record PacketInfo(boolean tcp, int sport, int dport, int payload) { }

    static List<PacketInfo> classify(Path file) {
        List<PacketInfo> infos = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(file.toString())) {
            Frame f = new Frame();
            Packet p = new Packet();
            while (r.next(f)) {
                boolean tcp = p.decode(f);
                if (tcp && p.tcpFixedHeaderComplete()) {
                    infos.add(new PacketInfo(true, p.srcPort(), p.dstPort(), p.tcpPayloadLength()));
                } else {
                    infos.add(new PacketInfo(tcp, -1, -1, 0));
                }
            }
        } catch (CaptureException e) {
            // keep what was read
        }
        return infos;
    }
}
