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
import org.conv4j.Conv2dBackpropFilter;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.conv4j.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code conv4j conv2d-backprop-filter} end to end: files in, file out, against the library and by hand. */
class Conv2dBackpropFilterCommandTest {
    @TempDir
    Path dir;

    /** Runs the command on the files and returns what it wrote, checking it succeeded silently. */
    private Tensor run(String input, String filterSizes, String outBackprop, String... flags) throws IOException {
        Path output = dir.resolve("dw.npy");
        List<String> args = new ArrayList<>(List.of("conv2d-backprop-filter", "--input", input, "--filter-sizes", filterSizes,
                "--out-backprop", outBackprop, "--output", output.toString()));
        args.addAll(List.of(flags));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out(), "stdout");
        assertEquals("", r.err(), "stderr");
        return Npy.read(output);
    }

    @Test
    void tensorFlowsTestCaseByHand() throws IOException {
        // testConv2D2x2Depth1ValidBackpropFilter: input 1..6 as [1, 2, 3, 1], out_backprop [1, 2]:
        // dW[0,0] = 1*1 + 2*2 = 5, dW[0,1] = 2*1 + 3*2 = 8, dW[1,0] = 4*1 + 5*2 = 14, dW[1,1] = 5*1 + 6*2 = 17.
        String x = save(dir, "x.npy", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3, 1));
        String g = save(dir, "g.npy", Tensor.of(new float[] {1, 2}, 1, 1, 2, 1));

        Tensor dw = run(x, "2,2,1,1", g);

        assertArrayEquals(new int[] {2, 2, 1, 1}, dw.shape());
        assertArrayEquals(new float[] {5, 8, 14, 17}, dw.floats());
    }

    @Test
    void stridedSamePaddingByHand() throws IOException {
        // testConv2DStrideTwoFilterOneSameBackpropFilter: 4x4 input 1..16, 1x1 filter, stride 2:
        // the pixels read are 1, 3, 9, 11, times out_backprop 1..4: 1 + 6 + 27 + 44 = 78.
        float[] in = new float[16];
        for (int i = 0; i < 16; i++) {
            in[i] = i + 1;
        }
        String x = save(dir, "x.npy", Tensor.of(in, 1, 4, 4, 1));
        String g = save(dir, "g.npy", Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1));

        Tensor dw = run(x, "1,1,1,1", g, "--strides", "2", "--padding", "SAME");

        assertArrayEquals(new float[] {78}, dw.floats());
    }

    /** Flags, and the options the library must be given to compute the same thing. */
    static Stream<Arguments> flags() {
        return Stream.of(
                Arguments.of(List.of(), Conv2dOptions.DEFAULTS),
                Arguments.of(List.of("--strides", "2,3"), Conv2dOptions.builder().strides(2, 3).build()),
                Arguments.of(List.of("--dilations", "2"), Conv2dOptions.builder().dilations(2).build()),
                Arguments.of(List.of("--padding", "SAME"), Conv2dOptions.builder().padding(Padding.SAME).build()),
                Arguments.of(List.of("--padding", "1,2,0,3"), Conv2dOptions.builder().padding(Padding.explicit(1, 2, 0, 3)).build()),
                Arguments.of(List.of("--threads", "1"), Conv2dOptions.builder().threads(1).build()),
                Arguments.of(List.of("--threads", "3"), Conv2dOptions.builder().threads(3).build()),
                Arguments.of(List.of("--algorithm", "reference"), Conv2dOptions.builder().algorithm(Algorithm.REFERENCE).build()),
                Arguments.of(List.of("--algorithm", "gemm"), Conv2dOptions.builder().algorithm(Algorithm.GEMM).build()),
                Arguments.of(List.of("--strides", "2,1", "--dilations", "1,2", "--padding", "SAME", "--threads", "2"),
                        Conv2dOptions.builder().strides(2, 1).dilations(1, 2).padding(Padding.SAME).threads(2).build()));
    }

    @ParameterizedTest
    @MethodSource("flags")
    void everyFlagMatchesTheLibrary(List<String> flags, Conv2dOptions options) throws IOException {
        Tensor input = randomFloats(1, 2, 9, 8, 4);
        int[] filterSizes = {2, 3, 4, 5};
        int[] outShape = org.conv4j.Conv2d.outputShape(input.shape(), filterSizes, options);
        Tensor dy = randomFloats(2, outShape);
        String x = save(dir, "x.npy", input);
        String g = save(dir, "g.npy", dy);

        Tensor dw = run(x, "2,3,4,5", g, flags.toArray(String[]::new));

        assertSameTensor(Conv2dBackpropFilter.conv2dBackpropFilter(input, filterSizes, dy, options), dw);
    }

    @Test
    void nchwGroupedFloat64() throws IOException {
        Tensor input = randomDoubles(3, 2, 6, 7, 5); // [N, C, H, W], 6 channels in 3 groups of 2
        Tensor dy = randomDoubles(4, 2, 9, 4, 3); // [N, OC, OH, OW]: SAME, stride 2
        String x = save(dir, "x.npy", input);
        String g = save(dir, "g.npy", dy);

        Tensor dw = run(x, "3,3,2,9", g, "--data-format", "NCHW", "--padding", "SAME", "--strides", "2");

        assertEquals(DType.FLOAT64, dw.dtype());
        assertSameTensor(Conv2dBackpropFilter.conv2dBackpropFilter(input, new int[] {3, 3, 2, 9}, dy,
                Conv2dOptions.builder().dataFormat(DataFormat.NCHW).padding(Padding.SAME).strides(2).build()), dw);
    }

    @Test
    void emptyBatchGivesZeros() throws IOException {
        String x = save(dir, "x.npy", Tensor.zeros(DType.FLOAT32, 0, 4, 4, 2));
        String g = save(dir, "g.npy", Tensor.zeros(DType.FLOAT32, 0, 3, 3, 3));

        Tensor dw = run(x, "2,2,2,3", g);

        assertArrayEquals(new int[] {2, 2, 2, 3}, dw.shape());
        assertArrayEquals(new float[24], dw.floats());
    }

    @Test
    void outputMayBeTheInputAndFlagsHaveShortForms() throws IOException {
        Tensor input = randomFloats(5, 1, 6, 6, 3);
        Tensor dy = randomFloats(6, 1, 6, 6, 2);
        String x = save(dir, "x.npy", input);
        String g = save(dir, "g.npy", dy);

        Cli.Result r = Cli.run("conv2d-backprop-filter", "-i", x, "--filter-sizes=3,3,3,2", "-g=" + g, "-o", x, "--padding=SAME");

        assertEquals(0, r.exitCode(), r::toString);
        assertSameTensor(Conv2dBackpropFilter.conv2dBackpropFilter(input, new int[] {3, 3, 3, 2}, dy,
                Conv2dOptions.builder().padding(Padding.SAME).build()), Npy.read(Path.of(x)));
        assertSameTensor(dy, Npy.read(Path.of(g)));
    }

    @Test
    void verboseDescribesThePlanOnStderr() throws IOException {
        String x = save(dir, "x.npy", randomFloats(7, 1, 8, 8, 4));
        String g = save(dir, "g.npy", randomFloats(8, 1, 6, 6, 4));
        String out = dir.resolve("dw.npy").toString();

        Cli.Result r = Cli.run("conv2d-backprop-filter", "--verbose", "-i", x, "--filter-sizes", "3,3,4,4", "-g", g, "-o", out,
                "--threads", "1");

        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out());
        List<String> lines = r.errLines();
        assertEquals(2, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("conv2d_backprop_filter NHWC f32 n1 ih8x8 ic4 -> oh6x6 oc4"), lines.get(0));
        assertTrue(lines.get(0).endsWith("threads 1"), lines.get(0));
        assertTrue(lines.get(1).matches("read [0-9.]+ ms, conv2d_backprop_filter [0-9.]+ ms \\([0-9.e+-]+ GFLOP/s\\), "
                + "write [0-9.]+ ms"), lines.get(1));
    }

    @Test
    void helpDocumentsEveryOption() {
        Cli.Result r = Cli.run("conv2d-backprop-filter", "--help");

        assertEquals(0, r.exitCode(), r::toString);
        String out = r.out();
        assertTrue(out.startsWith("Usage: conv4j conv2d-backprop-filter [-hV] -i=X.npy --filter-sizes=KH,KW,I,O"), out);
        for (String option : new String[] {"--input", "--filter-sizes", "--out-backprop", "--output", "--strides", "--padding",
            "--dilations", "--data-format", "--threads", "--algorithm"}) {
            assertTrue(out.contains(option), option);
        }
    }
}
