package io.tcplens.spark;

import io.tcplens.capture.Frame;
import io.tcplens.decode.Packet;
import io.tcplens.render.conns.ConnsWriter;
import io.tcplens.render.rows.HttpJsonWriter;
import io.tcplens.render.rows.RowsPass;
import io.tcplens.tcp.TcpAnalyzer;
import io.tcplens.tcp.TcpEvent;
import io.tcplens.tcp.TcpListener;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The core pipeline over one partition of the capture's TCP frames: the same analyzer, lifecycle
 * and HTTP layer as {@code conns} and {@code http} on one machine ({@link TcpAnalyzer#offline},
 * {@link RowsPass}), fed the partition's frames in the capture's order. A partition holds whole
 * connections (frames are partitioned by {@link io.tcplens.flow.ConnectionKey}), so each
 * connection sees every frame it would see on one machine; the frames of other partitions only
 * move the clock, which {@link TcpAnalyzer#clock} replays from the times of each frame's two
 * predecessors, so timers fire as they would on one machine.
 *
 * <p>Out come the rows as they are made, each as its JSON text with the stream number this
 * partition gave it ({@link #OUT}): kind {@link #STREAM} for each stream the analyzer opened (with
 * its first frame, from which the job numbers streams as tshark does, across partitions), then
 * {@link #CONN} and {@link #HTTP} rows, tagged with their stream's first frame. The rows come from
 * the HTTP workers' threads through a queue that this iterator drains between frames, so at most
 * the rows of a few frames wait in it (and, at the end, those of the connections still open).
 */
final class PartitionAnalysis implements Iterator<Row> {
    static final int STREAM = 0, CONN = 1, HTTP = 2, FRAGMENTS = 3;

    /** kind, the stream's first frame and its time (ns), the row's order in this partition, its JSON. */
    static final StructType OUT = DataTypes.createStructType(new org.apache.spark.sql.types.StructField[] {
            DataTypes.createStructField("kind", DataTypes.IntegerType, false),
            DataTypes.createStructField("stream_first_frame", DataTypes.LongType, false),
            DataTypes.createStructField("stream_first_nanos", DataTypes.LongType, false),
            DataTypes.createStructField("seq", DataTypes.LongType, false),
            DataTypes.createStructField("json", DataTypes.StringType, true)});

    private record Out(int kind, long firstFrame, long firstNanos, String json) { }

    private final FrameInput frames;
    private final FrameBytes bytes;
    private final long lastFrame, lastNanos, lastPreviousNanos;
    private final TcpAnalyzer analyzer;
    private final RowsPass rows;
    private final ConcurrentLinkedQueue<Out> queue = new ConcurrentLinkedQueue<>();
    private final Frame frame = new Frame();
    private final Packet packet = new Packet();
    /** Per stream this partition opened: its first frame and that frame's time (task thread only). */
    private long[] streamFrame = new long[64], streamNanos = new long[64];
    private int streams;
    private long seq, processedFrame = -1, currentNanos;
    private boolean finished;
    private Row next;
    private JsonGenerator httpJson;

    /**
     * @param lastFrame the capture's last frame number and {@code lastNanos} its time: the clock at
     *                  the end of input, when every partition's open connections are summarised
     */
    PartitionAnalysis(Iterator<Row> frames, java.util.List<String> files, long lastFrame, long lastNanos, long lastPreviousNanos,
                      long maxOpenConnections, boolean wantConns, boolean wantHttp) {
        this(new FrameBytes(files), b -> new RowInput(frames, b), lastFrame, lastNanos, lastPreviousNanos, maxOpenConnections, wantConns, wantHttp);
    }

    PartitionAnalysis(FrameBytes bytes, java.util.function.Function<FrameBytes, FrameInput> input, long lastFrame, long lastNanos,
                      long lastPreviousNanos, long maxOpenConnections, boolean wantConns, boolean wantHttp) {
        this.bytes = bytes;
        this.frames = input.apply(bytes);
        this.lastFrame = lastFrame;
        this.lastNanos = lastNanos;
        this.lastPreviousNanos = lastPreviousNanos;
        analyzer = TcpAnalyzer.offline(true, maxOpenConnections);
        ConnsWriter conns = wantConns ? ConnsWriter.of(ConnsWriter.Format.JSON, new Lines(CONN)) : null;
        RowsPass.ExchangeWriter http = null;
        if (wantHttp) {
            JsonGenerator g = httpJson = HttpJsonWriter.JSON_LINES.createGenerator(ObjectWriteContext.empty(), new Lines(HTTP), JsonEncoding.UTF8);
            http = (stream, client, server, t) -> {
                HttpJsonWriter.write(g, stream, client, server, t);
                g.flush();
            };
        }
        rows = conns != null && http != null ? RowsPass.both(conns, http, s -> true)
                : conns != null ? RowsPass.conns(conns, s -> true, false) : RowsPass.http(http, s -> true);
        analyzer.subscribe(new TcpListener() {
            @Override public void onEvent(TcpEvent e) {
                if (e instanceof TcpEvent.ConnectionOpened o && !o.resumed()) opened(o.connection().stream(), o.frame());
            }
            @Override public boolean wantsStateChanges() { return false; }
        });
        for (TcpListener l : rows.listeners()) analyzer.subscribe(l);
        this.connsWriter = conns;
    }

    private final ConnsWriter connsWriter;

    private void opened(int stream, long firstFrame) {
        if (stream >= streamFrame.length) {
            streamFrame = java.util.Arrays.copyOf(streamFrame, Math.max(stream + 1, streamFrame.length * 2));
            streamNanos = java.util.Arrays.copyOf(streamNanos, streamFrame.length);
        }
        // A stream opens once (a port reuse is a new stream); numbers are handed out in order.
        streamFrame[stream] = firstFrame;
        streamNanos[stream] = currentNanos;
        streams = Math.max(streams, stream + 1);
        queue.add(new Out(STREAM, firstFrame, currentNanos, null));
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            Out o = queue.poll();
            if (o != null) {
                next = row(o);
                break;
            }
            if (frames.next()) {
                process(frames);
            } else if (!finished) {
                finish();
                if (fragments > 0) queue.add(new Out(FRAGMENTS, -1, 0, Long.toString(fragments)));
            } else {
                return false;
            }
        }
        return true;
    }

    @Override
    public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        Row r = next;
        next = null;
        return r;
    }

    private Row row(Out o) {
        long first = o.firstFrame();
        long nanos = o.firstNanos();
        if (o.kind() == CONN || o.kind() == HTTP) {
            int local = localStream(o.json());
            first = streamFrame[local];
            nanos = streamNanos[local];
        }
        return RowFactory.create(o.kind(), first, nanos, seq++, o.json());
    }

    /** The stream number a JSON row starts with: {@code {"stream":N,}. */
    static int localStream(String json) {
        int i = json.indexOf(':') + 1, n = 0;
        while (i < json.length() && Character.isDigit(json.charAt(i))) n = n * 10 + (json.charAt(i++) - '0');
        return n;
    }

    /** The row with its stream number replaced by {@code stream}. */
    static String withStream(String json, long stream) {
        int colon = json.indexOf(':') + 1;
        int comma = json.indexOf(',', colon);
        return json.substring(0, colon) + stream + json.substring(comma);
    }

    private long fragments;

    private void process(FrameInput in) {
        if (in.unroutedFragment()) {
            // An IP fragment: which connection its datagram belongs to is known only once it is
            // reassembled, from fragments that may sit in other partitions. Counted, not analysed.
            fragments++;
            return;
        }
        long number = in.number();
        long nanos = in.nanos();
        // The capture's previous frame went to another partition (or was not TCP): its time is the
        // clock the analyzer would have seen just before this frame.
        if (number > 1 && number - 1 != processedFrame && in.previousNanos() != Long.MIN_VALUE) {
            analyzer.clock(in.previousNanos(), in.previous2Nanos(), number - 1);
        }
        byte[] data = in.data();
        frame.set(data, 0, in.captureLength(), in.wireLength(), Math.floorDiv(nanos, 1_000_000_000L),
                (int) Math.floorMod(nanos, 1_000_000_000L), in.linkType(), in.snaplen(), number);
        currentNanos = nanos;
        packet.decode(frame);
        analyzer.process(frame, packet);
        processedFrame = number;
    }

    /** The frames of a partition, in capture order, one at a time (the accessors describe the current one). */
    interface FrameInput {
        boolean next();
        /** An IP fragment whose connection the reader could not tell: counted, not analysed. */
        boolean unroutedFragment();
        long number();
        long nanos();
        /** The capture's frame before this one's time, and the one before that (Long.MIN_VALUE: none). */
        long previousNanos();
        long previous2Nanos();
        int linkType();
        int snaplen();
        int captureLength();
        int wireLength();
        /** The captured bytes, from index 0; valid until {@link #next}. */
        byte[] data();
    }

    /** Frames as rows of the pcap source (the path of files that overlap in time, numbered by a sort). */
    private static final class RowInput implements FrameInput {
        private final Iterator<Row> rows;
        private final FrameBytes bytes;
        private Row r;

        RowInput(Iterator<Row> rows, FrameBytes bytes) {
            this.rows = rows;
            this.bytes = bytes;
        }

        @Override public boolean next() {
            if (!rows.hasNext()) return false;
            r = rows.next();
            return true;
        }
        @Override public boolean unroutedFragment() { return r.isNullAt(8); }
        @Override public long number() { return r.getLong(0); }
        @Override public long nanos() { return r.getLong(1); }
        @Override public long previousNanos() { return r.isNullAt(2) ? Long.MIN_VALUE : r.getLong(2); }
        @Override public long previous2Nanos() { return r.isNullAt(9) ? Long.MIN_VALUE : r.getLong(9); }
        @Override public int linkType() { return r.getInt(3); }
        @Override public int snaplen() { return r.getInt(4); }
        @Override public int captureLength() { return r.isNullAt(7) ? r.getInt(5) : ((byte[]) r.get(7)).length; }
        @Override public int wireLength() { return r.getInt(6); }
        @Override public byte[] data() {
            return !r.isNullAt(7) ? (byte[]) r.get(7) : bytes.read(r.getInt(10), r.getLong(11), r.getInt(5));
        }
    }

    private void finish() {
        finished = true;
        try {
            if (lastFrame > 0 && lastFrame != processedFrame) analyzer.clock(lastNanos, lastPreviousNanos, lastFrame);
            analyzer.finish();
        } finally {
            bytes.close();
            rows.finish();
            if (connsWriter != null) connsWriter.close();
            if (httpJson != null) httpJson.close();
        }
    }

    /** The rows a writer writes, one per line, into the queue. */
    private final class Lines extends OutputStream {
        private final int kind;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(2048);

        Lines(int kind) { this.kind = kind; }

        @Override public void write(int b) {
            if (b == '\n') {
                queue.add(new Out(kind, -1, 0, line.toString(StandardCharsets.UTF_8)));
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override public void write(byte[] b, int off, int len) {
            int end = off + len, from = off;
            for (int i = off; i < end; i++) {
                if (b[i] == '\n') {
                    line.write(b, from, i - from);
                    queue.add(new Out(kind, -1, 0, line.toString(StandardCharsets.UTF_8)));
                    line.reset();
                    from = i + 1;
                }
            }
            line.write(b, from, end - from);
        }
    }

    /** Batches of frames in ({@link FrameBatches}), rows out: the function of {@code mapPartitions}. */
    record BatchFunction(java.util.List<String> files, long lastFrame, long lastNanos, long lastPreviousNanos, long maxOpenConnections,
                         boolean conns, boolean http)
            implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<scala.Tuple2<FrameBatches.Key, byte[]>>, Row> {
        @Override public Iterator<Row> call(Iterator<scala.Tuple2<FrameBatches.Key, byte[]>> input) {
            return new PartitionAnalysis(new FrameBytes(files), b -> new FrameBatches.Input(input, b), lastFrame, lastNanos,
                    lastPreviousNanos, maxOpenConnections, conns, http);
        }
    }

    /** Frames in, rows out: the function of {@code mapPartitions}. */
    record Function(java.util.List<String> files, long lastFrame, long lastNanos, long lastPreviousNanos, long maxOpenConnections, boolean conns, boolean http)
            implements org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row> {
        @Override public Iterator<Row> call(Iterator<Row> input) {
            return new PartitionAnalysis(input, files, lastFrame, lastNanos, lastPreviousNanos, maxOpenConnections, conns, http);
        }
    }
}
