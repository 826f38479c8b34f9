package org.conv4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.conv4j.Conv2d;
import org.conv4j.ConvPlan;
import org.conv4j.DType;
import org.conv4j.Tensor;
import org.conv4j.bench.LayerShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conv4j bench}: times conv4j alone on a suite of layer shapes, with nothing but the
 * conv4j jar, so anyone can measure their own machine. The comparison with TensorFlow and ONNX
 * Runtime lives in the benchmark module ({@code bin/bench}).
 */
@Command(name = "bench",
        header = "Times conv4j on layer shapes.",
        sortOptions = false,
        usageHelpAutoWidth = false,
        description = {
            "Times conv4j on layer shapes: one row per shape, name<TAB>ms<TAB>gflops.",
            "float32 NHWC, random data, a reused plan; ms is the median of --reps calls after a warm-up."},
        footer = {"",
            "A shapes file has one tab-separated line per layer:",
            "  name n h w c kh kw o stride dilation padding [note]",
            "The default is the project's public suite (ResNet-50, VGG-16, an image filter...)."})
public final class BenchCommand implements Callable<Integer> {
    private static final String DEFAULT_SUITE = "shapes.tsv";

    @Spec
    CommandSpec spec;

    @Option(names = "--shapes", paramLabel = "FILE",
            description = "Shapes file. Default: the built-in public suite.")
    Path shapes;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", converter = NumberConverters.Threads.class,
            description = "Threads, 0 = all processors. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "21", converter = NumberConverters.Positive.class,
            description = "Timed calls per shape (the median is printed). Default: ${DEFAULT-VALUE}.")
    int reps;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "1", converter = NumberConverters.Seconds.class,
            description = "Warm-up time per shape before timing. Default: ${DEFAULT-VALUE}.")
    double warmupSeconds;

    @Override
    public Integer call() throws IOException {
        List<LayerShape> suite = shapes != null ? LayerShape.readSuite(shapes) : builtInSuite();
        PrintWriter out = spec.commandLine().getOut();
        for (LayerShape shape : suite) {
            double ms = medianMillis(shape);
            double gflops = flops(shape) / (ms * 1e6);
            out.printf("%s\t%.3f\t%.3f%n", shape.name(), ms, gflops);
            out.flush();
        }
        return 0;
    }

    private double medianMillis(LayerShape shape) {
        Random random = new Random(1);
        Tensor input = randomTensor(shape.inputShape(), random);
        Tensor filter = randomTensor(shape.filterShape(), random);
        ConvPlan plan = Conv2d.plan(shape.inputShape(), filter, shape.options(threads));
        Tensor output = Tensor.zeros(DType.FLOAT32, plan.outputShape());
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        do {
            plan.execute(input, output);
        } while (System.nanoTime() < warmupEnd);
        double[] millis = new double[reps];
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            plan.execute(input, output);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[reps / 2];
    }

    private static double flops(LayerShape s) {
        int[] out = Conv2d.outputShape(s.inputShape(), s.filterShape(), s.options(1));
        return 2.0 * out[0] * out[1] * out[2] * out[3] * s.kh() * s.kw() * s.c();
    }

    private static Tensor randomTensor(int[] shape, Random random) {
        float[] data = new float[Tensor.checkedElementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        return Tensor.of(data, shape);
    }

    private static List<LayerShape> builtInSuite() throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                BenchCommand.class.getResourceAsStream(DEFAULT_SUITE), StandardCharsets.UTF_8))) {
            return LayerShape.parseSuite(reader.lines().toList());
        }
    }
}
