package org.conv4j.internal.simd;

/**
 * The plain-Java float32 GEMM micro-kernel, shaped so that HotSpot C2's auto-vectoriser
 * (SuperWord) turns its hot loop into vector instructions on JDK 17 and later: a tile of
 * 4 rows x 64 columns.
 *
 * <p>Why it looks like this. SuperWord vectorises a loop only if it can prove every store in it
 * independent of every other access to arrays of the same type, and on JDK 17 it proves that
 * only for indexes that differ by a constant ({@code x[k + j]} and {@code y[k + 64 + j]}, the
 * same {@code k} or none). The output rows ({@code cOff + r*cStride}) and the weight panel
 * ({@code bOff + i*NR}) lie at unrelated offsets, so a loop that reads one and writes the other
 * (the plain {@code c[p + j] += a * b[q + j]}) stays scalar. Hence a per-thread scratch array
 * where everything the hot loop touches lies at fixed places, rows {@value #NR} values apart:
 * <ul>
 *   <li>rows {@code 0..3}: the 4 x 64 accumulators, copied out to {@code c} at the end;
 *   <li>rows {@code 4..6}: the weights of the next {@value #STEPS} reduction steps, copied in
 *       from the panel ({@code System.arraycopy}, itself vectorised) before each pass.
 * </ul>
 * Each pass adds {@value #STEPS} steps to every accumulator, in reduction order
 * ({@code t += x0*b0; t += x1*b1; t += x2*b2}), so every output is rounded exactly as the plain
 * one-step-at-a-time sum: HotSpot never reassociates or fuses float additions, vectorised or
 * not. 12 products per column is the most C2 still vectorises (16 stayed scalar or spilled).
 *
 * <p>{@code NR} is a compile-time constant on purpose: with the width a field, one class
 * serving several widths, C2 compiled the loop from the profile of the narrowest and the 64-wide
 * tile ran at half speed. Measured on an AVX-512 core (JDK 17 and 25 alike), alone on a
 * 64-step reduction: 17-24 GFLOP/s against 4-6 for the plain 4 x 16 loop over {@code c} it
 * replaces. What bounds it: a 64-wide loop is only 4 vectors of 16 floats, and C2 runs up to 16
 * columns of each loop scalar (its alignment pre-loop and the rest after the last whole vector).
 *
 * <p>The scratch is per thread ({@link ThreadLocal}): allocated once, never per call (HotSpot
 * does not scalar-replace a local array here, and a tile is called millions of times).
 */
final class ScalarFloatGemm implements FloatGemmKernel {
    private static final int MR = 4;
    /** Reduction steps per pass. */
    private static final int STEPS = 3;
    /** Columns per tile, and the row pitch of the scratch: a constant, so that SuperWord sees fixed offsets. */
    private static final int NR = 64;
    /** Where the copied weights start in the scratch. */
    private static final int STAGE = MR * NR;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[(MR + STEPS) * NR]);

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
        float[] w = SCRATCH.get();
        for (int r = 0; r < MR; r++) {
            if (accumulate) {
                System.arraycopy(c, cOff + r * cStride, w, r * NR, NR);
            } else {
                java.util.Arrays.fill(w, r * NR, (r + 1) * NR, 0f);
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
                float x00 = a[o0 + i];
                float x01 = a[o0 + i + 1];
                float x02 = a[o0 + i + 2];
                float x10 = a[o1 + i];
                float x11 = a[o1 + i + 1];
                float x12 = a[o1 + i + 2];
                float x20 = a[o2 + i];
                float x21 = a[o2 + i + 1];
                float x22 = a[o2 + i + 2];
                float x30 = a[o3 + i];
                float x31 = a[o3 + i + 1];
                float x32 = a[o3 + i + 2];
                for (int j = 0; j < NR; j++) {
                    float b0 = w[STAGE + j];
                    float b1 = w[STAGE + NR + j];
                    float b2 = w[STAGE + 2 * NR + j];
                    float t0 = w[j];
                    t0 += x00 * b0;
                    t0 += x01 * b1;
                    t0 += x02 * b2;
                    w[j] = t0;
                    float t1 = w[NR + j];
                    t1 += x10 * b0;
                    t1 += x11 * b1;
                    t1 += x12 * b2;
                    w[NR + j] = t1;
                    float t2 = w[2 * NR + j];
                    t2 += x20 * b0;
                    t2 += x21 * b1;
                    t2 += x22 * b2;
                    w[2 * NR + j] = t2;
                    float t3 = w[3 * NR + j];
                    t3 += x30 * b0;
                    t3 += x31 * b1;
                    t3 += x32 * b2;
                    w[3 * NR + j] = t3;
                }
            }
            for (; i < run; i++, bp += bStride) {
                System.arraycopy(b, bp, w, STAGE, NR);
                float x0 = a[o0 + i];
                float x1 = a[o1 + i];
                float x2 = a[o2 + i];
                float x3 = a[o3 + i];
                for (int j = 0; j < NR; j++) {
                    float b0 = w[STAGE + j];
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
