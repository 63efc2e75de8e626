package io.tcplens.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What tcpdump gets from C's stdio and its signal handlers: whether standard output is a
 * terminal (stdio then buffers by line, so each packet shows as it comes), and a way to turn
 * Ctrl-C (SIGINT) and SIGTERM into "stop and print what you have", exiting 0 as tcpdump does,
 * instead of the JVM's default of dying with status 130 and whatever was buffered lost.
 */
public final class Terminal {
    private Terminal() {}

    /**
     * True when file descriptor 1 is a terminal. Only standard output is asked: in
     * {@code tcpdump -w - | tcplens dump -r -} standard input is a pipe and the output still
     * goes to the user's terminal ({@link java.io.Console#isTerminal} asks about both).
     */
    public static boolean stdoutIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // No /proc (the BSDs, macOS): the JDK's view, which needs standard input on a terminal too.
            java.io.Console c = System.console();
            return c != null && c.isTerminal();
        }
    }

    /** Handlers installed by {@link #onInterrupt}; closing puts the previous ones back. */
    public interface Registration extends AutoCloseable {
        /** True once SIGINT or SIGTERM came. */
        boolean interrupted();

        @Override
        void close();
    }

    /**
     * Runs {@code action} (on the JDK's signal thread) when SIGINT or SIGTERM arrives, instead of
     * starting the JVM's shutdown, until the registration is closed. Where signals cannot be
     * handled (the JVM runs with -Xrs, or a platform without these signals) nothing is installed
     * and the JVM's default stays, so a capture still ends through its shutdown hook.
     */
    @SuppressWarnings("removal")
    public static Registration onInterrupt(Runnable action) {
        List<sun.misc.Signal> signals = new ArrayList<>(2);
        List<sun.misc.SignalHandler> previous = new ArrayList<>(2);
        java.util.concurrent.atomic.AtomicBoolean seen = new java.util.concurrent.atomic.AtomicBoolean();
        sun.misc.SignalHandler handler = sig -> {
            seen.set(true);
            action.run();
        };
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal s = new sun.misc.Signal(name);
                previous.add(sun.misc.Signal.handle(s, handler));
                signals.add(s);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Not handleable here: leave the default.
            }
        }
        return new Registration() {
            @Override
            public boolean interrupted() { return seen.get(); }

            @Override
            public void close() {
                for (int i = 0; i < signals.size(); i++) {
                    try {
                        sun.misc.Signal.handle(signals.get(i), previous.get(i));
                    } catch (IllegalArgumentException ignored) {
                        // already gone
                    }
                }
            }
        };
    }
}
