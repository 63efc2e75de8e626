package io.tcplens.render.conns;

import io.tcplens.conn.ConnectionSummary;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Zeek's conn.log in its ASCII (TSV) format, TCP rows only. Unlike Zeek, the #open and #close
 * stamps are the capture's first and last packet times, so the output is reproducible, and the
 * uid is derived from the stream number and start time rather than random.
 */
final class ZeekConnLogWriter implements ConnsWriter {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);
    private final PrintStream out;
    private boolean header;
    private long lastNanos = Long.MIN_VALUE;

    ZeekConnLogWriter(OutputStream out) { this.out = new PrintStream(out, false, StandardCharsets.UTF_8); }

    @Override
    public void write(ConnectionSummary c) {
        if (!header) {
            header = true;
            out.print("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n");
            out.print("#open\t" + STAMP.format(Instant.ofEpochSecond(0, c.firstNanos())) + "\n");
            out.print("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\t"
                    + "resp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\t"
                    + "resp_pkts\tresp_ip_bytes\ttunnel_parents\tip_proto\n");
            out.print("#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\t"
                    + "bool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\tcount\n");
        }
        lastNanos = Math.max(lastNanos, c.lastNanos());
        ConnectionSummary.Endpoint o = c.zeekOriginatorIsClient() ? c.client() : c.server();
        ConnectionSummary.Endpoint r = c.zeekOriginatorIsClient() ? c.server() : c.client();
        long origPkts = c.zeekOriginatorIsClient() ? c.clientPackets() : c.serverPackets();
        long respPkts = c.zeekOriginatorIsClient() ? c.serverPackets() : c.clientPackets();
        boolean hasDuration = c.zeekDurationNanos() > 0;
        String[] f = {
            ConnsWriter.seconds(c.firstNanos()), uid(c), o.host(), Integer.toString(o.port()), r.host(),
            Integer.toString(r.port()), "tcp", "-",
            hasDuration ? ConnsWriter.seconds(c.zeekDurationNanos()) : "-",
            hasDuration ? Long.toString(c.zeekOrigBytes()) : "-",
            hasDuration ? Long.toString(c.zeekRespBytes()) : "-",
            c.zeekConnState(), "-", "-", Long.toString(c.zeekMissedBytes()), c.zeekHistory().isEmpty() ? "-" : c.zeekHistory(),
            Long.toString(origPkts), Long.toString(c.zeekOrigIpBytes()), Long.toString(respPkts),
            Long.toString(c.zeekRespIpBytes()), "-", "6",
        };
        out.print(String.join("\t", f));
        out.print('\n');
    }

    /** "C" + base-62 of a 96-bit value derived from the connection, like Zeek's uid shape. */
    static String uid(ConnectionSummary c) {
        long a = mix(c.stream() * 0x9E3779B97F4A7C15L ^ c.firstNanos());
        long b = mix(a ^ c.client().port() ^ ((long) c.server().port() << 16));
        return "C" + base62(a & 0xFFFFFFFFL) + base62(b);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String base62(long v) {
        final String digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder sb = new StringBuilder();
        java.math.BigInteger x = new java.math.BigInteger(Long.toUnsignedString(v));
        java.math.BigInteger base = java.math.BigInteger.valueOf(62);
        do {
            java.math.BigInteger[] qr = x.divideAndRemainder(base);
            sb.append(digits.charAt(qr[1].intValue())); // least significant digit first, as Zeek writes it
            x = qr[0];
        } while (x.signum() > 0);
        return sb.toString();
    }

    @Override
    public void close() {
        if (header) out.print("#close\t" + STAMP.format(Instant.ofEpochSecond(0, lastNanos)) + "\n");
        out.flush();
    }
}
