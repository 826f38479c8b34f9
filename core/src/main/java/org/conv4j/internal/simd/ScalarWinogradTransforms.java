package org.conv4j.internal.simd;

/**
 * Plain-Java {@link WinogradTransforms}, written for HotSpot's auto-vectoriser; also the vector
 * code's tail ({@link #input(float[], int, float[], int, int, int)} and
 * {@link #output(float[], int, int, int, float[], int, int, int, boolean, boolean, int)}, one
 * channel at a time).
 *
 * <p>The 16 rows of a tile (patch rows in, transformed rows out) lie {@code channels} or
 * {@code stride} values apart, distances C2 cannot compare, so a loop reading and writing them
 * directly stays scalar (see {@link ScalarFloatGemm}); with strides of a power of two it also
 * thrashes the L1 cache. So {@value #W} channels at a time are copied into a per-thread scratch
 * whose rows are {@value #W} apart, transformed there in one loop that C2 vectorises, and copied
 * out: measured on an AVX-512 core, 64 channels of a tile went from 5.5 to 0.5 microseconds. The
 * additions are the same, in the same order, as the one-channel code, so both give the same bits.
 */
final class ScalarWinogradTransforms implements WinogradTransforms {
    static final ScalarWinogradTransforms INSTANCE = new ScalarWinogradTransforms();

    /** Channels per chunk: the row pitch of the scratch, a constant so that C2 sees fixed offsets. */
    private static final int W = 64;
    /** Rows 0..15: the chunk's 16 inputs; rows 16..31: its 16 (or 4) results. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[32 * W]);
    private static final int OUT = 16 * W;

    private ScalarWinogradTransforms() {
    }

    @Override
    public void input(float[] patch, int channels, float[] v, int base, int stride) {
        float[] s = SCRATCH.get();
        for (int q0 = 0; q0 < channels; q0 += W) {
            int n = Math.min(W, channels - q0);
            for (int e = 0; e < 16; e++) {
                System.arraycopy(patch, e * channels + q0, s, e * W, n);
            }
            // All W lanes, whatever n: a constant trip count, and the lanes past n are not copied out.
            for (int q = 0; q < W; q++) {
                float d00 = s[q];
                float d01 = s[W + q];
                float d02 = s[2 * W + q];
                float d03 = s[3 * W + q];
                float d10 = s[4 * W + q];
                float d11 = s[5 * W + q];
                float d12 = s[6 * W + q];
                float d13 = s[7 * W + q];
                float d20 = s[8 * W + q];
                float d21 = s[9 * W + q];
                float d22 = s[10 * W + q];
                float d23 = s[11 * W + q];
                float d30 = s[12 * W + q];
                float d31 = s[13 * W + q];
                float d32 = s[14 * W + q];
                float d33 = s[15 * W + q];
                // B^T d, column by column; row i of it is ti0..ti3.
                float t00 = d00 - d20;
                float t10 = d10 + d20;
                float t20 = d20 - d10;
                float t30 = d10 - d30;
                float t01 = d01 - d21;
                float t11 = d11 + d21;
                float t21 = d21 - d11;
                float t31 = d11 - d31;
                float t02 = d02 - d22;
                float t12 = d12 + d22;
                float t22 = d22 - d12;
                float t32 = d12 - d32;
                float t03 = d03 - d23;
                float t13 = d13 + d23;
                float t23 = d23 - d13;
                float t33 = d13 - d33;
                // (B^T d) B, row by row.
                s[OUT + q] = t00 - t02;
                s[OUT + W + q] = t01 + t02;
                s[OUT + 2 * W + q] = t02 - t01;
                s[OUT + 3 * W + q] = t01 - t03;
                s[OUT + 4 * W + q] = t10 - t12;
                s[OUT + 5 * W + q] = t11 + t12;
                s[OUT + 6 * W + q] = t12 - t11;
                s[OUT + 7 * W + q] = t11 - t13;
                s[OUT + 8 * W + q] = t20 - t22;
                s[OUT + 9 * W + q] = t21 + t22;
                s[OUT + 10 * W + q] = t22 - t21;
                s[OUT + 11 * W + q] = t21 - t23;
                s[OUT + 12 * W + q] = t30 - t32;
                s[OUT + 13 * W + q] = t31 + t32;
                s[OUT + 14 * W + q] = t32 - t31;
                s[OUT + 15 * W + q] = t31 - t33;
            }
            for (int e = 0; e < 16; e++) {
                System.arraycopy(s, OUT + e * W, v, e * stride + base + q0, n);
            }
        }
    }

    /** The one-channel-at-a-time input transform of channels {@code from..c-1}: the vector code's tail. */
    void input(float[] d, int c, float[] v, int base, int stride, int from) {
        for (int q = from; q < c; q++) {
            for (int j = 0; j < 4; j++) {
                float d0 = d[j * c + q];
                float d1 = d[(4 + j) * c + q];
                float d2 = d[(8 + j) * c + q];
                float d3 = d[(12 + j) * c + q];
                float t0 = d0 - d2;
                float t1 = d1 + d2;
                float t2 = d2 - d1;
                float t3 = d1 - d3;
                // Column j of B^T d is (t0..t3); now the same combination across columns.
                v[j * stride + base + q] = t0;
                v[(4 + j) * stride + base + q] = t1;
                v[(8 + j) * stride + base + q] = t2;
                v[(12 + j) * stride + base + q] = t3;
            }
            for (int i = 0; i < 4; i++) {
                int e = 4 * i * stride + base + q;
                float t0 = v[e];
                float t1 = v[e + stride];
                float t2 = v[e + 2 * stride];
                float t3 = v[e + 3 * stride];
                v[e] = t0 - t2;
                v[e + stride] = t1 + t2;
                v[e + 2 * stride] = t2 - t1;
                v[e + 3 * stride] = t1 - t3;
            }
        }
    }

    @Override
    public void output(float[] m, int base, int stride, int channels, float[] out, int at, int rightStep,
            int downStep, boolean right, boolean down) {
        float[] s = SCRATCH.get();
        for (int q0 = 0; q0 < channels; q0 += W) {
            int n = Math.min(W, channels - q0);
            for (int e = 0; e < 16; e++) {
                System.arraycopy(m, e * stride + base + q0, s, e * W, n);
            }
            // All four outputs of the tile, always: fewer branches, and C2 vectorises one loop.
            for (int q = 0; q < W; q++) {
                float m4 = s[4 * W + q];
                float m5 = s[5 * W + q];
                float m6 = s[6 * W + q];
                float m7 = s[7 * W + q];
                float m8 = s[8 * W + q];
                float m9 = s[9 * W + q];
                float m10 = s[10 * W + q];
                float m11 = s[11 * W + q];
                float s00 = s[q] + m4 + m8;
                float s01 = s[W + q] + m5 + m9;
                float s02 = s[2 * W + q] + m6 + m10;
                float s03 = s[3 * W + q] + m7 + m11;
                float s10 = m4 - m8 - s[12 * W + q];
                float s11 = m5 - m9 - s[13 * W + q];
                float s12 = m6 - m10 - s[14 * W + q];
                float s13 = m7 - m11 - s[15 * W + q];
                s[OUT + q] = s00 + s01 + s02;
                s[OUT + W + q] = s01 - s02 - s03;
                s[OUT + 2 * W + q] = s10 + s11 + s12;
                s[OUT + 3 * W + q] = s11 - s12 - s13;
            }
            System.arraycopy(s, OUT, out, at + q0, n);
            if (right) {
                System.arraycopy(s, OUT + W, out, at + rightStep + q0, n);
            }
            if (down) {
                System.arraycopy(s, OUT + 2 * W, out, at + downStep + q0, n);
                if (right) {
                    System.arraycopy(s, OUT + 3 * W, out, at + downStep + rightStep + q0, n);
                }
            }
        }
    }

    /** The one-channel-at-a-time output transform of channels {@code from..channels-1}: the vector code's tail. */
    void output(float[] m, int base, int stride, int channels, float[] out, int at, int rightStep,
            int downStep, boolean right, boolean down, int from) {
        for (int q = from; q < channels; q++) {
            int p = base + q;
            float s00 = m[p] + m[4 * stride + p] + m[8 * stride + p];
            float s01 = m[stride + p] + m[5 * stride + p] + m[9 * stride + p];
            float s02 = m[2 * stride + p] + m[6 * stride + p] + m[10 * stride + p];
            float s03 = m[3 * stride + p] + m[7 * stride + p] + m[11 * stride + p];
            out[at + q] = s00 + s01 + s02;
            if (right) {
                out[at + rightStep + q] = s01 - s02 - s03;
            }
            if (down) {
                float s10 = m[4 * stride + p] - m[8 * stride + p] - m[12 * stride + p];
                float s11 = m[5 * stride + p] - m[9 * stride + p] - m[13 * stride + p];
                float s12 = m[6 * stride + p] - m[10 * stride + p] - m[14 * stride + p];
                float s13 = m[7 * stride + p] - m[11 * stride + p] - m[15 * stride + p];
                out[at + downStep + q] = s10 + s11 + s12;
                if (right) {
                    out[at + downStep + rightStep + q] = s11 - s12 - s13;
                }
            }
        }
    }
}
