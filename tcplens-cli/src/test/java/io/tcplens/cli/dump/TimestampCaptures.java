package io.tcplens.cli.dump;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Classic pcap files whose records have sub-second fields out of range (issue 17 item 7): 10^6
 * and more in a microsecond file, 10^9 and more in a nanosecond one, up to 2^32 - 1, beside
 * ordinary ones, so that every -t variant (and --nano) shows how libpcap and tcpdump carry them.
 */
final class TimestampCaptures {
    private TimestampCaptures() {}

    static final long[][] MICRO = {
        {1418145369L, 999_999L}, {1418145370L, 1_000_000L}, {1418145370L, 2_147_483_648L},
        {1418145371L, 4_294_967_295L}, {1418145372L, 5L}, {1418145372L, 1_999_999L}, {1418145373L, 0L}};
    static final long[][] NANO = {
        {1418145369L, 999_999_999L}, {1418145370L, 1_000_000_000L}, {1418145370L, 2_147_483_648L},
        {1418145371L, 4_294_967_295L}, {1418145372L, 5L}, {1418145372L, 1_999_999_999L}, {1418145373L, 0L}};

    static Map<String, byte[]> all() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("ts-usec-overflow.pcap", pcap(false, MICRO));
        m.put("ts-nsec-overflow.pcap", pcap(true, NANO));
        return m;
    }

    static void writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : all().entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
    }

    private static byte[] pcap(boolean nano, long[][] stamps) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(nano ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(262144).putInt(1);
        o.writeBytes(h.array());
        byte[] frame = NestedCaptures.eth(NestedCaptures.ip4(NestedCaptures.tcpSyn(), 6), 0x0800);
        for (long[] ts : stamps) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt((int) ts[0]).putInt((int) ts[1]).putInt(frame.length).putInt(frame.length);
            o.writeBytes(r.array());
            o.writeBytes(frame);
        }
        return o.toByteArray();
    }
}
