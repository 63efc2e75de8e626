package io.tcplens.live;

import io.tcplens.capture.Frame;
import io.tcplens.conn.ConnectionSummary;
import io.tcplens.conn.Handshake;
import io.tcplens.conn.LifecycleTracker;
import io.tcplens.conn.Teardown;
import io.tcplens.decode.Packet;
import io.tcplens.render.conns.ConnsWriter;
import io.tcplens.render.explain.Explainer;
import io.tcplens.render.explain.PacketRow;
import io.tcplens.tcp.SegmentInfo;
import io.tcplens.tcp.TcpAnalyzer;
import io.tcplens.tcp.TcpConnection;
import io.tcplens.tcp.TcpEvent;
import io.tcplens.tcp.TcpListener;
import io.tcplens.tcp.TcpState;
import io.tcplens.http.HttpTracker;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The project's TCP connection engine behind the {@link LiveAnalyzer} hook: the analyzer
 * ({@link TcpAnalyzer}, tshark's stream numbers and both endpoints' states), the lifecycle
 * tracker ({@link LifecycleTracker}: handshake and teardown kinds, keep-alives, TIME_WAIT side),
 * the conns writers and the explainer.
 *
 * <p>Events are printed as the analyzer reports them: a connection opening, each endpoint's
 * state change, and the connection's summary when the analyzer closes it (for a normal close
 * that is when TIME_WAIT has passed in capture time, or when the capture ends). A state change is
 * reported from the state after each packet, the same fact {@code explain}'s table shows: a
 * packet that moves an endpoint through two states at once (a FIN that carries the ACK of our
 * FIN takes FIN_WAIT_1 through FIN_WAIT_2 to TIME_WAIT) is one change, FIN_WAIT_1 -> TIME_WAIT,
 * in both.
 *
 * <p>HTTP is followed as {@code explain} follows it ({@link io.tcplens.http.HttpTracker} ahead of
 * the lifecycle tracker), so the lab's summaries, JSON rows and stories carry the HTTP facts.
 */
public final class EngineAnalyzer implements LiveAnalyzer {
    private final TcpAnalyzer engine = new TcpAnalyzer();
    private final Consumer<String> events;
    private final List<ConnectionSummary> summaries = new ArrayList<>();
    private final Map<Integer, List<PacketRow>> rows;
    private final int keepRows;
    private long currentNanos;
    private boolean finished;
    /** Each stream's client and server state after its last packet, by stream number (dense from 0). */
    private TcpState[] lastClient = new TcpState[64], lastServer = new TcpState[64];

    /**
     * @param events  receives one line per lifecycle event (may be null)
     * @param keepRows packet rows kept per connection for {@link #explain} (0: none, the live default)
     */
    public EngineAnalyzer(Consumer<String> events, int keepRows) {
        this.events = events;
        this.keepRows = keepRows;
        this.rows = keepRows > 0 ? new HashMap<>() : null;
        HttpTracker http = new HttpTracker();
        LifecycleTracker tracker = new LifecycleTracker(this::closed).withHttp(http);
        engine.subscribe(new TcpListener() {
            @Override
            public void onEvent(TcpEvent e) {
                if (EngineAnalyzer.this.events == null) return;
                switch (e) {
                    case TcpEvent.ConnectionOpened o -> emit(o.connection(), "opened: " + label(o.connection())
                            + (o.portsReused() ? " (ports reused)" : ""));
                    // Only the state before the connection's first change is taken from here; the
                    // changes themselves are read from each packet's states in onSegment.
                    case TcpEvent.StateChanged s -> {
                        ensure(s.connection().stream());
                        TcpState[] last = s.client() ? lastClient : lastServer;
                        if (last[s.connection().stream()] == null) last[s.connection().stream()] = s.from();
                    }
                    case TcpEvent.ConnectionClosed c -> { }
                }
            }

            @Override
            public void onSegment(SegmentInfo s) {
                if (EngineAnalyzer.this.events != null) stateAfter(s);
                if (rows == null) return;
                List<PacketRow> r = rows.computeIfAbsent(s.stream, k -> new ArrayList<>());
                if (r.size() < EngineAnalyzer.this.keepRows) r.add(PacketRow.of(s));
            }
        });
        engine.subscribe(http);      // before the tracker: it has seen a connection's last segment when the summary is made
        engine.subscribe(tracker);
    }

    private void ensure(int stream) {
        if (stream < lastClient.length) return;
        int n = Math.max(stream + 1, lastClient.length * 2);
        lastClient = java.util.Arrays.copyOf(lastClient, n);
        lastServer = java.util.Arrays.copyOf(lastServer, n);
    }

    /** Reports each side whose state after this packet differs from its state after the previous one. */
    private void stateAfter(SegmentInfo s) {
        if (s.icmpQuoted || s.clientState == null || s.serverState == null) return;
        ensure(s.stream);
        TcpState c = lastClient[s.stream], v = lastServer[s.stream];
        if (c != null && c != s.clientState) emit(s.connection, "client " + c + " -> " + s.clientState);
        if (v != null && v != s.serverState) emit(s.connection, "server " + v + " -> " + s.serverState);
        lastClient[s.stream] = s.clientState;
        lastServer[s.stream] = s.serverState;
    }

    @Override
    public String name() { return "tcplens TCP analyzer"; }

    @Override
    public void packet(Frame frame, Packet packet) {
        currentNanos = frame.seconds() * 1_000_000_000L + frame.nanos();
        engine.process(frame, packet);
    }

    @Override
    public void finish() {
        if (finished) return;
        finished = true;
        engine.finish();
    }

    /** The summaries of the connections the engine has closed so far (all of them after {@link #finish}). */
    public List<ConnectionSummary> summaries() { return List.copyOf(summaries); }

    private void closed(ConnectionSummary c) {
        summaries.add(c);
        if (events == null) return;
        StringBuilder sb = new StringBuilder();
        sb.append("closed: ").append(c.client().label()).append(" > ").append(c.server().label());
        sb.append(", handshake ").append(c.handshake() == null ? "?" : c.handshake().label());
        if (c.handshake() != Handshake.REFUSED) {
            sb.append(", teardown ").append(c.teardown() == null ? "?" : c.teardown().label());
            if (c.activeCloser() != null && c.teardown() != Teardown.RESET) sb.append(", ").append(c.activeCloser().label()).append(" closed first");
            if (c.resetBy() != null) sb.append(", reset by ").append(c.resetBy().label());
            if (c.timeWait() != null) sb.append(", ").append(c.timeWait().label()).append(" in TIME_WAIT");
            if (c.clientKeepaliveProbes() + c.serverKeepaliveProbes() > 0) {
                sb.append(", keep-alive probes ").append(c.clientKeepaliveProbes()).append(" from client, ")
                        .append(c.serverKeepaliveProbes()).append(" from server");
            }
            if (c.finWithData()) sb.append(", FIN with data");
            if (c.halfClose()) sb.append(", half-close");
        }
        sb.append(" (").append(c.closeReason() == null ? "" : c.closeReason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .append(")");
        events.accept(stamp(currentNanos) + " conn " + c.stream() + " " + sb);
    }

    private void emit(TcpConnection c, String text) {
        events.accept(stamp(currentNanos) + " conn " + c.stream() + " " + text);
    }

    private static String label(TcpConnection c) {
        return new ConnectionSummary.Endpoint(c.clientAddress(), c.clientPort()).label() + " > "
                + new ConnectionSummary.Endpoint(c.serverAddress(), c.serverPort()).label();
    }

    static String stamp(long nanos) {
        Instant i = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        LocalTime t = LocalTime.ofInstant(i, ZoneId.systemDefault());
        return String.format("%02d:%02d:%02d.%06d", t.getHour(), t.getMinute(), t.getSecond(), i.getNano() / 1000);
    }

    @Override
    public void writeConns(PrintStream out) { write(ConnsWriter.Format.TABLE, out); }

    @Override
    public void writeConnsJson(PrintStream out) { write(ConnsWriter.Format.JSON, out); }

    private void write(ConnsWriter.Format format, PrintStream out) {
        OutputStream keepOpen = new OutputStream() {
            @Override public void write(int b) { out.write(b); }
            @Override public void write(byte[] b, int off, int len) { out.write(b, off, len); }
            @Override public void flush() { out.flush(); }
        };
        try (ConnsWriter w = ConnsWriter.of(format, keepOpen)) {
            for (ConnectionSummary c : summaries) w.write(c);
        }
        out.flush();
    }

    @Override
    public boolean ladder(PrintStream out, int width, boolean unicode, boolean zh) {
        if (rows == null) return false;
        for (ConnectionSummary c : summaries) {
            var diagram = io.tcplens.cli.Pictures.ladder(c, rows.getOrDefault(c.stream(), List.of()));
            var style = new io.tcplens.render.ladder.LadderStyle(width, unicode, true);
            out.print(io.tcplens.render.ladder.LadderRenderer.renderText(diagram, zh ? style.inChinese() : style));
            out.println();
        }
        out.flush();
        return true;
    }

    @Override
    public boolean explain(PrintStream out, String lang) {
        if (rows == null) return false;
        Explainer ex = new Explainer(Explainer.Lang.parse(lang) == Explainer.Lang.ZH ? Explainer.Lang.ZH : Explainer.Lang.EN, out, keepRows);
        boolean first = true;
        for (ConnectionSummary c : summaries) {
            if (!first) ex.separator();
            first = false;
            ex.explain(c, rows.getOrDefault(c.stream(), List.of()), 0,
                    io.tcplens.render.explain.HttpStory.paragraphs(c, ex.lang()));
        }
        out.flush();
        return true;
    }
}
