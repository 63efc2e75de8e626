package io.tcplens.lab;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lab's timings: the articles' 60 s must be possible, and a value out of range is refused, never clamped. */
class LabSettingsTest {

    private static LabSettings with(double idleSeconds, int limitSeconds) {
        return new LabSettings(0, Duration.ofMillis(Math.round(idleSeconds * 1000)), Duration.ofSeconds(1), Duration.ofSeconds(1),
                10, 3, 0, Duration.ofMillis(100), Duration.ZERO, Duration.ofSeconds(limitSeconds), false);
    }

    @Test
    void articleTimingsAreKeptAsAsked() {
        LabSettings s = with(60, 75);
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(60));   // was silently 29.5 s
        assertThat(s.timeLimit()).isEqualTo(Duration.ofSeconds(75));     // was capped at 30 s
        assertThat(with(120, 130).idleTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(with(2.5, 30).idleTimeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void outOfRangeIsRefusedWithTheOptionAndRange() {
        assertThatThrownBy(() -> with(0, 30)).hasMessage("--idle-timeout 0 is out of range (0.1 to 300 s)");
        assertThatThrownBy(() -> with(-5, 30)).hasMessage("--idle-timeout -5 is out of range (0.1 to 300 s)");
        assertThatThrownBy(() -> with(60, 30)).hasMessage("--idle-timeout 60 needs --time-limit of at least 65 (it is 30)");
        assertThatThrownBy(() -> with(3, 601)).hasMessageStartingWith("--time-limit 601 is out of range");
        assertThatThrownBy(() -> LabSettings.defaults().withKeepAlive(Duration.ofSeconds(1), Duration.ZERO, 10))
                .hasMessage("--keep-interval 0 is out of range (1 to 32767 s)");
        assertThatThrownBy(() -> LabSettings.defaults().withResponseBytes(-1)).hasMessageStartingWith("--response-bytes -1 is out of range");
    }

    @Test
    void seedPresetsAreTheArticles() {
        LabSettings ka = Scenario.SEED_KEEPALIVE.adjust(LabSettings.defaults());
        assertThat(ka.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(ka.keepIdle()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ka.keepInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ka.responseBytes()).isBetween(37_000, 39_000);
        assertThat(ka.timeLimit()).isGreaterThan(Duration.ofSeconds(65));
        LabSettings close = Scenario.SEED_CLOSE.adjust(LabSettings.defaults());
        assertThat(close.responseBytes()).isBetween(37_000, 39_000);
        assertThat(close.clientReceiveBuffer()).isPositive();
        assertThat(Scenario.fromCliName("seed-curl")).isEqualTo(Scenario.SEED_CURL);
    }

    @Test
    void noteLinesInBothLanguages() {
        LabNote n = new LabNote(java.time.Instant.parse("2026-12-04T01:02:03.000004Z"), true, "answered", "响应");
        assertThat(n.line(false)).endsWith(" server: answered").matches("\\d\\d:\\d\\d:03\\.000004 .*");
        assertThat(n.line(true)).endsWith(" 服务器：响应");
    }

    @Test
    void chineseWrapKeepsAsciiWordsWhole() {
        List<String> lines = io.tcplens.cli.LabTextAccess.wrapZh("客户端每秒发一个不带数据的 [.] 报文 Keep-Alive: timeout=N 结束", 10);
        List<String> words = new ArrayList<>();
        for (String l : lines) {
            assertThat(l.length()).isLessThanOrEqualTo(16);
            words.addAll(List.of(l.split(" ")));
        }
        assertThat(String.join("", lines).replace(" ", "")).isEqualTo("客户端每秒发一个不带数据的[.]报文Keep-Alive:timeout=N结束");
        assertThat(lines).anyMatch(l -> l.contains("Keep-Alive:")).anyMatch(l -> l.contains("timeout=N"));
    }
}
