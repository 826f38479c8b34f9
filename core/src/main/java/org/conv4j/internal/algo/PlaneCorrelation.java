package org.conv4j.internal.algo;

import org.conv4j.DType;
import org.conv4j.Signal2d.Boundary;
import org.conv4j.Tensor;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.Kernels;
import org.conv4j.internal.simd.RowFilter;

/**
 * The computation behind {@link org.conv4j.Signal2d}: a 2-D cross-correlation of one plane with
 * one kernel over the plane extended past its edges by a {@link Boundary} rule,
 *
 * <pre>{@code
 * out[m, n] = sum_{j < KH, k < KW} taps[j, k] * ext[m - padTop + j, n - padLeft + k]
 * }</pre>
 *
 * where {@code ext} is the input inside its bounds and the boundary rule outside. SciPy's modes
 * and its convolution (the kernel flipped) are choices of {@code taps}, output size and
 * {@code padTop}/{@code padLeft}, made by the caller.
 *
 * <p>The same machinery as conv2d's single-plane path ({@link PlaneConv2d}): a band of output
 * rows is one unit of work, its input rows are copied once with their padding into a per-thread
 * buffer ({@link PaddedRows}), and each output row is one call of the {@link RowFilter} kernel,
 * vectorised along the row with the taps broadcast from registers. Bands depend only on the
 * problem, so the result is the same for any thread count.
 */
public final class PlaneCorrelation {
    /** Output rows per band, the unit of work handed to a thread. */
    private static final int ROWS_PER_PART = 16;
    /**
     * Band buffers up to this many elements are kept per thread and reused by later calls (there
     * is no plan object to own them); larger ones, for huge kernels, are made per band, whose
     * work then dwarfs the allocation.
     */
    private static final int RETAINED = 1 << 20;
    private static final ThreadLocal<float[]> FLOAT_ROWS = new ThreadLocal<>();
    private static final ThreadLocal<double[]> DOUBLE_ROWS = new ThreadLocal<>();

    private final int outHeight;
    private final int outWidth;
    private final int padTop;
    private final int kernelHeight;
    private final PaddedRows padded;
    private final int paddedWidth;
    private final int[] tapOffsets;
    private final float[] tapsFloat;
    private final double[] tapsDouble;
    private final RowFilter kernel;
    private final int bands;
    /** Elements of one band's padded rows. */
    private final int bandSize;
    private final Parallelism.Parts body = this::band;

    /**
     * Prepares the correlation of {@code height x width} planes with {@code taps} (a rank-2
     * tensor, read now and not kept) into {@code outHeight x outWidth} planes. The sizes must be
     * positive and {@code padTop}, {@code padLeft} at least 0; the caller has checked that every
     * buffer fits in a Java array ({@link #bufferSize}).
     *
     * @param fill the value outside the plane for {@link Boundary#FILL}
     */
    public PlaneCorrelation(int height, int width, Tensor taps, int outHeight, int outWidth, int padTop, int padLeft,
            Boundary boundary, double fill, Kernels kernels) {
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.padTop = padTop;
        this.kernelHeight = taps.dim(0);
        int kernelWidth = taps.dim(1);
        this.paddedWidth = outWidth + kernelWidth - 1;
        this.padded = new PaddedRows(height, width, padLeft, paddedWidth, boundary, fill);
        this.tapOffsets = new int[kernelHeight * kernelWidth];
        for (int j = 0; j < kernelHeight; j++) {
            for (int k = 0; k < kernelWidth; k++) {
                tapOffsets[j * kernelWidth + k] = j * paddedWidth + k;
            }
        }
        boolean f32 = taps.dtype() == DType.FLOAT32;
        this.tapsFloat = f32 ? taps.floats().clone() : null;
        this.tapsDouble = f32 ? null : taps.doubles().clone();
        this.kernel = kernels.rowFilter();
        this.bands = (outHeight + ROWS_PER_PART - 1) / ROWS_PER_PART;
        this.bandSize = (int) bufferSize(outHeight, outWidth, kernelHeight, kernelWidth);
    }

    /**
     * Elements of one thread's buffer of padded rows for this problem; callers check that it
     * fits in a Java array before constructing.
     */
    public static long bufferSize(int outHeight, int outWidth, int kernelHeight, int kernelWidth) {
        long bandRows = Math.min(ROWS_PER_PART, outHeight) + (long) kernelHeight - 1;
        return bandRows * ((long) outWidth + kernelWidth - 1);
    }

    /**
     * Computes {@code output} (rank 2, the output size, the taps' dtype) from {@code input}
     * (rank 2, the input size, the same dtype), overwriting every element.
     */
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        parallelism.forEach(bands, body, input, output);
    }

    /** This thread's buffer for a band's padded float32 rows. */
    private float[] floatRows() {
        if (bandSize > RETAINED) {
            return new float[bandSize];
        }
        float[] r = FLOAT_ROWS.get();
        if (r == null || r.length < bandSize) {
            r = new float[bandSize];
            FLOAT_ROWS.set(r);
        }
        return r;
    }

    /** This thread's buffer for a band's padded float64 rows. */
    private double[] doubleRows() {
        if (bandSize > RETAINED) {
            return new double[bandSize];
        }
        double[] r = DOUBLE_ROWS.get();
        if (r == null || r.length < bandSize) {
            r = new double[bandSize];
            DOUBLE_ROWS.set(r);
        }
        return r;
    }

    /** Part {@code part}: one band of output rows. */
    private void band(int part, Tensor input, Tensor output) {
        int first = part * ROWS_PER_PART;
        int last = Math.min(outHeight, first + ROWS_PER_PART);
        int count = last - first + kernelHeight - 1;
        if (tapsFloat != null) {
            float[] r = floatRows();
            padded.fill(input.floats(), 0, r, first - padTop, count);
            for (int m = first; m < last; m++) {
                kernel.correlate(r, tapOffsets, tapsFloat, 1, output.floats(), m * outWidth, outWidth, (m - first) * paddedWidth);
            }
        } else {
            double[] r = doubleRows();
            padded.fill(input.doubles(), 0, r, first - padTop, count);
            for (int m = first; m < last; m++) {
                kernel.correlate(r, tapOffsets, tapsDouble, 1, output.doubles(), m * outWidth, outWidth, (m - first) * paddedWidth);
            }
        }
    }
}
