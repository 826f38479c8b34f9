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
 * The filter gradient as a matrix multiply over the pixels, on the forward convolution's GEMM
 * kernels: per group, {@code dW^T[OC x K] = out_backprop^T[OC x P] * patches[P x K]}, summed over
 * the {@code P = N*OH*OW} output pixels, where {@code K = KH*KW*KC} is the patch depth. Neither
 * the patch matrix nor the transposed gradient is ever built whole.
 *
 * <p>The pixels are walked in fixed blocks of {@value #BLOCK_PIXELS}. For each block, the output
 * gradient's rows are transposed into a small buffer (the kernel's {@code a} rows: one output
 * channel, the block's pixels in a run), the block's patch rows are copied from the input, one
 * row of the part's columns per pixel (the kernel's {@code b} operand, read {@code NR} columns at
 * a time with the row length as stride, see {@link PatchRows#pack}), and each {@code MR x NR}
 * tile is summed by the micro-kernel over the block's pixels on top of its accumulator. The
 * kernel's rows are output channels and its columns patch columns, so that both operands are
 * copied with long contiguous reads (the other orientation would transpose the far larger patch
 * matrix). Measured on 8x56x56x64 3x3: packing NR-wide panels and adding each block's tile from
 * a scratch tile was 9% slower than these strided rows summed in place.
 *
 * <p>Threads split the gradient, never the sum: a part is one group, one range of patch columns
 * and one range of output channels, and runs through every block in order. Every gradient value
 * is summed the same way whatever the part it falls in (the kernel's chain of multiply-adds over
 * a block's pixels, continued block after block; block boundaries depend on the problem only),
 * so the split may follow the thread count and results are still bitwise identical for any.
 * Splitting costs copies: each more column part transposes the output gradient's channels
 * again, each more channel part copies the patch columns again (3 to 4 times cheaper per value,
 * measured); the plan takes the cheapest split with a part per thread.
 *
 * <p>Memory per thread, whatever the input size: the transposed gradient block (at most
 * {@value #MAX_PART_ROWS} channels x block), the packed patch block (at most
 * {@value #MAX_PART_COLUMNS} columns x block) and the part's accumulator, together at most
 * 2.5 MiB for float32 (twice that for float64); kept between calls, so that a reused plan
 * allocates nothing.
 */
public final class GemmFilterGradient implements FilterGradientAlgorithm {
    /**
     * Pixels summed per kernel call: long enough to hide the kernel's fixed cost of loading and
     * storing its tile (512 measured 5-10% faster than 256 on 56x56x64 layers).
     */
    static final int BLOCK_PIXELS = 512;
    /**
     * Distance between the transposed gradient's rows. Not a power of two: rows a power of two
     * apart fall into a few L1 sets and evict each other while the block is transposed into
     * them (measured 3.5 times slower), and while the kernel reads 14 of them at once.
     */
    private static final int ROW_STRIDE = BLOCK_PIXELS + 16;
    /** Extra values at the end of each packed patch row, so that rows are not a power of two apart either. */
    private static final int ROW_PAD = 16;
    /**
     * At most this many patch columns per part (bounds the packed block): a 3x3x64 layer's 576
     * in one part, so that one thread transposes the output gradient once per block.
     */
    static final int MAX_PART_COLUMNS = 640;
    /**
     * At most this many output channels per part (bounds the transposed gradient block and the
     * accumulator): every part of more copies all the patch columns again.
     */
    static final int MAX_PART_ROWS = 256;
    /**
     * Relative cost of transposing one gradient value against copying one patch value (3.3
     * measured on 8x56x56x64: 0.64 against 0.19 ns).
     */
    private static final int TRANSPOSE_COST = 4;

    private final Conv2dGeometry g;
    private final PatchRows patches;
    private final String kernelName;
    private final FloatGemmKernel floatKernel;
    private final DoubleGemmKernel doubleKernel;
    private final int mr;
    private final int nr;
    private final int depth;
    private final int pixels;
    private final int blocks;
    private final int panelsPerPart;
    private final int tilesPerPart;
    private final int columnParts;
    private final int rowParts;
    private final Parallelism.PartsOfTwo body = this::part;
    private final ThreadLocal<Workspace> workspace;

    /** For calls on {@code threads} threads (the split of the work follows; the results do not). */
    public GemmFilterGradient(Conv2dGeometry geometry, int threads) {
        this(geometry, threads, Kernels.get());
    }

    /** With explicit kernels (tests run the scalar and vector ones side by side). */
    public GemmFilterGradient(Conv2dGeometry geometry, int threads, Kernels kernels) {
        this.g = geometry;
        this.kernelName = kernels.name();
        boolean f32 = geometry.dtype() == DType.FLOAT32;
        this.floatKernel = f32 ? kernels.floatGemm() : null;
        this.doubleKernel = f32 ? null : kernels.doubleGemm();
        this.mr = f32 ? floatKernel.mr() : doubleKernel.mr();
        this.nr = f32 ? floatKernel.nr() : doubleKernel.nr();
        this.patches = new PatchRows(geometry, 1);
        this.depth = patches.depth();
        this.pixels = geometry.batch() * geometry.outHeight() * geometry.outWidth();
        this.blocks = (pixels + BLOCK_PIXELS - 1) / BLOCK_PIXELS;
        int panels = (depth + nr - 1) / nr;
        int tiles = (geometry.outChannelsPerGroup() + mr - 1) / mr;
        int[] split = split(panels, tiles, geometry.groups(), geometry.outChannelsPerGroup(), depth, threads);
        this.panelsPerPart = split[0];
        this.tilesPerPart = split[1];
        this.columnParts = (panels + panelsPerPart - 1) / panelsPerPart;
        this.rowParts = (tiles + tilesPerPart - 1) / tilesPerPart;
        this.workspace = ThreadLocal.withInitial(Workspace::new);
    }

    /**
     * Panels and tiles per part: the split with the least copying per pixel (each column part
     * transposes the gradient's channels again, each row part copies the patch columns again)
     * among those with a part per thread, or the most parts there can be; parts stay within
     * {@link #MAX_PART_COLUMNS} and {@link #MAX_PART_ROWS}.
     */
    private int[] split(int panels, int tiles, int groups, int ocg, int depth, int threads) {
        int maxPanels = Math.max(1, MAX_PART_COLUMNS / nr);
        int maxTiles = Math.max(1, MAX_PART_ROWS / mr);
        long wanted = Math.min(threads, (long) groups * panels * tiles);
        int[] best = {1, 1};
        long bestCost = Long.MAX_VALUE;
        for (int panelsEach = 1; panelsEach <= Math.min(panels, maxPanels); panelsEach++) {
            for (int tilesEach = 1; tilesEach <= Math.min(tiles, maxTiles); tilesEach++) {
                long columnParts = (panels + panelsEach - 1) / panelsEach;
                long rowParts = (tiles + tilesEach - 1) / tilesEach;
                long cost = columnParts * ocg * TRANSPOSE_COST + rowParts * depth;
                if (groups * columnParts * rowParts >= wanted && cost < bestCost) {
                    bestCost = cost;
                    best = new int[] {panelsEach, tilesEach};
                }
            }
        }
        return best;
    }

    @Override
    public void run(Tensor input, Tensor outBackprop, Tensor filterGradient, Parallelism parallelism) {
        parallelism.forEach(g.groups() * columnParts * rowParts, body, input, outBackprop, filterGradient);
    }

    /** Part {@code part}: one group, one range of patch columns, one range of output channels. */
    private void part(int part, Tensor input, Tensor outBackprop, Tensor filterGradient) {
        int group = part / (columnParts * rowParts);
        int columnPart = part % (columnParts * rowParts) / rowParts;
        int rowPart = part % rowParts;
        int k0 = columnPart * panelsPerPart * nr;
        int k1 = Math.min(depth, k0 + panelsPerPart * nr);
        int row0 = rowPart * tilesPerPart * mr;
        int rows = Math.min(g.outChannelsPerGroup() - row0, tilesPerPart * mr);
        Workspace w = workspace.get();
        if (floatKernel != null) {
            partFloat(input.floats(), outBackprop.floats(), filterGradient.floats(), w, group, k0, k1, row0, rows);
        } else {
            partDouble(input.doubles(), outBackprop.doubles(), filterGradient.doubles(), w, group, k0, k1, row0, rows);
        }
    }

    private void partFloat(float[] in, float[] dy, float[] out, Workspace w, int group, int k0, int k1, int row0, int rows) {
        int panelCount = (k1 - k0 + nr - 1) / nr;
        int tileCount = (rows + mr - 1) / mr;
        int tileSize = mr * nr;
        int rowLength = panelCount * nr + ROW_PAD;
        float[] dyT = w.floatRows();
        float[] patchRows = w.floatPatchRows();
        float[] acc = w.floatAccumulator();
        pointRows(w.rowOffsets, rows, tileCount);
        for (int block = 0; block < blocks; block++) {
            int first = block * BLOCK_PIXELS;
            int n = Math.min(BLOCK_PIXELS, pixels - first);
            transposeFloat(dy, first, n, group * g.outChannelsPerGroup() + row0, rows, dyT);
            patches.pack(in, first, n, group, k0, k1, patchRows, rowLength);
            for (int panel = 0; panel < panelCount; panel++) {
                for (int tile = 0; tile < tileCount; tile++) {
                    floatKernel.tile(dyT, w.rowOffsets, tile * mr, 1, n, patchRows, panel * nr, rowLength, acc,
                            (panel * tileCount + tile) * tileSize, nr, block > 0);
                }
            }
        }
        int oc = g.outChannels();
        int channel0 = group * g.outChannelsPerGroup() + row0;
        for (int panel = 0; panel < panelCount; panel++) {
            for (int tile = 0; tile < tileCount; tile++) {
                int at = (panel * tileCount + tile) * tileSize;
                for (int r = 0; r < mr && tile * mr + r < rows; r++) {
                    int channel = channel0 + tile * mr + r;
                    for (int j = 0, k = k0 + panel * nr; j < nr && k < k1; j++, k++) {
                        out[k * oc + channel] = acc[at + r * nr + j];
                    }
                }
            }
        }
    }

    /** {@link #partFloat} for float64. */
    private void partDouble(double[] in, double[] dy, double[] out, Workspace w, int group, int k0, int k1, int row0,
            int rows) {
        int panelCount = (k1 - k0 + nr - 1) / nr;
        int tileCount = (rows + mr - 1) / mr;
        int tileSize = mr * nr;
        int rowLength = panelCount * nr + ROW_PAD;
        double[] dyT = w.doubleRows();
        double[] patchRows = w.doublePatchRows();
        double[] acc = w.doubleAccumulator();
        pointRows(w.rowOffsets, rows, tileCount);
        for (int block = 0; block < blocks; block++) {
            int first = block * BLOCK_PIXELS;
            int n = Math.min(BLOCK_PIXELS, pixels - first);
            transposeDouble(dy, first, n, group * g.outChannelsPerGroup() + row0, rows, dyT);
            patches.pack(in, first, n, group, k0, k1, patchRows, rowLength);
            for (int panel = 0; panel < panelCount; panel++) {
                for (int tile = 0; tile < tileCount; tile++) {
                    doubleKernel.tile(dyT, w.rowOffsets, tile * mr, 1, n, patchRows, panel * nr, rowLength, acc,
                            (panel * tileCount + tile) * tileSize, nr, block > 0);
                }
            }
        }
        int oc = g.outChannels();
        int channel0 = group * g.outChannelsPerGroup() + row0;
        for (int panel = 0; panel < panelCount; panel++) {
            for (int tile = 0; tile < tileCount; tile++) {
                int at = (panel * tileCount + tile) * tileSize;
                for (int r = 0; r < mr && tile * mr + r < rows; r++) {
                    int channel = channel0 + tile * mr + r;
                    for (int j = 0, k = k0 + panel * nr; j < nr && k < k1; j++, k++) {
                        out[k * oc + channel] = acc[at + r * nr + j];
                    }
                }
            }
        }
    }

    /**
     * The kernel's row offsets: row {@code r} of the part (an output channel) starts at
     * {@code r * ROW_STRIDE} in the transposed block; rows past the last repeat it (their
     * results are never written out).
     */
    private void pointRows(int[] offsets, int rows, int tileCount) {
        for (int r = 0; r < tileCount * mr; r++) {
            offsets[r] = Math.min(r, rows - 1) * ROW_STRIDE;
        }
    }

    /**
     * Output gradient of pixels {@code first .. first+n-1}, channels {@code channel0 ..
     * channel0+rows-1}, into {@code dyT[r * ROW_STRIDE + i]}.
     */
    private void transposeFloat(float[] dy, int first, int n, int channel0, int rows, float[] dyT) {
        int oc = g.outChannels();
        if (g.format() == DataFormat.NHWC) {
            for (int i = 0; i < n; i++) {
                int src = (first + i) * oc + channel0;
                for (int r = 0; r < rows; r++) {
                    dyT[r * ROW_STRIDE + i] = dy[src + r];
                }
            }
            return;
        }
        // NCHW: each channel's pixels are contiguous within an image.
        int ohw = g.outHeight() * g.outWidth();
        for (int i = 0; i < n; ) {
            int p = first + i;
            int b = p / ohw;
            int pixel = p - b * ohw;
            int m = Math.min(n - i, ohw - pixel);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(dy, (b * oc + channel0 + r) * ohw + pixel, dyT, r * ROW_STRIDE + i, m);
            }
            i += m;
        }
    }

    /** {@link #transposeFloat} for float64. */
    private void transposeDouble(double[] dy, int first, int n, int channel0, int rows, double[] dyT) {
        int oc = g.outChannels();
        if (g.format() == DataFormat.NHWC) {
            for (int i = 0; i < n; i++) {
                int src = (first + i) * oc + channel0;
                for (int r = 0; r < rows; r++) {
                    dyT[r * ROW_STRIDE + i] = dy[src + r];
                }
            }
            return;
        }
        int ohw = g.outHeight() * g.outWidth();
        for (int i = 0; i < n; ) {
            int p = first + i;
            int b = p / ohw;
            int pixel = p - b * ohw;
            int m = Math.min(n - i, ohw - pixel);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(dy, (b * oc + channel0 + r) * ohw + pixel, dyT, r * ROW_STRIDE + i, m);
            }
            i += m;
        }
    }

    @Override
    public String describe() {
        int parts = g.groups() * columnParts * rowParts;
        return "gemm " + mr + "x" + nr + " " + kernelName + " over blocks of " + BLOCK_PIXELS + " pixels, K=" + depth + ", "
                + parts + (parts == 1 ? " part" : " parts") + " of " + Math.min(depth, panelsPerPart * nr) + " columns x "
                + Math.min(g.outChannelsPerGroup(), tilesPerPart * mr) + " channels";
    }

    /** Per-thread scratch of this plan, kept between calls so that calls allocate nothing. */
    private final class Workspace {
        final int[] rowOffsets = new int[tilesPerPart * mr];
        private float[] floatRows;
        private float[] floatPatchRows;
        private float[] floatAccumulator;
        private double[] doubleRows;
        private double[] doublePatchRows;
        private double[] doubleAccumulator;

        float[] floatRows() {
            return floatRows != null ? floatRows : (floatRows = new float[tilesPerPart * mr * ROW_STRIDE]);
        }

        float[] floatPatchRows() {
            return floatPatchRows != null ? floatPatchRows
                    : (floatPatchRows = new float[BLOCK_PIXELS * (panelsPerPart * nr + ROW_PAD)]);
        }

        float[] floatAccumulator() {
            return floatAccumulator != null ? floatAccumulator
                    : (floatAccumulator = new float[panelsPerPart * tilesPerPart * mr * nr]);
        }

        double[] doubleRows() {
            return doubleRows != null ? doubleRows : (doubleRows = new double[tilesPerPart * mr * ROW_STRIDE]);
        }

        double[] doublePatchRows() {
            return doublePatchRows != null ? doublePatchRows
                    : (doublePatchRows = new double[BLOCK_PIXELS * (panelsPerPart * nr + ROW_PAD)]);
        }

        double[] doubleAccumulator() {
            return doubleAccumulator != null ? doubleAccumulator
                    : (doubleAccumulator = new double[panelsPerPart * tilesPerPart * mr * nr]);
        }
    }
}
