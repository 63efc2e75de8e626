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
 * <p>{@link #create} returns the project's TCP analyzer ({@link EngineAnalyzer}) unless another
 * engine is registered as a {@link Factory} in
 * {@code META-INF/services/io.tcplens.live.LiveAnalyzer$Factory}.
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

    /**
     * Tells each connection's story (packet table with both endpoints' states, then plain words),
     * if this engine can; {@code lang} is "en" or "zh". Returns false when it cannot.
     */
    default boolean explain(PrintStream out, String lang) { return false; }

    /**
     * Draws each connection as a ladder diagram, if this engine can, with its labels in Chinese when
     * {@code zh}; returns false when it cannot.
     */
    default boolean ladder(PrintStream out, int width, boolean unicode, boolean zh) { return false; }

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

    /** The registered engine if there is one, else the project's TCP analyzer (no packet rows kept). */
    static LiveAnalyzer create(Consumer<String> events) {
        return create(events, 0);
    }

    /**
     * As {@link #create(Consumer)}; {@code keepRows} packet rows per connection are kept for
     * {@link #explain} (the lab keeps them; a long live capture should not).
     */
    static LiveAnalyzer create(Consumer<String> events, int keepRows) {
        for (Factory f : ServiceLoader.load(Factory.class)) {
            LiveAnalyzer a = f.create(events);
            if (a != null) return a;
        }
        return new EngineAnalyzer(events, keepRows);
    }
}
