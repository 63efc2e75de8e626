package io.tcplens.render.ladder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ladder diagram as a standalone SVG figure: y is time (proportional locally, long idle gaps
 * compressed and marked with a break symbol), each arrow slants down from sender to receiver,
 * labels sit above their arrows, and each endpoint's state is written in a box beside its
 * lifeline where it changes. All text is escaped.
 *
 * <pre>
 * Files.writeString(path, LadderSvg.render(connection, LadderSvg.Options.standalone()));
 * </pre>
 */
public final class LadderSvg {
    private LadderSvg() {}

    /**
     * @param fold     fold long repetitive runs into one band (as the terminal ladder does)
     * @param embedded for inlining into an HTML page: no XML prolog and no {@code <style>} element
     *                 (the page's stylesheet carries {@link #CSS}), so a strict CSP needs no hash for it
     */
    public record Options(boolean fold, boolean embedded) {
        public static Options standalone() { return new Options(true, false); }

        public static Options inline() { return new Options(true, true); }

        public Options unfolded() { return new Options(false, embedded); }
    }

    /** The figure's stylesheet; every rule is scoped to {@code svg.tl-ladder}. */
    public static final String CSS = """
            svg.tl-ladder { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 11px; }
            svg.tl-ladder .bg { fill: #ffffff; }
            svg.tl-ladder .head rect { fill: #f1f5f9; stroke: #334155; stroke-width: 1; }
            svg.tl-ladder .head .role { font-weight: 600; font-size: 12px; fill: #0f172a; text-anchor: middle; }
            svg.tl-ladder .head .addr { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11px; fill: #334155; text-anchor: middle; }
            svg.tl-ladder .life { stroke: #334155; stroke-width: 1.5; }
            svg.tl-ladder .time { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 10px; fill: #64748b; text-anchor: end; }
            svg.tl-ladder .frame { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 9px; fill: #94a3b8; text-anchor: end; }
            svg.tl-ladder .arrow line { stroke-width: 1.4; }
            svg.tl-ladder .c2s line { stroke: #1d4ed8; } svg.tl-ladder .c2s polygon { fill: #1d4ed8; }
            svg.tl-ladder .s2c line { stroke: #047857; } svg.tl-ladder .s2c polygon { fill: #047857; }
            svg.tl-ladder .warn line { stroke: #dc2626; } svg.tl-ladder .warn polygon { fill: #dc2626; }
            svg.tl-ladder .ka line { stroke: #b45309; stroke-dasharray: 4 3; } svg.tl-ladder .ka polygon { fill: #b45309; }
            svg.tl-ladder .lbl { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 10.5px; fill: #0f172a; text-anchor: middle; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
            svg.tl-ladder .an { font-size: 10px; font-style: italic; fill: #dc2626; text-anchor: middle; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
            svg.tl-ladder .an.ka { fill: #b45309; }
            svg.tl-ladder .an.info { fill: #475569; }
            svg.tl-ladder .state rect { fill: #fef9c3; stroke: #a16207; stroke-width: 0.8; }
            svg.tl-ladder .state text { font-size: 10px; font-weight: 600; fill: #713f12; text-anchor: middle; }
            svg.tl-ladder .state circle { fill: #a16207; }
            svg.tl-ladder .fold rect { fill: #f8fafc; stroke: #94a3b8; stroke-dasharray: 3 3; }
            svg.tl-ladder .fold line { stroke: #94a3b8; stroke-width: 1; }
            svg.tl-ladder .fold polygon { fill: #94a3b8; }
            svg.tl-ladder .fold text { font-size: 11px; fill: #334155; text-anchor: middle; font-weight: 600; }
            svg.tl-ladder .brk path { fill: none; stroke: #64748b; stroke-width: 1.2; }
            svg.tl-ladder .brk rect { fill: #ffffff; }
            svg.tl-ladder .brk text { font-size: 10px; font-style: italic; fill: #64748b; text-anchor: middle; }
            svg.tl-ladder .note { font-size: 10px; fill: #64748b; }
            svg.tl-ladder .finData line { stroke-width: 3; } svg.tl-ladder .finData .lbl, svg.tl-ladder .lbl.finData { fill: #7c3aed; font-weight: 700; }
            svg.tl-ladder .finData.c2s line, svg.tl-ladder .finData.s2c line { stroke: #7c3aed; } svg.tl-ladder .finData polygon { fill: #7c3aed; }
            svg.tl-ladder .legend rect.box { fill: #f8fafc; stroke: #cbd5e1; }
            svg.tl-ladder .legend text { font-size: 10px; fill: #334155; }
            svg.tl-ladder .legend line { stroke-width: 2; }
            """;

    static final int WIDTH = 820;
    static final int CX = 215, SX = 635;          // lifelines
    static final int TOP = 78;                    // first row
    static final int SLANT = 14;                  // how far an arrow drops from sender to receiver
    static final int MIN_STEP = 34, MAX_STEP = 130, BREAK_STEP = 58, FOLD_H = 56;

    /** Renders the SVG document (or fragment, when embedded). */
    public static String render(LadderConnection c, Options o) {
        List<LadderPacket> ps = c.packets();
        List<LadderRow> rows = LadderFolder.rows(ps, o.fold(), true);
        long t0 = c.firstMicros();

        // Time scale: proportional, with the 75th percentile of row gaps drawn 44 px apart.
        long[] gaps = new long[Math.max(0, rows.size() - 1)];
        for (int i = 1; i < rows.size(); i++) gaps[i - 1] = Math.max(0, start(rows.get(i)) - end(rows.get(i - 1)));
        long[] sorted = gaps.clone();
        Arrays.sort(sorted);
        long p75 = sorted.length == 0 ? 1000 : Math.max(100, sorted[(int) (sorted.length * 0.75)]);
        double pxPerMicro = 44.0 / p75;

        StringBuilder body = new StringBuilder(256 * rows.size() + 1024);
        List<String> states = new ArrayList<>();
        double y = TOP;
        String prevC = c.clientStartState(), prevS = c.serverStartState();
        // Each side's state before the first packet, under its head (the server LISTENs before the SYN).
        if (prevC != null) states.add(stateBox(prevC, true, 62));
        if (prevS != null) states.add(stateBox(prevS, false, 62));
        int folded = 0;
        for (int i = 0; i < rows.size(); i++) {
            LadderRow r = rows.get(i);
            if (i > 0) {
                boolean afterFold = rows.get(i - 1) instanceof LadderRow.Fold;
                // An analysis label hangs below its arrow: leave room for it.
                boolean prevAnalysis = rows.get(i - 1) instanceof LadderRow.Single ps1
                        && !LadderText.annotation(ps1.from() == 0 ? null : ps.get(ps1.from() - 1), ps1.packet()).isEmpty();
                double base = y + (afterFold ? FOLD_H : 0) + (prevAnalysis ? 16 : 0);
                double step = gaps[i - 1] * pxPerMicro;
                if (step > MAX_STEP) {
                    breakSymbol(body, base + (SLANT + BREAK_STEP) / 2.0, gaps[i - 1]);
                    y = base + BREAK_STEP + SLANT;
                } else {
                    y = base + Math.max(step, afterFold ? 26 : MIN_STEP);
                }
            }
            LadderPacket first = ps.get(r.from());
            body.append("<text class=\"time\" x=\"70\" y=\"").append(f(y + 4)).append("\">")
                    .append(LadderText.seconds(first.micros() - t0)).append("</text>");
            body.append("<text class=\"frame\" x=\"70\" y=\"").append(f(y + 14)).append("\">#").append(first.frame()).append("</text>\n");
            switch (r) {
                case LadderRow.Single s -> {
                    LadderPacket p = s.packet();
                    arrow(body, s.from() == 0 ? null : ps.get(s.from() - 1), p, y);
                    if (!p.clientState().equals(prevC)) states.add(stateBox(p.clientState(), true, p.fromClient() ? y : y + SLANT));
                    if (!p.serverState().equals(prevS)) states.add(stateBox(p.serverState(), false, p.fromClient() ? y + SLANT : y));
                    prevC = p.clientState();
                    prevS = p.serverState();
                }
                case LadderRow.Fold f -> {
                    folded++;
                    fold(body, f, y);
                }
            }
        }
        LadderRow last = rows.isEmpty() ? null : rows.getLast();
        double bottom = y + (last instanceof LadderRow.Fold ? FOLD_H : SLANT) + 26;
        double legendY = bottom + (folded > 0 ? 24 : 10);
        int height = (int) Math.ceil(legendY + LEGEND_H + 6);

        StringBuilder out = new StringBuilder(body.length() + 4096);
        if (!o.embedded()) out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tl-ladder\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(Xml.escape("TCP ladder diagram " + c.clientLabel() + " to " + c.serverLabel()))
                .append("\">\n");
        out.append("<title>").append(Xml.escape((c.stream() >= 0 ? "tcp.stream " + c.stream() + ": " : "")
                + c.clientLabel() + " → " + c.serverLabel())).append("</title>\n");
        if (!o.embedded()) out.append("<style>\n").append(CSS).append("</style>\n");
        out.append("<rect class=\"bg\" x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\"/>\n");
        head(out, CX, "client", c.clientLabel());
        head(out, SX, "server", c.serverLabel());
        out.append("<line class=\"life\" x1=\"").append(CX).append("\" y1=\"52\" x2=\"").append(CX).append("\" y2=\"").append(f(bottom)).append("\"/>");
        out.append("<line class=\"life\" x1=\"").append(SX).append("\" y1=\"52\" x2=\"").append(SX).append("\" y2=\"").append(f(bottom)).append("\"/>\n");
        out.append(body);
        for (String s : states) out.append(s);
        if (folded > 0) {
            out.append("<text class=\"note\" x=\"").append(WIDTH / 2).append("\" y=\"").append(f(bottom + 14))
                    .append("\" text-anchor=\"middle\">").append(folded).append(folded == 1 ? " repetitive run" : " repetitive runs")
                    .append(" folded into one band each</text>\n");
        }
        legend(out, legendY);
        out.append("</svg>\n");
        return out.toString();
    }

    static final int LEGEND_H = 44;

    /** What the colours and tcpdump's flag letters mean, for a reader who has not met them yet. */
    private static void legend(StringBuilder out, double y) {
        out.append("<g class=\"legend\"><rect class=\"box\" x=\"10\" y=\"").append(f(y)).append("\" width=\"").append(WIDTH - 20)
                .append("\" height=\"").append(LEGEND_H).append("\" rx=\"4\"/>");
        String[][] keys = {
                {"c2s", "client → server"}, {"s2c", "server → client"}, {"warn", "problem: retransmission, loss, RST, zero window"},
                {"ka", "keep-alive"}, {"finData", "FIN with data [FP.]"}};
        double x = 20;
        double ly = y + 14;
        for (String[] k : keys) {
            out.append("<g class=\"arrow ").append(k[0].equals("c2s") || k[0].equals("s2c") ? k[0] : "c2s " + k[0]).append("\"><line x1=\"")
                    .append(f(x)).append("\" y1=\"").append(f(ly - 3)).append("\" x2=\"").append(f(x + 22)).append("\" y2=\"").append(f(ly - 3))
                    .append("\"/></g><text x=\"").append(f(x + 27)).append("\" y=\"").append(f(ly)).append("\">").append(Xml.escape(k[1])).append("</text>");
            x += 36 + k[1].length() * 5.4;
        }
        out.append("<text x=\"20\" y=\"").append(f(y + 33)).append("\">")
                .append(Xml.escape("Flags as tcpdump prints them: S SYN (open), F FIN (close), P PSH (push), R RST (reset), . ACK."
                        + " Yellow boxes: each side's state after the packet."))
                .append("</text></g>\n");
    }

    private static long start(LadderRow r) {
        return switch (r) {
            case LadderRow.Single s -> s.packet().micros();
            case LadderRow.Fold f -> f.firstMicros();
        };
    }

    private static long end(LadderRow r) {
        return switch (r) {
            case LadderRow.Single s -> s.packet().micros();
            case LadderRow.Fold f -> f.lastMicros();
        };
    }

    private static void head(StringBuilder out, int x, String role, String addr) {
        String a = addr.length() > 44 ? addr.substring(0, 43) + "…" : addr;
        int w = Math.max(120, (int) (a.length() * 6.7) + 20);
        out.append("<g class=\"head\"><rect x=\"").append(x - w / 2).append("\" y=\"8\" width=\"").append(w)
                .append("\" height=\"44\" rx=\"6\"/><text class=\"role\" x=\"").append(x).append("\" y=\"25\">")
                .append(role).append("</text><text class=\"addr\" x=\"").append(x).append("\" y=\"42\">")
                .append(Xml.escape(a)).append("</text></g>\n");
    }

    private static void arrow(StringBuilder out, LadderPacket prev, LadderPacket p, double y) {
        boolean c2s = p.fromClient();
        double x1 = c2s ? CX : SX, x2 = c2s ? SX : CX;
        double y1 = y, y2 = y + SLANT;
        String an = LadderText.annotation(prev, p);
        boolean ka = p.has("keep_alive") || p.has("keep_alive_ack");
        boolean warn = p.rst() || (!ka && p.analysis().stream().anyMatch(LadderText::isProblem));
        boolean finData = p.fin() && p.len() > 0;
        String cls = "arrow " + (c2s ? "c2s" : "s2c") + (warn ? " warn" : ka ? " ka" : finData ? " finData" : "");
        // Stop the shaft at the arrowhead's base.
        double dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy), ux = dx / len, uy = dy / len;
        double hx = x2 - ux * 9, hy = y2 - uy * 9;
        out.append("<g class=\"").append(cls).append("\"><line x1=\"").append(f(x1)).append("\" y1=\"").append(f(y1))
                .append("\" x2=\"").append(f(hx)).append("\" y2=\"").append(f(hy)).append("\"/>");
        out.append("<polygon points=\"").append(f(x2)).append(',').append(f(y2)).append(' ')
                .append(f(hx - uy * 4)).append(',').append(f(hy + ux * 4)).append(' ')
                .append(f(hx + uy * 4)).append(',').append(f(hy - ux * 4)).append("\"/>");
        String label = LadderText.packetLabel(p);
        // The label already shows the window when it matters (SYN, zero): do not say it twice.
        out.append("<title>").append(Xml.escape("#" + p.frame() + " " + label + (label.contains(" win ") ? "" : " win " + p.window())
                + (an.isEmpty() ? "" : " [" + an + "]"))).append("</title></g>");
        double mx = (CX + SX) / 2.0;
        out.append("<text class=\"lbl").append(finData && !warn ? " finData" : "").append("\" x=\"").append(f(mx)).append("\" y=\"").append(f(y - 4)).append("\">")
                .append(Xml.escape(LadderText.packetLabel(p))).append("</text>");
        if (!an.isEmpty()) {
            boolean problem = p.analysis().stream().anyMatch(LadderText::isProblem);
            out.append("<text class=\"an").append(ka ? " ka" : problem ? "" : " info").append("\" x=\"").append(f(mx)).append("\" y=\"")
                    .append(f(y + SLANT + 12)).append("\">").append(Xml.escape(an)).append("</text>");
        }
        out.append('\n');
    }

    private static String stateBox(String state, boolean client, double y) {
        int w = Math.max(58, (int) (state.length() * 6.6) + 14);
        double x = client ? CX - 8 - w : SX + 8;
        double lx = client ? CX : SX;
        return "<g class=\"state\"><circle cx=\"" + f(lx) + "\" cy=\"" + f(y) + "\" r=\"2.6\"/><rect x=\"" + f(x) + "\" y=\""
                + f(y - 9) + "\" width=\"" + w + "\" height=\"17\" rx=\"3\"/><text x=\"" + f(x + w / 2.0) + "\" y=\""
                + f(y + 3.5) + "\">" + Xml.escape(state) + "</text></g>\n";
    }

    private static void fold(StringBuilder out, LadderRow.Fold f, double y) {
        out.append("<g class=\"fold\"><rect x=\"").append(CX + 6).append("\" y=\"").append(f(y - 2)).append("\" width=\"")
                .append(SX - CX - 12).append("\" height=\"").append(FOLD_H).append("\" rx=\"4\"/>");
        // Three ghost arrows in the run's direction(s).
        for (int k = 0; k < 3; k++) {
            boolean c2s = f.bothWays() ? (k % 2 == 0) == f.fromClient() : f.fromClient();
            double yy = y + 2 + k * 8;
            double x1 = c2s ? CX + 14 : SX - 14, x2 = c2s ? SX - 14 : CX + 14;
            double hx = x2 + (c2s ? -7 : 7);
            out.append("<line x1=\"").append(f(x1)).append("\" y1=\"").append(f(yy)).append("\" x2=\"").append(f(hx))
                    .append("\" y2=\"").append(f(yy + 6)).append("\"/><polygon points=\"").append(f(x2)).append(',')
                    .append(f(yy + 6.5)).append(' ').append(f(hx)).append(',').append(f(yy + 3)).append(' ').append(f(hx))
                    .append(',').append(f(yy + 10)).append("\"/>");
        }
        List<String> lines = LadderRenderer.wrap(f.label(), 56);
        double ty = y + 40 - (lines.size() - 1) * 6;
        for (String l : lines) {
            out.append("<text x=\"").append((CX + SX) / 2).append("\" y=\"").append(f(ty)).append("\">")
                    .append(Xml.escape(l)).append("</text>");
            ty += 13;
        }
        out.append("<title>").append(Xml.escape(f.label())).append("</title></g>\n");
    }

    private static void breakSymbol(StringBuilder out, double y, long gapMicros) {
        out.append("<g class=\"brk\"><rect x=\"").append(CX - 14).append("\" y=\"").append(f(y - 7)).append("\" width=\"28\" height=\"14\"/>")
                .append("<rect x=\"").append(SX - 14).append("\" y=\"").append(f(y - 7)).append("\" width=\"28\" height=\"14\"/>");
        for (int x : new int[] {CX, SX}) {
            for (int d : new int[] {-4, 4}) {
                out.append("<path d=\"M").append(x - 12).append(' ').append(f(y + d + 2)).append(" l8 -6 l8 6 l8 -6\"/>");
            }
        }
        out.append("<text x=\"").append((CX + SX) / 2).append("\" y=\"").append(f(y + 4)).append("\">")
                .append(Xml.escape("⋯ " + LadderText.duration(gapMicros, true) + " later ⋯")).append("</text></g>\n");
    }

    static String f(double v) {
        long tenths = Math.round(v * 10);
        if (tenths % 10 == 0) return Long.toString(tenths / 10);
        return (tenths < 0 ? "-" : "") + Math.abs(tenths) / 10 + "." + Math.abs(tenths) % 10;
    }
}
