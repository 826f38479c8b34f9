package org.conv4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code --verbose} report of a 2-d convolution command: its plan, then how long reading the
 * inputs, computing and writing the output took.
 */
final class VerboseReport {
    private VerboseReport() {
    }

    /**
     * Prints {@code plan} and the three phases between the {@link System#nanoTime} readings
     * {@code t0} (before reading) to {@code t3} (after writing) to the command's error stream.
     */
    static void print(CommandSpec spec, String plan, double flops, String operation, long t0, long t1, long t2,
            long t3) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(plan);
        err.printf("read %.1f ms, %s %.1f ms (%.3g GFLOP/s), write %.1f ms%n",
                ms(t1 - t0), operation, ms(t2 - t1), flops / (t2 - t1), ms(t3 - t2));
        err.flush();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
