package io.tcplens.render.ladder;

import java.util.List;
import java.util.Locale;

/** Shared wording of the ladder: arrow labels, analysis names, times. Deterministic, locale-free. */
public final class LadderText {
    private LadderText() {}

    /** Human wording of an analysis flag ("duplicate_ack" → "dup ACK"); the names are {@code io.tcplens.tcp.Analysis}'s, as analyze prints them. */
    public static String analysisName(String flag) {
        return switch (flag) {
            case "retransmission" -> "retransmission";
            case "fast_retransmission" -> "fast retransmission";
            case "spurious_retransmission" -> "spurious retransmission";
            case "out_of_order" -> "out-of-order";
            case "duplicate_ack" -> "dup ACK";
            case "keep_alive" -> "keep-alive";
            case "keep_alive_ack" -> "keep-alive ACK";
            case "zero_window" -> "zero window";
            case "zero_window_probe" -> "zero-window probe";
            case "zero_window_probe_ack" -> "zero-window probe ACK";
            case "window_update" -> "window update";
            case "window_full" -> "window full";
            case "lost_segment" -> "previous segment not captured";
            case "ack_lost_segment" -> "ACKed unseen segment";
            case "reused_ports" -> "port numbers reused";
            default -> flag.replace('_', ' ');
        };
    }

    /** The same in Simplified Chinese. */
    public static String analysisName(String flag, boolean zh) {
        if (!zh) return analysisName(flag);
        return switch (flag) {
            case "retransmission" -> "重传";
            case "fast_retransmission" -> "快速重传";
            case "spurious_retransmission" -> "虚假重传";
            case "out_of_order" -> "乱序";
            case "duplicate_ack" -> "重复确认";
            case "keep_alive" -> "保活探测";
            case "keep_alive_ack" -> "保活应答";
            case "zero_window" -> "零窗口";
            case "zero_window_probe" -> "零窗口探测";
            case "zero_window_probe_ack" -> "零窗口探测应答";
            case "window_update" -> "窗口更新";
            case "window_full" -> "窗口已满";
            case "lost_segment" -> "前一报文段未捕获";
            case "ack_lost_segment" -> "确认了未捕获的报文段";
            case "reused_ports" -> "端口复用";
            default -> flag.replace('_', ' ');
        };
    }

    /** Display columns of {@code s} in a terminal: a CJK character (or full-width punctuation) takes two. */
    public static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                    || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                    || (cp >= 0xFFE0 && cp <= 0xFFE6) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return w;
    }

    /** True for flags that mean something went wrong (drawn in the warning colour). */
    public static boolean isProblem(String flag) {
        return switch (flag) {
            // Flow control doing its job (the window filled up, then opened again) is no error.
            case "keep_alive", "keep_alive_ack", "window_update", "window_full" -> false;
            default -> true;
        };
    }

    /** The arrow's main label, tcpdump-like: "P. seq 1:206 ack 1 len 205". */
    public static String packetLabel(LadderPacket p) {
        StringBuilder b = new StringBuilder(48);
        b.append(p.flags().isEmpty() ? "none" : p.flags());
        if (p.len() > 0) {
            b.append(" seq ").append(p.relSeq()).append(':').append(p.relSeq() + p.len());
        } else if (p.syn() || p.fin() || p.rst() || !p.hasAck() || p.has("keep_alive") || p.has("zero_window_probe")) {
            // Probes are recognisable only by their seq (SND.NXT - 1), so show it.
            b.append(" seq ").append(p.relSeq());
        }
        if (p.hasAck()) b.append(" ack ").append(p.relAck());
        if (p.syn() || p.window() == 0) b.append(" win ").append(p.window());
        if (p.len() > 0) b.append(" len ").append(p.len());
        return b.toString();
    }

    /** Analysis wording for one packet, "" when none: "retransmission, dup ACK". */
    public static String analysisLabel(LadderPacket p) { return analysisLabel(p, false); }

    /** As above, in Chinese when {@code zh}. */
    public static String analysisLabel(LadderPacket p, boolean zh) {
        if (p.analysis().isEmpty()) return "";
        StringBuilder b = new StringBuilder();
        for (String a : p.analysis()) {
            if (!b.isEmpty()) b.append(zh ? "，" : ", ");
            b.append(analysisName(a, zh));
        }
        return b.toString();
    }

    /**
     * The receiver of {@code p} went FIN_WAIT_1 → TIME_WAIT on it: the peer's FIN carried the ACK of
     * its own FIN, so FIN_WAIT_2 was skipped. {@code prev} is the packet before (null for the first).
     */
    public static boolean skipsFinWait2(LadderPacket prev, LadderPacket p) {
        if (prev == null) return false;
        return p.fromClient()
                ? prev.serverState().equals("FIN_WAIT_1") && p.serverState().equals("TIME_WAIT")
                : prev.clientState().equals("FIN_WAIT_1") && p.clientState().equals("TIME_WAIT");
    }

    /** The note beside such an arrow. */
    public static final String SKIPS_FIN_WAIT_2 = "FIN_WAIT_2 skipped";

    /** The analysis wording plus the state notes ({@link #SKIPS_FIN_WAIT_2}) for packet {@code p}. */
    public static String annotation(LadderPacket prev, LadderPacket p) { return annotation(prev, p, false); }

    /** As above, in Chinese when {@code zh}. */
    public static String annotation(LadderPacket prev, LadderPacket p, boolean zh) {
        String an = analysisLabel(p, zh);
        if (!skipsFinWait2(prev, p)) return an;
        String skip = zh ? "跳过 FIN_WAIT_2" : SKIPS_FIN_WAIT_2;
        return an.isEmpty() ? skip : an + (zh ? "，" : ", ") + skip;
    }

    /** Relative seconds with microseconds: "12.000345". */
    public static String seconds(long micros) {
        boolean neg = micros < 0;
        long m = Math.abs(micros);
        return (neg ? "-" : "") + (m / 1_000_000) + "." + String.format(Locale.ROOT, "%06d", m % 1_000_000);
    }

    /** A short duration: "850 µs", "12.3 ms", "1.0 s", "2 min 5 s" ({@code unicode} false: "us"). */
    public static String duration(long micros, boolean unicode) {
        long m = Math.abs(micros);
        if (m < 1000) return m + (unicode ? " µs" : " us");
        if (m < 1_000_000) return trim1(m / 1000.0) + " ms";
        if (m < 60_000_000) return String.format(Locale.ROOT, "%.1f s", m / 1e6);
        long s = Math.round(m / 1e6);
        if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private static String trim1(double v) {
        return v >= 100 ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Folds (or not) a connection's packets into rows. */
    public static List<LadderRow> rows(LadderConnection c, boolean fold, boolean unicode) {
        return LadderFolder.rows(c.packets(), fold, unicode, false);
    }
}
