package io.tcplens.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The tcplens command line: one subcommand per job. */
@Command(name = "tcplens",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        footer = {"", "A long read shows its progress on stderr when that is a terminal; --no-progress, with any command, turns it off.",
                "Exit codes: 0 done, 1 input or output problem, 2 wrong command line, 70 internal error (README)."},
        description = "See what TCP connections really do: tcpdump-identical printing, "
                + "Wireshark-grade analysis and both endpoints' TCP states.",
        subcommands = {DumpCommand.class, ConnsCommand.class, AnalyzeCommand.class, ExplainCommand.class, LadderCommand.class, ReportCommand.class, HttpCommand.class, FollowCommand.class, SqlCommand.class,
                CaptureCommand.class, LabCommand.class, CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (used by tests, which must not exit the JVM). */
    public static int run(String... args) {
        args = withoutNoProgress(args);
        CommandLine cl = args.length > 0 ? only(args[0]) : null;
        if (cl == null) cl = new CommandLine(new Main());
        // Every command answers --help and --version, whoever wrote it.
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().mixinStandardHelpOptions(true);
            if (sub.getCommandSpec().versionProvider() == null) sub.getCommandSpec().versionProvider(new Version());
        }
        cl.setExecutionExceptionHandler(ERRORS);
        cl.setParameterExceptionHandler(USAGE);
        return cl.execute(args);
    }

    /** The subcommands, in the help's order. */
    static final java.util.List<String> COMMANDS = java.util.List.of("dump", "conns", "analyze", "explain", "ladder", "report",
            "http", "follow", "capture", "lab", "help");

    /**
     * A mistake on the command line (unknown option, bad value, missing -r): the mistake in one line
     * and the command's usage line, on stderr, exit 2 (as a shell tool does; the whole help is one
     * {@code --help} away and would push the mistake off the screen).
     */
    static final CommandLine.IParameterExceptionHandler USAGE = (ex, args) -> {
        CommandLine cmd = ex.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        String msg = ex.getMessage();
        if (cmd.getCommandSpec().userObject() instanceof Main && ex instanceof CommandLine.UnmatchedArgumentException u
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
            msg = "unknown command '" + u.getUnmatched().getFirst() + "'";
        }
        // a converter that words its complaint as tcpdump does says it alone ("invalid packet count 0")
        if (ex.getCause() instanceof PacketCount.Complaint c) msg = c.getMessage();
        err.println("tcplens: " + lowerFirst(msg));
        err.print("Usage: " + cmd.getHelp().synopsis(0));
        if (cmd.getCommandSpec().userObject() instanceof Main) err.println("Commands: " + String.join(", ", COMMANDS));
        err.flush();
        return 2;
    };

    private static String lowerFirst(String s) {
        if (s == null || s.isEmpty()) return "invalid arguments";
        // picocli capitalises its sentences ("Unknown option: '-Z'"); tcpdump's are lower case
        return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))
                ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
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
     * {@code --no-progress} is taken by every command (it turns off {@link Progress}'s line), so it
     * is taken here, before picocli sees the command's own options; after a {@code --} it is an argument.
     */
    static String[] withoutNoProgress(String[] args) {
        java.util.List<String> kept = new java.util.ArrayList<>(args.length);
        boolean literal = false;
        for (String a : args) {
            if (!literal && a.equals("--no-progress")) {
                Progress.disabled = true;
                continue;
            }
            if (a.equals("--")) literal = true;
            kept.add(a);
        }
        return kept.size() == args.length ? args : kept.toArray(String[]::new);
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
            case "sql" -> new SqlCommand();
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

    /** {@code tcplens} alone: the usage, on stderr, and exit 2, as for any other incomplete command line. */
    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return 2;
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
