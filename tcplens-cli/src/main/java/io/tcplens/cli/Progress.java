package io.tcplens.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The progress line of a long offline read, on stderr: {@code tcplens: 42% of 1.1 GB, 1,034,221
 * packets, 45,012 connections}, redrawn in place four times a second from the second second on,
 * and erased when the read ends. Only when stderr is a terminal, and stdout is not one (rows
 * scrolling by are progress enough, and would be torn by the redraws) unless the command prints
 * nothing while it reads; {@code --no-progress} or {@code TCPLENS_PROGRESS=0} turn it off.
 *
 * <p>The reading thread pays nothing per packet: every {@link #EVERY} frames it stores three
 * numbers in volatile fields ({@link #update}); a daemon thread of its own reads and draws them.
 */
final class Progress {
    /** Frames between two updates: a volatile store per 4096 frames is lost in the noise. */
    static final int EVERY = 4096;
    static final long FIRST_DRAW_MILLIS = 1000, REDRAW_MILLIS = 250;

    /** Set by {@code --no-progress} (Main strips it from the arguments, whatever the command). */
    static volatile boolean disabled;
    /** Tests: draw whatever the terminals are, with these delays. */
    static volatile long[] forcedDelays;

    private final PrintStream err;
    private final long total;   // bytes of the file, or -1 when a percentage cannot be told (stdin, gzip)
    private final Thread drawer;
    private volatile long bytes, packets, connections;
    private volatile boolean stopped;
    private boolean drawn;   // drawer thread only, read after join

    private Progress(PrintStream err, long total, long first, long every) {
        this.err = err;
        this.total = total;
        this.drawer = Thread.ofPlatform().daemon().name("tcplens-progress").unstarted(() -> draw(first, every));
    }

    /**
     * A started progress line for reading {@code file}, or null when it is off. {@code stdoutQuiet}:
     * the command writes nothing to stdout while reading (report, ladder), so a terminal there is no reason to stay quiet.
     */
    static Progress start(String file, PrintStream err, boolean stdoutQuiet) {
        long[] forced = forcedDelays;
        if (forced == null) {
            if (disabled || "0".equals(System.getenv("TCPLENS_PROGRESS"))) return null;
            if (err != System.err || !terminal(2, "TCPLENS_STDERR_TERMINAL")) return null;
            if (!stdoutQuiet && terminal(1, "TCPLENS_STDOUT_TERMINAL")) return null;
        }
        Progress p = new Progress(err, size(file), forced != null ? forced[0] : FIRST_DRAW_MILLIS,
                forced != null ? forced[1] : REDRAW_MILLIS);
        p.drawer.start();
        return p;
    }

    /** From the reading thread, every {@link #EVERY} frames. */
    void update(long bytes, long packets, long connections) {
        this.bytes = bytes;
        this.packets = packets;
        this.connections = connections;
    }

    /** Stops drawing and erases the line; returns when the line is gone (before the command prints anything else). */
    void stop() {
        stopped = true;
        drawer.interrupt();
        try {
            drawer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drawn) {
            drawn = false;   // erased once, however often stop is called
            err.print("\r\033[K");
            err.flush();
        }
    }

    private void draw(long first, long every) {
        try {
            Thread.sleep(first);
            while (!stopped) {
                err.print("\r" + line(total, bytes, packets, connections) + "\033[K");
                err.flush();
                drawn = true;
                Thread.sleep(every);
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /** The line's text (without the carriage return and the erase to its end). */
    static String line(long total, long bytes, long packets, long connections) {
        StringBuilder b = new StringBuilder("tcplens: ");
        if (total > 0) {
            long pct = Math.min(100, bytes * 100 / total);
            b.append(pct).append("% of ").append(size(total)).append(", ");
        }
        b.append(String.format(java.util.Locale.ROOT, "%,d", packets)).append(packets == 1 ? " packet, " : " packets, ");
        b.append(String.format(java.util.Locale.ROOT, "%,d", connections)).append(connections == 1 ? " connection" : " connections");
        return b.toString();
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format(java.util.Locale.ROOT, "%.0f MB", bytes / (double) (1L << 20));
        return String.format(java.util.Locale.ROOT, "%.0f kB", bytes / 1024.0);
    }

    /** The size of a plain capture file; -1 for standard input or a gzip file (its offsets are not the file's). */
    private static long size(String file) {
        if (file.equals("-")) return -1;
        Path p = Path.of(file);
        try (InputStream in = Files.newInputStream(p)) {
            if (in.read() == 0x1f && in.read() == 0x8b) return -1;
            return Files.isRegularFile(p) ? Files.size(p) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Whether file descriptor {@code fd} is a terminal: as the launcher found it ({@code [ -t fd ]},
     * passed in {@code env}), else, started without it, by where Linux's /proc says the descriptor points.
     */
    private static boolean terminal(int fd, String env) {
        String v = System.getenv(env);
        if (v != null) return v.equals("1");
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
