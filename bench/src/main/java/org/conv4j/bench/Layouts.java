package org.conv4j.bench;

/**
 * The layout changes between TensorFlow's and ONNX's conventions: NHWC and NCHW activations,
 * HWIO and OIHW filters. Done once per shape, outside every timed region.
 */
final class Layouts {
    private Layouts() {
    }

    /** {@code [n, h, w, c]} to {@code [n, c, h, w]}. */
    static float[] nhwcToNchw(float[] src, int n, int h, int w, int c) {
        float[] dst = new float[src.length];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int from = ((b * h + y) * w + x) * c;
                    for (int k = 0; k < c; k++) {
                        dst[((b * c + k) * h + y) * w + x] = src[from + k];
                    }
                }
            }
        }
        return dst;
    }

    /** {@code [n, c, h, w]} to {@code [n, h, w, c]}. */
    static float[] nchwToNhwc(float[] src, int n, int c, int h, int w) {
        float[] dst = new float[src.length];
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < c; k++) {
                int from = (b * c + k) * h * w;
                for (int i = 0; i < h * w; i++) {
                    dst[(b * h * w + i) * c + k] = src[from + i];
                }
            }
        }
        return dst;
    }

    /** Filter {@code [kh, kw, i, o]} (TensorFlow) to {@code [o, i, kh, kw]} (ONNX). */
    static float[] hwioToOihw(float[] src, int kh, int kw, int i, int o) {
        float[] dst = new float[src.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int q = 0; q < i; q++) {
                    for (int k = 0; k < o; k++) {
                        dst[((k * i + q) * kh + y) * kw + x] = src[((y * kw + x) * i + q) * o + k];
                    }
                }
            }
        }
        return dst;
    }
}
