import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The JVM's own floor for scripts/bench.sh: what ../shared/tools/floor.c does (map a classic
 * little-endian Ethernet pcap, walk every record, count packets per direction of each TCP/IPv4
 * 4-tuple in an open-addressing table), written as plainly in Java. It is not tcplens; it shows
 * how much of the C floor's time a JVM needs just to start, compile and walk the file, the part of
 * any Java tool's time that no change to tcplens can remove. Prints connections and packets.
 *
 * Build and run: javac -d DIR JavaFloor.java && java -XX:+UseSerialGC -cp DIR JavaFloor FILE
 */
public final class JavaFloor {
    private static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0])); Arena arena = Arena.ofConfined()) {
            MemorySegment m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            long size = m.byteSize(), off = 24, packets = 0;
            int cap = 1 << 16, conns = 0;
            long[] keyA = new long[cap], keyB = new long[cap], perDirection = new long[cap * 2];
            while (off + 16 <= size) {
                int incl = m.get(I32_LE, off + 8);
                long p = off + 16;
                off = p + (incl & 0xFFFFFFFFL);
                if (off > size) break;
                packets++;
                int type = m.get(U16_BE, p + 12) & 0xFFFF;
                long ip = p + 14;
                while (type == 0x8100 && ip + 4 <= off) { type = m.get(U16_BE, ip + 2) & 0xFFFF; ip += 4; }
                if (type != 0x0800 || ip + 20 > off || m.get(ValueLayout.JAVA_BYTE, ip + 9) != 6) continue;
                long tcp = ip + (m.get(ValueLayout.JAVA_BYTE, ip) & 15) * 4L;
                if (tcp + 4 > off) continue;
                long src = m.get(I32_LE, ip + 12) & 0xFFFFFFFFL, dst = m.get(I32_LE, ip + 16) & 0xFFFFFFFFL;
                long a = src << 16 | (m.get(U16_BE, tcp) & 0xFFFF), b = dst << 16 | (m.get(U16_BE, tcp + 2) & 0xFFFF);
                int dir = 0;
                if (a > b) { long t = a; a = b; b = t; dir = 1; }
                a++;   // 0 marks an empty slot
                long h = a * 0x9E3779B97F4A7C15L ^ b * 0xBF58476D1CE4E5B9L;
                int i = (int) (h ^ h >>> 29) & (cap - 1);
                while (keyA[i] != 0 && (keyA[i] != a || keyB[i] != b)) i = (i + 1) & (cap - 1);
                if (keyA[i] == 0) {
                    if ((conns + 1) * 2 > cap) {   // keep the table at most half full
                        long[] oa = keyA, ob = keyB, op = perDirection;
                        cap *= 2;
                        keyA = new long[cap]; keyB = new long[cap]; perDirection = new long[cap * 2];
                        for (int j = 0; j < oa.length; j++) {
                            if (oa[j] == 0) continue;
                            long g = oa[j] * 0x9E3779B97F4A7C15L ^ ob[j] * 0xBF58476D1CE4E5B9L;
                            int k = (int) (g ^ g >>> 29) & (cap - 1);
                            while (keyA[k] != 0) k = (k + 1) & (cap - 1);
                            keyA[k] = oa[j]; keyB[k] = ob[j];
                            perDirection[k * 2] = op[j * 2]; perDirection[k * 2 + 1] = op[j * 2 + 1];
                        }
                        i = (int) (h ^ h >>> 29) & (cap - 1);
                        while (keyA[i] != 0) i = (i + 1) & (cap - 1);
                    }
                    keyA[i] = a;
                    keyB[i] = b;
                    conns++;
                }
                perDirection[i * 2 + dir]++;
            }
            System.out.println(conns + " connections, " + packets + " packets");
        }
    }
}
