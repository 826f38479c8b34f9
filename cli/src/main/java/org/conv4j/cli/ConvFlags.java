package org.conv4j.cli;

import org.conv4j.Algorithm;
import org.conv4j.Conv2dOptions;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags of a 2-d convolution command that become {@link Conv2dOptions}, in {@code conv2d}'s
 * form: a picocli mixin for {@code conv2d}, {@code depthwise-conv2d} and {@code separable-conv2d}.
 *
 * <p>The commands whose {@code --padding} or {@code --data-format} differ (a default of SAME, a
 * required padding, another description) declare those two themselves between the
 * {@link StrideFlags} and {@link RunFlags} mixins, which keeps the flags in the same order in
 * every command's help, and build their options with {@link #options(StrideFlags, Padding,
 * DataFormat, int, Algorithm)}.
 */
final class ConvFlags {
    @Mixin
    StrideFlags strides;

    @Option(names = "--padding", paramLabel = "SAME|VALID|T,B,L,R", defaultValue = "VALID",
            converter = PaddingConverter.class,
            description = "SAME, VALID, or explicit top,bottom,left,right amounts. Default: ${DEFAULT-VALUE}.")
    Padding padding;

    @Option(names = "--data-format", paramLabel = "NHWC|NCHW", defaultValue = "NHWC",
            converter = DataFormatConverter.class,
            description = "Layout of input and output. Default: ${DEFAULT-VALUE}.")
    DataFormat dataFormat;

    @Mixin
    RunFlags run;

    /** The options the flags describe. */
    Conv2dOptions options() {
        return options(strides, padding, dataFormat, run.threads, run.algorithm);
    }

    /** The options of a command that declares some of the flags itself. */
    static Conv2dOptions options(StrideFlags strides, Padding padding, DataFormat dataFormat, int threads,
            Algorithm algorithm) {
        return Conv2dOptions.builder()
                .strides(strides.strides.height(), strides.strides.width())
                .dilations(strides.dilations.height(), strides.dilations.width())
                .padding(padding)
                .dataFormat(dataFormat)
                .threads(threads)
                .algorithm(algorithm)
                .build();
    }
}
