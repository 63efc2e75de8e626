package io.tcplens.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * A command whose output streams can be replaced, so tests run it in-process. The CLI uses the
 * process's own stdout and stderr.
 */
abstract class IoCommand {
    protected OutputStream stdout = new FileOutputStream(FileDescriptor.out);
    protected PrintStream stderr = System.err;

    /** Parses {@code args} into {@code cmd} and runs it with the given streams; returns the exit code. */
    static int execute(IoCommand cmd, List<String> args, OutputStream out, PrintStream err) {
        cmd.stdout = out;
        cmd.stderr = err;
        picocli.CommandLine cl = new picocli.CommandLine(cmd);
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler(Main.ERRORS);   // what the CLI does with an exception, in tests too
        cl.setParameterExceptionHandler(Main.USAGE);     // and with a mistake on the command line
        return cl.execute(args.toArray(String[]::new));
    }
}
