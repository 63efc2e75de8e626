package io.tcplens.capture;

import java.io.Serializable;

/**
 * Where a file stopped being readable (damage, truncation, not a capture): what the single-machine
 * reader throws there. The frames before it are in the plan; nothing after it is.
 *
 * @param offset  byte offset of the problem, -1 if unknown
 * @param message {@link CaptureException#getMessage()}: file, problem and offset, for a person
 */
public record FileProblem(String file, long offset, String message) implements Serializable {
}
