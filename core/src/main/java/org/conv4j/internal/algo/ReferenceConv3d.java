package org.conv4j.internal.algo;

import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv3dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * The plain loops of conv3d: for every output element, the sum over the filter window,
 * accumulated in double, for every option (strides, dilations, padding, groups, NCDHW). Slow by
 * design, independent of the conv2d machinery the fast path runs on: it is what
 * {@code Algorithm.REFERENCE} selects for conv3d, and the oracle the fast path is tested against.
 *
 * <pre>{@code
 * out[b, z, y, x, k] = sum_{dz, dy, dx, q} in[b, z*sd + dz*dd - pf, y*sh + dy*dh - pt, x*sw + dx*dw - pl, g*KC + q]
 *                                          * filter[dz, dy, dx, q, k]        (g = k / (OC / groups))
 * }</pre>
 *
 * <p>Memory: a copy of the filter as doubles. Single-threaded.
 */
public final class ReferenceConv3d implements Conv3dAlgorithm {
    private final Conv3dGeometry g;
    private final double[] filter;

    public ReferenceConv3d(Conv3dGeometry geometry, Tensor filter) {
        this.g = geometry;
        this.filter = new double[filter.size()];
        for (int i = 0; i < this.filter.length; i++) {
            this.filter[i] = filter.getDouble(i);
        }
    }

    @Override
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        boolean last = g.format() == DataFormat.NHWC;
        int d = g.depth();
        int h = g.height();
        int w = g.width();
        int c = g.channels();
        int kc = g.filterChannels();
        int oc = g.outChannels();
        int od = g.outDepth();
        int oh = g.outHeight();
        int ow = g.outWidth();
        int ocPerGroup = g.outChannelsPerGroup();
        float[] outF = output.dtype() == DType.FLOAT32 ? output.floats() : null;
        double[] outD = outF == null ? output.doubles() : null;
        for (int b = 0; b < g.batch(); b++) {
            for (int oz = 0; oz < od; oz++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        for (int k = 0; k < oc; k++) {
                            int group = k / ocPerGroup;
                            double sum = 0;
                            for (int dz = 0; dz < g.filterDepth(); dz++) {
                                int z = oz * g.strideD() + dz * g.dilationD() - g.padFront();
                                if (z < 0 || z >= d) {
                                    continue;
                                }
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
                                            int in = last ? (((b * d + z) * h + y) * w + x) * c + ch
                                                    : (((b * c + ch) * d + z) * h + y) * w + x;
                                            int f = ((((dz * g.filterHeight() + dy) * g.filterWidth() + dx) * kc + q) * oc) + k;
                                            sum += input.getDouble(in) * filter[f];
                                        }
                                    }
                                }
                            }
                            int out = last ? ((((b * od + oz) * oh + oy) * ow + ox) * oc) + k
                                    : (((b * oc + k) * od + oz) * oh + oy) * ow + ox;
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
    }

    @Override
    public String describe() {
        return "reference loops (double accumulation, 1 thread)";
    }
}
