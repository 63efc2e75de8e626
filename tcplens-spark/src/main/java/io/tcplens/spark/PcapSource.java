package io.tcplens.spark;

import io.tcplens.capture.Frame;
import io.tcplens.capture.PlannedSplit;
import io.tcplens.conn.Addresses;
import io.tcplens.decode.Packet;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code spark.read.format("pcap").load(paths)}: capture files (pcap, pcapng, gzip; directories and
 * globs as {@code -r} takes them) as one row per frame, numbered as tcpdump and tshark number the
 * merged capture. Large files are read in byte ranges by many tasks ({@link CapturePlan}).
 *
 * <p>Columns: {@code file, file_index, offset, frame, ts, ts_nanos, prev_ts_nanos, prev2_ts_nanos, link_type,
 * snaplen, interface_id, caplen, wire_len, data, data_offset} ({@code data_offset}: where in the file
 * the frame's bytes are, null in gzip files); with {@code .option("decode", "tcp")} also the
 * TCP fields ({@code src, dst, sport, dport, tcp_flags, seq, ack, window, payload_len}) and
 * {@code flow}, a hash of the connection's key equal for both directions (null when the frame has
 * no TCP connection; {@code fragment} is true for IP fragments, whose connection is known only
 * once reassembled). Options: {@code splitSize} (bytes per range, default 128 MB).
 *
 * <p>{@code frame} is null when the files overlap in time (the job numbers such frames by sorting).
 * {@code prev_ts_nanos} and {@code prev2_ts_nanos} are the times of the capture's two frames before
 * this one (null at its start, or when frames are unnumbered): what a split analysis replays of
 * the clock between its own frames.
 */
public final class PcapSource implements TableProvider, DataSourceRegister {
    static final long DEFAULT_SPLIT_BYTES = 128L << 20;

    @Override public String shortName() { return "pcap"; }

    static StructType schema(boolean tcp) {
        List<StructField> f = new ArrayList<>(List.of(
                DataTypes.createStructField("file", DataTypes.StringType, false),
                DataTypes.createStructField("file_index", DataTypes.IntegerType, false),
                DataTypes.createStructField("offset", DataTypes.LongType, false),
                DataTypes.createStructField("frame", DataTypes.LongType, true),
                DataTypes.createStructField("ts", DataTypes.TimestampType, true),
                DataTypes.createStructField("ts_nanos", DataTypes.LongType, false),
                DataTypes.createStructField("prev_ts_nanos", DataTypes.LongType, true),
                DataTypes.createStructField("prev2_ts_nanos", DataTypes.LongType, true),
                DataTypes.createStructField("link_type", DataTypes.IntegerType, false),
                DataTypes.createStructField("snaplen", DataTypes.IntegerType, false),
                DataTypes.createStructField("interface_id", DataTypes.IntegerType, false),
                DataTypes.createStructField("caplen", DataTypes.IntegerType, false),
                DataTypes.createStructField("wire_len", DataTypes.IntegerType, false),
                DataTypes.createStructField("data", DataTypes.BinaryType, true)));
        if (tcp) {
            f.add(DataTypes.createStructField("flow", DataTypes.LongType, true));
            f.add(DataTypes.createStructField("fragment", DataTypes.BooleanType, false));
            f.add(DataTypes.createStructField("src", DataTypes.StringType, true));
            f.add(DataTypes.createStructField("dst", DataTypes.StringType, true));
            f.add(DataTypes.createStructField("sport", DataTypes.IntegerType, true));
            f.add(DataTypes.createStructField("dport", DataTypes.IntegerType, true));
            f.add(DataTypes.createStructField("tcp_flags", DataTypes.IntegerType, true));
            f.add(DataTypes.createStructField("seq", DataTypes.LongType, true));
            f.add(DataTypes.createStructField("ack", DataTypes.LongType, true));
            f.add(DataTypes.createStructField("window", DataTypes.IntegerType, true));
            f.add(DataTypes.createStructField("payload_len", DataTypes.IntegerType, true));
        }
        f.add(DataTypes.createStructField("data_offset", DataTypes.LongType, true));
        return DataTypes.createStructType(f);
    }

    static boolean decodesTcp(Map<String, String> options) {
        String d = options.get("decode");
        return d != null && d.equalsIgnoreCase("tcp");
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) { return schema(decodesTcp(options)); }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new PcapTable(schema, new CaseInsensitiveStringMap(properties));
    }

    /** The paths given to {@code load}: Spark passes one as {@code path}, several as a JSON array in {@code paths}. */
    static List<String> paths(CaseInsensitiveStringMap o) {
        List<String> out = new ArrayList<>();
        String one = o.get("path");
        if (one != null) out.add(one);
        String many = o.get("paths");
        if (many != null && !many.isBlank()) {
            try (var p = io.tcplens.render.rows.HttpJsonWriter.JSON_LINES.createParser(
                    tools.jackson.core.ObjectReadContext.empty(), many)) {
                tools.jackson.core.JsonToken t;
                while ((t = p.nextToken()) != null) if (t == tools.jackson.core.JsonToken.VALUE_STRING) out.add(p.getString());
            }
        }
        return out;
    }

    /**
     * {@code .option("data", "unseekable")}: {@code data} only for frames of gzip files, null for the
     * others, whose bytes a reader finds at {@code data_offset} ({@link FrameBytes}). The job asks for
     * this so that the frames' bytes are read where they are analysed and never travel through
     * Spark's shuffle.
     */
    static boolean dataOnlyUnseekable(Map<String, String> o) {
        String d = o.get("data");
        return d != null && d.equalsIgnoreCase("unseekable");
    }

    static long splitBytes(CaseInsensitiveStringMap o) {
        String s = o.get("splitSize");
        return s == null ? DEFAULT_SPLIT_BYTES : Math.max(64, SizeParser.bytes(s));
    }

    private record PcapTable(StructType schema, CaseInsensitiveStringMap options) implements SupportsRead {
        @Override public String name() { return "pcap"; }
        @Override public Set<TableCapability> capabilities() { return EnumSet.of(TableCapability.BATCH_READ); }

        @Override public ScanBuilder newScanBuilder(CaseInsensitiveStringMap o) {
            return new PrunedScanBuilder(schema, merged(options, o));
        }
    }

    /**
     * Computes only the columns a query reads: the job reads neither the file name nor the
     * addresses as text, and formatting them per frame cost more than the rest of the row.
     */
    private static final class PrunedScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns {
        private final CaseInsensitiveStringMap options;
        private StructType schema;

        PrunedScanBuilder(StructType schema, CaseInsensitiveStringMap options) {
            this.schema = schema;
            this.options = options;
        }

        @Override public void pruneColumns(StructType required) {
            if (required.fields().length > 0) schema = required;
        }

        @Override public Scan build() { return new PcapScan(schema, options); }
    }

    private static CaseInsensitiveStringMap merged(CaseInsensitiveStringMap a, CaseInsensitiveStringMap b) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(a.asCaseSensitiveMap());
        m.putAll(b.asCaseSensitiveMap());
        return new CaseInsensitiveStringMap(m);
    }

    private static final class PcapScan implements Scan, Batch {
        private final StructType schema;
        private final CaseInsensitiveStringMap options;
        private InputPartition[] partitions;

        PcapScan(StructType schema, CaseInsensitiveStringMap options) {
            this.schema = schema;
            this.options = options;
        }

        @Override public StructType readSchema() { return schema; }
        @Override public Batch toBatch() { return this; }
        @Override public String description() { return "pcap " + paths(options); }

        @Override
        public InputPartition[] planInputPartitions() {
            if (partitions != null) return partitions;
            List<String> files = Inputs.expand(paths(options));
            CapturePlan plan = CapturePlan.of(SparkSession.active(), files, splitBytes(options));
            return partitions = plan.ranges().toArray(InputPartition[]::new);
        }

        @Override
        public PartitionReaderFactory createReaderFactory() {
            int[] columns = new int[schema.fields().length];
            StructType all = PcapSource.schema(true);
            for (int i = 0; i < columns.length; i++) columns[i] = all.fieldIndex(schema.fields()[i].name());
            return new ReaderFactory(columns, dataOnlyUnseekable(options));
        }
    }

    /** One planned byte range and the times of the capture's two frames before its first record. */
    record Range(PlannedSplit split, long previousNanos, long previous2Nanos) implements InputPartition { }

    /** {@code columns}: for each column of the scan's schema, its index in the full schema ({@code schema(true)}). */
    private record ReaderFactory(int[] columns, boolean dataOnlyUnseekable) implements PartitionReaderFactory {
        @Override public PartitionReader<InternalRow> createReader(InputPartition p) {
            return new RangeReader((Range) p, columns, dataOnlyUnseekable);
        }
    }

    /** Reads one range's records, each as a row. */
    private static final class RangeReader implements PartitionReader<InternalRow> {
        private final Range range;
        private final int[] columns;
        private final boolean[] wanted = new boolean[26];
        private final boolean decodes, addresses, bytes;
        private final Object[] all = new Object[26];
        private final RangeFrames frames;
        private final Frame frame;
        private final Packet packet = new Packet();
        private final FrameRouter router = new FrameRouter();
        private final UTF8String file;
        private final boolean numbered;
        private InternalRow row;

        RangeReader(Range range, int[] columns, boolean dataOnlyUnseekable) {
            this.range = range;
            this.columns = columns;
            boolean d = false;
            for (int c : columns) {
                wanted[c] = true;
                d |= c >= 14 && c < 25;
            }
            this.decodes = d;
            this.addresses = wanted[16] || wanted[17];
            this.file = UTF8String.fromString(range.split().split().file());
            this.numbered = range.split().firstFrameNumber() > 0;
            this.frames = new RangeFrames(range);
            this.frame = frames.frame;
            this.bytes = wanted[13] && (!dataOnlyUnseekable || !frames.seekable);
        }

        @Override
        public boolean next() {
            if (!frames.next()) return false;
            long nanos = frames.nanos(), previous = frames.previousNanos(), previous2 = frames.previous2Nanos();
            Object[] v = all;
            v[0] = file;
            v[1] = range.split().split().fileIndex();
            v[2] = frame.fileOffset();
            v[3] = numbered ? (Object) frame.number() : null;
            v[4] = Math.abs(frame.seconds()) < 9_000_000_000_000L ? (Object) (frame.seconds() * 1_000_000L + frame.nanos() / 1000) : null;
            v[5] = nanos;
            v[6] = previous == Long.MIN_VALUE || !numbered ? null : (Object) previous;
            v[7] = previous2 == Long.MIN_VALUE || !numbered ? null : (Object) previous2;
            v[8] = frame.linkType();
            v[9] = frame.snaplen();
            v[10] = frame.interfaceId();
            v[11] = frame.captureLength();
            v[12] = frame.wireLength();
            v[13] = bytes ? java.util.Arrays.copyOfRange(frame.buffer(), frame.offset(), frame.offset() + frame.captureLength()) : null;
            if (decodes) decode(v);
            v[25] = frames.seekable ? (Object) frame.dataFileOffset() : null;
            Object[] out = new Object[columns.length];
            for (int i = 0; i < out.length; i++) out[i] = v[columns[i]];
            row = new GenericInternalRow(out);
            return true;
        }
        private void decode(Object[] v) {
            packet.decode(frame);
            int route = router.route(packet);
            v[14] = route == FrameRouter.FLOW ? (Object) router.flow() : null;
            v[15] = router.fragment();
            java.util.Arrays.fill(v, 16, 25, null);
            if (packet.hasTcp() && packet.tcpFixedHeaderComplete()) {
                byte[] b = packet.buffer();
                int n = packet.addrLength();
                if (addresses) {
                    v[16] = UTF8String.fromString(Addresses.format(java.util.Arrays.copyOfRange(b, packet.srcAddrOffset(), packet.srcAddrOffset() + n)));
                    v[17] = UTF8String.fromString(Addresses.format(java.util.Arrays.copyOfRange(b, packet.dstAddrOffset(), packet.dstAddrOffset() + n)));
                }
                v[18] = packet.srcPort();
                v[19] = packet.dstPort();
                v[20] = packet.tcpFlags();
                v[21] = packet.seq() & 0xFFFF_FFFFL;
                v[22] = packet.ack() & 0xFFFF_FFFFL;
                v[23] = packet.window();
                v[24] = Math.max(0, packet.tcpPayloadLength());
            }
        }

        @Override public InternalRow get() { return row; }

        @Override
        public void close() { frames.close(); }
    }
}
