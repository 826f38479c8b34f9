package org.conv4j.internal.algo;

import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.DoubleGemmKernel;
import org.conv4j.internal.simd.FloatGemmKernel;
import org.conv4j.internal.simd.Kernels;

/**
 * Convolution as a matrix multiply, TensorFlow's method done the way the fast engines do it:
 * {@code output[pixels x OC] = patches[pixels x K] * filter[K x OC]} per group, where the patch
 * matrix is never built. Each tile of {@code MR} output pixels reads its patch rows where they
 * lie in the input (or gathers them into a small buffer when they touch padding, see
 * {@link PatchRows}) and is multiplied with every packed filter panel of {@code NR} output
 * channels by the register-blocked micro-kernel.
 *
 * <p>Chosen for every shape by default. Memory per call beyond input and output: per thread,
 * one gathered tile ({@code MR*K} values), its offsets and one output tile. The filter is packed
 * once, at plan time, into panels of {@code NR} columns (zero-padded), in the order the kernel
 * reads it. Work is split over tiles of output pixels, never over the reduction, so every output
 * value is computed the same way whatever the thread count.
 */
public final class GemmConv2d implements Conv2dAlgorithm {
    /** Output pixels per unit of work handed to a thread: enough to amortise the hand-off. */
    private static final int PIXELS_PER_PART = 256;

    private final Conv2dGeometry g;
    private final PatchRows patches;
    private final String kernelName;
    private final int mr;
    private final int nr;
    private final int panels;
    private final int depth;
    private final FloatGemmKernel floatKernel;
    private final DoubleGemmKernel doubleKernel;
    private final float[] packedFloat;
    private final double[] packedDouble;
    private final ThreadLocal<Workspace> workspace;

    public GemmConv2d(Conv2dGeometry geometry, Tensor filter) {
        this(geometry, filter, Kernels.get());
    }

    /** With explicit kernels (tests run the scalar and vector ones side by side). */
    public GemmConv2d(Conv2dGeometry geometry, Tensor filter, Kernels kernels) {
        this.g = geometry;
        this.kernelName = kernels.name();
        boolean f32 = geometry.dtype() == DType.FLOAT32;
        this.floatKernel = f32 ? kernels.floatGemm() : null;
        this.doubleKernel = f32 ? null : kernels.doubleGemm();
        this.mr = f32 ? floatKernel.mr() : doubleKernel.mr();
        this.nr = f32 ? floatKernel.nr() : doubleKernel.nr();
        this.patches = new PatchRows(geometry, mr);
        this.depth = patches.depth();
        this.panels = (geometry.outChannelsPerGroup() + nr - 1) / nr;
        int packedSize = geometry.groups() * panels * depth * nr;
        this.packedFloat = f32 ? new float[packedSize] : null;
        this.packedDouble = f32 ? null : new double[packedSize];
        pack(filter);
        this.workspace = ThreadLocal.withInitial(Workspace::new);
    }

    /** Filter HWIO {@code [K, OC]} to panels {@code [group][panel][K][NR]}, zero-padded. */
    private void pack(Tensor filter) {
        int oc = g.outChannels();
        int ocg = g.outChannelsPerGroup();
        int at = 0;
        for (int group = 0; group < g.groups(); group++) {
            for (int panel = 0; panel < panels; panel++) {
                for (int k = 0; k < depth; k++) {
                    for (int j = 0; j < nr; j++, at++) {
                        int col = panel * nr + j;
                        if (col < ocg) {
                            int src = k * oc + group * ocg + col;
                            if (packedFloat != null) {
                                packedFloat[at] = filter.floats()[src];
                            } else {
                                packedDouble[at] = filter.doubles()[src];
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        int pixels = g.batch() * g.outHeight() * g.outWidth();
        int tiles = (pixels + mr - 1) / mr;
        int tilesPerPart = Math.max(1, PIXELS_PER_PART / mr);
        int partsPerGroup = (tiles + tilesPerPart - 1) / tilesPerPart;
        parallelism.forEach(partsPerGroup * g.groups(), part -> {
            int group = part / partsPerGroup;
            int firstTile = (part % partsPerGroup) * tilesPerPart;
            int lastTile = Math.min(tiles, firstTile + tilesPerPart);
            Workspace w = workspace.get();
            for (int tile = firstTile; tile < lastTile; tile++) {
                int first = tile * mr;
                int rows = Math.min(mr, pixels - first);
                if (packedFloat != null) {
                    tileFloat(input.floats(), output.floats(), w, group, first, rows);
                } else {
                    tileDouble(input.doubles(), output.doubles(), w, group, first, rows);
                }
            }
        });
    }

    private void tileFloat(float[] in, float[] out, Workspace w, int group, int first, int rows) {
        float[] a = in;
        if (!patches.direct(first, rows, group, w.offsets)) {
            a = w.floatRows();
            patches.gather(in, first, rows, group, a, w.offsets);
        }
        int ocg = g.outChannelsPerGroup();
        for (int panel = 0; panel < panels; panel++) {
            int bOff = (group * panels + panel) * depth * nr;
            int col = group * ocg + panel * nr;
            int cols = Math.min(nr, ocg - panel * nr);
            if (rows == mr && cols == nr && g.format() == DataFormat.NHWC) {
                floatKernel.tile(a, w.offsets, patches.segments, patches.run, packedFloat, bOff,
                        out, first * g.outChannels() + col, g.outChannels());
            } else {
                float[] c = w.floatTile();
                floatKernel.tile(a, w.offsets, patches.segments, patches.run, packedFloat, bOff, c, 0, nr);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < cols; j++) {
                        out[outputIndex(first + r, col + j)] = c[r * nr + j];
                    }
                }
            }
        }
    }

    private void tileDouble(double[] in, double[] out, Workspace w, int group, int first, int rows) {
        double[] a = in;
        if (!patches.direct(first, rows, group, w.offsets)) {
            a = w.doubleRows();
            patches.gather(in, first, rows, group, a, w.offsets);
        }
        int ocg = g.outChannelsPerGroup();
        for (int panel = 0; panel < panels; panel++) {
            int bOff = (group * panels + panel) * depth * nr;
            int col = group * ocg + panel * nr;
            int cols = Math.min(nr, ocg - panel * nr);
            if (rows == mr && cols == nr && g.format() == DataFormat.NHWC) {
                doubleKernel.tile(a, w.offsets, patches.segments, patches.run, packedDouble, bOff,
                        out, first * g.outChannels() + col, g.outChannels());
            } else {
                double[] c = w.doubleTile();
                doubleKernel.tile(a, w.offsets, patches.segments, patches.run, packedDouble, bOff, c, 0, nr);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < cols; j++) {
                        out[outputIndex(first + r, col + j)] = c[r * nr + j];
                    }
                }
            }
        }
    }

    /** Index of output pixel {@code p} (flattened batch, row, column), channel {@code k}. */
    private int outputIndex(int p, int k) {
        if (g.format() == DataFormat.NHWC) {
            return p * g.outChannels() + k;
        }
        int ohw = g.outHeight() * g.outWidth();
        return ((p / ohw) * g.outChannels() + k) * ohw + p % ohw;
    }

    @Override
    public String describe() {
        return "gemm " + mr + "x" + nr + " " + kernelName + ", K=" + depth + " as " + patches.segments + " runs of "
                + patches.run + ", " + g.groups() * panels + " packed panels";
    }

    /** Per-thread scratch of this plan, kept between calls so that calls allocate nothing. */
    private final class Workspace {
        final int[] offsets = new int[patches.segments * mr];
        private float[] floatRows;
        private float[] floatTile;
        private double[] doubleRows;
        private double[] doubleTile;

        float[] floatRows() {
            return floatRows != null ? floatRows : (floatRows = new float[mr * depth]);
        }

        float[] floatTile() {
            return floatTile != null ? floatTile : (floatTile = new float[mr * nr]);
        }

        double[] doubleRows() {
            return doubleRows != null ? doubleRows : (doubleRows = new double[mr * depth]);
        }

        double[] doubleTile() {
            return doubleTile != null ? doubleTile : (doubleTile = new double[mr * nr]);
        }
    }
}
