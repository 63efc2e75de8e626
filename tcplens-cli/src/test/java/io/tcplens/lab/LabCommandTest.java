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
    void getAsJson_hasTheHttpFacts() {
        LiveTestSupport.assumeCapture();
        Result r = cli("lab", "get", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        // the same pipeline as explain: HTTP followed (was "http_requests":0,"http":null)
        assertThat(r.out()).contains("\"http_requests\":1").contains("\"http\":{\"persistent\":true,\"requests\":1,\"advertised_timeout\":3");
    }

    @Test
    void keepaliveExplainedInChinese() {
        LiveTestSupport.assumeCapture();
        Result r = cli("lab", "keepalive", "-n", "--idle-timeout", "2.2", "--lang", "zh");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().replaceAll("\\s*\\n\\s*", "")).contains("TIME_WAIT").contains("服务器").contains("保活探测");
        // the lab's own text too, not only the story
        assertThat(r.out()).contains("要看什么：").contains("程序做了什么：").contains("连接的梯形图：")
                .contains(" 客户端：发送 GET /json").contains(" 服务器：连接 1：响应 GET /json")
                .doesNotContain("What to look for").doesNotContain("What the programs did").doesNotContain("client: sent");
        // and the ladder's own labels (its title counts packets in Chinese, its heads name the roles)
        String ladder = r.out().substring(r.out().indexOf("连接的梯形图："));
        assertThat(ladder).contains(" 个报文").contains("客户端").contains("服务器").doesNotContain(" packets,");
    }

    @Test
    void keepaliveHasTheHttpParagraph() {
        LiveTestSupport.assumeCapture();
        Result r = cli("lab", "keepalive", "-n", "--idle-timeout", "1.5");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().replaceAll("\\s+", " ")).contains("HTTP: 1 request on this connection").contains("advertised Keep-Alive: timeout=1")
                .contains("The server closed the connection (FIN)");
        assertThat(r.err()).contains("packets captured, 0 dropped by kernel");
    }

    /** The program log in time order can never show the server answering before the client sent. */
    @Test
    void programLogInCausalOrder() {
        LiveTestSupport.assumeCapture();
        for (String sc : new String[] {"get", "seed-curl", "pipeline"}) {
            Result r = cli("lab", sc, "-n");
            assertThat(r.code()).as(r.err()).isZero();
            java.util.List<String> log = r.out().lines().dropWhile(l -> !l.equals("What the programs did:")).toList();
            int sent = indexOf(log, "client: sent "), answered = indexOf(log, "server: conn 1: answered "),
                    received = indexOf(log, "client: received ");
            assertThat(sent).as(sc + " log %s", log).isPositive().isLessThan(answered);
            assertThat(answered).as(sc + " log %s", log).isLessThan(received);
        }
    }

    private static int indexOf(java.util.List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i;
        return -1;
    }

    @Test
    void timingsOutOfRangeAreRefused() {
        String[][] cases = {
                {"--idle-timeout", "0", "--idle-timeout 0 is out of range (0.1 to 300 s)"},
                {"--idle-timeout", "-5", "--idle-timeout -5 is out of range"},
                {"--keep-interval", "0", "--keep-interval 0 is out of range (1 to 32767 s)"},
                {"--time-limit", "601", "--time-limit 601 is out of range"},
        };
        for (String[] c : cases) {
            Result r = cli("lab", "keepalive", c[0], c[1]);
            assertThat(r.code()).as(c[0] + " " + c[1]).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("tcplens: lab: " + c[2]);
        }
        Result r = cli("lab", "keepalive", "--idle-timeout", "60", "--time-limit", "30");
        assertThat(r.err()).contains("--idle-timeout 60 needs --time-limit of at least 65 (it is 30)");
    }

    /** The first article: curl's GET, the client closes, the server's FIN carries its ACK, the client waits. */
    @Test
    void seedCurl_threeSegmentCloseClientTimeWait() {
        LiveTestSupport.assumeCapture();
        Result r = cli("lab", "seed-curl", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"active_closer\":\"client\"").contains("\"time_wait\":\"client\"")
                .contains("\"http_requests\":1");
        // the server's ACK and FIN merge unless its thread is descheduled for a delayed-ACK time (40 ms)
        assertThat(r.out()).containsPattern("\"teardown\":\"(three-way|four-way)\"");
    }

    /** The keep-alive article's Connection: close run: [FP.] and nothing dropped. */
    @Test
    void seedClose_finRidesOnTheLastData() {
        LiveTestSupport.assumeCapture();
        Result r = cli("lab", "seed-close", "-n");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Flags [FP.]").contains("Connection: close");
        assertThat(r.err()).contains(", 0 dropped by kernel");
    }

    @Test
    void libraryPropertyIsNotLeftBehind() {
        cli("lab", "get", "--libpcap", "/nonexistent/libpcap.so");
        assertThat(System.getProperty(Pcap.LIBRARY_PROPERTY)).isNull();
    }
}
