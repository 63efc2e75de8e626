package io.tcplens.render.report;

import io.tcplens.render.ladder.LadderConnection;
import io.tcplens.render.ladder.LadderSvg;
import io.tcplens.render.ladder.LadderText;
import io.tcplens.render.ladder.Xml;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * The self-contained HTML report: one file with no external resource, a summary of the capture, a
 * sortable, filterable, virtually scrolled table of all connections (embedded as JSON), and for
 * the interesting connections their lifecycle, ladder diagram, time-sequence graph, keep-alive
 * timeline and HTTP transactions.
 *
 * <p>Safety: every string from the capture is escaped for its context (HTML text, attribute,
 * JSON inside a script block with {@code <}, {@code >}, {@code &}, U+2028/9 written as \\u
 * escapes); the page's scripts only ever put capture data into the DOM with textContent; and a
 * Content-Security-Policy allows only the page's own inline script and style (by SHA-256 hash),
 * no network, no plugins, no inline event handlers.
 *
 * <pre>
 * try (var out = Files.newOutputStream(path)) { HtmlReport.write(model, out); }
 * </pre>
 */
public final class HtmlReport {
    private HtmlReport() {}

    /**
     * @param maxDetailed     at most this many connections carry detail (anomalies first)
     * @param expandBelow     captures with at most this many connections show every detail expanded
     * @param detailBudget    stop adding detail once it has taken this many characters
     * @param csp             write the Content-Security-Policy meta (tests turn it off to prove the
     *                        escaping holds on its own)
     * @param maxLadderPackets ladders of longer connections draw only their first packets
     */
    public record Options(int maxDetailed, int expandBelow, long detailBudget, boolean csp, int maxLadderPackets) {
        public static Options defaults() { return new Options(500, 12, 40_000_000L, true, 3000); }

        public Options withCsp(boolean on) { return new Options(maxDetailed, expandBelow, detailBudget, on, maxLadderPackets); }

        public Options withMaxDetailed(int n) { return new Options(n, expandBelow, detailBudget, csp, maxLadderPackets); }

        public Options withExpandBelow(int n) { return new Options(maxDetailed, n, detailBudget, csp, maxLadderPackets); }
    }

    /** Order of the values in each embedded row (the page's script reads them by position). */
    static final List<String> COLUMNS = List.of("stream", "clientAddr", "clientPort", "serverAddr", "serverPort",
            "startRelMicros", "durationMicros", "packets", "clientBytes", "serverBytes", "handshake", "teardown",
            "closedBy", "clientState", "serverState", "retransmissions", "dupAcks", "outOfOrder", "lostSegments",
            "zeroWindows", "keepAlives", "resets", "http", "detail");

    private static final String ERRORS_JS = resource("errors.js");
    private static final String REPORT_JS = resource("report.js");
    private static final String CSS = resource("report.css") + LadderSvg.CSS + Charts.CSS;

    public static void write(ReportModel m, OutputStream out) {
        write(m, out, Options.defaults());
    }

    public static void write(ReportModel m, OutputStream out, Options o) {
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            new Page(m, o, w).write();
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Which connections get detail: those with packets, most interesting first, within the limits. */
    public static List<ReportConnection> interesting(List<ReportConnection> cs, int max) {
        List<ReportConnection> withPackets = new ArrayList<>();
        for (ReportConnection c : cs) if (c.ladder() != null) withPackets.add(c);
        withPackets.sort(Comparator.comparingLong((ReportConnection c) -> -(c.anomalies().score() + (c.http().isEmpty() ? 0 : 1)))
                .thenComparingLong(ReportConnection::stream));
        return withPackets.size() > max ? withPackets.subList(0, max) : withPackets;
    }

    private static final class Page {
        final ReportModel m;
        final Options o;
        final Writer w;
        final List<ReportConnection> cs;
        final long t0;

        Page(ReportModel m, Options o, Writer w) {
            this.m = m;
            this.o = o;
            this.w = w;
            this.cs = m.connections();
            long first = m.summary().firstMicros();
            if (first == 0 && !cs.isEmpty()) first = cs.stream().mapToLong(ReportConnection::firstMicros).min().orElse(0);
            this.t0 = first;
        }

        void write() throws IOException {
            // Decide on detail first: which connections, rendered how.
            boolean expand = cs.size() <= o.expandBelow();
            Map<Long, String> detail = new LinkedHashMap<>();
            long budget = o.detailBudget();
            for (ReportConnection c : interesting(cs, o.maxDetailed())) {
                // A connection that came back after its summary has a second row with the same
                // stream: the page finds details by stream, so it keeps one (the more interesting).
                if (detail.containsKey(c.stream())) continue;
                String html = detailHtml(c);
                if (budget - html.length() < 0 && !detail.isEmpty()) break;
                budget -= html.length();
                detail.put(c.stream(), html);
            }
            boolean truncated = detail.size() < cs.size();
            String title = "tcplens report" + (m.summary().captureName().isEmpty() ? "" : " \u2014 " + m.summary().captureName());

            w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            if (o.csp()) {
                w.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src "
                        + hash(ERRORS_JS) + " " + hash(REPORT_JS) + "; style-src " + hash(CSS)
                        + "; img-src 'none'; font-src 'none'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'\">\n");
            }
            w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            w.write("<meta name=\"referrer\" content=\"no-referrer\">\n");
            w.write("<meta name=\"generator\" content=\"" + esc(m.summary().generator()) + "\">\n");
            w.write("<title>" + esc(title) + "</title>\n<style>" + CSS + "</style>\n</head>\n<body>\n");
            w.write("<pre id=\"tl-errors\" data-count=\"0\"></pre>\n<script>" + ERRORS_JS + "</script>\n");
            w.write("<header class=\"top\"><h1>tcplens report</h1><span class=\"cap\">" + esc(m.summary().captureName())
                    + "</span><span class=\"gen\">" + esc(m.summary().generator()) + "</span></header>\n<main>\n");
            summary();
            w.write("<section id=\"connections\"><h2>Connections</h2>\n");
            w.write("<div class=\"toolbar\"><input id=\"tl-q\" type=\"search\" placeholder=\"Filter: address, port, state, teardown\u2026  e.g. port:443 state:time_wait has:retr\" aria-label=\"Filter connections\" autocomplete=\"off\" spellcheck=\"false\">"
                    + "<select id=\"tl-td\" aria-label=\"Teardown kind\"><option value=\"\">any teardown</option></select>"
                    + "<select id=\"tl-an\" aria-label=\"Anomalies\"><option value=\"\">any connection</option><option value=\"any\">with anomalies</option>"
                    + "<option value=\"none\">without anomalies</option><option value=\"retr\">retransmissions</option><option value=\"dup\">duplicate ACKs</option>"
                    + "<option value=\"ooo\">out-of-order / lost</option><option value=\"zw\">zero window</option><option value=\"rst\">reset</option>"
                    + "<option value=\"ka\">keep-alive</option><option value=\"http\">HTTP</option></select>"
                    + "<span class=\"count\" id=\"tl-count\"></span></div>\n");
            w.write("<p class=\"help\">Words match anywhere; <code>port:</code> <code>addr:</code> <code>client:</code> <code>server:</code> <code>state:</code> "
                    + "<code>teardown:</code> <code>handshake:</code> <code>stream:</code> <code>has:retr|dup|ooo|zw|rst|ka|http</code> narrow to one field. "
                    + "Click a column to sort, a row for its details.</p>\n");
            w.write("<div class=\"vt\" role=\"table\" aria-label=\"Connections\"><div class=\"hd\" id=\"tl-hd\" role=\"row\"></div>"
                    + "<div class=\"vp\" id=\"tl-vp\"><div class=\"sp\" id=\"tl-sp\"></div></div></div>\n");
            if (truncated && !cs.isEmpty()) {
                w.write("<p class=\"note\" id=\"tl-limit\">This capture has " + fmt(cs.size()) + " connections; lifecycle, diagrams and HTTP detail are kept for the "
                        + fmt(detail.size()) + " most interesting of them (anomalies first, at most " + fmt(o.maxDetailed())
                        + ") so the file stays small. The table lists every connection.</p>\n");
            }
            w.write("<div id=\"tl-detail\" aria-live=\"polite\"></div>\n</section>\n");
            if (expand && !detail.isEmpty()) {
                w.write("<section id=\"details\"><h2>Connection details</h2>\n");
                // Expanded, they read best in capture order.
                java.util.Set<Long> written = new java.util.HashSet<>();
                for (ReportConnection c : cs) if (detail.containsKey(c.stream()) && written.add(c.stream())) w.write(detail.get(c.stream()));
                w.write("</section>\n");
            }
            w.write("</main>\n<footer>Generated by " + esc(m.summary().generator())
                    + ". Self-contained: no network access, no external resources.</footer>\n");
            // Data, then the detail templates, then the script that uses them.
            w.write("<script type=\"application/json\" id=\"tl-data\">");
            long withPackets = cs.stream().filter(c -> c.ladder() != null).count();
            data(detail.keySet(), expand, detail.size() < withPackets);
            w.write("</script>\n");
            if (!expand) {
                for (var e : detail.entrySet()) {
                    w.write("<template id=\"tl-d-" + e.getKey() + "\">");
                    w.write(e.getValue());
                    w.write("</template>\n");
                }
            }
            w.write("<script>" + REPORT_JS + "</script>\n</body>\n</html>\n");
        }

        void summary() throws IOException {
            long retr = 0, dup = 0, zw = 0, ka = 0, rst = 0, ooo = 0, httpN = 0, withKa = 0, withRst = 0, withProblems = 0, pk = 0;
            Map<String, Long> hs = new HashMap<>(), td = new HashMap<>(), status = new HashMap<>();
            for (ReportConnection c : cs) {
                Anomalies a = c.anomalies();
                retr += a.retransmissions();
                dup += a.dupAcks();
                zw += a.zeroWindows();
                ka += a.keepAlives();
                rst += a.resets();
                ooo += a.outOfOrder() + a.lostSegments();
                if (a.keepAlives() > 0) withKa++;
                if (a.resets() > 0) withRst++;
                if (a.problems()) withProblems++;
                pk += c.packets();
                hs.merge(c.handshake().isEmpty() ? "unknown" : c.handshake(), 1L, Long::sum);
                td.merge(c.teardown().isEmpty() ? "unknown" : c.teardown(), 1L, Long::sum);
                httpN += c.httpCount();
                for (HttpTransaction h : c.http()) status.merge(h.status() == 0 ? "no response" : (h.status() / 100) + "xx", 1L, Long::sum);
            }
            ReportSummary s = m.summary();
            long first = s.firstMicros() != 0 ? s.firstMicros() : t0;
            long last = s.lastMicros() != 0 ? s.lastMicros() : cs.stream().mapToLong(ReportConnection::lastMicros).max().orElse(first);
            w.write("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
            card("Packets", fmt(s.packets() > 0 ? s.packets() : pk), "", "s-packets");
            card("TCP connections", fmt(cs.size()), "", "s-conns");
            card("Time span", LadderText.duration(last - first, true), "", "s-span");
            card("First packet (UTC)", first == 0 ? "\u2014" : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(
                    Instant.ofEpochSecond(first / 1_000_000).atOffset(ZoneOffset.UTC)), "small", "s-first");
            card("With anomalies", fmt(withProblems), withProblems > 0 ? "warn" : "", "s-anom");
            card(rst > 0 ? "RST segments, in " + fmt(withRst) + (withRst == 1 ? " connection" : " connections") : "RST segments", fmt(rst), rst > 0 ? "bad" : "", "s-rst");
            card("Retransmissions", fmt(retr), retr > 0 ? "bad" : "", "s-retr");
            card("Duplicate ACKs", fmt(dup), dup > 0 ? "warn" : "", "s-dup");
            card("Out-of-order / lost", fmt(ooo), ooo > 0 ? "warn" : "", "s-ooo");
            card("Zero windows", fmt(zw), zw > 0 ? "warn" : "", "s-zw");
            card(ka > 0 ? "Keep-alive probes, in " + fmt(withKa) + (withKa == 1 ? " connection" : " connections") : "Keep-alive probes", fmt(ka), "", "s-ka");
            card("HTTP transactions", fmt(httpN), "", "s-http");
            w.write("</div>\n<div class=\"kinds\">");
            kinds("Handshakes", hs, "s-hs");
            kinds("Teardowns", td, "s-td");
            if (!status.isEmpty()) kinds("HTTP responses", status, "s-status");
            w.write("</div>\n");
            for (String n : s.notes()) w.write("<p class=\"note\">" + esc(n) + "</p>\n");
            w.write("</section>\n");
        }

        void card(String k, String v, String cls, String id) throws IOException {
            w.write("<div class=\"card " + cls + "\" id=\"" + id + "\"><div class=\"v\">" + esc(v) + "</div><div class=\"k\">" + esc(k) + "</div></div>");
        }

        void kinds(String title, Map<String, Long> counts, String id) throws IOException {
            List<Map.Entry<String, Long>> es = new ArrayList<>(counts.entrySet());
            es.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            long max = es.isEmpty() ? 1 : es.getFirst().getValue();
            w.write("<div class=\"card\" id=\"" + id + "\"><h3>" + esc(title) + "</h3>");
            int shown = 0;
            for (var e : es) {
                if (shown++ == 8) {
                    long rest = es.subList(8, es.size()).stream().mapToLong(Map.Entry::getValue).sum();
                    w.write("<div class=\"bar\"><span class=\"muted\">" + (es.size() - 8) + " more kinds</span><span></span><span class=\"n\">" + fmt(rest) + "</span></div>");
                    break;
                }
                // The bar's width is a quantised class, not a style attribute: the CSP forbids inline styles.
                int pct = (int) Math.round(100.0 * e.getValue() / max);
                w.write("<div class=\"bar\"><span title=\"" + esc(e.getKey()) + "\">" + esc(e.getKey()) + "</span><span class=\"track\"><svg width=\"100%\" height=\"10\" "
                        + "viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\"><rect class=\"fillr\" x=\"0\" y=\"0\" width=\"" + Math.max(1, pct)
                        + "\" height=\"10\" rx=\"1\"/></svg></span><span class=\"n\">" + fmt(e.getValue()) + "</span></div>");
            }
            w.write("</div>");
        }

        void data(Set<Long> detailed, boolean expand, boolean limited) throws IOException {
            Map<String, Integer> dict = new LinkedHashMap<>();
            // Rows first into a buffer of ints, so the dictionary is complete before it is written.
            int cols = COLUMNS.size();
            long[] vals = new long[cs.size() * cols];
            int k = 0;
            Map<Integer, Long> tdCounts = new LinkedHashMap<>();
            for (ReportConnection c : cs) {
                Anomalies a = c.anomalies();
                vals[k++] = c.stream();
                vals[k++] = id(dict, c.clientAddr());
                vals[k++] = c.clientPort();
                vals[k++] = id(dict, c.serverAddr());
                vals[k++] = c.serverPort();
                vals[k++] = c.firstMicros() - t0;
                vals[k++] = c.lastMicros() - c.firstMicros();
                vals[k++] = c.packets();
                vals[k++] = c.clientBytes();
                vals[k++] = c.serverBytes();
                vals[k++] = id(dict, c.handshake().isEmpty() ? "unknown" : c.handshake());
                int td = id(dict, c.teardown().isEmpty() ? "unknown" : c.teardown());
                tdCounts.merge(td, 1L, Long::sum);
                vals[k++] = td;
                vals[k++] = id(dict, c.closedBy());
                vals[k++] = id(dict, c.clientState());
                vals[k++] = id(dict, c.serverState());
                vals[k++] = a.retransmissions();
                vals[k++] = a.dupAcks();
                vals[k++] = a.outOfOrder();
                vals[k++] = a.lostSegments();
                vals[k++] = a.zeroWindows();
                vals[k++] = a.keepAlives();
                vals[k++] = a.resets();
                vals[k++] = c.httpCount();
                vals[k++] = detailed.contains(c.stream()) ? (expand ? 2 : 1) : 0;
            }
            ScriptSafeWriter sw = new ScriptSafeWriter(w);
            try (JsonGenerator g = new JsonFactory().createGenerator(sw)) {
                g.writeStartObject();
                g.writeNumberProperty("v", 1);
                g.writeNumberProperty("t0", t0);
                g.writeNumberProperty("detailed", detailed.size());
                g.writeBooleanProperty("limited", limited);
                g.writeName("columns");
                g.writeStartArray();
                for (String c : COLUMNS) g.writeString(c);
                g.writeEndArray();
                g.writeName("dict");
                g.writeStartArray();
                for (String s : dict.keySet()) g.writeString(s);
                g.writeEndArray();
                g.writeName("teardowns");
                g.writeStartArray();
                List<Map.Entry<Integer, Long>> tds = new ArrayList<>(tdCounts.entrySet());
                tds.sort(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
                for (var e : tds) {
                    g.writeStartArray();
                    g.writeNumber(e.getKey());
                    g.writeNumber(e.getValue());
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeName("rows");
                g.writeStartArray();
                for (int r = 0; r < cs.size(); r++) {
                    g.writeStartArray();
                    for (int c = 0; c < cols; c++) g.writeNumber(vals[r * cols + c]);
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        }

        static int id(Map<String, Integer> dict, String s) {
            return dict.computeIfAbsent(s, x -> dict.size());
        }

        String detailHtml(ReportConnection c) {
            StringBuilder b = new StringBuilder(16384);
            b.append("<article class=\"conn\" id=\"conn-").append(c.stream()).append("\" data-stream=\"").append(c.stream()).append("\">");
            b.append("<header><h3>tcp.stream ").append(c.stream()).append("</h3><span class=\"ep\">").append(esc(c.clientEndpoint()))
                    .append(" \u2192 ").append(esc(c.serverEndpoint())).append("</span>").append(badges(c.anomalies())).append("</header>");
            b.append("<dl class=\"facts\">");
            fact(b, "Handshake", c.handshake());
            fact(b, "Teardown", c.teardown());
            fact(b, "Closed by", c.closedBy().isEmpty() ? "\u2014" : c.closedBy());
            fact(b, "TIME_WAIT", c.timeWaitSide().isEmpty() ? "\u2014" : c.timeWaitSide());
            fact(b, "Final states", c.clientState() + " / " + c.serverState());
            fact(b, "Start", "+" + LadderText.seconds(c.firstMicros() - t0) + " s");
            fact(b, "Duration", LadderText.duration(c.lastMicros() - c.firstMicros(), true));
            fact(b, "Packets", fmt(c.packets()));
            fact(b, "Bytes", fmt(c.clientBytes()) + " \u2191  " + fmt(c.serverBytes()) + " \u2193");
            b.append("</dl>");
            if (!c.lifecycle().isEmpty() || !c.lifecycleZh().isEmpty()) {
                b.append("<h4>Lifecycle</h4>");
                if (!c.lifecycle().isEmpty()) list(b, c.lifecycle(), "en");
                if (!c.lifecycleZh().isEmpty()) {
                    b.append("<details class=\"zh\"").append(c.lifecycle().isEmpty() ? " open" : "").append("><summary>\u4e2d\u6587</summary>");
                    list(b, c.lifecycleZh(), "zh");
                    b.append("</details>");
                }
            }
            LadderConnection l = c.ladder();
            if (l != null && !l.packets().isEmpty()) {
                String cut = "";
                if (l.packets().size() > o.maxLadderPackets()) {
                    cut = " (first " + fmt(o.maxLadderPackets()) + " of " + fmt(l.packets().size()) + " packets)";
                    l = new LadderConnection(l.stream(), l.clientLabel(), l.serverLabel(), l.packets().subList(0, o.maxLadderPackets()));
                }
                b.append("<h4>Ladder diagram").append(esc(cut)).append("</h4><div class=\"fig ladder\">")
                        .append(LadderSvg.render(l, LadderSvg.Options.inline())).append("</div>");
                b.append("<h4>Time-sequence graph</h4><div class=\"fig tsg\">").append(Charts.stevens(c.ladder())).append("</div>");
                b.append("<h4>Activity and keep-alive timeline</h4><div class=\"fig tl\">").append(Charts.timeline(c.ladder(), c.keepAliveTimeout(), c.keepAliveExpiresMicros())).append("</div>");
            }
            if (!c.http().isEmpty()) {
                b.append("<h4>HTTP transactions (").append(c.http().size()).append(")</h4><table class=\"http\"><thead><tr><th>#</th><th>Request</th>"
                        + "<th>Status</th><th>At</th><th>Wait</th><th>Total</th><th>Sent</th><th>Received</th></tr></thead><tbody>");
                int i = 0;
                for (HttpTransaction h : c.http()) {
                    i++;
                    b.append("<tr><td class=\"num\">").append(i).append("</td><td class=\"uri\"><b>").append(esc(h.method())).append("</b> ")
                            .append(esc(h.host().isEmpty() ? "" : h.host())).append(esc(h.uri())).append(' ')
                            .append("<span class=\"muted\">").append(esc(h.version())).append("</span>");
                    if (!h.requestHeaders().isEmpty() || !h.responseHeaders().isEmpty()) {
                        b.append("<details><summary class=\"muted\">headers</summary><pre>");
                        for (String s : h.requestHeaders()) b.append(esc(s)).append('\n');
                        if (!h.responseHeaders().isEmpty()) b.append('\n');
                        for (String s : h.responseHeaders()) b.append(esc(s)).append('\n');
                        b.append("</pre></details>");
                    }
                    b.append("</td><td><span class=\"s").append(Math.max(0, Math.min(5, h.status() / 100))).append("\">")
                            .append(h.status() == 0 ? "\u2014" : h.status()).append("</span> ").append(esc(h.reason())).append("</td>");
                    b.append("<td class=\"num\">+").append(LadderText.seconds(h.requestMicros() - c.firstMicros())).append(" s</td>");
                    b.append("<td class=\"num\">").append(h.responseStartMicros() < 0 ? "\u2014" : LadderText.duration(h.responseStartMicros() - h.requestMicros(), true)).append("</td>");
                    b.append("<td class=\"num\">").append(h.responseEndMicros() < 0 ? "\u2014" : LadderText.duration(h.responseEndMicros() - h.requestMicros(), true)).append("</td>");
                    b.append("<td class=\"num\">").append(fmt(h.requestBodyBytes())).append("</td><td class=\"num\">").append(fmt(h.responseBodyBytes())).append("</td></tr>");
                }
                b.append("</tbody></table>");
            }
            b.append("</article>\n");
            return b.toString();
        }

        static void fact(StringBuilder b, String k, String v) {
            b.append("<div><dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd></div>");
        }

        static void list(StringBuilder b, List<String> lines, String lang) {
            b.append("<ol class=\"life\" lang=\"").append(lang).append("\">");
            for (String s : lines) b.append("<li>").append(esc(s)).append("</li>");
            b.append("</ol>");
        }

        static String badges(Anomalies a) {
            StringBuilder b = new StringBuilder();
            badge(b, a.resets(), "r", "RST");
            badge(b, a.retransmissions(), "r", "retransmissions");
            badge(b, a.lostSegments(), "o", "lost");
            badge(b, a.dupAcks(), "o", "dup ACKs");
            badge(b, a.outOfOrder(), "o", "out-of-order");
            badge(b, a.zeroWindows(), "y", "zero window");
            // Keep-alive probes are no anomaly (the summary's count leaves them out too): "clean" first.
            if (b.isEmpty()) b.append("<span class=\"b ok\">clean</span>");
            badge(b, a.keepAlives(), "g", "keep-alive");
            return b.toString();
        }

        static void badge(StringBuilder b, int n, String cls, String label) {
            if (n > 0) b.append("<span class=\"b ").append(cls).append("\">").append(n).append(' ').append(label).append("</span>");
        }
    }

    static String esc(String s) { return Xml.escape(s); }

    static String fmt(long n) { return String.format(java.util.Locale.ROOT, "%,d", n); }

    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes JSON so that it can sit inside a {@code <script>} element: '<', '>' and '&' (only
     * possible inside JSON strings) become \\u escapes, so neither "</script>" nor "<!--" can
     * appear, and U+2028/U+2029 are escaped for old JavaScript parsers.
     */
    static final class ScriptSafeWriter extends Writer {
        private final Writer out;

        ScriptSafeWriter(Writer out) { this.out = out; }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            int start = off, end = off + len;
            for (int i = off; i < end; i++) {
                String rep = switch (cbuf[i]) {
                    case '<' -> "\\u003c";
                    case '>' -> "\\u003e";
                    case '&' -> "\\u0026";
                    case '\u2028' -> "\\u2028";
                    case '\u2029' -> "\\u2029";
                    default -> null;
                };
                if (rep != null) {
                    out.write(cbuf, start, i - start);
                    out.write(rep);
                    start = i + 1;
                }
            }
            out.write(cbuf, start, end - start);
        }

        @Override public void flush() throws IOException { out.flush(); }

        @Override public void close() throws IOException { out.flush(); }
    }

}
