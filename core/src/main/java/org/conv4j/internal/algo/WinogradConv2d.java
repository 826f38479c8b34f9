package org.conv4j.internal.algo;

import java.util.Arrays;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.FloatGemmKernel;
import org.conv4j.internal.simd.Kernels;
import org.conv4j.internal.simd.WinogradTransforms;

/**
 * Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, 2016) for 3x3, stride-1 float32
 * convolutions: each 2x2 block of output pixels costs 16 multiplies per channel pair instead of
 * 36, so the arithmetic shrinks 2.25 times. The work is 16 independent matrix multiplies,
 * {@code M[e] = V[e] x U[e]} for the 16 points {@code e} of a 4x4 transformed tile, run by the
 * same micro-kernel as {@link GemmConv2d}; the transforms around them are additions only.
 *
 * <ul>
 *   <li>filter, at plan time: {@code U = G g G^T} per (input, output) channel pair, computed in
 *       double and packed in the kernel's panel order;
 *   <li>input, per block of tiles: the 4x4 input patch {@code d} of each tile (zeros where
 *       padding), {@code V = B^T d B}, channels innermost;
 *   <li>output: {@code Y = A^T M A}, the 2x2 pixels of each tile, clipped at the edges.
 * </ul>
 *
 * <p>Dilated layers split into independent undilated ones over every {@code d}-th pixel, so a
 * tile holds two outputs {@code d} apart and reads inputs {@code d} apart.
 *
 * <p>Chosen by AUTO for float32 NHWC 3x3 stride-1 ungrouped layers with enough tiles. Rounding differs from direct summation by a few units in the
 * last place (the transforms' coefficients are 0, 1 and 1/2); TensorFlow's own Winograd test
 * uses a tolerance of 1e-5, and so do ours. Memory per thread: one block of transformed inputs
 * and products, about 512 KiB.
 */
public final class WinogradConv2d implements PartitionedConv2d {
    /** Transformed inputs and products of one block must fit a core's L2 cache beside a panel. */
    private static final int BLOCK_FLOATS = 128 * 1024;
    /**
     * Below this many 2x2 tiles (a 12x12 output) the transforms' fixed costs are not repaid.
     * Measured: 49 tiles (ResNet's 14x14 stage) already run 1.5 times faster than the GEMM.
     */
    private static final int MIN_TILES = 36;
    /**
     * Blocks wanted at least, when there are enough tiles: a small layer split into few large
     * blocks leaves one thread running the last of them alone.
     */
    private static final int PARALLEL_PARTS = 16;

    private final Conv2dGeometry g;
    private final OutputLayout layout;
    private final FloatGemmKernel kernel;
    private final WinogradTransforms transforms;
    private final String kernelName;
    private final int mr;
    private final int nr;
    private final int panels;
    /** Output channels padded to whole panels: the row stride of the products. */
    private final int paddedChannels;
    private final int tilesH;
    private final int tilesW;
    private final int tiles;
    private final int tilesPerBlock;
    private final float[] packed;
    private final Parallelism.Parts body = this::block;
    private final ThreadLocal<Workspace> workspace;

    /** Whether this algorithm applies to the geometry, and is worth it. */
    public static boolean applies(Conv2dGeometry g) {
        int tiles = g.batch() * ((g.outHeight() + 1) / 2) * ((g.outWidth() + 1) / 2);
        return fits(g) && tiles >= MIN_TILES && g.channels() >= 16 && g.outChannels() >= 16;
    }

    /** Whether this algorithm can compute the geometry at all. */
    public static boolean fits(Conv2dGeometry g) {
        return g.dtype() == DType.FLOAT32 && g.format() == DataFormat.NHWC && g.filterHeight() == 3
                && g.filterWidth() == 3 && g.strideH() == 1 && g.strideW() == 1 && g.groups() == 1;
    }

    public WinogradConv2d(Conv2dGeometry geometry, Tensor filter) {
        this(geometry, filter, Kernels.get());
    }

    /** With explicit kernels (tests run the scalar and vector ones side by side). */
    public WinogradConv2d(Conv2dGeometry geometry, Tensor filter, Kernels kernels) {
        this(geometry, filter, kernels, OutputLayout.of(geometry));
    }

    /**
     * Writing the output pixels where {@code layout} says (e.g. one phase of an input gradient);
     * the layout's channels must be adjacent, as NHWC's are.
     */
    public WinogradConv2d(Conv2dGeometry geometry, Tensor filter, Kernels kernels, OutputLayout layout) {
        if (!fits(geometry) || layout.channelStride() != 1) {
            throw new IllegalArgumentException("Winograd F(2x2,3x3) needs a float32 NHWC 3x3 stride-1 ungrouped "
                    + "convolution, got " + geometry.describe());
        }
        this.g = geometry;
        this.layout = layout;
        this.kernel = kernels.floatGemm(geometry.channels(), geometry.outChannels()); // each GEMM: one run of C values
        this.transforms = kernels.winograd();
        this.kernelName = kernels.name();
        this.mr = kernel.mr();
        this.nr = kernel.nr();
        this.panels = (g.outChannels() + nr - 1) / nr;
        this.paddedChannels = panels * nr;
        this.tilesH = tileCount(g.outHeight(), g.dilationH());
        this.tilesW = tileCount(g.outWidth(), g.dilationW());
        this.tiles = g.batch() * tilesH * tilesW;
        int perTile = 16 * (g.channels() + paddedChannels);
        int byMemory = Math.max(1, BLOCK_FLOATS / perTile / mr) * mr;
        int byParts = (tiles + PARALLEL_PARTS - 1) / PARALLEL_PARTS;
        this.tilesPerBlock = Math.min(byMemory, Math.max(mr, (byParts + mr - 1) / mr * mr));
        this.packed = transformFilter(filter.floats(), g.channels(), g.outChannels(), nr, g.channels());
        this.workspace = ThreadLocal.withInitial(Workspace::new);
    }

    /**
     * Tiles along a dimension of {@code size} outputs. A tile holds two outputs {@code d} apart
     * (with dilation {@code d}, outputs {@code d} apart read inputs {@code d} apart: the
     * convolution splits into {@code d} independent undilated ones); tiles come in groups of
     * {@code d} that cover {@code 2d} consecutive outputs.
     */
    static int tileCount(int size, int d) {
        return (size + 2 * d - 1) / (2 * d) * d;
    }

    /** The first of the two outputs of tile {@code t} along a dimension with dilation {@code d}. */
    static int tileStart(int t, int d) {
        return t / d * 2 * d + t % d;
    }

    /**
     * {@code U = G g G^T} for every channel pair of an HWIO 3x3 filter ({@code channels} in,
     * {@code outChannels} out), computed in double and packed as {@code [e][group][c][width]}
     * with {@code paddedChannels} rows {@code c} per group: output channel {@code k} is column
     * {@code k % width} of group {@code k / width}, the columns past the last output channel and
     * the rows past the last input channel zero. Both Winograd layouts pack it so: here
     * {@code width} is the GEMM panel's, in {@link TileMajorWinogradConv2d} the output channels
     * of one pass.
     */
    static float[] transformFilter(float[] f, int channels, int outChannels, int width, int paddedChannels) {
        int c = channels;
        int k = outChannels;
        int groups = (k + width - 1) / width;
        float[] out = new float[16 * groups * paddedChannels * width];
        double[] w = new double[9];
        double[] gg = new double[12];
        for (int ci = 0; ci < c; ci++) {
            for (int ko = 0; ko < k; ko++) {
                for (int t = 0; t < 9; t++) {
                    w[t] = f[(t * c + ci) * k + ko];
                }
                // G g: 4x3, rows g0, (g0+g1+g2)/2, (g0-g1+g2)/2, g2 (g_i: filter rows).
                for (int j = 0; j < 3; j++) {
                    gg[j] = w[j];
                    gg[3 + j] = (w[j] + w[3 + j] + w[6 + j]) / 2;
                    gg[6 + j] = (w[j] - w[3 + j] + w[6 + j]) / 2;
                    gg[9 + j] = w[6 + j];
                }
                int group = ko / width;
                int col = ko % width;
                for (int i = 0; i < 4; i++) {
                    double a = gg[3 * i];
                    double b = gg[3 * i + 1];
                    double cc = gg[3 * i + 2];
                    double[] row = {a, (a + b + cc) / 2, (a - b + cc) / 2, cc};
                    for (int j = 0; j < 4; j++) {
                        int e = 4 * i + j;
                        out[((e * groups + group) * paddedChannels + ci) * width + col] = (float) row[j];
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        parallelism.forEach(parts(), body, input, output);
    }

    @Override
    public int parts() {
        return (tiles + tilesPerBlock - 1) / tilesPerBlock;
    }

    @Override
    public void part(int part, Tensor input, Tensor output) {
        block(part, input, output);
    }

    /** Part {@code part}: transform, multiply and un-transform one block of tiles. */
    private void block(int part, Tensor input, Tensor output) {
        Workspace w = workspace.get();
        int first = part * tilesPerBlock;
        int count = Math.min(tilesPerBlock, tiles - first);
        int c = g.channels();
        for (int t = 0; t < count; t++) {
            transformInput(input.floats(), first + t, w, t);
        }
        int rowsDone = 0;
        for (; rowsDone < count; rowsDone += mr) {
            int rows = Math.min(mr, count - rowsDone);
            for (int r = 0; r < mr; r++) {
                // Rows past the block's end repeat its last tile; their products are not read.
                w.offsets[r] = (rowsDone + Math.min(r, rows - 1)) * c;
            }
            for (int e = 0; e < 16; e++) {
                for (int panel = 0; panel < panels; panel++) {
                    kernel.tile(w.transformed, w.offsets, 0, 1, c, packed, (e * panels + panel) * c * nr,
                            w.products, (e * tilesPerBlock + rowsDone) * paddedChannels + panel * nr, paddedChannels);
                }
                if (e < 15) {
                    for (int r = 0; r < mr; r++) {
                        w.offsets[r] += tilesPerBlock * c;
                    }
                }
            }
        }
        for (int t = 0; t < count; t++) {
            transformOutput(output.floats(), first + t, w, t);
        }
    }

    /** {@code V = B^T d B} of tile {@code tile} into block slot {@code slot}, for every channel. */
    private void transformInput(float[] in, int tile, Workspace w, int slot) {
        int c = g.channels();
        int b = tile / (tilesH * tilesW);
        int oy = tileStart(tile / tilesW % tilesH, g.dilationH());
        int ox = tileStart(tile % tilesW, g.dilationW());
        float[] d = w.patch;
        for (int i = 0; i < 4; i++) {
            int y = oy - g.padTop() + i * g.dilationH();
            for (int j = 0; j < 4; j++) {
                int x = ox - g.padLeft() + j * g.dilationW();
                int at = (4 * i + j) * c;
                if (y < 0 || y >= g.height() || x < 0 || x >= g.width()) {
                    Arrays.fill(d, at, at + c, 0f);
                } else {
                    System.arraycopy(in, ((b * g.height() + y) * g.width() + x) * c, d, at, c);
                }
            }
        }
        transforms.input(d, c, w.transformed, slot * c, tilesPerBlock * c);
    }

    /** {@code Y = A^T M A} of block slot {@code slot} into the output pixels of tile {@code tile}. */
    private void transformOutput(float[] out, int tile, Workspace w, int slot) {
        int k = g.outChannels();
        int b = tile / (tilesH * tilesW);
        int oy = tileStart(tile / tilesW % tilesH, g.dilationH());
        int ox = tileStart(tile % tilesW, g.dilationW());
        if (oy >= g.outHeight() || ox >= g.outWidth()) {
            return; // a dilated tile group's last tiles may fall past the edge
        }
        boolean down = oy + g.dilationH() < g.outHeight();
        boolean right = ox + g.dilationW() < g.outWidth();
        transforms.output(w.products, slot * paddedChannels, tilesPerBlock * paddedChannels, k, out,
                layout.index(b, oy, ox, 0), g.dilationW() * layout.columnStride(), g.dilationH() * layout.rowStride(),
                right, down);
    }

    @Override
    public String describe() {
        return "winograd F(2x2,3x3), " + tiles + " tiles in blocks of " + tilesPerBlock + ", 16 gemms " + mr + "x" + nr
                + " " + kernelName;
    }

    /** Per-thread scratch, kept between calls so that calls allocate nothing. */
    private final class Workspace {
        final int[] offsets = new int[mr];
        final float[] patch = new float[16 * g.channels()];
        final float[] transformed = new float[16 * tilesPerBlock * g.channels()];
        final float[] products = new float[16 * tilesPerBlock * paddedChannels];
    }
}
