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
import org.conv4j.DType;
import org.conv4j.ExtractPatches;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.conv4j.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code conv4j extract-patches} end to end: files in, file out, compared by hand and with the
 * library. Its failures (one stderr line, no output file) are in {@link ErrorsTest}.
 */
class ExtractPatchesCommandTest {
    @TempDir
    Path dir;

    /** Runs extract-patches on the file and returns what it wrote, checking it succeeded silently. */
    private Tensor extract(String input, String... flags) throws IOException {
        Path output = dir.resolve("y.npy");
        List<String> args = new ArrayList<>(List.of("extract-patches", "--input", input, "--output", output.toString()));
        args.addAll(List.of(flags));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out(), "stdout");
        assertEquals("", r.err(), "stderr");
        return Npy.read(output);
    }

    @Test
    void tinySameCaseByHand() throws IOException {
        // TensorFlow's testKsize2x2Stride1x1Rate1x1Same: [[1, 2], [3, 4]], 2x2 windows, SAME pads
        // one row and one column after: each window is (pixel, right, below, below-right).
        String x = save(dir, "x.npy", Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1));

        Tensor y = extract(x, "--sizes", "2,2", "--padding", "SAME");

        assertArrayEquals(new int[] {1, 2, 2, 4}, y.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 2, 0, 4, 0, 3, 4, 0, 0, 4, 0, 0, 0}, y.floats());
    }

    @Test
    void tinyStridedDilatedValidByHand() throws IOException {
        // Row 0..6, windows of 2 taps 3 apart, stride 2, VALID: starts 0 and 2 -> (0, 3), (2, 5).
        String x = save(dir, "x.npy", Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6}, 1, 1, 7, 1));

        Tensor y = extract(x, "--sizes", "1,2", "--strides", "1,2", "--rates", "1,3", "--padding", "valid");

        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[] {0, 3, 2, 5}, y.floats());
    }

    /** Flags, and the attributes ({@code sizes, strides, rates}, padding) the library must be given. */
    static Stream<Arguments> flags() {
        return Stream.of(
                Arguments.of(List.of("--sizes", "3", "--padding", "SAME"), new int[][] {{3, 3}, {1, 1}, {1, 1}}, Padding.SAME),
                Arguments.of(List.of("--sizes", "2,3", "--padding", "valid"), new int[][] {{2, 3}, {1, 1}, {1, 1}},
                        Padding.VALID),
                Arguments.of(List.of("--sizes=3, 2", "--strides", "2", "--padding", "SAME"),
                        new int[][] {{3, 2}, {2, 2}, {1, 1}}, Padding.SAME),
                Arguments.of(List.of("--sizes", "2", "--strides", "2,3", "--rates", "2", "--padding", "Same"),
                        new int[][] {{2, 2}, {2, 3}, {2, 2}}, Padding.SAME),
                Arguments.of(List.of("--sizes", "3,2", "--rates", "1,2", "--padding", "VALID", "--threads", "1"),
                        new int[][] {{3, 2}, {1, 1}, {1, 2}}, Padding.VALID),
                Arguments.of(List.of("--sizes", "4", "--strides", "3", "--padding", "SAME", "--threads", "3"),
                        new int[][] {{4, 4}, {3, 3}, {1, 1}}, Padding.SAME));
    }

    @ParameterizedTest
    @MethodSource("flags")
    void everyFlagMatchesTheLibrary(List<String> flags, int[][] attributes, Padding padding) throws IOException {
        Tensor input = randomFloats(1, 2, 9, 8, 3);
        String x = save(dir, "x.npy", input);

        Tensor y = extract(x, flags.toArray(String[]::new));

        assertSameTensor(ExtractPatches.extractPatches(input, attributes[0], attributes[1], attributes[2], padding), y);
    }

    @Test
    void float64InFloat64Out() throws IOException {
        Tensor input = randomDoubles(2, 1, 6, 7, 2);
        String x = save(dir, "x.npy", input);

        Tensor y = extract(x, "--sizes", "3", "--padding", "SAME");

        assertEquals(DType.FLOAT64, y.dtype());
        assertSameTensor(ExtractPatches.extractPatches(input, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
                Padding.SAME), y);
    }

    @Test
    void outputMayBeTheInput() throws IOException {
        Tensor input = randomFloats(3, 1, 5, 5, 2);
        String x = save(dir, "x.npy", input);

        Cli.Result r = Cli.run("extract-patches", "-i", x, "-o", x, "--sizes", "2", "--padding", "VALID");

        assertEquals(0, r.exitCode(), r::toString);
        assertSameTensor(ExtractPatches.extractPatches(input, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1},
                Padding.VALID), Npy.read(Path.of(x)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("x.npy"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void emptyBatchAndEmptyValidOutput() throws IOException {
        String empty = save(dir, "e.npy", Tensor.zeros(DType.FLOAT32, 0, 4, 4, 2));
        assertArrayEquals(new int[] {0, 4, 4, 8}, extract(empty, "--sizes", "2", "--padding", "SAME").shape());

        // A window one pixel too large for VALID: TensorFlow's answer is an empty output, not an error.
        String small = save(dir, "s.npy", randomFloats(4, 1, 2, 2, 1));
        assertArrayEquals(new int[] {1, 0, 0, 9}, extract(small, "--sizes", "3", "--padding", "VALID").shape());
    }

    @Test
    void verboseDescribesThePlanOnStderr() throws IOException {
        String x = save(dir, "x.npy", randomFloats(5, 1, 8, 8, 4));
        String y = dir.resolve("y.npy").toString();

        Cli.Result r = Cli.run("extract-patches", "--verbose", "-i", x, "-o", y, "--sizes", "3", "--padding", "SAME",
                "--threads", "1");

        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out());
        List<String> lines = r.errLines();
        assertEquals(2, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("extract_patches NHWC f32 n1 ih8x8 ic4 -> oh8x8, patch 3x3x4 = 36 values"),
                lines.get(0));
        assertTrue(lines.get(0).endsWith("threads 1"), lines.get(0));
        assertTrue(lines.get(1).matches("read [0-9.]+ ms, extract_patches [0-9.]+ ms \\([0-9.e+-]+ GB/s written\\), "
                + "write [0-9.]+ ms"), lines.get(1));
    }

    @Test
    void helpDocumentsEveryOptionAndTheDefaults() {
        Cli.Result r = Cli.run("extract-patches", "--help");

        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.err());
        String out = r.out();
        assertTrue(out.startsWith("Usage: conv4j extract-patches [-hV] -i=X.npy -o=Y.npy --sizes=KH,KW"), out);
        for (String option : new String[] {"--input", "--output", "--sizes", "--strides", "--rates", "--padding",
            "--threads", "--verbose", "--help", "--version"}) {
            assertTrue(out.contains(option), option);
        }
        assertTrue(out.contains("tf.image.extract_patches has no defaults"), out);
        assertTrue(out.contains("--strides and --rates default to 1"), out);
    }
}
