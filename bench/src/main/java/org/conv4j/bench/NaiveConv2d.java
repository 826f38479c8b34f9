package org.conv4j.bench;

/**
 * The project's origin, translated to Java: conv2d as four nested loops over batch, filter
 * (output channel), output row and output column, each summing its {@code kh*kw*c} window. No
 * blocking, no vectorisation, one thread; the ancestor of the 440x-slower-than-TensorFlow report.
 */
final class NaiveConv2d {
    private NaiveConv2d() {
    }

    /**
     * {@code out[b, i, j, f] = sum_{di, dj, q} in[b, i*s + di*d - top, j*s + dj*d - left, q] * filter[di, dj, q, f]}.
     *
     * @param input NHWC
     * @param filter HWIO
     * @param out NHWC, {@code [n, outHeight, outWidth, o]} of {@code win}
     */
    static void conv2d(LayerShape l, TfWindow win, float[] input, float[] filter, float[] out) {
        int h = l.h(), w = l.w(), c = l.c(), kh = l.kh(), kw = l.kw(), o = l.o();
        int s = l.stride(), d = l.dilation();
        int oh = win.outHeight(), ow = win.outWidth();
        for (int b = 0; b < l.n(); b++) {
            for (int f = 0; f < o; f++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float sum = 0;
                        for (int di = 0; di < kh; di++) {
                            int y = i * s + di * d - win.padTop();
                            if (y < 0 || y >= h) {
                                continue;
                            }
                            for (int dj = 0; dj < kw; dj++) {
                                int x = j * s + dj * d - win.padLeft();
                                if (x < 0 || x >= w) {
                                    continue;
                                }
                                int in = ((b * h + y) * w + x) * c;
                                int fi = (di * kw + dj) * c * o + f;
                                for (int q = 0; q < c; q++) {
                                    sum += input[in + q] * filter[fi + q * o];
                                }
                            }
                        }
                        out[((b * oh + i) * ow + j) * o + f] = sum;
                    }
                }
            }
        }
    }
}
