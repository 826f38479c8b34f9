package org.conv4j.cli;

import org.conv4j.Algorithm;
import picocli.CommandLine.Option;

/**
 * {@code --threads} and {@code --algorithm}, the last flags of a 2-d convolution command: a
 * picocli mixin, through {@link ConvFlags} or on its own where a command's other flags differ.
 */
final class RunFlags {
    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", converter = NumberConverters.Threads.class,
            description = "Threads to use, 0 = all processors; the result is the same for any N. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--algorithm", paramLabel = "auto|reference|gemm|winograd", defaultValue = "auto",
            converter = AlgorithmConverter.class,
            description = "Force an implementation; all compute TensorFlow's result. Default: ${DEFAULT-VALUE}.")
    Algorithm algorithm;
}
