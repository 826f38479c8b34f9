package org.conv4j.internal.simd;

/**
 * The plain-Java float32 GEMM micro-kernel, written so that HotSpot C2 vectorises it (SuperWord)
 * on JDK 17 and later: a tile of 4 rows x {@code nr} columns (16, 32 or 64).
 *
 * <p>Why it looks like this. SuperWord vectorises a loop only if it can prove that every store
 * in it is independent of every other access to the same element type, and on JDK 17 it can
 * prove that only for indexes that differ by a constant ({@code x[k + j]} and {@code y[k + 64 + j]}
 * with the same {@code k}, or none). The output rows ({@code cOff + r*cStride}) and the weight
 * panel ({@code bOff + i*nr}) are at unrelated offsets, so a loop that reads one and writes the
 * other stays scalar. Hence one per-thread scratch array, where everything the hot loop touches
 * sits at fixed places, a {@value #NR}-float row apart:
 * <ul>
 *   <li>rows {@code 0..3}: the 4 x {@code nr} accumulators, written out to {@code c} at the end;
 *   <li>rows {@code 4..6}: the weights of the next {@value #STEPS} reduction steps, copied in
 *       from the panel ({@code System.arraycopy}, itself vectorised) before each pass.
 * </ul>
 * Each pass adds {@value #STEPS} steps to each accumulator in one go, in the order of the
 * reduction ({@code t += x0*b0; t += x1*b1; ...}): the sums are rounded exactly as a plain
 * one-step-at-a-time loop rounds them, and HotSpot never reassociates or fuses float adds, so the
 * result does not depend on the vector width either. 4 rows x 3 steps (12 products per element)
 * is the most C2 still unrolls and vectorises: with 16 the loop stays scalar. Measured on an
 * AVX-512 core, on a 64-channel reduction, about 4.5 times the throughput of the plain 4 x 16
 * loop over {@code c} it replaces.
 *
 * <p>The scratch is per thread ({@link ThreadLocal}): allocated once, never per call (HotSpot
 * does not scalar-replace a local array here, and a tile is called millions of times).
 */
final class ScalarFloatGemm implements FloatGemmKernel {
    private static final int MR = 4;
    /** Reduction steps per pass. */
    private static final int STEPS = 3;
    /** Row pitch of the scratch: the widest tile. A constant, so that SuperWord sees fixed offsets. */
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
    public void tile(float[] a, int[] offsets, int offsetsBase, int segments, int run, float[] b, int bOff, float[] c, int cOff, int cStride) {
        float[] w = SCRATCH.get();
        for (int q = 0; q < STAGE; q++) {
            w[q] = 0f;
        }
        int bp = bOff;
        for (int s = 0; s < segments; s++) {
            int o = offsetsBase + s * MR;
            int o0 = offsets[o];
            int o1 = offsets[o + 1];
            int o2 = offsets[o + 2];
            int o3 = offsets[o + 3];
            int i = 0;
            for (; i + STEPS <= run; i += STEPS, bp += STEPS * NR) {
                System.arraycopy(b, bp, w, STAGE, STEPS * NR);
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
                // The hot loop, inline: as a method of its own, C2 compiled it half as fast.
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
            for (; i < run; i++, bp += NR) {
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
