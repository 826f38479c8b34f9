package org.conv4j.bench;

import org.conv4j.Padding;

/**
 * Output size and padding of one layer by TensorFlow's rules, computed here independently of
 * conv4j so that the ONNX model and the naive loops check conv4j rather than repeat it.
 *
 * <p>SAME: {@code out = ceil(in / stride)}, total padding
 * {@code max((out - 1) * stride + (k - 1) * dilation + 1 - in, 0)}, split with the odd pixel
 * <em>after</em> (bottom, right), unlike Caffe and PyTorch. VALID: no padding. Explicit: as given.
 */
record TfWindow(int outHeight, int outWidth, int padTop, int padBottom, int padLeft, int padRight) {

    /** The window of {@code layer}. */
    static TfWindow of(LayerShape layer) {
        int ekh = (layer.kh() - 1) * layer.dilation() + 1;
        int ekw = (layer.kw() - 1) * layer.dilation() + 1;
        int s = layer.stride();
        Padding p = layer.padding();
        switch (p.kind()) {
            case SAME: {
                int oh = ceilDiv(layer.h(), s);
                int ow = ceilDiv(layer.w(), s);
                int ph = Math.max((oh - 1) * s + ekh - layer.h(), 0);
                int pw = Math.max((ow - 1) * s + ekw - layer.w(), 0);
                return new TfWindow(oh, ow, ph / 2, ph - ph / 2, pw / 2, pw - pw / 2);
            }
            case VALID:
                return new TfWindow(ceilDiv(layer.h() - ekh + 1, s), ceilDiv(layer.w() - ekw + 1, s), 0, 0, 0, 0);
            default: {
                int[] v = p.values();
                // 4 values: top, bottom, left, right; 8 values: NHWC pairs (batch, H, W, channel).
                int t = v.length == 4 ? v[0] : v[2];
                int b = v.length == 4 ? v[1] : v[3];
                int l = v.length == 4 ? v[2] : v[4];
                int r = v.length == 4 ? v[3] : v[5];
                return new TfWindow((layer.h() + t + b - ekh) / s + 1, (layer.w() + l + r - ekw) / s + 1, t, b, l, r);
            }
        }
    }

    /** Multiply-adds times two: the FLOP count every GFLOP/s figure of the benchmark divides. */
    static double flops(LayerShape layer) {
        TfWindow w = of(layer);
        return 2.0 * layer.n() * w.outHeight * w.outWidth * layer.o() * layer.kh() * layer.kw() * layer.c();
    }

    /** The NHWC output shape. */
    int[] outputShape(LayerShape layer) {
        return new int[] {layer.n(), outHeight, outWidth, layer.o()};
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
