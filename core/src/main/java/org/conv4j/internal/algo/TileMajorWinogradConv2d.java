package org.conv4j.internal.algo;

import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.ScalarTileMajorWinograd;

/**
 * {@link WinogradConv2d}'s F(2x2, 3x3) for the scalar kernels: the same transforms, the same 16
 * GEMMs per block of tiles, but with the tiles (2x2 blocks of output pixels) innermost instead of
 * the channels, so that every hot loop runs along up to {@value ScalarTileMajorWinograd#TILES}
 * tiles: long loops, which HotSpot's auto-vectoriser handles well (see
 * {@link ScalarTileMajorWinograd}). The channel-innermost layout suits the Vector API kernels,
 * which are as fast along 64 channels; the plain-Java GEMM along 64 channels is not (before this
 * class, {@code vgg_3x3_224} took 40 ms on two threads with the scalar kernels, TensorFlow 23.5).
 *
 * <p>Per block of tiles:
 * <ul>
 *   <li>input: the 16 values of every tile's 4x4 patch, all channels, transposed to
 *       {@code d[p][c][tile]} (zeros where padding), then transformed in place, one channel at a
 *       time, into {@code V[e][c][tile]};
 *   <li>per {@value ScalarTileMajorWinograd#MR} output channels: the 16 products
 *       {@code M[e][k][tile] = sum_c U[e][k][c] V[e][c][tile]}, then {@code Y = A^T M A}, and every
 *       {@value ScalarTileMajorWinograd#CHUNK} channels the pixels written out, clipped at the
 *       edges.
 * </ul>
 * Gathering and writing out transpose between NHWC and tiles innermost, one value at a time (no
 * plain-Java loop vectorises that): 8 loads and stores per tile and input channel (the other 8
 * patch values are rows copied from the neighbouring tile's), one per output value. On
 * {@code vgg_3x3_224}, one thread: about 31 ms, less than half the time of {@link WinogradConv2d}
 * with the scalar kernels (72-77 ms); two thirds of it in the GEMMs (80 GFLOP/s), a quarter in
 * gathering and transforming the input, a tenth in transforming and writing out the output.
 *
 * <p>Tiles, dilation (by splitting), output layouts and the filter transform are
 * {@link WinogradConv2d}'s. Every output value is computed the same way whatever block it falls
 * in, so results do not depend on the block size or the thread count. The GEMMs fuse their
 * multiply-adds, so the bits differ from {@link WinogradConv2d}'s with the scalar kernels, by
 * rounding. Memory per thread: the block's transformed inputs, about {@value #BLOCK_FLOATS}
 * floats (4 MiB) at most, and 750 KiB of scratch.
 */
public final class TileMajorWinogradConv2d implements PartitionedConv2d {
    private static final int TILES = ScalarTileMajorWinograd.TILES;
    private static final int MR = ScalarTileMajorWinograd.MR;
    private static final int CHUNK = ScalarTileMajorWinograd.CHUNK;
    private static final int STEPS = ScalarTileMajorWinograd.STEPS;
    /** The transformed inputs of one block: 16 x channels x tiles floats at most. */
    private static final int BLOCK_FLOATS = 1 << 20;
    /**
     * Below this many tiles per block the loops are too short for the layout to pay: the tile
     * loop's fixed costs (row copies, the pre- and post-loops) are paid per pass, and few tiles
     * make few blocks for the threads to share. ResNet's 14x14 stage (49 tiles, 256 channels)
     * ran 1.25 times slower than {@link WinogradConv2d}.
     */
    private static final int MIN_BLOCK = 128;

    private final Conv2dGeometry g;
    private final OutputLayout layout;
    private final int groups;
    /** Input channels padded to whole GEMM steps: the filter's row count per group. */
    private final int paddedChannels;
    private final int tilesH;
    private final int tilesW;
    private final int tiles;
    private final int tilesPerBlock;
    /**
     * The row pitch of the transformed inputs: the block's tiles rounded up to an odd number of
     * 64-byte lines, so that the rows the gather fills side by side fall in different cache sets
     * (see {@link ScalarTileMajorWinograd#ROW}).
     */
    private final int pitch;
    private final float[] packed;
    private final Parallelism.Parts body = this::block;
    private final ThreadLocal<Workspace> workspace;

    /** Whether this algorithm is worth it for the geometry (which {@link WinogradConv2d} computes). */
    public static boolean applies(Conv2dGeometry g) {
        return WinogradConv2d.applies(g) && blockSize(g) >= MIN_BLOCK;
    }

    /** Whether this algorithm can compute the geometry at all. */
    public static boolean fits(Conv2dGeometry g) {
        return WinogradConv2d.fits(g);
    }

    /** Tiles of the whole problem. */
    private static int tiles(Conv2dGeometry g) {
        return g.batch() * WinogradConv2d.tileCount(g.outHeight(), g.dilationH())
                * WinogradConv2d.tileCount(g.outWidth(), g.dilationW());
    }

    /** Tiles per block: as many as fit, in blocks of equal size (the last one at most smaller). */
    private static int blockSize(Conv2dGeometry g) {
        int most = Math.max(1, Math.min(TILES, BLOCK_FLOATS / (16 * g.channels())));
        int tiles = tiles(g);
        int blocks = Math.max(1, (tiles + most - 1) / most);
        return Math.max(1, (tiles + blocks - 1) / blocks);
    }

    public TileMajorWinogradConv2d(Conv2dGeometry geometry, Tensor filter) {
        this(geometry, filter, OutputLayout.of(geometry));
    }

    /**
     * Writing the output pixels where {@code layout} says (e.g. one phase of an input gradient);
     * the layout's channels must be adjacent, as NHWC's are.
     */
    public TileMajorWinogradConv2d(Conv2dGeometry geometry, Tensor filter, OutputLayout layout) {
        if (!fits(geometry) || layout.channelStride() != 1) {
            throw new IllegalArgumentException("Winograd F(2x2,3x3) needs a float32 NHWC 3x3 stride-1 ungrouped "
                    + "convolution, got " + geometry.describe());
        }
        this.g = geometry;
        this.layout = layout;
        this.groups = (g.outChannels() + MR - 1) / MR;
        this.tilesH = WinogradConv2d.tileCount(g.outHeight(), g.dilationH());
        this.tilesW = WinogradConv2d.tileCount(g.outWidth(), g.dilationW());
        this.tiles = tiles(g);
        this.tilesPerBlock = blockSize(g);
        this.pitch = ((tilesPerBlock + 15) / 32 * 2 + 1) * 16;
        this.paddedChannels = (g.channels() + STEPS - 1) / STEPS * STEPS;
        this.packed = WinogradConv2d.transformFilter(filter.floats(), g.channels(), g.outChannels(), MR, paddedChannels);
        this.workspace = ThreadLocal.withInitial(Workspace::new);
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
        int n = Math.min(tilesPerBlock, tiles - first);
        int runs = 0;
        for (int t = 0; t < n; t++) {
            index(first + t, w, t);
            if (t == 0 || (first + t) % tilesW == 0) {
                w.runs[runs++] = t;
            }
        }
        w.runs[runs] = n;
        int c = g.channels();
        int k = g.outChannels();
        gather(input.floats(), w, runs, n);
        for (int ci = 0; ci < c; ci++) {
            ScalarTileMajorWinograd.transformInput(w.scratch, w.transformed, ci * pitch, c * pitch, n);
        }
        for (int group = 0; group < groups; group++) {
            for (int e = 0; e < 16; e++) {
                ScalarTileMajorWinograd.multiply(w.scratch, packed, (e * groups + group) * paddedChannels * MR, w.transformed,
                        e * c * pitch, pitch, c, e, n);
            }
            int inChunk = group % (CHUNK / MR);
            ScalarTileMajorWinograd.transformOutput(w.scratch, w.pixels, inChunk * MR * ScalarTileMajorWinograd.ROW);
            if (inChunk == CHUNK / MR - 1 || group == groups - 1) {
                int channel0 = (group - inChunk) * MR;
                ScalarTileMajorWinograd.scatter(w.pixels, w.pixelIndex, output.floats(), channel0,
                        Math.min(CHUNK, k - channel0), n);
            }
        }
    }

    /**
     * The patches of the block's {@code n} tiles, {@code d[p][ci][t]} at {@code (p*c + ci)*pitch + t}
     * (transformed in place into {@code V[e][ci][t]} next). Values 2 and 3 of a patch row are
     * values 0 and 1 of the tile {@code d} further along the same tile row (its outputs are
     * {@code 2d} further, {@code d} the dilation): copied rows instead of values gathered one by
     * one, but for the last {@code d} tiles of each run of one tile row ({@code w.runs}).
     */
    private void gather(float[] in, Workspace w, int runs, int n) {
        int c = g.channels();
        int d = g.dilationW();
        for (int p = 0; p < 16; p++) {
            if ((p & 3) < 2) {
                ScalarTileMajorWinograd.gather(in, w.patchIndex, c, w.transformed, pitch, p, 0, n);
            }
        }
        for (int run = 0; run < runs; run++) {
            int from = w.runs[run];
            int to = w.runs[run + 1];
            int shifted = Math.max(0, to - from - d);
            for (int p = 2; p < 16; p += (p & 3) == 2 ? 1 : 3) {
                for (int ci = 0; ci < c; ci++) {
                    System.arraycopy(w.transformed, ((p - 2) * c + ci) * pitch + from + d, w.transformed,
                            (p * c + ci) * pitch + from, shifted);
                }
                ScalarTileMajorWinograd.gather(in, w.patchIndex, c, w.transformed, pitch, p, from + shifted, to);
            }
        }
    }

    /**
     * Where tile {@code tile} (slot {@code slot} of its block) reads its 16 patch values
     * (channel 0; -1 in the padding) and writes its 4 pixels (-1 past the edge).
     */
    private void index(int tile, Workspace w, int slot) {
        int b = tile / (tilesH * tilesW);
        int oy = WinogradConv2d.tileStart(tile / tilesW % tilesH, g.dilationH());
        int ox = WinogradConv2d.tileStart(tile % tilesW, g.dilationW());
        for (int i = 0; i < 4; i++) {
            int y = oy - g.padTop() + i * g.dilationH();
            for (int j = 0; j < 4; j++) {
                int x = ox - g.padLeft() + j * g.dilationW();
                boolean inside = y >= 0 && y < g.height() && x >= 0 && x < g.width();
                w.patchIndex[(4 * i + j) * TILES + slot] = inside ? ((b * g.height() + y) * g.width() + x) * g.channels() : -1;
            }
        }
        for (int q = 0; q < 4; q++) {
            // A dilated tile group's last tiles may fall past the edge, as may a tile's second row or column.
            int py = oy + (q >> 1) * g.dilationH();
            int px = ox + (q & 1) * g.dilationW();
            boolean inside = py < g.outHeight() && px < g.outWidth();
            w.pixelIndex[q * TILES + slot] = inside ? layout.index(b, py, px, 0) : -1;
        }
    }

    @Override
    public String describe() {
        return "winograd F(2x2,3x3) along tiles, " + tiles + " tiles in blocks of " + tilesPerBlock + ", 16 gemms " + MR
                + " channels x " + tilesPerBlock + " tiles scalar";
    }

    /** Per-thread scratch, kept between calls so that calls allocate nothing. */
    private final class Workspace {
        final int[] patchIndex = new int[16 * TILES];
        final int[] pixelIndex = new int[4 * TILES];
        /** Where each run of tiles of one tile row starts in the block, and where the last ends. */
        final int[] runs = new int[TILES + 1];
        final float[] scratch = ScalarTileMajorWinograd.scratch();
        final float[] pixels = ScalarTileMajorWinograd.pixels();
        final float[] transformed = new float[16 * g.channels() * pitch];
    }
}
