package io.tcplens.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file an offline command writes (report {@code -o}, ladder {@code --svg}), written whole or
 * not at all. It is opened before the capture is read, so a file that cannot be written is told at
 * once, not after a minute of reading; the bytes go to a hidden temporary file in the same
 * directory, which {@link #commit} renames over the target. A run that fails (the capture cannot
 * be opened, the command finds nothing to draw) or is interrupted leaves an existing file as it was.
 */
final class OutputFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private boolean done;

    private OutputFile(Path target, Path temp, OutputStream out) {
        this.target = target;
        this.temp = temp;
        this.out = out;
    }

    /** Opens the temporary file beside {@code target}; a failure is a {@link Problem} naming the target. */
    static OutputFile open(Path target) throws Problem {
        if (Files.isDirectory(target)) throw new Problem(target + ": Is a directory");
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        // Hidden, unique, and created with the process's umask (Files.createTempFile would make it 0600).
        Path temp = dir.resolve("." + abs.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL) + ".tmp");
        try {
            OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            temp.toFile().deleteOnExit();   // also on Ctrl-C (a shutdown hook); nothing to do after the rename
            return new OutputFile(target, temp, out);
        } catch (IOException e) {
            throw new Problem(target + ": " + reason(e));
        }
    }

    /** Where to write; buffer it, it is the file's own stream. */
    OutputStream stream() { return out; }

    /** Closes the temporary file and renames it over the target (keeping an existing target's permissions). */
    void commit() throws Problem {
        try {
            out.close();
            try {
                if (Files.exists(target)) Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
            } catch (UnsupportedOperationException | IOException ignored) {
                // not POSIX, or not ours to read: the new file keeps the umask's permissions
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (IOException e) {
            throw new Problem(target + ": " + reason(e));
        }
    }

    /** Without a commit: removes the temporary file, leaving the target untouched. */
    @Override
    public void close() {
        if (done) return;
        done = true;
        try {
            out.close();
        } catch (IOException ignored) {
            // it is deleted anyway
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // deleteOnExit tries again
        }
    }

    /**
     * The reason in the words of strerror(3), as tcpdump prints it ({@code tcpdump: /x/y: No such file
     * or directory}), rather than the Java exception's name.
     */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (e instanceof NotDirectoryException) return "Not a directory";
        if (e instanceof DirectoryNotEmptyException) return "Is a directory";
        if (e instanceof FileAlreadyExistsException) return "File exists";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Why the file cannot be written, as the one line to print after {@code tcplens: }. */
    static final class Problem extends IOException {
        Problem(String message) { super(message); }
    }
}
