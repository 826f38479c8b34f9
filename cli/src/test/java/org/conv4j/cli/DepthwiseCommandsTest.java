package org.conv4j.cli;

import static org.conv4j.cli.Fixtures.assertSameTensor;
import static org.conv4j.cli.Fixtures.randomDoubles;
import static org.conv4j.cli.Fixtures.randomFloats;
import static org.conv4j.cli.Fixtures.save;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.conv4j.Algorithm;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.DepthwiseConv2d;
import org.conv4j.Padding;
import org.conv4j.SeparableConv2d;
import org.conv4j.Tensor;
import org.conv4j.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code conv4j depthwise-conv2d} and {@code separable-conv2d} end to end: files in, file out,
 * compared with the library and by hand. Their failures are in {@link ErrorsTest}.
 */
class DepthwiseCommandsTest {
    @TempDir
    Path dir;

    /** Runs the command on the files and returns what it wrote, checking it succeeded silently. */
    private Tensor run(String... args) throws IOException {
        Path output = dir.resolve("y.npy");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--output", output.toString()));
        Cli.Result r = Cli.run(all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out(), "stdout");
        assertEquals("", r.err(), "stderr");
        return Npy.read(output);
    }

    @Test
    void tensorFlowsDocstringExampleByHand() throws IOException {
        // tf.nn.depthwise_conv2d's docstring: x = [[1, 2], [3, 4], [5, 6]] as (1, 3, 2, 1), kernel
        // [[1, 2], [3, 4]] as (2, 1, 1, 2), VALID, then padding [[0, 0], [1, 0], [1, 0], [0, 0]].
        String x = save(dir, "x.npy", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 3, 2, 1));
        String k = save(dir, "k.npy", Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 1, 2));

        Tensor valid = run("depthwise-conv2d", "--input", x, "--filter", k);
        assertArrayEquals(new int[] {1, 2, 2, 2}, valid.shape());
        assertArrayEquals(new float[] {10, 14, 14, 20, 18, 26, 22, 32}, valid.floats());

        Tensor padded = run("depthwise-conv2d", "-i", x, "-f", k, "--padding", "1,0,1,0");
        assertArrayEquals(new int[] {1, 3, 3, 2}, padded.shape());
        assertArrayEquals(new float[] {0, 0, 3, 4, 6, 8, 0, 0, 10, 14, 14, 20, 0, 0, 18, 26, 22, 32}, padded.floats());
    }

    @Test
    void separableByHand() throws IOException {
        // Two channels, multiplier 1, 1x1 depthwise weights 2 and 3, then a pointwise sum of both.
        String x = save(dir, "x.npy", Tensor.of(new float[] {1, 10, 2, 20}, 1, 1, 2, 2));
        String d = save(dir, "d.npy", Tensor.of(new float[] {2, 3}, 1, 1, 2, 1));
        String p = save(dir, "p.npy", Tensor.of(new float[] {1, 1}, 1, 1, 2, 1));

        Tensor y = run("separable-conv2d", "-i", x, "--depthwise-filter", d, "--pointwise-filter", p);

        assertArrayEquals(new int[] {1, 1, 2, 1}, y.shape());
        assertArrayEquals(new float[] {2 + 30, 4 + 60}, y.floats());
    }

    /** Flags, and the options the library must be given to compute the same thing. */
    static Stream<Arguments> flags() {
        return Stream.of(
                Arguments.of(List.of(), Conv2dOptions.DEFAULTS),
                Arguments.of(List.of("--strides", "2"), Conv2dOptions.builder().strides(2).build()),
                Arguments.of(List.of("--strides", "2,2"), Conv2dOptions.builder().strides(2, 2).build()),
                Arguments.of(List.of("--dilations", "2"), Conv2dOptions.builder().dilations(2).build()),
                Arguments.of(List.of("--dilations", "1,2", "--strides", "2"),
                        Conv2dOptions.builder().dilations(1, 2).strides(2).build()),
                Arguments.of(List.of("--padding", "SAME"), Conv2dOptions.builder().padding(Padding.SAME).build()),
                Arguments.of(List.of("--padding", "1,2,0,3"),
                        Conv2dOptions.builder().padding(Padding.explicit(1, 2, 0, 3)).build()),
                Arguments.of(List.of("--threads", "3"), Conv2dOptions.builder().threads(3).build()),
                Arguments.of(List.of("--algorithm", "reference"),
                        Conv2dOptions.builder().algorithm(Algorithm.REFERENCE).build()),
                Arguments.of(List.of("--data-format", "NHWC", "--padding", "same", "--strides", "2", "--threads", "1"),
                        Conv2dOptions.builder().padding(Padding.SAME).strides(2).threads(1).build()));
    }

    @ParameterizedTest
    @MethodSource("flags")
    void everyFlagMatchesTheLibrary(List<String> flags, Conv2dOptions options) throws IOException {
        Tensor input = randomFloats(1, 2, 9, 8, 4);
        Tensor depthwise = randomFloats(2, 3, 2, 4, 2);
        Tensor pointwise = randomFloats(3, 1, 1, 8, 5);
        String x = save(dir, "x.npy", input);
        String d = save(dir, "d.npy", depthwise);
        String p = save(dir, "p.npy", pointwise);

        List<String> args = new ArrayList<>(List.of("depthwise-conv2d", "-i", x, "-f", d));
        args.addAll(flags);
        assertSameTensor(DepthwiseConv2d.depthwiseConv2d(input, depthwise, options), run(args.toArray(String[]::new)));

        args = new ArrayList<>(List.of("separable-conv2d", "-i", x, "--depthwise-filter", d, "--pointwise-filter", p));
        args.addAll(flags);
        assertSameTensor(SeparableConv2d.separableConv2d(input, depthwise, pointwise, options),
                run(args.toArray(String[]::new)));
    }

    @Test
    void nchwAndFloat64KeepTheirLayoutAndType() throws IOException {
        Tensor input = randomDoubles(4, 2, 3, 7, 6); // [N, C, H, W]
        Tensor depthwise = randomDoubles(5, 3, 3, 3, 2);
        Tensor pointwise = randomDoubles(6, 1, 1, 6, 4);
        String x = save(dir, "x.npy", input);
        String d = save(dir, "d.npy", depthwise);
        String p = save(dir, "p.npy", pointwise);
        Conv2dOptions options = Conv2dOptions.builder().dataFormat(DataFormat.NCHW).padding(Padding.SAME).build();

        Tensor y = run("depthwise-conv2d", "-i", x, "-f", d, "--data-format", "nchw", "--padding", "SAME");
        assertEquals(DType.FLOAT64, y.dtype());
        assertArrayEquals(new int[] {2, 6, 7, 6}, y.shape());
        assertSameTensor(DepthwiseConv2d.depthwiseConv2d(input, depthwise, options), y);

        Tensor z = run("separable-conv2d", "-i", x, "--depthwise-filter", d, "--pointwise-filter", p, "--data-format",
                "NCHW", "--padding", "SAME");
        assertArrayEquals(new int[] {2, 4, 7, 6}, z.shape());
        assertSameTensor(SeparableConv2d.separableConv2d(input, depthwise, pointwise, options), z);
    }

    @Test
    void verboseDescribesThePlanOnStderr() throws IOException {
        String x = save(dir, "x.npy", randomFloats(7, 1, 8, 8, 4));
        String d = save(dir, "d.npy", randomFloats(8, 3, 3, 4, 1));
        String p = save(dir, "p.npy", randomFloats(9, 1, 1, 4, 6));
        String y = dir.resolve("y.npy").toString();

        Cli.Result r = Cli.run("depthwise-conv2d", "--verbose", "-i", x, "-f", d, "-o", y, "--threads", "1");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.errLines();
        assertEquals(2, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("depthwise_conv2d NHWC f32 n1 ih8x8 ic4 -> oh6x6 oc4"), lines.get(0));
        assertTrue(lines.get(1).matches("read [0-9.]+ ms, depthwise_conv2d [0-9.]+ ms \\([0-9.e+-]+ GFLOP/s\\), "
                + "write [0-9.]+ ms"), lines.get(1));

        r = Cli.run("--verbose", "separable-conv2d", "-i", x, "--depthwise-filter", d, "--pointwise-filter", p, "-o", y);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.errLines().get(0).startsWith("separable_conv2d: depthwise_conv2d NHWC"), r::toString);
    }

    @Test
    void helpDocumentsEveryOption() {
        Cli.Result r = Cli.run("depthwise-conv2d", "--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Usage: conv4j depthwise-conv2d [-hV] -i=X.npy -f=F.npy -o=Y.npy"), r.out());
        r = Cli.run("separable-conv2d", "--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Usage: conv4j separable-conv2d [-hV] -i=X.npy --depthwise-filter=D.npy"), r.out());
        for (String option : new String[] {"--input", "--depthwise-filter", "--pointwise-filter", "--output", "--strides",
            "--dilations", "--padding", "--data-format", "--threads", "--algorithm", "Default: VALID.", "Default: NHWC."}) {
            assertTrue(r.out().contains(option), option);
        }
    }
}
