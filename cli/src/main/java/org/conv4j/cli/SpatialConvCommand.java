package org.conv4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.conv4j.Algorithm;
import org.conv4j.Conv2dOptions;
import org.conv4j.ConvPlan;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What {@code conv1d}, {@code conv3d} and {@code convolution} share: the files, threads and
 * algorithm options, and the run, as {@link Conv2dCommand} does it: the output location is
 * checked first, both inputs are read in full, the operation is validated and computed (one
 * plan, which {@code --verbose} describes), and the result is written atomically. Each command
 * declares the options whose form depends on the number of spatial dimensions.
 */
abstract class SpatialConvCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy", order = 0,
            description = "Input, in the layout of --data-format; extra leading batch dimensions are allowed.")
    Path input;

    @Option(names = {"-f", "--filter"}, required = true, paramLabel = "F.npy", order = 1,
            description = "Filter: spatial sizes, then [C/groups, OC]; the input's dtype.")
    Path filter;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy", order = 2,
            description = "Result, in the input's layout; replaced if it exists.")
    Path output;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", converter = NumberConverters.Threads.class, order = 7,
            description = "Threads to use, 0 = all processors; the result is the same for any N. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--algorithm", paramLabel = "auto|reference|gemm|winograd", defaultValue = "auto", order = 8,
            converter = AlgorithmConverter.class,
            description = "Force an implementation; all compute TensorFlow's result. Default: ${DEFAULT-VALUE}.")
    Algorithm algorithm;

    abstract int[] strides();

    abstract int[] dilations();

    abstract Padding padding();

    abstract DataFormat dataFormat();

    /** Validates and plans the operation (TensorFlow's checks and messages). */
    abstract ConvPlan plan(int[] inputShape, DType inputType, Tensor filter, Conv2dOptions options);

    @Override
    public Integer call() throws IOException {
        // Fails before the (possibly long) computation if the result could not be written anyway.
        OutputLocation.check("--output", output);
        Conv2dOptions options = Conv2dOptions.builder()
                .strides(strides())
                .dilations(dilations())
                .padding(padding())
                .dataFormat(dataFormat())
                .threads(threads)
                .algorithm(algorithm)
                .build();

        long t0 = System.nanoTime();
        Tensor x = NpyFiles.read("--input", input);
        Tensor f = NpyFiles.read("--filter", filter);
        long t1 = System.nanoTime();
        ConvPlan plan = plan(x.shape(), x.dtype(), f, options);
        Tensor y = plan.execute(x);
        long t2 = System.nanoTime();
        NpyFiles.write("--output", output, y);
        long t3 = System.nanoTime();

        if (main.verbose) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(plan.describe());
            err.printf("read %.1f ms, %s %.1f ms (%.3g GFLOP/s), write %.1f ms%n", ms(t1 - t0), spec.name(), ms(t2 - t1),
                    plan.flops() / (t2 - t1), ms(t3 - t2));
            err.flush();
        }
        return 0;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
