package org.conv4j.internal.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every GEMM micro-kernel of this JVM and the scalar ones against the contract written in
 * {@link FloatGemmKernel} and {@link DoubleGemmKernel}, computed here in double: several
 * segments, rows read through offsets, {@code b} packed ({@code NR} apart) or as rows of a wider
 * matrix ({@code bStride} apart), {@code c} inside a wider matrix, overwritten or accumulated on.
 */
class GemmKernelContractTest {

    @TestFactory
    Stream<DynamicTest> floatKernelsKeepTheirContract() {
        List<FloatGemmKernel> kernels = new ArrayList<>(List.of(Kernels.get().floatGemm(), Kernels.get().floatGemm(1, 64),
                Kernels.get().floatGemm(64, 16), Kernels.scalar().floatGemm()));
        return kernels.stream().flatMap(k -> Stream.of(false, true).flatMap(accumulate -> Stream.of(0, 24).map(extra ->
                DynamicTest.dynamicTest(k.getClass().getSimpleName() + " " + k.mr() + "x" + k.nr() + " bStride NR+" + extra
                        + (accumulate ? " accumulate" : ""), () -> checkFloat(k, k.nr() + extra, accumulate)))));
    }

    @TestFactory
    Stream<DynamicTest> doubleKernelsKeepTheirContract() {
        List<DoubleGemmKernel> kernels = List.of(Kernels.get().doubleGemm(), Kernels.scalar().doubleGemm());
        return kernels.stream().flatMap(k -> Stream.of(false, true).flatMap(accumulate -> Stream.of(0, 13).map(extra ->
                DynamicTest.dynamicTest(k.getClass().getSimpleName() + " " + k.mr() + "x" + k.nr() + " bStride NR+" + extra
                        + (accumulate ? " accumulate" : ""), () -> checkDouble(k, k.nr() + extra, accumulate)))));
    }

    /**
     * {@code tileEvenRuns} is {@code tile} for evenly spaced runs, bit for bit: the same products
     * summed in the same order, whether the kernel runs the segments in one loop or not. Runs of
     * one value, short runs of a first layer, runs past a vector's length; strides as in a
     * gathered tile and in an input read in place.
     */
    @TestFactory
    Stream<DynamicTest> evenRunsAreTheSameTile() {
        List<FloatGemmKernel> kernels = List.of(Kernels.get().floatGemm(), Kernels.get().floatGemm(1, 64),
                Kernels.get().floatGemm(64, 16), Kernels.scalar().floatGemm(), Kernels.scalar().floatGemm(1, 32));
        int[][] shapes = {{7, 21, 21}, {7, 21, 672}, {3, 1, 5}, {2, 48, 300}, {5, 3, 3}, {1, 40, 0}};
        return kernels.stream().flatMap(k -> Stream.of(shapes).map(sh -> DynamicTest.dynamicTest(
                k.getClass().getSimpleName() + " " + sh[0] + " runs of " + sh[1] + ", " + sh[2] + " apart",
                () -> checkEvenRuns(k, sh[0], sh[1], sh[2]))));
    }

    private static void checkEvenRuns(FloatGemmKernel k, int segments, int run, int runStride) {
        Random r = new Random(segments * 1000L + run * 10L + runStride);
        int mr = k.mr();
        int nr = k.nr();
        int rowStep = 6;
        float[] a = new float[9 + (mr - 1) * rowStep + (segments - 1) * runStride + run];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        int[] offsets = new int[2 + segments * mr];
        for (int s = 0; s < segments; s++) {
            for (int row = 0; row < mr; row++) {
                offsets[2 + s * mr + row] = 9 + row * rowStep + s * runStride;
            }
        }
        float[] b = new float[4 + segments * run * nr];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat() - 0.5f;
        }
        int cStride = nr + 3;
        float[] expected = new float[1 + mr * cStride];
        float[] actual = expected.clone();
        k.tile(a, offsets, 2, segments, run, b, 4, expected, 1, cStride);
        k.tileEvenRuns(a, offsets, 2, segments, run, runStride, b, 4, actual, 1, cStride);
        assertArrayEquals(expected, actual);
    }

    private static void checkFloat(FloatGemmKernel k, int bStride, boolean accumulate) {
        Random r = new Random(bStride * 31L + (accumulate ? 1 : 0));
        int mr = k.mr();
        int nr = k.nr();
        int segments = 3;
        int run = 37;
        float[] a = new float[1000];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        int[] offsets = new int[5 + segments * mr];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = r.nextInt(a.length - run);
        }
        int bOff = 7;
        float[] b = new float[bOff + segments * run * bStride + nr];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat() - 0.5f;
        }
        int cStride = nr + 5;
        int cOff = 3;
        float[] c = new float[cOff + mr * cStride];
        for (int i = 0; i < c.length; i++) {
            c[i] = r.nextFloat() - 0.5f;
        }
        float[] before = c.clone();
        if (bStride == nr && !accumulate) {
            k.tile(a, offsets, 5, segments, run, b, bOff, c, cOff, cStride); // the packed form
        } else {
            k.tile(a, offsets, 5, segments, run, b, bOff, bStride, c, cOff, cStride, accumulate);
        }
        for (int row = 0; row < mr; row++) {
            for (int j = 0; j < nr; j++) {
                double sum = accumulate ? before[cOff + row * cStride + j] : 0;
                for (int s = 0; s < segments; s++) {
                    for (int i = 0; i < run; i++) {
                        sum += (double) a[offsets[5 + s * mr + row] + i] * b[bOff + (s * run + i) * bStride + j];
                    }
                }
                assertEquals(sum, c[cOff + row * cStride + j], 1e-4, "c[" + row + "][" + j + "]");
            }
        }
        // Nothing outside the tile is written.
        for (int i = 0; i < c.length; i++) {
            int col = (i - cOff) % cStride;
            if (i < cOff || col >= nr) {
                assertEquals(before[i], c[i], "outside the tile at " + i);
            }
        }
    }

    private static void checkDouble(DoubleGemmKernel k, int bStride, boolean accumulate) {
        Random r = new Random(bStride * 17L + (accumulate ? 1 : 0));
        int mr = k.mr();
        int nr = k.nr();
        int segments = 2;
        int run = 29;
        double[] a = new double[700];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble() - 0.5;
        }
        int[] offsets = new int[segments * mr];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = r.nextInt(a.length - run);
        }
        double[] b = new double[segments * run * bStride + nr];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextDouble() - 0.5;
        }
        int cStride = nr + 2;
        double[] c = new double[mr * cStride];
        for (int i = 0; i < c.length; i++) {
            c[i] = r.nextDouble() - 0.5;
        }
        double[] before = c.clone();
        k.tile(a, offsets, 0, segments, run, b, 0, bStride, c, 0, cStride, accumulate);
        for (int row = 0; row < mr; row++) {
            for (int j = 0; j < nr; j++) {
                double sum = accumulate ? before[row * cStride + j] : 0;
                for (int s = 0; s < segments; s++) {
                    for (int i = 0; i < run; i++) {
                        sum += a[offsets[s * mr + row] + i] * b[(s * run + i) * bStride + j];
                    }
                }
                assertEquals(sum, c[row * cStride + j], 1e-12, "c[" + row + "][" + j + "]");
            }
        }
    }
}
