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
 * {@code conv4j conv2d-transpose}: {@code tf.nn.conv2d_transpose} on {@code .npy} files, which
 * is TensorFlow's {@code Conv2DBackpropInput} with {@code input_sizes = output_shape} and
 * {@code out_backprop = input}. Defaults are {@code tf.nn.conv2d_transpose}'s: SAME padding.
 * The output file appears complete or not at all, as for {@code conv2d}.
 */
@Command(name = "conv2d-transpose",
        header = "tf.nn.conv2d_transpose on .npy files.",
        sortOptions = false,
        sortSynopsis = false,
        usageHelpAutoWidth = false,
        description = {
            "Computes tf.nn.conv2d_transpose(input, filter, output_shape) on .npy files: the transpose "
                + "(input gradient) of conv2d.",
            "float32 or float64; the output has the input's dtype."},
        footer = {"",
            "--padding defaults to SAME, as in tf.nn.conv2d_transpose. Every output shape whose",
            "conv2d with the same options has the input's size is valid (with strides above 1",
            "there are several). TensorFlow's CPU kernel refuses NCHW, dilations and grouped",
            "filters here; conv4j computes them.",
            "The output is written to a temporary file that is then moved into place: it is",
            "never left half-written, and --output may name one of the inputs."})
public final class Conv2dTransposeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy",
            description = "Input: [N, H, W, C] (NHWC) or [N, C, H, W] (NCHW).")
    Path input;

    @Option(names = {"-f", "--filter"}, required = true, paramLabel = "F.npy",
            description = "Filter: [KH, KW, output channels / groups, C], the input's dtype.")
    Path filter;

    @Option(names = "--output-shape", required = true, paramLabel = "N,H,W,C", converter = ShapeArgument.Converter.class,
            description = "Shape of the result, in the data format's order; or H,W (batch from the input, "
                    + "depth from the filter).")
    ShapeArgument outputShape;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy",
            description = "Result, of --output-shape; replaced if it exists.")
    Path output;

    @Mixin
    StrideFlags strides;

    @Option(names = "--padding", paramLabel = "SAME|VALID|T,B,L,R", defaultValue = "SAME",
            converter = PaddingConverter.class,
            description = "SAME, VALID, or explicit top,bottom,left,right amounts. Default: ${DEFAULT-VALUE}.")
    Padding padding;

    @Option(names = "--data-format", paramLabel = "NHWC|NCHW", defaultValue = "NHWC",
            converter = DataFormatConverter.class,
            description = "Layout of input and output. Default: ${DEFAULT-VALUE}.")
    DataFormat dataFormat;

    @Mixin
    RunFlags run;

    @Override
    public Integer call() throws IOException {
        OutputLocation.check("--output", output);
        Conv2dOptions options = ConvFlags.options(strides, padding, dataFormat, run.threads, run.algorithm);

        long t0 = System.nanoTime();
        Tensor x = NpyFiles.read("--input", input);
        Tensor f = NpyFiles.read("--filter", filter);
        long t1 = System.nanoTime();
        // Validates everything (TensorFlow's checks and messages) before computing anything.
        Tensor y = Conv2dBackpropInput.conv2dTranspose(x, f, outputShape.dimensions(), options);
        long t2 = System.nanoTime();
        NpyFiles.write("--output", output, y);
        long t3 = System.nanoTime();

        if (main.verbose) {
            // The same operation as conv2d_backprop_input: its plan describes it.
            ConvPlan plan = Conv2dBackpropInput.plan(outputShape.dimensions(), x.shape(), f, options);
            VerboseReport.print(spec, plan.describe(), plan.flops(), "conv2d-transpose", t0, t1, t2, t3);
        }
        return 0;
    }
}
