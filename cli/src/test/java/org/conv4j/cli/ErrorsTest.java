package org.conv4j.cli;

import static org.conv4j.cli.Fixtures.randomFloats;
import static org.conv4j.cli.Fixtures.save;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every failure: one line on stderr naming the problem, nothing on stdout, exit 2 for usage and
 * 1 for everything else, and the output file untouched: not created, or byte-for-byte what it
 * was, and no temporary file left behind.
 */
class ErrorsTest {
    private static final byte[] OLD_OUTPUT = "previous result, must survive a failed run".getBytes();

    @TempDir
    Path dir;
    String x;
    String f;
    String y;

    @BeforeEach
    void files() throws IOException {
        x = save(dir, "x.npy", randomFloats(1, 1, 5, 5, 3));
        f = save(dir, "f.npy", randomFloats(2, 2, 2, 3, 4));
        y = dir.resolve("y.npy").toString();
        save(dir, "bad_depth.npy", randomFloats(3, 2, 2, 2, 4));
        save(dir, "big.npy", randomFloats(6, 7, 7, 3, 2));
        save(dir, "f64.npy", Fixtures.randomDoubles(4, 2, 2, 3, 4));
        save(dir, "rank3.npy", randomFloats(5, 2, 2, 3));
        Files.writeString(dir.resolve("garbage.npy"), "hello world, I am not an array");
        byte[] whole = Files.readAllBytes(Path.of(f));
        Files.write(dir.resolve("truncated.npy"), Arrays.copyOf(whole, whole.length - 92));
        Files.createDirectory(dir.resolve("subdir"));
    }

    /**
     * Arguments, exit code, and the exact error line (or its start, if it ends with "...");
     * {x}, {f}, {y} and so on stand for files.
     */
    static Stream<Arguments> failures() {
        String usage = " (see 'conv4j conv2d --help')";
        return Stream.of(
                // Usage errors: exit 2.
                Arguments.of("conv2d -i {x} -f {f}", 2,
                        "conv4j conv2d: error: Missing required option: '--output=Y.npy'" + usage),
                Arguments.of("conv2d", 2, "conv4j conv2d: error: Missing required options: '--input=X.npy', "
                        + "'--filter=F.npy', '--output=Y.npy'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --padding FULL", 2, "conv4j conv2d: error: --padding must be "
                        + "SAME, VALID or T,B,L,R (4 non-negative integers), got 'FULL'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --padding 1,2,3", 2, "conv4j conv2d: error: --padding must be "
                        + "SAME, VALID or T,B,L,R (4 non-negative integers), got '1,2,3'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --padding 1,1,-1,1", 2, "conv4j conv2d: error: --padding must be "
                        + "SAME, VALID or T,B,L,R (4 non-negative integers), got '1,1,-1,1'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --strides a,b", 2, "conv4j conv2d: error: --strides must be "
                        + "1 or 2 comma-separated positive integers, got 'a,b'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --strides 0", 2, "conv4j conv2d: error: --strides must be "
                        + "1 or 2 comma-separated positive integers, got '0'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --strides 1,1,1,1", 2, "conv4j conv2d: error: --strides must be "
                        + "1 or 2 comma-separated positive integers, got '1,1,1,1'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --dilations 2,", 2, "conv4j conv2d: error: --dilations must be "
                        + "1 or 2 comma-separated positive integers, got '2,'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --data-format NWHC", 2,
                        "conv4j conv2d: error: --data-format must be NHWC or NCHW, got 'NWHC'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --algorithm fast", 2,
                        "conv4j conv2d: error: --algorithm must be auto, reference, gemm or winograd, got 'fast'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --threads -1", 2,
                        "conv4j conv2d: error: --threads must be a whole number, 0 (all processors) or more, got '-1'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --threads many", 2,
                        "conv4j conv2d: error: --threads must be a whole number, 0 (all processors) or more, got 'many'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --stride 2", 2,
                        "conv4j conv2d: error: Unknown options: '--stride', '2'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} extra", 2,
                        "conv4j conv2d: error: Unmatched argument at index 7: 'extra'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o", 2,
                        "conv4j conv2d: error: Missing required parameter for option '--output' (Y.npy)" + usage),
                Arguments.of("", 2, "conv4j: error: no command given; expected one of conv2d, demo, bench (see 'conv4j --help')"),
                Arguments.of("conv3d", 2, "conv4j: error: Unmatched argument at index 0: 'conv3d' (see 'conv4j --help')"),
                // Failures: exit 1.
                Arguments.of("conv2d -i {x} -f {bad_depth} -o {y}", 1,
                        "conv4j conv2d: error: input depth must be evenly divisible by filter depth: 3 vs 2"),
                Arguments.of("conv2d -i {x} -f {f64} -o {y}", 1, "conv4j conv2d: error: cannot compute Conv2D as input "
                        + "#1(zero-based) was expected to be a float tensor but is a double tensor"),
                Arguments.of("conv2d -i {x} -f {big} -o {y}", 1, "conv4j conv2d: error: Computed output size would be "
                        + "negative: -1 [input_size: 5, effective_filter_size: 7, stride: 1]"),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --padding 0,0,0,0,0,0,1,1", 1, "conv4j conv2d: error: Nonzero "
                        + "explicit padding in the batch or depth dimensions is not supported, got [0, 0, 0, 0, 0, 0, 1, 1] "
                        + "for NHWC"),
                Arguments.of("conv2d -i {f} -f {x} -o {y}", 1,
                        "conv4j conv2d: error: input depth must be evenly divisible by filter depth: 4 vs 5"),
                Arguments.of("conv2d -i {x} -f {rank3} -o {y}", 1,
                        "conv4j conv2d: error: convolution filter must be 4-dimensional: [2,2,3]"),
                Arguments.of("conv2d -i {missing} -f {f} -o {y}", 1, "conv4j conv2d: error: --input {missing}: no such file or directory"),
                Arguments.of("conv2d -i {x} -f {missing} -o {y}", 1, "conv4j conv2d: error: --filter {missing}: no such file or directory"),
                // The .npy reader's own wording (after the colon) is its business: only the start is pinned.
                Arguments.of("conv2d -i {garbage} -f {f} -o {y}", 1,
                        "conv4j conv2d: error: --input {garbage}: not a .npy file..."),
                Arguments.of("conv2d -i {x} -f {truncated} -o {y}", 1,
                        "conv4j conv2d: error: --filter {truncated}: truncated .npy data..."),
                Arguments.of("conv2d -i {x} -f {f} -o {no_dir}/y.npy", 1,
                        "conv4j conv2d: error: --output {no_dir}/y.npy: directory {no_dir} does not exist"),
                Arguments.of("conv2d -i {x} -f {f} -o {subdir}", 1, "conv4j conv2d: error: --output {subdir} is a directory"));
    }

    @ParameterizedTest(name = "conv4j {0}")
    @MethodSource("failures")
    void failsWithOneLineAndNoOutput(String args, int exitCode, String message) throws IOException {
        // With no output file yet, none may appear.
        List<String> before = listing();
        Cli.Result r = Cli.run(expand(args));
        assertEquals(exitCode, r.exitCode(), r::toString);
        assertEquals("", r.out(), "stdout");
        assertErrorLine(expandWord(message), r);
        assertEquals(before, listing(), "files in the directory");

        // An existing output file must survive byte for byte.
        Files.write(Path.of(y), OLD_OUTPUT);
        before = listing();
        r = Cli.run(expand(args));
        assertEquals(exitCode, r.exitCode(), r::toString);
        assertErrorLine(expandWord(message), r);
        assertArrayEquals(OLD_OUTPUT, Files.readAllBytes(Path.of(y)));
        assertEquals(before, listing(), "files in the directory");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void verboseAddsTheStackTrace(boolean beforeCommand) {
        String[] args = {"conv2d", "-i", x, "-f", f, "-o", y, "--padding", "0,0,0,0,0,0,1,1", "--verbose"};
        if (beforeCommand) {
            args = new String[] {"--verbose", "conv2d", "-i", x, "-f", f, "-o", y, "--padding", "0,0,0,0,0,0,1,1"};
        }
        Cli.Result r = Cli.run(args);

        assertEquals(1, r.exitCode());
        List<String> lines = r.errLines();
        assertTrue(lines.get(0).startsWith("conv4j conv2d: error: Nonzero explicit padding"), lines.get(0));
        assertTrue(lines.get(1).startsWith("java.lang.IllegalArgumentException: Nonzero explicit padding"), lines.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.contains("at org.conv4j.cli.Conv2dCommand.call")), r::toString);
        assertFalse(Files.exists(Path.of(y)));
    }

    @Test
    void failureWithTheOutputNamingTheInputLeavesTheInputAlone() throws IOException {
        byte[] input = Files.readAllBytes(Path.of(x));
        List<String> before = listing();

        Cli.Result r = Cli.run("conv2d", "-i", x, "-f", dir.resolve("bad_depth.npy").toString(), "-o", x);

        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertArrayEquals(input, Files.readAllBytes(Path.of(x)));
        assertEquals(before, listing());
    }

    @Test
    void verboseUsageErrorAddsTheUsage() {
        Cli.Result r = Cli.run("conv2d", "-i", x, "-f", f, "-o", y, "--padding", "FULL", "--verbose");

        assertEquals(2, r.exitCode());
        assertTrue(r.errLines().get(0).startsWith("conv4j conv2d: error: --padding must be"), r::toString);
        assertTrue(r.err().contains("Usage: conv4j conv2d"), r::toString);
    }

    private static void assertErrorLine(String expected, Cli.Result r) {
        assertEquals(1, r.errLines().size(), r::toString);
        if (expected.endsWith("...")) {
            assertTrue(r.errLines().get(0).startsWith(expected.substring(0, expected.length() - 3)), r::toString);
        } else {
            assertEquals(expected, r.errLines().get(0), r::toString);
        }
    }

    /** The arguments with the placeholders replaced by the test's files. */
    private String[] expand(String args) {
        List<String> words = new ArrayList<>();
        for (String word : args.split(" ")) {
            if (!word.isEmpty()) {
                words.add(expandWord(word));
            }
        }
        return words.toArray(String[]::new);
    }

    private String expandWord(String text) {
        String s = text.replace("{x}", x).replace("{f}", f).replace("{y}", y);
        for (String name : List.of("bad_depth", "big", "f64", "rank3", "missing", "garbage", "truncated")) {
            s = s.replace("{" + name + "}", dir.resolve(name + ".npy").toString());
        }
        for (String name : List.of("no_dir", "subdir")) {
            s = s.replace("{" + name + "}", dir.resolve(name).toString());
        }
        return s;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
