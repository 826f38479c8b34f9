package org.conv4j.internal.simd;

/**
 * Plain-Java kernels for JVMs without the Vector API. The tile is {@code 4 x 16}: the inner loop
 * over 16 columns is simple enough for HotSpot's auto-vectoriser, and 4 rows reuse each loaded
 * weight 4 times.
 */
final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private static final int MR = 4;
    private static final int NR = 16;

    private final FloatGemmKernel floatGemm = new FloatGemmKernel() {
        @Override
        public int mr() {
            return MR;
        }

        @Override
        public int nr() {
            return NR;
        }

        @Override
        public void tile(float[] a, int[] offsets, int offsetsBase, int segments, int run, float[] b, int bOff, int bStride,
                float[] c, int cOff, int cStride, boolean accumulate) {
            // Accumulate in c itself: a local array would be allocated on every call.
            int p0 = cOff;
            int p1 = p0 + cStride;
            int p2 = p1 + cStride;
            int p3 = p2 + cStride;
            for (int r = 0; r < MR && !accumulate; r++) {
                java.util.Arrays.fill(c, cOff + r * cStride, cOff + r * cStride + NR, 0f);
            }
            int bp = bOff;
            for (int s = 0; s < segments; s++) {
                int o0 = offsets[offsetsBase + s * MR];
                int o1 = offsets[offsetsBase + s * MR + 1];
                int o2 = offsets[offsetsBase + s * MR + 2];
                int o3 = offsets[offsetsBase + s * MR + 3];
                for (int i = 0; i < run; i++, bp += bStride) {
                    float a0 = a[o0 + i];
                    float a1 = a[o1 + i];
                    float a2 = a[o2 + i];
                    float a3 = a[o3 + i];
                    for (int j = 0; j < NR; j++) {
                        float bj = b[bp + j];
                        c[p0 + j] += a0 * bj;
                        c[p1 + j] += a1 * bj;
                        c[p2 + j] += a2 * bj;
                        c[p3 + j] += a3 * bj;
                    }
                }
            }
        }
    };

    private final DoubleGemmKernel doubleGemm = new DoubleGemmKernel() {
        @Override
        public int mr() {
            return MR;
        }

        @Override
        public int nr() {
            return NR;
        }

        @Override
        public void tile(double[] a, int[] offsets, int offsetsBase, int segments, int run, double[] b, int bOff, int bStride,
                double[] c, int cOff, int cStride, boolean accumulate) {
            // Accumulate in c itself: a local array would be allocated on every call.
            int p0 = cOff;
            int p1 = p0 + cStride;
            int p2 = p1 + cStride;
            int p3 = p2 + cStride;
            for (int r = 0; r < MR && !accumulate; r++) {
                java.util.Arrays.fill(c, cOff + r * cStride, cOff + r * cStride + NR, 0d);
            }
            int bp = bOff;
            for (int s = 0; s < segments; s++) {
                int o0 = offsets[offsetsBase + s * MR];
                int o1 = offsets[offsetsBase + s * MR + 1];
                int o2 = offsets[offsetsBase + s * MR + 2];
                int o3 = offsets[offsetsBase + s * MR + 3];
                for (int i = 0; i < run; i++, bp += bStride) {
                    double a0 = a[o0 + i];
                    double a1 = a[o1 + i];
                    double a2 = a[o2 + i];
                    double a3 = a[o3 + i];
                    for (int j = 0; j < NR; j++) {
                        double bj = b[bp + j];
                        c[p0 + j] += a0 * bj;
                        c[p1 + j] += a1 * bj;
                        c[p2 + j] += a2 * bj;
                        c[p3 + j] += a3 * bj;
                    }
                }
            }
        }
    };

    private ScalarKernels() {
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
    public WinogradTransforms winograd() {
        return ScalarWinogradTransforms.INSTANCE;
    }

    @Override
    public RowFilter rowFilter() {
        return ScalarRowFilter.INSTANCE;
    }

    @Override
    public DepthwiseKernel depthwise() {
        return ScalarDepthwiseKernel.INSTANCE;
    }

    @Override
    public String name() {
        return "scalar";
    }
}
