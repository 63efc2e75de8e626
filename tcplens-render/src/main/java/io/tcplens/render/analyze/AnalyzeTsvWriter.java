package io.tcplens.render.analyze;

import io.tcplens.render.text.AsciiOut;
import io.tcplens.tcp.Analysis;
import io.tcplens.tcp.SegmentInfo;
import io.tcplens.tcp.TcpListener;
import io.tcplens.tcp.TcpState;

/**
 * The {@code tcplens analyze} TSV: one row per TCP frame with tshark's {@code tcp.stream},
 * {@code tcp.seq}, {@code tcp.ack}, {@code tcp.len}, {@code tcp.nxtseq}, {@code tcp.flags.str},
 * the {@code tcp.analysis.*} boolean fields set on the frame, and both endpoints' states.
 * Allocation-free per row.
 */
public final class AnalyzeTsvWriter implements TcpListener {
    @Override
    public boolean wantsStateChanges() { return false; }   // states are read from each segment

    public static final String HEADER =
            "frame\tstream\tseq\tack\tlen\tnxtseq\tflags\tanalysis\tclient_state\tserver_state";

    private static final byte[][] ANALYSIS_NAMES = new byte[Analysis.COUNT][];
    private static final byte[][] STATE_NAMES = new byte[TcpState.values().length][];
    private static final byte[] FLAG_LETTERS = "FSRPAUECARRR".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static {
        for (int i = 0; i < Analysis.COUNT; i++) ANALYSIS_NAMES[i] = Analysis.name(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (TcpState s : TcpState.values()) STATE_NAMES[s.ordinal()] = s.name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private final AsciiOut out;

    public AnalyzeTsvWriter(AsciiOut out) { this.out = out; }

    public void header() { out.s(HEADER).nl(); }

    @Override
    public void onSegment(SegmentInfo r) {
        AsciiOut o = out;
        o.dec(r.frame).ch('\t').dec(r.stream).ch('\t').u32(r.seq).ch('\t').u32(r.ack).ch('\t');
        if (r.lengthKnown) o.dec(r.len).ch('\t').u32(r.nxtseq).ch('\t');
        else o.ch('\t').ch('\t');
        flagsStr(o, r.flags);
        o.ch('\t');
        int a = Analysis.tsharkFields(r.analysis);
        if (a == 0) {
            o.ch('-');
        } else {
            boolean first = true;
            for (int i = 0; i < Analysis.COUNT; i++) {
                if ((a & (1 << i)) == 0) continue;
                if (!first) o.ch(',');
                byte[] nm = ANALYSIS_NAMES[i];
                o.bytes(nm, 0, nm.length);
                first = false;
            }
        }
        o.ch('\t');
        byte[] cs = STATE_NAMES[r.clientState.ordinal()];
        byte[] ss = STATE_NAMES[r.serverState.ordinal()];
        o.bytes(cs, 0, cs.length).ch('\t').bytes(ss, 0, ss.length).nl();
    }

    /** tshark's tcp.flags.str: 12 characters for bits 11..0, U+00B7 (UTF-8 C2 B7) for a clear bit. */
    public static void flagsStr(AsciiOut o, int flags) {
        if ((flags & SegmentInfo.ACE_SHOWN) != 0) {
            // Accurate ECN: the AE, CWR and ECE bits are shown as the ACE counter, e.g. "···-5-·A····".
            for (int bit = 11; bit >= 9; bit--) {
                if ((flags & (1 << bit)) != 0) o.ch(FLAG_LETTERS[bit]);
                else o.ch(0xC2).ch(0xB7);
            }
            int ace = ((flags >> 8) & 1) << 2 | ((flags >> 7) & 1) << 1 | ((flags >> 6) & 1);
            o.ch('-').dec(ace).ch('-');
            for (int bit = 5; bit >= 0; bit--) {
                if ((flags & (1 << bit)) != 0) o.ch(FLAG_LETTERS[bit]);
                else o.ch(0xC2).ch(0xB7);
            }
            return;
        }
        for (int bit = 11; bit >= 0; bit--) {
            if ((flags & (1 << bit)) != 0) o.ch(FLAG_LETTERS[bit]);
            else o.ch(0xC2).ch(0xB7);
        }
    }

    public void flush() { out.flush(); }
}
