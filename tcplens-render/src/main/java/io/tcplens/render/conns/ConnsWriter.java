package io.tcplens.render.conns;

import io.tcplens.conn.ConnectionSummary;

import java.io.OutputStream;

/** Writes one row per finished connection, in the order connections finish. */
public interface ConnsWriter extends AutoCloseable {

    void write(ConnectionSummary c);

    /**
     * Writes {@code c} with {@code http} as its HTTP findings (null: none), in place of {@code c.http()}.
     * Formats without HTTP columns (csv, table, zeek) ignore them, so no copy of the summary is made;
     * a format that shows them (json) overrides this.
     */
    default void write(ConnectionSummary c, io.tcplens.http.HttpResult http) {
        write(c);
    }

    /** Writes any trailer and flushes; does not close the underlying stream. */
    @Override
    void close();

    enum Format { TABLE, JSON, CSV, ZEEK }

    static ConnsWriter of(Format format, OutputStream out) {
        return switch (format) {
            case TABLE -> new ConnsTableWriter(out);
            case JSON -> new ConnsJsonWriter(out);
            case CSV -> new ConnsCsvWriter(out);
            case ZEEK -> new ZeekConnLogWriter(out);
        };
    }

    /** Epoch nanoseconds as seconds with six decimals, exactly (no floating point). */
    static String seconds(long nanos) {
        long micros = Math.floorDiv(nanos, 1000);
        long s = Math.floorDiv(micros, 1_000_000);
        long us = Math.floorMod(micros, 1_000_000);
        // Six zero-padded digits without String.format: this runs for every connection.
        String frac = Long.toString(us + 1_000_000).substring(1);
        return s + "." + frac;
    }

    static String stateName(io.tcplens.tcp.TcpState s) { return s == null ? null : s.name(); }
}
