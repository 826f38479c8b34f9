package org.conv4j.internal.simd;

/**
 * The plain-Java float64 GEMM micro-kernel: {@link ScalarFloatGemm} for doubles (why it looks
 * like this is said there). A tile of 4 rows x 64 columns; on an AVX-512 core, alone, 16-22
 * GFLOP/s against 4-6 for the plain 4 x 16 loop it replaces.
 */
final class ScalarDoubleGemm implements DoubleGemmKernel {
    private static final int MR = 4;
    /** Reduction steps per pass. */
    private static final int STEPS = 3;
    /** Columns per tile, and the row pitch of the scratch: a constant, so that SuperWord sees fixed offsets. */
    private static final int NR = 64;
    /** Where the copied weights start in the scratch. */
    private static final int STAGE = MR * NR;
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[(MR + STEPS) * NR]);

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
        double[] w = SCRATCH.get();
        for (int r = 0; r < MR; r++) {
            if (accumulate) {
                System.arraycopy(c, cOff + r * cStride, w, r * NR, NR);
            } else {
                java.util.Arrays.fill(w, r * NR, (r + 1) * NR, 0d);
            }
        }
        int bp = bOff;
        for (int s = 0; s < segments; s++) {
            int o = offsetsBase + s * MR;
            int o0 = offsets[o];
            int o1 = offsets[o + 1];
            int o2 = offsets[o + 2];
            int o3 = offsets[o + 3];
            int i = 0;
            for (; i + STEPS <= run; i += STEPS, bp += STEPS * bStride) {
                // The panel's rows are bStride apart (NR when packed): stage them NR apart.
                for (int k = 0; k < STEPS; k++) {
                    System.arraycopy(b, bp + k * bStride, w, STAGE + k * NR, NR);
                }
                double x00 = a[o0 + i];
                double x01 = a[o0 + i + 1];
                double x02 = a[o0 + i + 2];
                double x10 = a[o1 + i];
                double x11 = a[o1 + i + 1];
                double x12 = a[o1 + i + 2];
                double x20 = a[o2 + i];
                double x21 = a[o2 + i + 1];
                double x22 = a[o2 + i + 2];
                double x30 = a[o3 + i];
                double x31 = a[o3 + i + 1];
                double x32 = a[o3 + i + 2];
                for (int j = 0; j < NR; j++) {
                    double b0 = w[STAGE + j];
                    double b1 = w[STAGE + NR + j];
                    double b2 = w[STAGE + 2 * NR + j];
                    double t0 = w[j];
                    t0 += x00 * b0;
                    t0 += x01 * b1;
                    t0 += x02 * b2;
                    w[j] = t0;
                    double t1 = w[NR + j];
                    t1 += x10 * b0;
                    t1 += x11 * b1;
                    t1 += x12 * b2;
                    w[NR + j] = t1;
                    double t2 = w[2 * NR + j];
                    t2 += x20 * b0;
                    t2 += x21 * b1;
                    t2 += x22 * b2;
                    w[2 * NR + j] = t2;
                    double t3 = w[3 * NR + j];
                    t3 += x30 * b0;
                    t3 += x31 * b1;
                    t3 += x32 * b2;
                    w[3 * NR + j] = t3;
                }
            }
            for (; i < run; i++, bp += bStride) {
                System.arraycopy(b, bp, w, STAGE, NR);
                double x0 = a[o0 + i];
                double x1 = a[o1 + i];
                double x2 = a[o2 + i];
                double x3 = a[o3 + i];
                for (int j = 0; j < NR; j++) {
                    double b0 = w[STAGE + j];
                    w[j] += x0 * b0;
                    w[NR + j] += x1 * b0;
                    w[2 * NR + j] += x2 * b0;
                    w[3 * NR + j] += x3 * b0;
                }
            }
        }
        for (int r = 0; r < MR; r++) {
            System.arraycopy(w, r * NR, c, cOff + r * cStride, NR);
        }
    }
}
