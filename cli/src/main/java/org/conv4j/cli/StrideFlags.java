package org.conv4j.cli;

import picocli.CommandLine.Option;

/**
 * {@code --strides} and {@code --dilations}, the same in every 2-d convolution command: a picocli
 * mixin, through {@link ConvFlags} or on its own where a command's other flags differ.
 */
final class StrideFlags {
    @Option(names = "--strides", paramLabel = "1|SH,SW", defaultValue = "1", converter = HeightWidth.Converter.class,
            description = "Stride: one number, or height,width. Default: ${DEFAULT-VALUE}.")
    HeightWidth strides;

    @Option(names = "--dilations", paramLabel = "1|DH,DW", defaultValue = "1", converter = HeightWidth.Converter.class,
            description = "Dilation rate: one number, or height,width. Default: ${DEFAULT-VALUE}.")
    HeightWidth dilations;
}
