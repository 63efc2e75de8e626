package io.tcplens.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a capture file record by record: classic pcap (micro- or nanosecond, either byte
 * order), pcapng, and either of them gzip-compressed. "-" reads standard input.
 *
 * <p>{@link #next(Frame)} fills the caller's frame with a view into an internal buffer; the
 * view is valid until the next call. Problems in the file surface as a {@link CaptureException}
 * naming the byte offset; every frame before the problem has been delivered.
 */
public interface CaptureReader extends Closeable {

    /** Reads the next frame into {@code frame}; false at the clean end of the capture. */
    boolean next(Frame frame) throws CaptureException;

    /** Link type of the capture (pcap header, or the first pcapng interface). -1 if not yet known. */
    int linkType();

    /** Snapshot length of the capture (pcap header, or the first pcapng interface). */
    int snaplen();

    /** True when timestamps carry nanoseconds (pcap nanosecond magic, or pcapng if_tsresol finer than µs). */
    boolean nanosecondResolution();

    /**
     * Byte order the file was written in (pcap header, or the current pcapng section). libpcap
     * reads LINKTYPE_NULL's host-order address family in this order, and so do filters.
     */
    java.nio.ByteOrder byteOrder();

    /**
     * Keeps every byte of a record that claims more than the file's snapshot length. libpcap (and so
     * tcpdump) cuts such a record to the snapshot length; Wireshark reads all of it. The commands
     * that compute what Wireshark computes ask for this; {@code dump} does not.
     */
    default void keepWholeRecords() {}

    /**
     * What the reader met and read past (a pcapng block libpcap is lenient about, which other
     * tools call damaged), each said once; for the commands to print at the end of a run.
     */
    default java.util.List<String> warnings() { return java.util.List.of(); }

    /** "pcap" or "pcapng", with " (gzip)" when compressed. */
    String format();

    /** The name used in messages: the path, or "-" for standard input. */
    String name();

    @Override
    void close();

    static CaptureReader open(String path) throws CaptureException {
        if (path.equals("-")) return open("-", System.in);
        try {
            FileChannel ch = FileChannel.open(Path.of(path), StandardOpenOption.READ);
            return openChannel(path, ch, false);
        } catch (NoSuchFileException e) {
            throw new CaptureException(path, -1, "No such file or directory");
        } catch (AccessDeniedException e) {
            throw new CaptureException(path, -1, "Permission denied");
        } catch (IOException e) {
            throw new CaptureException(path, -1, "cannot open: " + e.getMessage());
        }
    }

    static CaptureReader open(String name, InputStream in) throws CaptureException {
        return openChannel(name, Channels.newChannel(in), false);
    }

    private static CaptureReader openChannel(String name, ReadableByteChannel ch, boolean gunzipped)
            throws CaptureException {
        ByteSource src = new ByteSource(ch, 1 << 20);
        try {
            int n = src.ensure(4);
            byte[] b = src.array();
            int p = src.pos();
            if (n >= 2 && (b[p] & 0xFF) == 0x1F && (b[p + 1] & 0xFF) == 0x8B && !gunzipped) {
                // gzip: hand the already-read bytes back in front of the rest of the stream.
                byte[] head = java.util.Arrays.copyOfRange(b, p, p + n);
                InputStream rest = Channels.newInputStream(ch);
                PushbackInputStream pb = new PushbackInputStream(rest, head.length);
                pb.unread(head);
                return openChannel(name, new GzipChannel(pb), true);
            }
            if (n < 4) {
                src.close();
                throw new CaptureException(name, 0, n == 0 ? "empty file, not a capture" : "file too short to be a capture");
            }
            long magic = Bytes.u32(b, p);
            if (magic == 0x0A0D0D0AL) return new PcapngReader(name, src, gunzipped);
            if (PcapReader.isMagic(magic)) return new PcapReader(name, src, gunzipped);
            src.close();
            throw new CaptureException(name, 0, String.format(
                    "unknown file format (magic 0x%08x is neither pcap nor pcapng)", magic));
        } catch (IOException e) {
            try { src.close(); } catch (IOException ignored) { }
            throw new CaptureException(name, 0, "read error: " + describe(e));
        }
    }

    /** A short description of an I/O problem for a person (gzip errors have terse messages). */
    static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof GzipChannel.DamagedGzipException) return m;
        if (e instanceof java.util.zip.ZipException) return "corrupt gzip data" + (m == null ? "" : " (" + m + ")");
        if (e instanceof java.io.EOFException) return "unexpected end of compressed data";
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
