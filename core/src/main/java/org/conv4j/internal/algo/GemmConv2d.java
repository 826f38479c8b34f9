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
 *
 * <p>The output pixels normally fill the geometry's output tensor; an {@link OutputLayout} may
 * place them elsewhere (every other row and column of a larger tensor, for one phase of an
 * input gradient). Tiles whose values the kernel cannot store with one row stride (NCHW, or a
 * tile that wraps to the next row of such a phase) go through a small tile buffer.
 */
public final class GemmConv2d implements PartitionedConv2d {
    /**
     * Bytes of gathered patch rows per block of tiles: with one weight panel beside them they
     * must stay in the 1 MiB L2 cache of a core while the panel streams over them.
     */
    private static final int BLOCK_BYTES = 192 * 1024;
    /** At most this many pixels per block, so that large images split into many parts. */
    static final int MAX_BLOCK_PIXELS = 512;
    /** Parts wanted at least, when the problem allows: enough for 8 threads to share. */
    private static final int PARALLEL_PARTS = 16;

    private final Conv2dGeometry g;
    private final OutputLayout layout;
    /** Whether consecutive output pixels are evenly spaced across rows (the plain output tensor). */
    private final boolean denseOutput;
    private final PatchRows patches;
    private final String kernelName;
    private final int mr;
    private final int nr;
    private final int panels;
    private final int depth;
    private final int tilesPerBlock;
    private final FloatGemmKernel floatKernel;
    private final DoubleGemmKernel doubleKernel;
    private final float[] packedFloat;
    private final double[] packedDouble;
    private final int pixels;
    private final int tiles;
    private final int panelChunks;
    private final int panelsPerChunk;
    private final int partsPerGroup;
    private final Parallelism.Parts body = this::part;
    private final ThreadLocal<Workspace> workspace;

    public GemmConv2d(Conv2dGeometry geometry, Tensor filter) {
        this(geometry, filter, Kernels.get());
    }

    /** With explicit kernels (tests run the scalar and vector ones side by side). */
    public GemmConv2d(Conv2dGeometry geometry, Tensor filter, Kernels kernels) {
        this(geometry, filter, kernels, OutputLayout.of(geometry));
    }

    /** Writing the output pixels where {@code layout} says (e.g. one phase of an input gradient). */
    public GemmConv2d(Conv2dGeometry geometry, Tensor filter, Kernels kernels, OutputLayout layout) {
        this.g = geometry;
        this.layout = layout;
        this.denseOutput = layout.dense(geometry.outHeight(), geometry.outWidth());
        this.kernelName = kernels.name();
        boolean f32 = geometry.dtype() == DType.FLOAT32;
        this.floatKernel = f32 ? kernels.floatGemm(PatchRows.runLength(geometry), geometry.outChannelsPerGroup()) : null;
        this.doubleKernel = f32 ? null : kernels.doubleGemm();
        this.mr = f32 ? floatKernel.mr() : doubleKernel.mr();
        this.nr = f32 ? floatKernel.nr() : doubleKernel.nr();
        this.patches = new PatchRows(geometry, mr);
        this.depth = patches.depth();
        this.panels = (geometry.outChannelsPerGroup() + nr - 1) / nr;
        int bytesPerTile = mr * depth * (f32 ? 4 : 8);
        this.pixels = geometry.batch() * geometry.outHeight() * geometry.outWidth();
        this.tiles = (pixels + mr - 1) / mr;
        // A small problem whose every tile is read in place (NHWC, no padding) is one block:
        // no gathered rows bound it, and each weight panel is then read once per call, not once
        // per block (a deep layer's weights are megabytes; see PaddedInputConv2d).
        boolean inPlace = geometry.format() == DataFormat.NHWC && geometry.padTop() == 0 && geometry.padBottom() == 0
                && geometry.padLeft() == 0 && geometry.padRight() == 0 && pixels <= MAX_BLOCK_PIXELS;
        this.tilesPerBlock = inPlace ? Math.max(1, tiles)
                : Math.max(1, Math.min(MAX_BLOCK_PIXELS / mr, BLOCK_BYTES / bytesPerTile));
        int packedSize = geometry.groups() * panels * depth * nr;
        this.packedFloat = f32 ? new float[packedSize] : null;
        this.packedDouble = f32 ? null : new double[packedSize];
        pack(filter);
        int blocks = (tiles + tilesPerBlock - 1) / tilesPerBlock;
        // Few pixels (small images, deep layers): split the output channels too, so that up to
        // PARALLEL_PARTS threads have work. The split depends on the problem only, never on the
        // thread count, and never touches the reduction, so results stay identical.
        // Chunks of equal size (16 panels in 4 chunks of 4, not 3 of 6, 6 and 4), so that no part
        // is left over for one thread to finish alone.
        int blocksAll = Math.max(1, blocks * geometry.groups());
        int wanted = Math.min(panels, Math.max(1, (PARALLEL_PARTS + blocksAll - 1) / blocksAll));
        this.panelsPerChunk = (panels + wanted - 1) / wanted;
        this.panelChunks = (panels + panelsPerChunk - 1) / panelsPerChunk;
        this.partsPerGroup = blocks * panelChunks;
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
        parallelism.forEach(parts(), body, input, output);
    }

    @Override
    public int parts() {
        return partsPerGroup * g.groups();
    }

    /** Part {@code part}: one block of tiles of one group, times one chunk of its panels. */
    @Override
    public void part(int part, Tensor input, Tensor output) {
        int group = part / partsPerGroup;
        int block = (part % partsPerGroup) / panelChunks;
        int firstPanel = (part % panelChunks) * panelsPerChunk;
        int lastPanel = Math.min(panels, firstPanel + panelsPerChunk);
        int firstTile = block * tilesPerBlock;
        int lastTile = Math.min(tiles, firstTile + tilesPerBlock);
        if (packedFloat != null) {
            blockFloat(input.floats(), output.floats(), workspace.get(), group, firstTile, lastTile, firstPanel,
                    lastPanel, pixels);
        } else {
            blockDouble(input.doubles(), output.doubles(), workspace.get(), group, firstTile, lastTile, firstPanel,
                    lastPanel, pixels);
        }
    }

    /**
     * One block of tiles times a range of panels: the patch rows of every tile are located (or
     * gathered) once, then each weight panel is streamed over all tiles while it is hot in cache.
     */
    private void blockFloat(float[] in, float[] out, Workspace w, int group, int firstTile, int lastTile,
            int firstPanel, int lastPanel, int pixels) {
        int perTile = patches.segments * mr;
        for (int tile = firstTile; tile < lastTile; tile++) {
            int t = tile - firstTile;
            int first = tile * mr;
            int rows = Math.min(mr, pixels - first);
            if (patches.direct(first, rows, group, w.offsets, t * perTile)) {
                w.source[t] = in;
            } else {
                float[] buf = w.floatRows();
                patches.gather(in, first, rows, group, buf, t * mr * depth, w.offsets, t * perTile);
                w.source[t] = buf;
            }
        }
        int ocg = g.outChannelsPerGroup();
        for (int panel = firstPanel; panel < lastPanel; panel++) {
            int bOff = (group * panels + panel) * depth * nr;
            int col = group * ocg + panel * nr;
            int cols = Math.min(nr, ocg - panel * nr);
            for (int tile = firstTile; tile < lastTile; tile++) {
                int t = tile - firstTile;
                int first = tile * mr;
                int rows = Math.min(mr, pixels - first);
                float[] a = (float[]) w.source[t];
                int direct = rows == mr && cols == nr ? directOutput(first, col) : -1;
                float[] c = direct >= 0 ? out : w.floatTile();
                int cOff = direct >= 0 ? direct : 0;
                int cStride = direct >= 0 ? layout.columnStride() : nr;
                int runStride = patches.runStride(a != in);
                if (patches.segments > 1 && runStride >= 0) {
                    floatKernel.tileEvenRuns(a, w.offsets, t * perTile, patches.segments, patches.run, runStride,
                            packedFloat, bOff, c, cOff, cStride);
                } else {
                    floatKernel.tile(a, w.offsets, t * perTile, patches.segments, patches.run, packedFloat, bOff, c, cOff,
                            cStride);
                }
                if (direct < 0) {
                    for (int r = 0; r < rows; r++) {
                        int at = outputIndex(first + r, col);
                        for (int j = 0; j < cols; j++) {
                            out[at + j * layout.channelStride()] = c[r * nr + j];
                        }
                    }
                }
            }
        }
    }

    /** {@link #blockFloat} for float64. */
    private void blockDouble(double[] in, double[] out, Workspace w, int group, int firstTile, int lastTile,
            int firstPanel, int lastPanel, int pixels) {
        int perTile = patches.segments * mr;
        for (int tile = firstTile; tile < lastTile; tile++) {
            int t = tile - firstTile;
            int first = tile * mr;
            int rows = Math.min(mr, pixels - first);
            if (patches.direct(first, rows, group, w.offsets, t * perTile)) {
                w.source[t] = in;
            } else {
                double[] buf = w.doubleRows();
                patches.gather(in, first, rows, group, buf, t * mr * depth, w.offsets, t * perTile);
                w.source[t] = buf;
            }
        }
        int ocg = g.outChannelsPerGroup();
        for (int panel = firstPanel; panel < lastPanel; panel++) {
            int bOff = (group * panels + panel) * depth * nr;
            int col = group * ocg + panel * nr;
            int cols = Math.min(nr, ocg - panel * nr);
            for (int tile = firstTile; tile < lastTile; tile++) {
                int t = tile - firstTile;
                int first = tile * mr;
                int rows = Math.min(mr, pixels - first);
                double[] a = (double[]) w.source[t];
                int direct = rows == mr && cols == nr ? directOutput(first, col) : -1;
                if (direct >= 0) {
                    doubleKernel.tile(a, w.offsets, t * perTile, patches.segments, patches.run, packedDouble, bOff,
                            out, direct, layout.columnStride());
                } else {
                    double[] c = w.doubleTile();
                    doubleKernel.tile(a, w.offsets, t * perTile, patches.segments, patches.run, packedDouble, bOff, c, 0, nr);
                    for (int r = 0; r < rows; r++) {
                        int at = outputIndex(first + r, col);
                        for (int j = 0; j < cols; j++) {
                            out[at + j * layout.channelStride()] = c[r * nr + j];
                        }
                    }
                }
            }
        }
    }

    /** Index of output pixel {@code p} (flattened batch, row, column), channel {@code k}. */
    private int outputIndex(int p, int k) {
        int ohw = g.outHeight() * g.outWidth();
        int b = p / ohw;
        int oy = (p - b * ohw) / g.outWidth();
        return layout.index(b, oy, p - b * ohw - oy * g.outWidth(), k);
    }

    /**
     * Where the kernel may write the tile of {@code MR} pixels from {@code first} and the panel's
     * channels from {@code col} directly: the index of its first value, or -1 if its values are
     * not {@code columnStride} apart pixel to pixel and adjacent channel to channel (NCHW, or a
     * tile that wraps to the next row of a phase of an input gradient).
     */
    private int directOutput(int first, int col) {
        if (layout.channelStride() != 1) {
            return -1;
        }
        if (denseOutput) {
            return layout.base() + first * layout.columnStride() + col;
        }
        int ohw = g.outHeight() * g.outWidth();
        int b = first / ohw;
        int oy = (first - b * ohw) / g.outWidth();
        int ox = first - b * ohw - oy * g.outWidth();
        return ox + mr <= g.outWidth() ? layout.index(b, oy, ox, col) : -1;
    }

    @Override
    public String describe() {
        return "gemm " + mr + "x" + nr + " " + kernelName + ", K=" + depth + " as " + patches.segments + " runs of "
                + patches.run + ", " + g.groups() * panels + " packed panels";
    }

    /** Per-thread scratch of this plan, kept between calls so that calls allocate nothing. */
    private final class Workspace {
        final int[] offsets = new int[tilesPerBlock * patches.segments * mr];
        /** Per tile of the block: the array its patch rows are read from (input or gathered). */
        final Object[] source = new Object[tilesPerBlock];
        private float[] floatRows;
        private float[] floatTile;
        private double[] doubleRows;
        private double[] doubleTile;

        float[] floatRows() {
            return floatRows != null ? floatRows : (floatRows = new float[tilesPerBlock * mr * depth]);
        }

        float[] floatTile() {
            return floatTile != null ? floatTile : (floatTile = new float[mr * nr]);
        }

        double[] doubleRows() {
            return doubleRows != null ? doubleRows : (doubleRows = new double[tilesPerBlock * mr * depth]);
        }

        double[] doubleTile() {
            return doubleTile != null ? doubleTile : (doubleTile = new double[mr * nr]);
        }
    }
}
