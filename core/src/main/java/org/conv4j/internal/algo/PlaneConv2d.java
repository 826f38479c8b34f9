package org.conv4j.internal.algo;

import org.conv4j.DType;
import org.conv4j.Signal2d.Boundary;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.Kernels;
import org.conv4j.internal.simd.RowFilter;

/**
 * Direct convolution of single-channel images with one filter plane (C = 1, OC = 1: image
 * filtering). A GEMM would have K = KH*KW and one output column, wasting every vector lane; here
 * each output row is computed by the {@link RowFilter} kernel, vectorised along the row. A band
 * of output rows is one unit of work: the input rows it reads are copied once, with their zero
 * padding, into a per-thread buffer ({@link PaddedRows}), so the kernel never checks bounds.
 *
 * <p>Chosen when the input has one channel and the filter one output channel. Memory per thread:
 * the padded input rows of one band. The plane is contiguous in NHWC and NCHW alike, so both
 * layouts take this path.
 */
public final class PlaneConv2d implements Conv2dAlgorithm {
    /** Output rows per band, the unit of work handed to a thread. */
    private static final int ROWS_PER_PART = 16;

    private final Conv2dGeometry g;
    private final RowFilter kernel;
    private final String kernelName;
    private final float[] tapsFloat;
    private final double[] tapsDouble;
    /** Length of one padded input row: every column the output row reads. */
    private final int paddedWidth;
    private final PaddedRows padded;
    private final ThreadLocal<Object> rows;
    /** Where each filter tap reads in the padded rows, for output column 0. */
    private final int[] tapOffsets;
    private final int bands;
    private final Parallelism.Parts body = this::band;

    /** Whether this algorithm applies to the geometry. */
    public static boolean applies(Conv2dGeometry g) {
        return g.channels() == 1 && g.outChannels() == 1;
    }

    public PlaneConv2d(Conv2dGeometry geometry, Tensor filter) {
        this(geometry, filter, Kernels.get());
    }

    /** With explicit kernels (tests run the scalar and vector ones side by side). */
    public PlaneConv2d(Conv2dGeometry geometry, Tensor filter, Kernels kernels) {
        this.g = geometry;
        this.kernel = kernels.rowFilter();
        this.kernelName = kernels.name();
        boolean f32 = geometry.dtype() == DType.FLOAT32;
        // An HWIO filter with I = O = 1 is already the KH x KW plane, row-major.
        this.tapsFloat = f32 ? filter.floats().clone() : null;
        this.tapsDouble = f32 ? null : filter.doubles().clone();
        this.paddedWidth = (g.outWidth() - 1) * g.strideW() + (g.filterWidth() - 1) * g.dilationW() + 1;
        this.padded = new PaddedRows(g.height(), g.width(), g.padLeft(), paddedWidth, Boundary.FILL, 0);
        this.bands = (g.outHeight() + ROWS_PER_PART - 1) / ROWS_PER_PART;
        this.tapOffsets = new int[g.filterHeight() * g.filterWidth()];
        for (int dy = 0; dy < g.filterHeight(); dy++) {
            for (int dx = 0; dx < g.filterWidth(); dx++) {
                tapOffsets[dy * g.filterWidth() + dx] = dy * g.dilationH() * paddedWidth + dx * g.dilationW();
            }
        }
        int size = bandRows(Math.min(ROWS_PER_PART, Math.max(1, g.outHeight()))) * paddedWidth;
        this.rows = ThreadLocal.withInitial(() -> f32 ? new float[size] : new double[size]);
    }

    @Override
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        parallelism.forEach(g.batch() * bands, body, input, output);
    }

    /** Part {@code part}: one band of output rows of one image. */
    private void band(int part, Tensor input, Tensor output) {
        int b = part / bands;
        int first = (part % bands) * ROWS_PER_PART;
        int last = Math.min(g.outHeight(), first + ROWS_PER_PART);
        int firstY = first * g.strideH() - g.padTop();
        Object buf = rows.get();
        if (tapsFloat != null) {
            float[] r = (float[]) buf;
            padded.fill(input.floats(), b * g.height() * g.width(), r, firstY, bandRows(last - first));
            for (int oy = first; oy < last; oy++) {
                kernel.correlate(r, tapOffsets, tapsFloat, g.strideW(), output.floats(),
                        (b * g.outHeight() + oy) * g.outWidth(), g.outWidth(), (oy - first) * g.strideH() * paddedWidth);
            }
        } else {
            double[] r = (double[]) buf;
            padded.fill(input.doubles(), b * g.height() * g.width(), r, firstY, bandRows(last - first));
            for (int oy = first; oy < last; oy++) {
                kernel.correlate(r, tapOffsets, tapsDouble, g.strideW(), output.doubles(),
                        (b * g.outHeight() + oy) * g.outWidth(), g.outWidth(), (oy - first) * g.strideH() * paddedWidth);
            }
        }
    }

    /** Input rows read by {@code outRows} consecutive output rows. */
    private int bandRows(int outRows) {
        return (outRows - 1) * g.strideH() + (g.filterHeight() - 1) * g.dilationH() + 1;
    }

    @Override
    public String describe() {
        return "direct single-plane " + g.filterHeight() + "x" + g.filterWidth() + " rows, " + kernelName;
    }
}
