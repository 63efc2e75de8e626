package io.tcplens.render.tcpdump;

import io.tcplens.render.text.AsciiOut;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * tcpdump's timestamp formats (util-print.c {@code ts_print}) without per-packet allocation:
 * the local UTC offset is cached together with the interval in which it is valid, and dates
 * are computed arithmetically.
 *
 * <p>The fraction is tcpdump's {@code tv_usec}: in the printing precision (microseconds, or
 * nanoseconds with --nano), not normalised, so that a pcap record whose sub-second field is out of
 * range prints as libpcap hands it over (the field sign-extended from 32 bits, multiplied or
 * divided by 1,000 when the file's precision is not the one printed, printed as an unsigned
 * 32-bit number: ".1000000" for 10^6 microseconds), and the deltas of -ttt and -ttttt are
 * tcpdump's {@code netdissect_timevalsub} over those values.
 */
final class Clock {
    private final int mode;
    private final boolean nano;
    private final ZoneRules rules;
    private long validFrom = Long.MAX_VALUE;
    private long validTo = Long.MIN_VALUE;
    private int offset;
    private long refSec;
    private long refFrac;

    Clock(int mode, boolean nano, ZoneId zone) {
        this.mode = mode;
        this.nano = nano;
        this.rules = zone.getRules();
    }

    /** tcpdump's tv_usec for a frame: its fraction in the printing precision, as libpcap delivers it. */
    long fraction(int nanos, int rawDigits, int raw) {
        return switch (rawDigits) {
            case 6 -> nano ? raw * 1000L : raw;
            case 9 -> nano ? raw : raw / 1000;   // C division: towards zero
            default -> nano ? nanos : nanos / 1000;
        };
    }

    /** tcpdump's tv_sec for a frame: {@code seconds} less what the reader carried from the raw fraction. */
    static long seconds(long seconds, int rawDigits, int raw) {
        if (rawDigits == 0) return seconds;
        return seconds - (raw & 0xFFFFFFFFL) / (rawDigits == 9 ? 1_000_000_000L : 1_000_000L);
    }

    /** ts_print: {@code frac} is tv_usec, in the printing precision. */
    void print(AsciiOut out, long sec, long frac) {
        switch (mode) {
            case 0 -> { hmsfrac(out, sec, frac, false, true); out.ch(' '); }
            case 1 -> { }
            case 2 -> {
                if ((sec & 0x80000000L) != 0) out.s("[Error converting time]");
                else { out.dec(sec & 0xFFFFFFFFL); frac(out, frac); }
                out.ch(' ');
            }
            case 3, 5 -> {
                // netdissect_timevalisset: a reference of exactly 0.0 counts as unset, as in tcpdump
                if (refSec == 0 && refFrac == 0) { refSec = sec; refFrac = frac; }
                boolean negative = sec == refSec ? frac < refFrac : sec < refSec;
                long ds;
                long df;
                if (negative) { ds = refSec - sec; df = refFrac - frac; }
                else { ds = sec - refSec; df = frac - refFrac; }
                if (df < 0) { ds--; df += nano ? 1_000_000_000L : 1_000_000L; }
                out.ch(negative ? '-' : ' ');
                hmsfrac(out, ds, df, false, false);
                out.ch(' ');
                if (mode == 3) { refSec = sec; refFrac = frac; }
            }
            case 4 -> { hmsfrac(out, sec, frac, true, true); out.ch(' '); }
            default -> { }
        }
    }

    /** ts_frac_print: ".%06u" or ".%09u" of (unsigned) tv_usec. */
    private void frac(AsciiOut out, long frac) {
        out.ch('.');
        out.dec0(frac & 0xFFFFFFFFL, nano ? 9 : 6);
    }

    private void hmsfrac(AsciiOut out, long sec, long frac, boolean date, boolean local) {
        if ((sec & 0x80000000L) != 0) { out.s("[Error converting time]"); return; }
        sec &= 0xFFFFFFFFL;
        long t = sec;
        if (local) t += offsetFor(sec);
        long days = Math.floorDiv(t, 86400);
        long sod = Math.floorMod(t, 86400);
        if (date) {
            // civil from days (Howard Hinnant)
            long z = days + 719468;
            long era = Math.floorDiv(z, 146097);
            long doe = z - era * 146097;
            long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            long y = yoe + era * 400;
            long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            long mp = (5 * doy + 2) / 153;
            long d = doy - (153 * mp + 2) / 5 + 1;
            long m = mp < 10 ? mp + 3 : mp - 9;
            if (m <= 2) y++;
            out.dec0(y, 4).ch('-').dec0(m, 2).ch('-').dec0(d, 2).ch(' ');
        }
        out.dec0(sod / 3600, 2).ch(':').dec0(sod / 60 % 60, 2).ch(':').dec0(sod % 60, 2);
        frac(out, frac);
    }

    private int offsetFor(long sec) {
        if (sec >= validFrom && sec < validTo) return offset;
        Instant at = Instant.ofEpochSecond(sec);
        offset = rules.getOffset(at).getTotalSeconds();
        ZoneOffsetTransition prev = rules.previousTransition(at.plusSeconds(1));
        ZoneOffsetTransition next = rules.nextTransition(at);
        validFrom = prev == null ? Long.MIN_VALUE : prev.toEpochSecond();
        validTo = next == null ? Long.MAX_VALUE : next.toEpochSecond();
        if (validFrom > sec) validFrom = sec;
        return offset;
    }
}
