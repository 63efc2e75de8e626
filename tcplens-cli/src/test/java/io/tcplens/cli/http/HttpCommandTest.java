package io.tcplens.cli.http;

import io.tcplens.cli.CliRun;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tcplens http}: rows as exchanges complete, filters that select a connection late, JSON Lines. */
class HttpCommandTest {
    static final String VARIETY = TestPaths.captures().resolve("http-curl-variety.pcap").toString();

    static List<String> rows(CliRun.Result r) {
        return Arrays.stream(r.out().split("\n")).filter(l -> !l.isBlank() && !l.startsWith("stream")).sorted().toList();
    }

    @Test
    void everyExchangeOnceAsJsonLines() {
        CliRun.Result r = CliRun.run("http", List.of("-r", VARIETY, "--format", "json"));
        assertThat(r.exitCode()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(6);
        for (String l : lines) assertThat(l).startsWith("{\"stream\":").endsWith("}");   // no separator before a row
        assertThat(r.out()).contains("\"uri\":\"/204\"", "\"uri\":\"/304\"", "\"method\":\"POST\"");
    }

    @Test
    void aFilterMatchingOnlyTheCloseStillListsTheConnectionsEarlierExchanges() {
        // Only FIN segments match: each connection is selected after its exchanges completed.
        CliRun.Result all = CliRun.run("http", List.of("-r", VARIETY));
        CliRun.Result fin = CliRun.run("http", List.of("-r", VARIETY, "tcp[tcpflags] & tcp-fin != 0"));
        assertThat(rows(fin)).isEqualTo(rows(all)).hasSize(6);
        // A filter matching one connection from its first packet lists its exchanges only.
        CliRun.Result one = CliRun.run("http", List.of("-r", VARIETY, "tcp port 59442"));
        assertThat(rows(one)).hasSize(2).allMatch(l -> l.contains("59442"));
    }

    @Test
    void httpBehindASocks5HandshakeIsFound() {
        // testdata/captures/socks5-http.pcap: curl through a SOCKS 5 proxy on port 1080 (Zeek's trace).
        CliRun.Result r = CliRun.run("http", List.of("-r", TestPaths.captures().resolve("socks5-http.pcap").toString(),
                "--format", "json"));
        assertThat(r.out().split("\n")).hasSize(1);
        assertThat(r.out()).contains("\"method\":\"GET\"", "\"host\":\"www.icir.org\"", "\"uri\":\"/\"", "\"status\":200",
                "\"server\":\"127.0.0.1:1080\"");
    }
}
