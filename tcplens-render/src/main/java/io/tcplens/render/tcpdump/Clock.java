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
 */
final class Clock {
    private final int mode;
    private final boolean nano;
    private final ZoneRules rules;
    private long validFrom = Long.MAX_VALUE;
    private long validTo = Long.MIN_VALUE;
    private int offset;
    private boolean haveRef;
    private long refSec;
    private int refNanos;

    Clock(int mode, boolean nano, ZoneId zone) {
        this.mode = mode;
        this.nano = nano;
        this.rules = zone.getRules();
    }

    void print(AsciiOut out, long sec, int nanos) {
        switch (mode) {
            case 0 -> { hmsfrac(out, sec, nanos, false, true); out.ch(' '); }
            case 1 -> { }
            case 2 -> {
                if ((sec & 0x80000000L) != 0) out.s("[Error converting time]");
                else { out.dec(sec & 0xFFFFFFFFL); frac(out, nanos); }
                out.ch(' ');
            }
            case 3, 5 -> {
                if (!haveRef) { haveRef = true; refSec = sec; refNanos = trunc(nanos); }
                int n = trunc(nanos);
                boolean negative = sec < refSec || (sec == refSec && n < refNanos);
                long ds;
                long dn;
                if (negative) { ds = refSec - sec; dn = refNanos - n; }
                else { ds = sec - refSec; dn = n - refNanos; }
                if (dn < 0) { ds--; dn += 1_000_000_000L; }
                out.ch(negative ? '-' : ' ');
                hmsfrac(out, ds, (int) dn, false, false);
                out.ch(' ');
                if (mode == 3) { refSec = sec; refNanos = n; }
            }
            case 4 -> { hmsfrac(out, sec, nanos, true, true); out.ch(' '); }
            default -> { }
        }
    }

    private int trunc(int nanos) { return nano ? nanos : nanos / 1000 * 1000; }

    private void frac(AsciiOut out, int nanos) {
        out.ch('.');
        if (nano) out.dec0(nanos, 9);
        else out.dec0(nanos / 1000, 6);
    }

    private void hmsfrac(AsciiOut out, long sec, int nanos, boolean date, boolean local) {
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
        frac(out, nanos);
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
