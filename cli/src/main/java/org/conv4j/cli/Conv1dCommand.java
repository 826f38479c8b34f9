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

/** {@code conv4j conv1d}: {@code tf.nn.conv1d} on {@code .npy} files. */
@Command(name = "conv1d",
        header = "tf.nn.conv1d on .npy files.",
        sortOptions = false,
        sortSynopsis = false,
        usageHelpAutoWidth = false,
        description = {
            "Computes tf.nn.conv1d(input, filter) on .npy files.",
            "float32 or float64; the output has the input's dtype. Input [N, W, C] (NWC) or",
            "[N, C, W] (NCW); filter [KW, C/groups, OC] whatever the data format."},
        footer = {"",
            "As in TensorFlow, conv1d is conv2d with a height of 1 inserted; its errors are conv2d's.",
            "--padding: tf.nn.conv1d has no default; VALID is the default here, as in Keras.",
            "Explicit padding L,R (e.g. K-1,0 for a causal convolution) is conv4j's; TensorFlow's",
            "conv1d takes SAME and VALID only.",
            "The output is written to a temporary file that is then moved into place: it is",
            "never left half-written, and --output may name one of the inputs."})
public final class Conv1dCommand extends SpatialConvCommand {
    @Option(names = "--strides", paramLabel = "S", defaultValue = "1", converter = SpatialConverters.Values1d.class,
            order = 3, description = "Stride. Default: ${DEFAULT-VALUE}.")
    SpatialConverters.Values strides;

    @Option(names = "--dilations", paramLabel = "D", defaultValue = "1", converter = SpatialConverters.Values1d.class,
            order = 4, description = "Dilation rate. Default: ${DEFAULT-VALUE}.")
    SpatialConverters.Values dilations;

    @Option(names = "--padding", paramLabel = "SAME|VALID|L,R", defaultValue = "VALID", order = 5,
            converter = SpatialConverters.Padding1d.class,
            description = "SAME, VALID, or explicit left,right amounts. Default: ${DEFAULT-VALUE}.")
    Padding padding;

    @Option(names = "--data-format", paramLabel = "NWC|NCW", defaultValue = "NWC", order = 6,
            converter = SpatialConverters.Format1d.class,
            description = "Layout of input and output (NHWC and NCHW are taken too). Default: ${DEFAULT-VALUE}.")
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
        return Convolution.conv1dPlan(inputShape, inputType, filter, options);
    }
}
