package org.conv4j.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;
import org.conv4j.Conv2d;
import org.conv4j.Conv2dOptions;
import org.conv4j.ConvPlan;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conv4j demo}: the question conv4j answers, replayed. Someone translated
 * {@code tf.nn.conv2d} into four nested loops and found it hundreds of times slower than
 * TensorFlow. This times those loops, written as that person would have, against
 * {@link Conv2d#conv2d} on the same random data, and shows that both compute the same thing.
 */
@Command(name = "demo",
        header = "Four nested loops against conv4j, timed.",
        sortOptions = false,
        usageHelpAutoWidth = false,
        description = {
            "Times tf.nn.conv2d written as four nested loops against conv4j.",
            "Random float32 NHWC input [1, SIZE, SIZE, " + DemoCommand.IN_CHANNELS + "], filter [" + DemoCommand.KERNEL
                + ", " + DemoCommand.KERNEL + ", " + DemoCommand.IN_CHANNELS + ", " + DemoCommand.OUT_CHANNELS + "],",
            "stride 1, SAME padding. Prints both times, the speed-up and how far apart the",
            "two results are."},
        footer = {"",
            "The loops are the plain Java one writes first (batch, filter, row, column,",
            "then the window), on one thread. conv4j's time is the median of " + DemoCommand.RUNS + " calls",
            "after the warm-up."})
public final class DemoCommand implements Callable<Integer> {
    static final int IN_CHANNELS = 32;
    static final int OUT_CHANNELS = 64;
    static final int KERNEL = 3;
    static final int MIN_WARMUPS = 3;
    static final int RUNS = 7;
    /** Consecutive warm-up calls near the fastest one that show the JIT has settled. */
    static final int SETTLED = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "256", converter = NumberConverters.Positive.class,
            description = "Height and width of the input. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the random input and filter. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", converter = NumberConverters.Threads.class,
            description = "Threads for conv4j, 0 = all processors; the loops use 1. Default: ${DEFAULT-VALUE}.")
    int threads;

    /** The JIT needs many calls to settle (JDK 25: ~20 before the final code), so warm up by time. */
    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "2", converter = NumberConverters.Seconds.class,
            description = "Keep calling conv4j this long (and at least " + MIN_WARMUPS + " times) before timing it, "
                    + "then on until the calls settle (at most 5 times as long). Default: ${DEFAULT-VALUE}.")
    double warmupSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // Fails cleanly (one line) if --size is too large for Java arrays, before allocating anything.
        Tensor.checkedElementCount(1, size, size, Math.max(IN_CHANNELS, OUT_CHANNELS));
        Random random = new Random(seed);
        float[] input = randomValues(random, size * size * IN_CHANNELS);
        float[] filter = randomValues(random, KERNEL * KERNEL * IN_CHANNELS * OUT_CHANNELS);
        Tensor x = Tensor.of(input, 1, size, size, IN_CHANNELS);
        Tensor f = Tensor.of(filter, KERNEL, KERNEL, IN_CHANNELS, OUT_CHANNELS);
        Conv2dOptions options = Conv2dOptions.builder().padding(Padding.SAME).threads(threads).build();
        ConvPlan plan = Conv2d.plan(x.shape(), f, options);

        out.printf("Someone wrote tf.nn.conv2d as four nested loops and found it 440x slower than TensorFlow.%n");
        out.printf("The same loops against conv4j: input %s, filter %s, stride 1, SAME, float32, %.2f GFLOP.%n%n",
                Arrays.toString(x.shape()), Arrays.toString(f.shape()), plan.flops() / 1e9);
        out.flush();

        long start = System.nanoTime();
        float[] loops = fourLoops(input, 1, size, size, IN_CHANNELS, filter, KERNEL, KERNEL, OUT_CHANNELS);
        long loopNanos = System.nanoTime() - start;

        Tensor y = null;
        int warmups = 0;
        long warmupNanos = (long) (warmupSeconds * 1e9);
        // Then on until SETTLED calls in a row are within 1.5x of the fastest (at most 5 times the
        // warm-up): a few seconds in, HotSpot recompiles the kernels, and for about a second calls
        // run ten times slower (67 against 7 ms, measured on JDK 17); a 2 s warm-up ended inside
        // that window and the demo printed a 15x speed-up instead of 130x.
        long fastest = Long.MAX_VALUE;
        int settled = 0;
        for (long begin = System.nanoTime(); warmups < MIN_WARMUPS || System.nanoTime() - begin < warmupNanos
                || settled < SETTLED && System.nanoTime() - begin < 5 * warmupNanos; warmups++) {
            long t = System.nanoTime();
            y = Conv2d.conv2d(x, f, options);
            t = System.nanoTime() - t;
            fastest = Math.min(fastest, t);
            settled = t <= fastest + fastest / 2 ? settled + 1 : 0;
        }
        long[] nanos = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            start = System.nanoTime();
            y = Conv2d.conv2d(x, f, options);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        long conv4jNanos = nanos[RUNS / 2];

        out.printf("  four nested loops, 1 thread  %10.1f ms  %7.2f GFLOP/s%n", loopNanos / 1e6, plan.flops() / loopNanos);
        out.printf("  conv4j Conv2d.conv2d         %10.1f ms  %7.2f GFLOP/s  (median of %d calls after %d warm-up calls)%n",
                conv4jNanos / 1e6, plan.flops() / conv4jNanos, RUNS, warmups);
        out.printf("  speed-up                     %10.1fx%n%n", (double) loopNanos / conv4jNanos);
        out.printf("  plan: %s%n", plan.describe());
        out.printf("  java: %s %s, %d processors%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().availableProcessors());
        printDifference(out, loops, y.floats());
        out.flush();
        return 0;
    }

    /**
     * The "before" picture, deliberately plain: {@code tf.nn.conv2d(input, filter, strides=1,
     * padding='SAME')} for NHWC input and HWIO filter, one output value at a time, one thread.
     * SAME with stride 1 pads {@code k - 1} in total, the odd pixel after, as TensorFlow does.
     */
    static float[] fourLoops(float[] input, int batch, int height, int width, int inChannels,
            float[] filter, int filterHeight, int filterWidth, int outChannels) {
        float[] output = new float[batch * height * width * outChannels];
        int padTop = (filterHeight - 1) / 2;
        int padLeft = (filterWidth - 1) / 2;
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < outChannels; k++) {
                for (int row = 0; row < height; row++) {
                    for (int col = 0; col < width; col++) {
                        // Accumulate the window under the filter; positions in the padding count as zero.
                        float sum = 0;
                        for (int i = 0; i < filterHeight; i++) {
                            for (int j = 0; j < filterWidth; j++) {
                                int y = row + i - padTop;
                                int x = col + j - padLeft;
                                if (y < 0 || y >= height || x < 0 || x >= width) {
                                    continue;
                                }
                                for (int c = 0; c < inChannels; c++) {
                                    sum += input[((b * height + y) * width + x) * inChannels + c]
                                            * filter[((i * filterWidth + j) * inChannels + c) * outChannels + k];
                                }
                            }
                        }
                        output[((b * height + row) * width + col) * outChannels + k] = sum;
                    }
                }
            }
        }
        return output;
    }

    /** Uniform in [-1, 1). */
    private static float[] randomValues(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    /**
     * Both sum the same products in float, in different orders, so they differ by rounding only.
     * The relative difference is taken against the largest output value: against each value it
     * would be dominated by the few outputs that happen to cancel to almost zero.
     */
    private static void printDifference(PrintWriter out, float[] loops, float[] conv4j) {
        double maxAbs = 0;
        double maxValue = 0;
        for (int i = 0; i < loops.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs((double) loops[i] - conv4j[i]));
            maxValue = Math.max(maxValue, Math.abs(conv4j[i]));
        }
        out.printf("  largest difference: %.2e absolute, %.2e relative to the largest output (%.2f)%n",
                maxAbs, maxValue == 0 ? 0 : maxAbs / maxValue, maxValue);
    }
}
