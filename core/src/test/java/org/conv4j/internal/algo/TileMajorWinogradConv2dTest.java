package org.conv4j.internal.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.conv4j.Algorithm;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.geometry.Conv2dValidator;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.Kernels;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link TileMajorWinogradConv2d}, the scalar kernels' Winograd, whatever kernels this JVM uses:
 * against the reference loops on random problems (odd sizes, one-tile images, batches, every
 * padding, dilation, odd channel counts, blocks that span rows and images, several blocks), the
 * same bits for any thread count, no allocation once warm, and which kernels choose it. Its phase
 * layouts are checked by {@link NegativePaddingAndLayoutsTest}.
 */
class TileMajorWinogradConv2dTest {

    @TestFactory
    Stream<DynamicTest> matchesReferenceLoops() {
        return IntStream.range(0, 80).mapToObj(seed -> DynamicTest.dynamicTest("case " + seed, () -> check(seed)));
    }

    private static void check(int seed) {
        Random rnd = new Random(40_000 + seed);
        boolean big = seed % 8 == 0; // several blocks, and blocks that span image rows and images
        int n = 1 + rnd.nextInt(3);
        int h = 1 + rnd.nextInt(big ? 70 : 20);
        int w = 1 + rnd.nextInt(big ? 70 : 20);
        int c = 1 + rnd.nextInt(seed % 5 == 0 ? 150 : 40);
        int oc = 1 + rnd.nextInt(seed % 3 == 0 ? 100 : 20);
        Padding padding = switch (rnd.nextInt(3)) {
            case 0 -> Padding.SAME;
            case 1 -> Padding.VALID;
            default -> Padding.explicit(rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3));
        };
        int dh = seed % 4 == 3 ? 1 + rnd.nextInt(3) : 1;
        int dw = seed % 4 == 3 ? 1 + rnd.nextInt(3) : 1;
        Conv2dOptions options = Conv2dOptions.builder().padding(padding).dilations(dh, dw).build();
        int[] inShape = {n, h, w, c};
        int[] fShape = {3, 3, c, oc};
        Conv2dGeometry g;
        try {
            g = Conv2dValidator.validate(inShape, DType.FLOAT32, fShape, DType.FLOAT32, options);
        } catch (IllegalArgumentException e) {
            return; // negative output size: nothing to compare
        }
        Tensor input = FastPathsMatchReferenceTest.random(DType.FLOAT32, inShape, rnd);
        Tensor filter = FastPathsMatchReferenceTest.random(DType.FLOAT32, fShape, rnd);
        Tensor expected = Tensor.zeros(DType.FLOAT32, g.outputShape());
        new ReferenceConv2d(g, filter).run(input, expected, Parallelism.SINGLE);
        Tensor actual = Tensor.zeros(DType.FLOAT32, g.outputShape());
        TileMajorWinogradConv2d algorithm = new TileMajorWinogradConv2d(g, filter);
        algorithm.run(input, actual, new Parallelism(2, null));
        double scale = 1e-30;
        double err = 0;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.floats()[i]));
            err = Math.max(err, Math.abs(expected.floats()[i] - actual.floats()[i]));
        }
        double relative = err / scale;
        assertTrue(relative <= 1e-5, () -> algorithm.describe() + " " + g.describe() + ": relative error " + relative);

    }

    /** The geometry of a 3x3, stride-1 float32 NHWC convolution. */
    private static Conv2dGeometry geometry(int[] inShape, int[] fShape, Padding padding) {
        return Conv2dValidator.validate(inShape, DType.FLOAT32, fShape, DType.FLOAT32,
                Conv2dOptions.builder().padding(padding).build());
    }

    @Test
    void oneTileImages() {
        Random rnd = new Random(3);
        // 3x3 VALID: one output pixel; 4x4 VALID: one whole tile; 1x1 SAME: one pixel of padding.
        for (int[] hw : new int[][] {{3, 3}, {4, 4}, {1, 1}, {2, 5}}) {
            for (Padding padding : new Padding[] {Padding.VALID, Padding.SAME}) {
                int[] inShape = {2, hw[0], hw[1], 5};
                int[] fShape = {3, 3, 5, 7};
                Conv2dGeometry g;
                try {
                    g = geometry(inShape, fShape, padding);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                Tensor input = FastPathsMatchReferenceTest.random(DType.FLOAT32, inShape, rnd);
                Tensor filter = FastPathsMatchReferenceTest.random(DType.FLOAT32, fShape, rnd);
                Tensor expected = Tensor.zeros(DType.FLOAT32, g.outputShape());
                new ReferenceConv2d(g, filter).run(input, expected, Parallelism.SINGLE);
                Tensor actual = Tensor.zeros(DType.FLOAT32, g.outputShape());
                new TileMajorWinogradConv2d(g, filter).run(input, actual, Parallelism.SINGLE);
                assertArrayEquals(expected.floats(), actual.floats(), 1e-5f, g.describe());
            }
        }
    }

    @Test
    void bitwiseIdenticalForAnyThreadCount() {
        Random rnd = new Random(7);
        // 3 * 40 * 36 = 4320 tiles of 33 channels: 9 blocks.
        int[] inShape = {3, 79, 71, 33};
        int[] fShape = {3, 3, 33, 20};
        Conv2dGeometry g = geometry(inShape, fShape, Padding.SAME);
        Tensor input = FastPathsMatchReferenceTest.random(DType.FLOAT32, inShape, rnd);
        TileMajorWinogradConv2d algorithm = new TileMajorWinogradConv2d(g, FastPathsMatchReferenceTest.random(DType.FLOAT32,
                fShape, rnd));
        assertTrue(algorithm.parts() > 8, algorithm.describe());
        Tensor one = Tensor.zeros(DType.FLOAT32, g.outputShape());
        algorithm.run(input, one, Parallelism.SINGLE);
        for (int threads : new int[] {2, 3, 8}) {
            Tensor many = Tensor.zeros(DType.FLOAT32, g.outputShape());
            algorithm.run(input, many, new Parallelism(threads, null));
            assertArrayEquals(one.floats(), many.floats(), "threads " + threads);
        }
    }

    @Test
    void warmCallsAllocateNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocations per thread");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random rnd = new Random(5);
        int[] inShape = {1, 40, 38, 17};
        int[] fShape = {3, 3, 17, 13};
        Conv2dGeometry g = geometry(inShape, fShape, Padding.SAME);
        Tensor input = FastPathsMatchReferenceTest.random(DType.FLOAT32, inShape, rnd);
        Tensor filter = FastPathsMatchReferenceTest.random(DType.FLOAT32, fShape, rnd);
        TileMajorWinogradConv2d algorithm = new TileMajorWinogradConv2d(g, filter);
        Tensor out = Tensor.zeros(DType.FLOAT32, g.outputShape());
        for (int threads : new int[] {1, 2}) {
            Parallelism parallelism = new Parallelism(threads, null);
            long allocated = -1;
            for (int round = 0; round < 100 && allocated != 0; round++) {
                long before = bean.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 10; i++) {
                    algorithm.run(input, out, parallelism);
                }
                allocated = bean.getCurrentThreadAllocatedBytes() - before;
            }
            assertEquals(0, allocated, "threads " + threads);
        }
    }

    @Test
    void theScalarKernelsRunWinogradAlongTheTiles() {
        Random rnd = new Random(9);
        int[] inShape = {1, 56, 56, 64};
        int[] fShape = {3, 3, 64, 64};
        Conv2dGeometry g = geometry(inShape, fShape, Padding.SAME);
        Tensor filter = FastPathsMatchReferenceTest.random(DType.FLOAT32, fShape, rnd);
        OutputLayout layout = OutputLayout.of(g);
        Class<?> scalar = Kernels.scalar().winogradAlongTiles() ? TileMajorWinogradConv2d.class : WinogradConv2d.class;
        assertInstanceOf(scalar, Conv2dAlgorithms.winograd(g, filter, Kernels.scalar(), layout));
        Conv2dAlgorithm auto = Conv2dAlgorithms.choose(g, filter, Algorithm.AUTO);
        Class<?> expected = Kernels.get().winogradAlongTiles() ? TileMajorWinogradConv2d.class : WinogradConv2d.class;
        assertInstanceOf(expected, auto, auto.describe());
        // Too few tiles for a long loop (ResNet's 14x14 stage): the channel-innermost layout.
        Conv2dGeometry small = geometry(new int[] {1, 14, 14, 64}, fShape, Padding.SAME);
        assertInstanceOf(WinogradConv2d.class, Conv2dAlgorithms.winograd(small, filter, Kernels.scalar(),
                OutputLayout.of(small)));
    }
}
