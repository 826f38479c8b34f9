package org.conv4j.cli;

import static org.conv4j.cli.Fixtures.assertSameTensor;
import static org.conv4j.cli.Fixtures.randomDoubles;
import static org.conv4j.cli.Fixtures.save;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.conv4j.DType;
import org.conv4j.Signal2d;
import org.conv4j.Signal2d.Boundary;
import org.conv4j.Signal2d.Mode;
import org.conv4j.Tensor;
import org.conv4j.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code conv4j convolve2d} and {@code conv4j correlate2d} end to end, against the library and by hand. */
class Signal2dCommandsTest {
    @TempDir
    Path dir;

    /** Runs the command on the files and returns what it wrote, checking it succeeded silently. */
    private Tensor run(String command, String in1, String in2, String... flags) throws IOException {
        Path output = dir.resolve("y.npy");
        List<String> args = new ArrayList<>(List.of(command, "--input", in1, "--kernel", in2, "--output", output.toString()));
        args.addAll(List.of(flags));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out(), "stdout");
        assertEquals("", r.err(), "stderr");
        return Npy.read(output);
    }

    @Test
    void tinyCasesByHand() throws IOException {
        String row = save(dir, "row.npy", Tensor.of(new float[] {1, 2, 3, 4}, 1, 4));
        String k = save(dir, "k.npy", Tensor.of(new float[] {1, 10}, 1, 2));

        // SciPy's defaults: full, zeros outside. Correlation reads (x, x+1); convolution flips the kernel.
        assertArrayEquals(new float[] {10, 21, 32, 43, 4}, run("correlate2d", row, k).floats());
        assertArrayEquals(new float[] {1, 12, 23, 34, 40}, run("convolve2d", row, k).floats());
        assertArrayEquals(new float[] {21, 32, 43, 4}, run("correlate2d", row, k, "--mode", "same").floats());
        assertArrayEquals(new float[] {21, 32, 43, 14}, run("correlate2d", row, k, "--mode", "same", "--boundary", "wrap")
                .floats());
        assertArrayEquals(new float[] {21, 32, 43, 44}, run("correlate2d", row, k, "--mode", "same", "--boundary", "symm")
                .floats());
        assertArrayEquals(new float[] {21, 32, 43, 4 + 10 * 0.5f},
                run("correlate2d", row, k, "--mode", "same", "--fillvalue", "0.5").floats());
        // valid with the larger input second: SciPy swaps them, and reverses a correlation.
        assertArrayEquals(new float[] {43, 32, 21}, run("correlate2d", k, row, "--mode", "valid").floats());
        assertArrayEquals(new float[] {12, 23, 34}, run("convolve2d", k, row, "--mode", "valid").floats());
    }

    static Stream<Arguments> flags() {
        List<Arguments> all = new ArrayList<>();
        for (String command : List.of("convolve2d", "correlate2d")) {
            all.add(Arguments.of(command, List.of(), Mode.FULL, Boundary.FILL, 0.0));
            for (Mode mode : Mode.values()) {
                for (Boundary boundary : Boundary.values()) {
                    all.add(Arguments.of(command, List.of("--mode", mode.scipyName(), "--boundary", boundary.scipyName(),
                            "--fillvalue", "-1.25"), mode, boundary, -1.25));
                }
            }
            all.add(Arguments.of(command, List.of("--mode=SAME", "--boundary=circular"), Mode.SAME, Boundary.WRAP, 0.0));
            all.add(Arguments.of(command, List.of("--boundary", "symmetric"), Mode.FULL, Boundary.SYMM, 0.0));
            all.add(Arguments.of(command, List.of("--boundary", "pad", "--fillvalue", "3e2"), Mode.FULL, Boundary.FILL, 300.0));
            all.add(Arguments.of(command, List.of("--fillvalue", "nan"), Mode.FULL, Boundary.FILL, Double.NaN));
            // NumPy's -inf, which picocli alone would take for the short option -i.
            all.add(Arguments.of(command, List.of("--fillvalue=-inf", "--mode", "same"), Mode.SAME, Boundary.FILL,
                    Double.NEGATIVE_INFINITY));
            all.add(Arguments.of(command, List.of("--fillvalue", "-inf", "--mode", "same"), Mode.SAME, Boundary.FILL,
                    Double.NEGATIVE_INFINITY));
            all.add(Arguments.of(command, List.of("--fillvalue", "-2.5"), Mode.FULL, Boundary.FILL, -2.5));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("flags")
    void everyFlagMatchesTheLibrary(String command, List<String> flags, Mode mode, Boundary boundary, double fill)
            throws IOException {
        Tensor in1 = Fixtures.randomFloats(1, 9, 70);
        Tensor in2 = Fixtures.randomFloats(2, 4, 3);
        String a = save(dir, "a.npy", in1);
        String k = save(dir, "k.npy", in2);

        Tensor y = run(command, a, k, flags.toArray(String[]::new));

        Tensor expected = command.equals("convolve2d") ? Signal2d.convolve2d(in1, in2, mode, boundary, fill)
                : Signal2d.correlate2d(in1, in2, mode, boundary, fill);
        assertSameTensor(expected, y);
    }

    @ParameterizedTest
    @ValueSource(strings = {"convolve2d", "correlate2d"})
    void float64InFloat64Out(String command) throws IOException {
        Tensor in1 = randomDoubles(3, 12, 11);
        Tensor in2 = randomDoubles(4, 5, 5);
        String a = save(dir, "a.npy", in1);
        String k = save(dir, "k.npy", in2);

        Tensor y = run(command, a, k, "--mode", "same", "--boundary", "symm");

        assertEquals(DType.FLOAT64, y.dtype());
        Tensor expected = command.equals("convolve2d") ? Signal2d.convolve2d(in1, in2, Mode.SAME, Boundary.SYMM)
                : Signal2d.correlate2d(in1, in2, Mode.SAME, Boundary.SYMM);
        assertSameTensor(expected, y);
    }

    @Test
    void shortOptionsAndOutputOverTheInput() throws IOException {
        Tensor in1 = Fixtures.randomFloats(5, 6, 6);
        Tensor in2 = Fixtures.randomFloats(6, 3, 3);
        String a = save(dir, "a.npy", in1);
        String k = save(dir, "k.npy", in2);

        Cli.Result r = Cli.run("correlate2d", "-i", a, "-k", k, "-o", a, "--mode", "valid");

        assertEquals(0, r.exitCode(), r::toString);
        assertSameTensor(Signal2d.correlate2d(in1, in2, Mode.VALID), Npy.read(Path.of(a)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("a.npy", "k.npy"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void verboseSaysWhatItDidOnStderr() throws IOException {
        String a = save(dir, "a.npy", Fixtures.randomFloats(7, 8, 9));
        String k = save(dir, "k.npy", Fixtures.randomFloats(8, 2, 3));
        String y = dir.resolve("y.npy").toString();

        Cli.Result r = Cli.run("--verbose", "convolve2d", "-i", a, "-k", k, "-o", y, "--mode", "same", "--fillvalue", "2");

        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out());
        List<String> lines = r.errLines();
        assertEquals(List.of("convolve2d float32 [8, 9] and [2, 3], mode same, boundary fill, fillvalue 2.0 -> [8, 9]"),
                lines.subList(0, 1));
        assertTrue(lines.get(1).matches("read [0-9.]+ ms, convolve2d [0-9.]+ ms, write [0-9.]+ ms"), lines.get(1));
    }

    @Test
    void largerProblemThroughTheFastPath() throws IOException {
        // Many bands of rows and long rows: the threads and vector loops of the library, through files.
        Random random = new Random(9);
        float[] data = new float[300 * 257];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        Tensor in1 = Tensor.of(data, 300, 257);
        Tensor in2 = Fixtures.randomFloats(10, 5, 5);
        String a = save(dir, "a.npy", in1);
        String k = save(dir, "k.npy", in2);

        assertSameTensor(Signal2d.correlate2d(in1, in2, Mode.SAME, Boundary.WRAP),
                run("correlate2d", a, k, "--mode", "same", "--boundary", "wrap"));
    }
}
