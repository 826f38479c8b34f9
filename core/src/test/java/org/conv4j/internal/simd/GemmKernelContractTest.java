package org.conv4j.internal.simd;

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
                Kernels.scalar().floatGemm()));
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
