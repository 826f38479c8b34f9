package org.conv4j.internal.algo;

import java.util.Arrays;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.DepthwiseKernel;
import org.conv4j.internal.simd.Kernels;

/**
 * Depthwise convolution in NHWC, one output row at a time, vectorised over channels by the
 * {@link DepthwiseKernel}: output channel {@code k*M + q} is input channel {@code k} convolved
 * with {@code filter[:, :, k, q]}. The filter {@code [KH, KW, C, M]} is used as it lies: per tap,
 * a vector of {@code C*M} weights aligned with the output channels. There is no reduction over
 * channels, so a GEMM would waste its tiles; the work is a few multiply-adds per value loaded,
 * bound by memory.
 *
 * <p>Two ways to feed the kernel, decided at plan time:
 * <ul>
 *   <li>{@code M = 1} (MobileNet's layers): <em>in place</em>. The output pixels of a row whose
 *       windows lie inside the input columns read the input where it lies; the filter rows that
 *       fall above or below the input are left out of the tap range. Only the few pixels whose
 *       windows cross the left or right edge read from a small zero-padded copy of the columns
 *       they need (KH rows of a few pixels). Nothing else is copied.
 *   <li>{@code M > 1}: <em>padded bands</em>. The input rows a band of output rows reads are
 *       copied once into a per-thread buffer, zero-padded on every side and with each input
 *       channel repeated {@code M} times, so that the input lines up with the output channels
 *       and the kernel reads it with no bounds checks.
 * </ul>
 *
 * <p>Work is split into bands of whole output rows, never over the taps, so every value is
 * computed the same way whatever the thread count. Memory per thread: the border copy (in
 * place) or one band (padded bands, at most {@value #BAND_ELEMENTS} values unless a single band
 * needs more).
 */
public final class DepthwiseRowsConv2d implements Conv2dAlgorithm {
    /** At least this many output values per part, so that handing out parts costs little. */
    private static final int PART_ELEMENTS = 16 * 1024;
    /** Parts wanted at least, when the problem allows: enough for 8 threads to share. */
    private static final int PARALLEL_PARTS = 16;
    /** Values of one padded band: with the output rows it feeds it should stay in L2. */
    private static final int BAND_ELEMENTS = 64 * 1024;

    private final Conv2dGeometry g;
    private final DepthwiseKernel kernel;
    private final String kernelName;
    private final int channels;
    private final int multiplier;
    private final int outChannels;
    private final int tapCount;
    private final float[] tapsFloat;
    private final double[] tapsDouble;
    /** In place ({@code M = 1}) or padded bands. */
    private final boolean inPlace;
    /** Where each tap reads, relative to the window's top-left: in the input or the band. */
    private final int[] tapOffsets;

    // In place: the interior columns [interiorFirst, interiorEnd) read the input directly; the
    // border segments read from a copy with KH rows of bufferSpan pixels.
    private final int interiorFirst;
    private final int interiorEnd;
    private final int[] segmentStart;
    private final int[] segmentCount;
    private final int bufferSpan;
    private final int[] bufferTapOffsets;

    // Padded bands: rows of paddedWidth pixels of C*M values.
    private final int paddedWidth;

    /** Output rows per part (per band when padding bands). */
    private final int rowsPerPart;
    private final int parts;
    private final int bufferSize;
    private final Parallelism.Parts body = this::part;
    private final ThreadLocal<Object> buffer;

    public DepthwiseRowsConv2d(Conv2dGeometry geometry, Tensor filter) {
        this(geometry, filter, Kernels.get());
    }

    /**
     * With explicit kernels (tests run the scalar and vector ones side by side).
     *
     * @param geometry a depthwise geometry (one filter channel per group), NHWC, with a non-empty
     *     output, input and filter window
     * @param filter {@code [KH, KW, C, M]}, which is {@code [KH, KW, 1, C*M]} in memory
     */
    public DepthwiseRowsConv2d(Conv2dGeometry geometry, Tensor filter, Kernels kernels) {
        if (geometry.filterChannels() != 1 || geometry.format() != DataFormat.NHWC) {
            throw new IllegalArgumentException("the depthwise rows path needs an NHWC depthwise geometry, got "
                    + geometry.describe());
        }
        this.g = geometry;
        this.kernel = kernels.depthwise();
        this.kernelName = kernels.name();
        this.channels = g.channels();
        this.multiplier = g.outChannelsPerGroup();
        this.outChannels = g.outChannels();
        this.tapCount = g.filterHeight() * g.filterWidth();
        boolean f32 = g.dtype() == DType.FLOAT32;
        this.tapsFloat = f32 ? filter.floats().clone() : null;
        this.tapsDouble = f32 ? null : filter.doubles().clone();
        this.inPlace = multiplier == 1;
        int kh = g.filterHeight();
        int kw = g.filterWidth();
        int sw = g.strideW();

        // Pixel ox is interior when its window's columns ox*sw - padLeft + dx*dw all lie in [0, W).
        int first = Math.min(g.outWidth(), (g.padLeft() + sw - 1) / sw);
        int end = (int) Math.min(g.outWidth(),
                Math.floorDiv(g.width() - 1 - (long) (kw - 1) * g.dilationW() + g.padLeft(), sw) + 1);
        boolean interior = inPlace && end > first;
        this.interiorFirst = interior ? first : 0;
        this.interiorEnd = interior ? end : 0;
        if (!inPlace) {
            this.segmentStart = new int[0];
            this.segmentCount = new int[0];
        } else if (!interior) {
            this.segmentStart = new int[] {0};
            this.segmentCount = new int[] {g.outWidth()};
        } else {
            int left = first > 0 ? 1 : 0;
            int right = end < g.outWidth() ? 1 : 0;
            this.segmentStart = new int[left + right];
            this.segmentCount = new int[left + right];
            if (left == 1) {
                segmentCount[0] = first;
            }
            if (right == 1) {
                segmentStart[left] = end;
                segmentCount[left] = g.outWidth() - end;
            }
        }
        long span = 0;
        for (int count : segmentCount) {
            span = Math.max(span, windowSpan(count));
        }
        long padded = inPlace ? 0 : windowSpan(g.outWidth());
        if ((long) kh * span * channels > Integer.MAX_VALUE - 8 || padded * outChannels > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the padded rows of " + g.describe() + " would not fit in a Java array");
        }
        this.bufferSpan = (int) span;
        this.paddedWidth = (int) padded;
        this.tapOffsets = new int[tapCount];
        this.bufferTapOffsets = new int[tapCount];
        for (int dy = 0; dy < kh; dy++) {
            for (int dx = 0; dx < kw; dx++) {
                int t = dy * kw + dx;
                if (inPlace) {
                    tapOffsets[t] = (dy * g.dilationH() * g.width() + dx * g.dilationW()) * channels;
                    bufferTapOffsets[t] = (dy * bufferSpan + dx * g.dilationW()) * channels;
                } else {
                    tapOffsets[t] = (dy * g.dilationH() * paddedWidth + dx * g.dilationW()) * outChannels;
                }
            }
        }

        int rowElements = g.outWidth() * outChannels;
        int totalRows = g.batch() * g.outHeight();
        int wanted = Math.max(1, Math.min((PART_ELEMENTS + rowElements - 1) / rowElements,
                (totalRows + PARALLEL_PARTS - 1) / PARALLEL_PARTS));
        if (inPlace) {
            this.rowsPerPart = wanted;
            this.parts = (totalRows + rowsPerPart - 1) / rowsPerPart;
            this.bufferSize = kh * bufferSpan * channels;
        } else {
            // A band never crosses images: its rows are consecutive input rows of one image. Bands
            // as tall as the budget allows, since the rows their windows share are copied twice.
            long rowValues = (long) paddedWidth * outChannels;
            long fit = (BAND_ELEMENTS / rowValues - (long) (kh - 1) * g.dilationH() - 1) / g.strideH() + 1;
            long share = (totalRows + PARALLEL_PARTS - 1) / PARALLEL_PARTS;
            this.rowsPerPart = (int) Math.max(1, Math.min(Math.min(fit, share), g.outHeight()));
            this.parts = g.batch() * ((g.outHeight() + rowsPerPart - 1) / rowsPerPart);
            long size = bandRows(rowsPerPart) * rowValues;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a band of padded rows would need " + size + " values, more than a "
                        + "Java array can hold: " + g.describe());
            }
            this.bufferSize = (int) size;
        }
        int n = bufferSize;
        this.buffer = ThreadLocal.withInitial(() -> f32 ? new float[n] : new double[n]);
    }

    /** Input columns spanned by the windows of {@code count} consecutive output pixels. */
    private long windowSpan(int count) {
        return (long) (count - 1) * g.strideW() + (long) (g.filterWidth() - 1) * g.dilationW() + 1;
    }

    /** Input rows read by {@code outRows} consecutive output rows. */
    private long bandRows(int outRows) {
        return (long) (outRows - 1) * g.strideH() + (long) (g.filterHeight() - 1) * g.dilationH() + 1;
    }

    @Override
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        parallelism.forEach(parts, body, input, output);
    }

    private void part(int part, Tensor input, Tensor output) {
        if (inPlace) {
            int first = part * rowsPerPart;
            int last = Math.min(g.batch() * g.outHeight(), first + rowsPerPart);
            for (int row = first; row < last; row++) {
                if (tapsFloat != null) {
                    rowInPlace(input.floats(), output.floats(), (float[]) buffer.get(), row / g.outHeight(),
                            row % g.outHeight());
                } else {
                    rowInPlace(input.doubles(), output.doubles(), (double[]) buffer.get(), row / g.outHeight(),
                            row % g.outHeight());
                }
            }
        } else {
            int bands = (g.outHeight() + rowsPerPart - 1) / rowsPerPart;
            int b = part / bands;
            int first = (part % bands) * rowsPerPart;
            int last = Math.min(g.outHeight(), first + rowsPerPart);
            if (tapsFloat != null) {
                band(input.floats(), output.floats(), (float[]) buffer.get(), b, first, last);
            } else {
                band(input.doubles(), output.doubles(), (double[]) buffer.get(), b, first, last);
            }
        }
    }

    /** The first filter row whose input row exists, for a window starting at input row {@code y0}. */
    private int firstValidTapRow(int y0) {
        return y0 >= 0 ? 0 : Math.min(g.filterHeight(), (-y0 + g.dilationH() - 1) / g.dilationH());
    }

    /** One past the last filter row whose input row exists, for a window starting at row {@code y0}. */
    private int endValidTapRow(int y0) {
        int last = g.height() - 1 - y0;
        return last < 0 ? 0 : Math.min(g.filterHeight(), last / g.dilationH() + 1);
    }

    /** Output row {@code oy} of image {@code b}, reading the input in place. */
    private void rowInPlace(float[] in, float[] out, float[] copy, int b, int oy) {
        int y0 = oy * g.strideH() - g.padTop();
        int lo = firstValidTapRow(y0);
        int hi = Math.max(lo, endValidTapRow(y0));
        int tapFrom = lo * g.filterWidth();
        int tapTo = hi * g.filterWidth();
        int outRow = (b * g.outHeight() + oy) * g.outWidth();
        int step = g.strideW() * channels;
        if (interiorEnd > interiorFirst) {
            int x = interiorFirst * g.strideW() - g.padLeft();
            kernel.row(in, ((b * g.height() + y0) * g.width() + x) * channels, step, tapOffsets, tapFrom, tapTo,
                    tapsFloat, channels, out, (outRow + interiorFirst) * channels, interiorEnd - interiorFirst);
        }
        for (int s = 0; s < segmentStart.length; s++) {
            int x0 = segmentStart[s] * g.strideW() - g.padLeft();
            int span = (int) windowSpan(segmentCount[s]);
            // Only the input columns that exist are copied; the rest of the copy is padding.
            int from = Math.max(0, Math.min(span, -x0));
            int to = Math.max(from, Math.min(span, g.width() - x0));
            for (int dy = lo; dy < hi; dy++) {
                int at = dy * bufferSpan * channels;
                int src = ((b * g.height() + y0 + dy * g.dilationH()) * g.width() + x0) * channels;
                Arrays.fill(copy, at, at + from * channels, 0f);
                if (to > from) {
                    System.arraycopy(in, src + from * channels, copy, at + from * channels, (to - from) * channels);
                }
                Arrays.fill(copy, at + to * channels, at + span * channels, 0f);
            }
            kernel.row(copy, 0, step, bufferTapOffsets, tapFrom, tapTo, tapsFloat, channels, out,
                    (outRow + segmentStart[s]) * channels, segmentCount[s]);
        }
    }

    /** {@link #rowInPlace(float[], float[], float[], int, int)} for float64. */
    private void rowInPlace(double[] in, double[] out, double[] copy, int b, int oy) {
        int y0 = oy * g.strideH() - g.padTop();
        int lo = firstValidTapRow(y0);
        int hi = Math.max(lo, endValidTapRow(y0));
        int tapFrom = lo * g.filterWidth();
        int tapTo = hi * g.filterWidth();
        int outRow = (b * g.outHeight() + oy) * g.outWidth();
        int step = g.strideW() * channels;
        if (interiorEnd > interiorFirst) {
            int x = interiorFirst * g.strideW() - g.padLeft();
            kernel.row(in, ((b * g.height() + y0) * g.width() + x) * channels, step, tapOffsets, tapFrom, tapTo,
                    tapsDouble, channels, out, (outRow + interiorFirst) * channels, interiorEnd - interiorFirst);
        }
        for (int s = 0; s < segmentStart.length; s++) {
            int x0 = segmentStart[s] * g.strideW() - g.padLeft();
            int span = (int) windowSpan(segmentCount[s]);
            int from = Math.max(0, Math.min(span, -x0));
            int to = Math.max(from, Math.min(span, g.width() - x0));
            for (int dy = lo; dy < hi; dy++) {
                int at = dy * bufferSpan * channels;
                int src = ((b * g.height() + y0 + dy * g.dilationH()) * g.width() + x0) * channels;
                Arrays.fill(copy, at, at + from * channels, 0d);
                if (to > from) {
                    System.arraycopy(in, src + from * channels, copy, at + from * channels, (to - from) * channels);
                }
                Arrays.fill(copy, at + to * channels, at + span * channels, 0d);
            }
            kernel.row(copy, 0, step, bufferTapOffsets, tapFrom, tapTo, tapsDouble, channels, out,
                    (outRow + segmentStart[s]) * channels, segmentCount[s]);
        }
    }

    /** Output rows {@code [first, last)} of image {@code b} from a padded band with repeated channels. */
    private void band(float[] in, float[] out, float[] rows, int b, int first, int last) {
        int firstY = first * g.strideH() - g.padTop();
        int count = (int) bandRows(last - first);
        int rowValues = paddedWidth * outChannels;
        int from = Math.min(paddedWidth, g.padLeft());
        int to = Math.max(from, Math.min(paddedWidth, g.padLeft() + g.width()));
        for (int r = 0; r < count; r++) {
            int y = firstY + r;
            int at = r * rowValues;
            if (y < 0 || y >= g.height() || to == from) {
                Arrays.fill(rows, at, at + rowValues, 0f);
                continue;
            }
            Arrays.fill(rows, at, at + from * outChannels, 0f);
            Arrays.fill(rows, at + to * outChannels, at + rowValues, 0f);
            int src = ((b * g.height() + y) * g.width() + from - g.padLeft()) * channels;
            repeat(in, src, (to - from) * channels, rows, at + from * outChannels);
        }
        int step = g.strideW() * outChannels;
        for (int oy = first; oy < last; oy++) {
            kernel.row(rows, (oy - first) * g.strideH() * rowValues, step, tapOffsets, 0, tapCount, tapsFloat,
                    outChannels, out, (b * g.outHeight() + oy) * g.outWidth() * outChannels, g.outWidth());
        }
    }

    /** {@link #band(float[], float[], float[], int, int, int)} for float64. */
    private void band(double[] in, double[] out, double[] rows, int b, int first, int last) {
        int firstY = first * g.strideH() - g.padTop();
        int count = (int) bandRows(last - first);
        int rowValues = paddedWidth * outChannels;
        int from = Math.min(paddedWidth, g.padLeft());
        int to = Math.max(from, Math.min(paddedWidth, g.padLeft() + g.width()));
        for (int r = 0; r < count; r++) {
            int y = firstY + r;
            int at = r * rowValues;
            if (y < 0 || y >= g.height() || to == from) {
                Arrays.fill(rows, at, at + rowValues, 0d);
                continue;
            }
            Arrays.fill(rows, at, at + from * outChannels, 0d);
            Arrays.fill(rows, at + to * outChannels, at + rowValues, 0d);
            int src = ((b * g.height() + y) * g.width() + from - g.padLeft()) * channels;
            repeat(in, src, (to - from) * channels, rows, at + from * outChannels);
        }
        int step = g.strideW() * outChannels;
        for (int oy = first; oy < last; oy++) {
            kernel.row(rows, (oy - first) * g.strideH() * rowValues, step, tapOffsets, 0, tapCount, tapsDouble,
                    outChannels, out, (b * g.outHeight() + oy) * g.outWidth() * outChannels, g.outWidth());
        }
    }

    /**
     * {@code dst[dstOff + i*M + q] = src[srcOff + i]} for {@code i < n, q < M}: every input
     * channel repeated {@code M} times. The common multipliers get loops of their own, whose
     * bodies are straight stores: measured, a loop over {@code q} inside costs two to three times
     * as much, and {@code Arrays.fill} of {@code M} values per input value fifteen times.
     */
    private void repeat(float[] src, int srcOff, int n, float[] dst, int dstOff) {
        int d = dstOff;
        switch (multiplier) {
            case 2 -> {
                for (int i = srcOff; i < srcOff + n; i++, d += 2) {
                    float v = src[i];
                    dst[d] = v;
                    dst[d + 1] = v;
                }
            }
            case 3 -> {
                for (int i = srcOff; i < srcOff + n; i++, d += 3) {
                    float v = src[i];
                    dst[d] = v;
                    dst[d + 1] = v;
                    dst[d + 2] = v;
                }
            }
            case 4 -> {
                for (int i = srcOff; i < srcOff + n; i++, d += 4) {
                    float v = src[i];
                    dst[d] = v;
                    dst[d + 1] = v;
                    dst[d + 2] = v;
                    dst[d + 3] = v;
                }
            }
            default -> {
                for (int q = 0; q < multiplier; q++) {
                    for (int i = 0, at = dstOff + q; i < n; i++, at += multiplier) {
                        dst[at] = src[srcOff + i];
                    }
                }
            }
        }
    }

    /** {@link #repeat(float[], int, int, float[], int)} for float64. */
    private void repeat(double[] src, int srcOff, int n, double[] dst, int dstOff) {
        int d = dstOff;
        switch (multiplier) {
            case 2 -> {
                for (int i = srcOff; i < srcOff + n; i++, d += 2) {
                    double v = src[i];
                    dst[d] = v;
                    dst[d + 1] = v;
                }
            }
            case 3 -> {
                for (int i = srcOff; i < srcOff + n; i++, d += 3) {
                    double v = src[i];
                    dst[d] = v;
                    dst[d + 1] = v;
                    dst[d + 2] = v;
                }
            }
            case 4 -> {
                for (int i = srcOff; i < srcOff + n; i++, d += 4) {
                    double v = src[i];
                    dst[d] = v;
                    dst[d + 1] = v;
                    dst[d + 2] = v;
                    dst[d + 3] = v;
                }
            }
            default -> {
                for (int q = 0; q < multiplier; q++) {
                    for (int i = 0, at = dstOff + q; i < n; i++, at += multiplier) {
                        dst[at] = src[srcOff + i];
                    }
                }
            }
        }
    }

    @Override
    public String describe() {
        String how = inPlace ? "input read in place, " + segmentStart.length + " padded border segments per row"
                : "padded bands of " + rowsPerPart + " rows, channels repeated " + multiplier + " times";
        return "depthwise rows " + g.filterHeight() + "x" + g.filterWidth() + ", " + how + ", " + kernelName;
    }
}
