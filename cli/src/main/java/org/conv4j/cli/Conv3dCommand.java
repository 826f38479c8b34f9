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

/** {@code conv4j conv3d}: {@code tf.nn.conv3d} on {@code .npy} files. */
@Command(name = "conv3d",
        header = "tf.nn.conv3d on .npy files.",
        sortOptions = false,
        sortSynopsis = false,
        usageHelpAutoWidth = false,
        description = {
            "Computes tf.nn.conv3d(input, filter) on .npy files.",
            "float32 or float64; the output has the input's dtype. Input [N, D, H, W, C]",
            "(NDHWC) or [N, C, D, H, W] (NCDHW); filter [KD, KH, KW, C/groups, OC] whatever",
            "the data format."},
        footer = {"",
            "--padding: tf.nn.conv3d has no default; VALID is the default here, as in Keras.",
            "Explicit padding, groups, dilations and NCDHW are computed as TensorFlow defines",
            "them; TensorFlow's CPU kernel refuses the last three and has no explicit padding.",
            "The output is written to a temporary file that is then moved into place: it is",
            "never left half-written, and --output may name one of the inputs."})
public final class Conv3dCommand extends SpatialConvCommand {
    @Option(names = "--strides", paramLabel = "1|SD,SH,SW", defaultValue = "1", converter = SpatialConverters.Values3d.class,
            order = 3, description = "Stride: one number, or depth,height,width. Default: ${DEFAULT-VALUE}.")
    SpatialConverters.Values strides;

    @Option(names = "--dilations", paramLabel = "1|DD,DH,DW", defaultValue = "1",
            converter = SpatialConverters.Values3d.class, order = 4,
            description = "Dilation rate: one number, or depth,height,width. Default: ${DEFAULT-VALUE}.")
    SpatialConverters.Values dilations;

    @Option(names = "--padding", paramLabel = "SAME|VALID|F,B,T,B,L,R", defaultValue = "VALID", order = 5,
            converter = SpatialConverters.Padding3d.class,
            description = "SAME, VALID, or explicit front,back,top,bottom,left,right amounts. Default: ${DEFAULT-VALUE}.")
    Padding padding;

    @Option(names = "--data-format", paramLabel = "NDHWC|NCDHW", defaultValue = "NDHWC", order = 6,
            converter = SpatialConverters.Format3d.class,
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
        return Convolution.conv3dPlan(inputShape, inputType, filter, options);
    }
}
