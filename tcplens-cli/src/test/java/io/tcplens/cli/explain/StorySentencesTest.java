package io.tcplens.cli.explain;

import io.tcplens.cli.CliRun;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sentence of a story is true of the connection it tells: one scenario per sentence that
 * used to be printed where it was false, in English and in Chinese, over the bundled captures.
 */
class StorySentencesTest {
    static String explain(String capture, String lang) {
        CliRun.Result r = CliRun.run("explain", List.of("-r", TestPaths.captures().resolve(capture).toString(), "--lang", lang));
        assertThat(r.exitCode()).as(r.err()).isZero();
        // Join wrapped lines: a sentence may be broken anywhere.
        return r.out().replaceAll("(?<=\\p{IsHan}|[，。：；（）])\n(?=\\p{IsHan}|[，。：；（）])", "").replace('\n', ' ');
    }

    static String ladder(String capture) {
        CliRun.Result r = CliRun.run("ladder", List.of("-r", TestPaths.captures().resolve(capture).toString(), "--ascii", "--width", "140"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void halfCloseBeforeTheResponseIsNotCalledAnAgreedKeepAlive() {
        // lab-half-close: the client sends FIN (frame 6) before the response (frame 8).
        assertThat(explain("lab-half-close.pcap", "en")).doesNotContain("both sides agreed to keep it open")
                .contains("the client sent its FIN before the response had ended");
        assertThat(explain("lab-half-close.pcap", "zh")).doesNotContain("双方都同意在响应之后保持连接")
                .contains("客户端在响应结束之前就发出了 FIN");
        // a real keep-alive connection still says it
        assertThat(explain("lab-keepalive.pcap", "en")).contains("both sides agreed to keep it open");
    }

    @Test
    void timeWaitCostIsTheClosersOwn() {
        String get = explain("lab-get.pcap", "en");     // the client closes and waits
        assertThat(get).contains("The client ends in TIME_WAIT").doesNotContain("A server doing the active close")
                .contains("On the client this costs little");
        assertThat(explain("lab-get.pcap", "zh")).doesNotContain("由服务器主动关闭时").contains("在客户端这几乎没有代价");
        String ka = explain("lab-keepalive.pcap", "en"); // the server closes and waits
        assertThat(ka).contains("The server ends in TIME_WAIT").contains("A server doing the active close");
        assertThat(explain("lab-keepalive.pcap", "zh")).contains("由服务器主动关闭时");
    }

    @Test
    void simultaneousCloseDoesNotSayOnlyTheFirstCloserWaits() {
        String en = explain("analyze-simultaneous.pcap", "en");
        assertThat(en).contains("Both sides end in TIME_WAIT").doesNotContain("the side that closed first always does")
                .doesNotContain("The other side goes to CLOSED").contains("both sides are active closers");
        String zh = explain("analyze-simultaneous.pcap", "zh");
        assertThat(zh).contains("双方最终处于 TIME_WAIT").doesNotContain("先关闭的一方总是如此").doesNotContain("另一方在自己的 FIN 被确认后")
                .contains("同时关闭时双方都是主动关闭方");
    }

    @Test
    void zeroWindowNamesTheSide() {
        // tcp_zerowindowdead: the client 172.31.136.85:38760 advertises the zero windows (frames 2, 4, 6, 8).
        assertThat(explain("tcp_zerowindowdead.pcapng", "en")).contains("The client 172.31.136.85:38760 advertised a zero window 4 times")
                .contains("so the server had to stop sending");
        assertThat(explain("tcp_zerowindowdead.pcapng", "zh")).contains("客户端 172.31.136.85:38760 通告了 4 次零窗口").contains("服务器只能暂停发送");
    }

    @Test
    void aFinOnTheResponseIsNotAnIdleCloseOfZeroSeconds() {
        String en = explain("lab-close.pcap", "en");   // frame 17 is [FP.]: the response's last segment carries the FIN
        assertThat(en).doesNotContain("0.0 s after the last response").contains("with the last segment of its response itself");
        assertThat(explain("lab-close.pcap", "zh")).doesNotContain("最后一个响应之后 0.0 s").contains("服务器把 FIN 放在了响应的最后一个报文段上");
        // an idle close still says how long
        assertThat(explain("lab-keepalive.pcap", "en")).contains("closed the connection (FIN) 3.0 s after the last response");
    }

    @Test
    void listenBeforeTheSynAndFinWait2SkippedAreShown() {
        String en = explain("lab-keepalive.pcap", "en");
        assertThat(en).contains("CLOSED       LISTEN        before the first SYN").contains("the server was in LISTEN on port")
                .contains("FIN+ACK: FIN_WAIT_2 skipped").contains("it skipped FIN_WAIT_2");
        String zh = explain("lab-keepalive.pcap", "zh");
        assertThat(zh).contains("收到第一个 SYN 之前").contains("处于 LISTEN（监听）状态").contains("跳过了 FIN_WAIT_2");
        String l = ladder("lab-keepalive.pcap");
        assertThat(l.lines().filter(s -> s.contains("+")).findFirst().orElseThrow()).contains("CLOSED").contains("LISTEN");
        assertThat(l).contains("FIN_WAIT_2 skipped");
        // a four-segment close goes through FIN_WAIT_2 and says nothing of the kind
        assertThat(explain("lab-half-close.pcap", "en")).doesNotContain("FIN_WAIT_2 skipped").doesNotContain("skipped FIN_WAIT_2");
        // no handshake seen: no LISTEN invented
        assertThat(explain("tcp_zerowindowdead.pcapng", "en")).doesNotContain("LISTEN");
    }

    @Test
    void resumedPartsQuoteTheEnginesTimeouts() {
        String en = explain("analyze-resumed.pcap", "en");
        assertThat(en).doesNotContain("five minutes").contains("5 min of silence, 2 h 10 min when both sides were ESTABLISHED");
        assertThat(explain("analyze-resumed.pcap", "zh")).doesNotContain("五分钟").contains("2 小时 10 分钟");
    }

    @Test
    void ladderSpeaksChineseAndStaysAligned() {
        CliRun.Result r = CliRun.run("ladder", List.of("-r", TestPaths.captures().resolve("lab-keepalive.pcap").toString(),
                "--unicode", "--width", "100", "--lang", "zh"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        String zh = r.out();
        assertThat(zh).contains("客户端").contains("服务器").contains("个报文").contains("保活探测").contains("跳过 FIN_WAIT_2");
        for (String line : zh.lines().toList()) {
            assertThat(io.tcplens.render.ladder.LadderText.width(line)).as(line).isLessThanOrEqualTo(100);
        }
        // the lifelines are in the same display column on every row, Chinese labels or not
        List<Integer> serverColumn = zh.lines().filter(l -> l.contains("┤") || l.contains("▶│"))
                .map(l -> io.tcplens.render.ladder.LadderText.width(l.substring(0, Math.max(l.lastIndexOf('┤'), l.lastIndexOf('│')))))
                .distinct().toList();
        assertThat(serverColumn).hasSize(1);
        assertThat(CliRun.run("ladder", List.of("-r", TestPaths.captures().resolve("lab-keepalive.pcap").toString(), "--lang", "xx"))
                .exitCode()).isEqualTo(2);
    }

    @Test
    void langIsParsedInOnePlace() {
        assertThat(io.tcplens.render.explain.Explainer.Lang.parse("zh_CN")).isEqualTo(io.tcplens.render.explain.Explainer.Lang.ZH);
        assertThat(io.tcplens.render.explain.Explainer.Lang.parse("EN")).isEqualTo(io.tcplens.render.explain.Explainer.Lang.EN);
        assertThat(io.tcplens.render.explain.Explainer.Lang.parse("fr")).isNull();
        assertThat(CliRun.run("explain", List.of("-r", TestPaths.captures().resolve("lab-get.pcap").toString(), "--lang", "zh-CN"))
                .out()).contains("三次握手");
    }
}
