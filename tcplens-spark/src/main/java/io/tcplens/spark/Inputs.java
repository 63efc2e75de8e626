package io.tcplens.spark;

import io.tcplens.capture.CaptureInputs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The capture files named (files, directories, globs), expanded as {@code tcplens -r} expands them,
 * each made absolute against the driver's working directory: the executors that read them run
 * elsewhere (a standalone worker runs its executors in its own work directory), so a relative name
 * would be looked up there.
 */
final class Inputs {
    private Inputs() { }

    /** Thrown when nothing names a readable capture; the message is for the user. */
    static final class NothingToRead extends RuntimeException {
        NothingToRead(String message) { super(message); }
    }

    static List<String> expand(List<String> specs) {
        List<String> files;
        try {
            files = CaptureInputs.expand(specs);
        } catch (CaptureInputs.NothingToRead e) {
            throw new NothingToRead(e.getMessage());
        }
        List<String> out = new ArrayList<>(files.size());
        for (String f : files) {
            if (f.equals("-")) throw new NothingToRead("-: a Spark job cannot read standard input (name the capture files)");
            out.add(Path.of(f).toAbsolutePath().toString());
        }
        return out;
    }
}
