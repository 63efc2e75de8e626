import java.io.PrintStream;
import java.util.Arrays;

/**
 * Runs one tcplens command several times in one JVM and prints each pass's wall time on stderr:
 * the later passes show what the command costs once the JVM has started and the JIT has compiled
 * it (its steady state), which no start-up or compiler setting can go below. For scripts/bench.sh;
 * the command's own output goes to standard output (send it to /dev/null).
 *
 * Build and run: javac -cp tcplens.jar -d DIR WarmPasses.java &&
 *                java --enable-native-access=ALL-UNNAMED -cp tcplens.jar:DIR WarmPasses N conns -r FILE ...
 */
public final class WarmPasses {
    public static void main(String[] args) {
        int passes = Integer.parseInt(args[0]);
        String[] command = Arrays.copyOfRange(args, 1, args.length);
        PrintStream err = System.err;
        for (int i = 1; i <= passes; i++) {
            long start = System.nanoTime();
            int rc = io.tcplens.cli.Main.run(command);
            double seconds = (System.nanoTime() - start) / 1e9;
            err.printf("pass %d: %.3f s%n", i, seconds);
            if (rc != 0) System.exit(rc);
        }
    }
}
