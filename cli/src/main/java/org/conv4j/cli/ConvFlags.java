package org.conv4j.cli;

import org.conv4j.Algorithm;
import org.conv4j.Conv2dOptions;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import picocli.CommandLine.Option;

/**
 * The flags of a convolution command that become {@link Conv2dOptions}, with the same names,
 * forms and defaults as {@code conv2d}'s: a picocli mixin for {@code depthwise-conv2d} and
 * {@code separable-conv2d}.
 */
final class ConvFlags {
    @Option(names = "--strides", paramLabel = "1|SH,SW", defaultValue = "1", converter = HeightWidth.Converter.class,
            description = "Stride: one number, or height,width (TensorFlow's depthwise kernel needs them equal). "
                    + "Default: ${DEFAULT-VALUE}.")
    HeightWidth strides;

    @Option(names = "--dilations", paramLabel = "1|DH,DW", defaultValue = "1", converter = HeightWidth.Converter.class,
            description = "Dilation rate: one number, or height,width. Default: ${DEFAULT-VALUE}.")
    HeightWidth dilations;

    @Option(names = "--padding", paramLabel = "SAME|VALID|T,B,L,R", defaultValue = "VALID",
            converter = PaddingConverter.class,
            description = "SAME, VALID, or explicit top,bottom,left,right amounts. Default: ${DEFAULT-VALUE}.")
    Padding padding;

    @Option(names = "--data-format", paramLabel = "NHWC|NCHW", defaultValue = "NHWC",
            converter = DataFormatConverter.class,
            description = "Layout of input and output. Default: ${DEFAULT-VALUE}.")
    DataFormat dataFormat;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", converter = NumberConverters.Threads.class,
            description = "Threads to use, 0 = all processors; the result is the same for any N. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--algorithm", paramLabel = "auto|reference|gemm|winograd", defaultValue = "auto",
            converter = AlgorithmConverter.class,
            description = "Force an implementation; all compute TensorFlow's result. Default: ${DEFAULT-VALUE}.")
    Algorithm algorithm;

    /** The options the flags describe. */
    Conv2dOptions options() {
        return Conv2dOptions.builder()
                .strides(strides.height(), strides.width())
                .dilations(dilations.height(), dilations.width())
                .padding(padding)
                .dataFormat(dataFormat)
                .threads(threads)
                .algorithm(algorithm)
                .build();
    }
}
