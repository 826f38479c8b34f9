package org.conv4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.conv4j.Conv2d;
import org.conv4j.Conv2dOptions;
import org.conv4j.ConvPlan;
import org.conv4j.Tensor;
import org.conv4j.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code conv4j conv2d}: {@code tf.nn.conv2d} on {@code .npy} files.
 *
 * <p>The output file appears complete or not at all: both inputs are read in full and the
 * convolution is validated and computed before anything is written, and {@link Npy#write} writes
 * a temporary file and moves it into place. So {@code --output} may name one of the inputs: it is
 * replaced only once the result is ready.
 */
@Command(name = "conv2d",
        header = "tf.nn.conv2d on .npy files.",
        sortOptions = false,
        sortSynopsis = false,
        usageHelpAutoWidth = false,
        description = {
            "Computes tf.nn.conv2d(input, filter) on .npy files.",
            "float32 or float64; the output has the input's dtype. The filter is always",
            "HWIO [height, width, in_channels, out_channels], whatever the data format."},
        footer = {"",
            "--padding: tf.nn.conv2d has no default; VALID is the default here, as in Keras.",
            "The output is written to a temporary file that is then moved into place: it is",
            "never left half-written, and --output may name one of the inputs."})
public final class Conv2dCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy",
            description = "Input: [N, H, W, C] (NHWC) or [N, C, H, W] (NCHW); extra leading batch dimensions are allowed.")
    Path input;

    @Option(names = {"-f", "--filter"}, required = true, paramLabel = "F.npy",
            description = "Filter: [KH, KW, C/groups, OC], the input's dtype.")
    Path filter;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy",
            description = "Result, in the input's layout; replaced if it exists.")
    Path output;

    @Mixin
    ConvFlags flags;

    @Override
    public Integer call() throws IOException {
        // Fails before the (possibly long) computation if the result could not be written anyway.
        OutputLocation.check("--output", output);
        Conv2dOptions options = flags.options();

        long t0 = System.nanoTime();
        Tensor x = NpyFiles.read("--input", input);
        Tensor f = NpyFiles.read("--filter", filter);
        long t1 = System.nanoTime();
        // Validates everything (TensorFlow's checks and messages) before computing anything.
        Tensor y = Conv2d.conv2d(x, f, options);
        long t2 = System.nanoTime();
        NpyFiles.write("--output", output, y);
        long t3 = System.nanoTime();

        if (main.verbose) {
            // Conv2d.conv2d does not expose its plan; an identical one is cheap to make for describe().
            ConvPlan plan = Conv2d.plan(x.shape(), f, options);
            VerboseReport.print(spec, plan.describe(), plan.flops(), "conv2d", t0, t1, t2, t3);
        }
        return 0;
    }
}
