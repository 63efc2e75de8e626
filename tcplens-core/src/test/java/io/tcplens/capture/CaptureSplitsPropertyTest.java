package io.tcplens.capture;

import io.tcplens.capture.SplitRuns.Rec;
import io.tcplens.capture.SplitRuns.Split;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random pcap and pcapng captures (0..300 records; caplen 0, tiny, up to and beyond the snaplen,
 * one record larger than the resync's window now and then; snaplens from 60 to 262144; equal,
 * decreasing and far-apart timestamps; payloads of random bytes, of copies of the file's own earlier
 * records, of chains of fake headers), sometimes cut short or with garbage inserted, cut at random split
 * sizes (64..4096): the planned splits yield the sequential reader's frames record for record, frame
 * numbers 1..N, each record owned by exactly one split, the same problem and warnings. Several files at
 * once: a global sort is asked for exactly when they overlap in time, and the frames are the merge's.
 */
class CaptureSplitsPropertyTest {
    static Path tmp;

    @BeforeContainer
    static void makeDirectory() throws IOException { tmp = Files.createTempDirectory("capture-splits-property"); }

    @AfterContainer
    static void removeDirectory() throws IOException {
        try (var s = Files.walk(tmp)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ------------------------------------------------------------------------------------ the specs

    enum Cap { ZERO, TINY, SMALL, MEDIUM, SNAPLEN, OVER_SNAPLEN }
    enum Wire { SAME, MORE, ZERO, LESS }
    enum Step { SAME, FORWARD, BACK, JUMP, BAD_FRACTION }
    enum Payload { RANDOM, ZEROS, COPY_OF_RECORDS, FAKE_CHAIN, FAKE_EMPTY_HEADERS }
    enum Damage { NONE, CUT, GARBAGE }

    /** One record (pcapng: one block, of {@code kind}); sizes and bytes come from {@code seed}. */
    record RecSpec(Kind kind, int iface, Cap cap, Wire wire, Step step, Payload payload, int seed) { }

    enum Kind { EPB, EPB_OPTIONS, SPB, OPB, NRB, ISB, CUSTOM, DSB, UNKNOWN }

    record Iface(int linkType, int snaplen, int tsresol) { }

    /**
     * A capture: pcap ({@code ifaces} has one entry, its link type and snaplen; {@code hdr} 16 or 24) or
     * pcapng; {@code bigAt}: the index of a record made 3001..70000 bytes long, -1 for none.
     */
    record Spec(boolean pcapng, boolean bigEndian, boolean nanos, int hdr, List<Iface> ifaces, List<RecSpec> records,
                int bigAt, Damage damage, int damageSeed, long seed) {
        @Override public String toString() {
            return (pcapng ? "pcapng" : "pcap" + (hdr == 24 ? " (24-byte headers)" : "") + (nanos ? " ns" : " us"))
                    + (bigEndian ? " BE" : " LE") + " ifaces=" + ifaces + " records=" + records.size() + " bigAt=" + bigAt
                    + " damage=" + damage + "/" + damageSeed + " seed=" + seed + " " + records;
        }
    }

    static Arbitrary<Cap> caps() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(Cap.ZERO)), Tuple.of(3, Arbitraries.just(Cap.TINY)),
                Tuple.of(8, Arbitraries.just(Cap.SMALL)), Tuple.of(2, Arbitraries.just(Cap.MEDIUM)),
                Tuple.of(1, Arbitraries.just(Cap.SNAPLEN)), Tuple.of(1, Arbitraries.just(Cap.OVER_SNAPLEN)));
    }

    static Arbitrary<Wire> wires() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(Wire.SAME)), Tuple.of(3, Arbitraries.just(Wire.MORE)),
                Tuple.of(1, Arbitraries.just(Wire.ZERO)), Tuple.of(1, Arbitraries.just(Wire.LESS)));
    }

    static Arbitrary<Step> steps() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(Step.SAME)), Tuple.of(8, Arbitraries.just(Step.FORWARD)),
                Tuple.of(2, Arbitraries.just(Step.BACK)), Tuple.of(1, Arbitraries.just(Step.JUMP)),
                Tuple.of(1, Arbitraries.just(Step.BAD_FRACTION)));
    }

    static Arbitrary<Payload> payloads() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Payload.RANDOM)), Tuple.of(1, Arbitraries.just(Payload.ZEROS)),
                Tuple.of(3, Arbitraries.just(Payload.COPY_OF_RECORDS)), Tuple.of(2, Arbitraries.just(Payload.FAKE_CHAIN)),
                Tuple.of(1, Arbitraries.just(Payload.FAKE_EMPTY_HEADERS)));
    }

    static Arbitrary<Kind> kinds() {
        return Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(Kind.EPB)), Tuple.of(1, Arbitraries.just(Kind.EPB_OPTIONS)),
                Tuple.of(2, Arbitraries.just(Kind.SPB)), Tuple.of(1, Arbitraries.just(Kind.OPB)), Tuple.of(1, Arbitraries.just(Kind.NRB)),
                Tuple.of(1, Arbitraries.just(Kind.ISB)), Tuple.of(1, Arbitraries.just(Kind.CUSTOM)), Tuple.of(1, Arbitraries.just(Kind.DSB)),
                Tuple.of(1, Arbitraries.just(Kind.UNKNOWN)));
    }

    static Arbitrary<RecSpec> records(boolean pcapng) {
        return Combinators.combine(pcapng ? kinds() : Arbitraries.just(Kind.EPB), Arbitraries.integers().between(0, 3), caps(),
                wires(), steps(), payloads(), Arbitraries.integers()).as(RecSpec::new);
    }

    static Arbitrary<Integer> snaplens() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(60)), Tuple.of(3, Arbitraries.just(65535)),
                Tuple.of(3, Arbitraries.just(262144)), Tuple.of(2, Arbitraries.integers().between(1, 2000)),
                Tuple.of(1, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(Integer.MAX_VALUE)));
    }

    static Arbitrary<Iface> ifaces(boolean pcapng) {
        Arbitrary<Integer> tsresol = pcapng ? Arbitraries.of(-1, 6, 9, 3, 0x80 | 20, 0x80 | 10) : Arbitraries.just(-1);
        return Combinators.combine(Arbitraries.of(LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.RAW, LinkType.NULL,
                LinkType.LINUX_SLL2, LinkType.IPV4), snaplens(), tsresol).as(Iface::new);
    }

    static Arbitrary<Damage> damages() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(Damage.NONE)), Tuple.of(1, Arbitraries.just(Damage.CUT)),
                Tuple.of(1, Arbitraries.just(Damage.GARBAGE)));
    }

    static Arbitrary<Spec> specs(boolean pcapng) {
        Arbitrary<List<RecSpec>> recs = records(pcapng).list().ofMinSize(0).ofMaxSize(300).withSizeDistribution(RandomDistribution.uniform());
        Arbitrary<Integer> bigAt = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(-1)), Tuple.of(1, Arbitraries.integers().between(0, 300)));
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                        pcapng ? Arbitraries.just(16) : Arbitraries.frequency(Tuple.of(5, 16), Tuple.of(1, 24)),
                        ifaces(pcapng).list().ofMinSize(1).ofMaxSize(pcapng ? 4 : 1), recs, bigAt,
                        damages(), Arbitraries.integers())
                .as((be, nanos, hdr, ifs, rs, big, damage, dseed) -> new Spec(pcapng, be, nanos, hdr, ifs, rs, big, damage, dseed, dseed * 31L + rs.size()));
    }

    static Arbitrary<Long> splitSizes() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs().between(64, 200)),
                Tuple.of(3, Arbitraries.longs().between(201, 1000)), Tuple.of(2, Arbitraries.longs().between(1001, 4096)));
    }

    @Provide Arbitrary<Spec> pcaps() { return specs(false); }
    @Provide Arbitrary<Spec> pcapngs() { return specs(true); }
    @Provide Arbitrary<Long> sizes() { return splitSizes(); }

    // -------------------------------------------------------------------------------- the properties

    @Property(tries = 120, edgeCases = EdgeCasesMode.NONE)
    void aRandomPcapSplitsIntoExactlyItsRecords(@ForAll("pcaps") Spec spec, @ForAll("sizes") long splitBytes) throws IOException {
        check(spec, splitBytes);
    }

    @Property(tries = 110, edgeCases = EdgeCasesMode.NONE)
    void aRandomPcapngSplitsIntoExactlyItsRecords(@ForAll("pcapngs") Spec spec, @ForAll("sizes") long splitBytes) throws IOException {
        check(spec, splitBytes);
    }

    void check(Spec spec, long splitBytes) throws IOException {
        Built b = build(spec, 1_600_000_000L, 0, false);
        Path f = Files.write(tmp.resolve("p" + (spec.pcapng() ? ".pcapng" : ".pcap")), b.bytes());
        Split sp = SplitRuns.assertSplitsMatchSequential(f, splitBytes, new Random(spec.seed()));
        List<Rec> frames = sp.frames();
        for (int i = 0; i < frames.size(); i++) assertThat(frames.get(i).number()).isEqualTo(i + 1);
        if (spec.damage() == Damage.NONE) {
            assertThat(sp.plan().problems()).isEmpty();
            assertThat(frames).hasSize(b.frames());
        }
        Statistics.label("cut into").collect(sp.splits().size() == 1 ? "1 split" : sp.splits().size() < 20 ? "2..19 splits" : "20+ splits");
        Statistics.label("a first-pass scan was fooled").collect(sp.scans().stream().anyMatch(s -> SplitRuns.fooled(s, b.blocks())));
        Statistics.label("problem").collect(!sp.plan().problems().isEmpty());
        Statistics.label("whole file").collect(sp.plan().splits().stream().anyMatch(p -> p.split().wholeFile()));
    }

    /** Several files at once, separated in time (in or out of file order), touching, or overlapping. */
    record FileSet(List<Spec> files, int layout, long seed) { }

    @Provide Arbitrary<FileSet> severalFiles() {
        Arbitrary<Spec> one = Arbitraries.oneOf(specs(false), specs(true)).map(s -> new Spec(s.pcapng(), s.bigEndian(), s.nanos(), s.hdr(),
                s.ifaces(), s.records().subList(0, Math.min(s.records().size(), 80)), -1, s.damage(), s.damageSeed(), s.seed()));
        return Combinators.combine(one.list().ofMinSize(1).ofMaxSize(4).withSizeDistribution(RandomDistribution.uniform()),
                        Arbitraries.of(0, 1, 2, 3), Arbitraries.longs())
                .as(FileSet::new);
    }

    @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
    void severalFilesAreTheMerge(@ForAll("severalFiles") FileSet spec, @ForAll("sizes") long splitBytes) throws Exception {
        int n = spec.files().size();
        Random rnd = new Random(spec.seed());
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < n; i++) slots.add(i);
        if (spec.layout() == 1) java.util.Collections.shuffle(slots, rnd);
        List<Path> paths = new ArrayList<>();
        long sec = 1_600_000_000L, frac = 0;
        for (int i = 0; i < n; i++) {
            Spec s = spec.files().get(i);
            Built b = switch (spec.layout()) {
                case 0, 1 -> build(s, 1_000_000_000L + slots.get(i) * 100_000_000L, 0, true);    // separated
                case 2 -> build(s, sec, frac, true);                                               // each starts where the one before ends
                default -> build(s, 1_600_000_000L + rnd.nextInt(100), 0, rnd.nextBoolean());  // overlapping
            };
            if (b.frames() > 0) {
                sec = b.lastSecond();
                frac = b.lastFraction();
            }
            paths.add(Files.write(tmp.resolve("f" + i + (s.pcapng() ? ".pcapng" : ".pcap")), b.bytes()));
        }
        Split sp = SplitRuns.assertSplitsMatchMerge(paths, splitBytes, rnd);
        Statistics.label("layout").collect(spec.layout());
        Statistics.label("needs a global sort").collect(sp.plan().needsGlobalSort());
    }

    // ------------------------------------------------------------------------------------ the builder

    /** A built capture: its bytes, the offsets of its records (blocks), how many frames it holds, its last record's time. */
    record Built(byte[] bytes, Set<Long> blocks, int frames, long lastSecond, long lastFraction) { }

    /** The snapshot length the readers enforce on a record (all records are kept whole, so only for sizing). */
    static int effectiveSnaplen(int snaplen) { return snaplen <= 0 || snaplen > 262144 ? 262144 : snaplen; }

    static int caplen(RecSpec r, int snaplen, Random rnd) {
        int s = effectiveSnaplen(snaplen);
        return switch (r.cap()) {
            case ZERO -> 0;
            case TINY -> Math.min(s, 1 + rnd.nextInt(16));
            case SMALL -> Math.min(s, 17 + rnd.nextInt(184));
            case MEDIUM -> Math.min(s, 201 + rnd.nextInt(1800));
            case SNAPLEN -> Math.min(s, 3000);
            case OVER_SNAPLEN -> s <= 3000 ? s + 1 + rnd.nextInt(100) : 17 + rnd.nextInt(184);
        };
    }

    static int wire(RecSpec r, int caplen, Random rnd) {
        return switch (r.wire()) {
            case SAME -> caplen;
            case MORE -> caplen + 1 + rnd.nextInt(1500);
            case ZERO -> 0;
            case LESS -> caplen / 2;
        };
    }

    /**
     * The capture of {@code spec}, its first record at {@code sec.frac} (pcap fraction units; pcapng
     * takes microseconds), times going forward or staying when {@code monotonic}, then damaged as the
     * spec says.
     */
    static Built build(Spec spec, long sec, long frac, boolean monotonic) {
        Random rnd = new Random(spec.seed());
        ByteOrder order = spec.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        CaptureBytes c = new CaptureBytes(order);
        List<Long> recordAt = new ArrayList<>();
        Set<Long> blocks = new HashSet<>();
        int frames = 0;
        long fracLimit = !spec.pcapng() && spec.nanos() ? 1_000_000_000L : 1_000_000L;
        if (spec.pcapng()) {
            CaptureSplitsTest.shb(c, order);
            for (Iface i : spec.ifaces()) CaptureSplitsTest.idb(c, order, i.linkType(), i.snaplen(), i.tsresol());
            if (rnd.nextBoolean()) CaptureSplitsTest.nrb(c, order);
        } else {
            Iface i = spec.ifaces().get(0);
            int magic = spec.hdr() == 24 ? 0xA1B2CD34 : spec.nanos() ? 0xA1B23C4D : 0xA1B2C3D4;
            c.u32(magic).u16(2).u16(4).u32(0).u32(0).u32(i.snaplen()).u32(i.linkType());
        }
        for (int k = 0; k < spec.records().size(); k++) {
            RecSpec r = spec.records().get(k);
            Random rr = new Random(r.seed());
            // the time
            Step step = monotonic && (r.step() == Step.BACK || r.step() == Step.JUMP || r.step() == Step.BAD_FRACTION) ? Step.FORWARD : r.step();
            long fracField = frac;
            if (k > 0) {
                switch (step) {
                    case SAME -> { }
                    case FORWARD -> { sec += rr.nextInt(3); frac = rr.nextLong(fracLimit); }
                    case BACK -> { sec = Math.max(0, sec - 1 - rr.nextInt(5)); frac = rr.nextLong(fracLimit); }
                    case JUMP -> sec += 100_000 + rr.nextInt(10_000_000);
                    case BAD_FRACTION -> { }
                }
                fracField = frac;
                if (step == Step.BAD_FRACTION && !spec.pcapng()) fracField = fracLimit + rr.nextInt(1 << 30);
            }
            sec = Math.min(sec, 0xFFFF_FFFFL);
            int iface = r.iface() % spec.ifaces().size();
            Iface ifc = spec.ifaces().get(iface);
            int cap = caplen(r, spec.pcapng() && r.kind() == Kind.SPB ? spec.ifaces().get(0).snaplen() : ifc.snaplen(), rr);
            if (k == spec.bigAt()) cap = 3001 + rr.nextInt(67_000);
            int wire = wire(r, cap, rr);
            long at = c.size();
            byte[] data = payload(r.payload(), cap, order, spec, c, recordAt, sec, rr);
            if (!spec.pcapng()) {
                c.u32((int) sec).u32((int) fracField).u32(cap).u32(wire);
                if (spec.hdr() == 24) c.u32(rr.nextInt(4)).u16(0x0800).raw(new byte[] {0, 0});
                c.raw(data);
                frames++;
            } else {
                long units = units(ifc.tsresol(), sec, frac);
                switch (r.kind()) {
                    case EPB -> { CaptureSplitsTest.epb(c, order, iface, units, data, wire, null); frames++; }
                    case EPB_OPTIONS -> {
                        if (rr.nextInt(4) == 0) {
                            // an option that runs past the block: read on, with a warning
                            c.rawBlock(6, CaptureSplitsTest.bytes(CaptureSplitsTest.body(order, 64).putInt(iface).putInt((int) (units >>> 32))
                                    .putInt((int) units).putInt(4).putInt(wire).put(new byte[] {1, 2, 3, 4})
                                    .putShort((short) 1).putShort((short) 0x7FF0).putInt(0)));
                        } else {
                            CaptureSplitsTest.epb(c, order, iface, units, data, wire, ("comment " + k).getBytes(StandardCharsets.US_ASCII));
                        }
                        frames++;
                    }
                    case SPB -> { CaptureSplitsTest.spb(c, order, data, wire); frames++; }
                    case OPB -> { CaptureSplitsTest.opb(c, order, iface, units, data, wire); frames++; }
                    case NRB -> CaptureSplitsTest.nrb(c, order);
                    case ISB -> CaptureSplitsTest.isb(c, order, iface, units);
                    case CUSTOM -> CaptureSplitsTest.custom(c, order, rr.nextBoolean(), cap, r.seed());
                    case DSB -> c.rawBlock(10, CaptureSplitsTest.bytes(CaptureSplitsTest.body(order, 16 + cap).putInt(0x544c534b).putInt(cap).put(data)));
                    case UNKNOWN -> c.rawBlock(0x0000_7777 + rr.nextInt(3), data);
                }
            }
            recordAt.add(at);
            blocks.add(at);
        }
        byte[] bytes = damage(c.bytes(), spec, recordAt);
        return new Built(bytes, blocks, frames, sec, frac);
    }

    /** A pcapng timestamp in the interface's units for {@code sec} and {@code micros}. */
    static long units(int tsresol, long sec, long micros) {
        if (tsresol < 0 || tsresol == 6) return sec * 1_000_000L + micros;
        if (tsresol == 9) return sec * 1_000_000_000L + micros * 1000;
        if (tsresol == 3) return sec * 1000 + micros / 1000;
        int k = tsresol & 0x7F;
        return (sec << k) + (micros << k) / 1_000_000L;
    }

    static byte[] payload(Payload kind, int n, ByteOrder order, Spec spec, CaptureBytes file, List<Long> recordAt, long sec, Random rnd) {
        byte[] b = new byte[n];
        switch (kind) {
            case RANDOM -> rnd.nextBytes(b);
            case ZEROS -> { }
            case COPY_OF_RECORDS -> {
                // the file's own earlier records (headers and all) from one of them on, repeated to fill
                if (recordAt.isEmpty()) {
                    rnd.nextBytes(b);
                } else {
                    byte[] sofar = file.bytes();
                    int from = (int) (long) recordAt.get(rnd.nextInt(recordAt.size()));
                    for (int i = 0; i < n; i++) b[i] = sofar[from + i % (sofar.length - from)];
                }
            }
            case FAKE_CHAIN -> {
                if (spec.pcapng() && n >= 32) {
                    byte[] chain = CaptureSplitsTest.fakeBlockChain(order, sec * 1_000_000L, n & ~3, rnd);
                    System.arraycopy(chain, 0, b, 0, chain.length);
                } else if (!spec.pcapng() && n >= spec.hdr()) {
                    b = CaptureSplitsTest.fakePcapChain(order, spec.hdr(), spec.nanos(), sec, n, rnd);
                } else {
                    rnd.nextBytes(b);
                }
            }
            case FAKE_EMPTY_HEADERS -> {
                byte[] h = CaptureSplitsTest.fakeEmptyHeaders(order, sec, n / 16 + 1);
                System.arraycopy(h, 0, b, 0, n);
            }
        }
        return b;
    }

    /** Cut short at a random offset, or random bytes put in somewhere. */
    static byte[] damage(byte[] file, Spec spec, List<Long> recordAt) {
        Random rnd = new Random(spec.damageSeed());
        int head = spec.pcapng() ? 0 : 24;
        return switch (spec.damage()) {
            case NONE -> file;
            case CUT -> Arrays.copyOf(file, head + rnd.nextInt(Math.max(1, file.length - head)));
            case GARBAGE -> {
                byte[] g = new byte[1 + rnd.nextInt(80)];
                rnd.nextBytes(g);
                int at = recordAt.isEmpty() || rnd.nextBoolean() ? head + rnd.nextInt(Math.max(1, file.length - head))
                        : (int) (long) recordAt.get(rnd.nextInt(recordAt.size()));
                yield CaptureSplitsTest.insert(file, Math.min(at, file.length), g);
            }
        };
    }
}
