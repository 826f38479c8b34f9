package org.conv4j.internal.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels: the only classes that touch {@code jdk.incubator.vector}. {@link Kernels}
 * loads this one reflectively.
 *
 * <p>GEMM tiles are rows x vectors of named accumulators: HotSpot keeps only locals in
 * registers and never reassociates float sums, so the tile is written out. On AVX-512 (32
 * registers) the float32 tile is 14 rows x 2 vectors (14 x 32 floats: 28 accumulators, 16 loads
 * per 28 FMAs). Measured on a Zen 5 core inside whole convolutions, it beat 8 x 2 and 6 x 4
 * (which wins in isolation but streams a twice larger weight panel through L2) by 3 to 8%,
 * except on short runs, where 6 x 4 loads each patch value half as often. With 16 registers
 * (AVX2) the tile is 6 x 2.
 *
 * <p>Each {@code tile} makes one call per segment, accumulating through {@code c} (starting from
 * it too when asked to accumulate): HotSpot 17 keeps vectors in registers only across a single
 * loop; vectors carried through nested loops fall back to boxed objects, 30 times slower. When
 * the segments are evenly spaced, the short-run tile walks them all in one loop instead
 * ({@code tileEvenRuns}).
 */
final class VectorKernels implements Kernels {
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    // 28 accumulators need AVX-512's 32 vector registers; with 16 (AVX2) the tile is smaller.
    private final FloatGemmKernel floatGemm = FS.vectorBitSize() >= 512 ? new FloatGemm14x2() : new FloatGemm6x2();
    private final FloatGemmKernel wide = FS.vectorBitSize() >= 512 ? new FloatGemm6x4() : floatGemm;
    private final FloatGemmKernel narrow = FS.vectorBitSize() >= 512 ? new FloatGemm14x1() : floatGemm;
    private final DoubleGemmKernel doubleGemm = new DoubleGemm8x2();
    private final RowFilter rowFilter = new VectorRowFilter();
    private final DepthwiseKernel depthwise = new VectorDepthwiseKernel();
    private final WinogradTransforms winograd = new VectorWinogradTransforms();

    VectorKernels() {
        if (FS.vectorBitSize() < 128) {
            throw new UnsupportedOperationException("vector size " + FS.vectorBitSize() + " bits is too small");
        }
    }

    @Override
    public FloatGemmKernel floatGemm() {
        return floatGemm;
    }

    @Override
    public FloatGemmKernel floatGemm(int run, int columns) {
        // At most one vector of channels: no padding columns, and tiles stored in place.
        if (columns <= narrow.nr()) {
            return narrow;
        }
        // Short runs (a first layer's few channels): each patch value loaded feeds 4 vectors
        // instead of 2. Measured on resnet_conv1 (runs of 21, 64 channels): 17% faster.
        return run < 64 && columns % wide.nr() == 0 ? wide : floatGemm;
    }

    @Override
    public DoubleGemmKernel doubleGemm() {
        return doubleGemm;
    }

    @Override
    public WinogradTransforms winograd() {
        return winograd;
    }

    @Override
    public RowFilter rowFilter() {
        return rowFilter;
    }

    @Override
    public DepthwiseKernel depthwise() {
        return depthwise;
    }

    @Override
    public String name() {
        return "vector " + FS.vectorBitSize() + "-bit";
    }

    /** float32, 6 rows x 4 vectors. */
    static final class FloatGemm6x4 implements FloatGemmKernel {
        private static final int L = FS.length();
        private static final int NR = 4 * L;

        @Override
        public int mr() {
            return 6;
        }

        @Override
        public int nr() {
            return NR;
        }

        @Override
        public void tile(float[] a, int[] offsets, int offsetsBase, int segments, int run, float[] b, int bOff, int bStride,
                float[] c, int cOff, int cStride, boolean accumulate) {
            for (int s = 0; s < segments; s++) {
                int o = offsetsBase + s * 6;
                segment(a, offsets[o], offsets[o + 1], offsets[o + 2], offsets[o + 3], offsets[o + 4], offsets[o + 5],
                        run, b, bOff + s * run * bStride, bStride, c, cOff, cStride, s == 0 && !accumulate);
            }
        }

        /**
         * All runs in one loop: the index jumps to the next run every {@code run} steps. The
         * jump's branch and the unhoisted range checks cost less than storing and reloading 24
         * accumulators after every run: measured on 7 runs of 21 (ResNet's stem), 200 GFLOP/s
         * on one core against 158.
         */
        @Override
        public void tileEvenRuns(float[] a, int[] offsets, int offsetsBase, int segments, int run, int runStride,
                float[] b, int bOff, float[] c, int cOff, int cStride) {
            int o0 = offsets[offsetsBase];
            int o1 = offsets[offsetsBase + 1];
            int o2 = offsets[offsetsBase + 2];
            int o3 = offsets[offsetsBase + 3];
            int o4 = offsets[offsetsBase + 4];
            int o5 = offsets[offsetsBase + 5];
            FloatVector c00 = FloatVector.zero(FS);
            FloatVector c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00, c20 = c00;
            FloatVector c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00, c40 = c00;
            FloatVector c41 = c00, c42 = c00, c43 = c00, c50 = c00, c51 = c00, c52 = c00, c53 = c00;
            int steps = segments * run;
            int bp = bOff;
            for (int k = 0, i = 0, at = 0; k < steps; k++, bp += NR) {
                FloatVector b0 = FloatVector.fromArray(FS, b, bp);
                FloatVector b1 = FloatVector.fromArray(FS, b, bp + L);
                FloatVector b2 = FloatVector.fromArray(FS, b, bp + 2 * L);
                FloatVector b3 = FloatVector.fromArray(FS, b, bp + 3 * L);
                FloatVector x;
                x = FloatVector.broadcast(FS, a[o0 + at]);
                c00 = b0.fma(x, c00);
                c01 = b1.fma(x, c01);
                c02 = b2.fma(x, c02);
                c03 = b3.fma(x, c03);
                x = FloatVector.broadcast(FS, a[o1 + at]);
                c10 = b0.fma(x, c10);
                c11 = b1.fma(x, c11);
                c12 = b2.fma(x, c12);
                c13 = b3.fma(x, c13);
                x = FloatVector.broadcast(FS, a[o2 + at]);
                c20 = b0.fma(x, c20);
                c21 = b1.fma(x, c21);
                c22 = b2.fma(x, c22);
                c23 = b3.fma(x, c23);
                x = FloatVector.broadcast(FS, a[o3 + at]);
                c30 = b0.fma(x, c30);
                c31 = b1.fma(x, c31);
                c32 = b2.fma(x, c32);
                c33 = b3.fma(x, c33);
                x = FloatVector.broadcast(FS, a[o4 + at]);
                c40 = b0.fma(x, c40);
                c41 = b1.fma(x, c41);
                c42 = b2.fma(x, c42);
                c43 = b3.fma(x, c43);
                x = FloatVector.broadcast(FS, a[o5 + at]);
                c50 = b0.fma(x, c50);
                c51 = b1.fma(x, c51);
                c52 = b2.fma(x, c52);
                c53 = b3.fma(x, c53);
                if (++i == run) {
                    i = 0;
                    at += runStride - run + 1;
                } else {
                    at++;
                }
            }
            c00.intoArray(c, cOff);
            c01.intoArray(c, cOff + L);
            c02.intoArray(c, cOff + 2 * L);
            c03.intoArray(c, cOff + 3 * L);
            c10.intoArray(c, cOff + cStride);
            c11.intoArray(c, cOff + cStride + L);
            c12.intoArray(c, cOff + cStride + 2 * L);
            c13.intoArray(c, cOff + cStride + 3 * L);
            c20.intoArray(c, cOff + 2 * cStride);
            c21.intoArray(c, cOff + 2 * cStride + L);
            c22.intoArray(c, cOff + 2 * cStride + 2 * L);
            c23.intoArray(c, cOff + 2 * cStride + 3 * L);
            c30.intoArray(c, cOff + 3 * cStride);
            c31.intoArray(c, cOff + 3 * cStride + L);
            c32.intoArray(c, cOff + 3 * cStride + 2 * L);
            c33.intoArray(c, cOff + 3 * cStride + 3 * L);
            c40.intoArray(c, cOff + 4 * cStride);
            c41.intoArray(c, cOff + 4 * cStride + L);
            c42.intoArray(c, cOff + 4 * cStride + 2 * L);
            c43.intoArray(c, cOff + 4 * cStride + 3 * L);
            c50.intoArray(c, cOff + 5 * cStride);
            c51.intoArray(c, cOff + 5 * cStride + L);
            c52.intoArray(c, cOff + 5 * cStride + 2 * L);
            c53.intoArray(c, cOff + 5 * cStride + 3 * L);
        }

        private static void segment(float[] a, int o0, int o1, int o2, int o3, int o4, int o5,
                int run, float[] b, int bp, int bStride, float[] c, int cOff, int cStride, boolean first) {
            FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
            if (first) {
                c00 = FloatVector.zero(FS);
                c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c00;
                c21 = c22 = c23 = c30 = c31 = c32 = c33 = c40 = c00;
                c41 = c42 = c43 = c50 = c51 = c52 = c53 = c00;
            } else {
                c00 = FloatVector.fromArray(FS, c, cOff);
                c01 = FloatVector.fromArray(FS, c, cOff + L);
                c02 = FloatVector.fromArray(FS, c, cOff + 2 * L);
                c03 = FloatVector.fromArray(FS, c, cOff + 3 * L);
                c10 = FloatVector.fromArray(FS, c, cOff + 1 * cStride);
                c11 = FloatVector.fromArray(FS, c, cOff + 1 * cStride + L);
                c12 = FloatVector.fromArray(FS, c, cOff + 1 * cStride + 2 * L);
                c13 = FloatVector.fromArray(FS, c, cOff + 1 * cStride + 3 * L);
                c20 = FloatVector.fromArray(FS, c, cOff + 2 * cStride);
                c21 = FloatVector.fromArray(FS, c, cOff + 2 * cStride + L);
                c22 = FloatVector.fromArray(FS, c, cOff + 2 * cStride + 2 * L);
                c23 = FloatVector.fromArray(FS, c, cOff + 2 * cStride + 3 * L);
                c30 = FloatVector.fromArray(FS, c, cOff + 3 * cStride);
                c31 = FloatVector.fromArray(FS, c, cOff + 3 * cStride + L);
                c32 = FloatVector.fromArray(FS, c, cOff + 3 * cStride + 2 * L);
                c33 = FloatVector.fromArray(FS, c, cOff + 3 * cStride + 3 * L);
                c40 = FloatVector.fromArray(FS, c, cOff + 4 * cStride);
                c41 = FloatVector.fromArray(FS, c, cOff + 4 * cStride + L);
                c42 = FloatVector.fromArray(FS, c, cOff + 4 * cStride + 2 * L);
                c43 = FloatVector.fromArray(FS, c, cOff + 4 * cStride + 3 * L);
                c50 = FloatVector.fromArray(FS, c, cOff + 5 * cStride);
                c51 = FloatVector.fromArray(FS, c, cOff + 5 * cStride + L);
                c52 = FloatVector.fromArray(FS, c, cOff + 5 * cStride + 2 * L);
                c53 = FloatVector.fromArray(FS, c, cOff + 5 * cStride + 3 * L);
            }
            for (int i = 0; i < run; i++, bp += bStride) {
                FloatVector b0 = FloatVector.fromArray(FS, b, bp);
                FloatVector b1 = FloatVector.fromArray(FS, b, bp + L);
                FloatVector b2 = FloatVector.fromArray(FS, b, bp + 2 * L);
                FloatVector b3 = FloatVector.fromArray(FS, b, bp + 3 * L);
                FloatVector x;
                x = FloatVector.broadcast(FS, a[o0 + i]);
                c00 = b0.fma(x, c00);
                c01 = b1.fma(x, c01);
                c02 = b2.fma(x, c02);
                c03 = b3.fma(x, c03);
                x = FloatVector.broadcast(FS, a[o1 + i]);
                c10 = b0.fma(x, c10);
                c11 = b1.fma(x, c11);
                c12 = b2.fma(x, c12);
                c13 = b3.fma(x, c13);
                x = FloatVector.broadcast(FS, a[o2 + i]);
                c20 = b0.fma(x, c20);
                c21 = b1.fma(x, c21);
                c22 = b2.fma(x, c22);
                c23 = b3.fma(x, c23);
                x = FloatVector.broadcast(FS, a[o3 + i]);
                c30 = b0.fma(x, c30);
                c31 = b1.fma(x, c31);
                c32 = b2.fma(x, c32);
                c33 = b3.fma(x, c33);
                x = FloatVector.broadcast(FS, a[o4 + i]);
                c40 = b0.fma(x, c40);
                c41 = b1.fma(x, c41);
                c42 = b2.fma(x, c42);
                c43 = b3.fma(x, c43);
                x = FloatVector.broadcast(FS, a[o5 + i]);
                c50 = b0.fma(x, c50);
                c51 = b1.fma(x, c51);
                c52 = b2.fma(x, c52);
                c53 = b3.fma(x, c53);
            }
            c00.intoArray(c, cOff);
            c01.intoArray(c, cOff + L);
            c02.intoArray(c, cOff + 2 * L);
            c03.intoArray(c, cOff + 3 * L);
            c10.intoArray(c, cOff + 1 * cStride);
            c11.intoArray(c, cOff + 1 * cStride + L);
            c12.intoArray(c, cOff + 1 * cStride + 2 * L);
            c13.intoArray(c, cOff + 1 * cStride + 3 * L);
            c20.intoArray(c, cOff + 2 * cStride);
            c21.intoArray(c, cOff + 2 * cStride + L);
            c22.intoArray(c, cOff + 2 * cStride + 2 * L);
            c23.intoArray(c, cOff + 2 * cStride + 3 * L);
            c30.intoArray(c, cOff + 3 * cStride);
            c31.intoArray(c, cOff + 3 * cStride + L);
            c32.intoArray(c, cOff + 3 * cStride + 2 * L);
            c33.intoArray(c, cOff + 3 * cStride + 3 * L);
            c40.intoArray(c, cOff + 4 * cStride);
            c41.intoArray(c, cOff + 4 * cStride + L);
            c42.intoArray(c, cOff + 4 * cStride + 2 * L);
            c43.intoArray(c, cOff + 4 * cStride + 3 * L);
            c50.intoArray(c, cOff + 5 * cStride);
            c51.intoArray(c, cOff + 5 * cStride + L);
            c52.intoArray(c, cOff + 5 * cStride + 2 * L);
            c53.intoArray(c, cOff + 5 * cStride + 3 * L);
        }
    }

    /** float32, 14 rows x 2 vectors. */
    static final class FloatGemm14x2 implements FloatGemmKernel {
        private static final int L = FS.length();
        private static final int NR = 2 * L;

        @Override
        public int mr() {
            return 14;
        }

        @Override
        public int nr() {
            return NR;
        }

        @Override
        public void tile(float[] a, int[] offsets, int offsetsBase, int segments, int run, float[] b, int bOff, int bStride,
                float[] c, int cOff, int cStride, boolean accumulate) {
            for (int s = 0; s < segments; s++) {
                int o = offsetsBase + s * 14;
                segment(a, offsets[o], offsets[o + 1], offsets[o + 2], offsets[o + 3], offsets[o + 4], offsets[o + 5], offsets[o + 6], offsets[o + 7], offsets[o + 8], offsets[o + 9], offsets[o + 10], offsets[o + 11], offsets[o + 12], offsets[o + 13],
                        run, b, bOff + s * run * bStride, bStride, c, cOff, cStride, s == 0 && !accumulate);
            }
        }

        /**
         * Evenly spaced short runs in one loop, as {@link FloatGemm6x4#tileEvenRuns}; long runs
         * (64 values or more) gain nothing from it and keep the segment loop, whose range checks
         * are hoisted.
         */
        @Override
        public void tileEvenRuns(float[] a, int[] offsets, int offsetsBase, int segments, int run, int runStride,
                float[] b, int bOff, float[] c, int cOff, int cStride) {
            if (run >= 64) {
                tile(a, offsets, offsetsBase, segments, run, b, bOff, c, cOff, cStride);
                return;
            }
            int o0 = offsets[offsetsBase + 0];
            int o1 = offsets[offsetsBase + 1];
            int o2 = offsets[offsetsBase + 2];
            int o3 = offsets[offsetsBase + 3];
            int o4 = offsets[offsetsBase + 4];
            int o5 = offsets[offsetsBase + 5];
            int o6 = offsets[offsetsBase + 6];
            int o7 = offsets[offsetsBase + 7];
            int o8 = offsets[offsetsBase + 8];
            int o9 = offsets[offsetsBase + 9];
            int o10 = offsets[offsetsBase + 10];
            int o11 = offsets[offsetsBase + 11];
            int o12 = offsets[offsetsBase + 12];
            int o13 = offsets[offsetsBase + 13];
            FloatVector c00 = FloatVector.zero(FS);
            FloatVector c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00;
            FloatVector c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00, c80 = c00, c81 = c00, c90 = c00;
            FloatVector c91 = c00, c100 = c00, c101 = c00, c110 = c00, c111 = c00, c120 = c00, c121 = c00, c130 = c00, c131 = c00;
            int steps = segments * run;
            int bp = bOff;
            for (int k = 0, i = 0, at = 0; k < steps; k++, bp += NR) {
                FloatVector b0 = FloatVector.fromArray(FS, b, bp);
                FloatVector b1 = FloatVector.fromArray(FS, b, bp + L);
                FloatVector x;
                x = FloatVector.broadcast(FS, a[o0 + at]);
                c00 = b0.fma(x, c00);
                c01 = b1.fma(x, c01);
                x = FloatVector.broadcast(FS, a[o1 + at]);
                c10 = b0.fma(x, c10);
                c11 = b1.fma(x, c11);
                x = FloatVector.broadcast(FS, a[o2 + at]);
                c20 = b0.fma(x, c20);
                c21 = b1.fma(x, c21);
                x = FloatVector.broadcast(FS, a[o3 + at]);
                c30 = b0.fma(x, c30);
                c31 = b1.fma(x, c31);
                x = FloatVector.broadcast(FS, a[o4 + at]);
                c40 = b0.fma(x, c40);
                c41 = b1.fma(x, c41);
                x = FloatVector.broadcast(FS, a[o5 + at]);
                c50 = b0.fma(x, c50);
                c51 = b1.fma(x, c51);
                x = FloatVector.broadcast(FS, a[o6 + at]);
                c60 = b0.fma(x, c60);
                c61 = b1.fma(x, c61);
                x = FloatVector.broadcast(FS, a[o7 + at]);
                c70 = b0.fma(x, c70);
                c71 = b1.fma(x, c71);
                x = FloatVector.broadcast(FS, a[o8 + at]);
                c80 = b0.fma(x, c80);
                c81 = b1.fma(x, c81);
                x = FloatVector.broadcast(FS, a[o9 + at]);
                c90 = b0.fma(x, c90);
                c91 = b1.fma(x, c91);
                x = FloatVector.broadcast(FS, a[o10 + at]);
                c100 = b0.fma(x, c100);
                c101 = b1.fma(x, c101);
                x = FloatVector.broadcast(FS, a[o11 + at]);
                c110 = b0.fma(x, c110);
                c111 = b1.fma(x, c111);
                x = FloatVector.broadcast(FS, a[o12 + at]);
                c120 = b0.fma(x, c120);
                c121 = b1.fma(x, c121);
                x = FloatVector.broadcast(FS, a[o13 + at]);
                c130 = b0.fma(x, c130);
                c131 = b1.fma(x, c131);

                if (++i == run) {
                    i = 0;
                    at += runStride - run + 1;
                } else {
                    at++;
                }
            }
            c00.intoArray(c, cOff);
            c01.intoArray(c, cOff + L);
            c10.intoArray(c, cOff + 1 * cStride);
            c11.intoArray(c, cOff + 1 * cStride + L);
            c20.intoArray(c, cOff + 2 * cStride);
            c21.intoArray(c, cOff + 2 * cStride + L);
            c30.intoArray(c, cOff + 3 * cStride);
            c31.intoArray(c, cOff + 3 * cStride + L);
            c40.intoArray(c, cOff + 4 * cStride);
            c41.intoArray(c, cOff + 4 * cStride + L);
            c50.intoArray(c, cOff + 5 * cStride);
            c51.intoArray(c, cOff + 5 * cStride + L);
            c60.intoArray(c, cOff + 6 * cStride);
            c61.intoArray(c, cOff + 6 * cStride + L);
            c70.intoArray(c, cOff + 7 * cStride);
            c71.intoArray(c, cOff + 7 * cStride + L);
            c80.intoArray(c, cOff + 8 * cStride);
            c81.intoArray(c, cOff + 8 * cStride + L);
            c90.intoArray(c, cOff + 9 * cStride);
            c91.intoArray(c, cOff + 9 * cStride + L);
            c100.intoArray(c, cOff + 10 * cStride);
            c101.intoArray(c, cOff + 10 * cStride + L);
            c110.intoArray(c, cOff + 11 * cStride);
            c111.intoArray(c, cOff + 11 * cStride + L);
            c120.intoArray(c, cOff + 12 * cStride);
            c121.intoArray(c, cOff + 12 * cStride + L);
            c130.intoArray(c, cOff + 13 * cStride);
            c131.intoArray(c, cOff + 13 * cStride + L);
        }

        private static void segment(float[] a, int o0, int o1, int o2, int o3, int o4, int o5, int o6, int o7, int o8, int o9, int o10, int o11, int o12, int o13,
                int run, float[] b, int bp, int bStride, float[] c, int cOff, int cStride, boolean first) {
            FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71, c80, c81, c90, c91, c100, c101, c110, c111, c120, c121, c130, c131;
            if (first) {
                c00 = FloatVector.zero(FS);
                c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c00;
                c41 = c50 = c51 = c60 = c61 = c70 = c71 = c80 = c00;
                c81 = c90 = c91 = c100 = c101 = c110 = c111 = c120 = c00;
                c121 = c130 = c131 = c00;
            } else {
                c00 = FloatVector.fromArray(FS, c, cOff);
                c01 = FloatVector.fromArray(FS, c, cOff + L);
                c10 = FloatVector.fromArray(FS, c, cOff + 1 * cStride);
                c11 = FloatVector.fromArray(FS, c, cOff + 1 * cStride + L);
                c20 = FloatVector.fromArray(FS, c, cOff + 2 * cStride);
                c21 = FloatVector.fromArray(FS, c, cOff + 2 * cStride + L);
                c30 = FloatVector.fromArray(FS, c, cOff + 3 * cStride);
                c31 = FloatVector.fromArray(FS, c, cOff + 3 * cStride + L);
                c40 = FloatVector.fromArray(FS, c, cOff + 4 * cStride);
                c41 = FloatVector.fromArray(FS, c, cOff + 4 * cStride + L);
                c50 = FloatVector.fromArray(FS, c, cOff + 5 * cStride);
                c51 = FloatVector.fromArray(FS, c, cOff + 5 * cStride + L);
                c60 = FloatVector.fromArray(FS, c, cOff + 6 * cStride);
                c61 = FloatVector.fromArray(FS, c, cOff + 6 * cStride + L);
                c70 = FloatVector.fromArray(FS, c, cOff + 7 * cStride);
                c71 = FloatVector.fromArray(FS, c, cOff + 7 * cStride + L);
                c80 = FloatVector.fromArray(FS, c, cOff + 8 * cStride);
                c81 = FloatVector.fromArray(FS, c, cOff + 8 * cStride + L);
                c90 = FloatVector.fromArray(FS, c, cOff + 9 * cStride);
                c91 = FloatVector.fromArray(FS, c, cOff + 9 * cStride + L);
                c100 = FloatVector.fromArray(FS, c, cOff + 10 * cStride);
                c101 = FloatVector.fromArray(FS, c, cOff + 10 * cStride + L);
                c110 = FloatVector.fromArray(FS, c, cOff + 11 * cStride);
                c111 = FloatVector.fromArray(FS, c, cOff + 11 * cStride + L);
                c120 = FloatVector.fromArray(FS, c, cOff + 12 * cStride);
                c121 = FloatVector.fromArray(FS, c, cOff + 12 * cStride + L);
                c130 = FloatVector.fromArray(FS, c, cOff + 13 * cStride);
                c131 = FloatVector.fromArray(FS, c, cOff + 13 * cStride + L);
            }
            for (int i = 0; i < run; i++, bp += bStride) {
                FloatVector b0 = FloatVector.fromArray(FS, b, bp);
                FloatVector b1 = FloatVector.fromArray(FS, b, bp + L);
                FloatVector x;
                x = FloatVector.broadcast(FS, a[o0 + i]);
                c00 = b0.fma(x, c00);
                c01 = b1.fma(x, c01);
                x = FloatVector.broadcast(FS, a[o1 + i]);
                c10 = b0.fma(x, c10);
                c11 = b1.fma(x, c11);
                x = FloatVector.broadcast(FS, a[o2 + i]);
                c20 = b0.fma(x, c20);
                c21 = b1.fma(x, c21);
                x = FloatVector.broadcast(FS, a[o3 + i]);
                c30 = b0.fma(x, c30);
                c31 = b1.fma(x, c31);
                x = FloatVector.broadcast(FS, a[o4 + i]);
                c40 = b0.fma(x, c40);
                c41 = b1.fma(x, c41);
                x = FloatVector.broadcast(FS, a[o5 + i]);
                c50 = b0.fma(x, c50);
                c51 = b1.fma(x, c51);
                x = FloatVector.broadcast(FS, a[o6 + i]);
                c60 = b0.fma(x, c60);
                c61 = b1.fma(x, c61);
                x = FloatVector.broadcast(FS, a[o7 + i]);
                c70 = b0.fma(x, c70);
                c71 = b1.fma(x, c71);
                x = FloatVector.broadcast(FS, a[o8 + i]);
                c80 = b0.fma(x, c80);
                c81 = b1.fma(x, c81);
                x = FloatVector.broadcast(FS, a[o9 + i]);
                c90 = b0.fma(x, c90);
                c91 = b1.fma(x, c91);
                x = FloatVector.broadcast(FS, a[o10 + i]);
                c100 = b0.fma(x, c100);
                c101 = b1.fma(x, c101);
                x = FloatVector.broadcast(FS, a[o11 + i]);
                c110 = b0.fma(x, c110);
                c111 = b1.fma(x, c111);
                x = FloatVector.broadcast(FS, a[o12 + i]);
                c120 = b0.fma(x, c120);
                c121 = b1.fma(x, c121);
                x = FloatVector.broadcast(FS, a[o13 + i]);
                c130 = b0.fma(x, c130);
                c131 = b1.fma(x, c131);
            }
            c00.intoArray(c, cOff);
            c01.intoArray(c, cOff + L);
            c10.intoArray(c, cOff + 1 * cStride);
            c11.intoArray(c, cOff + 1 * cStride + L);
            c20.intoArray(c, cOff + 2 * cStride);
            c21.intoArray(c, cOff + 2 * cStride + L);
            c30.intoArray(c, cOff + 3 * cStride);
            c31.intoArray(c, cOff + 3 * cStride + L);
            c40.intoArray(c, cOff + 4 * cStride);
            c41.intoArray(c, cOff + 4 * cStride + L);
            c50.intoArray(c, cOff + 5 * cStride);
            c51.intoArray(c, cOff + 5 * cStride + L);
            c60.intoArray(c, cOff + 6 * cStride);
            c61.intoArray(c, cOff + 6 * cStride + L);
            c70.intoArray(c, cOff + 7 * cStride);
            c71.intoArray(c, cOff + 7 * cStride + L);
            c80.intoArray(c, cOff + 8 * cStride);
            c81.intoArray(c, cOff + 8 * cStride + L);
            c90.intoArray(c, cOff + 9 * cStride);
            c91.intoArray(c, cOff + 9 * cStride + L);
            c100.intoArray(c, cOff + 10 * cStride);
            c101.intoArray(c, cOff + 10 * cStride + L);
            c110.intoArray(c, cOff + 11 * cStride);
            c111.intoArray(c, cOff + 11 * cStride + L);
            c120.intoArray(c, cOff + 12 * cStride);
            c121.intoArray(c, cOff + 12 * cStride + L);
            c130.intoArray(c, cOff + 13 * cStride);
            c131.intoArray(c, cOff + 13 * cStride + L);
        }
    }

    /**
     * float32, 14 rows x 1 vector: layers with at most one vector of output channels (16), which
     * the 2-vector tile would compute half as padding and store through a scratch tile.
     */
    static final class FloatGemm14x1 implements FloatGemmKernel {
        private static final int L = FS.length();
        private static final int NR = L;

        @Override
        public int mr() {
            return 14;
        }

        @Override
        public int nr() {
            return NR;
        }

        @Override
        public void tile(float[] a, int[] offsets, int offsetsBase, int segments, int run, float[] b, int bOff, int bStride,
                float[] c, int cOff, int cStride, boolean accumulate) {
            for (int s = 0; s < segments; s++) {
                int o = offsetsBase + s * 14;
                segment(a, offsets[o], offsets[o + 1], offsets[o + 2], offsets[o + 3], offsets[o + 4], offsets[o + 5], offsets[o + 6], offsets[o + 7], offsets[o + 8], offsets[o + 9], offsets[o + 10], offsets[o + 11], offsets[o + 12], offsets[o + 13],
                        run, b, bOff + s * run * bStride, bStride, c, cOff, cStride, s == 0 && !accumulate);
            }
        }

        /**
         * Evenly spaced short runs in one loop, as {@link FloatGemm14x2#tileEvenRuns}.
         */
        @Override
        public void tileEvenRuns(float[] a, int[] offsets, int offsetsBase, int segments, int run, int runStride,
                float[] b, int bOff, float[] c, int cOff, int cStride) {
            if (run >= 64) {
                tile(a, offsets, offsetsBase, segments, run, b, bOff, c, cOff, cStride);
                return;
            }
            int o0 = offsets[offsetsBase + 0];
            int o1 = offsets[offsetsBase + 1];
            int o2 = offsets[offsetsBase + 2];
            int o3 = offsets[offsetsBase + 3];
            int o4 = offsets[offsetsBase + 4];
            int o5 = offsets[offsetsBase + 5];
            int o6 = offsets[offsetsBase + 6];
            int o7 = offsets[offsetsBase + 7];
            int o8 = offsets[offsetsBase + 8];
            int o9 = offsets[offsetsBase + 9];
            int o10 = offsets[offsetsBase + 10];
            int o11 = offsets[offsetsBase + 11];
            int o12 = offsets[offsetsBase + 12];
            int o13 = offsets[offsetsBase + 13];
            FloatVector c00 = FloatVector.zero(FS);
            FloatVector c10 = c00, c20 = c00, c30 = c00, c40 = c00, c50 = c00, c60 = c00, c70 = c00;
            FloatVector c80 = c00, c90 = c00, c100 = c00, c110 = c00, c120 = c00, c130 = c00;
            int steps = segments * run;
            int bp = bOff;
            for (int k = 0, i = 0, at = 0; k < steps; k++, bp += NR) {
                FloatVector b0 = FloatVector.fromArray(FS, b, bp);
                FloatVector x;
                x = FloatVector.broadcast(FS, a[o0 + at]);
                c00 = b0.fma(x, c00);
                x = FloatVector.broadcast(FS, a[o1 + at]);
                c10 = b0.fma(x, c10);
                x = FloatVector.broadcast(FS, a[o2 + at]);
                c20 = b0.fma(x, c20);
                x = FloatVector.broadcast(FS, a[o3 + at]);
                c30 = b0.fma(x, c30);
                x = FloatVector.broadcast(FS, a[o4 + at]);
                c40 = b0.fma(x, c40);
                x = FloatVector.broadcast(FS, a[o5 + at]);
                c50 = b0.fma(x, c50);
                x = FloatVector.broadcast(FS, a[o6 + at]);
                c60 = b0.fma(x, c60);
                x = FloatVector.broadcast(FS, a[o7 + at]);
                c70 = b0.fma(x, c70);
                x = FloatVector.broadcast(FS, a[o8 + at]);
                c80 = b0.fma(x, c80);
                x = FloatVector.broadcast(FS, a[o9 + at]);
                c90 = b0.fma(x, c90);
                x = FloatVector.broadcast(FS, a[o10 + at]);
                c100 = b0.fma(x, c100);
                x = FloatVector.broadcast(FS, a[o11 + at]);
                c110 = b0.fma(x, c110);
                x = FloatVector.broadcast(FS, a[o12 + at]);
                c120 = b0.fma(x, c120);
                x = FloatVector.broadcast(FS, a[o13 + at]);
                c130 = b0.fma(x, c130);

                if (++i == run) {
                    i = 0;
                    at += runStride - run + 1;
                } else {
                    at++;
                }
            }
            c00.intoArray(c, cOff);
            c10.intoArray(c, cOff + 1 * cStride);
            c20.intoArray(c, cOff + 2 * cStride);
            c30.intoArray(c, cOff + 3 * cStride);
            c40.intoArray(c, cOff + 4 * cStride);
            c50.intoArray(c, cOff + 5 * cStride);
            c60.intoArray(c, cOff + 6 * cStride);
            c70.intoArray(c, cOff + 7 * cStride);
            c80.intoArray(c, cOff + 8 * cStride);
            c90.intoArray(c, cOff + 9 * cStride);
            c100.intoArray(c, cOff + 10 * cStride);
            c110.intoArray(c, cOff + 11 * cStride);
            c120.intoArray(c, cOff + 12 * cStride);
            c130.intoArray(c, cOff + 13 * cStride);
        }

        private static void segment(float[] a, int o0, int o1, int o2, int o3, int o4, int o5, int o6, int o7, int o8, int o9, int o10, int o11, int o12, int o13,
                int run, float[] b, int bp, int bStride, float[] c, int cOff, int cStride, boolean first) {
            FloatVector c00, c10, c20, c30, c40, c50, c60, c70, c80, c90, c100, c110, c120, c130;
            if (first) {
                c00 = FloatVector.zero(FS);
                c10 = c20 = c30 = c40 = c50 = c60 = c70 = c00;
                c80 = c90 = c100 = c110 = c120 = c130 = c00;
            } else {
                c00 = FloatVector.fromArray(FS, c, cOff);
                c10 = FloatVector.fromArray(FS, c, cOff + 1 * cStride);
                c20 = FloatVector.fromArray(FS, c, cOff + 2 * cStride);
                c30 = FloatVector.fromArray(FS, c, cOff + 3 * cStride);
                c40 = FloatVector.fromArray(FS, c, cOff + 4 * cStride);
                c50 = FloatVector.fromArray(FS, c, cOff + 5 * cStride);
                c60 = FloatVector.fromArray(FS, c, cOff + 6 * cStride);
                c70 = FloatVector.fromArray(FS, c, cOff + 7 * cStride);
                c80 = FloatVector.fromArray(FS, c, cOff + 8 * cStride);
                c90 = FloatVector.fromArray(FS, c, cOff + 9 * cStride);
                c100 = FloatVector.fromArray(FS, c, cOff + 10 * cStride);
                c110 = FloatVector.fromArray(FS, c, cOff + 11 * cStride);
                c120 = FloatVector.fromArray(FS, c, cOff + 12 * cStride);
                c130 = FloatVector.fromArray(FS, c, cOff + 13 * cStride);
            }
            for (int i = 0; i < run; i++, bp += bStride) {
                FloatVector b0 = FloatVector.fromArray(FS, b, bp);
                FloatVector x;
                x = FloatVector.broadcast(FS, a[o0 + i]);
                c00 = b0.fma(x, c00);
                x = FloatVector.broadcast(FS, a[o1 + i]);
                c10 = b0.fma(x, c10);
                x = FloatVector.broadcast(FS, a[o2 + i]);
                c20 = b0.fma(x, c20);
                x = FloatVector.broadcast(FS, a[o3 + i]);
                c30 = b0.fma(x, c30);
                x = FloatVector.broadcast(FS, a[o4 + i]);
                c40 = b0.fma(x, c40);
                x = FloatVector.broadcast(FS, a[o5 + i]);
                c50 = b0.fma(x, c50);
                x = FloatVector.broadcast(FS, a[o6 + i]);
                c60 = b0.fma(x, c60);
                x = FloatVector.broadcast(FS, a[o7 + i]);
                c70 = b0.fma(x, c70);
                x = FloatVector.broadcast(FS, a[o8 + i]);
                c80 = b0.fma(x, c80);
                x = FloatVector.broadcast(FS, a[o9 + i]);
                c90 = b0.fma(x, c90);
                x = FloatVector.broadcast(FS, a[o10 + i]);
                c100 = b0.fma(x, c100);
                x = FloatVector.broadcast(FS, a[o11 + i]);
                c110 = b0.fma(x, c110);
                x = FloatVector.broadcast(FS, a[o12 + i]);
                c120 = b0.fma(x, c120);
                x = FloatVector.broadcast(FS, a[o13 + i]);
                c130 = b0.fma(x, c130);
            }
            c00.intoArray(c, cOff);
            c10.intoArray(c, cOff + 1 * cStride);
            c20.intoArray(c, cOff + 2 * cStride);
            c30.intoArray(c, cOff + 3 * cStride);
            c40.intoArray(c, cOff + 4 * cStride);
            c50.intoArray(c, cOff + 5 * cStride);
            c60.intoArray(c, cOff + 6 * cStride);
            c70.intoArray(c, cOff + 7 * cStride);
            c80.intoArray(c, cOff + 8 * cStride);
            c90.intoArray(c, cOff + 9 * cStride);
            c100.intoArray(c, cOff + 10 * cStride);
            c110.intoArray(c, cOff + 11 * cStride);
            c120.intoArray(c, cOff + 12 * cStride);
            c130.intoArray(c, cOff + 13 * cStride);
        }
    }

    /** float32, 6 rows x 2 vectors: for CPUs with 16 vector registers (AVX2). */
    static final class FloatGemm6x2 implements FloatGemmKernel {
        private static final int L = FS.length();
        private static final int NR = 2 * L;

        @Override
        public int mr() {
            return 6;
        }

        @Override
        public int nr() {
            return NR;
        }

        @Override
        public void tile(float[] a, int[] offsets, int offsetsBase, int segments, int run, float[] b, int bOff, int bStride,
                float[] c, int cOff, int cStride, boolean accumulate) {
            for (int s = 0; s < segments; s++) {
                int o = offsetsBase + s * 6;
                segment(a, offsets[o], offsets[o + 1], offsets[o + 2], offsets[o + 3], offsets[o + 4], offsets[o + 5],
                        run, b, bOff + s * run * bStride, bStride, c, cOff, cStride, s == 0 && !accumulate);
            }
        }

        /** Evenly spaced short runs in one loop, as {@link FloatGemm14x2#tileEvenRuns}. */
        @Override
        public void tileEvenRuns(float[] a, int[] offsets, int offsetsBase, int segments, int run, int runStride,
                float[] b, int bOff, float[] c, int cOff, int cStride) {
            if (run >= 64) {
                tile(a, offsets, offsetsBase, segments, run, b, bOff, c, cOff, cStride);
                return;
            }
            int o0 = offsets[offsetsBase + 0];
            int o1 = offsets[offsetsBase + 1];
            int o2 = offsets[offsetsBase + 2];
            int o3 = offsets[offsetsBase + 3];
            int o4 = offsets[offsetsBase + 4];
            int o5 = offsets[offsetsBase + 5];
            FloatVector c00 = FloatVector.zero(FS);
            FloatVector c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
            int steps = segments * run;
            int bp = bOff;
            for (int k = 0, i = 0, at = 0; k < steps; k++, bp += NR) {
                FloatVector b0 = FloatVector.fromArray(FS, b, bp);
                FloatVector b1 = FloatVector.fromArray(FS, b, bp + L);
                FloatVector x;
                x = FloatVector.broadcast(FS, a[o0 + at]);
                c00 = b0.fma(x, c00);
                c01 = b1.fma(x, c01);
                x = FloatVector.broadcast(FS, a[o1 + at]);
                c10 = b0.fma(x, c10);
                c11 = b1.fma(x, c11);
                x = FloatVector.broadcast(FS, a[o2 + at]);
                c20 = b0.fma(x, c20);
                c21 = b1.fma(x, c21);
                x = FloatVector.broadcast(FS, a[o3 + at]);
                c30 = b0.fma(x, c30);
                c31 = b1.fma(x, c31);
                x = FloatVector.broadcast(FS, a[o4 + at]);
                c40 = b0.fma(x, c40);
                c41 = b1.fma(x, c41);
                x = FloatVector.broadcast(FS, a[o5 + at]);
                c50 = b0.fma(x, c50);
                c51 = b1.fma(x, c51);

                if (++i == run) {
                    i = 0;
                    at += runStride - run + 1;
                } else {
                    at++;
                }
            }
            c00.intoArray(c, cOff);
            c01.intoArray(c, cOff + L);
            c10.intoArray(c, cOff + 1 * cStride);
            c11.intoArray(c, cOff + 1 * cStride + L);
            c20.intoArray(c, cOff + 2 * cStride);
            c21.intoArray(c, cOff + 2 * cStride + L);
            c30.intoArray(c, cOff + 3 * cStride);
            c31.intoArray(c, cOff + 3 * cStride + L);
            c40.intoArray(c, cOff + 4 * cStride);
            c41.intoArray(c, cOff + 4 * cStride + L);
            c50.intoArray(c, cOff + 5 * cStride);
            c51.intoArray(c, cOff + 5 * cStride + L);
        }

        private static void segment(float[] a, int o0, int o1, int o2, int o3, int o4, int o5,
                int run, float[] b, int bp, int bStride, float[] c, int cOff, int cStride, boolean first) {
            FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
            if (first) {
                c00 = FloatVector.zero(FS);
                c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c00;
                c41 = c50 = c51 = c00;
            } else {
                c00 = FloatVector.fromArray(FS, c, cOff);
                c01 = FloatVector.fromArray(FS, c, cOff + L);
                c10 = FloatVector.fromArray(FS, c, cOff + 1 * cStride);
                c11 = FloatVector.fromArray(FS, c, cOff + 1 * cStride + L);
                c20 = FloatVector.fromArray(FS, c, cOff + 2 * cStride);
                c21 = FloatVector.fromArray(FS, c, cOff + 2 * cStride + L);
                c30 = FloatVector.fromArray(FS, c, cOff + 3 * cStride);
                c31 = FloatVector.fromArray(FS, c, cOff + 3 * cStride + L);
                c40 = FloatVector.fromArray(FS, c, cOff + 4 * cStride);
                c41 = FloatVector.fromArray(FS, c, cOff + 4 * cStride + L);
                c50 = FloatVector.fromArray(FS, c, cOff + 5 * cStride);
                c51 = FloatVector.fromArray(FS, c, cOff + 5 * cStride + L);
            }
            for (int i = 0; i < run; i++, bp += bStride) {
                FloatVector b0 = FloatVector.fromArray(FS, b, bp);
                FloatVector b1 = FloatVector.fromArray(FS, b, bp + L);
                FloatVector x;
                x = FloatVector.broadcast(FS, a[o0 + i]);
                c00 = b0.fma(x, c00);
                c01 = b1.fma(x, c01);
                x = FloatVector.broadcast(FS, a[o1 + i]);
                c10 = b0.fma(x, c10);
                c11 = b1.fma(x, c11);
                x = FloatVector.broadcast(FS, a[o2 + i]);
                c20 = b0.fma(x, c20);
                c21 = b1.fma(x, c21);
                x = FloatVector.broadcast(FS, a[o3 + i]);
                c30 = b0.fma(x, c30);
                c31 = b1.fma(x, c31);
                x = FloatVector.broadcast(FS, a[o4 + i]);
                c40 = b0.fma(x, c40);
                c41 = b1.fma(x, c41);
                x = FloatVector.broadcast(FS, a[o5 + i]);
                c50 = b0.fma(x, c50);
                c51 = b1.fma(x, c51);
            }
            c00.intoArray(c, cOff);
            c01.intoArray(c, cOff + L);
            c10.intoArray(c, cOff + 1 * cStride);
            c11.intoArray(c, cOff + 1 * cStride + L);
            c20.intoArray(c, cOff + 2 * cStride);
            c21.intoArray(c, cOff + 2 * cStride + L);
            c30.intoArray(c, cOff + 3 * cStride);
            c31.intoArray(c, cOff + 3 * cStride + L);
            c40.intoArray(c, cOff + 4 * cStride);
            c41.intoArray(c, cOff + 4 * cStride + L);
            c50.intoArray(c, cOff + 5 * cStride);
            c51.intoArray(c, cOff + 5 * cStride + L);
        }
    }

    /** float64, 8 rows x 2 vectors. */
    static final class DoubleGemm8x2 implements DoubleGemmKernel {
        private static final int L = DS.length();
        private static final int NR = 2 * L;

        @Override
        public int mr() {
            return 8;
        }

        @Override
        public int nr() {
            return NR;
        }

        @Override
        public void tile(double[] a, int[] offsets, int offsetsBase, int segments, int run, double[] b, int bOff, int bStride,
                double[] c, int cOff, int cStride, boolean accumulate) {
            for (int s = 0; s < segments; s++) {
                int o = offsetsBase + s * 8;
                segment(a, offsets[o], offsets[o + 1], offsets[o + 2], offsets[o + 3], offsets[o + 4], offsets[o + 5], offsets[o + 6], offsets[o + 7],
                        run, b, bOff + s * run * bStride, bStride, c, cOff, cStride, s == 0 && !accumulate);
            }
        }

        private static void segment(double[] a, int o0, int o1, int o2, int o3, int o4, int o5, int o6, int o7,
                int run, double[] b, int bp, int bStride, double[] c, int cOff, int cStride, boolean first) {
            DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
            if (first) {
                c00 = DoubleVector.zero(DS);
                c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c00;
                c41 = c50 = c51 = c60 = c61 = c70 = c71 = c00;
            } else {
                c00 = DoubleVector.fromArray(DS, c, cOff);
                c01 = DoubleVector.fromArray(DS, c, cOff + L);
                c10 = DoubleVector.fromArray(DS, c, cOff + 1 * cStride);
                c11 = DoubleVector.fromArray(DS, c, cOff + 1 * cStride + L);
                c20 = DoubleVector.fromArray(DS, c, cOff + 2 * cStride);
                c21 = DoubleVector.fromArray(DS, c, cOff + 2 * cStride + L);
                c30 = DoubleVector.fromArray(DS, c, cOff + 3 * cStride);
                c31 = DoubleVector.fromArray(DS, c, cOff + 3 * cStride + L);
                c40 = DoubleVector.fromArray(DS, c, cOff + 4 * cStride);
                c41 = DoubleVector.fromArray(DS, c, cOff + 4 * cStride + L);
                c50 = DoubleVector.fromArray(DS, c, cOff + 5 * cStride);
                c51 = DoubleVector.fromArray(DS, c, cOff + 5 * cStride + L);
                c60 = DoubleVector.fromArray(DS, c, cOff + 6 * cStride);
                c61 = DoubleVector.fromArray(DS, c, cOff + 6 * cStride + L);
                c70 = DoubleVector.fromArray(DS, c, cOff + 7 * cStride);
                c71 = DoubleVector.fromArray(DS, c, cOff + 7 * cStride + L);
            }
            for (int i = 0; i < run; i++, bp += bStride) {
                DoubleVector b0 = DoubleVector.fromArray(DS, b, bp);
                DoubleVector b1 = DoubleVector.fromArray(DS, b, bp + L);
                DoubleVector x;
                x = DoubleVector.broadcast(DS, a[o0 + i]);
                c00 = b0.fma(x, c00);
                c01 = b1.fma(x, c01);
                x = DoubleVector.broadcast(DS, a[o1 + i]);
                c10 = b0.fma(x, c10);
                c11 = b1.fma(x, c11);
                x = DoubleVector.broadcast(DS, a[o2 + i]);
                c20 = b0.fma(x, c20);
                c21 = b1.fma(x, c21);
                x = DoubleVector.broadcast(DS, a[o3 + i]);
                c30 = b0.fma(x, c30);
                c31 = b1.fma(x, c31);
                x = DoubleVector.broadcast(DS, a[o4 + i]);
                c40 = b0.fma(x, c40);
                c41 = b1.fma(x, c41);
                x = DoubleVector.broadcast(DS, a[o5 + i]);
                c50 = b0.fma(x, c50);
                c51 = b1.fma(x, c51);
                x = DoubleVector.broadcast(DS, a[o6 + i]);
                c60 = b0.fma(x, c60);
                c61 = b1.fma(x, c61);
                x = DoubleVector.broadcast(DS, a[o7 + i]);
                c70 = b0.fma(x, c70);
                c71 = b1.fma(x, c71);
            }
            c00.intoArray(c, cOff);
            c01.intoArray(c, cOff + L);
            c10.intoArray(c, cOff + 1 * cStride);
            c11.intoArray(c, cOff + 1 * cStride + L);
            c20.intoArray(c, cOff + 2 * cStride);
            c21.intoArray(c, cOff + 2 * cStride + L);
            c30.intoArray(c, cOff + 3 * cStride);
            c31.intoArray(c, cOff + 3 * cStride + L);
            c40.intoArray(c, cOff + 4 * cStride);
            c41.intoArray(c, cOff + 4 * cStride + L);
            c50.intoArray(c, cOff + 5 * cStride);
            c51.intoArray(c, cOff + 5 * cStride + L);
            c60.intoArray(c, cOff + 6 * cStride);
            c61.intoArray(c, cOff + 6 * cStride + L);
            c70.intoArray(c, cOff + 7 * cStride);
            c71.intoArray(c, cOff + 7 * cStride + L);
        }
    }
}
