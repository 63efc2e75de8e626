package io.tcplens.cli.conns;

import io.tcplens.cli.CliRun;
import io.tcplens.tcp.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ceiling on open connections, end to end: every connection still has its row, the evicted
 * ones say so, and stderr has exactly one line saying how many and why. And an unanswered SYN is
 * written S0 with close_reason "attempt" once Zeek's attempt delay has passed.
 */
class ConnsCeilingTest {

    @Test
    void evictedConnectionsAreMarkedAndOneStderrLineSaysHowManyAndWhy(@TempDir Path dir) throws Exception {
        Scenario sc = new Scenario();
        for (int i = 0; i < 8; i++) {
            sc.clientPort(42000 + i);
            sc.c(i * 0.001, "S", 1000 + i, 0);
            sc.s(i * 0.001 + 0.0002, "SA", 9000 + i, 1001 + i);
            sc.c(i * 0.001 + 0.0004, "A", 1001 + i, 9001 + i);
        }
        Path cap = dir.resolve("many.pcap");
        sc.writePcap(cap);
        String before = System.getProperty("tcplens.maxConnections");
        CliRun.Result r;
        try {
            System.setProperty("tcplens.maxConnections", "3");
            r = CliRun.run("conns", List.of("-r", cap.toString(), "--format", "json", "--no-http"));
        } finally {
            if (before == null) System.clearProperty("tcplens.maxConnections"); else System.setProperty("tcplens.maxConnections", before);
        }
        assertThat(r.exitCode()).isZero();
        List<String> rows = r.out().lines().toList();
        assertThat(rows).hasSize(8);
        assertThat(rows.stream().filter(l -> l.contains("\"close_reason\":\"evicted\""))).hasSize(6);
        assertThat(rows.stream().filter(l -> l.contains("\"close_reason\":\"end_of_input\""))).hasSize(2);
        assertThat(r.err().lines().toList()).containsExactly(
                "tcplens: 6 connections were summarised early (close_reason \"evicted\"): at most 3 are kept open at once,"
                        + " the ceiling that keeps memory bounded; the least recently active went first"
                        + " (raise it with TCPLENS_JAVA_OPTS=-Dtcplens.maxConnections=N)");
        // Without the ceiling reached: no line at all.
        CliRun.Result quiet = CliRun.run("conns", List.of("-r", cap.toString(), "--format", "json", "--no-http"));
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.out().lines().filter(l -> l.contains("evicted"))).isEmpty();
    }

    @Test
    void anUnansweredSynIsWrittenS0AfterTheAttemptDelay(@TempDir Path dir) throws Exception {
        Scenario sc = new Scenario();
        sc.c(0.0, "S", 1000, 0);
        sc.c(1.0, "S", 1000, 0);
        sc.clientPort(40001);
        sc.c(5.2, "S", 5000, 0);
        sc.s(5.21, "SA", 7000, 5001);
        Path cap = dir.resolve("attempt.pcap");
        sc.writePcap(cap);
        CliRun.Result r = CliRun.run("conns", List.of("-r", cap.toString(), "--format", "json", "--no-http"));
        assertThat(r.exitCode()).isZero();
        String first = r.out().lines().findFirst().orElseThrow();
        assertThat(first).contains("\"stream\":0").contains("\"conn_state\":\"S0\"").contains("\"close_reason\":\"attempt\"");
    }
}
