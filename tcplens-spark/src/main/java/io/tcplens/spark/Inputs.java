package io.tcplens.spark;

import io.tcplens.capture.CaptureInputs;

import java.util.List;

/** The capture files named (files, directories, globs), expanded as {@code tcplens -r} expands them. */
final class Inputs {
    private Inputs() { }

    /** Thrown when nothing names a readable capture; the message is for the user. */
    static final class NothingToRead extends RuntimeException {
        NothingToRead(String message) { super(message); }
    }

    static List<String> expand(List<String> specs) {
        try {
            return CaptureInputs.expand(specs);
        } catch (CaptureInputs.NothingToRead e) {
            throw new NothingToRead(e.getMessage());
        }
    }
}
