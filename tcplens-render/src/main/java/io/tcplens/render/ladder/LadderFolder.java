package io.tcplens.render.ladder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the long repetitive runs a reader does not want to scroll through and folds each into
 * one labelled row. A run never hides a state change or an anomaly other than the one it is about:
 * <ul>
 *   <li>bulk data: at least {@value #MIN_DATA} plain data segments one way, with the plain ACKs
 *       coming back, no state change;</li>
 *   <li>keep-alive: at least {@value #MIN_KEEPALIVE} keep-alive probes (and their ACKs);</li>
 *   <li>repeats: at least {@value #MIN_REPEAT} identical packets in a row (same direction, flags,
 *       seq, ack, length and analysis), e.g. a burst of duplicate ACKs.</li>
 * </ul>
 */
final class LadderFolder {
    static final int MIN_DATA = 6;
    static final int MIN_KEEPALIVE = 3;
    static final int MIN_REPEAT = 4;

    private LadderFolder() {}

    static List<LadderRow> rows(List<LadderPacket> ps, boolean fold, boolean unicode) { return rows(ps, fold, unicode, false); }

    /** {@code zh}: the runs' labels in Simplified Chinese. */
    static List<LadderRow> rows(List<LadderPacket> ps, boolean fold, boolean unicode, boolean zh) {
        List<LadderRow> rows = new ArrayList<>();
        int i = 0;
        int n = ps.size();
        while (i < n) {
            LadderRow.Fold f = fold ? tryFold(ps, i, unicode, zh) : null;
            if (f != null) {
                rows.add(f);
                i = f.to();
            } else {
                rows.add(new LadderRow.Single(i, ps.get(i)));
                i++;
            }
        }
        return rows;
    }

    private static boolean sameStates(List<LadderPacket> ps, int i) {
        if (i == 0) return false;
        LadderPacket a = ps.get(i - 1), b = ps.get(i);
        return a.clientState().equals(b.clientState()) && a.serverState().equals(b.serverState());
    }

    private static LadderRow.Fold tryFold(List<LadderPacket> ps, int i, boolean unicode, boolean zh) {
        LadderRow.Fold f = keepAlive(ps, i, unicode, zh);
        if (f == null) f = data(ps, i, unicode, zh);
        if (f == null) f = repeat(ps, i, unicode, zh);
        return f;
    }

    private static String arrow(boolean fromClient, boolean unicode, boolean zh) {
        if (zh) return fromClient ? (unicode ? "客户端→服务器" : "客户端->服务器") : (unicode ? "服务器→客户端" : "服务器->客户端");
        return fromClient ? (unicode ? "client→server" : "client->server") : (unicode ? "server→client" : "server->client");
    }

    private static String times(boolean unicode) { return unicode ? "× " : "x "; }

    private static LadderRow.Fold data(List<LadderPacket> ps, int i, boolean unicode, boolean zh) {
        LadderPacket first = ps.get(i);
        if (!first.plainData() || !sameStates(ps, i)) return null;
        boolean dir = first.fromClient();
        int j = i, data = 0, acks = 0;
        long lastEnd = first.relSeq();
        while (j < ps.size() && sameStates(ps, j)) {
            LadderPacket p = ps.get(j);
            if (p.fromClient() == dir && p.plainData()) {
                data++;
                lastEnd = p.relSeq() + p.len();
            } else if (p.fromClient() != dir && p.plainAck()) {
                acks++;
            } else {
                break;
            }
            j++;
        }
        if (data < MIN_DATA) return null;
        String label = zh
                ? times(unicode) + data + " 个数据报文段 " + arrow(dir, unicode, true) + "，seq " + first.relSeq() + ":" + lastEnd
                        + (acks > 0 ? "，回了 " + acks + " 个 ACK" : "") + "，历时 " + LadderText.duration(ps.get(j - 1).micros() - first.micros(), unicode)
                : times(unicode) + data + " data segments " + arrow(dir, unicode, false)
                + ", seq " + first.relSeq() + ":" + lastEnd
                + (acks > 0 ? ", " + acks + (acks == 1 ? " ACK" : " ACKs") + " back" : "")
                + ", " + LadderText.duration(ps.get(j - 1).micros() - first.micros(), unicode);
        return new LadderRow.Fold(i, j, LadderRow.Kind.DATA, dir, false, first.micros(), ps.get(j - 1).micros(), label);
    }

    private static LadderRow.Fold keepAlive(List<LadderPacket> ps, int i, boolean unicode, boolean zh) {
        LadderPacket first = ps.get(i);
        if (!first.has("keep_alive") || first.analysis().size() != 1 || !sameStates(ps, i)) return null;
        boolean dir = first.fromClient();
        int j = i, probes = 0, answers = 0;
        List<Long> probeTimes = new ArrayList<>();
        while (j < ps.size() && sameStates(ps, j)) {
            LadderPacket p = ps.get(j);
            if (p.analysis().size() != 1) break;
            if (p.fromClient() == dir && p.has("keep_alive")) {
                probes++;
                probeTimes.add(p.micros());
            } else if (p.fromClient() != dir && p.has("keep_alive_ack")) {
                answers++;
            } else {
                break;
            }
            j++;
        }
        if (probes < MIN_KEEPALIVE) return null;
        long[] gaps = new long[probeTimes.size() - 1];
        for (int k = 1; k < probeTimes.size(); k++) gaps[k - 1] = probeTimes.get(k) - probeTimes.get(k - 1);
        Arrays.sort(gaps);
        long median = gaps[gaps.length / 2];
        String who = dir ? "client" : "server";
        String label = zh
                ? (probes == answers
                        ? times(unicode) + probes + " 对保活探测与应答（" + (dir ? "客户端" : "服务器") + "探测），间隔 " + LadderText.duration(median, unicode)
                        : times(unicode) + probes + " 个保活探测来自" + (dir ? "客户端" : "服务器") + "，" + answers + " 个得到应答，间隔 "
                                + LadderText.duration(median, unicode))
                : probes == answers
                ? times(unicode) + probes + " keep-alive probe/ACK pairs (" + who + " probes), "
                        + LadderText.duration(median, unicode) + " apart"
                : times(unicode) + probes + " keep-alive probes from " + who + ", " + answers + " answered, "
                        + LadderText.duration(median, unicode) + " apart";
        return new LadderRow.Fold(i, j, LadderRow.Kind.KEEP_ALIVE, dir, answers > 0, first.micros(),
                ps.get(j - 1).micros(), label);
    }

    private static boolean same(LadderPacket a, LadderPacket b) {
        return a.fromClient() == b.fromClient() && a.flags().equals(b.flags()) && a.len() == b.len()
                && a.relSeq() == b.relSeq() && a.relAck() == b.relAck() && a.hasAck() == b.hasAck()
                && a.analysis().equals(b.analysis());
    }

    private static LadderRow.Fold repeat(List<LadderPacket> ps, int i, boolean unicode, boolean zh) {
        LadderPacket first = ps.get(i);
        if (!sameStates(ps, i)) return null;
        int j = i + 1;
        while (j < ps.size() && sameStates(ps, j) && same(first, ps.get(j))) j++;
        if (j - i < MIN_REPEAT) return null;
        String an = LadderText.analysisLabel(first, zh);
        String label = zh
                ? times(unicode) + (j - i) + " 个相同的 " + LadderText.packetLabel(first) + " " + arrow(first.fromClient(), unicode, true)
                        + (an.isEmpty() ? "" : "（" + an + "）") + "，历时 " + LadderText.duration(ps.get(j - 1).micros() - first.micros(), unicode)
                : times(unicode) + (j - i) + " identical " + LadderText.packetLabel(first) + " "
                + arrow(first.fromClient(), unicode, false) + (an.isEmpty() ? "" : " (" + an + ")") + ", "
                + LadderText.duration(ps.get(j - 1).micros() - first.micros(), unicode);
        return new LadderRow.Fold(i, j, LadderRow.Kind.REPEAT, first.fromClient(), false, first.micros(),
                ps.get(j - 1).micros(), label);
    }
}
