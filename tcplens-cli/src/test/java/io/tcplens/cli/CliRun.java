package io.tcplens.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs an analysing command in-process with captured streams (for tests). */
public final class CliRun {
    private CliRun() {}

    /** Exit code and what the command printed. */
    public record Result(int exitCode, String out, String err) {}

    public static Result run(String command, List<String> args) {
        IoCommand cmd = switch (command) {
            case "conns" -> new ConnsCommand();
            case "explain" -> new ExplainCommand();
            case "ladder" -> new LadderCommand();
            case "http" -> new HttpCommand();
            case "follow" -> new FollowCommand();
            case "report" -> new ReportCommand();
            default -> throw new IllegalArgumentException("no in-process command " + command);
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = IoCommand.execute(cmd, args, out, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
