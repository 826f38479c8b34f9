package org.conv4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.conv4j.Conv2dOptions;
import org.conv4j.ConvPlan;
import org.conv4j.DepthwiseConv2d;
import org.conv4j.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code conv4j depthwise-conv2d}: {@code tf.nn.depthwise_conv2d} on {@code .npy} files. Like
 * {@link Conv2dCommand}, it reads both inputs, validates and computes before writing anything,
 * and writes the output atomically.
 */
@Command(name = "depthwise-conv2d",
        header = "tf.nn.depthwise_conv2d on .npy files.",
        sortOptions = false,
        sortSynopsis = false,
        usageHelpAutoWidth = false,
        description = {
            "Computes tf.nn.depthwise_conv2d on .npy files.",
            "float32 or float64; the output has the input's dtype. The filter is",
            "[height, width, in_channels, multiplier]; the output has in_channels * multiplier",
            "channels, channel k*multiplier + q from input channel k and filter [:, :, k, q]."},
        footer = {"",
            "--padding: TensorFlow has no default; VALID is the default here, as in Keras.",
            "--strides: TensorFlow's depthwise kernel needs height and width equal.",
            "The output is written to a temporary file that is then moved into place: it is",
            "never left half-written, and --output may name one of the inputs."})
public final class DepthwiseConv2dCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy",
            description = "Input: [N, H, W, C] (NHWC) or [N, C, H, W] (NCHW); extra leading batch dimensions are allowed.")
    Path input;

    @Option(names = {"-f", "--filter"}, required = true, paramLabel = "F.npy",
            description = "Filter: [KH, KW, C, M], the input's dtype.")
    Path filter;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy",
            description = "Result, in the input's layout, C*M channels; replaced if it exists.")
    Path output;

    @Mixin
    ConvFlags flags;

    @Override
    public Integer call() throws IOException {
        OutputLocation.check("--output", output);
        Conv2dOptions options = flags.options();
        long t0 = System.nanoTime();
        Tensor x = NpyFiles.read("--input", input);
        Tensor f = NpyFiles.read("--filter", filter);
        long t1 = System.nanoTime();
        ConvPlan plan = DepthwiseConv2d.plan(x.shape(), x.dtype(), f, options);
        Tensor y = plan.execute(x);
        long t2 = System.nanoTime();
        NpyFiles.write("--output", output, y);
        long t3 = System.nanoTime();
        if (main.verbose) {
            VerboseReport.print(spec, plan.describe(), plan.flops(), "depthwise_conv2d", t0, t1, t2, t3);
        }
        return 0;
    }
}
