package org.conv4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.conv4j.Conv2dBackpropInput;
import org.conv4j.Conv2dOptions;
import org.conv4j.ConvPlan;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code conv4j conv2d-backprop-input}: TensorFlow's {@code Conv2DBackpropInput} (the gradient of
 * conv2d with respect to its input) on {@code .npy} files.
 *
 * <p>{@code --padding} is required: the raw op has no default, nor has
 * {@code tf.compat.v1.nn.conv2d_backprop_input}, and a gradient computed with another padding than
 * its forward convolution's would be silently wrong. The output file appears complete or not at
 * all, as for {@code conv2d}.
 */
@Command(name = "conv2d-backprop-input",
        header = "conv2d's input gradient (Conv2DBackpropInput).",
        sortOptions = false,
        sortSynopsis = false,
        usageHelpAutoWidth = false,
        description = {
            "Computes TensorFlow's Conv2DBackpropInput on .npy files: the gradient of conv2d(x, filter) "
                + "with respect to x, given the gradient of its output.",
            "float32 or float64; the result has out_backprop's dtype."},
        footer = {"",
            "--padding has no default, as in TensorFlow: give the forward convolution's.",
            "The options are the forward convolution's. TensorFlow's CPU kernel refuses NCHW,",
            "dilations and grouped filters here; conv4j computes them.",
            "The output is written to a temporary file that is then moved into place: it is",
            "never left half-written, and --output may name one of the inputs."})
public final class Conv2dBackpropInputCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--input-sizes", required = true, paramLabel = "N,H,W,C", converter = ShapeArgument.Converter.class,
            description = "Shape of the result (the forward input), in the data format's order; or H,W "
                    + "(batch from out_backprop, depth from the filter).")
    ShapeArgument inputSizes;

    @Option(names = {"-f", "--filter"}, required = true, paramLabel = "F.npy",
            description = "The forward convolution's filter: [KH, KW, C/groups, OC].")
    Path filter;

    @Option(names = "--out-backprop", required = true, paramLabel = "G.npy",
            description = "Gradient of the forward output: exactly the forward output's shape, OC channels.")
    Path outBackprop;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy",
            description = "Result, of --input-sizes' shape; replaced if it exists.")
    Path output;

    @Mixin
    StrideFlags strides;

    @Option(names = "--padding", required = true, paramLabel = "SAME|VALID|T,B,L,R", converter = PaddingConverter.class,
            description = "The forward convolution's: SAME, VALID, or explicit top,bottom,left,right amounts.")
    Padding padding;

    @Option(names = "--data-format", paramLabel = "NHWC|NCHW", defaultValue = "NHWC",
            converter = DataFormatConverter.class,
            description = "Layout of out_backprop and the result. Default: ${DEFAULT-VALUE}.")
    DataFormat dataFormat;

    @Mixin
    RunFlags run;

    @Override
    public Integer call() throws IOException {
        OutputLocation.check("--output", output);
        Conv2dOptions options = ConvFlags.options(strides, padding, dataFormat, run.threads, run.algorithm);

        long t0 = System.nanoTime();
        Tensor f = NpyFiles.read("--filter", filter);
        Tensor dy = NpyFiles.read("--out-backprop", outBackprop);
        long t1 = System.nanoTime();
        // Validates everything (TensorFlow's checks and messages) before computing anything.
        Tensor dx = Conv2dBackpropInput.conv2dBackpropInput(inputSizes.dimensions(), f, dy, options);
        long t2 = System.nanoTime();
        NpyFiles.write("--output", output, dx);
        long t3 = System.nanoTime();

        if (main.verbose) {
            ConvPlan plan = Conv2dBackpropInput.plan(inputSizes.dimensions(), dy.shape(), f, options);
            VerboseReport.print(spec, plan.describe(), plan.flops(), "conv2d-backprop-input", t0, t1, t2, t3);
        }
        return 0;
    }
}
