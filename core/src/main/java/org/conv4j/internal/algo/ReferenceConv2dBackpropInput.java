package org.conv4j.internal.algo;

import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * The input gradient of a conv2d as plain loops, straight from its definition: for every element
 * of {@code dx}, the sum over the filter taps and output channels that read it in the forward
 * convolution,
 *
 * <pre>{@code
 * dx[b, y, x, c] = sum over di, dj, k with i*sh = y + padTop - di*dh, j*sw = x + padLeft - dj*dw,
 *                  0 <= i < OH, 0 <= j < OW, k in c's group, of dy[b, i, j, k] * filter[di, dj, c % KC, k]
 * }</pre>
 *
 * accumulated in double. Slow by design, and written independently of the phase decomposition
 * of the fast path: it is the oracle the fast path is tested against, and what
 * {@code Algorithm.REFERENCE} selects.
 *
 * <p>Runs on {@code dy} (input) into {@code dx} (output); {@code g} is the forward geometry,
 * whose input is {@code dx}. Memory: a copy of the filter as doubles; single-threaded.
 */
public final class ReferenceConv2dBackpropInput implements Conv2dAlgorithm {
    private final Conv2dGeometry g;
    private final double[] filter;

    public ReferenceConv2dBackpropInput(Conv2dGeometry forward, Tensor filter) {
        this.g = forward;
        this.filter = new double[filter.size()];
        for (int i = 0; i < this.filter.length; i++) {
            this.filter[i] = filter.getDouble(i);
        }
    }

    @Override
    public void run(Tensor dy, Tensor dx, Parallelism parallelism) {
        boolean nhwc = g.format() == DataFormat.NHWC;
        int h = g.height();
        int w = g.width();
        int c = g.channels();
        int oh = g.outHeight();
        int ow = g.outWidth();
        int kc = g.filterChannels();
        int oc = g.outChannels();
        int ocPerGroup = g.outChannelsPerGroup();
        float[] outF = dx.dtype() == DType.FLOAT32 ? dx.floats() : null;
        double[] outD = outF == null ? dx.doubles() : null;
        for (int b = 0; b < g.batch(); b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        int group = ch / kc;
                        int q = ch % kc;
                        double sum = 0;
                        for (int di = 0; di < g.filterHeight(); di++) {
                            int rowTimesStride = y + g.padTop() - di * g.dilationH();
                            if (rowTimesStride < 0 || rowTimesStride % g.strideH() != 0 || rowTimesStride / g.strideH() >= oh) {
                                continue;
                            }
                            int i = rowTimesStride / g.strideH();
                            for (int dj = 0; dj < g.filterWidth(); dj++) {
                                int colTimesStride = x + g.padLeft() - dj * g.dilationW();
                                if (colTimesStride < 0 || colTimesStride % g.strideW() != 0
                                        || colTimesStride / g.strideW() >= ow) {
                                    continue;
                                }
                                int j = colTimesStride / g.strideW();
                                for (int kk = 0; kk < ocPerGroup; kk++) {
                                    int k = group * ocPerGroup + kk;
                                    int at = nhwc ? ((b * oh + i) * ow + j) * oc + k : ((b * oc + k) * oh + i) * ow + j;
                                    sum += dy.getDouble(at) * filter[((di * g.filterWidth() + dj) * kc + q) * oc + k];
                                }
                            }
                        }
                        int out = nhwc ? ((b * h + y) * w + x) * c + ch : ((b * c + ch) * h + y) * w + x;
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
