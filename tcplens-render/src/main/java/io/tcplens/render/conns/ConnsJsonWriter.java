package io.tcplens.render.conns;

import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.Side;
import io.tcplens.http.HttpPersistence;
import io.tcplens.http.HttpResult;
import io.tcplens.tcp.Analysis;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON Lines: one object per connection. Absent facts are JSON null.
 *
 * <p>Why not a JSON generator here: a row has a fixed shape (about sixty keys, always the same
 * order) and is written a hundred thousand times on a big capture. Writing it from pre-encoded
 * key fragments into one byte buffer costs a fraction of a generator's per-call bookkeeping, and,
 * as much as the writing itself, a fraction of the JIT compiler's time (the generator's inlined
 * calls made this the costliest method to compile in {@code conns}). Every string value is
 * escaped ({@link #string}), so the output is valid JSON whatever an address or label holds;
 * {@code ConnsJsonWriterTest} parses every row with Jackson.
 */
final class ConnsJsonWriter implements ConnsWriter {
    private static final byte[] K_STREAM = key("{", "stream");
    private static final byte[] K_CLIENT_OPEN = key("{", "client");
    private static final byte[] K_CLIENT = key(",", "client");
    private static final byte[] K_SERVER = key(",", "server");
    private static final byte[] K_CLIENT_FROM_SYN = key(",", "client_from_syn");
    private static final byte[] K_FIRST_TS = key(",", "first_ts");
    private static final byte[] K_LAST_TS = key(",", "last_ts");
    private static final byte[] K_DURATION = key(",", "duration");
    private static final byte[] K_PACKETS = key(",", "packets");
    private static final byte[] K_PAYLOAD_BYTES = key(",", "payload_bytes");
    private static final byte[] K_HANDSHAKE = key(",", "handshake");
    private static final byte[] K_SYN_RETRANSMITS = key(",", "syn_retransmits");
    private static final byte[] K_INITIAL_RTT = key(",", "initial_rtt");
    private static final byte[] K_KEEPALIVE_PROBES = key(",", "keepalive_probes");
    private static final byte[] K_KEEPALIVE_INTERVAL = key(",", "keepalive_interval");
    private static final byte[] K_ZERO_WINDOW_PROBES = key(",", "zero_window_probes");
    private static final byte[] K_TEARDOWN = key(",", "teardown");
    private static final byte[] K_FIN_WITH_DATA = key(",", "fin_with_data");
    private static final byte[] K_HALF_CLOSE = key(",", "half_close");
    private static final byte[] K_ACTIVE_CLOSER = key(",", "active_closer");
    private static final byte[] K_RESET_BY = key(",", "reset_by");
    private static final byte[] K_TIME_WAIT = key(",", "time_wait");
    private static final byte[] K_FINAL_STATE = key(",", "final_state");
    private static final byte[] K_CONN_STATE = key(",", "conn_state");
    private static final byte[] K_HISTORY = key(",", "history");
    private static final byte[] K_ANALYSIS = key(",", "analysis");
    private static final byte[] K_CLOSE_REASON = key(",", "close_reason");
    private static final byte[] K_RESUMED = key(",", "resumed");
    private static final byte[] K_HTTP_REQUESTS = key(",", "http_requests");
    private static final byte[] K_HTTP_RESPONSES = key(",", "http_responses");
    private static final byte[] K_HTTP = key(",", "http");
    private static final byte[] K_PERSISTENT = key("{", "persistent");
    private static final byte[] K_REQUESTS = key(",", "requests");
    private static final byte[] K_ADVERTISED_TIMEOUT = key(",", "advertised_timeout");
    private static final byte[] K_ADVERTISED_MAX = key(",", "advertised_max");
    private static final byte[] K_IDLE_BEFORE_CLOSE = key(",", "idle_before_close");
    private static final byte[] K_CLOSER = key(",", "closer");
    private static final byte[] K_CLOSE_KIND = key(",", "close_kind");
    private static final byte[] K_CLIENT_SAID_CLOSE = key(",", "client_said_close");
    private static final byte[] K_SERVER_SAID_CLOSE = key(",", "server_said_close");
    private static final byte[] K_CLIENT_HONOURED_CLOSE = key(",", "client_honoured_close");
    private static final byte[] K_SERVER_HONOURED_CLOSE = key(",", "server_honoured_close");
    private static final byte[] K_IDLE_CLOSE_MATCHES_TIMEOUT = key(",", "idle_close_matches_timeout");
    private static final byte[] K_UPGRADED = key(",", "upgraded");
    private static final byte[] K_OVER_BUFFER_CAP = key(",", "over_buffer_cap");
    private static final byte[] K_PROBLEMS = key(",", "problems");
    /** {@code "name":} of each analysis flag, by bit index (the comma is written separately). */
    private static final byte[][] K_ANALYSIS_FLAG = new byte[Analysis.COUNT][];

    static {
        for (int i = 0; i < Analysis.COUNT; i++) K_ANALYSIS_FLAG[i] = key("", Analysis.name(i));
    }

    private static final byte[] NULL = ascii("null"), TRUE = ascii("true"), FALSE = ascii("false");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private final OutputStream out;
    private byte[] buf = new byte[1 << 16];
    private int pos;

    ConnsJsonWriter(OutputStream out) {
        this.out = out;
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    /** {@code <before>"name":}, encoded once. */
    private static byte[] key(String before, String name) { return ascii(before + '"' + name + "\":"); }

    @Override
    public void write(ConnectionSummary c) { write(c, c.http()); }

    /** The row with {@code http} as the HTTP findings (the summary itself is not copied to add them). */
    @Override
    public void write(ConnectionSummary c, HttpResult http) {
        if (pos > buf.length - 8192) flush();   // a row is about 1.5 kB; a longer one grows the buffer
        raw(K_STREAM); number(c.stream());
        raw(K_CLIENT); string(c.client().label());
        raw(K_SERVER); string(c.server().label());
        raw(K_CLIENT_FROM_SYN); bool(c.clientFromSyn());
        raw(K_FIRST_TS); seconds(c.firstNanos());
        raw(K_LAST_TS); seconds(c.lastNanos());
        raw(K_DURATION); seconds(c.durationNanos());
        raw(K_PACKETS); pair(c.clientPackets(), c.serverPackets());
        raw(K_PAYLOAD_BYTES); pair(c.clientPayloadBytes(), c.serverPayloadBytes());
        raw(K_HANDSHAKE); string(c.handshake().label());
        raw(K_SYN_RETRANSMITS); number(c.synRetransmits());
        raw(K_INITIAL_RTT); secondsOrNull(c.initialRttNanos());
        raw(K_KEEPALIVE_PROBES); pair(c.clientKeepaliveProbes(), c.serverKeepaliveProbes());
        raw(K_KEEPALIVE_INTERVAL);
        raw(K_CLIENT_OPEN); secondsOrNull(c.clientKeepaliveIntervalNanos());
        raw(K_SERVER); secondsOrNull(c.serverKeepaliveIntervalNanos());
        put('}');
        raw(K_ZERO_WINDOW_PROBES); pair(c.clientZeroWindowProbes(), c.serverZeroWindowProbes());
        raw(K_TEARDOWN); string(c.teardown().label());
        raw(K_FIN_WITH_DATA); bool(c.finWithData());
        raw(K_HALF_CLOSE); bool(c.halfClose());
        raw(K_ACTIVE_CLOSER); side(c.activeCloser());
        raw(K_RESET_BY); side(c.resetBy());
        raw(K_TIME_WAIT); side(c.timeWait());
        raw(K_FINAL_STATE);
        raw(K_CLIENT_OPEN); string(ConnsWriter.stateName(c.clientFinalState()));
        raw(K_SERVER); string(ConnsWriter.stateName(c.serverFinalState()));
        put('}');
        raw(K_CONN_STATE); string(c.zeekConnState());
        raw(K_HISTORY); string(c.zeekHistory());
        raw(K_ANALYSIS);
        put('{');
        long[] counts = c.analysisCounts();
        boolean first = true;
        for (int i = 0; i < Analysis.COUNT; i++) {
            if (counts[i] <= 0) continue;
            if (!first) put(',');
            first = false;
            raw(K_ANALYSIS_FLAG[i]);
            number(counts[i]);
        }
        put('}');
        raw(K_CLOSE_REASON); string(lower(c.closeReason()));
        raw(K_RESUMED); bool(c.resumed());
        http(http);
        put('}');
        put('\n');
    }

    /** http_requests, http_responses and the http object (null when the connection carried no HTTP). */
    private void http(HttpResult h) {
        raw(K_HTTP_REQUESTS); number(h == null ? 0 : h.requests());
        raw(K_HTTP_RESPONSES); number(h == null ? 0 : h.responses());
        raw(K_HTTP);
        if (h == null) {
            raw(NULL);
            return;
        }
        HttpPersistence p = h.persistence();
        raw(K_PERSISTENT); bool(p.persistent());
        raw(K_REQUESTS); number(p.requests());
        raw(K_ADVERTISED_TIMEOUT); numberOrNull(p.advertisedTimeoutSeconds());
        raw(K_ADVERTISED_MAX); numberOrNull(p.advertisedMax());
        raw(K_IDLE_BEFORE_CLOSE);
        if (p.idleBeforeCloseMicros() >= 0) seconds(p.idleBeforeCloseMicros() * 1000); else raw(NULL);
        raw(K_CLOSER);
        if (p.closer() == HttpPersistence.Side.NONE) raw(NULL); else string(lower(p.closer()));
        raw(K_CLOSE_KIND);
        if (p.closeKind() == HttpPersistence.CloseKind.NONE) raw(NULL); else string(lower(p.closeKind()));
        raw(K_CLIENT_SAID_CLOSE); bool(p.clientSaidClose());
        raw(K_SERVER_SAID_CLOSE); bool(p.serverSaidClose());
        raw(K_CLIENT_HONOURED_CLOSE); bool(p.clientHonouredClose());
        raw(K_SERVER_HONOURED_CLOSE); bool(p.serverHonouredClose());
        raw(K_IDLE_CLOSE_MATCHES_TIMEOUT); bool(p.idleCloseMatchesAdvertisedTimeout());
        raw(K_UPGRADED); bool(p.upgraded());
        raw(K_OVER_BUFFER_CAP); bool(h.overCap());
        raw(K_PROBLEMS); number(h.problems().size());
        put('}');
    }

    /** An enum constant's name in lower case, made once per constant. */
    private static String lower(Enum<?> e) {
        return LOWER.get(e.getDeclaringClass())[e.ordinal()];
    }

    private static final ClassValue<String[]> LOWER = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[] names = new String[constants.length];
            for (int i = 0; i < names.length; i++) names[i] = ((Enum<?>) constants[i]).name().toLowerCase(java.util.Locale.ROOT);
            return names;
        }
    };

    private void pair(long client, long server) {
        raw(K_CLIENT_OPEN); number(client);
        raw(K_SERVER); number(server);
        put('}');
    }

    private void side(Side s) {
        if (s == null) raw(NULL); else string(s.label());
    }

    private void bool(boolean b) { raw(b ? TRUE : FALSE); }

    private void bool(Boolean b) {
        if (b == null) raw(NULL); else bool(b.booleanValue());
    }

    private void numberOrNull(long v) {
        if (v >= 0) number(v); else raw(NULL);
    }

    private void secondsOrNull(long nanos) {
        if (nanos >= 0) seconds(nanos); else raw(NULL);
    }

    // ------------------------------------------------------------------ bytes

    private void put(char b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    private void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    /** A decimal integer, as Long.toString writes it. */
    private void number(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                raw(ascii(Long.toString(v)));
                return;
            }
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) digits++;
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos = end;
    }

    /** Epoch nanoseconds as seconds with six decimals, exactly as {@link ConnsWriter#seconds} writes them. */
    private void seconds(long nanos) {
        long micros = Math.floorDiv(nanos, 1000);
        long s = Math.floorDiv(micros, 1_000_000);
        long us = Math.floorMod(micros, 1_000_000);
        number(s);
        ensure(7);
        buf[pos++] = '.';
        for (int i = pos + 5; i >= pos; i--) {
            buf[i] = (byte) ('0' + us % 10);
            us /= 10;
        }
        pos += 6;
    }

    /** A JSON string, or null; escapes quotes, backslashes and control characters, and writes UTF-8. */
    private void string(String s) {
        if (s == null) {
            raw(NULL);
            return;
        }
        int n = s.length();
        ensure(n * 6 + 2);   // the worst case: every char escaped in six bytes
        buf[pos++] = '"';
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') {
                buf[pos++] = (byte) ch;   // tcplens's own labels, addresses and numbers: always this
            } else if (ch < 0x80) {
                escaped(ch);
            } else {
                // not ASCII (from a capture, say): the code point as UTF-8
                int cp = s.codePointAt(i);
                if (Character.charCount(cp) == 2) i++;
                raw(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
            }
        }
        put('"');
    }

    /** A quote or backslash after a backslash; a control character as a \\u escape. */
    private void escaped(char ch) {
        ensure(6);
        if (ch == '"' || ch == '\\') {
            buf[pos++] = '\\';
            buf[pos++] = (byte) ch;
        } else {
            buf[pos++] = '\\';
            buf[pos++] = 'u';
            buf[pos++] = '0';
            buf[pos++] = '0';
            buf[pos++] = HEX[ch >> 4 & 0xF];
            buf[pos++] = HEX[ch & 0xF];
        }
    }

    private void ensure(int n) {
        if (pos + n > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }

    private void flush() {
        try {
            out.write(buf, 0, pos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pos = 0;
    }

    @Override
    public void close() {
        flush();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
