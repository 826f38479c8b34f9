package org.conv4j.internal.algo;

import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * The plain loops of the filter gradient, summing in double: for every gradient value, the sum
 * over the output pixels whose window puts that filter tap inside the input of the input value
 * times the output gradient. Written from TensorFlow's formula with every option (strides,
 * dilations, padding, groups, NCHW); slow by design, it is the oracle for the fast path and what
 * {@code Algorithm.REFERENCE} selects.
 *
 * <p>Memory: none. Single-threaded.
 */
public final class ReferenceFilterGradient implements FilterGradientAlgorithm {
    private final Conv2dGeometry g;

    public ReferenceFilterGradient(Conv2dGeometry geometry) {
        this.g = geometry;
    }

    @Override
    public void run(Tensor input, Tensor outBackprop, Tensor filterGradient, Parallelism parallelism) {
        boolean nhwc = g.format() == DataFormat.NHWC;
        int h = g.height();
        int w = g.width();
        int c = g.channels();
        int kc = g.filterChannels();
        int oc = g.outChannels();
        int ocg = g.outChannelsPerGroup();
        int oh = g.outHeight();
        int ow = g.outWidth();
        float[] outF = filterGradient.dtype() == DType.FLOAT32 ? filterGradient.floats() : null;
        double[] outD = outF == null ? filterGradient.doubles() : null;
        for (int dy = 0; dy < g.filterHeight(); dy++) {
            for (int dx = 0; dx < g.filterWidth(); dx++) {
                for (int q = 0; q < kc; q++) {
                    for (int k = 0; k < oc; k++) {
                        int ch = k / ocg * kc + q;
                        double sum = 0;
                        for (int b = 0; b < g.batch(); b++) {
                            for (int oy = 0; oy < oh; oy++) {
                                int y = oy * g.strideH() + dy * g.dilationH() - g.padTop();
                                if (y < 0 || y >= h) {
                                    continue;
                                }
                                for (int ox = 0; ox < ow; ox++) {
                                    int x = ox * g.strideW() + dx * g.dilationW() - g.padLeft();
                                    if (x < 0 || x >= w) {
                                        continue;
                                    }
                                    int in = nhwc ? ((b * h + y) * w + x) * c + ch : ((b * c + ch) * h + y) * w + x;
                                    int out = nhwc ? ((b * oh + oy) * ow + ox) * oc + k : ((b * oc + k) * oh + oy) * ow + ox;
                                    sum += input.getDouble(in) * outBackprop.getDouble(out);
                                }
                            }
                        }
                        int at = ((dy * g.filterWidth() + dx) * kc + q) * oc + k;
                        if (outF != null) {
                            outF[at] = (float) sum;
                        } else {
                            outD[at] = sum;
                        }
                    }
                }
            }
        }
    }

    @Override
    public String describe() {
        return "reference loops (double accumulation, 1 thread)";
    }
}
