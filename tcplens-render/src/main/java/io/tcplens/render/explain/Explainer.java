package io.tcplens.render.explain;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.ConnectionSummary.Milestone;
import io.tcplens.conn.Handshake;
import io.tcplens.conn.Side;
import io.tcplens.conn.Teardown;
import io.tcplens.conn.LifecycleTracker;
import io.tcplens.tcp.Analysis;
import io.tcplens.tcp.TcpAnalyzer;
import io.tcplens.tcp.TcpState;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tells one connection's life as a teacher would: a per-packet table with both endpoints'
 * states, then the story in plain words, in English or Simplified Chinese. Every sentence is
 * written in both languages side by side ({@link #t}) so the two never drift apart.
 */
public final class Explainer {
    /** The engine's timeouts, which the story quotes (so a changed setting cannot leave the words behind). */
    private static final long TIME_WAIT_NANOS = TcpAnalyzer.DEFAULT_TIME_WAIT_NANOS;
    private static final long IDLE_NANOS = TcpAnalyzer.DEFAULT_IDLE_NANOS;
    private static final long ESTABLISHED_IDLE_NANOS = TcpAnalyzer.ESTABLISHED_IDLE_NANOS;
    private static final long CLOSE_DELAY_NANOS = LifecycleTracker.DEFAULT_CLOSE_DELAY_NANOS;

    /** A silence at least this long is worth telling. */
    private static final long SILENCE_NANOS = 1_000_000_000L;

    public enum Lang {
        EN, ZH;

        /** The one place a {@code --lang} value is read: "en", or "zh" ("zh-cn", "zh_CN", "cn"); null for anything else. */
        public static Lang parse(String s) {
            if (s == null) return null;
            return switch (s.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
                case "en", "en-us", "en-gb" -> EN;
                case "zh", "zh-cn", "zh-hans", "cn" -> ZH;
                default -> null;
            };
        }
    }

    /** Rows beyond this are summarised in one line, so one huge connection cannot flood the terminal. */
    public static final int DEFAULT_MAX_ROWS = 400;

    private final Lang lang;
    private final PrintStream out;
    private final int maxRows;

    public Explainer(Lang lang, PrintStream out, int maxRows) {
        this.lang = lang;
        this.out = out;
        this.maxRows = maxRows;
    }

    public Lang lang() { return lang; }

    /** Space between two explained connections. */
    public void separator() {
        out.println();
        out.println();
    }

    private String t(String en, String zh) { return lang == Lang.ZH ? zh : en; }

    /** Explains one connection: heading, packet table, story; {@code extra} paragraphs (HTTP) go before the close. */
    public void explain(ConnectionSummary c, List<PacketRow> rows, int rowsDropped, List<String> extra) {
        String heading = t("Connection ", "连接 ") + c.stream() + t(": ", "：") + c.client().label() + " → " + c.server().label()
                + t("  (client → server)", "（客户端 → 服务器）");
        out.println(heading);
        out.println("=".repeat(Math.min(100, displayWidth(heading))));
        table(c, rows, rowsDropped);
        out.println();
        for (String p : story(c, extra, rows)) {
            out.println(wrap(p, 100));
            out.println();
        }
    }

    // ------------------------------------------------------------------ the packet table

    private void table(ConnectionSummary c, List<PacketRow> rows, int dropped) {
        // Pad by display columns: a Chinese character takes two ("方向" needs a wider column than "dir").
        int dirWidth = lang == Lang.ZH ? 4 : 3;
        String h = padLeft(t("frame", "帧"), 6) + "  " + padLeft(t("time", "时间"), 10) + "  " + padRight(t("dir", "方向"), dirWidth) + " "
                + padRight(t("flags", "标志"), 6) + " " + padLeft("seq", 11) + " " + padLeft("ack", 11) + " " + padLeft("len", 6) + "  "
                + padRight(t("client", "客户端"), 12) + " " + padRight(t("server", "服务器"), 12) + "  " + t("notes", "说明");
        out.println(h);
        if (listening(c) && !rows.isEmpty() && rows.getFirst().fromClient() && (rows.getFirst().flags() & 0x12) == 0x02) {
            // The server listened before the SYN came, as the textbooks' state diagram starts.
            out.println(String.format(Locale.ROOT, "%6s  %10s  %s %-6s %11s %11s %6s  %-12s %-12s  %s", "", "", padRight("", dirWidth), "",
                    "", "", "", "CLOSED", "LISTEN", t("before the first SYN", "收到第一个 SYN 之前")));
        }
        int n = 0;
        PacketRow prev = null;
        for (PacketRow r : rows) {
            if (n++ == maxRows) {
                out.println(t("   ... ", "   ... ") + (rows.size() - maxRows + dropped)
                        + t(" more packets not shown (use --max-rows to see them)", " 个报文未显示（用 --max-rows 查看全部）"));
                return;
            }
            String arrow = r.fromClient() ? "→" : "←";
            out.println(String.format(Locale.ROOT, "%6d  %10.6f  %s %-6s %11s %11s %6s  %-12s %-12s  %s", r.frame(),
                    (r.nanos() - c.firstNanos()) / 1e9, padRight(arrow, dirWidth), "[" + r.tcpdumpFlags() + "]",
                    Integer.toUnsignedString(r.seq()), (r.flags() & 0x10) != 0 ? Integer.toUnsignedString(r.ack()) : "-",
                    r.lengthKnown() ? Integer.toString(r.len()) : "?", state(r.clientState()), state(r.serverState()),
                    notes(r, prev)));
            prev = r;
        }
        if (dropped > 0) {
            out.println(t("   ... ", "   ... ") + dropped + t(" more packets not kept", " 个报文未保留"));
        }
    }

    private String state(TcpState s) { return s == null ? "?" : s.name(); }

    /** The server was in LISTEN before the first packet: it answered the client's SYN with a SYN-ACK. */
    public static boolean listening(ConnectionSummary c) {
        return c.clientFromSyn() && !c.resumed() && (c.handshake() == Handshake.THREE_WAY || c.handshake() == Handshake.INCOMPLETE);
    }

    /** The side that went FIN_WAIT_1 → TIME_WAIT on this packet (its peer's FIN carried the ACK of its own), or null. */
    static Side skippedFinWait2(PacketRow prev, PacketRow r) {
        if (prev == null) return null;
        if (prev.clientState() == TcpState.FIN_WAIT_1 && r.clientState() == TcpState.TIME_WAIT && !r.fromClient()) return Side.CLIENT;
        if (prev.serverState() == TcpState.FIN_WAIT_1 && r.serverState() == TcpState.TIME_WAIT && r.fromClient()) return Side.SERVER;
        return null;
    }

    private String notes(PacketRow r, PacketRow prev) {
        List<String> n = new ArrayList<>();
        if (skippedFinWait2(prev, r) != null) n.add(t("FIN+ACK: FIN_WAIT_2 skipped", "FIN 带着 ACK：跳过 FIN_WAIT_2"));
        if (r.has(Analysis.REUSED_PORTS)) n.add(t("ports reused", "端口复用"));
        if (r.has(Analysis.FAST_RETRANSMISSION)) n.add(t("fast retransmission", "快速重传"));
        else if (r.has(Analysis.SPURIOUS_RETRANSMISSION)) n.add(t("spurious retransmission", "虚假重传"));
        else if (r.has(Analysis.RETRANSMISSION)) n.add(t("retransmission", "重传"));
        if (r.has(Analysis.OUT_OF_ORDER)) n.add(t("out of order", "乱序"));
        if (r.has(Analysis.LOST_SEGMENT)) n.add(t("previous segment not captured", "前一报文段未捕获"));
        if (r.has(Analysis.ACK_LOST_SEGMENT)) n.add(t("ACKs unseen segment", "确认了未捕获的报文段"));
        if (r.has(Analysis.WINDOW_UPDATE)) n.add(t("window update", "窗口更新"));
        if (r.has(Analysis.WINDOW_FULL)) n.add(t("window full", "窗口已满"));
        if (r.has(Analysis.KEEP_ALIVE)) n.add(t("keep-alive probe", "保活探测"));
        if (r.has(Analysis.KEEP_ALIVE_ACK)) n.add(t("keep-alive ACK", "保活应答"));
        if (r.has(Analysis.DUPLICATE_ACK)) n.add(t("dup ACK #", "重复确认 #") + r.dupAckNum());
        if (r.has(Analysis.ZERO_WINDOW_PROBE)) n.add(t("zero-window probe", "零窗口探测"));
        if (r.has(Analysis.ZERO_WINDOW)) n.add(t("zero window", "零窗口"));
        if (r.has(Analysis.ZERO_WINDOW_PROBE_ACK)) n.add(t("zero-window probe ACK", "零窗口探测应答"));
        return String.join(", ", n);
    }

    // ------------------------------------------------------------------ the story

    /** The story's paragraphs without the packet table (for the HTML report). */
    public static List<String> paragraphs(ConnectionSummary c, Lang lang, List<String> extra) {
        return paragraphs(c, lang, extra, null);
    }

    /** As above; {@code rows} (the connection's packets, or null) let the story name the side of each zero window. */
    public static List<String> paragraphs(ConnectionSummary c, Lang lang, List<String> extra, List<PacketRow> rows) {
        return new Explainer(lang, new PrintStream(java.io.OutputStream.nullOutputStream()), 0).story(c, extra, rows);
    }

    List<String> story(ConnectionSummary c, List<String> extra, List<PacketRow> rows) {
        List<String> p = new ArrayList<>();
        String client = t("the client ", "客户端 ") + c.client().label();
        String server = t("the server ", "服务器 ") + c.server().label();
        if (c.resumed() && c.handshake() != Handshake.NOT_CAPTURED) {
            p.add(t("A new SYN came on the ports of stream " + c.stream() + " after its earlier attempt had been closed "
                            + "or reset. It reuses the old initial sequence number, so tshark keeps the same stream number (to "
                            + "tshark it is a retransmitted SYN); to Zeek, and here, it is a new connection, told on its own.",
                    "stream " + c.stream() + " 前面的那次连接已经被关闭或重置之后，同样的端口上又来了一个新的 SYN。"
                            + "它沿用了原来的初始序号，所以 tshark 仍然用同一个 stream 编号（在 tshark 看来这是一个重传的 SYN）；"
                            + "而在 Zeek 和这里看来，这是一条新连接，单独讲。"));
        } else if (c.resumed()) {
            p.add(t("These packets came on the ports of stream " + c.stream() + " after its earlier part had been "
                            + "summarised (" + seconds(CLOSE_DELAY_NANOS) + " after it was closed, or after its TIME_WAIT, or after "
                            + duration(IDLE_NANOS, Lang.EN) + " of silence, " + duration(ESTABLISHED_IDLE_NANOS, Lang.EN)
                            + " when both sides were ESTABLISHED). tshark "
                            + "keeps the same stream number; this part is told on its own, as Zeek logs a new connection.",
                    "这些报文出现在 stream " + c.stream() + " 的端口上，而它前面的部分已经结束并总结过了（关闭后 " + seconds(CLOSE_DELAY_NANOS)
                            + "，或者 TIME_WAIT 已经结束，或者静默了 " + duration(IDLE_NANOS, Lang.ZH) + "；双方都是 ESTABLISHED 时是 "
                            + duration(ESTABLISHED_IDLE_NANOS, Lang.ZH) + "）。"
                            + "tshark 仍然沿用同一个 stream 编号；这里把这一段单独讲，就像 Zeek 会把它记成一条新连接。"));
        }
        p.add(opening(c, client, server));
        String data = data(c);
        if (data != null) p.add(data);
        String idle = idleAndKeepalive(c);
        if (idle != null) p.add(idle);
        String zw = zeroWindow(c, rows);
        if (zw != null) p.add(zw);
        String anomalies = anomalies(c);
        if (anomalies != null) p.add(anomalies);
        if (extra != null) p.addAll(extra);
        p.add(closing(c));
        String tw = timeWait(c);
        if (tw != null) p.add(tw);
        return p;
    }

    /** Time since the connection's first packet, to the microsecond (handshakes on a LAN take less than a millisecond). */
    private String at(long nanos, ConnectionSummary c) {
        return String.format(Locale.ROOT, "%.6f s", (nanos - c.firstNanos()) / 1e9);
    }

    static String padLeft(String s, int width) {
        int w = displayWidth(s);
        return w >= width ? s : " ".repeat(width - w) + s;
    }

    static String padRight(String s, int width) {
        int w = displayWidth(s);
        return w >= width ? s : s + " ".repeat(width - w);
    }

    private static String ms(long nanos) {
        return nanos >= 1_000_000_000L ? String.format(Locale.ROOT, "%.1f s", nanos / 1e9)
                : String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    private Milestone find(ConnectionSummary c, Milestone.Kind k, Boolean byClient) {
        for (Milestone m : c.milestones()) {
            if (m.kind() == k && (byClient == null || m.byClient() == byClient)) return m;
        }
        return null;
    }

    private String opening(ConnectionSummary c, String client, String server) {
        Milestone syn = find(c, Milestone.Kind.SYN, true);
        Milestone synAck = find(c, Milestone.Kind.SYN_ACK, false);
        Milestone ack = find(c, Milestone.Kind.HANDSHAKE_ACK, true);
        String retrans = c.synRetransmits() == 0 ? "" : t(" The client had to send its SYN " + (c.synRetransmits() + 1)
                        + " times: the first ones were lost or not answered in time, and Linux retries after 1 s, then 2 s, 4 s...",
                "客户端一共发了 " + (c.synRetransmits() + 1) + " 次 SYN：前几次丢失或没有及时得到应答，Linux 会在 1 秒、2 秒、4 秒……后重试。");
        return switch (c.handshake()) {
            case THREE_WAY -> {
                String rtt = c.initialRttNanos() >= 0 ? t(" The handshake took " + ms(c.initialRttNanos()) + " (the initial round-trip time).",
                        "握手耗时 " + ms(c.initialRttNanos()) + "（即初始往返时间 iRTT）。") : "";
                yield cap(client) + t(" opened the connection to ", " 向") + server
                        + t(" with the three-way handshake: SYN at " + at(syn.nanos(), c) + " (the client picks its initial sequence number, shown as relative seq 0; SYN_SENT), SYN-ACK at "
                                + at(synAck.nanos(), c) + " (the server acknowledges ack=1, i.e. the client's ISN + 1, and picks its own ISN; SYN_RCVD), and the client's ACK at "
                                + at(ack.nanos(), c) + " (ack=1 = the server's ISN + 1). Both sides are then ESTABLISHED.",
                        " 发起连接，完成三次握手：" + at(syn.nanos(), c) + " 发出 SYN（客户端选定初始序号 ISN，相对序号记为 0；进入 SYN_SENT），"
                                + at(synAck.nanos(), c) + " 收到 SYN-ACK（服务器确认 ack=1，即客户端 ISN+1，并选定自己的 ISN；服务器进入 SYN_RCVD），"
                                + at(ack.nanos(), c) + " 客户端回 ACK（ack=1，即服务器 ISN+1）。此后双方都处于 ESTABLISHED。")
                        + rtt + retrans + listen(c);
            }
            case SIMULTANEOUS_OPEN -> t("Both sides sent a SYN before receiving the other's: a simultaneous open (RFC 9293 Figure 7). Each went SYN_SENT → SYN_RCVD → ESTABLISHED.",
                    "双方在收到对方的 SYN 之前都发出了自己的 SYN：这是同时打开（RFC 9293 图 7）。双方都经历 SYN_SENT → SYN_RCVD → ESTABLISHED。");
            case REFUSED -> cap(client) + t(" sent a SYN, and ", " 发出 SYN，") + server
                    + t(" answered with a RST: nothing was listening on port " + c.server().port() + " (connection refused). The client goes from SYN_SENT straight to CLOSED.",
                    " 用 RST 回应：端口 " + c.server().port() + " 上没有程序在监听（连接被拒绝）。客户端从 SYN_SENT 直接回到 CLOSED。") + retrans;
            case UNANSWERED -> cap(client) + t(" sent a SYN to ", " 向") + server
                    + t(" but it was never answered (" + (c.synRetransmits() + 1) + " SYN" + (c.synRetransmits() > 0 ? "s" : "")
                            + " in all): the host is down, a firewall drops the packets, or the answer was not captured. The client stays in SYN_SENT until it gives up.",
                    " 发出 SYN，但一直没有应答（共 " + (c.synRetransmits() + 1) + " 个 SYN）：对方主机不在线、被防火墙丢弃，或者应答没有被抓到。客户端停留在 SYN_SENT，直到放弃。");
            case INCOMPLETE -> cap(client) + t(" sent a SYN and ", " 发出 SYN，") + server
                    + t(" answered with SYN-ACK, but the client's final ACK of the handshake was not captured.",
                    " 回了 SYN-ACK，但握手的最后一个 ACK 没有被抓到。") + retrans + listen(c);
            case NOT_CAPTURED -> c.resumed()
                    ? t("There was no new handshake: ", "没有新的握手：") + client + t(" and ", " 和") + server
                            + t(" carried on with the old sequence numbers, and each side's state goes on from where the earlier part left it,"
                                    + " except that a TIME_WAIT which ran out meanwhile (" + seconds(TIME_WAIT_NANOS) + ") is over: that side is CLOSED and no longer knows the connection.",
                            " 沿用原来的序列号继续通信，双方的状态也从前一段结束时的状态接着推断；只是期间已经到期的 TIME_WAIT（" + seconds(TIME_WAIT_NANOS) + "）不再算数：那一方已是 CLOSED，不再记得这条连接。")
                    : t("The capture starts in the middle of this connection between ", "抓包开始时这条连接已经建立，双方是")
                    + client + t(" and ", " 和") + server
                    + t(": its handshake was not captured, so both states are UNKNOWN until the packets reveal them."
                            + (c.clientFromSyn() ? "" : " Which side is the client is a guess from the port numbers."),
                    "：握手没有被抓到，所以在报文透露出来之前，双方的状态都是 UNKNOWN。"
                            + (c.clientFromSyn() ? "" : "哪一方是客户端是根据端口号推测的。"));
        };
    }

    private String listen(ConnectionSummary c) {
        if (!listening(c)) return "";
        return t(" Before the SYN the server was in LISTEN on port " + c.server().port() + " (its application had called listen()), and the client was CLOSED.",
                "SYN 到来之前，服务器在端口 " + c.server().port() + " 上处于 LISTEN（监听）状态（应用程序调用了 listen()），客户端处于 CLOSED。");
    }

    private String data(ConnectionSummary c) {
        if (c.clientPayloadBytes() == 0 && c.serverPayloadBytes() == 0) {
            if (c.handshake() == Handshake.REFUSED || c.handshake() == Handshake.UNANSWERED) return null;
            return t("No data was sent on this connection.", "这条连接上没有传输任何数据。");
        }
        return t("The client sent " + c.clientPayloadBytes() + " bytes of data and the server " + c.serverPayloadBytes()
                        + " bytes (" + c.clientPackets() + " and " + c.serverPackets() + " packets in all, ACKs included). "
                        + "Each ACK number is the next byte the receiver expects: seq + len of what it got.",
                "客户端发送了 " + c.clientPayloadBytes() + " 字节数据，服务器发送了 " + c.serverPayloadBytes()
                        + " 字节（报文总数分别为 " + c.clientPackets() + " 和 " + c.serverPackets() + "，含纯 ACK）。"
                        + "每个 ACK 号都是接收方期待的下一个字节：收到的 seq + len。");
    }

    private String idleAndKeepalive(ConnectionSummary c) {
        StringBuilder sb = new StringBuilder();
        // The silence that matters is the one without data: keep-alive probes do not end it.
        long lastData = -1;
        for (Milestone m : c.milestones()) if (m.kind() == Milestone.Kind.LAST_DATA) lastData = Math.max(lastData, m.nanos());
        Milestone firstFin = null;
        for (Milestone m : c.milestones()) if (m.kind() == Milestone.Kind.FIN) { firstFin = m; break; }
        Milestone firstRst = find(c, Milestone.Kind.RST, null);
        Milestone end = firstFin != null ? firstFin : firstRst;
        long endNanos = end != null ? end.nanos() : c.lastNanos();
        if (lastData >= 0 && endNanos - lastData >= SILENCE_NANOS) {
            String closer = end == null ? null : end.byClient() ? t("the client", "客户端") : t("the server", "服务器");
            if (end != null) {
                sb.append(t("After the last data at " + at(lastData, c) + ", the connection stayed open with no data for "
                                + ms(endNanos - lastData) + "; then " + closer + " ended it. A server that closes an idle connection"
                                + " like this is usually applying an idle timeout (such as HTTP keep-alive's). ",
                        "最后一次传输数据是在 " + at(lastData, c) + "，之后连接保持打开、没有任何数据长达 " + ms(endNanos - lastData)
                                + "，然后由" + closer + "结束。服务器这样关闭空闲连接，通常是空闲超时在起作用（例如 HTTP keep-alive 的超时）。"));
            } else {
                sb.append(t("After the last data at " + at(lastData, c) + ", the connection stayed open with no data until the capture ended ("
                                + ms(endNanos - lastData) + "). ",
                        "最后一次传输数据是在 " + at(lastData, c) + "，之后直到抓包结束连接都没有数据（" + ms(endNanos - lastData) + "）。"));
            }
        } else if (!c.idleGaps().isEmpty()) {
            ConnectionSummary.IdleGap longest = c.idleGaps().getFirst();
            for (ConnectionSummary.IdleGap g : c.idleGaps()) if (g.nanos() > longest.nanos()) longest = g;
            sb.append(t("The longest silence on the connection lasted " + ms(longest.nanos()) + " (from " + at(longest.startNanos(), c)
                            + " to " + at(longest.endNanos(), c) + "). ",
                    "连接上最长的一段静默持续了 " + ms(longest.nanos()) + "（从 " + at(longest.startNanos(), c) + " 到 "
                            + at(longest.endNanos(), c) + "）。"));
        }
        long ka = c.clientKeepaliveProbes() + c.serverKeepaliveProbes();
        if (ka > 0) {
            for (int i = 0; i < 2; i++) {
                long n = i == 0 ? c.clientKeepaliveProbes() : c.serverKeepaliveProbes();
                long iv = i == 0 ? c.clientKeepaliveIntervalNanos() : c.serverKeepaliveIntervalNanos();
                if (n == 0) continue;
                String who = i == 0 ? t("The client", "客户端") : t("The server", "服务器");
                String other = i == 0 ? t("the server", "服务器") : t("the client", "客户端");
                sb.append(who).append(t(" sent " + n + " TCP keepalive probe" + (n > 1 ? "s" : "")
                                + (iv >= 0 ? ", one every " + ms(iv) : "") + ", each answered by " + other + "'s ACK. ",
                        "发送了 " + n + " 个 TCP 保活探测（keepalive probe）" + (iv >= 0 ? "，每 " + ms(iv) + " 一个" : "")
                                + "，" + other + "每次都用 ACK 应答。"));
            }
            sb.append(t("These are TCP keepalive probes: the kernel (SO_KEEPALIVE) sends an empty segment whose sequence number is one below the next byte, so the peer must answer with an ACK; they check that an idle peer is still there. They are not HTTP keep-alive: HTTP keep-alive only means the connection is reused for more requests, and an idle HTTP keep-alive connection sends nothing at all.",
                    "这些是 TCP 层的保活探测：内核（SO_KEEPALIVE）发送一个不带数据、序号比下一个字节小 1 的报文段，对方必须回 ACK，以此确认空闲的对端仍然在线。它们不是 HTTP keep-alive：HTTP keep-alive 只是表示连接会被复用来发送更多请求，空闲的 HTTP keep-alive 连接本身不发送任何报文。"));
        }
        return sb.isEmpty() ? null : sb.toString().trim();
    }

    private String zeroWindow(ConnectionSummary c, List<PacketRow> rows) {
        long zw = c.analysisCount(Analysis.ZERO_WINDOW);
        long zwp = c.clientZeroWindowProbes() + c.serverZeroWindowProbes();
        if (zw == 0 && zwp == 0) return null;
        // Who advertised the zero window: from the packets when they are kept, else from who probed
        // (a zero-window probe goes to the side whose window is closed).
        long byClient = 0, byServer = 0;
        if (rows != null) {
            for (PacketRow r : rows) {
                if (!r.has(Analysis.ZERO_WINDOW)) continue;
                if (r.fromClient()) byClient++; else byServer++;
            }
        }
        if (byClient + byServer == 0) {
            if (c.clientZeroWindowProbes() > 0) byServer = zw;
            if (c.serverZeroWindowProbes() > 0) byClient = zw;
        }
        String receiver;
        String sender;
        if (byClient > 0 && byServer > 0) {
            receiver = t("Both sides advertised", "双方都通告过");
            sender = t("the other side", "对方");
        } else if (byClient > 0) {
            receiver = t("The client", "客户端") + " " + c.client().label() + t(" advertised", " 通告了");
            sender = t("the server", "服务器");
        } else if (byServer > 0) {
            receiver = t("The server", "服务器") + " " + c.server().label() + t(" advertised", " 通告了");
            sender = t("the client", "客户端");
        } else {
            receiver = t("A receiver advertised", "接收方通告了");
            sender = t("the sender", "发送方");
        }
        return receiver + t(" a zero window " + zw + " time" + (zw == 1 ? "" : "s")
                        + ": its receive buffer was full because its application did not read fast enough, so " + sender + " had to stop sending."
                        + (zwp > 0 ? " " + cap(sender) + " checked with " + zwp + " zero-window probe" + (zwp > 1 ? "s" : "")
                        + " (persist timer). On Linux these look exactly like keepalive probes; tcplens tells them apart by the peer's zero window." : ""),
                " " + zw + " 次零窗口：它的接收缓冲区满了（应用程序读得不够快），" + sender + "只能暂停发送。"
                        + (zwp > 0 ? sender + "用 " + zwp + " 个零窗口探测（持续计时器）询问窗口是否重新打开。在 Linux 上它们和保活探测长得一模一样，tcplens 根据对端的零窗口来区分。" : ""));
    }

    private String anomalies(ConnectionSummary c) {
        List<String> items = new ArrayList<>();
        long rx = c.analysisCount(Analysis.RETRANSMISSION);
        long fast = c.analysisCount(Analysis.FAST_RETRANSMISSION);
        long spur = c.analysisCount(Analysis.SPURIOUS_RETRANSMISSION);
        long dup = c.analysisCount(Analysis.DUPLICATE_ACK);
        long ooo = c.analysisCount(Analysis.OUT_OF_ORDER);
        long lost = c.analysisCount(Analysis.LOST_SEGMENT);
        if (rx > 0) items.add(t(rx + " retransmission" + (rx > 1 ? "s" : ""), rx + " 次重传"));
        if (fast > 0) items.add(t(fast + " fast retransmission" + (fast > 1 ? "s" : "") + " (after 3 duplicate ACKs)", fast + " 次快速重传（收到 3 个重复 ACK 后）"));
        if (spur > 0) items.add(t(spur + " spurious retransmission" + (spur > 1 ? "s" : "") + " (data the peer had already acknowledged)", spur + " 次虚假重传（对方早已确认的数据）"));
        if (dup > 0) items.add(t(dup + " duplicate ACK" + (dup > 1 ? "s" : ""), dup + " 个重复 ACK"));
        if (ooo > 0) items.add(t(ooo + " out-of-order segment" + (ooo > 1 ? "s" : ""), ooo + " 个乱序报文段"));
        if (lost > 0) items.add(t(lost + " gap" + (lost > 1 ? "s" : "") + " where a segment was not captured", lost + " 处报文段未被抓到"));
        if (items.isEmpty()) return null;
        return t("Wireshark-style analysis found ", "按 Wireshark 的分析规则发现：") + String.join(t(", ", "、"), items) + t(".", "。");
    }

    private String closing(ConnectionSummary c) {
        Teardown td = c.teardown();
        Milestone cf = find(c, Milestone.Kind.FIN, true), sf = find(c, Milestone.Kind.FIN, false);
        Milestone rst = find(c, Milestone.Kind.RST, null);
        String fp = c.finWithData() ? t(" The first FIN rode on the last data segment (tcpdump shows [FP.]): the sender had nothing more to say, so the kernel set FIN on the data itself; the FIN takes the sequence number right after the data.",
                "第一个 FIN 搭在最后一个数据报文段上（tcpdump 显示 [FP.]）：发送方已经没有更多数据，内核直接在数据报文上置 FIN 位；FIN 占用数据之后的那个序号。") : "";
        String half = c.halfClose() ? t(" After receiving the first FIN, the other side kept sending data: a half-close (shutdown(SHUT_WR)); TCP lets each direction close on its own.",
                "收到第一个 FIN 之后，另一方还在继续发送数据：这是半关闭（shutdown(SHUT_WR)），TCP 允许两个方向各自关闭。") : "";
        switch (td) {
            case FOUR_WAY, THREE_WAY -> {
                boolean clientFirst = c.activeCloser() == Side.CLIENT;
                Milestone first = clientFirst ? cf : sf, second = clientFirst ? sf : cf;
                String a = clientFirst ? t("The client", "客户端") : t("The server", "服务器");
                String b = clientFirst ? t("the server", "服务器") : t("the client", "客户端");
                String aState = t(" (active close: ESTABLISHED → FIN_WAIT_1)", "（主动关闭：ESTABLISHED → FIN_WAIT_1）");
                String bState = t(" (passive close: CLOSE_WAIT, then LAST_ACK)", "（被动关闭：先进入 CLOSE_WAIT，再进入 LAST_ACK）");
                if (td == Teardown.FOUR_WAY) {
                    Milestone acked = find(c, Milestone.Kind.FIN_ACKED, !clientFirst);
                    return a + t(" closed first: it sent FIN at " + at(first.nanos(), c), "先关闭：在 " + at(first.nanos(), c) + " 发出 FIN") + aState
                            + t("; " + b + " acknowledged it" + (acked != null ? " at " + at(acked.nanos(), c) : "")
                                    + " and, once its own application closed, sent its FIN at " + at(second.nanos(), c) + bState
                                    + ", which was acknowledged in turn: the classic four-segment close (FIN, ACK, FIN, ACK).",
                            "；" + b + (acked != null ? "在 " + at(acked.nanos(), c) + " " : "") + "确认了它，等自己的应用程序也关闭后，在 "
                                    + at(second.nanos(), c) + " 发出自己的 FIN" + bState + "，随后被确认：这就是经典的四次挥手（FIN、ACK、FIN、ACK）。")
                            + fp + half;
                }
                return a + t(" closed first: it sent FIN at " + at(first.nanos(), c), "先关闭：在 " + at(first.nanos(), c) + " 发出 FIN") + aState
                        + t("; " + b + " answered at " + at(second.nanos(), c) + " with a FIN that also acknowledges the first FIN"
                                        + " (it merged its ACK with its own FIN, [F.]), and the last ACK followed: a three-segment close."
                                        + " This happens when the passive side's application closes at once, before the kernel sends a separate ACK.",
                        "；" + b + "在 " + at(second.nanos(), c) + " 回了一个 FIN，同时确认了第一个 FIN（把 ACK 和自己的 FIN 合并成一个 [F.] 报文），"
                                + "最后再来一个 ACK：只有三个报文段的挥手。被动关闭一方的应用程序立即关闭、内核来不及单独发送 ACK 时就会这样。")
                        + t(" So " + b + "'s FIN came with its ACK, and " + a.toLowerCase(Locale.ROOT) + " went from FIN_WAIT_1 straight to TIME_WAIT: it skipped FIN_WAIT_2, the state that waits for the peer's FIN after its ACK.",
                                "因为" + b + "的 FIN 带着 ACK 一起到达，" + a + "从 FIN_WAIT_1 直接进入 TIME_WAIT，跳过了 FIN_WAIT_2（收到 ACK 后等待对方 FIN 的状态）。")
                        + fp + half;
            }
            case SIMULTANEOUS -> {
                return t("Both sides sent FIN before receiving the other's (a simultaneous close, RFC 9293 Figure 13): each went FIN_WAIT_1 → CLOSING → TIME_WAIT.",
                        "双方在收到对方 FIN 之前都发出了自己的 FIN（同时关闭，RFC 9293 图 13）：双方都经历 FIN_WAIT_1 → CLOSING → TIME_WAIT。") + fp;
            }
            case RESET -> {
                String who = rst == null ? "?" : rst.byClient() ? t("The client", "客户端") : t("The server", "服务器");
                if (c.handshake() == Handshake.REFUSED) {
                    return t("There was no connection to close: the RST ended the attempt.", "没有需要关闭的连接：RST 直接结束了这次连接尝试。");
                }
                return who + t(" reset the connection with a RST at " + at(rst.nanos(), c)
                                + " instead of closing it with FIN: an abortive close (for example SO_LINGER with 0 s, a close() with unread data, or a segment for a connection the host no longer knows). Both sides go to CLOSED at once, nobody waits in TIME_WAIT, and any data still in flight is lost."
                                + (c.activeCloser() != null ? " A FIN had been sent before the RST." : ""),
                        "在 " + at(rst.nanos(), c) + " 用 RST 重置了连接，而不是用 FIN 正常关闭：这是异常关闭（例如 SO_LINGER 设为 0 秒、接收缓冲区还有未读数据时 close()，或者收到了主机已经不认识的连接的报文）。"
                                + "双方立即进入 CLOSED，没有人进入 TIME_WAIT，尚未送达的数据会丢失。" + (c.activeCloser() != null ? "在 RST 之前已经发过 FIN。" : ""));
            }
            default -> {
                if (c.handshake() == Handshake.UNANSWERED) {
                    return t("The connection never opened: when the capture ended the client was still waiting for an answer (SYN_SENT); "
                                    + "nothing is known about the server, which never sent a packet.",
                            "连接始终没有建立：抓包结束时客户端仍在等待应答（SYN_SENT）；服务器从未发出任何报文，它的状态无从得知。");
                }
                String s = t("The connection was still open when the capture ended (client " + c.clientFinalState() + ", server " + c.serverFinalState() + ").",
                        "抓包结束时连接仍未关闭（客户端 " + c.clientFinalState() + "，服务器 " + c.serverFinalState() + "）。");
                if (c.activeCloser() != null) {
                    s += t(" The " + c.activeCloser().label() + " had sent its FIN, but the other side had not closed yet.",
                            (c.activeCloser() == Side.CLIENT ? "客户端" : "服务器") + "已经发出 FIN，但另一方还没有关闭。");
                }
                return s + half;
            }
        }
    }

    private String timeWait(ConnectionSummary c) {
        Side tw = c.timeWait();
        if (tw == null) {
            if (c.teardown() == Teardown.FOUR_WAY || c.teardown() == Teardown.THREE_WAY) {
                return t("The last ACK was not captured, so the active closer's TIME_WAIT cannot be confirmed.",
                        "最后一个 ACK 没有被抓到，所以无法确认主动关闭方进入了 TIME_WAIT。");
            }
            return null;
        }
        String who = switch (tw) {
            case CLIENT -> t("The client", "客户端");
            case SERVER -> t("The server", "服务器");
            case BOTH -> t("Both sides", "双方");
        };
        String why = tw == Side.BOTH
                ? t(" (in a simultaneous close both sides are active closers, so both wait)", "（同时关闭时双方都是主动关闭方，所以双方都要等待）")
                : t(" (the active closer, the side that sent the first FIN, does)", "（主动关闭方，即先发出 FIN 的一方，会进入 TIME_WAIT）");
        String other = tw == Side.BOTH ? ""
                : t(" The other side goes to CLOSED as soon as its own FIN is acknowledged.", "另一方在自己的 FIN 被确认后立即进入 CLOSED。");
        String cost = switch (tw) {
            case SERVER -> t(" A server doing the active close keeps one TIME_WAIT socket for every connection it closes, which adds up on a busy server.",
                    "由服务器主动关闭时，它关闭的每条连接都会在服务器上留下一个 TIME_WAIT 套接字，繁忙的服务器上会积累大量这样的连接。");
            case CLIENT -> t(" On the client this costs little: the socket only keeps its ephemeral port for that time (only a client opening very many connections to the same server can run short of ports).",
                    "在客户端这几乎没有代价：只是这段时间里占用一个临时端口（只有向同一服务器发起大量连接的客户端才可能耗尽端口）。");
            case BOTH -> t(" Each side keeps the connection's ports for that time.", "双方都在这段时间里占用这条连接的端口。");
        };
        return who + t(" end" + (tw == Side.BOTH ? "" : "s") + " in TIME_WAIT" + why + ": it keeps the connection's address and ports for 2×MSL ("
                        + seconds(TIME_WAIT_NANOS) + " on Linux, 4 min in RFC 9293) so that a retransmitted FIN can still be acknowledged and late segments of this connection cannot be mistaken for a new one."
                        + other + cost,
                "最终处于 TIME_WAIT" + why + "：要把这条连接的地址和端口保留 2×MSL（Linux 上是 " + seconds(TIME_WAIT_NANOS)
                        + "，RFC 9293 规定 4 分钟），以便对方重传的 FIN 仍能得到确认，并防止这条连接迟到的报文被误认为属于新连接。"
                        + other + cost);
    }

    /** "60 s" in English, "60 秒" in Chinese (whole seconds: the engine's timeouts are). */
    private String seconds(long nanos) {
        return t(nanos / 1_000_000_000L + " s", nanos / 1_000_000_000L + " 秒");
    }

    /** A timeout in words: "5 min", "2 h 10 min" / "5 分钟", "2 小时 10 分钟". */
    private static String duration(long nanos, Lang lang) {
        long min = nanos / 60_000_000_000L, h = min / 60, m = min % 60;
        boolean zh = lang == Lang.ZH;
        String hs = h == 0 ? "" : h + (zh ? " 小时" : " h");
        String ms = m == 0 ? "" : m + (zh ? " 分钟" : " min");
        return hs.isEmpty() ? ms : ms.isEmpty() ? hs : hs + " " + ms;
    }

    private static String cap(String s) { return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1); }

    /**
     * Wraps text to {@code width} display columns. Breaks between words, and between any two
     * CJK characters (Chinese has no spaces); a CJK character counts as two columns.
     */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int col = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            int j;
            if (cp == ' ') {
                j = i + 1;
            } else if (isWide(cp) || isCjkPunctuation(cp)) {
                j = i + Character.charCount(cp);
            } else {
                j = i;
                while (j < n) {
                    int c = text.codePointAt(j);
                    if (c == ' ' || isWide(c) || isCjkPunctuation(c)) break;
                    j += Character.charCount(c);
                }
            }
            String token = text.substring(i, j);
            int w = displayWidth(token);
            if (cp == ' ') {
                if (col > 0 && col + 1 <= width) { out.append(' '); col++; }
            } else {
                if (col > 0 && col + w > width && !closingPunctuation(cp)) {
                    // never leave a space at the end of a line
                    if (out.length() > 0 && out.charAt(out.length() - 1) == ' ') out.setLength(out.length() - 1);
                    out.append('\n');
                    col = 0;
                }
                out.append(token);
                col += w;
            }
            i = j;
        }
        return out.toString();
    }

    /** Chinese typesetting never starts a line with closing punctuation. */
    private static boolean closingPunctuation(int cp) {
        return "，。、：；）！？」』】,.;:)!?".indexOf(cp) >= 0;
    }

    private static boolean isCjkPunctuation(int cp) { return cp >= 0x3000 && cp <= 0x303F; }

    static int displayWidth(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += isWide(cp) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return w;
    }

    static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6);
    }
}
