package org.conv4j.internal.algo;

import org.conv4j.DataFormat;
import org.conv4j.internal.geometry.Conv2dGeometry;

/**
 * Where the rows of the implicit patch matrix ("im2col") of a conv2d lie, one tile of output
 * pixels at a time, so that the whole patch matrix is never built.
 *
 * <p>Row {@code p} of the patch matrix is output pixel {@code p} (batch, row, column flattened);
 * its {@code K = KH*KW*KC} values are split into {@code segments} runs of {@code run} values that
 * are contiguous in an NHWC input: one run per filter row ({@code KW*C} values) when the filter
 * row reads consecutive pixels (one group, no column dilation), otherwise one run per filter tap
 * ({@code KC} values). The value order inside a row is the HWIO filter's row order, so the
 * packed filter needs no reordering.
 *
 * <p>A tile whose runs all lie inside an NHWC input is read where it lies ({@link #direct});
 * any other tile (touching padding, or NCHW) is gathered into a small buffer with zeros for
 * padding ({@link #gather}).
 *
 * <p>The filter gradient reads the same matrix the other way round, a range of its columns for
 * a block of pixels at a time, copied as the GEMM kernels' {@code b} operand ({@link #pack}).
 */
final class PatchRows {
    private final Conv2dGeometry g;
    private final int mr;
    private final boolean mergedRows;
    final int segments;
    final int run;
    /** Where run {@code s} of a patch row starts in an NHWC input, from the window's first value. */
    private final int[] runOffsets;

    /** Values per run for the geometry (see the class comment): known before the tile is. */
    static int runLength(Conv2dGeometry g) {
        return g.groups() == 1 && g.dilationW() == 1 ? g.filterWidth() * g.channels() : g.filterChannels();
    }

    PatchRows(Conv2dGeometry g, int mr) {
        this.g = g;
        this.mr = mr;
        this.mergedRows = g.groups() == 1 && g.dilationW() == 1;
        this.segments = mergedRows ? g.filterHeight() : g.filterHeight() * g.filterWidth();
        this.run = runLength(g);
        this.runOffsets = new int[segments];
        for (int s = 0; s < segments; s++) {
            int dy = mergedRows ? s : s / g.filterWidth();
            int dx = mergedRows ? 0 : s - dy * g.filterWidth();
            runOffsets[s] = (dy * g.dilationH() * g.width() + dx * g.dilationW()) * g.channels();
        }
    }

    /**
     * How far apart consecutive runs of a row are when they are evenly spaced (see
     * {@code FloatGemmKernel.tileEvenRuns}), or -1: in a gathered tile always ({@code MR*run});
     * read in place only when the runs are whole filter rows ({@code dilationH} input rows apart).
     */
    int runStride(boolean gathered) {
        if (gathered) {
            return mr * run;
        }
        return mergedRows ? g.dilationH() * g.width() * g.channels() : -1;
    }

    /** Length of one patch row: {@code KH*KW*KC}. */
    int depth() {
        return segments * run;
    }

    /**
     * Fills {@code offsets[offsetsBase + s*mr + r]} with the input index of run {@code s} of pixel
     * {@code first + r} for group {@code group}, if every run of the tile lies inside an NHWC
     * input. Rows past {@code rows} repeat the last pixel (their results are discarded).
     *
     * @return false if the tile must be gathered instead
     */
    boolean direct(int first, int rows, int group, int[] offsets, int offsetsBase) {
        if (g.format() != DataFormat.NHWC) {
            return false;
        }
        int ow = g.outWidth();
        int ohw = g.outHeight() * ow;
        int b = first / ohw;
        int oy = (first - b * ohw) / ow;
        int ox = first - b * ohw - oy * ow;
        int lastY = (g.filterHeight() - 1) * g.dilationH();
        int lastX = (g.filterWidth() - 1) * g.dilationW();
        int channel = group * g.filterChannels();
        for (int r = 0; r < mr; r++) {
            if (r > 0 && r < rows && ++ox == ow) {
                ox = 0;
                if (++oy == g.outHeight()) {
                    oy = 0;
                    b++;
                }
            }
            int y0 = oy * g.strideH() - g.padTop();
            int x0 = ox * g.strideW() - g.padLeft();
            if (y0 < 0 || y0 + lastY >= g.height() || x0 < 0 || x0 + lastX >= g.width()) {
                return false;
            }
            int at = ((b * g.height() + y0) * g.width() + x0) * g.channels() + channel;
            for (int s = 0; s < segments; s++) {
                offsets[offsetsBase + s * mr + r] = at + runOffsets[s];
            }
        }
        return true;
    }

    /**
     * Copies the runs of pixels {@code first .. first+rows-1} into {@code buf} from
     * {@code bufBase} on (zeros where the window is outside the input; rows past {@code rows}
     * are zero) and points {@code offsets} at them.
     */
    void gather(float[] in, int first, int rows, int group, float[] buf, int bufBase, int[] offsets, int offsetsBase) {
        int ohw = g.outHeight() * g.outWidth();
        boolean nhwc = g.format() == DataFormat.NHWC;
        int width = mergedRows ? g.channels() : g.filterChannels();
        int planeSize = g.height() * g.width();
        for (int r = 0; r < mr; r++) {
            int p = first + r;
            int b = p / ohw;
            int oy = (p - b * ohw) / g.outWidth();
            int ox = p - b * ohw - oy * g.outWidth();
            int y0 = oy * g.strideH() - g.padTop();
            int x0 = ox * g.strideW() - g.padLeft();
            int channel = group * g.filterChannels();
            for (int s = 0; s < segments; s++) {
                int at = bufBase + (s * mr + r) * run;
                offsets[offsetsBase + s * mr + r] = at;
                int dy = mergedRows ? s : s / g.filterWidth();
                int dx = mergedRows ? 0 : s - dy * g.filterWidth();
                int y = y0 + dy * g.dilationH();
                int x = x0 + dx * g.dilationW();
                // The run covers input columns x .. x+taps-1 (consecutive, merged rows) or just x.
                int taps = mergedRows ? g.filterWidth() : 1;
                int from = r >= rows || y < 0 || y >= g.height() ? taps : Math.max(0, Math.min(taps, -x));
                int to = r >= rows || y < 0 || y >= g.height() ? taps : Math.max(from, Math.min(taps, g.width() - x));
                java.util.Arrays.fill(buf, at, at + from * width, 0f);
                java.util.Arrays.fill(buf, at + to * width, at + run, 0f);
                if (to > from) {
                    if (nhwc) {
                        System.arraycopy(in, ((b * g.height() + y) * g.width() + x + from) * g.channels() + channel,
                                buf, at + from * width, (to - from) * width);
                    } else {
                        for (int t = from; t < to; t++) {
                            int src = ((b * g.channels() + channel) * g.height() + y) * g.width() + x + t;
                            for (int q = 0; q < width; q++) {
                                buf[at + t * width + q] = in[src + q * planeSize];
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@link #gather(float[], int, int, int, float[], int, int[], int)} for float64. */
    void gather(double[] in, int first, int rows, int group, double[] buf, int bufBase, int[] offsets, int offsetsBase) {
        int ohw = g.outHeight() * g.outWidth();
        boolean nhwc = g.format() == DataFormat.NHWC;
        int width = mergedRows ? g.channels() : g.filterChannels();
        int planeSize = g.height() * g.width();
        for (int r = 0; r < mr; r++) {
            int p = first + r;
            int b = p / ohw;
            int oy = (p - b * ohw) / g.outWidth();
            int ox = p - b * ohw - oy * g.outWidth();
            int y0 = oy * g.strideH() - g.padTop();
            int x0 = ox * g.strideW() - g.padLeft();
            int channel = group * g.filterChannels();
            for (int s = 0; s < segments; s++) {
                int at = bufBase + (s * mr + r) * run;
                offsets[offsetsBase + s * mr + r] = at;
                int dy = mergedRows ? s : s / g.filterWidth();
                int dx = mergedRows ? 0 : s - dy * g.filterWidth();
                int y = y0 + dy * g.dilationH();
                int x = x0 + dx * g.dilationW();
                int taps = mergedRows ? g.filterWidth() : 1;
                int from = r >= rows || y < 0 || y >= g.height() ? taps : Math.max(0, Math.min(taps, -x));
                int to = r >= rows || y < 0 || y >= g.height() ? taps : Math.max(from, Math.min(taps, g.width() - x));
                java.util.Arrays.fill(buf, at, at + from * width, 0d);
                java.util.Arrays.fill(buf, at + to * width, at + run, 0d);
                if (to > from) {
                    if (nhwc) {
                        System.arraycopy(in, ((b * g.height() + y) * g.width() + x + from) * g.channels() + channel,
                                buf, at + from * width, (to - from) * width);
                    } else {
                        for (int t = from; t < to; t++) {
                            int src = ((b * g.channels() + channel) * g.height() + y) * g.width() + x + t;
                            for (int q = 0; q < width; q++) {
                                buf[at + t * width + q] = in[src + q * planeSize];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Copies columns {@code k0 .. k1-1} of the patch rows of pixels {@code first .. first+n-1}
     * (group {@code group}) into {@code rows}, one row of {@code rowLength} values per pixel:
     * column {@code k} of pixel {@code i} goes to {@code rows[i*rowLength + k - k0]}. Windows
     * outside the input give zeros, and so do the values past {@code k1 - k0} in each row. This
     * is the patch matrix read the other way round, for the filter gradient
     * ({@code patches^T * out_backprop}, the rows being the GEMM kernel's {@code b} operand read
     * with the row length as stride); pixel coordinates advance one by one instead of being
     * divided out per pixel, and each run is one copy.
     */
    void pack(float[] in, int first, int n, int group, int k0, int k1, float[] rows, int rowLength) {
        int ohw = g.outHeight() * g.outWidth();
        int b = first / ohw;
        int oy = (first - b * ohw) / g.outWidth();
        int ox = first - b * ohw - oy * g.outWidth();
        int width = mergedRows ? g.channels() : g.filterChannels();
        int taps = mergedRows ? g.filterWidth() : 1;
        int channel = group * g.filterChannels();
        int planeSize = g.height() * g.width();
        boolean nhwc = g.format() == DataFormat.NHWC;
        int firstSegment = k0 / run;
        int lastSegment = (k1 - 1) / run;
        for (int i = 0, row = 0; i < n; i++, row += rowLength) {
            int y0 = oy * g.strideH() - g.padTop();
            int x0 = ox * g.strideW() - g.padLeft();
            for (int s = firstSegment; s <= lastSegment; s++) {
                int dy = mergedRows ? s : s / g.filterWidth();
                int dx = mergedRows ? 0 : s - dy * g.filterWidth();
                int y = y0 + dy * g.dilationH();
                int x = x0 + dx * g.dilationW();
                int start = s * run;
                int from = Math.max(k0, start);
                int to = Math.min(k1, start + run);
                // The run covers input columns x .. x+taps-1; taps tapFrom .. tapTo-1 are inside.
                int tapFrom = Math.max(0, Math.min(taps, -x));
                int tapTo = Math.max(tapFrom, Math.min(taps, g.width() - x));
                boolean inside = y >= 0 && y < g.height();
                int dataFrom = inside ? Math.min(to, Math.max(from, start + tapFrom * width)) : to;
                int dataTo = inside ? Math.max(dataFrom, Math.min(to, start + tapTo * width)) : to;
                java.util.Arrays.fill(rows, row + from - k0, row + dataFrom - k0, 0f);
                java.util.Arrays.fill(rows, row + dataTo - k0, row + to - k0, 0f);
                if (dataFrom == dataTo) {
                    continue;
                }
                if (nhwc) {
                    System.arraycopy(in, ((b * g.height() + y) * g.width() + x) * g.channels() + channel + (dataFrom - start),
                            rows, row + dataFrom - k0, dataTo - dataFrom);
                } else {
                    int image = (b * g.channels() + channel) * planeSize + y * g.width() + x;
                    for (int k = dataFrom; k < dataTo; k++) {
                        int u = k - start;
                        int t = u / width;
                        rows[row + k - k0] = in[image + (u - t * width) * planeSize + t];
                    }
                }
            }
            java.util.Arrays.fill(rows, row + k1 - k0, row + rowLength, 0f);
            if (++ox == g.outWidth()) {
                ox = 0;
                if (++oy == g.outHeight()) {
                    oy = 0;
                    b++;
                }
            }
        }
    }

    /** {@link #pack(float[], int, int, int, int, int, float[], int)} for float64. */
    void pack(double[] in, int first, int n, int group, int k0, int k1, double[] rows, int rowLength) {
        int ohw = g.outHeight() * g.outWidth();
        int b = first / ohw;
        int oy = (first - b * ohw) / g.outWidth();
        int ox = first - b * ohw - oy * g.outWidth();
        int width = mergedRows ? g.channels() : g.filterChannels();
        int taps = mergedRows ? g.filterWidth() : 1;
        int channel = group * g.filterChannels();
        int planeSize = g.height() * g.width();
        boolean nhwc = g.format() == DataFormat.NHWC;
        int firstSegment = k0 / run;
        int lastSegment = (k1 - 1) / run;
        for (int i = 0, row = 0; i < n; i++, row += rowLength) {
            int y0 = oy * g.strideH() - g.padTop();
            int x0 = ox * g.strideW() - g.padLeft();
            for (int s = firstSegment; s <= lastSegment; s++) {
                int dy = mergedRows ? s : s / g.filterWidth();
                int dx = mergedRows ? 0 : s - dy * g.filterWidth();
                int y = y0 + dy * g.dilationH();
                int x = x0 + dx * g.dilationW();
                int start = s * run;
                int from = Math.max(k0, start);
                int to = Math.min(k1, start + run);
                // The run covers input columns x .. x+taps-1; taps tapFrom .. tapTo-1 are inside.
                int tapFrom = Math.max(0, Math.min(taps, -x));
                int tapTo = Math.max(tapFrom, Math.min(taps, g.width() - x));
                boolean inside = y >= 0 && y < g.height();
                int dataFrom = inside ? Math.min(to, Math.max(from, start + tapFrom * width)) : to;
                int dataTo = inside ? Math.max(dataFrom, Math.min(to, start + tapTo * width)) : to;
                java.util.Arrays.fill(rows, row + from - k0, row + dataFrom - k0, 0d);
                java.util.Arrays.fill(rows, row + dataTo - k0, row + to - k0, 0d);
                if (dataFrom == dataTo) {
                    continue;
                }
                if (nhwc) {
                    System.arraycopy(in, ((b * g.height() + y) * g.width() + x) * g.channels() + channel + (dataFrom - start),
                            rows, row + dataFrom - k0, dataTo - dataFrom);
                } else {
                    int image = (b * g.channels() + channel) * planeSize + y * g.width() + x;
                    for (int k = dataFrom; k < dataTo; k++) {
                        int u = k - start;
                        int t = u / width;
                        rows[row + k - k0] = in[image + (u - t * width) * planeSize + t];
                    }
                }
            }
            java.util.Arrays.fill(rows, row + k1 - k0, row + rowLength, 0d);
            if (++ox == g.outWidth()) {
                ox = 0;
                if (++oy == g.outHeight()) {
                    oy = 0;
                    b++;
                }
            }
        }
    }
}
