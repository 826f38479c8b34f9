package org.conv4j.cli;

import org.conv4j.ConvPlan;
import org.conv4j.Conv2dOptions;
import org.conv4j.Convolution;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code conv4j convolution}: {@code tf.nn.convolution} on {@code .npy} files, conv1d, conv2d or conv3d by the filter. */
@Command(name = "convolution",
        header = "tf.nn.convolution (1-D, 2-D or 3-D) on .npy files.",
        sortOptions = false,
        sortSynopsis = false,
        usageHelpAutoWidth = false,
        description = {
            "Computes tf.nn.convolution(input, filter) on .npy files.",
            "conv1d, conv2d or conv3d as the filter has rank 3, 4 or 5",
            "([spatial sizes..., C/groups, OC]).",
            "float32 or float64; the output has the input's dtype."},
        footer = {"",
            "--strides and --dilations take one number for every spatial dimension or one per",
            "spatial dimension; --padding SAME, VALID or a before,after pair per spatial",
            "dimension. VALID is the default here, as in Keras. Unlike TensorFlow's CPU path,",
            "strides and dilations above 1 may be combined, as tf.nn.conv2d allows.",
            "The output is written to a temporary file that is then moved into place: it is",
            "never left half-written, and --output may name one of the inputs."})
public final class ConvolutionCommand extends SpatialConvCommand {
    @Option(names = "--strides", paramLabel = "S[,S...]", defaultValue = "1", converter = SpatialConverters.ValuesNd.class,
            order = 3, description = "Stride: one number, or one per spatial dimension. Default: ${DEFAULT-VALUE}.")
    SpatialConverters.Values strides;

    @Option(names = "--dilations", paramLabel = "D[,D...]", defaultValue = "1", converter = SpatialConverters.ValuesNd.class,
            order = 4, description = "Dilation rate: one number, or one per spatial dimension. Default: ${DEFAULT-VALUE}.")
    SpatialConverters.Values dilations;

    @Option(names = "--padding", paramLabel = "SAME|VALID|B,A[,B,A...]", defaultValue = "VALID", order = 5,
            converter = SpatialConverters.PaddingNd.class,
            description = "SAME, VALID, or explicit before,after amounts per spatial dimension. Default: ${DEFAULT-VALUE}.")
    Padding padding;

    @Option(names = "--data-format", paramLabel = "LAYOUT", defaultValue = "CHANNELS_LAST", order = 6,
            converter = SpatialConverters.FormatNd.class,
            description = "Layout of input and output: NWC, NHWC, NDHWC or CHANNELS_LAST, or NCW, NCHW, NCDHW or "
                    + "CHANNELS_FIRST. Default: ${DEFAULT-VALUE}.")
    DataFormat dataFormat;

    @Override
    int[] strides() {
        return strides.numbers();
    }

    @Override
    int[] dilations() {
        return dilations.numbers();
    }

    @Override
    Padding padding() {
        return padding;
    }

    @Override
    DataFormat dataFormat() {
        return dataFormat;
    }

    @Override
    ConvPlan plan(int[] inputShape, DType inputType, Tensor filter, Conv2dOptions options) {
        return Convolution.plan(inputShape, inputType, filter, options);
    }
}
