package org.conv4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.conv4j.Signal2d.Boundary;
import org.conv4j.Signal2d.Mode;
import org.conv4j.Tensor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options and the run of {@code conv4j convolve2d} and {@code conv4j correlate2d}, which
 * differ only in the operation: SciPy's arguments as flags, with SciPy's defaults.
 *
 * <p>The output file appears complete or not at all: both inputs are read in full and the
 * operation is validated and computed before anything is written, atomically. So
 * {@code --output} may name one of the inputs.
 */
final class Signal2dOptions {
    /** {@code Signal2d.convolve2d} or {@code Signal2d.correlate2d}. */
    @FunctionalInterface
    interface Operation {
        Tensor apply(Tensor in1, Tensor in2, Mode mode, Boundary boundary, double fillvalue);
    }

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "A.npy",
            description = "First input (SciPy's in1), a 2-D float32 or float64 array: usually the image.")
    Path input;

    @Option(names = {"-k", "--kernel"}, required = true, paramLabel = "K.npy",
            description = "Second input (SciPy's in2), 2-D, the same dtype: usually the kernel.")
    Path kernel;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy",
            description = "Result, in the inputs' dtype; replaced if it exists.")
    Path output;

    @Option(names = "--mode", paramLabel = "full|same|valid", defaultValue = "full",
            converter = Signal2dConverters.ModeConverter.class,
            description = "Output size: full (H1+H2-1 x W1+W2-1), same (the input's), or valid "
                    + "(H1-H2+1 x W1-W2+1; the inputs swap if the kernel is the larger). Default: ${DEFAULT-VALUE}.")
    Mode mode;

    @Option(names = "--boundary", paramLabel = "fill|wrap|symm", defaultValue = "fill",
            converter = Signal2dConverters.BoundaryConverter.class,
            description = "Values past the input's edges: fill (--fillvalue), wrap (circular) or symm "
                    + "(mirrored, edge repeated). Default: ${DEFAULT-VALUE}.")
    Boundary boundary;

    // No defaultValue: picocli would apply it over what the preprocessor set.
    @Option(names = "--fillvalue", paramLabel = "V",
            converter = Signal2dConverters.FillValueConverter.class,
            preprocessor = Signal2dConverters.FillValuePreprocessor.class,
            description = "The value past the edges for --boundary fill. Default: 0.")
    double fillvalue = 0;

    /**
     * Reads the inputs, computes, writes the output; with {@code verbose}, says what it did and
     * how long each step took on stderr.
     */
    int run(String name, Operation operation, boolean verbose, CommandSpec spec) throws IOException {
        // Fails before the (possibly long) computation if the result could not be written anyway.
        OutputLocation.check("--output", output);

        long t0 = System.nanoTime();
        Tensor in1 = NpyFiles.read("--input", input);
        Tensor in2 = NpyFiles.read("--kernel", kernel);
        long t1 = System.nanoTime();
        // Validates everything (SciPy's checks and messages) before computing anything.
        Tensor y = operation.apply(in1, in2, mode, boundary, fillvalue);
        long t2 = System.nanoTime();
        NpyFiles.write("--output", output, y);
        long t3 = System.nanoTime();

        if (verbose) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("%s %s %s and %s, mode %s, boundary %s%s -> %s%n", name,
                    in1.dtype().name().toLowerCase(Locale.ROOT), Arrays.toString(in1.shape()), Arrays.toString(in2.shape()),
                    mode.scipyName(), boundary.scipyName(), boundary == Boundary.FILL ? ", fillvalue " + fillvalue : "",
                    Arrays.toString(y.shape()));
            err.printf("read %.1f ms, %s %.1f ms, write %.1f ms%n", (t1 - t0) / 1e6, name, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
            err.flush();
        }
        return 0;
    }
}
