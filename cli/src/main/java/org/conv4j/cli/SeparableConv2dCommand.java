package org.conv4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.conv4j.Conv2dOptions;
import org.conv4j.ConvPlan;
import org.conv4j.SeparableConv2d;
import org.conv4j.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code conv4j separable-conv2d}: {@code tf.nn.separable_conv2d} on {@code .npy} files. Like
 * {@link Conv2dCommand}, it reads every input, validates and computes before writing anything,
 * and writes the output atomically.
 */
@Command(name = "separable-conv2d",
        header = "tf.nn.separable_conv2d on .npy files.",
        sortOptions = false,
        sortSynopsis = false,
        usageHelpAutoWidth = false,
        description = {
            "Computes tf.nn.separable_conv2d on .npy files.",
            "A depthwise convolution, then a 1x1 convolution mixing its channels.",
            "float32 or float64; the output has the input's dtype. Strides, dilations and",
            "padding apply to the depthwise stage; the 1x1 stage has stride 1 and VALID."},
        footer = {"",
            "--padding: TensorFlow has no default; VALID is the default here, as in Keras.",
            "--strides: TensorFlow's depthwise kernel needs height and width equal.",
            "The output is written to a temporary file that is then moved into place: it is",
            "never left half-written, and --output may name one of the inputs."})
public final class SeparableConv2dCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy",
            description = "Input: [N, H, W, C] (NHWC) or [N, C, H, W] (NCHW); extra leading batch dimensions are allowed.")
    Path input;

    @Option(names = "--depthwise-filter", required = true, paramLabel = "D.npy",
            description = "Depthwise filter: [KH, KW, C, M], the input's dtype.")
    Path depthwiseFilter;

    @Option(names = "--pointwise-filter", required = true, paramLabel = "P.npy",
            description = "Pointwise filter: [1, 1, C*M, OC], the input's dtype.")
    Path pointwiseFilter;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy",
            description = "Result, in the input's layout, OC channels; replaced if it exists.")
    Path output;

    @Mixin
    ConvFlags flags;

    @Override
    public Integer call() throws IOException {
        OutputLocation.check("--output", output);
        Conv2dOptions options = flags.options();
        long t0 = System.nanoTime();
        Tensor x = NpyFiles.read("--input", input);
        Tensor d = NpyFiles.read("--depthwise-filter", depthwiseFilter);
        Tensor p = NpyFiles.read("--pointwise-filter", pointwiseFilter);
        long t1 = System.nanoTime();
        ConvPlan plan = SeparableConv2d.plan(x.shape(), x.dtype(), d, p, options);
        Tensor y = plan.execute(x);
        long t2 = System.nanoTime();
        NpyFiles.write("--output", output, y);
        long t3 = System.nanoTime();
        if (main.verbose) {
            VerboseReport.print(spec, plan.describe(), plan.flops(), "separable_conv2d", t0, t1, t2, t3);
        }
        return 0;
    }
}
