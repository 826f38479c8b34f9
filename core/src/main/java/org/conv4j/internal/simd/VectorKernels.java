package org.conv4j.internal.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels: the only class (with its nested kernels) that touches
 * {@code jdk.incubator.vector}. {@link Kernels} loads it reflectively.
 *
 * <p>The GEMM tile is 8 rows x 2 vectors (8 x 32 floats on AVX-512): 16 accumulators, two weight
 * vectors and one broadcast in registers, 10 loads per 16 FMAs. Accumulators are named locals,
 * not an array, because HotSpot keeps only locals in registers and never reassociates float sums.
 */
final class VectorKernels implements Kernels {
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private final FloatGemmKernel floatGemm = new FloatGemm8x2();
    private final DoubleGemmKernel doubleGemm = new DoubleGemm8x2();
    private final RowFilter rowFilter = new VectorRowFilter();

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
    public DoubleGemmKernel doubleGemm() {
        return doubleGemm;
    }

    @Override
    public RowFilter rowFilter() {
        return rowFilter;
    }

    @Override
    public String name() {
        return "vector " + FS.vectorBitSize() + "-bit";
    }

    /** float32, 8 rows x 2 vectors. */
    static final class FloatGemm8x2 implements FloatGemmKernel {
        private static final int L = FS.length();
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
        public void tile(float[] a, int[] offsets, int offsetsBase, int segments, int run, float[] b, int bOff, float[] c, int cOff, int cStride) {
            // One call per segment, accumulating through c: HotSpot 17 keeps vectors in registers
            // only across a single loop; nested loops carrying vectors fall back to boxed objects.
            for (int s = 0; s < segments; s++) {
                int o = offsetsBase + s * 8;
                segment(a, offsets[o], offsets[o + 1], offsets[o + 2], offsets[o + 3], offsets[o + 4], offsets[o + 5],
                        offsets[o + 6], offsets[o + 7], run, b, bOff + s * run * NR, c, cOff, cStride, s == 0);
            }
        }

        private static void segment(float[] a, int o0, int o1, int o2, int o3, int o4, int o5, int o6, int o7, int run,
                float[] b, int bp, float[] c, int cOff, int cStride, boolean first) {
            int p0 = cOff, p1 = p0 + cStride, p2 = p1 + cStride, p3 = p2 + cStride;
            int p4 = p3 + cStride, p5 = p4 + cStride, p6 = p5 + cStride, p7 = p6 + cStride;
            FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
            if (first) {
                c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = FloatVector.zero(FS);
                c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = c00;
            } else {
                c00 = FloatVector.fromArray(FS, c, p0);
                c01 = FloatVector.fromArray(FS, c, p0 + L);
                c10 = FloatVector.fromArray(FS, c, p1);
                c11 = FloatVector.fromArray(FS, c, p1 + L);
                c20 = FloatVector.fromArray(FS, c, p2);
                c21 = FloatVector.fromArray(FS, c, p2 + L);
                c30 = FloatVector.fromArray(FS, c, p3);
                c31 = FloatVector.fromArray(FS, c, p3 + L);
                c40 = FloatVector.fromArray(FS, c, p4);
                c41 = FloatVector.fromArray(FS, c, p4 + L);
                c50 = FloatVector.fromArray(FS, c, p5);
                c51 = FloatVector.fromArray(FS, c, p5 + L);
                c60 = FloatVector.fromArray(FS, c, p6);
                c61 = FloatVector.fromArray(FS, c, p6 + L);
                c70 = FloatVector.fromArray(FS, c, p7);
                c71 = FloatVector.fromArray(FS, c, p7 + L);
            }
            for (int i = 0; i < run; i++, bp += NR) {
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
            }
            c00.intoArray(c, p0);
            c01.intoArray(c, p0 + L);
            c10.intoArray(c, p1);
            c11.intoArray(c, p1 + L);
            c20.intoArray(c, p2);
            c21.intoArray(c, p2 + L);
            c30.intoArray(c, p3);
            c31.intoArray(c, p3 + L);
            c40.intoArray(c, p4);
            c41.intoArray(c, p4 + L);
            c50.intoArray(c, p5);
            c51.intoArray(c, p5 + L);
            c60.intoArray(c, p6);
            c61.intoArray(c, p6 + L);
            c70.intoArray(c, p7);
            c71.intoArray(c, p7 + L);
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
        public void tile(double[] a, int[] offsets, int offsetsBase, int segments, int run, double[] b, int bOff, double[] c, int cOff, int cStride) {
            // One call per segment, accumulating through c: HotSpot 17 keeps vectors in registers
            // only across a single loop; nested loops carrying vectors fall back to boxed objects.
            for (int s = 0; s < segments; s++) {
                int o = offsetsBase + s * 8;
                segment(a, offsets[o], offsets[o + 1], offsets[o + 2], offsets[o + 3], offsets[o + 4], offsets[o + 5],
                        offsets[o + 6], offsets[o + 7], run, b, bOff + s * run * NR, c, cOff, cStride, s == 0);
            }
        }

        private static void segment(double[] a, int o0, int o1, int o2, int o3, int o4, int o5, int o6, int o7, int run,
                double[] b, int bp, double[] c, int cOff, int cStride, boolean first) {
            int p0 = cOff, p1 = p0 + cStride, p2 = p1 + cStride, p3 = p2 + cStride;
            int p4 = p3 + cStride, p5 = p4 + cStride, p6 = p5 + cStride, p7 = p6 + cStride;
            DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
            if (first) {
                c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = DoubleVector.zero(DS);
                c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = c00;
            } else {
                c00 = DoubleVector.fromArray(DS, c, p0);
                c01 = DoubleVector.fromArray(DS, c, p0 + L);
                c10 = DoubleVector.fromArray(DS, c, p1);
                c11 = DoubleVector.fromArray(DS, c, p1 + L);
                c20 = DoubleVector.fromArray(DS, c, p2);
                c21 = DoubleVector.fromArray(DS, c, p2 + L);
                c30 = DoubleVector.fromArray(DS, c, p3);
                c31 = DoubleVector.fromArray(DS, c, p3 + L);
                c40 = DoubleVector.fromArray(DS, c, p4);
                c41 = DoubleVector.fromArray(DS, c, p4 + L);
                c50 = DoubleVector.fromArray(DS, c, p5);
                c51 = DoubleVector.fromArray(DS, c, p5 + L);
                c60 = DoubleVector.fromArray(DS, c, p6);
                c61 = DoubleVector.fromArray(DS, c, p6 + L);
                c70 = DoubleVector.fromArray(DS, c, p7);
                c71 = DoubleVector.fromArray(DS, c, p7 + L);
            }
            for (int i = 0; i < run; i++, bp += NR) {
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
            c00.intoArray(c, p0);
            c01.intoArray(c, p0 + L);
            c10.intoArray(c, p1);
            c11.intoArray(c, p1 + L);
            c20.intoArray(c, p2);
            c21.intoArray(c, p2 + L);
            c30.intoArray(c, p3);
            c31.intoArray(c, p3 + L);
            c40.intoArray(c, p4);
            c41.intoArray(c, p4 + L);
            c50.intoArray(c, p5);
            c51.intoArray(c, p5 + L);
            c60.intoArray(c, p6);
            c61.intoArray(c, p6 + L);
            c70.intoArray(c, p7);
            c71.intoArray(c, p7 + L);
        }
    }
}
