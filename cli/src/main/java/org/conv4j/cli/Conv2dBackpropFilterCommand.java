package org.conv4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.conv4j.Algorithm;
import org.conv4j.Conv2dBackpropFilter;
import org.conv4j.Conv2dOptions;
import org.conv4j.DataFormat;
import org.conv4j.FilterGradientPlan;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.conv4j.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code conv4j conv2d-backprop-filter}: {@code tf.nn.conv2d_backprop_filter} on {@code .npy}
 * files, the gradient of a conv2d with respect to its filter.
 *
 * <p>As {@code conv2d}: both inputs are read in full and the gradient validated and computed
 * before anything is written, and the output file is written atomically, so it appears complete
 * or not at all and {@code --output} may name one of the inputs.
 */
@Command(name = "conv2d-backprop-filter",
        header = "conv2d's filter gradient (Conv2DBackpropFilter).",
        sortOptions = false,
        sortSynopsis = false,
        usageHelpAutoWidth = false,
        description = {
            "Computes tf.nn.conv2d_backprop_filter(input, filter_sizes, out_backprop) on",
            ".npy files: the gradient of conv2d(input, filter) with respect to the filter,",
            "given the gradient of its output. float32 or float64; the result is HWIO",
            "[KH, KW, I, O]."},
        footer = {"",
            "The options are the forward conv2d's. Unlike TensorFlow's CPU kernel, dilations,",
            "NCHW and grouped filters (I < input channels) are computed.",
            "The output is written to a temporary file that is then moved into place: it is",
            "never left half-written, and --output may name one of the inputs."})
public final class Conv2dBackpropFilterCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy",
            description = "The forward input: [N, H, W, C] (NHWC) or [N, C, H, W] (NCHW).")
    Path input;

    @Option(names = "--filter-sizes", required = true, paramLabel = "KH,KW,I,O", converter = FilterSizes.Converter.class,
            description = "The forward filter's shape, which the result has (I = C/groups).")
    FilterSizes filterSizes;

    @Option(names = {"-g", "--out-backprop"}, required = true, paramLabel = "G.npy",
            description = "The gradient of the forward output: its shape, the input's dtype.")
    Path outBackprop;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy",
            description = "Result [KH, KW, I, O]; replaced if it exists.")
    Path output;

    @Mixin
    StrideFlags strides;

    @Option(names = "--padding", paramLabel = "SAME|VALID|T,B,L,R", defaultValue = "VALID",
            converter = PaddingConverter.class,
            description = "SAME, VALID, or explicit top,bottom,left,right amounts. Default: ${DEFAULT-VALUE}.")
    Padding padding;

    @Option(names = "--data-format", paramLabel = "NHWC|NCHW", defaultValue = "NHWC",
            converter = DataFormatConverter.class,
            description = "Layout of input and out_backprop. Default: ${DEFAULT-VALUE}.")
    DataFormat dataFormat;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", converter = NumberConverters.Threads.class,
            description = "Threads to use, 0 = all processors; the result is the same for any N. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--algorithm", paramLabel = "auto|reference|gemm", defaultValue = "auto",
            converter = AlgorithmConverter.class,
            description = "Force an implementation; all compute TensorFlow's result. Default: ${DEFAULT-VALUE}.")
    Algorithm algorithm;

    @Override
    public Integer call() throws IOException {
        // Fails before the (possibly long) computation if the result could not be written anyway.
        OutputLocation.check("--output", output);
        Conv2dOptions options = ConvFlags.options(strides, padding, dataFormat, threads, algorithm);

        long t0 = System.nanoTime();
        Tensor x = NpyFiles.read("--input", input);
        Tensor dy = NpyFiles.read("--out-backprop", outBackprop);
        long t1 = System.nanoTime();
        // Validates everything (TensorFlow's checks and messages) before computing anything.
        Tensor dw = Conv2dBackpropFilter.conv2dBackpropFilter(x, filterSizes.values(), dy, options);
        long t2 = System.nanoTime();
        NpyFiles.write("--output", output, dw);
        long t3 = System.nanoTime();

        if (main.verbose) {
            // An identical plan is cheap to make, for describe().
            FilterGradientPlan plan = Conv2dBackpropFilter.plan(x.shape(), filterSizes.values(), dy.shape(), x.dtype(), options);
            VerboseReport.print(spec, plan.describe(), plan.flops(), "conv2d_backprop_filter", t0, t1, t2, t3);
        }
        return 0;
    }
}
