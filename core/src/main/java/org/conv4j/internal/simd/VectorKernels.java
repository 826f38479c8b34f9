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
        public void tile(float[] a, int[] offsets, int segments, int run, float[] b, int bOff, float[] c, int cOff, int cStride) {
            FloatVector c00 = FloatVector.zero(FS), c01 = FloatVector.zero(FS);
            FloatVector c10 = FloatVector.zero(FS), c11 = FloatVector.zero(FS);
            FloatVector c20 = FloatVector.zero(FS), c21 = FloatVector.zero(FS);
            FloatVector c30 = FloatVector.zero(FS), c31 = FloatVector.zero(FS);
            FloatVector c40 = FloatVector.zero(FS), c41 = FloatVector.zero(FS);
            FloatVector c50 = FloatVector.zero(FS), c51 = FloatVector.zero(FS);
            FloatVector c60 = FloatVector.zero(FS), c61 = FloatVector.zero(FS);
            FloatVector c70 = FloatVector.zero(FS), c71 = FloatVector.zero(FS);
            int bp = bOff;
            for (int s = 0; s < segments; s++) {
                int o = s * 8;
                int o0 = offsets[o], o1 = offsets[o + 1], o2 = offsets[o + 2], o3 = offsets[o + 3];
                int o4 = offsets[o + 4], o5 = offsets[o + 5], o6 = offsets[o + 6], o7 = offsets[o + 7];
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
            }
            int p = cOff;
            c00.intoArray(c, p);
            c01.intoArray(c, p + L);
            p += cStride;
            c10.intoArray(c, p);
            c11.intoArray(c, p + L);
            p += cStride;
            c20.intoArray(c, p);
            c21.intoArray(c, p + L);
            p += cStride;
            c30.intoArray(c, p);
            c31.intoArray(c, p + L);
            p += cStride;
            c40.intoArray(c, p);
            c41.intoArray(c, p + L);
            p += cStride;
            c50.intoArray(c, p);
            c51.intoArray(c, p + L);
            p += cStride;
            c60.intoArray(c, p);
            c61.intoArray(c, p + L);
            p += cStride;
            c70.intoArray(c, p);
            c71.intoArray(c, p + L);
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
        public void tile(double[] a, int[] offsets, int segments, int run, double[] b, int bOff, double[] c, int cOff, int cStride) {
            DoubleVector c00 = DoubleVector.zero(DS), c01 = DoubleVector.zero(DS);
            DoubleVector c10 = DoubleVector.zero(DS), c11 = DoubleVector.zero(DS);
            DoubleVector c20 = DoubleVector.zero(DS), c21 = DoubleVector.zero(DS);
            DoubleVector c30 = DoubleVector.zero(DS), c31 = DoubleVector.zero(DS);
            DoubleVector c40 = DoubleVector.zero(DS), c41 = DoubleVector.zero(DS);
            DoubleVector c50 = DoubleVector.zero(DS), c51 = DoubleVector.zero(DS);
            DoubleVector c60 = DoubleVector.zero(DS), c61 = DoubleVector.zero(DS);
            DoubleVector c70 = DoubleVector.zero(DS), c71 = DoubleVector.zero(DS);
            int bp = bOff;
            for (int s = 0; s < segments; s++) {
                int o = s * 8;
                int o0 = offsets[o], o1 = offsets[o + 1], o2 = offsets[o + 2], o3 = offsets[o + 3];
                int o4 = offsets[o + 4], o5 = offsets[o + 5], o6 = offsets[o + 6], o7 = offsets[o + 7];
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
            }
            int p = cOff;
            c00.intoArray(c, p);
            c01.intoArray(c, p + L);
            p += cStride;
            c10.intoArray(c, p);
            c11.intoArray(c, p + L);
            p += cStride;
            c20.intoArray(c, p);
            c21.intoArray(c, p + L);
            p += cStride;
            c30.intoArray(c, p);
            c31.intoArray(c, p + L);
            p += cStride;
            c40.intoArray(c, p);
            c41.intoArray(c, p + L);
            p += cStride;
            c50.intoArray(c, p);
            c51.intoArray(c, p + L);
            p += cStride;
            c60.intoArray(c, p);
            c61.intoArray(c, p + L);
            p += cStride;
            c70.intoArray(c, p);
            c71.intoArray(c, p + L);
        }
    }
}
