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
import org.conv4j.Conv2dBackpropInput;
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

/**
 * {@code conv4j conv2d-backprop-input} and {@code conv4j conv2d-transpose} end to end: files in,
 * file out, compared with the library and by hand. Failures are in {@link ErrorsTest}.
 */
class Conv2dBackpropInputCommandTest {
    @TempDir
    Path dir;

    /** Runs the command on these arguments and returns what it wrote, checking it succeeded silently. */
    private Tensor run(String command, List<String> args) throws IOException {
        Path output = dir.resolve("y.npy");
        List<String> all = new ArrayList<>(List.of(command, "--output", output.toString()));
        all.addAll(args);
        Cli.Result r = Cli.run(all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out(), "stdout");
        assertEquals("", r.err(), "stderr");
        return Npy.read(output);
    }

    @Test
    void tinyBackpropInputByHand() throws IOException {
        // Forward: 1x3 row, 1x2 filter [1, 10], VALID: y0 = x0 + 10 x1, y1 = x1 + 10 x2.
        // Gradient for dy = [1, 2]: dx = [1, 10 + 2, 20].
        String f = save(dir, "f.npy", Tensor.of(new float[] {1, 10}, 1, 2, 1, 1));
        String dy = save(dir, "dy.npy", Tensor.of(new float[] {1, 2}, 1, 1, 2, 1));

        Tensor dx = run("conv2d-backprop-input", List.of("--input-sizes", "1,1,3,1", "--filter", f, "--out-backprop", dy,
                "--padding", "VALID"));

        assertArrayEquals(new int[] {1, 1, 3, 1}, dx.shape());
        assertArrayEquals(new float[] {1, 12, 20}, dx.floats());
    }

    @Test
    void tinyTransposeByHandWithTheSameDefault() throws IOException {
        // Stride 2, 1x1 filter [3], SAME (the default): each input pixel lands on every other output pixel.
        String x = save(dir, "x.npy", Tensor.of(new float[] {1, 2}, 1, 1, 2, 1));
        String f = save(dir, "f.npy", Tensor.of(new float[] {3}, 1, 1, 1, 1));

        Tensor y = run("conv2d-transpose", List.of("--input", x, "--filter", f, "--output-shape", "1,1,4,1", "--strides", "2"));

        assertArrayEquals(new float[] {3, 0, 6, 0}, y.floats());
    }

    /** Flags, and the options the library must be given to compute the same thing. */
    static Stream<Arguments> flags() {
        return Stream.of(
                Arguments.of(List.of("--padding", "SAME"), Conv2dOptions.builder().padding(Padding.SAME).build()),
                Arguments.of(List.of("--padding", "valid"), Conv2dOptions.builder().padding(Padding.VALID).build()),
                Arguments.of(List.of("--padding", "1,0,2,1"), Conv2dOptions.builder().padding(Padding.explicit(1, 0, 2, 1)).build()),
                Arguments.of(List.of("--padding", "SAME", "--strides", "2"),
                        Conv2dOptions.builder().padding(Padding.SAME).strides(2).build()),
                Arguments.of(List.of("--padding", "SAME", "--strides", "3,2"),
                        Conv2dOptions.builder().padding(Padding.SAME).strides(3, 2).build()),
                Arguments.of(List.of("--padding", "SAME", "--dilations", "2,1"),
                        Conv2dOptions.builder().padding(Padding.SAME).dilations(2, 1).build()),
                Arguments.of(List.of("--padding", "SAME", "--strides", "2", "--threads", "1", "--algorithm", "gemm"),
                        Conv2dOptions.builder().padding(Padding.SAME).strides(2).threads(1).algorithm(Algorithm.GEMM).build()),
                Arguments.of(List.of("--padding", "VALID", "--algorithm", "reference"),
                        Conv2dOptions.builder().algorithm(Algorithm.REFERENCE).build()));
    }

    @ParameterizedTest
    @MethodSource("flags")
    void backpropInputFlagsMatchTheLibrary(List<String> flags, Conv2dOptions options) throws IOException {
        int[] sizes = {2, 9, 8, 4};
        Tensor filter = randomFloats(2, 3, 2, 4, 5);
        int[] dyShape = org.conv4j.Conv2d.outputShape(sizes, filter.shape(), options);
        Tensor dy = randomFloats(1, dyShape);
        List<String> args = new ArrayList<>(List.of("--input-sizes", "2,9,8,4", "--filter", save(dir, "f.npy", filter),
                "--out-backprop", save(dir, "dy.npy", dy)));
        args.addAll(flags);

        Tensor dx = run("conv2d-backprop-input", args);

        assertSameTensor(Conv2dBackpropInput.conv2dBackpropInput(sizes, filter, dy, options), dx);
    }

    @ParameterizedTest
    @MethodSource("flags")
    void transposeFlagsMatchTheLibrary(List<String> flags, Conv2dOptions options) throws IOException {
        int[] outputShape = {2, 9, 8, 4};
        Tensor filter = randomFloats(3, 3, 2, 4, 5);
        Tensor x = randomFloats(4, org.conv4j.Conv2d.outputShape(outputShape, filter.shape(), options));
        List<String> args = new ArrayList<>(List.of("--input", save(dir, "x.npy", x), "--filter", save(dir, "f.npy", filter),
                "--output-shape", "2, 9, 8, 4"));
        args.addAll(flags);

        Tensor y = run("conv2d-transpose", args);

        assertSameTensor(Conv2dBackpropInput.conv2dTranspose(x, filter, outputShape, options), y);
    }

    @Test
    void nchwGroupsAndFloat64() throws IOException {
        int[] sizes = {2, 6, 7, 5}; // NCHW: 6 channels = 3 groups of 2
        Tensor filter = randomDoubles(5, 3, 3, 2, 9);
        Conv2dOptions options = Conv2dOptions.builder().dataFormat(DataFormat.NCHW).strides(2).padding(Padding.SAME).build();
        Tensor dy = randomDoubles(6, org.conv4j.Conv2d.outputShape(sizes, filter.shape(), options));

        Tensor dx = run("conv2d-backprop-input", List.of("--input-sizes", "2,6,7,5", "-f", save(dir, "f.npy", filter),
                "--out-backprop", save(dir, "dy.npy", dy), "--data-format", "nchw", "--strides", "2", "--padding", "SAME"));

        assertEquals(DType.FLOAT64, dx.dtype());
        assertSameTensor(Conv2dBackpropInput.conv2dBackpropInput(sizes, filter, dy, options), dx);
    }

    @Test
    void spatialInputSizesTakeBatchAndDepthFromTheTensors() throws IOException {
        Tensor filter = randomFloats(7, 2, 2, 3, 2);
        Tensor dy = randomFloats(8, 2, 4, 3, 2);

        Tensor dx = run("conv2d-backprop-input", List.of("--input-sizes", "5,4", "--filter", save(dir, "f.npy", filter),
                "--out-backprop", save(dir, "dy.npy", dy), "--padding", "VALID"));

        assertArrayEquals(new int[] {2, 5, 4, 3}, dx.shape());
        assertSameTensor(Conv2dBackpropInput.conv2dBackpropInput(new int[] {5, 4}, filter, dy, Conv2dOptions.DEFAULTS), dx);
    }

    @Test
    void outputMayBeAnInput() throws IOException {
        Tensor filter = randomFloats(9, 3, 3, 2, 2);
        Tensor dy = randomFloats(10, 1, 5, 5, 2);
        String f = save(dir, "f.npy", filter);
        String g = save(dir, "dy.npy", dy);

        Cli.Result r = Cli.run("conv2d-backprop-input", "--input-sizes", "1,5,5,2", "-f", f, "--out-backprop", g, "-o", g,
                "--padding", "SAME");

        assertEquals(0, r.exitCode(), r::toString);
        assertSameTensor(Conv2dBackpropInput.conv2dBackpropInput(new int[] {1, 5, 5, 2}, filter, dy,
                Conv2dOptions.builder().padding(Padding.SAME).build()), Npy.read(Path.of(g)));
    }

    @Test
    void verboseDescribesThePlanOnStderr() throws IOException {
        String f = save(dir, "f.npy", randomFloats(11, 3, 3, 4, 4));
        String x = save(dir, "x.npy", randomFloats(12, 1, 4, 4, 4));
        Cli.Result r = Cli.run("conv2d-transpose", "--verbose", "-i", x, "-f", f, "--output-shape", "1,8,8,4", "--strides", "2",
                "-o", dir.resolve("y.npy").toString(), "--threads", "1");

        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.errLines();
        assertEquals(2, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("conv2d_backprop_input NHWC f32 n1 ih8x8 ic4 -> oh4x4 oc4"), lines.get(0));
        assertTrue(lines.get(0).contains("4 sub-pixel phases"), lines.get(0));
        assertTrue(lines.get(0).endsWith("threads 1"), lines.get(0));
        assertTrue(lines.get(1).matches(
                "read [0-9.]+ ms, conv2d-transpose [0-9.]+ ms \\([0-9.e+-]+ GFLOP/s\\), write [0-9.]+ ms"), lines.get(1));
    }

    @Test
    void helpDocumentsTheDefaults() {
        Cli.Result r = Cli.run("conv2d-transpose", "--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Usage: conv4j conv2d-transpose [-hV] -i=X.npy -f=F.npy --output-shape=N,H,W,C"), r::toString);
        assertTrue(r.out().contains("--padding defaults to SAME, as in tf.nn.conv2d_transpose."), r::toString);

        r = Cli.run("conv2d-backprop-input", "--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Usage: conv4j conv2d-backprop-input [-hV] --input-sizes=N,H,W,C -f=F.npy"), r::toString);
        assertTrue(r.out().contains("--padding has no default, as in TensorFlow"), r::toString);
    }
}
