package io.tcplens.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The tcplens command line: one subcommand per job. */
@Command(name = "tcplens",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "See what TCP connections really do: tcpdump-identical printing, "
                + "Wireshark-grade analysis and both endpoints' TCP states.",
        subcommands = {DumpCommand.class, ConnsCommand.class, AnalyzeCommand.class, ExplainCommand.class, LadderCommand.class, ReportCommand.class, HttpCommand.class, FollowCommand.class,
                CaptureCommand.class, LabCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (used by tests, which must not exit the JVM). */
    public static int run(String... args) {
        CommandLine cl = args.length > 0 ? only(args[0]) : null;
        if (cl == null) cl = new CommandLine(new Main());
        // Every command answers --help and --version, whoever wrote it.
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().mixinStandardHelpOptions(true);
            if (sub.getCommandSpec().versionProvider() == null) sub.getCommandSpec().versionProvider(new Version());
        }
        cl.setExecutionExceptionHandler(ERRORS);
        return cl.execute(args);
    }

    /**
     * What a command that throws exits with (see README, "Exit codes"): a file that cannot be
     * written is the user's problem, told in one line as tcpdump tells it ({@code tcplens: FILE:
     * No such file or directory}, exit 1); only anything else is a bug (exit 70).
     */
    static final CommandLine.IExecutionExceptionHandler ERRORS = (ex, cmd, parsed) -> {
        // The reader went away (`tcplens conns ... | head`): stop quietly, as if by SIGPIPE.
        if (closedPipe(ex)) return 141;
        String file = fileProblem(ex);
        if (file != null) {
            cmd.getErr().println("tcplens: " + file);
            return 1;
        }
        // A bug must still read as one line for the user, not as a stack trace.
        cmd.getErr().println("tcplens: internal error: " + ex);
        if (System.getenv("TCPLENS_DEBUG") != null) ex.printStackTrace(cmd.getErr());
        return 70;
    };

    /** "FILE: reason" when {@code t} (or what it wraps) is a file that could not be opened or written, else null. */
    static String fileProblem(Throwable t) {
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            if (t instanceof OutputFile.Problem p) return p.getMessage();
            if (t instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
                return f.getFile() + ": " + OutputFile.reason(f);
            }
        }
        return null;
    }

    /**
     * The root with just the named subcommand, or null for any other word. Why: picocli inspects
     * every subcommand's annotations when the root is built, which is most of the start-up time
     * of a short command; the subcommand behaves exactly the same under this lighter root.
     */
    private static CommandLine only(String name) {
        Object sub = switch (name) {
            case "dump" -> new DumpCommand();
            case "conns" -> new ConnsCommand();
            case "analyze" -> new AnalyzeCommand();
            case "explain" -> new ExplainCommand();
            case "ladder" -> new LadderCommand();
            case "report" -> new ReportCommand();
            case "http" -> new HttpCommand();
            case "follow" -> new FollowCommand();
            case "capture" -> new CaptureCommand();
            case "lab" -> new LabCommand();
            default -> null;
        };
        if (sub == null) return null;
        CommandLine.Model.CommandSpec root = CommandLine.Model.CommandSpec.wrapWithoutInspection(new Main());
        root.name("tcplens");
        root.mixinStandardHelpOptions(true);
        root.versionProvider(new Version());
        CommandLine cl = new CommandLine(root);
        cl.addSubcommand(name, new CommandLine(sub));
        return cl;
    }

    private static boolean closedPipe(Throwable t) {
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            if (t instanceof java.io.IOException && t.getMessage() != null && t.getMessage().contains("Broken pipe")) return true;
        }
        return false;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tcplens " + (v == null ? "dev" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
