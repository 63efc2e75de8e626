package io.tcplens.cli.explain;

import io.tcplens.cli.CliRun;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Chinese text as a Chinese textbook typesets it, over every bundled capture: full-width
 * punctuation next to Chinese characters (，：；（）), no space between two Chinese words, and
 * the terms Chinese textbooks use.
 */
class ChineseTextTest {
    private static final String HAN = "\\p{IsHan}";
    /** ASCII punctuation touching a Chinese character, either side. */
    static final Pattern ASCII_PUNCT = Pattern.compile(HAN + "[,:;()!?]|[,:;()!?]" + HAN);
    /** Spaces between two Chinese characters ("向 服务器"), or around full-width punctuation. */
    static final Pattern SPACE = Pattern.compile(HAN + " +" + HAN + "|[，。：；（）、] +| +[，。：；）、]");

    /** Every problem in {@code text}, with a little context, for the failure message. */
    static List<String> problems(String source, String text) {
        List<String> out = new ArrayList<>();
        for (Pattern p : List.of(ASCII_PUNCT, SPACE)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                int a = Math.max(0, m.start() - 12), b = Math.min(text.length(), m.end() + 12);
                out.add(source + ": «" + text.substring(a, b).replace('\n', '⏎') + "»");
            }
        }
        return out;
    }

    /** The story without the packet table (whose header is aligned with spaces on purpose). */
    static String storyOnly(String explain) {
        StringBuilder sb = new StringBuilder();
        boolean inTable = false;
        for (String line : explain.split("\n", -1)) {
            if (line.startsWith("====")) { inTable = true; continue; }
            if (inTable) { if (line.isEmpty()) inTable = false; continue; }
            // a wrapped line's break is not a space: join as the reader reads it
            sb.append(line).append('\n');
        }
        return sb.toString().replaceAll("(\\p{IsHan}|[，。：；（）])\n(?=\\p{IsHan}|[，。：；（）])", "$1");
    }

    static List<Path> captures() throws Exception {
        try (var s = Files.list(TestPaths.captures())) {
            return s.filter(p -> p.toString().matches(".*\\.pcap(ng)?$")).sorted().toList();
        }
    }

    @Test
    void everyChineseStoryOverTheBundledCapturesIsTypesetAsChinese() throws Exception {
        List<String> problems = new ArrayList<>();
        int stories = 0;
        for (Path p : captures()) {
            CliRun.Result r = CliRun.run("explain", List.of("-r", p.toString(), "--lang", "zh"));
            if (r.exitCode() != 0) continue;   // captures without TCP
            stories++;
            problems.addAll(problems(p.getFileName().toString(), storyOnly(r.out())));
        }
        assertThat(stories).isGreaterThan(40);
        assertThat(problems).as("ASCII punctuation next to Chinese, or spaces between Chinese words").isEmpty();
    }

    @Test
    void theScannerFindsWhatItLooksFor() {
        assertThat(problems("x", "客户端 1.2.3.4:5 向 服务器 6.7.8.9:80 发起连接")).hasSize(1);
        assertThat(problems("x", "握手耗时 1 ms(即初始往返时间)")).hasSize(2);
        assertThat(problems("x", "发出 SYN,然后")).hasSize(1);
        assertThat(problems("x", "客户端 1.2.3.4:5 向服务器 6.7.8.9:80 发起连接（三次握手），随后 ESTABLISHED。")).isEmpty();
    }

    @Test
    void termsAreTheTextbooksAndTheTableSaysDirection() {
        String ka = CliRun.run("explain", List.of("-r", TestPaths.captures().resolve("lab-keepalive.pcap").toString(), "--lang", "zh")).out();
        assertThat(ka).contains("三次握手").contains("保活探测").contains("主动关闭").contains("被动关闭").contains("首字节时间");
        assertThat(ka.lines().filter(l -> l.contains("帧") && l.contains("时间")).findFirst().orElseThrow()).contains("方向");
        String td = CliRun.run("explain", List.of("-r", TestPaths.captures().resolve("tcp_teardown.pcapng").toString(), "--lang", "zh")).out();
        assertThat(td).contains("四次挥手");
        String half = CliRun.run("explain", List.of("-r", TestPaths.captures().resolve("lab-half-close.pcap").toString(), "--lang", "zh")).out();
        assertThat(half).contains("半关闭");
    }
}
