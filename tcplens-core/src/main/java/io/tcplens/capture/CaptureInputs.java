package io.tcplens.capture;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What several {@code -r} options name, as a list of files: a file as given, a directory as its
 * regular files (not hidden, not recursive), and a glob (expanded by tcplens, since a quoted one
 * reaches it unexpanded: {@code -r 'cap-*.pcap'}) as the files its last path component matches.
 * Each directory's and glob's files are sorted as {@code ls -v} sorts them ({@link #versionOrder}),
 * so the rotated files of {@code tcpdump -C} ({@code cap}, {@code cap1}, ..., {@code cap10}) and
 * {@code -G} ({@code cap-%s}) come in the order they were written.
 */
public final class CaptureInputs {
    private CaptureInputs() { }

    /** Nothing to read: a glob or directory that matched no file. The message is for a person. */
    public static final class NothingToRead extends Exception {
        public NothingToRead(String message) { super(message); }
    }

    /**
     * The files named by {@code specs}, in order. "-" (standard input) is allowed only alone.
     * A plain name that does not exist is kept (opening it reports it as a single file would).
     */
    public static List<String> expand(List<String> specs) throws NothingToRead {
        List<String> files = new ArrayList<>();
        for (String spec : specs) {
            if (spec.equals("-")) {
                if (specs.size() > 1) throw new NothingToRead("-r - (standard input) cannot be combined with other -r files");
                files.add(spec);
                continue;
            }
            Path p = Path.of(spec);
            if (Files.isDirectory(p)) {
                List<String> in = list(p, null);
                if (in.isEmpty()) throw new NothingToRead(spec + ": directory holds no file to read");
                files.addAll(in);
            } else if (!Files.exists(p) && isGlob(spec)) {
                Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
                if (isGlob(dir.toString())) throw new NothingToRead(spec + ": only the file name may hold * ? [ ] (not the directories)");
                String name = p.getFileName().toString();
                PathMatcher m = dir.getFileSystem().getPathMatcher("glob:" + name);
                List<String> in = Files.isDirectory(dir) ? list(dir, m) : List.of();
                if (in.isEmpty()) throw new NothingToRead(spec + ": no file matches");
                // "./x" stays "x" when the glob had no directory, as a shell writes it
                for (String f : in) files.add(p.getParent() == null ? Path.of(f).getFileName().toString() : f);
            } else {
                files.add(spec);
            }
        }
        return files;
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static List<String> list(Path dir, PathMatcher m) throws NothingToRead {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                if (m == null && name.startsWith(".")) continue;   // hidden files, as ls shows a directory
                if (m != null && !m.matches(f.getFileName())) continue;
                if (Files.isRegularFile(f)) found.add(f);
            }
        } catch (IOException e) {
            throw new NothingToRead(dir + ": cannot list directory (" + e.getMessage() + ")");
        }
        found.sort((a, b) -> versionOrder(a.getFileName().toString(), b.getFileName().toString()));
        List<String> out = new ArrayList<>(found.size());
        for (Path f : found) out.add(f.toString());
        return out;
    }

    /**
     * Natural ("version") order, as {@code ls -v}: runs of digits compare by their numeric value
     * (so {@code cap9 < cap10}), everything else character by character; names equal that way
     * fall back to plain string order (so the order is total and stable).
     */
    public static int versionOrder(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i), cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int si = i, sj = j;
                while (i < a.length() && isDigit(a.charAt(i))) i++;
                while (j < b.length() && isDigit(b.charAt(j))) j++;
                int zi = si, zj = sj;   // skip leading zeros: the value decides
                while (zi < i - 1 && a.charAt(zi) == '0') zi++;
                while (zj < j - 1 && b.charAt(zj) == '0') zj++;
                int la = i - zi, lb = j - zj;
                if (la != lb) return Integer.compare(la, lb);
                int c = a.substring(zi, i).compareTo(b.substring(zj, j));
                if (c != 0) return c;
            } else {
                // ls -v (filevercmp): '~' first, then digits, letters, other characters
                int c = Integer.compare(rank(ca), rank(cb));
                if (c != 0) return c;
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private static int rank(char c) {
        if (isDigit(c)) return 0;   // a number sorts before any other character (filevercmp's order)
        if (c == '~') return -1;
        if (Character.isLetter(c)) return c;
        return c + 0x10000;
    }

    /**
     * Opens what {@code files} names as one capture: a single file as it is, several merged by time
     * ({@link MergingCaptureReader}). {@code warnings} gets a message for each broken file that was
     * skipped (in part or whole); with {@code strict}, such a file stops the read with its error.
     */
    public static CaptureReader open(List<String> files, boolean strict, Consumer<String> warnings,
                                     java.io.InputStream stdin) throws CaptureException {
        if (files.size() == 1) {
            String f = files.get(0);
            return f.equals("-") ? CaptureReader.open("-", stdin) : CaptureReader.open(f);
        }
        return new MergingCaptureReader(files, strict, warnings);
    }
}
