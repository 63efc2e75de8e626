package io.tcplens.lab;

import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.cli.Main;
import io.tcplens.live.LiveTestSupport;
import io.tcplens.live.Pcap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** tcplens lab as a user runs it: text, JSON, --save, and its errors. */
@Timeout(60)
class LabCommandTest {

    private record Result(int code, String out, String err) { }

    private static synchronized Result cli(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void listsScenarios() {
        Result r = cli("lab", "--list");
        assertThat(r.code()).isZero();
        for (Scenario s : Scenario.values()) assertThat(r.out()).contains(s.cliName());
    }

    @Test
    void unknownScenario() {
        Result r = cli("lab", "nonesuch");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown scenario 'nonesuch'");
    }

    @Test
    void withoutLibpcap() {
        Result r = cli("lab", "get", "--libpcap", "/nonexistent/libpcap.so");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("apt-get install libpcap0.8").doesNotContain("Exception");
    }

    @Test
    void refusedTextAndSave(@TempDir Path dir) throws Exception {
        LiveTestSupport.assumeCapture();
        Path file = dir.resolve("refused.pcap");
        Result r = cli("lab", "refused", "-n", "--save", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Flags [S]").contains("Flags [R.]").contains("What to look for:")
                .contains("Connection refused")
                .contains("answered with a RST"); // the engine's explanation
        assertThat(r.err()).contains("2 packets captured");
        int n = 0;
        try (CaptureReader reader = CaptureReader.open(file.toString())) {
            Frame f = new Frame();
            while (reader.next(f)) n++;
        }
        assertThat(n).isEqualTo(2);
    }

    @Test
    void getAsJson() {
        LiveTestSupport.assumeCapture();
        Result r = cli("lab", "get", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).startsWith("{").endsWith("}")
                .contains("\"handshake\":\"three-way\"").contains("\"active_closer\":\"client\"")
                .contains("\"time_wait\":\"client\"");
        assertThat(r.out().lines().count()).isEqualTo(1);
    }

    @Test
    void keepaliveExplainedInChinese() {
        LiveTestSupport.assumeCapture();
        Result r = cli("lab", "keepalive", "-n", "--idle-timeout", "2.2", "--lang", "zh");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("keep-alive probe").contains("TIME_WAIT").contains("服务器");
    }

    @Test
    void libraryPropertyIsNotLeftBehind() {
        cli("lab", "get", "--libpcap", "/nonexistent/libpcap.so");
        assertThat(System.getProperty(Pcap.LIBRARY_PROPERTY)).isNull();
    }
}
