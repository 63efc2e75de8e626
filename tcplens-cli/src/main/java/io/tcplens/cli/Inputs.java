package io.tcplens.cli;

import io.tcplens.capture.CaptureException;
import io.tcplens.capture.CaptureInputs;
import io.tcplens.capture.CaptureReader;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * The captures a reading command reads ({@code -r}, repeatable; globs and directories) and
 * {@code --strict}, as a picocli mixin so every command spells them the same. Several files are read
 * as one capture merged by time ({@link io.tcplens.capture.MergingCaptureReader}).
 *
 * <p>Exit codes this adds: 1 when nothing could be opened (a glob that matches nothing, an empty
 * directory, a missing file) or, with {@code --strict}, when any file is broken. Without
 * {@code --strict} a broken file among several is one warning line and the run goes on (exit 0).
 */
final class Inputs {
    @Option(names = "-r", paramLabel = "FILE", required = true,
            description = {"Capture to read (pcap, pcapng, gzip-compressed either way; - for standard input).",
                    "Repeat it, give a directory or a quoted glob ('cap*.pcap', sorted as ls -v) to read several "
                            + "files as one capture merged by time, as mergecap merges them."})
    List<String> files;

    @Option(names = "--strict", description = "With several files: a broken file is an error (exit 1) instead of a warning.")
    boolean strict;

    /** The files, expanded; null after printing why there is nothing to read. */
    List<String> expand(PrintStream err) {
        try {
            return CaptureInputs.expand(files);
        } catch (CaptureInputs.NothingToRead e) {
            err.println("tcplens: " + e.getMessage());
            return null;
        }
    }

    /** Opens the expanded files as one capture; broken files among several are warned about on {@code err}. */
    CaptureReader open(List<String> expanded, InputStream stdin, PrintStream err) throws CaptureException {
        return CaptureInputs.open(expanded, strict, m -> err.println("tcplens: warning: " + m), stdin);
    }

    /** A single file (tests and callers that name one capture). */
    static Inputs of(String... files) {
        Inputs in = new Inputs();
        in.files = List.of(files);
        return in;
    }
}
