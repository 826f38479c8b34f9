package org.conv4j.internal.simd;

import java.util.Arrays;

/**
 * The plain-Java loops of Winograd F(2x2, 3x3) with the tiles (2x2 blocks of output pixels)
 * along the vectors instead of the output channels: the GEMMs and the transforms run along up to
 * {@value #TILES} tiles, at fixed places of one per-thread scratch array, so that HotSpot C2's
 * auto-vectoriser (SuperWord) turns them into vector instructions.
 *
 * <p>Why along tiles. {@link ScalarFloatGemm}'s loops are one tile of 64 output channels long,
 * and C2 runs up to 16 columns of each scalar (its alignment pre-loop and the rest after the
 * last whole vector): 17-26 GFLOP/s per AVX-512 core. Along 512 tiles the same arithmetic runs
 * at 55-80 GFLOP/s. Measured for one point's GEMM of 64 x 64 channels on JDK 17 (JDK 25 alike
 * within 10%), GFLOP/s, output channels x reduction steps per pass:
 *
 * <pre>
 *                         4x2  4x3  5x2  6x2  7x2  8x2  9x2  10x2  3x4  2x6  4x4
 *   256 tiles              49   50   55   55                        45   38
 *   512 tiles              58   63   65   68   8    9    8    7     56   46   11
 *   1024 tiles             65   67   70   74                        57   44
 *   512, Math.fma (*)                      57   57   65   57   9
 * </pre>
 *
 * (*) from a busier run, where 6 x 2 without fma measured 56. Without fused multiply-adds 12
 * products per tile are the most C2 vectorises (as in {@link ScalarFloatGemm}); with
 * {@link Math#fma}, 18. 8 x 2 it is: 12-16% faster than 6 x 2 in a whole layer (one thread),
 * and 64 channels make whole groups. Math.fma is a software routine where the
 * hardware has no FMA, so the scalar kernels use this class only where it has
 * ({@link #available()}). 512 tiles keep a block's transformed inputs within a few MiB.
 *
 * <p>What C2 vectorises, found by measuring (JDK 17; JDK 25 is more forgiving):
 * <ul>
 *   <li>indexes that differ by compile-time constants only, in one array (see
 *       {@link ScalarFloatGemm}); not even a loop-invariant offset common to all of them;
 *   <li>a trip count it can bound: {@code n = Math.min(n, TILES)} before a loop over {@code n}
 *       tiles made the GEMM vectorise (68 GFLOP/s instead of 12), or else a constant one;
 *   <li>at most about 12 loads and stores per iteration: the whole 16-value input transform in
 *       one loop stayed scalar (5 ns a tile), split into 4 + 4 passes of 4 values it takes 1;
 *   <li>one loop per compiled method: with two passes inlined into one method, only one of them
 *       was vectorised. So the transforms' passes are separate methods called through arrays of
 *       {@link Pass}: each call site sees several classes, C2 does not inline across it, and
 *       every pass is compiled, and vectorised, on its own.
 * </ul>
 * The passes always run over all {@value #TILES} tiles, constant trip counts; the columns past a
 * short block's last tile hold stale values that are never written out.
 *
 * <p>The scratch ({@link #scratch()}) holds, rows {@value #ROW} floats apart: the GEMM's
 * {@value #MR} accumulators and {@value #STEPS} staged reduction steps, the 16 patch values of
 * one channel (transformed in place), and the 16 points' products of {@value #MR} output
 * channels (transformed in place into the 2x2 output pixels). Every value is computed the same
 * way whatever tile of whatever block it is in (the transforms' additions are
 * {@link ScalarWinogradTransforms}', the GEMM adds the channels in order): the same bits for any
 * thread count.
 */
public final class ScalarTileMajorWinograd {
    /** Tiles per block at most: the row pitch of the scratch. */
    public static final int TILES = 512;
    /**
     * The row pitch of the scratch and of {@link #pixels()}: an odd number of 64-byte lines, so
     * that the rows fall in different cache sets. With 512 floats (2 KiB) the 192 rows the
     * write-out reads a column of fell in two sets of the L1 cache, and it ran twice as slow.
     */
    public static final int ROW = TILES + 16;
    /** Output channels per GEMM pass: the filter is packed in groups of this many. */
    public static final int MR = 8;
    /** Output channels per write-out: 6 groups, so that each pixel gets 48 adjacent values at once. */
    public static final int CHUNK = 6 * MR;
    /** Reduction steps (input channels) per GEMM pass: the filter's channels are padded to a multiple. */
    public static final int STEPS = 2;
    /** Where the staged rows of the transformed inputs start: after the {@value #MR} accumulators. */
    private static final int STAGE = MR * ROW;
    /** The 16 patch values of one channel, {@code d[p][t]}, transformed in place into {@code V[e][t]}. */
    private static final int PATCH = STAGE + STEPS * ROW;
    /** The products {@code M[e][r][t]}, transformed in place into the output pixels. */
    private static final int PRODUCTS = PATCH + 16 * ROW;
    /** One point's products: {@value #MR} rows, which the output transform treats as one row. */
    private static final int POINT = MR * ROW;
    private static final int SCRATCH = PRODUCTS + 16 * POINT;
    /** Where the output transform leaves pixel q (top left, top right, bottom left, bottom right). */
    private static final int[] PIXEL_POINTS = {0, 1, 4, 5};

    /** One pass of a transform over the scratch, a method of its own: see the class comment. */
    @FunctionalInterface
    private interface Pass {
        void run(float[] s);
    }

    private static final Pass[] INPUT_PASSES = {
        ScalarTileMajorWinograd::inputColumn0, ScalarTileMajorWinograd::inputColumn1,
        ScalarTileMajorWinograd::inputColumn2, ScalarTileMajorWinograd::inputColumn3,
        ScalarTileMajorWinograd::inputRow0, ScalarTileMajorWinograd::inputRow1,
        ScalarTileMajorWinograd::inputRow2, ScalarTileMajorWinograd::inputRow3};
    private static final Pass[] OUTPUT_PASSES = {
        ScalarTileMajorWinograd::outputColumns01, ScalarTileMajorWinograd::outputColumns23,
        ScalarTileMajorWinograd::outputRows};

    private ScalarTileMajorWinograd() {
    }

    /**
     * Whether this JVM fuses multiply-adds in hardware (HotSpot's {@code UseFMA}, true on every
     * x86 since 2013 and every ARM64): without it {@link Math#fma}, which the GEMM uses, is a
     * software routine a hundred times slower. False where the JVM does not tell. Asked once,
     * through the management API (40 ms).
     */
    public static boolean available() {
        return Fma.IN_HARDWARE;
    }

    /** Lazy: the management classes load only when the scalar kernels ask. */
    private static final class Fma {
        static final boolean IN_HARDWARE = probe();

        private static boolean probe() {
            try {
                return Boolean.parseBoolean(java.lang.management.ManagementFactory
                        .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseFMA").getValue());
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }

    /** A scratch array for one thread: 318 KiB. */
    public static float[] scratch() {
        return new float[SCRATCH];
    }

    /** A buffer for the output pixels of {@value #CHUNK} channels, for one thread: 396 KiB. */
    public static float[] pixels() {
        return new float[4 * CHUNK * ROW];
    }

    /**
     * Value {@code p = 4i + j} of the 4x4 input patches of tiles {@code from..to-1}, all channels,
     * transposed to tiles innermost: {@code v[(p*channels + c)*pitch + t] =
     * in[patchIndex[p*TILES + t] + c]}, or zero where that index is negative (padding). One value
     * at a time (nothing here is vectorised), but each pixel's channels are read in a row and
     * each of the {@code channels} rows written is filled tile after tile, so both sides stay in
     * the caches.
     */
    public static void gather(float[] in, int[] patchIndex, int channels, float[] v, int pitch, int p, int from,
            int to) {
        int row = p * channels * pitch;
        for (int t = from; t < to; t++) {
            int i = patchIndex[p * TILES + t];
            int o = row + t;
            if (i < 0) {
                for (int c = 0; c < channels; c++) {
                    v[o + c * pitch] = 0f;
                }
            } else {
                for (int c = 0; c < channels; c++) {
                    v[o + c * pitch] = in[i + c];
                }
            }
        }
    }

    /**
     * {@code V = B^T d B} in place, for the {@code n} tiles of one channel whose 16 patch values
     * {@code p} lie at {@code v[off + p*stride + t]}: point {@code e} replaces value {@code e}.
     */
    public static void transformInput(float[] s, float[] v, int off, int stride, int n) {
        n = Math.min(n, TILES);
        for (int p = 0; p < 16; p++) {
            System.arraycopy(v, off + p * stride, s, PATCH + p * ROW, n);
        }
        for (Pass pass : INPUT_PASSES) {
            pass.run(s);
        }
        for (int e = 0; e < 16; e++) {
            System.arraycopy(s, PATCH + e * ROW, v, off + e * stride, n);
        }
    }

    /**
     * The products of point {@code e} for {@value #MR} output channels:
     * {@code M[e][r][t] = sum_{c < channels} u[uOff + c*MR + r] * v[vOff + c*vPitch + t]}, summed
     * in channel order with fused multiply-adds, kept in the scratch for {@link #transformOutput}.
     * The weights of an odd channel count are padded with a zero channel
     * ({@code u[uOff + channels*MR + r] == 0}), so that one loop does every step: a second loop
     * in this method stayed scalar on JDK 17, and so did the first (63 channels ran 40% slower
     * than 64).
     */
    public static void multiply(float[] s, float[] u, int uOff, float[] v, int vOff, int vPitch, int channels, int e,
            int n) {
        n = Math.min(n, TILES);
        for (int r = 0; r < MR; r++) {
            Arrays.fill(s, r * ROW, r * ROW + n, 0f);
        }
        for (int c = 0, up = uOff; c < channels; c += STEPS, up += STEPS * MR) {
            System.arraycopy(v, vOff + c * vPitch, s, STAGE, n);
            // The padding channel's step adds 0 * (channel c again) to each sum: no change.
            System.arraycopy(v, vOff + Math.min(c + 1, channels - 1) * vPitch, s, STAGE + ROW, n);
            float u00 = u[up];
            float u01 = u[up + MR];
            float u10 = u[up + 1];
            float u11 = u[up + MR + 1];
            float u20 = u[up + 2];
            float u21 = u[up + MR + 2];
            float u30 = u[up + 3];
            float u31 = u[up + MR + 3];
            float u40 = u[up + 4];
            float u41 = u[up + MR + 4];
            float u50 = u[up + 5];
            float u51 = u[up + MR + 5];
            float u60 = u[up + 6];
            float u61 = u[up + MR + 6];
            float u70 = u[up + 7];
            float u71 = u[up + MR + 7];
            for (int t = 0; t < n; t++) {
                float v0 = s[STAGE + t];
                float v1 = s[STAGE + ROW + t];
                float a0 = s[t];
                a0 = Math.fma(u00, v0, a0);
                a0 = Math.fma(u01, v1, a0);
                s[t] = a0;
                float a1 = s[ROW + t];
                a1 = Math.fma(u10, v0, a1);
                a1 = Math.fma(u11, v1, a1);
                s[ROW + t] = a1;
                float a2 = s[2 * ROW + t];
                a2 = Math.fma(u20, v0, a2);
                a2 = Math.fma(u21, v1, a2);
                s[2 * ROW + t] = a2;
                float a3 = s[3 * ROW + t];
                a3 = Math.fma(u30, v0, a3);
                a3 = Math.fma(u31, v1, a3);
                s[3 * ROW + t] = a3;
                float a4 = s[4 * ROW + t];
                a4 = Math.fma(u40, v0, a4);
                a4 = Math.fma(u41, v1, a4);
                s[4 * ROW + t] = a4;
                float a5 = s[5 * ROW + t];
                a5 = Math.fma(u50, v0, a5);
                a5 = Math.fma(u51, v1, a5);
                s[5 * ROW + t] = a5;
                float a6 = s[6 * ROW + t];
                a6 = Math.fma(u60, v0, a6);
                a6 = Math.fma(u61, v1, a6);
                s[6 * ROW + t] = a6;
                float a7 = s[7 * ROW + t];
                a7 = Math.fma(u70, v0, a7);
                a7 = Math.fma(u71, v1, a7);
                s[7 * ROW + t] = a7;
            }
        }
        System.arraycopy(s, 0, s, PRODUCTS + e * POINT, POINT);
    }

    /**
     * {@code Y = A^T M A} in place of the products {@link #multiply} left for all 16 points, and
     * the 2x2 pixels of its {@value #MR} channels copied to {@code pixels}: pixel {@code q} (top
     * left, top right, bottom left, bottom right) of channel {@code r}, tile {@code t}, to
     * {@code pixels[off + (q*CHUNK + r)*ROW + t]}.
     */
    public static void transformOutput(float[] s, float[] pixels, int off) {
        for (Pass pass : OUTPUT_PASSES) {
            pass.run(s);
        }
        for (int q = 0; q < 4; q++) {
            System.arraycopy(s, PRODUCTS + PIXEL_POINTS[q] * POINT, pixels, off + q * CHUNK * ROW, POINT);
        }
    }

    /**
     * Writes out what {@link #transformOutput} left in {@code pixels} for {@code channels} (at most
     * {@value #CHUNK}) output channels from {@code channel0}: pixel {@code q} of tile {@code t}
     * to {@code out[pixelIndex[q*TILES + t] + channel0 + k]}, unless that index is negative (past
     * the output's edge). Pixel after pixel, so that each gets its channels in a row.
     */
    public static void scatter(float[] pixels, int[] pixelIndex, float[] out, int channel0, int channels, int n) {
        for (int q = 0; q < 4; q++) {
            for (int t = 0; t < n; t++) {
                int o = pixelIndex[q * TILES + t];
                if (o >= 0) {
                    int at = o + channel0;
                    int from = q * CHUNK * ROW + t;
                    for (int k = 0; k < channels; k++) {
                        out[at + k] = pixels[from + k * ROW];
                    }
                }
            }
        }
    }

    /** Column 0 of {@code B^T d}: patch values 0, 4, 8, 12. */
    private static void inputColumn0(float[] s) {
        for (int t = 0; t < TILES; t++) {
            float d0 = s[PATCH + 0 * ROW + t];
            float d1 = s[PATCH + 4 * ROW + t];
            float d2 = s[PATCH + 8 * ROW + t];
            float d3 = s[PATCH + 12 * ROW + t];
            s[PATCH + 0 * ROW + t] = d0 - d2;
            s[PATCH + 4 * ROW + t] = d1 + d2;
            s[PATCH + 8 * ROW + t] = d2 - d1;
            s[PATCH + 12 * ROW + t] = d1 - d3;
        }
    }
    /** Column 1 of {@code B^T d}: patch values 1, 5, 9, 13. */
    private static void inputColumn1(float[] s) {
        for (int t = 0; t < TILES; t++) {
            float d0 = s[PATCH + 1 * ROW + t];
            float d1 = s[PATCH + 5 * ROW + t];
            float d2 = s[PATCH + 9 * ROW + t];
            float d3 = s[PATCH + 13 * ROW + t];
            s[PATCH + 1 * ROW + t] = d0 - d2;
            s[PATCH + 5 * ROW + t] = d1 + d2;
            s[PATCH + 9 * ROW + t] = d2 - d1;
            s[PATCH + 13 * ROW + t] = d1 - d3;
        }
    }
    /** Column 2 of {@code B^T d}: patch values 2, 6, 10, 14. */
    private static void inputColumn2(float[] s) {
        for (int t = 0; t < TILES; t++) {
            float d0 = s[PATCH + 2 * ROW + t];
            float d1 = s[PATCH + 6 * ROW + t];
            float d2 = s[PATCH + 10 * ROW + t];
            float d3 = s[PATCH + 14 * ROW + t];
            s[PATCH + 2 * ROW + t] = d0 - d2;
            s[PATCH + 6 * ROW + t] = d1 + d2;
            s[PATCH + 10 * ROW + t] = d2 - d1;
            s[PATCH + 14 * ROW + t] = d1 - d3;
        }
    }
    /** Column 3 of {@code B^T d}: patch values 3, 7, 11, 15. */
    private static void inputColumn3(float[] s) {
        for (int t = 0; t < TILES; t++) {
            float d0 = s[PATCH + 3 * ROW + t];
            float d1 = s[PATCH + 7 * ROW + t];
            float d2 = s[PATCH + 11 * ROW + t];
            float d3 = s[PATCH + 15 * ROW + t];
            s[PATCH + 3 * ROW + t] = d0 - d2;
            s[PATCH + 7 * ROW + t] = d1 + d2;
            s[PATCH + 11 * ROW + t] = d2 - d1;
            s[PATCH + 15 * ROW + t] = d1 - d3;
        }
    }
    /** Row 0 of {@code (B^T d) B}: points 0 to 3. */
    private static void inputRow0(float[] s) {
        for (int t = 0; t < TILES; t++) {
            float t0 = s[PATCH + 0 * ROW + t];
            float t1 = s[PATCH + 1 * ROW + t];
            float t2 = s[PATCH + 2 * ROW + t];
            float t3 = s[PATCH + 3 * ROW + t];
            s[PATCH + 0 * ROW + t] = t0 - t2;
            s[PATCH + 1 * ROW + t] = t1 + t2;
            s[PATCH + 2 * ROW + t] = t2 - t1;
            s[PATCH + 3 * ROW + t] = t1 - t3;
        }
    }
    /** Row 1 of {@code (B^T d) B}: points 4 to 7. */
    private static void inputRow1(float[] s) {
        for (int t = 0; t < TILES; t++) {
            float t0 = s[PATCH + 4 * ROW + t];
            float t1 = s[PATCH + 5 * ROW + t];
            float t2 = s[PATCH + 6 * ROW + t];
            float t3 = s[PATCH + 7 * ROW + t];
            s[PATCH + 4 * ROW + t] = t0 - t2;
            s[PATCH + 5 * ROW + t] = t1 + t2;
            s[PATCH + 6 * ROW + t] = t2 - t1;
            s[PATCH + 7 * ROW + t] = t1 - t3;
        }
    }
    /** Row 2 of {@code (B^T d) B}: points 8 to 11. */
    private static void inputRow2(float[] s) {
        for (int t = 0; t < TILES; t++) {
            float t0 = s[PATCH + 8 * ROW + t];
            float t1 = s[PATCH + 9 * ROW + t];
            float t2 = s[PATCH + 10 * ROW + t];
            float t3 = s[PATCH + 11 * ROW + t];
            s[PATCH + 8 * ROW + t] = t0 - t2;
            s[PATCH + 9 * ROW + t] = t1 + t2;
            s[PATCH + 10 * ROW + t] = t2 - t1;
            s[PATCH + 11 * ROW + t] = t1 - t3;
        }
    }
    /** Row 3 of {@code (B^T d) B}: points 12 to 15. */
    private static void inputRow3(float[] s) {
        for (int t = 0; t < TILES; t++) {
            float t0 = s[PATCH + 12 * ROW + t];
            float t1 = s[PATCH + 13 * ROW + t];
            float t2 = s[PATCH + 14 * ROW + t];
            float t3 = s[PATCH + 15 * ROW + t];
            s[PATCH + 12 * ROW + t] = t0 - t2;
            s[PATCH + 13 * ROW + t] = t1 + t2;
            s[PATCH + 14 * ROW + t] = t2 - t1;
            s[PATCH + 15 * ROW + t] = t1 - t3;
        }
    }
    /**
     * Columns 0 and 1 of {@code A^T M}, each point's {@value #MR} channels as one row:
     * {@code s0j = m[j] + m[4+j] + m[8+j]} into point {@code j} and
     * {@code s1j = m[4+j] - m[8+j] - m[12+j]} into point {@code 4+j}.
     */
    private static void outputColumns01(float[] s) {
        for (int t = 0; t < POINT; t++) {
            float a0 = s[PRODUCTS + t];
            float a4 = s[PRODUCTS + 4 * POINT + t];
            float a8 = s[PRODUCTS + 8 * POINT + t];
            float a12 = s[PRODUCTS + 12 * POINT + t];
            float b1 = s[PRODUCTS + POINT + t];
            float b5 = s[PRODUCTS + 5 * POINT + t];
            float b9 = s[PRODUCTS + 9 * POINT + t];
            float b13 = s[PRODUCTS + 13 * POINT + t];
            s[PRODUCTS + t] = a0 + a4 + a8;
            s[PRODUCTS + 4 * POINT + t] = a4 - a8 - a12;
            s[PRODUCTS + POINT + t] = b1 + b5 + b9;
            s[PRODUCTS + 5 * POINT + t] = b5 - b9 - b13;
        }
    }

    /** Columns 2 and 3 of {@code A^T M}, into points 2, 6 and 3, 7. */
    private static void outputColumns23(float[] s) {
        for (int t = 0; t < POINT; t++) {
            float a2 = s[PRODUCTS + 2 * POINT + t];
            float a6 = s[PRODUCTS + 6 * POINT + t];
            float a10 = s[PRODUCTS + 10 * POINT + t];
            float a14 = s[PRODUCTS + 14 * POINT + t];
            float b3 = s[PRODUCTS + 3 * POINT + t];
            float b7 = s[PRODUCTS + 7 * POINT + t];
            float b11 = s[PRODUCTS + 11 * POINT + t];
            float b15 = s[PRODUCTS + 15 * POINT + t];
            s[PRODUCTS + 2 * POINT + t] = a2 + a6 + a10;
            s[PRODUCTS + 6 * POINT + t] = a6 - a10 - a14;
            s[PRODUCTS + 3 * POINT + t] = b3 + b7 + b11;
            s[PRODUCTS + 7 * POINT + t] = b7 - b11 - b15;
        }
    }

    /**
     * {@code (A^T M) A}, both rows: {@code y_i0 = s_i0 + s_i1 + s_i2} into point {@code 4i} and
     * {@code y_i1 = s_i1 - s_i2 - s_i3} into point {@code 4i+1}.
     */
    private static void outputRows(float[] s) {
        for (int t = 0; t < POINT; t++) {
            float a0 = s[PRODUCTS + t];
            float a1 = s[PRODUCTS + POINT + t];
            float a2 = s[PRODUCTS + 2 * POINT + t];
            float a3 = s[PRODUCTS + 3 * POINT + t];
            float b0 = s[PRODUCTS + 4 * POINT + t];
            float b1 = s[PRODUCTS + 5 * POINT + t];
            float b2 = s[PRODUCTS + 6 * POINT + t];
            float b3 = s[PRODUCTS + 7 * POINT + t];
            s[PRODUCTS + t] = a0 + a1 + a2;
            s[PRODUCTS + POINT + t] = a1 - a2 - a3;
            s[PRODUCTS + 4 * POINT + t] = b0 + b1 + b2;
            s[PRODUCTS + 5 * POINT + t] = b1 - b2 - b3;
        }
    }
}
