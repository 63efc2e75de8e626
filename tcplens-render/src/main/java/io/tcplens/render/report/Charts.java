package io.tcplens.render.report;

import io.tcplens.render.ladder.LadderConnection;
import io.tcplens.render.ladder.LadderPacket;
import io.tcplens.render.ladder.Xml;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The report's per-connection charts as inline SVG (class names styled by the page's CSS, no
 * style attributes, so a strict Content-Security-Policy holds):
 * the time-sequence graph tcptrace and Wireshark call the Stevens graph, and the activity /
 * keep-alive timeline.
 */
public final class Charts {
    private Charts() {}

    static final int W = 800;

    /**
     * Time-sequence graph of the direction that carried more payload: each segment a vertical bar
     * from its relative seq to seq+len at its time (retransmissions red), the receiver's ACK line
     * and its advertised window edge (ack + window) as step lines.
     */
    public static String stevens(LadderConnection c) {
        List<LadderPacket> ps = c.packets();
        long cBytes = 0, sBytes = 0;
        for (LadderPacket p : ps) {
            if (p.fromClient()) cBytes += p.len(); else sBytes += p.len();
        }
        boolean dir = cBytes >= sBytes;
        String title = (dir ? "client → server" : "server → client") + " data, " + (dir ? cBytes : sBytes) + " bytes";
        int h = 300, l = 78, r = 16, t = 26, b = 40;
        double pw = W - l - r, ph = h - t - b;
        long t0 = c.firstMicros();
        double dur = Math.max(1, c.lastMicros() - t0);
        long ymax = 1;
        for (LadderPacket p : ps) {
            if (p.fromClient() == dir) ymax = Math.max(ymax, p.nxtSeq());
            else if (p.hasAck()) ymax = Math.max(ymax, p.relAck());
        }
        ymax = (long) Math.ceil(ymax * 1.04) + 1;
        final long ym = ymax;
        java.util.function.DoubleUnaryOperator X = us -> l + (us - t0) / dur * pw;
        java.util.function.DoubleUnaryOperator Y = s -> t + ph - Math.min(s, ym) / (double) ym * ph;

        StringBuilder o = new StringBuilder(8192);
        o.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tl-chart\" width=\"").append(W).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(h).append("\" role=\"img\" aria-label=\"time-sequence graph\">");
        o.append("<text class=\"ttl\" x=\"").append(l).append("\" y=\"16\">").append(Xml.escape(title)).append("</text>");
        axes(o, l, t, pw, ph, dur, ym);
        // Window edge and ACK line (step lines), from the other side's ACKs.
        StringBuilder ack = new StringBuilder(), win = new StringBuilder();
        double lastAckY = Double.NaN, lastWinY = Double.NaN;
        for (LadderPacket p : ps) {
            if (p.fromClient() == dir || !p.hasAck()) continue;
            double x = X.applyAsDouble(p.micros()), ya = Y.applyAsDouble(p.relAck()), yw = Y.applyAsDouble(p.relAck() + p.window());
            if (Double.isNaN(lastAckY)) ack.append('M').append(n(x)).append(' ').append(n(ya));
            else if (ya != lastAckY) ack.append("H").append(n(x)).append("V").append(n(ya));
            if (Double.isNaN(lastWinY)) win.append('M').append(n(x)).append(' ').append(n(yw));
            else if (yw != lastWinY) win.append("H").append(n(x)).append("V").append(n(yw));
            lastAckY = ya;
            lastWinY = yw;
        }
        if (!ack.isEmpty()) {
            ack.append("H").append(n(l + pw));
            win.append("H").append(n(l + pw));
            o.append("<path class=\"win\" d=\"").append(win).append("\"/>");
            o.append("<path class=\"ack\" d=\"").append(ack).append("\"/>");
        }
        // Segments: one path; aggregated per pixel column when there are many.
        List<LadderPacket> data = new ArrayList<>();
        for (LadderPacket p : ps) if (p.fromClient() == dir && (p.len() > 0 || p.syn() || p.fin())) data.add(p);
        StringBuilder seg = new StringBuilder(), re = new StringBuilder(), marks = new StringBuilder();
        boolean beams = data.size() <= 600;
        if (data.size() > 2000) {
            int cols = (int) pw + 1;
            double[] lo = new double[cols], hi = new double[cols];
            Arrays.fill(lo, Double.NaN);
            for (LadderPacket p : data) {
                if (p.retransmission()) continue;
                int col = (int) (X.applyAsDouble(p.micros()) - l);
                double a = Y.applyAsDouble(p.relSeq()), z = Y.applyAsDouble(p.nxtSeq());
                if (Double.isNaN(lo[col])) { lo[col] = Math.max(a, z); hi[col] = Math.min(a, z); }
                else { lo[col] = Math.max(lo[col], Math.max(a, z)); hi[col] = Math.min(hi[col], Math.min(a, z)); }
            }
            for (int col = 0; col < cols; col++) {
                if (Double.isNaN(lo[col])) continue;
                seg.append('M').append(n(l + col)).append(' ').append(n(lo[col])).append('V').append(n(Math.min(hi[col], lo[col] - 1)));
            }
        }
        for (LadderPacket p : data) {
            if (data.size() > 2000 && !p.retransmission() && !p.syn() && !p.fin()) continue;
            double x = X.applyAsDouble(p.micros()), a = Y.applyAsDouble(p.relSeq()), z = Y.applyAsDouble(p.nxtSeq());
            if (z > a - 1) z = a - 1;  // at least one pixel tall
            StringBuilder into = p.retransmission() ? re : seg;
            into.append('M').append(n(x)).append(' ').append(n(a)).append('V').append(n(z));
            if (beams || p.retransmission()) {
                into.append("M").append(n(x - 2.5)).append(' ').append(n(a)).append("h5M").append(n(x - 2.5)).append(' ').append(n(z)).append("h5");
            }
            if (p.syn() || p.fin()) {
                boolean nearEnd = x > l + pw - 40;
                marks.append("<text class=\"mk").append(nearEnd ? " end" : "").append("\" x=\"").append(n(nearEnd ? x - 4 : x + 4))
                        .append("\" y=\"").append(n(z - 3)).append("\">")
                        .append(p.syn() ? "SYN" : "FIN").append("</text>");
            }
        }
        o.append("<path class=\"seg\" d=\"").append(seg).append("\"/>");
        if (!re.isEmpty()) o.append("<path class=\"seg re\" d=\"").append(re).append("\"/>");
        o.append(marks);
        // Legend.
        int lx = W - r - 330;
        o.append("<g class=\"legend\"><path class=\"seg\" d=\"M").append(lx).append(" 8V18\"/><text x=\"").append(lx + 6).append("\" y=\"17\">segment</text>")
                .append("<path class=\"seg re\" d=\"M").append(lx + 70).append(" 8V18\"/><text x=\"").append(lx + 76).append("\" y=\"17\">retransmission</text>")
                .append("<path class=\"ack\" d=\"M").append(lx + 172).append(" 13h16\"/><text x=\"").append(lx + 192).append("\" y=\"17\">ACK</text>")
                .append("<path class=\"win\" d=\"M").append(lx + 222).append(" 13h16\"/><text x=\"").append(lx + 242).append("\" y=\"17\">ACK + window</text></g>");
        o.append("</svg>");
        return o.toString();
    }

    /**
     * Activity timeline: one lane per endpoint, a tick per packet, keep-alive probes and their
     * ACKs as dots, SYN/FIN/RST marked.
     */
    public static String timeline(LadderConnection c) { return timeline(c, -1, -1); }

    /**
     * As above, with a dashed line where the server's advertised {@code Keep-Alive: timeout} (seconds)
     * ran out after the last response ({@code expiresMicros}, capture time; -1 for none), so a reader
     * sees whether the server's close came with it.
     */
    public static String timeline(LadderConnection c, long timeoutSeconds, long expiresMicros) {
        List<LadderPacket> ps = c.packets();
        int h = 150, l = 78, r = 16, t = 30, b = 52;
        double pw = W - l - r;
        long t0 = c.firstMicros();
        // Marked only within the connection's life (give or take the timer's slack): after a client's
        // close the server's timeout no longer matters, and drawing it would squash the picture.
        if (expiresMicros > c.lastMicros() + 1_000_000L) expiresMicros = -1;
        double dur = Math.max(1, Math.max(c.lastMicros(), expiresMicros) - t0);
        double yc = t + 18, ys = t + 50;
        StringBuilder o = new StringBuilder(4096);
        o.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tl-chart\" width=\"").append(W).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(h).append("\" role=\"img\" aria-label=\"activity timeline\">");
        List<Long> probes = new ArrayList<>();
        int answered = 0;
        boolean probeFromClient = true;
        for (LadderPacket p : ps) {
            if (p.has("keep_alive")) { probes.add(p.micros()); probeFromClient = p.fromClient(); }
            if (p.has("keep_alive_ack")) answered++;
        }
        String title;
        if (probes.isEmpty()) {
            title = "No TCP keep-alive probes";
        } else {
            long[] g = new long[Math.max(1, probes.size() - 1)];
            for (int i = 1; i < probes.size(); i++) g[i - 1] = probes.get(i) - probes.get(i - 1);
            Arrays.sort(g);
            title = probes.size() + " keep-alive probe" + (probes.size() == 1 ? "" : "s") + " from the "
                    + (probeFromClient ? "client" : "server") + ", " + answered + " answered"
                    + (probes.size() > 1 ? ", every " + io.tcplens.render.ladder.LadderText.duration(g[g.length / 2], true) : "");
        }
        o.append("<text class=\"ttl\" x=\"").append(l).append("\" y=\"16\">").append(Xml.escape(title)).append("</text>");
        // What the marks mean, on a line of its own under the time axis.
        int lx = l, ly = h - 4;
        o.append("<g class=\"legend\"><path class=\"tick\" d=\"M").append(lx).append(' ').append(ly - 9).append("v10\"/><text x=\"").append(lx + 5)
                .append("\" y=\"").append(ly).append("\">packet</text><g class=\"ka\"><circle cx=\"").append(lx + 56).append("\" cy=\"").append(ly - 4)
                .append("\" r=\"4.5\"/></g><text x=\"").append(lx + 64).append("\" y=\"").append(ly).append("\">keep-alive probe</text><g class=\"kaack\"><circle cx=\"")
                .append(lx + 158).append("\" cy=\"").append(ly - 4).append("\" r=\"3.5\"/></g><text x=\"").append(lx + 165).append("\" y=\"").append(ly)
                .append("\">its ACK</text><g class=\"fin\"><path d=\"M").append(lx + 220).append(' ').append(ly - 11)
                .append("l5 7l-5 7l-5 -7z\"/></g><text x=\"").append(lx + 229).append("\" y=\"").append(ly)
                .append("\">SYN / FIN / RST (blue / purple / red)</text>");
        if (expiresMicros >= t0) {
            o.append("<g class=\"kato\"><path d=\"M").append(lx + 420).append(' ').append(ly - 9).append("v10\"/></g><text x=\"")
                    .append(lx + 426).append("\" y=\"").append(ly).append("\">the advertised Keep-Alive timeout runs out</text>");
        }
        o.append("</g>");
        o.append("<text class=\"lane\" x=\"").append(l - 8).append("\" y=\"").append(n(yc + 4)).append("\">client</text>");
        o.append("<text class=\"lane\" x=\"").append(l - 8).append("\" y=\"").append(n(ys + 4)).append("\">server</text>");
        o.append("<path class=\"lanes\" d=\"M").append(l).append(' ').append(n(yc)).append('h').append(n(pw)).append('M').append(l)
                .append(' ').append(n(ys)).append('h').append(n(pw)).append("\"/>");
        StringBuilder ticks = new StringBuilder(), ka = new StringBuilder(), kaAck = new StringBuilder(), ctl = new StringBuilder();
        boolean[] seenC = new boolean[(int) pw + 2], seenS = new boolean[(int) pw + 2];
        for (LadderPacket p : ps) {
            double x = l + (p.micros() - t0) / dur * pw;
            double y = p.fromClient() ? yc : ys;
            if (p.has("keep_alive")) {
                ka.append("<circle cx=\"").append(n(x)).append("\" cy=\"").append(n(y)).append("\" r=\"4.5\"/>");
            } else if (p.has("keep_alive_ack")) {
                kaAck.append("<circle cx=\"").append(n(x)).append("\" cy=\"").append(n(y)).append("\" r=\"3.5\"/>");
            } else if (p.syn() || p.fin() || p.rst()) {
                String k = p.rst() ? "rst" : p.syn() ? "syn" : "fin";
                ctl.append("<g class=\"").append(k).append("\"><path d=\"M").append(n(x)).append(' ').append(n(y - 7)).append("l5 7l-5 7l-5 -7z\"/>")
                        .append("<text x=\"").append(n(x)).append("\" y=\"").append(n(p.fromClient() ? y - 10 : y + 20)).append("\">")
                        .append(p.rst() ? "RST" : p.syn() ? "SYN" : "FIN").append("</text></g>");
            } else {
                int col = (int) (x - l);
                boolean[] seen = p.fromClient() ? seenC : seenS;
                if (col >= 0 && col < seen.length && seen[col]) continue;
                if (col >= 0 && col < seen.length) seen[col] = true;
                ticks.append('M').append(n(x)).append(' ').append(n(y - 5)).append("v10");
            }
        }
        if (expiresMicros >= t0) {
            double x = l + (expiresMicros - t0) / dur * pw;
            o.append("<g class=\"kato\"><path d=\"M").append(n(x)).append(' ').append(n(yc - 12)).append("V").append(n(ys + 12))
                    .append("\"/><text x=\"").append(n(x - 4)).append("\" y=\"").append(n((yc + ys) / 2 + 3)).append("\">")
                    .append(Xml.escape("Keep-Alive timeout=" + timeoutSeconds + " s runs out")).append("</text><title>")
                    .append(Xml.escape("the server advertised Keep-Alive: timeout=" + timeoutSeconds + "; it ran out "
                            + timeoutSeconds + " s after the last response"))
                    .append("</title></g>");
        }
        o.append("<path class=\"tick\" d=\"").append(ticks).append("\"/>");
        o.append("<g class=\"ka\">").append(ka).append("</g><g class=\"kaack\">").append(kaAck).append("</g>").append(ctl);
        // Time axis.
        double axY = h - b + 8;
        o.append("<path class=\"axis\" d=\"M").append(l).append(' ').append(n(axY)).append('h').append(n(pw)).append("\"/>");
        timeTicks(o, l, axY, pw, dur);
        o.append("</svg>");
        return o.toString();
    }

    private static void axes(StringBuilder o, int l, int t, double pw, double ph, double dur, long ymax) {
        o.append("<rect class=\"frame\" x=\"").append(l).append("\" y=\"").append(t).append("\" width=\"").append(n(pw))
                .append("\" height=\"").append(n(ph)).append("\"/>");
        double ys = nice(ymax / 5.0);
        for (double v = 0; v <= ymax; v += ys) {
            double y = t + ph - v / ymax * ph;
            o.append("<path class=\"grid\" d=\"M").append(l).append(' ').append(n(y)).append('h').append(n(pw)).append("\"/>");
            o.append("<text class=\"yl\" x=\"").append(l - 6).append("\" y=\"").append(n(y + 3.5)).append("\">")
                    .append(bytes((long) v)).append("</text>");
        }
        o.append("<text class=\"yt\" x=\"12\" y=\"").append(n(t + ph / 2)).append("\" transform=\"rotate(-90 12 ").append(n(t + ph / 2))
                .append(")\">relative sequence number</text>");
        timeTicks(o, l, t + ph, pw, dur);
    }

    private static void timeTicks(StringBuilder o, int l, double y, double pw, double dur) {
        double step = nice(dur / 6);
        for (double v = 0; v <= dur * 1.0001; v += step) {
            double x = l + v / dur * pw;
            o.append("<path class=\"axis\" d=\"M").append(n(x)).append(' ').append(n(y)).append("v4\"/>");
            o.append("<text class=\"xl\" x=\"").append(n(x)).append("\" y=\"").append(n(y + 15)).append("\">")
                    .append(timeLabel(v, step)).append("</text>");
        }
    }

    static double nice(double raw) {
        if (raw <= 0) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }

    static String timeLabel(double micros, double step) {
        if (step >= 1_000_000) return trim(micros / 1e6, step / 1e6) + " s";
        if (step >= 1000) return trim(micros / 1e3, step / 1e3) + " ms";
        return trim(micros, step) + " µs";
    }

    private static String trim(double v, double step) {
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String bytes(long v) {
        if (v < 10_000) return Long.toString(v);
        if (v < 10_000_000) return trimK(v / 1e3) + "k";
        if (v < 10_000_000_000L) return trimK(v / 1e6) + "M";
        return trimK(v / 1e9) + "G";
    }

    private static String trimK(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String n(double v) {
        long tenths = Math.round(v * 10);
        if (tenths % 10 == 0) return Long.toString(tenths / 10);
        return (tenths < 0 ? "-" : "") + Math.abs(tenths) / 10 + "." + Math.abs(tenths) % 10;
    }

    /** The charts' stylesheet, scoped to {@code svg.tl-chart}. */
    public static final String CSS = """
            svg.tl-chart { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 10px; background: #fff; }
            svg.tl-chart .ttl { font-size: 12px; font-weight: 600; fill: #0f172a; }
            svg.tl-chart .frame { fill: none; stroke: #cbd5e1; }
            svg.tl-chart .grid { stroke: #eef2f7; }
            svg.tl-chart .axis { stroke: #64748b; fill: none; }
            svg.tl-chart .xl { fill: #475569; text-anchor: middle; }
            svg.tl-chart .yl { fill: #475569; text-anchor: end; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
            svg.tl-chart .yt { fill: #475569; text-anchor: middle; }
            svg.tl-chart .seg { stroke: #1d4ed8; stroke-width: 1.4; fill: none; }
            svg.tl-chart .seg.re { stroke: #dc2626; stroke-width: 2; }
            svg.tl-chart .ack { stroke: #059669; stroke-width: 1.3; fill: none; }
            svg.tl-chart .win { stroke: #d97706; stroke-width: 1; stroke-dasharray: 4 3; fill: none; }
            svg.tl-chart .mk { fill: #7c3aed; font-size: 9px; font-weight: 600; }
            svg.tl-chart .mk.end { text-anchor: end; }
            svg.tl-chart .legend text { fill: #334155; }
            svg.tl-chart .lane { fill: #334155; text-anchor: end; font-weight: 600; }
            svg.tl-chart .lanes { stroke: #e2e8f0; stroke-width: 10; stroke-linecap: round; }
            svg.tl-chart .tick { stroke: #64748b; stroke-width: 1; }
            svg.tl-chart .ka circle { fill: #f59e0b; stroke: #92400e; stroke-width: 1; }
            svg.tl-chart .kaack circle { fill: #34d399; stroke: #065f46; stroke-width: 1; }
            svg.tl-chart .syn path { fill: #2563eb; } svg.tl-chart .fin path { fill: #7c3aed; } svg.tl-chart .rst path { fill: #dc2626; }
            svg.tl-chart .kato path { stroke: #7c3aed; stroke-width: 1.2; stroke-dasharray: 5 3; fill: none; }
            svg.tl-chart .kato text { fill: #7c3aed; font-size: 9px; font-weight: 600; text-anchor: end; }
            svg.tl-chart .syn text, svg.tl-chart .fin text, svg.tl-chart .rst text { text-anchor: middle; font-size: 9px; font-weight: 600; fill: #334155; }
            """;
}
