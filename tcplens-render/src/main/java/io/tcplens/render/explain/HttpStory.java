package io.tcplens.render.explain;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.http.HttpPersistence;
import io.tcplens.http.HttpResult;
import io.tcplens.http.HttpTransaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP part of a connection's story: the exchanges, whether the connection was reused
 * (HTTP keep-alive: an application choice), who closed it and after how long, compared with the
 * timeout the server advertised, and how that differs from TCP keepalive probes (the kernel's).
 */
public final class HttpStory {
    private HttpStory() {}

    /** At most this many exchanges are listed one by one; the rest are counted. */
    static final int LISTED = 5;

    /** The HTTP paragraphs of connection {@code c} (none without HTTP). */
    public static List<String> paragraphs(ConnectionSummary c, Explainer.Lang lang) {
        return paragraphs(c.http(), lang, c);
    }

    /** As above from the HTTP findings alone; {@code c} (null if unknown) lets the story check them against the TCP close. */
    public static List<String> paragraphs(HttpResult h, Explainer.Lang lang, ConnectionSummary c) {
        List<String> out = new ArrayList<>();
        if (h == null) return out;
        boolean zh = lang == Explainer.Lang.ZH;
        HttpPersistence p = h.persistence();
        List<HttpTransaction> ts = h.transactions();
        StringBuilder sb = new StringBuilder();
        sb.append(zh ? "这条连接上有 " + p.requests() + " 个 HTTP 请求：" : "HTTP: " + p.requests() + " request" + (p.requests() == 1 ? "" : "s") + " on this connection: ");
        for (int i = 0; i < ts.size() && i < LISTED; i++) {
            HttpTransaction t = ts.get(i);
            if (i > 0) sb.append(zh ? ";" : "; ");
            sb.append(t.method() == null ? "?" : t.method()).append(' ').append(shorten(t.uri()));
            if (t.statusCode() >= 0) sb.append(" → ").append(t.statusCode()).append(t.reason() == null ? "" : " " + t.reason());
            if (t.responseBodyBytes() >= 0) sb.append(zh ? "（" + t.responseBodyBytes() + " 字节" : " (" + t.responseBodyBytes() + " bytes");
            if (t.timeToFirstByteMicros() >= 0) {
                sb.append(zh ? "，首字节时间 " + ms(t.timeToFirstByteMicros()) + "）" : ", first byte after " + ms(t.timeToFirstByteMicros()) + ")");
            } else if (t.responseBodyBytes() >= 0) {
                sb.append(zh ? "）" : ")");
            }
        }
        if (ts.size() > LISTED) sb.append(zh ? "；以及另外 " + (ts.size() - LISTED) + " 个" : "; and " + (ts.size() - LISTED) + " more");
        sb.append(zh ? "。" : ".");
        out.add(sb.toString());

        StringBuilder ka = new StringBuilder();
        if (p.upgraded()) {
            ka.append(zh ? "连接随后切换到了其他协议（101 Switching Protocols 或 CONNECT 隧道），之后的数据不再是 HTTP。"
                    : "The connection then switched protocols (101 Switching Protocols or a CONNECT tunnel); what follows is no longer HTTP. ");
        }
        // The client's FIN before the last response ends: HTTP/1.1 would have kept the connection,
        // but the client half-closed it, so no request could follow.
        long clientFinMicros = -1;
        if (c != null) {
            for (ConnectionSummary.Milestone m : c.milestones()) {
                if (m.kind() == ConnectionSummary.Milestone.Kind.FIN && m.byClient()) { clientFinMicros = m.nanos() / 1000; break; }
            }
        }
        HttpTransaction last = ts.isEmpty() ? null : ts.getLast();
        long lastResponseEnd = last == null || last.response() == null ? Long.MAX_VALUE : last.response().lastMicros();
        boolean clientClosedFirst = clientFinMicros >= 0 && clientFinMicros <= lastResponseEnd;
        if (p.persistent() && clientClosedFirst) {
            ka.append(zh ? "按 HTTP 的规则这条连接本可以保持打开、复用来发送更多请求（没有 Connection: close），但客户端在响应结束之前就发出了 FIN，关闭了自己的发送方向（半关闭），此后不可能再有请求：连接没有被复用。"
                    : "By HTTP's rules the connection could have stayed open for more requests (no Connection: close), but the client sent its FIN before the response had ended, closing its sending direction (a half-close), so no further request could follow: the connection was not reused. ");
        } else if (p.persistent()) {
            ka.append(zh ? "这是一条持久连接（HTTP keep-alive）：双方都同意在响应之后保持连接，以便复用它发送更多请求。"
                    : "The connection was persistent (HTTP keep-alive): both sides agreed to keep it open after the response so it could carry more requests. ");
        } else {
            ka.append(zh ? "这不是持久连接：" + (p.clientSaidClose() ? "请求带了 Connection: close" : p.serverSaidClose() ? "响应带了 Connection: close" : "HTTP 版本或响应的分帧方式决定了连接在响应后关闭") + "。"
                    : "The connection was not persistent: " + (p.clientSaidClose() ? "the request said Connection: close"
                    : p.serverSaidClose() ? "the response said Connection: close" : "the HTTP version or the response's framing ends it after the response") + ". ");
        }
        if (p.advertisedTimeoutSeconds() >= 0) {
            ka.append(zh ? "服务器通告了 Keep-Alive: timeout=" + p.advertisedTimeoutSeconds() + (p.advertisedMax() >= 0 ? ", max=" + p.advertisedMax() : "") + "。"
                    : "The server advertised Keep-Alive: timeout=" + p.advertisedTimeoutSeconds() + (p.advertisedMax() >= 0 ? ", max=" + p.advertisedMax() : "") + ". ");
        }
        boolean finOnResponse = p.closer() == HttpPersistence.Side.SERVER && p.closeKind() == HttpPersistence.CloseKind.FIN
                && last != null && last.response() != null && p.closeFrame() == last.response().lastFrame();
        if (finOnResponse) {
            ka.append(zh ? "服务器把 FIN 放在了响应的最后一个报文段上（[FP.]），发完响应就关闭了连接，没有等待。"
                    : "The server closed the connection with the last segment of its response itself (FIN on the data, [FP.]), without waiting. ");
        } else if (p.closer() != HttpPersistence.Side.NONE && p.idleBeforeCloseMicros() >= 0) {
            String who = p.closer() == HttpPersistence.Side.SERVER ? (zh ? "服务器" : "The server") : (zh ? "客户端" : "The client");
            String how = p.closeKind() == HttpPersistence.CloseKind.RST ? "RST" : "FIN";
            ka.append(zh ? who + "在最后一个响应之后 " + seconds(p.idleBeforeCloseMicros()) + " 用 " + how + " 关闭了连接"
                    : who + " closed the connection (" + how + ") " + seconds(p.idleBeforeCloseMicros()) + " after the last response");
            Boolean matches = p.idleCloseMatchesAdvertisedTimeout();
            if (matches != null) {
                ka.append(zh ? (matches ? "，与它通告的超时一致：这是 HTTP keep-alive 的空闲超时，是应用程序的决定。" : "，与它通告的 " + p.advertisedTimeoutSeconds() + " 秒超时不一致。")
                        : matches ? ", just as its advertised timeout said: that is HTTP keep-alive's idle timeout, an application's decision. "
                        : ", which does not match the " + p.advertisedTimeoutSeconds() + " s it advertised. ");
            } else {
                ka.append(zh ? "。" : ". ");
            }
        }
        if (Boolean.FALSE.equals(p.serverHonouredClose())) {
            ka.append(zh ? "请求要求 Connection: close，但服务器没有及时关闭连接。" : "The request asked for Connection: close, but the server did not close the connection promptly. ");
        }
        ka.append(zh ? "注意：HTTP keep-alive 只是连接的复用，空闲时不发送任何报文；它与 TCP 保活探测（内核发送的空报文）是两回事。"
                : "Note that HTTP keep-alive is only the reuse of the connection and sends nothing while idle; it is not the same thing as TCP keepalive probes, which the kernel sends.");
        out.add(ka.toString().trim());
        if (h.overCap()) {
            out.add(zh ? "注意：这条连接的乱序数据超过了重组缓冲区上限，部分 HTTP 内容没有被分析。"
                    : "Note: more out-of-order data than the reassembly buffer's cap arrived on this connection, so part of its HTTP was not analysed.");
        }
        return out;
    }

    private static String shorten(String uri) {
        if (uri == null) return "?";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < uri.length() && b.length() < 60; i++) {
            char c = uri.charAt(i);
            b.append(c < 0x20 || c == 0x7F ? '.' : c);
        }
        return uri.length() > 60 ? b + "…" : b.toString();
    }

    private static String ms(long micros) { return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0); }

    private static String seconds(long micros) { return String.format(Locale.ROOT, "%.1f s", micros / 1e6); }
}
