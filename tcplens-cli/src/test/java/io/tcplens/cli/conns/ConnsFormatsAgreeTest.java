package io.tcplens.cli.conns;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcplens.cli.CliRun;
import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code conns --format csv} has every fact the JSON row has, under the JSON key (nested keys
 * flattened: {@code packets.client} is {@code client_packets}, {@code http.persistent} is
 * {@code http_persistent}, {@code analysis.keep_alive} is {@code keep_alive}) and with the same
 * value; the table shows the HTTP request/response counts and the keepalive intervals as JSON has
 * them. Over every committed capture, so HTTP, keepalive probes, resets and IPv6 all occur.
 */
class ConnsFormatsAgreeTest {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Test
    void csvHasEveryJsonFactUnderItsKeyWithTheSameValue() throws Exception {
        int rows = 0, httpRows = 0, intervalRows = 0;
        for (Path capture : TestPaths.capturesUnder(TestPaths.captures())) {
            List<Map<String, String>> json = json(capture);
            List<Map<String, String>> csv = csv(capture);
            assertThat(csv).as(capture.toString()).hasSameSizeAs(json);
            for (int i = 0; i < json.size(); i++) {
                Map<String, String> j = json.get(i), c = csv.get(i);
                String where = capture.getFileName() + " row " + i;
                for (var e : j.entrySet()) {
                    if (e.getKey().equals("http")) continue;   // null: no http object, its columns checked below
                    assertThat(c).as(where + ": CSV column " + e.getKey()).containsKey(e.getKey());
                    assertThat(c.get(e.getKey())).as(where + " " + e.getKey()).isEqualTo(e.getValue());
                }
                for (var e : c.entrySet()) {
                    if (j.containsKey(e.getKey())) continue;
                    // JSON leaves out analysis flags that are zero, and the http object's keys when it is null
                    if (e.getKey().startsWith("http_")) {
                        assertThat(j.get("http")).as(where + " " + e.getKey()).isEqualTo("");
                        assertThat(e.getValue()).as(where + " " + e.getKey()).isEmpty();
                    } else {
                        assertThat(e.getValue()).as(where + " " + e.getKey() + " (a zero analysis count)").isEqualTo("0");
                    }
                }
                rows++;
                if (!c.get("http_persistent").isEmpty()) httpRows++;
                if (!c.get("client_keepalive_interval").isEmpty() || !c.get("server_keepalive_interval").isEmpty()) intervalRows++;
            }
        }
        // the comparison saw what it is about
        assertThat(rows).isGreaterThan(100);
        assertThat(httpRows).isGreaterThan(10);
        assertThat(intervalRows).isPositive();
    }

    @Test
    void theTableShowsTheHttpCountsAndKeepaliveIntervalsOfTheJson() throws Exception {
        int checked = 0;
        for (String name : List.of("lab-keepalive.pcap", "http-keepalive-timeout.pcap", "lab-pipeline.pcap", "lab-close.pcap",
                "analyze-keepalive-window.pcap", "tcp_refuseconnection.pcapng")) {
            Path capture = TestPaths.captures().resolve(name);
            List<Map<String, String>> json = json(capture);
            List<String> lines = CliRun.run("conns", List.of("-r", capture.toString())).out().lines().toList();
            assertThat(lines.getFirst().split(" {2,}")).containsSequence("history", "http", "ka interval c/s", "notes");
            assertThat(lines).hasSize(json.size() + 1);
            for (int i = 0; i < json.size(); i++) {
                Map<String, String> j = json.get(i);
                String[] cells = lines.get(i + 1).trim().split(" {2,}");
                String http = j.containsKey("http_persistent") ? j.get("http_requests") + "/" + j.get("http_responses") : "-";
                assertThat(cells[12]).as(name + " " + lines.get(i + 1)).isEqualTo(http);
                String cl = j.get("client_keepalive_interval"), sv = j.get("server_keepalive_interval");
                String ka = cl.isEmpty() && sv.isEmpty() ? "-" : ms(cl) + "/" + ms(sv);
                assertThat(cells[13]).as(name + " " + lines.get(i + 1)).isEqualTo(ka);
                if (j.get("http_persistent") != null) {
                    assertThat(lines.get(i + 1)).contains(j.get("http_persistent").equals("true") ? "HTTP persistent" : "HTTP not persistent");
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(5);
    }

    private static String ms(String seconds) {
        return seconds.isEmpty() ? "-" : String.format(Locale.ROOT, "%.3fs", Double.parseDouble(seconds));
    }

    /** Each JSON row flattened to CSV's column names; null is "", an object that is null is "" under its own key. */
    private static List<Map<String, String>> json(Path capture) {
        CliRun.Result r = CliRun.run("conns", List.of("-r", capture.toString(), "--format", "json"));
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            Map<String, String> row = new LinkedHashMap<>();
            try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), line)) {
                assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                String outer = null;
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    if (t == JsonToken.PROPERTY_NAME) continue;
                    if (t == JsonToken.START_OBJECT) {
                        outer = p.currentName();
                        continue;
                    }
                    if (t == JsonToken.END_OBJECT) {
                        outer = null;
                        continue;
                    }
                    String key = p.currentName();
                    String value = t == JsonToken.VALUE_NULL ? "" : p.getString();
                    if (outer == null) {
                        row.put(key, value);
                    } else if (outer.equals("http")) {
                        if (!key.equals("requests")) row.put("http_" + key, value);   // http.requests is http_requests
                    } else if (outer.equals("analysis")) {
                        row.put(key, value);
                    } else {
                        row.put(key + "_" + outer, value);
                    }
                }
            }
            out.add(row);
        }
        return out;
    }

    /** RFC 4180 rows keyed by the header. */
    private static List<Map<String, String>> csv(Path capture) {
        CliRun.Result r = CliRun.run("conns", List.of("-r", capture.toString(), "--format", "csv"));
        List<List<String>> records = parse(r.out());
        List<Map<String, String>> out = new ArrayList<>();
        if (records.isEmpty()) return out;
        List<String> header = records.getFirst();
        for (List<String> rec : records.subList(1, records.size())) {
            assertThat(rec).as(capture + ": cells against the header").hasSameSizeAs(header);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) row.put(header.get(i), rec.get(i));
            out.add(row);
        }
        return out;
    }

    private static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.append(ch);
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                rec.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n') {
                rec.add(cell.toString());
                cell.setLength(0);
                records.add(rec);
                rec = new ArrayList<>();
            } else if (ch != '\r') {
                cell.append(ch);
            }
        }
        return records;
    }
}
