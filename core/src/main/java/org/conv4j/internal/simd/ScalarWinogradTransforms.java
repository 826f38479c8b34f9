package org.conv4j.internal.simd;

/** Plain-Java {@link WinogradTransforms}, one channel at a time; also the vector code's tail. */
final class ScalarWinogradTransforms implements WinogradTransforms {
    static final ScalarWinogradTransforms INSTANCE = new ScalarWinogradTransforms();

    private ScalarWinogradTransforms() {
    }

    @Override
    public void input(float[] patch, int channels, float[] v, int base, int stride) {
        input(patch, channels, v, base, stride, 0);
    }

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
        output(m, base, stride, channels, out, at, rightStep, downStep, right, down, 0);
    }

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
