package io.tcplens.cli.analyze;

import io.tcplens.cli.AnalyzeCommand;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares {@code tcplens analyze} with the fields tshark prints for the same capture, frame by
 * frame. Used by the conformance test (tshark run live) and the golden test (tshark output
 * committed under testdata/golden/analyze).
 */
public final class TsharkComparison {
    /** The tcp.analysis boolean fields, in the order they are requested from tshark. */
    public static final String[] FLAG_FIELDS = {
        "retransmission", "fast_retransmission", "spurious_retransmission", "out_of_order", "lost_segment",
        "ack_lost_segment", "duplicate_ack", "keep_alive", "keep_alive_ack", "zero_window",
        "zero_window_probe", "zero_window_probe_ack", "window_update", "window_full", "reused_ports",
    };
    public static final String[] COLUMNS = {"stream", "seq", "ack", "len", "nxtseq", "flags", "analysis"};

    /** The tshark command line (without the capture path after -r). */
    public static List<String> tsharkCommand(String capture) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", capture, "-T", "fields", "-E", "separator=/t",
                "-e", "frame.number", "-e", "tcp.stream", "-e", "tcp.seq", "-e", "tcp.ack", "-e", "tcp.len",
                "-e", "tcp.nxtseq", "-e", "tcp.flags.str"));
        for (String f : FLAG_FIELDS) { cmd.add("-e"); cmd.add("tcp.analysis." + f); }
        return cmd;
    }

    /** Converts tshark's field output into rows keyed by frame: the 7 compared columns. Non-TCP frames are skipped. */
    public static Map<Long, String[]> parseTshark(String text) {
        Map<Long, String[]> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", -1);
            if (f.length < 7 + FLAG_FIELDS.length || f[1].isEmpty()) continue;
            List<String> flags = new ArrayList<>();
            for (int i = 0; i < FLAG_FIELDS.length; i++) if (!f[7 + i].isEmpty()) flags.add(FLAG_FIELDS[i]);
            flags.sort(null);
            String analysis = flags.isEmpty() ? "-" : String.join(",", flags);
            rows.put(Long.parseLong(f[0]), new String[] {f[1], f[2], f[3], f[4], f[5], f[6], analysis});
        }
        return rows;
    }

    /**
     * For frames with several TCP layers tshark joins each field's values with commas; keeps the
     * last (innermost) value of the stream..flags fields, the one tcplens decodes. Flag fields
     * are left alone (a present field means the flag is set on some layer).
     */
    public static String lastLayer(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length > 7 && f[1].contains(",")) {
                for (int i = 1; i <= 6; i++) {
                    int k = f[i].lastIndexOf(',');
                    if (k >= 0) f[i] = f[i].substring(k + 1);
                }
                line = String.join("\t", f);
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** Parses tcplens analyze output: frame -> the 7 compared columns. */
    public static Map<Long, String[]> parseOurs(String text) {
        Map<Long, String[]> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("frame\t")) continue;
            String[] f = line.split("\t", -1);
            rows.put(Long.parseLong(f[0]), new String[] {f[1], f[2], f[3], f[4], f[5], f[6], f[7]});
        }
        return rows;
    }

    public static String runOurs(Path capture) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        int rc = AnalyzeCommand.run(capture.toString(), List.of(), bos);
        if (rc != 0 && rc != 1) throw new IllegalStateException("analyze exit " + rc + " on " + capture);
        return bos.toString(StandardCharsets.UTF_8);
    }

    /** Agreement counters over many captures. */
    public static final class Tally {
        public long frames;          // TCP frames (in tshark's output or ours)
        public long allAgree;
        public final long[] colAgree = new long[COLUMNS.length];
        public final Map<String, long[]> flagStats = new TreeMap<>(); // name -> {tshark, ours, both}
        public final List<String> mismatches = new ArrayList<>();
        public final Map<String, Integer> perFile = new TreeMap<>();

        public void compare(String name, Map<Long, String[]> tshark, Map<Long, String[]> ours) {
            TreeMap<Long, Boolean> all = new TreeMap<>();
            for (Long k : tshark.keySet()) all.put(k, true);
            for (Long k : ours.keySet()) all.put(k, true);
            int bad = 0;
            for (long fr : all.keySet()) {
                String[] t = tshark.get(fr), o = ours.get(fr);
                frames++;
                boolean every = true;
                for (int c = 0; c < COLUMNS.length; c++) {
                    boolean ok = t != null && o != null && t[c].equals(o[c]);
                    if (ok) colAgree[c]++; else every = false;
                }
                List<String> tf = t == null ? List.of() : List.of(t[6].split(","));
                List<String> of = o == null ? List.of() : List.of(o[6].split(","));
                for (String fl : FLAG_FIELDS) {
                    long[] st = flagStats.computeIfAbsent(fl, k -> new long[3]);
                    boolean a = tf.contains(fl), b = of.contains(fl);
                    if (a) st[0]++;
                    if (b) st[1]++;
                    if (a && b) st[2]++;
                }
                if (every) allAgree++;
                else {
                    bad++;
                    mismatches.add(name + " frame " + fr + "\n   tshark: " + (t == null ? "(none)" : String.join(" ", t))
                            + "\n   ours:   " + (o == null ? "(none)" : String.join(" ", o)));
                }
            }
            if (bad > 0) perFile.put(name, bad);
        }

        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("TCP frames: %d, all columns agree: %d (%.3f%%)%n", frames, allAgree, pct(allAgree)));
            for (int c = 0; c < COLUMNS.length; c++) {
                sb.append(String.format("  %-9s %.3f%% (%d differ)%n", COLUMNS[c], pct(colAgree[c]), frames - colAgree[c]));
            }
            sb.append("  flag                     tshark   ours   both\n");
            for (var e : flagStats.entrySet()) {
                long[] st = e.getValue();
                sb.append(String.format("  %-24s %6d %6d %6d%n", e.getKey(), st[0], st[1], st[2]));
            }
            return sb.toString();
        }

        public double pct(long n) { return frames == 0 ? 100.0 : 100.0 * n / frames; }
    }

    /** Dev helper: compare against cached tshark outputs. Args: listFile cacheDir corpusDir outFile. */
    public static void main(String[] args) throws Exception {
        List<String> list = Files.readAllLines(Path.of(args[0]));
        Path cache = Path.of(args[1]), corpus = Path.of(args[2]);
        Tally t = new Tally();
        for (String f : list) {
            String rel = f.replaceFirst("^\\./", "");
            Path ts = cache.resolve(rel.replace("/", "__") + ".tsv");
            t.compare(rel, parseTshark(lastLayer(Files.readString(ts))), parseOurs(runOurs(corpus.resolve(rel))));
        }
        System.out.println(t.report());
        System.out.println(t.perFile);
        Files.write(Path.of(args[3]), t.mismatches);
    }
}
