package org.conv4j.internal.algo;

import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * The plain loops of the filter gradient, summing in double: for every output pixel and every
 * filter tap inside the input, each input value times the output gradient of every channel of
 * its group. Written from TensorFlow's formula with every option (strides, dilations, padding,
 * groups, NCHW); slow by design, it is the oracle for the fast path and what
 * {@code Algorithm.REFERENCE} selects.
 *
 * <p>Memory: a double accumulator the size of the gradient. Single-threaded.
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
        double[] sum = new double[filterGradient.size()];
        for (int b = 0; b < g.batch(); b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int dy = 0; dy < g.filterHeight(); dy++) {
                        int y = oy * g.strideH() + dy * g.dilationH() - g.padTop();
                        if (y < 0 || y >= h) {
                            continue;
                        }
                        for (int dx = 0; dx < g.filterWidth(); dx++) {
                            int x = ox * g.strideW() + dx * g.dilationW() - g.padLeft();
                            if (x < 0 || x >= w) {
                                continue;
                            }
                            for (int k = 0; k < oc; k++) {
                                int group = k / ocg;
                                int out = nhwc ? ((b * oh + oy) * ow + ox) * oc + k : ((b * oc + k) * oh + oy) * ow + ox;
                                double gradient = outBackprop.getDouble(out);
                                for (int q = 0; q < kc; q++) {
                                    int ch = group * kc + q;
                                    int in = nhwc ? ((b * h + y) * w + x) * c + ch : ((b * c + ch) * h + y) * w + x;
                                    sum[((dy * g.filterWidth() + dx) * kc + q) * oc + k] += input.getDouble(in) * gradient;
                                }
                            }
                        }
                    }
                }
            }
        }
        if (filterGradient.dtype() == DType.FLOAT32) {
            float[] out = filterGradient.floats();
            for (int i = 0; i < sum.length; i++) {
                out[i] = (float) sum[i];
            }
        } else {
            System.arraycopy(sum, 0, filterGradient.doubles(), 0, sum.length);
        }
    }

    @Override
    public String describe() {
        return "reference loops (double accumulation, 1 thread)";
    }
}
