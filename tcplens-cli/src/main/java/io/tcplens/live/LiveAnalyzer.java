package io.tcplens.live;

import io.tcplens.capture.Frame;
import io.tcplens.decode.Packet;

import java.io.PrintStream;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * The hook through which live capture and the lab feed a connection engine, and through which
 * the engine's lifecycle events and connection summaries come back out.
 *
 * <p>Until the project's TCP connection analyzer is wired in, {@link #create} returns the
 * built-in {@link FlagAnalyzer}, which tells what it can from SYN, FIN and RST flags and
 * keep-alive probes. To plug in the real engine, implement {@link Factory} over it (an adapter
 * class in tcplens-cli) and register it in
 * {@code META-INF/services/io.tcplens.live.LiveAnalyzer$Factory}; nothing else changes.
 */
public interface LiveAnalyzer {

    /** Feeds one packet, in capture order; {@code packet} has already decoded {@code frame}. */
    void packet(Frame frame, Packet packet);

    /** The capture ended: flush pending events (connections still open stay open). */
    void finish();

    /** The connections seen, as a table for a person (tcplens capture --conns). */
    void writeConns(PrintStream out);

    /** The connections seen, as JSON (tcplens lab --format json). */
    void writeConnsJson(PrintStream out);

    /** One line naming the engine, e.g. "flag tracker (provisional)". */
    String name();

    /** Makes analyzers; found with {@link ServiceLoader}. */
    interface Factory {
        /**
         * @param events receives one human-readable line per lifecycle event, as it happens
         *               (connection opened, established, closing, closed, reset, keep-alive...)
         */
        LiveAnalyzer create(Consumer<String> events);
    }

    /** The registered engine if there is one, else the built-in flag tracker. */
    static LiveAnalyzer create(Consumer<String> events) {
        for (Factory f : ServiceLoader.load(Factory.class)) {
            LiveAnalyzer a = f.create(events);
            if (a != null) return a;
        }
        return new FlagAnalyzer(events);
    }
}
