package io.tcplens.capture;

import io.tcplens.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pcapng damage read as libpcap (so tcpdump 4.99) reads it (issue 17, item 6), in both directions:
 * libpcap never checks the first section header's trailing length nor parses section header or
 * packet options, so those are read on, with a warning; it does check every later block's
 * trailing length and the interface options, so those stop the read. (Checked against
 * tcpdump 4.99.3 on these files below; libpcap's sf-pcapng.c: pcap_ng_check_header reads the first
 * SHB itself, read_block compares the lengths, process_idb_options fails on a cut option.)
 * Before: the first SHB's mismatch stopped the read, an absurd IDB option length was read silently.
 */
class PcapngLeniencyTest {
    /** A SYN on Ethernet (one line for tcpdump): the first frame of a generated capture. */
    static final byte[] PACKET = java.util.Arrays.copyOfRange(new io.tcplens.testing.GeneratedCapture().open().bytes(), 40, 40 + 54);

    /** An option with a length that runs past its block. */
    static void absurdOption(ByteBuffer b, int code) {
        b.putShort((short) code).putShort((short) 0xFFF0).put("eth0".getBytes());
        b.putShort((short) 0).putShort((short) 0);
    }

    static CaptureBytes shb(CaptureBytes c, int delta, boolean badOption) {
        return c.block(0x0A0D0D0A, b -> {
            b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
            if (badOption) absurdOption(b, 4);
        }, delta);
    }

    static CaptureBytes idb(CaptureBytes c, int delta, boolean badOption) {
        return c.block(1, b -> {
            b.putShort((short) 1).putShort((short) 0).putInt(262144);
            if (badOption) absurdOption(b, 2);
        }, delta);
    }

    static CaptureBytes epb(CaptureBytes c, int i, int delta, boolean badOption) {
        return c.block(6, b -> {
            b.putInt(0).putInt(0).putInt(1000 + i).putInt(PACKET.length).putInt(PACKET.length);
            b.put(PACKET).put(new byte[(4 - PACKET.length % 4) % 4]);
            if (badOption) absurdOption(b, 1);
        }, delta);
    }

    /** The variants, each with what tcpdump 4.99.3 does with it: packets printed, and whether it ends in an error. */
    record Variant(byte[] bytes, int tcpdumpPackets, boolean tcpdumpError) {}

    static Map<String, Variant> variants() {
        Map<String, Variant> m = new LinkedHashMap<>();
        m.put("intact", new Variant(file(0, false, 0, false, -1, false, false), 5, false));
        m.put("first SHB trailing length +4", new Variant(file(4, false, 0, false, -1, false, false), 5, false));
        m.put("first SHB trailing length -4", new Variant(file(-4, false, 0, false, -1, false, false), 5, false));
        m.put("SHB option too long", new Variant(file(0, true, 0, false, -1, false, false), 5, false));
        m.put("EPB option too long", new Variant(file(0, false, 0, false, 1, true, false), 5, false));
        m.put("IDB trailing length +4", new Variant(file(0, false, 4, false, -1, false, false), 0, true));
        m.put("IDB option too long", new Variant(file(0, false, 0, true, -1, false, false), 0, true));
        m.put("EPB trailing length +4", new Variant(file(0, false, 0, false, 1, false, true), 1, true));
        m.put("second SHB trailing length +4", new Variant(secondSection(), 5, true));
        return m;
    }

    static byte[] file(int shbDelta, boolean shbOption, int idbDelta, boolean idbOption, int damagedEpb, boolean epbOption,
                       boolean epbTrailer) {
        CaptureBytes c = new CaptureBytes(ByteOrder.LITTLE_ENDIAN);
        shb(c, shbDelta, shbOption);
        idb(c, idbDelta, idbOption);
        for (int i = 0; i < 5; i++) epb(c, i, i == damagedEpb && epbTrailer ? 4 : 0, i == damagedEpb && epbOption);
        return c.bytes();
    }

    static byte[] secondSection() {
        CaptureBytes c = new CaptureBytes(ByteOrder.LITTLE_ENDIAN);
        shb(c, 0, false);
        idb(c, 0, false);
        for (int i = 0; i < 5; i++) epb(c, i, 0, false);
        shb(c, 4, false);
        idb(c, 0, false);
        for (int i = 0; i < 5; i++) epb(c, i, 0, false);
        return c.bytes();
    }

    record Read(int frames, CaptureException error, List<String> warnings) {}

    static Read read(byte[] file) {
        int n = 0;
        CaptureReader r = null;
        try {
            r = CaptureReader.open("t.pcapng", new ByteArrayInputStream(file));
            Frame f = new Frame();
            while (r.next(f)) n++;
            return new Read(n, null, r.warnings());
        } catch (CaptureException e) {
            return new Read(n, e, r == null ? List.of() : r.warnings());
        } finally {
            if (r != null) r.close();
        }
    }

    @Test
    void readsWhatTcpdumpReadsAndStopsWhereItStops() {
        for (var e : variants().entrySet()) {
            Read r = read(e.getValue().bytes());
            assertThat(r.frames).as(e.getKey()).isEqualTo(e.getValue().tcpdumpPackets());
            assertThat(r.error != null).as(e.getKey() + ": " + r.error).isEqualTo(e.getValue().tcpdumpError());
        }
    }

    @Test
    void whereItReadsOnItSaysSo() {
        Map<String, Variant> v = variants();
        assertThat(read(v.get("intact").bytes()).warnings).isEmpty();
        assertThat(read(v.get("first SHB trailing length +4").bytes()).warnings).singleElement().asString()
                .contains("section header block at byte offset 0 has length 28 but trailing length 32");
        assertThat(read(v.get("SHB option too long").bytes()).warnings).singleElement().asString()
                .contains("section header block at byte offset 0 has option 4 claiming 65520 bytes");
        assertThat(read(v.get("EPB option too long").bytes()).warnings).singleElement().asString()
                .contains("enhanced packet block at byte offset").contains("has option 1 claiming 65520 bytes");
        assertThat(read(v.get("IDB option too long").bytes()).error.getMessage())
                .contains("interface description block option 2 claims 65520 bytes").contains("the file is damaged");
    }

    /** With the real tcpdump: the same packets on the same files, and an error where it errs. */
    @Test
    void agreesWithTcpdump(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestPaths.onPath("tcpdump"), "tcpdump not installed");
        for (var e : variants().entrySet()) {
            Path f = dir.resolve("v.pcapng");
            Files.write(f, e.getValue().bytes());
            TestPaths.Run run = TestPaths.run(List.of("tcpdump", "-n", "-r", f.toString()), Map.of(), 30);
            long printed = run.out().lines().count();
            boolean failed = run.exitCode() != 0 || run.stderr().contains("tcpdump: ");
            Read r = read(e.getValue().bytes());
            assertThat(r.frames).as(e.getKey()).isEqualTo((int) printed);
            assertThat(r.error != null).as(e.getKey() + ": " + run.stderr()).isEqualTo(failed);
        }
    }
}
