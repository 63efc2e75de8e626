package io.tcplens.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The bytes of frames, read where they are analysed: a frame is copied from its
 * {@code data_offset} in its file into one reused buffer. So the job's shuffle moves a few numbers
 * per frame instead of the frame, and the bytes come from the page cache (or the shared file
 * system) that the first pass read. Not for gzip files, whose frames travel with their bytes.
 *
 * <p>A partition reads its frames in capture order, so within a file at ever larger offsets: each
 * file is mapped a window at a time ({@link #WINDOW} bytes), a window is unmapped when a frame lies
 * past it, and at most {@link #MAPPED} windows are mapped at once (the least recently used goes
 * first: a ring's earlier files are done), so what a task holds mapped, which counts in its
 * resident memory, stays a few windows, not the files.
 */
final class FrameBytes implements AutoCloseable {
    /**
     * 128 MB windows, 2 at once (-Dtcplens.spark.window, -Dtcplens.spark.mapped): on 5 GB of a
     * ring on local[1], 32 MB windows took 55 s, 256 MB 49 s; each window is mapped again by
     * every partition that reads it, and the kernel's cost is per mapping and fault.
     */
    static final long WINDOW = Long.getLong("tcplens.spark.window", 128L << 20);
    static final int MAPPED = Integer.getInteger("tcplens.spark.mapped", 2);

    private final List<String> files;
    private final Window[] windows;
    private byte[] buffer = new byte[65_536];

    private static final class Window {
        final FileChannel channel;
        final long size;
        Arena arena;
        MemorySegment mapped;
        long start = -1, end = -1, used;

        Window(FileChannel channel, long size) {
            this.channel = channel;
            this.size = size;
        }

        void unmap() {
            if (arena != null) arena.close();
            arena = null;
            mapped = null;
            start = end = -1;
        }
    }

    FrameBytes(List<String> files) {
        this.files = files;
        this.windows = new Window[files.size()];
    }

    /** The {@code length} bytes at {@code offset} of file {@code fileIndex}, valid until the next call. */
    byte[] read(int fileIndex, long offset, int length) {
        Window w = windows[fileIndex];
        if (w == null) w = windows[fileIndex] = open(files.get(fileIndex));
        if (offset < 0 || offset + length > w.size) {
            // The first pass read this frame here: the file changed under the job.
            throw new IllegalStateException(files.get(fileIndex) + ": frame at byte " + offset + " is past the file's end ("
                    + w.size + " bytes); did the file change while the job ran?");
        }
        w.used = ++reads;
        if (offset < w.start || offset + length > w.end) {
            w.unmap();
            unmapLeastRecentlyUsedBeyond(MAPPED - 1);
            long start = offset & ~0xFFFFL;   // 64 KiB aligned, for the page size of any platform
            long end = Math.min(w.size, Math.max(start + WINDOW, offset + length));
            w.arena = Arena.ofConfined();
            try {
                w.mapped = w.channel.map(FileChannel.MapMode.READ_ONLY, start, end - start, w.arena);
            } catch (IOException e) {
                w.unmap();
                throw new UncheckedIOException(files.get(fileIndex) + ": cannot read it again for its frames' bytes", e);
            }
            w.start = start;
            w.end = end;
        }
        if (length > buffer.length) buffer = new byte[Math.max(length, buffer.length * 2)];
        MemorySegment.copy(w.mapped, ValueLayout.JAVA_BYTE, offset - w.start, buffer, 0, length);
        return buffer;
    }

    private long reads;

    private void unmapLeastRecentlyUsedBeyond(int keep) {
        while (true) {
            int n = 0;
            Window oldest = null;
            for (Window w : windows) {
                if (w == null || w.mapped == null) continue;
                n++;
                if (oldest == null || w.used < oldest.used) oldest = w;
            }
            if (n <= keep) return;
            oldest.unmap();
        }
    }

    private static Window open(String file) {
        try {
            FileChannel ch = FileChannel.open(Path.of(file), StandardOpenOption.READ);
            return new Window(ch, ch.size());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read it again for its frames' bytes", e);
        }
    }

    @Override
    public void close() {
        for (Window w : windows) {
            if (w == null) continue;
            w.unmap();
            try {
                w.channel.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost
            }
        }
    }
}
