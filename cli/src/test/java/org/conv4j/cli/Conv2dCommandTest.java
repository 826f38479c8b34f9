package org.conv4j.cli;

import static org.conv4j.cli.Fixtures.assertSameTensor;
import static org.conv4j.cli.Fixtures.randomDoubles;
import static org.conv4j.cli.Fixtures.randomFloats;
import static org.conv4j.cli.Fixtures.save;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.conv4j.Algorithm;
import org.conv4j.Conv2d;
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

/** {@code conv4j conv2d} end to end: files in, file out, compared with the library and by hand. */
class Conv2dCommandTest {
    @TempDir
    Path dir;

    /** Runs conv2d on the files and returns what it wrote, checking it succeeded silently. */
    private Tensor conv2d(String input, String filter, String... flags) throws IOException {
        Path output = dir.resolve("y.npy");
        List<String> args = new ArrayList<>(List.of("conv2d", "--input", input, "--filter", filter, "--output", output.toString()));
        args.addAll(List.of(flags));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out(), "stdout");
        assertEquals("", r.err(), "stderr");
        return Npy.read(output);
    }

    @Test
    void tinyCaseComputedByHand() throws IOException {
        // 3x3 image 1..9, 2x2 filter [[1, 0], [0, 1]]: each output is a pixel plus its lower-right neighbour.
        String x = save(dir, "x.npy", Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1));
        String f = save(dir, "f.npy", Tensor.of(new float[] {1, 0, 0, 1}, 2, 2, 1, 1));

        Tensor y = conv2d(x, f);

        assertArrayEquals(new int[] {1, 2, 2, 1}, y.shape());
        assertArrayEquals(new float[] {1 + 5, 2 + 6, 4 + 8, 5 + 9}, y.floats());
    }

    @Test
    void tinySamePaddingPutsTheOddPixelAfter() throws IOException {
        // 1x3 row [1, 2, 3], 1x2 filter [1, 10], SAME: padded as [1, 2, 3, 0] (TensorFlow pads after).
        String x = save(dir, "x.npy", Tensor.of(new float[] {1, 2, 3}, 1, 1, 3, 1));
        String f = save(dir, "f.npy", Tensor.of(new float[] {1, 10}, 1, 2, 1, 1));

        Tensor y = conv2d(x, f, "--padding", "SAME");

        assertArrayEquals(new float[] {1 + 20, 2 + 30, 3 + 0}, y.floats());
    }

    @Test
    void tinyStridedDilatedExplicitPaddingByHand() throws IOException {
        // Row 1..5 padded left by 1: [0, 1, 2, 3, 4, 5]; filter taps [1, 1] dilated by 2, stride 2:
        // outputs at 0, 2: (0 + 2), (2 + 4).
        String x = save(dir, "x.npy", Tensor.of(new float[] {1, 2, 3, 4, 5}, 1, 1, 5, 1));
        String f = save(dir, "f.npy", Tensor.of(new float[] {1, 1}, 1, 2, 1, 1));

        Tensor y = conv2d(x, f, "--padding", "0,0,1,0", "--dilations", "1,2", "--strides", "1,2");

        assertArrayEquals(new int[] {1, 1, 2, 1}, y.shape());
        assertArrayEquals(new float[] {0 + 2, 2 + 4}, y.floats());
    }

    /** Flags, and the options the library must be given to compute the same thing. */
    static Stream<Arguments> flags() {
        return Stream.of(
                Arguments.of(List.of(), Conv2dOptions.DEFAULTS),
                Arguments.of(List.of("--strides", "2"), Conv2dOptions.builder().strides(2).build()),
                Arguments.of(List.of("--strides", "2,3"), Conv2dOptions.builder().strides(2, 3).build()),
                Arguments.of(List.of("--strides=1, 2"), Conv2dOptions.builder().strides(1, 2).build()),
                Arguments.of(List.of("--dilations", "2"), Conv2dOptions.builder().dilations(2).build()),
                Arguments.of(List.of("--dilations", "1,3"), Conv2dOptions.builder().dilations(1, 3).build()),
                Arguments.of(List.of("--padding", "SAME"), Conv2dOptions.builder().padding(Padding.SAME).build()),
                Arguments.of(List.of("--padding", "same"), Conv2dOptions.builder().padding(Padding.SAME).build()),
                Arguments.of(List.of("--padding", "VALID"), Conv2dOptions.builder().padding(Padding.VALID).build()),
                Arguments.of(List.of("--padding", "1,2,0,3"),
                        Conv2dOptions.builder().padding(Padding.explicit(1, 2, 0, 3)).build()),
                Arguments.of(List.of("--padding", "0,0,1,2,0,3,0,0"),
                        Conv2dOptions.builder().padding(Padding.explicit(1, 2, 0, 3)).build()),
                Arguments.of(List.of("--threads", "1"), Conv2dOptions.builder().threads(1).build()),
                Arguments.of(List.of("--threads", "3"), Conv2dOptions.builder().threads(3).build()),
                Arguments.of(List.of("--algorithm", "reference"),
                        Conv2dOptions.builder().algorithm(Algorithm.REFERENCE).build()),
                Arguments.of(List.of("--algorithm", "GEMM"), Conv2dOptions.builder().algorithm(Algorithm.GEMM).build()),
                Arguments.of(List.of("--algorithm", "auto"), Conv2dOptions.builder().algorithm(Algorithm.AUTO).build()),
                Arguments.of(List.of("--data-format", "NHWC"), Conv2dOptions.builder().dataFormat(DataFormat.NHWC).build()),
                Arguments.of(List.of("--strides", "2,1", "--dilations", "2,1", "--padding", "SAME", "--threads", "2",
                        "--algorithm", "gemm"),
                        Conv2dOptions.builder().strides(2, 1).dilations(2, 1).padding(Padding.SAME).threads(2)
                                .algorithm(Algorithm.GEMM).build()));
    }

    @ParameterizedTest
    @MethodSource("flags")
    void everyFlagMatchesTheLibrary(List<String> flags, Conv2dOptions options) throws IOException {
        Tensor input = randomFloats(1, 2, 9, 8, 4);
        Tensor filter = randomFloats(2, 3, 2, 4, 5);
        String x = save(dir, "x.npy", input);
        String f = save(dir, "f.npy", filter);

        Tensor y = conv2d(x, f, flags.toArray(String[]::new));

        assertSameTensor(Conv2d.conv2d(input, filter, options), y);
    }

    @Test
    void nchwMatchesTheLibraryAndKeepsTheLayout() throws IOException {
        Tensor input = randomFloats(3, 2, 4, 7, 6); // [N, C, H, W]
        Tensor filter = randomFloats(4, 3, 3, 4, 5);
        String x = save(dir, "x.npy", input);
        String f = save(dir, "f.npy", filter);

        Tensor y = conv2d(x, f, "--data-format", "nchw", "--padding", "SAME", "--strides", "2");

        assertArrayEquals(new int[] {2, 5, 4, 3}, y.shape());
        assertSameTensor(Conv2d.conv2d(input, filter, Conv2dOptions.builder()
                .dataFormat(DataFormat.NCHW).padding(Padding.SAME).strides(2).build()), y);
    }

    @Test
    void float64InFloat64Out() throws IOException {
        Tensor input = randomDoubles(5, 1, 6, 6, 3);
        Tensor filter = randomDoubles(6, 2, 2, 3, 2);
        String x = save(dir, "x.npy", input);
        String f = save(dir, "f.npy", filter);

        Tensor y = conv2d(x, f, "--padding", "SAME");

        assertEquals(DType.FLOAT64, y.dtype());
        assertSameTensor(Conv2d.conv2d(input, filter, Conv2dOptions.builder().padding(Padding.SAME).build()), y);
    }

    @Test
    void groupedConvolutionAndExtraBatchDimensions() throws IOException {
        Tensor input = randomFloats(7, 2, 3, 5, 5, 6); // two batch dimensions, 6 channels
        Tensor filter = randomFloats(8, 3, 3, 2, 9); // 3 groups of 2 channels
        String x = save(dir, "x.npy", input);
        String f = save(dir, "f.npy", filter);

        Tensor y = conv2d(x, f);

        assertArrayEquals(new int[] {2, 3, 3, 3, 9}, y.shape());
        assertSameTensor(Conv2d.conv2d(input, filter), y);
    }

    @Test
    void shortOptionsAndEqualsForm() throws IOException {
        Tensor input = randomFloats(9, 1, 5, 5, 2);
        Tensor filter = randomFloats(10, 2, 2, 2, 3);
        String x = save(dir, "x.npy", input);
        String f = save(dir, "f.npy", filter);
        Path output = dir.resolve("y.npy");

        Cli.Result r = Cli.run("conv2d", "-i", x, "-f=" + f, "--output=" + output, "--padding=SAME");

        assertEquals(0, r.exitCode(), r::toString);
        assertSameTensor(Conv2d.conv2d(input, filter, Conv2dOptions.builder().padding(Padding.SAME).build()),
                Npy.read(output));
    }

    @Test
    void outputMayBeTheInput() throws IOException {
        Tensor input = randomFloats(11, 1, 6, 6, 3);
        Tensor filter = randomFloats(12, 3, 3, 3, 3);
        String x = save(dir, "x.npy", input);
        String f = save(dir, "f.npy", filter);

        Cli.Result r = Cli.run("conv2d", "--input", x, "--filter", f, "--output", x, "--padding", "SAME");

        assertEquals(0, r.exitCode(), r::toString);
        Tensor expected = Conv2d.conv2d(input, filter, Conv2dOptions.builder().padding(Padding.SAME).build());
        assertSameTensor(expected, Npy.read(Path.of(x)));
        assertSameTensor(filter, Npy.read(Path.of(f)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("f.npy", "x.npy"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void outputMayBeTheFilter() throws IOException {
        Tensor input = randomFloats(13, 1, 4, 4, 2);
        Tensor filter = randomFloats(14, 2, 2, 2, 2);
        String x = save(dir, "x.npy", input);
        String f = save(dir, "f.npy", filter);

        Cli.Result r = Cli.run("conv2d", "--input", x, "--filter", f, "--output", f);

        assertEquals(0, r.exitCode(), r::toString);
        assertSameTensor(Conv2d.conv2d(input, filter), Npy.read(Path.of(f)));
    }

    @Test
    void existingOutputIsReplaced() throws IOException {
        Tensor input = randomFloats(15, 1, 4, 4, 2);
        Tensor filter = randomFloats(16, 2, 2, 2, 2);
        String x = save(dir, "x.npy", input);
        String f = save(dir, "f.npy", filter);
        Files.writeString(dir.resolve("y.npy"), "old contents, much longer than nothing at all ".repeat(100));

        Tensor y = conv2d(x, f);

        assertSameTensor(Conv2d.conv2d(input, filter), y);
    }

    @Test
    void verboseDescribesThePlanOnStderr() throws IOException {
        String x = save(dir, "x.npy", randomFloats(17, 1, 8, 8, 4));
        String f = save(dir, "f.npy", randomFloats(18, 3, 3, 4, 4));
        String y = dir.resolve("y.npy").toString();

        for (String[] args : List.of(
                new String[] {"conv2d", "--verbose", "-i", x, "-f", f, "-o", y, "--threads", "1"},
                new String[] {"--verbose", "conv2d", "-i", x, "-f", f, "-o", y, "--threads", "1"})) {
            Cli.Result r = Cli.run(args);

            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("", r.out());
            List<String> lines = r.errLines();
            assertEquals(2, lines.size(), r::toString);
            assertTrue(lines.get(0).startsWith("conv2d NHWC f32 n1 ih8x8 ic4 -> oh6x6 oc4"), lines.get(0));
            assertTrue(lines.get(0).endsWith("threads 1"), lines.get(0));
            assertTrue(lines.get(1).matches("read [0-9.]+ ms, conv2d [0-9.]+ ms \\([0-9.e+-]+ GFLOP/s\\), write [0-9.]+ ms"),
                    lines.get(1));
        }
    }

    @Test
    void emptyBatchGivesAnEmptyOutput() throws IOException {
        Tensor input = Tensor.zeros(DType.FLOAT32, 0, 4, 4, 2);
        Tensor filter = randomFloats(19, 2, 2, 2, 3);
        String x = save(dir, "x.npy", input);
        String f = save(dir, "f.npy", filter);

        Tensor y = conv2d(x, f);

        assertArrayEquals(new int[] {0, 3, 3, 3}, y.shape());
    }
}
