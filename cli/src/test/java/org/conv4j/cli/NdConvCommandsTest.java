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
import org.conv4j.Convolution;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.conv4j.io.Npy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code conv4j conv1d}, {@code conv3d} and {@code convolution} end to end: files in, file out,
 * compared with the library and by hand; and every failure as one line on stderr, exit 2 for
 * usage and 1 for the rest, with no output file left (or the old one untouched), as
 * {@link ErrorsTest} checks for the other commands.
 */
class NdConvCommandsTest {
    private static final byte[] OLD_OUTPUT = "previous result, must survive a failed run".getBytes();

    @TempDir
    Path dir;
    String x1;
    String f1;
    String x3;
    String f3;
    String y;

    @BeforeEach
    void files() throws IOException {
        x1 = save(dir, "x1.npy", randomFloats(1, 2, 9, 4));
        f1 = save(dir, "f1.npy", randomFloats(2, 3, 4, 5));
        x3 = save(dir, "x3.npy", randomFloats(3, 1, 4, 5, 6, 2));
        f3 = save(dir, "f3.npy", randomFloats(4, 2, 2, 2, 2, 3));
        y = dir.resolve("y.npy").toString();
    }

    /** Runs the command and returns what it wrote, checking it succeeded silently. */
    private Tensor run(String command, String input, String filter, String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of(command, "--input", input, "--filter", filter, "--output", y));
        args.addAll(List.of(flags));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out(), "stdout");
        assertEquals("", r.err(), "stderr");
        return Npy.read(Path.of(y));
    }

    // ------------------------------------------------------------------------------------------
    // Results
    // ------------------------------------------------------------------------------------------

    @Test
    void conv1dTinyCaseByHand() throws IOException {
        // [1, 2, 3, 4] with taps [2, 1] (testBasic of TF's conv1d_test.py), and a causal padding.
        String x = save(dir, "x.npy", Tensor.of(new float[] {1, 2, 3, 4}, 1, 4, 1));
        String f = save(dir, "f.npy", Tensor.of(new float[] {2, 1}, 2, 1, 1));

        assertArrayEquals(new float[] {4, 7, 10}, run("conv1d", x, f).floats());
        assertArrayEquals(new float[] {4, 10}, run("conv1d", x, f, "--strides", "2").floats());
        // Padded as [0, 1, 2, 3, 4]: 2*0 + 1, 2*1 + 2, 2*2 + 3, 2*3 + 4.
        assertArrayEquals(new float[] {1, 4, 7, 10}, run("conv1d", x, f, "--padding", "1,0").floats());
        // Dilation 2: taps 2 apart: 2*1 + 3, 2*2 + 4.
        assertArrayEquals(new float[] {5, 8}, run("conv1d", x, f, "--dilations", "2").floats());
    }

    @Test
    void conv3dTinyCaseByHand() throws IOException {
        // A 2x2x2 cube 1..8 and a 2x1x1 filter [1, 10]: each output is a voxel plus 10 times the one behind it.
        String x = save(dir, "x.npy", Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2, 1));
        String f = save(dir, "f.npy", Tensor.of(new float[] {1, 10}, 2, 1, 1, 1, 1));

        Tensor out = run("conv3d", x, f);
        assertArrayEquals(new int[] {1, 1, 2, 2, 1}, out.shape());
        assertArrayEquals(new float[] {1 + 50, 2 + 60, 3 + 70, 4 + 80}, out.floats());
        // SAME pads the odd voxel behind (TensorFlow's rule): the back slice meets zeros.
        Tensor same = run("conv3d", x, f, "--padding", "SAME");
        assertArrayEquals(new float[] {51, 62, 73, 84, 5, 6, 7, 8}, same.floats());
    }

    /** Flags of each command, and the library call that must give the same tensor. */
    static Stream<Arguments> flags() {
        Conv2dOptions.Builder o = Conv2dOptions.builder();
        return Stream.of(
                Arguments.of("conv1d", List.of(), o.build()),
                Arguments.of("conv1d", List.of("--strides", "2", "--dilations", "2", "--padding", "SAME"),
                        Conv2dOptions.builder().strides(2).dilations(2).padding(Padding.SAME).build()),
                Arguments.of("conv1d", List.of("--padding", "2,0", "--data-format", "nwc", "--threads", "1"),
                        Conv2dOptions.builder().padding(Padding.explicit(2, 0)).threads(1).build()),
                Arguments.of("conv1d", List.of("--data-format", "NHWC", "--algorithm", "reference"),
                        Conv2dOptions.builder().algorithm(Algorithm.REFERENCE).build()),
                Arguments.of("conv3d", List.of(), o.build()),
                Arguments.of("conv3d", List.of("--strides", "1,2,2", "--padding", "same", "--threads", "2"),
                        Conv2dOptions.builder().strides(1, 2, 2).padding(Padding.SAME).threads(2).build()),
                Arguments.of("conv3d", List.of("--dilations", "2", "--padding", "1,1,0,1,1,0", "--algorithm", "gemm"),
                        Conv2dOptions.builder().dilations(2).padding(Padding.explicit(1, 1, 0, 1, 1, 0))
                                .algorithm(Algorithm.GEMM).build()),
                Arguments.of("conv3d", List.of("--strides=2", "--dilations=1, 1, 2", "--data-format", "NDHWC"),
                        Conv2dOptions.builder().strides(2).dilations(1, 1, 2).build()),
                Arguments.of("convolution", List.of("--strides", "2,1,1", "--padding", "SAME"),
                        Conv2dOptions.builder().strides(2, 1, 1).padding(Padding.SAME).build()),
                Arguments.of("convolution", List.of("--data-format", "CHANNELS_LAST", "--padding", "0,1,1,0,0,1"),
                        Conv2dOptions.builder().padding(Padding.explicit(0, 1, 1, 0, 0, 1)).build()));
    }

    @ParameterizedTest
    @MethodSource("flags")
    void everyFlagMatchesTheLibrary(String command, List<String> flags, Conv2dOptions options) throws IOException {
        boolean oneD = command.equals("conv1d");
        Tensor input = Npy.read(Path.of(oneD ? x1 : x3));
        Tensor filter = Npy.read(Path.of(oneD ? f1 : f3));

        Tensor out = run(command, oneD ? x1 : x3, oneD ? f1 : f3, flags.toArray(String[]::new));

        Tensor expected = switch (command) {
            case "conv1d" -> Convolution.conv1d(input, filter, options);
            case "conv3d" -> Convolution.conv3d(input, filter, options);
            default -> Convolution.convolution(input, filter, options);
        };
        assertSameTensor(expected, out);
    }

    @Test
    void channelsFirstKeepsTheLayout() throws IOException {
        Tensor input1 = randomFloats(5, 2, 4, 11); // [N, C, W]
        Tensor filter1 = randomFloats(6, 3, 4, 6);
        Tensor input3 = randomDoubles(7, 2, 2, 3, 5, 4); // [N, C, D, H, W]
        Tensor filter3 = randomDoubles(8, 2, 3, 2, 2, 5);
        String x = save(dir, "x.npy", input1);
        String f = save(dir, "f.npy", filter1);
        String xx = save(dir, "xx.npy", input3);
        String ff = save(dir, "ff.npy", filter3);

        Tensor ncw = run("conv1d", x, f, "--data-format", "NCW", "--padding", "SAME");
        assertArrayEquals(new int[] {2, 6, 11}, ncw.shape());
        assertSameTensor(Convolution.conv1d(input1, filter1, Conv2dOptions.builder().dataFormat(DataFormat.NCHW)
                .padding(Padding.SAME).build()), ncw);

        Tensor ncdhw = run("conv3d", xx, ff, "--data-format", "ncdhw", "--strides", "1,2,1");
        assertEquals(DType.FLOAT64, ncdhw.dtype());
        assertArrayEquals(new int[] {2, 5, 2, 2, 3}, ncdhw.shape());
        assertSameTensor(Convolution.conv3d(input3, filter3, Conv2dOptions.builder().dataFormat(DataFormat.NCHW)
                .strides(1, 2, 1).build()), ncdhw);

        assertSameTensor(ncdhw, run("convolution", xx, ff, "--data-format", "CHANNELS_FIRST", "--strides", "1,2,1"));
    }

    @Test
    void convolutionPicksTheOperationByTheFiltersRank() throws IOException {
        assertSameTensor(Convolution.conv1d(Npy.read(Path.of(x1)), Npy.read(Path.of(f1)), Conv2dOptions.DEFAULTS),
                run("convolution", x1, f1));
        assertSameTensor(Convolution.conv3d(Npy.read(Path.of(x3)), Npy.read(Path.of(f3)), Conv2dOptions.DEFAULTS),
                run("convolution", x3, f3));
        Tensor input2 = randomFloats(9, 1, 6, 7, 3);
        Tensor filter2 = randomFloats(10, 3, 2, 3, 4);
        assertSameTensor(Conv2d.conv2d(input2, filter2, Conv2dOptions.builder().strides(2, 1).build()), run("convolution",
                save(dir, "x2.npy", input2), save(dir, "f2.npy", filter2), "--strides", "2,1", "--data-format", "NHWC"));
    }

    @Test
    void groupsAndExtraBatchDimensions() throws IOException {
        Tensor input = randomFloats(11, 2, 2, 3, 4, 4, 6); // rank 6, 6 channels
        Tensor filter = randomFloats(12, 2, 2, 2, 2, 9); // 3 groups of 2 channels
        Tensor out = run("conv3d", save(dir, "x.npy", input), save(dir, "f.npy", filter));
        assertArrayEquals(new int[] {2, 2, 2, 3, 3, 9}, out.shape());
        assertSameTensor(Convolution.conv3d(input, filter, Conv2dOptions.DEFAULTS), out);
    }

    @Test
    void outputMayBeTheInput() throws IOException {
        Tensor input = Npy.read(Path.of(x3));
        Cli.Result r = Cli.run("conv3d", "-i", x3, "-f", f3, "-o", x3, "--padding", "SAME");
        assertEquals(0, r.exitCode(), r::toString);
        assertSameTensor(Convolution.conv3d(input, Npy.read(Path.of(f3)), Conv2dOptions.builder().padding(Padding.SAME)
                .build()), Npy.read(Path.of(x3)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv1d", "conv3d", "convolution"})
    void verboseDescribesThePlanOnStderr(String command) {
        boolean oneD = command.equals("conv1d");
        Cli.Result r = Cli.run(command, "--verbose", "-i", oneD ? x1 : x3, "-f", oneD ? f1 : f3, "-o", y, "--threads", "1");

        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out());
        List<String> lines = r.errLines();
        assertEquals(2, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith(oneD ? "conv1d as conv2d NHWC f32 n2 ih1x9 ic4 -> oh1x7 oc5"
                : "conv3d NDHWC f32 n1 id4x5x6 ic2 -> od3x4x5 oc3"), lines.get(0));
        assertTrue(lines.get(0).endsWith("threads 1"), lines.get(0));
        assertTrue(lines.get(1).matches("read [0-9.]+ ms, " + command + " [0-9.]+ ms \\([0-9.e+-]+ GFLOP/s\\), write [0-9.]+ ms"),
                lines.get(1));
    }

    @Test
    void helpDocumentsTheOptions() {
        for (String command : new String[] {"conv1d", "conv3d", "convolution"}) {
            Cli.Result r = Cli.run(command, "--help");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("", r.err());
            assertTrue(r.out().startsWith("Usage: conv4j " + command + " [-hV] [--verbose] -i=X.npy -f=F.npy -o=Y.npy"),
                    r::toString);
            for (String option : new String[] {"--input", "--filter", "--output", "--strides", "--dilations", "--padding",
                "--data-format", "--threads", "--algorithm"}) {
                assertTrue(r.out().contains(option), command + " " + option);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Failures
    // ------------------------------------------------------------------------------------------

    /**
     * Arguments, exit code, and the exact error line (or its start, if it ends with "...");
     * {x1}, {f1}, {x3}, {f3}, {y} stand for the files.
     */
    static Stream<Arguments> failures() {
        return Stream.of(
                // Usage errors: exit 2.
                Arguments.of("conv1d -i {x1} -f {f1}", 2,
                        "conv4j conv1d: error: Missing required option: '--output=Y.npy' (see 'conv4j conv1d --help')"),
                Arguments.of("conv1d -i {x1} -f {f1} -o {y} --strides 1,1", 2,
                        "conv4j conv1d: error: --strides must be a positive integer, got '1,1' (see 'conv4j conv1d --help')"),
                Arguments.of("conv1d -i {x1} -f {f1} -o {y} --dilations 0", 2,
                        "conv4j conv1d: error: --dilations must be a positive integer, got '0' (see 'conv4j conv1d --help')"),
                Arguments.of("conv1d -i {x1} -f {f1} -o {y} --padding 1,1,1,1", 2, "conv4j conv1d: error: --padding must be "
                        + "SAME, VALID or L,R (2 non-negative integers), got '1,1,1,1' (see 'conv4j conv1d --help')"),
                Arguments.of("conv1d -i {x1} -f {f1} -o {y} --data-format NDHWC", 2, "conv4j conv1d: error: --data-format "
                        + "must be NWC or NCW, got 'NDHWC' (see 'conv4j conv1d --help')"),
                Arguments.of("conv3d -i {x3} -f {f3} -o {y} --strides 1,2", 2, "conv4j conv3d: error: --strides must be 1 or 3 "
                        + "comma-separated positive integers, got '1,2' (see 'conv4j conv3d --help')"),
                Arguments.of("conv3d -i {x3} -f {f3} -o {y} --dilations a", 2, "conv4j conv3d: error: --dilations must be 1 or 3 "
                        + "comma-separated positive integers, got 'a' (see 'conv4j conv3d --help')"),
                Arguments.of("conv3d -i {x3} -f {f3} -o {y} --padding 1,1", 2, "conv4j conv3d: error: --padding must be SAME, "
                        + "VALID or F,B,T,B,L,R (6 non-negative integers), got '1,1' (see 'conv4j conv3d --help')"),
                Arguments.of("conv3d -i {x3} -f {f3} -o {y} --data-format NWC", 2, "conv4j conv3d: error: --data-format must "
                        + "be NDHWC or NCDHW, got 'NWC' (see 'conv4j conv3d --help')"),
                Arguments.of("conv3d -i {x3} -f {f3} -o {y} --threads -2", 2, "conv4j conv3d: error: --threads must be a whole "
                        + "number, 0 (all processors) or more, got '-2' (see 'conv4j conv3d --help')"),
                Arguments.of("convolution -i {x3} -f {f3} -o {y} --strides 1,1,1,1", 2, "conv4j convolution: error: --strides "
                        + "must be 1 to 3 comma-separated positive integers, got '1,1,1,1' (see 'conv4j convolution --help')"),
                Arguments.of("convolution -i {x3} -f {f3} -o {y} --data-format NHCW", 2, "conv4j convolution: error: "
                        + "--data-format must be NWC, NHWC, NDHWC, CHANNELS_LAST or NCW, NCHW, NCDHW, CHANNELS_FIRST, got "
                        + "'NHCW' (see 'conv4j convolution --help')"),
                // Failures: exit 1, in TensorFlow's words.
                Arguments.of("conv1d -i {x1} -f {f3} -o {y}", 1, "conv4j conv1d: error: convolution filter must be "
                        + "4-dimensional: [1,2,2,2,2,3] (conv1d inserts a height of 1 into its input [2,9,4] and filter "
                        + "[2,2,2,2,3]; it takes an input of rank 3 or more and a filter of rank 3)"),
                Arguments.of("conv1d -i {x1} -f {f1} -o {y} --dilations 5", 1, "conv4j conv1d: error: Computed output size "
                        + "would be negative: -1 [input_size: 9, effective_filter_size: 11, stride: 1]"),
                Arguments.of("conv3d -i {x1} -f {f3} -o {y}", 1, "conv4j conv3d: error: input must be 5-dimensional, got shape "
                        + "[2,9,4]"),
                Arguments.of("conv3d -i {x3} -f {f1} -o {y}", 1, "conv4j conv3d: error: filter must be 5-dimensional, got "
                        + "shape [3,4,5]"),
                Arguments.of("conv3d -i {f3} -f {f3} -o {y}", 1, "conv4j conv3d: error: Input depth must be evenly divisible "
                        + "by filter depth: 3 vs 2"),
                Arguments.of("convolution -i {x3} -f {x1} -o {y} --strides 2,1", 1, "conv4j convolution: error: strides should "
                        + "be of length 1, 1 or 3. Received: strides=[2, 1] of length 2"),
                Arguments.of("convolution -i {x3} -f {y} -o {y}", 1, "conv4j convolution: error: --filter {y}: no such file or "
                        + "directory"),
                Arguments.of("convolution -i {x3} -f {f3} -o {y} --padding 1,1", 1, "conv4j convolution: error: explicit "
                        + "padding for conv3d takes 6 values (front, back, top, bottom, left, right), got 2: [1, 1]"));
    }

    @ParameterizedTest(name = "conv4j {0}")
    @MethodSource("failures")
    void failsWithOneLineAndNoOutput(String args, int exitCode, String message) throws IOException {
        Files.deleteIfExists(Path.of(y));
        List<String> before = listing();
        Cli.Result r = Cli.run(words(args));
        assertEquals(exitCode, r.exitCode(), r::toString);
        assertEquals("", r.out(), "stdout");
        assertEquals(1, r.errLines().size(), r::toString);
        assertEquals(files(message), r.errLines().get(0), r::toString);
        assertEquals(before, listing(), "files in the directory");

        if (!args.contains("-f {y}")) {
            // An existing output file survives byte for byte.
            Files.write(Path.of(y), OLD_OUTPUT);
            r = Cli.run(words(args));
            assertEquals(exitCode, r.exitCode(), r::toString);
            assertArrayEquals(OLD_OUTPUT, Files.readAllBytes(Path.of(y)));
        }
    }

    /** The arguments with the placeholders replaced by the test's files. */
    private String[] words(String args) {
        return files(args).split(" ");
    }

    private String files(String text) {
        return text.replace("{x1}", x1).replace("{f1}", f1).replace("{x3}", x3).replace("{f3}", f3).replace("{y}", y);
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
