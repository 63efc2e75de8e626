package io.tcplens.render.ladder;

/** One row of a ladder diagram: a single packet, or a folded run of repetitive packets. */
public sealed interface LadderRow {
    /** Index of the first packet this row stands for. */
    int from();

    /** Index after the last packet this row stands for. */
    int to();

    /** One packet drawn as one arrow. */
    record Single(int from, LadderPacket packet) implements LadderRow {
        @Override public int to() { return from + 1; }
    }

    /**
     * A folded run. {@code fromClient} is the direction of the run's main traffic
     * (data sender, keep-alive prober); {@code bothWays} marks request/answer pairs.
     */
    record Fold(int from, int to, Kind kind, boolean fromClient, boolean bothWays, long firstMicros,
                long lastMicros, String label) implements LadderRow {
        public int count() { return to - from; }
    }

    enum Kind { DATA, KEEP_ALIVE, REPEAT }
}
