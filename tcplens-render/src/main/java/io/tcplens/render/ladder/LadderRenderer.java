package io.tcplens.render.ladder;

import java.util.List;

/**
 * The terminal ladder diagram: the client's lifeline on the left, the server's on the right, one
 * arrow per packet labelled with its flags, relative seq/ack and length, each endpoint's state
 * written beside its lifeline where it changes, analysis labels on the arrow. Output is
 * deterministic (no locale, no clock) and never wider than {@link LadderStyle#width()} unless that
 * is below {@link LadderStyle#MIN_WIDTH}.
 *
 * <pre>
 * String text = LadderRenderer.renderText(connection, LadderStyle.unicode(100));
 * </pre>
 */
public final class LadderRenderer {
    private LadderRenderer() {}

    private static final int MIN_BODY = 12;

    /** Renders the whole diagram as lines ending in '\n'. */
    public static String renderText(LadderConnection c, LadderStyle style) {
        boolean u = style.unicode();
        List<LadderPacket> ps = c.packets();
        boolean zh = style.chinese();
        List<LadderRow> rows = LadderFolder.rows(ps, style.fold(), u, zh);
        long t0 = c.firstMicros();

        int fw = 1, tw = "time".length(), csw = "client".length() - 2, ssw = 0;
        for (LadderPacket p : ps) {
            fw = Math.max(fw, Long.toString(p.frame()).length());
            tw = Math.max(tw, LadderText.seconds(p.micros() - t0).length());
            csw = Math.max(csw, p.clientState().length());
            ssw = Math.max(ssw, p.serverState().length());
        }
        int fixed = fw + 1 + tw + 1 + csw + 1 + 1 + 1 + 1 + ssw;
        int body = Math.max(MIN_BODY, style.width() - fixed);
        int cx = fw + 1 + tw + 1 + csw + 1;      // column of the client lifeline
        int sx = cx + body + 1;                   // column of the server lifeline
        char line = u ? '│' : '|';

        StringBuilder out = new StringBuilder(64 * (rows.size() + 8));
        // Title.
        String arrow = u ? " → " : " -> ";
        String title = zh
                ? (c.stream() >= 0 ? "tcp.stream " + c.stream() + "：" : "") + c.clientLabel() + arrow + c.serverLabel()
                        + "，" + ps.size() + " 个报文" + (ps.size() > 1 ? "，历时 " + LadderText.duration(c.lastMicros() - t0, u) : "")
                : (c.stream() >= 0 ? "tcp.stream " + c.stream() + ": " : "") + c.clientLabel() + arrow + c.serverLabel()
                        + ", " + ps.size() + (ps.size() == 1 ? " packet" : " packets")
                        + (ps.size() > 1 ? ", " + LadderText.duration(c.lastMicros() - t0, u) : "");
        out.append(clip(title, style.width(), u)).append('\n');
        // Heads: roles, addresses, lifeline tops.
        out.append(rtrim(heads(cx, sx, style.width(), zh ? "客户端" : "client", zh ? "服务器" : "server"))).append('\n');
        out.append(rtrim(heads(cx, sx, style.width(), c.clientLabel(), c.serverLabel()))).append('\n');
        char[] top = blank(sx + 1);
        put(top, 0, pad("#", fw, true));
        put(top, fw + 1, pad("time", tw, true));
        top[cx] = u ? '┬' : '+';
        top[sx] = u ? '┬' : '+';
        // Each side's state before the first packet (the server LISTENs before the SYN).
        if (c.clientStartState() != null) put(top, cx - 1 - c.clientStartState().length(), c.clientStartState());
        if (c.serverStartState() != null) {
            top = java.util.Arrays.copyOf(top, sx + 2 + c.serverStartState().length());
            java.util.Arrays.fill(top, sx + 1, top.length, ' ');
            put(top, sx + 2, c.serverStartState());
        }
        String topLine = new String(top);
        if (zh) topLine = topLine.replaceFirst("time", "时间");   // the same four columns
        out.append(rtrim(topLine)).append('\n');

        String prevC = c.clientStartState(), prevS = c.serverStartState();
        int folded = 0, foldedPackets = 0;
        for (LadderRow r : rows) {
            StringBuilder b = new StringBuilder(style.width() + 8);
            LadderPacket first = ps.get(r.from());
            b.append(pad(Long.toString(first.frame()), fw, true)).append(' ');
            b.append(pad(LadderText.seconds(first.micros() - t0), tw, true)).append(' ');
            switch (r) {
                case LadderRow.Single s -> {
                    LadderPacket p = s.packet();
                    String cs = p.clientState().equals(prevC) ? "" : p.clientState();
                    String ss = p.serverState().equals(prevS) ? "" : p.serverState();
                    prevC = p.clientState();
                    prevS = p.serverState();
                    String label = LadderText.packetLabel(p);
                    String an = LadderText.annotation(s.from() == 0 ? null : ps.get(s.from() - 1), p, zh);
                    if (!an.isEmpty()) label += " [" + an + "]";
                    String prefix = b.toString();
                    if (!fits(label, body, 1)) {
                        wrapAbove(out, prefix, cx, label, body, line);
                        b.setLength(0);
                        b.append(" ".repeat(prefix.length()));
                        label = "";
                    }
                    b.append(pad(cs, csw, true)).append(' ');
                    if (p.fromClient()) {
                        b.append(u ? '├' : line).append(arrowBody(label, body, true, false, u)).append(line);
                    } else {
                        b.append(line).append(arrowBody(label, body, false, false, u)).append(u ? '┤' : line);
                    }
                    b.append(' ').append(ss);
                }
                case LadderRow.Fold f -> {
                    folded++;
                    foldedPackets += f.count();
                    LadderRow.Fold ff = f;
                    if (!fits(f.label(), body, f.bothWays() ? 2 : 1)) {
                        String prefix = b.toString();
                        wrapAbove(out, prefix, cx, f.label(), body, line);
                        b.setLength(0);
                        b.append(" ".repeat(prefix.length()));
                        ff = new LadderRow.Fold(f.from(), f.to(), f.kind(), f.fromClient(), f.bothWays(), f.firstMicros(),
                                f.lastMicros(), "");
                    }
                    b.append(pad("", csw, true)).append(' ');
                    b.append(line).append(foldBody(ff, body, u)).append(line);
                }
            }
            out.append(rtrim(b.toString())).append('\n');
        }
        char[] bottom = blank(sx + 1);
        bottom[cx] = u ? '┴' : '+';
        bottom[sx] = u ? '┴' : '+';
        out.append(rtrim(new String(bottom))).append('\n');
        if (folded > 0) {
            out.append(clip(zh ? "（" + folded + " 段重复的报文共 " + foldedPackets + " 个已折叠；用 --unfold 查看每个报文）"
                    : "(" + folded + (folded == 1 ? " run" : " runs") + " of " + foldedPackets
                    + " packets folded; unfold to see every packet)", style.width(), u)).append('\n');
        }
        return out.toString();
    }

    /** A line with the two strings centred on the two lifeline columns (shifted to fit). */
    private static String heads(int cx, int sx, int width, String left, String right) {
        int half = (sx - cx) / 2 - 1;
        int room = Math.max(4, Math.min(width - sx - 1 + half, half * 2));
        left = clipPlain(left, Math.min(2 * cx, cx + half));
        right = clipPlain(right, room + half);
        // Positions in display columns: a Chinese role name takes two columns a character.
        int lw = LadderText.width(left), rw = LadderText.width(right);
        int ls = Math.max(0, cx - lw / 2);
        if (ls + lw > cx + half) ls = Math.max(0, cx + half - lw);
        int rs = sx - rw / 2;
        if (rs + rw > width) rs = width - rw;
        rs = Math.max(rs, ls + lw + 2);
        return " ".repeat(ls) + left + " ".repeat(rs - ls - lw) + right;
    }

    /** True when the label fits inline on an arrow of this body width ({@code heads} arrowheads). */
    private static boolean fits(String label, int body, int heads) {
        return LadderText.width(label) + 2 <= body - heads - 4;
    }

    /**
     * Writes a label that is too long for its arrow on lines of its own just above it, word-wrapped
     * between the lifelines; the first line carries the row's frame and time.
     */
    private static void wrapAbove(StringBuilder out, String prefix, int cx, String label, int body, char line) {
        List<String> lines = wrap(label, body - 2);
        for (int k = 0; k < lines.size(); k++) {
            StringBuilder b = new StringBuilder();
            b.append(k == 0 ? prefix : " ".repeat(prefix.length()));
            b.repeat(' ', cx - b.length()).append(line).append(' ');
            b.append(pad(lines.get(k), body - 2, false)).append(' ').append(line);
            out.append(rtrim(b.toString())).append('\n');
        }
    }

    static List<String> wrap(String text, int max) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String w : text.split(" ")) {
            while (LadderText.width(w) > max) {
                if (!cur.isEmpty()) { lines.add(cur.toString()); cur.setLength(0); }
                int cut = cutAt(w, max);
                lines.add(w.substring(0, cut));
                w = w.substring(cut);
            }
            if (cur.isEmpty()) cur.append(w);
            else if (LadderText.width(cur.toString()) + 1 + LadderText.width(w) <= max) cur.append(' ').append(w);
            else { lines.add(cur.toString()); cur.setLength(0); cur.append(w); }
        }
        if (!cur.isEmpty()) lines.add(cur.toString());
        return lines;
    }

    private static String arrowBody(String label, int body, boolean right, boolean fold, boolean u) {
        char dash = fold ? (u ? '═' : '=') : (u ? '─' : '-');
        char head = right ? (u ? '▶' : '>') : (u ? '◀' : '<');
        int room = body - 1 - 4;  // head + at least two dashes each side
        String l = label.isEmpty() ? "" : " " + clip(label, room - 2, u) + " ";
        int dashes = body - 1 - LadderText.width(l);
        int left = dashes / 2, rightDashes = dashes - left;
        StringBuilder b = new StringBuilder(body);
        if (!right) b.append(head);
        b.repeat(dash, left).append(l).repeat(dash, rightDashes);
        if (right) b.append(head);
        return b.toString();
    }

    private static String foldBody(LadderRow.Fold f, int body, boolean u) {
        if (!f.bothWays()) return arrowBody(f.label(), body, f.fromClient(), true, u);
        char dash = u ? '═' : '=';
        int room = body - 2 - 4;
        String l = f.label().isEmpty() ? "" : " " + clip(f.label(), room - 2, u) + " ";
        int dashes = body - 2 - LadderText.width(l);
        int left = dashes / 2;
        return new StringBuilder(body).append(u ? '◀' : '<').repeat(dash, left).append(l)
                .repeat(dash, dashes - left).append(u ? '▶' : '>').toString();
    }

    static String clip(String s, int max, boolean u) {
        if (LadderText.width(s) <= max) return s;
        if (max <= 1) return s.substring(0, cutAt(s, Math.max(0, max)));
        return u ? s.substring(0, cutAt(s, max - 1)) + "…" : s.substring(0, cutAt(s, Math.max(0, max - 3))) + "...";
    }

    /** The longest prefix of {@code s} (in chars) that takes at most {@code columns} display columns. */
    private static int cutAt(String s, int columns) {
        int w = 0, i = 0;
        while (i < s.length()) {
            int cw = LadderText.width(s.substring(i, i + 1));
            if (w + cw > columns) break;
            w += cw;
            i++;
        }
        return Math.max(i, Math.min(1, s.length()) * (columns > 0 ? 1 : 0));
    }

    private static String clipPlain(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(0, max - 3)) + "...";
    }

    private static String pad(String s, int w, boolean rightAlign) {
        int sw = LadderText.width(s);
        if (sw >= w) return s;
        String sp = " ".repeat(w - sw);
        return rightAlign ? sp + s : s + sp;
    }

    private static char[] blank(int n) {
        char[] a = new char[n];
        java.util.Arrays.fill(a, ' ');
        return a;
    }

    private static void put(char[] a, int at, String s) {
        for (int i = 0; i < s.length() && at + i < a.length; i++) if (at + i >= 0) a[at + i] = s.charAt(i);
    }

    private static String rtrim(String s) {
        int e = s.length();
        while (e > 0 && s.charAt(e - 1) == ' ') e--;
        return s.substring(0, e);
    }
}
