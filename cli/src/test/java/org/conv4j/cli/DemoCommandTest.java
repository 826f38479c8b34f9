package org.conv4j.cli;

import static org.conv4j.cli.Fixtures.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.conv4j.Algorithm;
import org.conv4j.Conv2d;
import org.conv4j.Conv2dOptions;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code conv4j demo}: runs, reports, and its loops really are tf.nn.conv2d. */
class DemoCommandTest {
    @Test
    void smallDemoPrintsTheReport() {
        Cli.Result r = Cli.run("demo", "--size", "6", "--threads", "1", "--seed", "7", "--warmup", "0");

        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(1).contains("input [1, 6, 6, 32], filter [3, 3, 32, 64]"), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches(" +four nested loops, 1 thread +[0-9.]+ ms +[0-9.]+ GFLOP/s")),
                r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches(" +speed-up +[0-9.]+x")), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  plan: conv2d NHWC f32 n1 ih6x6 ic32 -> oh6x6 oc64")),
                r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  largest difference: ")), r::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "--size 0; --size must be a whole number, 1 or more, got '0'",
        "--threads -2; --threads must be a whole number, 0 (all processors) or more, got '-2'",
        "--warmup -1; --warmup must be a number of seconds, 0 or more, got '-1'",
        "--warmup soon; --warmup must be a number of seconds, 0 or more, got 'soon'"})
    void badValuesAreUsageErrors(String args, String message) {
        List<String> argv = new ArrayList<>(List.of("demo"));
        argv.addAll(List.of(args.split(" ")));
        Cli.Result r = Cli.run(argv.toArray(String[]::new));

        assertEquals(2, r.exitCode());
        assertEquals("", r.out());
        assertEquals(List.of("conv4j demo: error: " + message + " (see 'conv4j demo --help')"), r.errLines());
    }

    /**
     * The loops must compute what tf.nn.conv2d(padding='SAME') computes, or the demo compares
     * different things: checked against conv4j's reference algorithm for odd and even filters
     * (even ones pad unevenly, the extra pixel after) and several batches.
     */
    @ParameterizedTest
    @CsvSource({"1, 5, 7, 3, 3, 3, 4", "2, 6, 4, 2, 2, 2, 3", "1, 5, 5, 1, 4, 1, 2", "3, 3, 2, 4, 1, 5, 1"})
    void fourLoopsAreTfConv2dSame(int batch, int height, int width, int channels, int kh, int kw, int outChannels) {
        Tensor input = randomFloats(1, batch, height, width, channels);
        Tensor filter = randomFloats(2, kh, kw, channels, outChannels);

        float[] loops = DemoCommand.fourLoops(input.floats(), batch, height, width, channels,
                filter.floats(), kh, kw, outChannels);

        Tensor expected = Conv2d.conv2d(input, filter,
                Conv2dOptions.builder().padding(Padding.SAME).algorithm(Algorithm.REFERENCE).build());
        float[] want = expected.floats();
        assertEquals(want.length, loops.length);
        for (int i = 0; i < want.length; i++) {
            // Float sums in another order than the reference's double sums: rounding only.
            assertEquals(want[i], loops[i], 1e-5, "element " + i);
        }
    }
}
