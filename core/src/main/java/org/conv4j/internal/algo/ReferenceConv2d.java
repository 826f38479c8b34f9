package org.conv4j.internal.algo;

import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * The plain loops: for every output element, the sum over the filter window, accumulated in
 * double. This is the four-loop version of the original question, generalised to every option
 * (strides, dilations, padding, groups, NCHW). Slow by design: it is the oracle for the fast
 * paths, and what {@code Algorithm.REFERENCE} selects.
 *
 * <p>Memory: a copy of the filter as doubles. Cost: {@code 2*N*OH*OW*OC*KH*KW*KC} flops with
 * no blocking; single-threaded.
 */
public final class ReferenceConv2d implements Conv2dAlgorithm {
    private final Conv2dGeometry g;
    private final double[] filter;

    public ReferenceConv2d(Conv2dGeometry geometry, Tensor filter) {
        this.g = geometry;
        this.filter = new double[filter.size()];
        for (int i = 0; i < this.filter.length; i++) {
            this.filter[i] = filter.getDouble(i);
        }
    }

    @Override
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        boolean nhwc = g.format() == DataFormat.NHWC;
        int h = g.height();
        int w = g.width();
        int c = g.channels();
        int kc = g.filterChannels();
        int oc = g.outChannels();
        int ocPerGroup = g.outChannelsPerGroup();
        float[] outF = output.dtype() == DType.FLOAT32 ? output.floats() : null;
        double[] outD = outF == null ? output.doubles() : null;
        for (int b = 0; b < g.batch(); b++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    for (int k = 0; k < oc; k++) {
                        int group = k / ocPerGroup;
                        double sum = 0;
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
                                for (int q = 0; q < kc; q++) {
                                    int ch = group * kc + q;
                                    int in = nhwc ? ((b * h + y) * w + x) * c + ch : ((b * c + ch) * h + y) * w + x;
                                    sum += input.getDouble(in) * filter[((dy * g.filterWidth() + dx) * kc + q) * oc + k];
                                }
                            }
                        }
                        int out = nhwc ? ((b * g.outHeight() + oy) * g.outWidth() + ox) * oc + k
                                : ((b * oc + k) * g.outHeight() + oy) * g.outWidth() + ox;
                        if (outF != null) {
                            outF[out] = (float) sum;
                        } else {
                            outD[out] = sum;
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
