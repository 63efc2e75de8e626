package io.tcplens.render.ladder;

import java.util.List;
import java.util.Locale;

/** Shared wording of the ladder: arrow labels, analysis names, times. Deterministic, locale-free. */
public final class LadderText {
    private LadderText() {}

    /** Human wording of an analysis flag ("dup_ack" → "dup ACK"). */
    public static String analysisName(String flag) {
        return switch (flag) {
            case "retransmission" -> "retransmission";
            case "fast_retransmission" -> "fast retransmission";
            case "spurious_retransmission" -> "spurious retransmission";
            case "out_of_order" -> "out-of-order";
            case "dup_ack" -> "dup ACK";
            case "keep_alive" -> "keep-alive";
            case "keep_alive_ack" -> "keep-alive ACK";
            case "zero_window" -> "zero window";
            case "zero_window_probe" -> "zero-window probe";
            case "zero_window_probe_ack" -> "zero-window probe ACK";
            case "window_update" -> "window update";
            case "window_full" -> "window full";
            case "lost_segment" -> "previous segment not captured";
            case "acked_unseen" -> "ACKed unseen segment";
            case "reused_ports" -> "port numbers reused";
            default -> flag.replace('_', ' ');
        };
    }

    /** True for flags that mean something went wrong (drawn in the warning colour). */
    public static boolean isProblem(String flag) {
        return switch (flag) {
            case "keep_alive", "keep_alive_ack", "window_update" -> false;
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
    public static String analysisLabel(LadderPacket p) {
        if (p.analysis().isEmpty()) return "";
        StringBuilder b = new StringBuilder();
        for (String a : p.analysis()) {
            if (!b.isEmpty()) b.append(", ");
            b.append(analysisName(a));
        }
        return b.toString();
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
        return LadderFolder.rows(c.packets(), fold, unicode);
    }
}
