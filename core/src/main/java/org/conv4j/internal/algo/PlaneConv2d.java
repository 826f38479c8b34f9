package org.conv4j.internal.algo;

import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Signal2d.Boundary;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.Kernels;
import org.conv4j.internal.simd.RowFilter;

/**
 * Direct convolution plane by plane, for problems where every output plane reads one input
 * plane: single-channel image filtering (C = 1, OC = 1), and depthwise convolution in NCHW
 * (grouped with one input channel per group, {@code KC = 1}), where output plane {@code o} reads
 * input plane {@code o / (OC / C)}. A GEMM would have K = KH*KW and one output column per plane,
 * wasting every vector lane; here each output row is computed by the {@link RowFilter} kernel,
 * vectorised along the row. A band of output rows of one input plane is one unit of work: the
 * input rows it reads are copied once, with their zero padding, into a per-thread buffer
 * ({@link PaddedRows}), then every output plane of that input plane is computed from them, so the
 * kernel never checks bounds.
 *
 * <p>Chosen by conv2d when the input has one channel and the filter one output channel, and by
 * depthwise_conv2d for NCHW. Memory per thread: the padded input rows of one band. A plane is
 * contiguous in NCHW, and in NHWC too when C = OC = 1.
 */
public final class PlaneConv2d implements Conv2dAlgorithm {
    /** Output rows per band, the unit of work handed to a thread. */
    private static final int ROWS_PER_PART = 16;

    private final Conv2dGeometry g;
    private final RowFilter kernel;
    private final String kernelName;
    /** Per output channel, its KH*KW taps. */
    private final float[][] tapsFloat;
    private final double[][] tapsDouble;
    /** Length of one padded input row: every column the output row reads. */
    private final int paddedWidth;
    private final PaddedRows padded;
    private final ThreadLocal<Object> rows;
    /** Where each filter tap reads in the padded rows, for output column 0. */
    private final int[] tapOffsets;
    private final int bands;
    private final Parallelism.Parts body = this::band;

    /** Whether conv2d should take this algorithm for the geometry: single-channel filtering. */
    public static boolean applies(Conv2dGeometry g) {
        return g.channels() == 1 && g.outChannels() == 1 && fits(g);
    }

    /**
     * Whether this algorithm can compute the geometry: one input plane per output plane, and no
     * negative left padding (a padded row cannot start inside the input; the input gradient's
     * sub-pixel phases can have one).
     */
    public static boolean fits(Conv2dGeometry g) {
        return g.filterChannels() == 1 && (g.format() == DataFormat.NCHW || g.channels() == 1 && g.outChannels() == 1)
                && g.padLeft() >= 0;
    }

    public PlaneConv2d(Conv2dGeometry geometry, Tensor filter) {
        this(geometry, filter, Kernels.get());
    }

    /** With explicit kernels (tests run the scalar and vector ones side by side). */
    public PlaneConv2d(Conv2dGeometry geometry, Tensor filter, Kernels kernels) {
        if (!fits(geometry)) {
            throw new IllegalArgumentException("the plane path needs one input plane per output plane and no "
                    + "negative left padding, got "
                    + geometry.describe());
        }
        this.g = geometry;
        this.kernel = kernels.rowFilter();
        this.kernelName = kernels.name();
        boolean f32 = geometry.dtype() == DType.FLOAT32;
        // HWIO with I = 1: tap t of output channel o is filter[t * OC + o].
        int taps = g.filterHeight() * g.filterWidth();
        int oc = g.outChannels();
        this.tapsFloat = f32 ? new float[oc][taps] : null;
        this.tapsDouble = f32 ? null : new double[oc][taps];
        for (int o = 0; o < oc; o++) {
            for (int t = 0; t < taps; t++) {
                if (f32) {
                    tapsFloat[o][t] = filter.floats()[t * oc + o];
                } else {
                    tapsDouble[o][t] = filter.doubles()[t * oc + o];
                }
            }
        }
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
        parallelism.forEach(g.batch() * g.channels() * bands, body, input, output);
    }

    /** Part {@code part}: one band of output rows of every output plane of one input plane. */
    private void band(int part, Tensor input, Tensor output) {
        int plane = part / bands; // image b, input channel k: plane b * C + k
        int k = plane % g.channels();
        int b = plane / g.channels();
        int first = (part % bands) * ROWS_PER_PART;
        int last = Math.min(g.outHeight(), first + ROWS_PER_PART);
        int firstY = first * g.strideH() - g.padTop();
        int perPlane = g.outChannelsPerGroup();
        Object buf = rows.get();
        if (tapsFloat != null) {
            float[] r = (float[]) buf;
            padded.fill(input.floats(), plane * g.height() * g.width(), r, firstY, bandRows(last - first));
            for (int o = k * perPlane; o < (k + 1) * perPlane; o++) {
                int outPlane = (b * g.outChannels() + o) * g.outHeight();
                for (int oy = first; oy < last; oy++) {
                    kernel.correlate(r, tapOffsets, tapsFloat[o], g.strideW(), output.floats(),
                            (outPlane + oy) * g.outWidth(), g.outWidth(), (oy - first) * g.strideH() * paddedWidth);
                }
            }
        } else {
            double[] r = (double[]) buf;
            padded.fill(input.doubles(), plane * g.height() * g.width(), r, firstY, bandRows(last - first));
            for (int o = k * perPlane; o < (k + 1) * perPlane; o++) {
                int outPlane = (b * g.outChannels() + o) * g.outHeight();
                for (int oy = first; oy < last; oy++) {
                    kernel.correlate(r, tapOffsets, tapsDouble[o], g.strideW(), output.doubles(),
                            (outPlane + oy) * g.outWidth(), g.outWidth(), (oy - first) * g.strideH() * paddedWidth);
                }
            }
        }
    }

    /** Input rows read by {@code outRows} consecutive output rows. */
    private int bandRows(int outRows) {
        return (outRows - 1) * g.strideH() + (g.filterHeight() - 1) * g.dilationH() + 1;
    }

    @Override
    public String describe() {
        String planes = g.channels() == 1 && g.outChannels() == 1 ? "single-plane " : g.outChannels() + " planes of ";
        return "direct " + planes + g.filterHeight() + "x" + g.filterWidth() + " rows, " + kernelName;
    }
}
