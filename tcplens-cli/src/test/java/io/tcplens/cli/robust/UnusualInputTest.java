package io.tcplens.cli.robust;

import io.tcplens.cli.CliRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unusual but legal input that once gave wrong or missing results silently (issue 17), each on a
 * generated capture ({@link UnusualCaptures}): the commands must report what is there, and say
 * what they could not follow.
 */
class UnusualInputTest {

    static List<String> jsonRows(String command, Path capture) {
        CliRun.Result r = CliRun.run(command, List.of("-r", capture.toString(), "--format", "json"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Arrays.stream(r.out().split("\n")).filter(l -> !l.isBlank()).toList();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"(?:[^\"\\\\]|\\\\.)*+\"|\\[[^\\]]*+\\]|[^,}\\]]+)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    // ------------------------------------------------------------------ 1. pipelining past 1,000

    @Test
    void deepPipeliningPairsEveryResponseWithItsRequestByOrder() throws Exception {
        for (int n : new int[] {1001, 1500}) {
            CliRun.Result r = CliRun.run("http", List.of("-r", UnusualCaptures.pipelined(n).toString(), "--format", "json"));
            List<String> rows = Arrays.stream(r.out().split("\n")).filter(l -> !l.isBlank()).toList();
            assertThat(rows).hasSize(n);
            for (int i = 0; i < n; i++) {
                // before: /p0 came out unanswered and response k was given to /p(k+1) (1,001) or /p(k+500)
                String row = rows.get(i);
                assertThat(field(row, "reason")).as("row " + i).isEqualTo("\"for /p" + i + "\"");
                assertThat(field(row, "uri")).as("row " + i).isEqualTo("\"/p" + i + "\"");
                assertThat(field(row, "host")).as("row " + i).isEqualTo("\"x\"");
                assertThat(field(row, "request_not_kept")).isEqualTo("false");
            }
            assertThat(r.err()).isEmpty();
        }
    }

    @Test
    void deepPipeliningGivesConnsTheRightRequestForTheClosingResponse() throws Exception {
        // The last request says "Connection: close" and the server closes after answering it: honoured.
        // Before, its close was paired with the response before last, and the last response looked like one too many.
        String row = jsonRows("conns", UnusualCaptures.pipelined(1001)).getFirst();
        assertThat(field(row, "http_requests")).isEqualTo("1001");
        assertThat(field(row, "http_responses")).isEqualTo("1001");
        assertThat(field(row, "client_said_close")).isEqualTo("true");
        assertThat(field(row, "server_honoured_close")).isEqualTo("true");
    }

    // ------------------------------------------------------------------ 2. heads over 8 KB

    @Test
    void longHeadsAreFollowedMarkedAndNeverCalledNoHttp() throws Exception {
        for (Path p : List.of(UnusualCaptures.longUri(), UnusualCaptures.longHeaderLine(), UnusualCaptures.tenMegabytesOfHeaders())) {
            CliRun.Result r = CliRun.run("http", List.of("-r", p.toString(), "--format", "json"));
            assertThat(r.err()).as(p.toString()).doesNotContain("no HTTP");
            List<String> rows = Arrays.stream(r.out().split("\n")).filter(l -> !l.isBlank()).toList();
            assertThat(rows).as(p.toString()).hasSize(1);
            String row = rows.getFirst();
            assertThat(field(row, "method")).isEqualTo("\"GET\"");
            assertThat(field(row, "status")).isEqualTo("200");
            assertThat(field(row, "request_complete")).isEqualTo("true");
            assertThat(field(row, "response_complete")).isEqualTo("true");
            assertThat(field(row, "oversized_head")).isEqualTo("true");
            String conns = jsonRows("conns", p).getFirst();
            assertThat(field(conns, "http_requests")).as(p.toString()).isEqualTo("1");
            assertThat(field(conns, "http_responses")).isEqualTo("1");
        }
        // the 9,000-byte URI is kept whole (a line keeps its first 16 KB)
        String row = jsonRows("http", UnusualCaptures.longUri()).getFirst();
        assertThat(field(row, "uri")).isEqualTo("\"/" + "u".repeat(8999) + "\"");
        assertThat(field(jsonRows("http", UnusualCaptures.longHeaderLine()).getFirst(), "problems"))
                .contains("a header line of 20009 bytes: its first 16384 are kept");
    }

    @Test
    void anOrdinaryHeadIsNotMarked() throws Exception {
        String row = jsonRows("http", UnusualCaptures.nested(0, 0)).getFirst();
        assertThat(field(row, "oversized_head")).isEqualTo("false");
        assertThat(field(row, "problems")).isEqualTo("[]");
    }

    // ------------------------------------------------------------------ 3. chunk sizes of 16 digits and more

    @Test
    void chunkSizesWithLeadingZerosFrameTheBody() throws Exception {
        String row = jsonRows("http", UnusualCaptures.sixteenDigitChunk()).getFirst();
        assertThat(field(row, "response_body_bytes")).isEqualTo("5");     // before: 0, incomplete
        assertThat(field(row, "response_complete")).isEqualTo("true");
        assertThat(field(row, "problems")).isEqualTo("[]");
    }

    @Test
    void anOverflowingChunkSizeIsAProblemOnTheExchange() throws Exception {
        String row = jsonRows("http", UnusualCaptures.overflowingChunk()).getFirst();
        assertThat(field(row, "response_complete")).isEqualTo("false");
        assertThat(field(row, "problems")).contains("chunk size overflows (more than 15 significant hex digits): 10000000000000005");
    }

    // ------------------------------------------------------------------ 4. nesting past 8

    @Test
    void connectionsUnderDeepNestingAreAnalysed() throws Exception {
        for (int[] vi : new int[][] {{9, 0}, {16, 0}, {20, 0}, {0, 9}, {0, 16}, {0, 64}, {20, 64}}) {
            Path p = UnusualCaptures.nested(vi[0], vi[1]);
            List<String> conns = jsonRows("conns", p);
            assertThat(conns).as(p.toString()).hasSize(1);
            assertThat(field(conns.getFirst(), "http_requests")).isEqualTo("1");
            CliRun.Result explain = CliRun.run("explain", List.of("-r", p.toString()));
            assertThat(explain.out()).as(p.toString()).doesNotContain("no TCP connection");
            assertThat(explain.err()).doesNotContain("not analysed");
        }
    }

    @Test
    void framesBeyondTheLimitsOrOfAnUnknownLinkTypeAreCountedOnStderr() throws Exception {
        CliRun.Result deep = CliRun.run("conns", List.of("-r", UnusualCaptures.nested(0, 65).toString()));
        assertThat(deep.err()).contains("tcplens: 10 frames not analysed: nesting deeper than 64");
        CliRun.Result tags = CliRun.run("explain", List.of("-r", UnusualCaptures.nested(21, 0).toString()));
        assertThat(tags.err()).contains("tcplens: 10 frames not analysed: more than 20 VLAN tags");
        CliRun.Result link = CliRun.run("http", List.of("-r", UnusualCaptures.unknownLinkType().toString()));
        assertThat(link.err()).contains("tcplens: 10 frames not analysed: unknown link type 48879");
        // said once, at the end
        assertThat(link.err().split("not analysed", -1)).hasSize(2);
    }

    // ------------------------------------------------------------------ 6. pcapng damage libpcap reads past

    @Test
    void aFirstSectionHeaderWithAWrongTrailingLengthIsReadWithAWarning(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] f = java.nio.file.Files.readAllBytes(io.tcplens.testing.TestPaths.captures().resolve("http_ip4and6.pcapng"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(f).order(f[8] == 0x4D ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        int len = b.getInt(4);
        b.putInt(len - 4, len + 4);
        Path damaged = java.nio.file.Files.write(dir.resolve("shb-trailer.pcapng"), f);
        CliRun.Result intact = CliRun.run("conns", List.of("-r", io.tcplens.testing.TestPaths.captures().resolve("http_ip4and6.pcapng").toString()));
        CliRun.Result r = CliRun.run("conns", List.of("-r", damaged.toString()));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(intact.out());
        assertThat(r.err()).contains("warning: the section header block at byte offset 0 has length " + len
                + " but trailing length " + (len + 4));
    }

    // ------------------------------------------------------------------ 7. a NUL in the request line

    @Test
    void aRequestLineWithANulIsAMalformedRequest() throws Exception {
        String row = jsonRows("http", UnusualCaptures.nulInRequestLine()).getFirst();
        assertThat(field(row, "method")).isEqualTo("\"GET\"");           // before: dropped, "? ? -> 200 OK"
        assertThat(field(row, "uri")).isEqualTo("\"/a\\u0000b\"");
        assertThat(field(row, "request_malformed")).isEqualTo("true");
        assertThat(field(row, "status")).isEqualTo("200");
        assertThat(field(jsonRows("conns", UnusualCaptures.nulInRequestLine()).getFirst(), "http_requests")).isEqualTo("1");
        CliRun.Result table = CliRun.run("http", List.of("-r", UnusualCaptures.nulInRequestLine().toString()));
        assertThat(table.out()).contains("/a.b").contains("[malformed request]");
    }
}
