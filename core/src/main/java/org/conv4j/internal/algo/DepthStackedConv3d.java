package org.conv4j.internal.algo;

import java.util.Arrays;
import org.conv4j.Algorithm;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.geometry.Conv3dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * conv3d on conv2d's machinery: one output depth slice is a conv2d, over height and width, of
 * the {@code KD} input depth slices its window reads, stacked as channels.
 *
 * <pre>{@code
 * out[n, z] = conv2d(stack[n, z], filter2d)       (NHWC, groups as in conv3d)
 * stack[n, z][y, x, g*KD*KC + dz*KC + q] = in[n, z*sd + dz*dd - pf, y, x, g*KC + q]   (0 outside the input)
 * filter2d[dy, dx, dz*KC + q, k]         = filter[dz, dy, dx, q, k]
 * }</pre>
 *
 * The channel order (group, filter depth, channel) keeps every group's channels together, so a
 * grouped conv3d is a grouped conv2d. Depth padding, stride and dilation only decide which
 * slices are stacked (zeros for padding); height and width keep theirs in the conv2d. So the
 * GEMM, its packed filter, Winograd (a 3x3x3 stride-1 layer becomes a 3x3 conv2d with
 * {@code 3*C} channels), the kernels and the thread pool are conv2d's, chosen by
 * {@link Conv2dAlgorithms} for the stacked problem.
 *
 * <p>Output slices are computed in blocks of consecutive {@code (n, z)}: the block's stacks are
 * gathered into a per-thread buffer, one conv2d plan (batch = the block) computes them into a
 * per-thread output block, which is copied to its place (contiguous in NDHWC). With enough
 * blocks, each thread takes whole blocks and runs their conv2d on its own; with few, the blocks
 * go one after the other, gathering, conv2d and copy each spread over the threads. Either way
 * every output value is one conv2d value, computed the same way whatever the thread count: the
 * blocks, and hence the conv2d problems and their algorithms, depend on the shapes only.
 *
 * <p>NCDHW costs no extra pass: the gather reads the channel planes and writes channels-last,
 * and the copy-out transposes the output block back.
 *
 * <p>Memory per thread: one block of stacks ({@code KD * H * W * C} values per slice) and of
 * output, at least one slice and about {@value #BLOCK_BYTES} bytes when slices are small, plus
 * the conv2d algorithm's own workspace. Extra traffic: the gather copies each input slice about
 * {@code KD / sd} times and the output is copied once.
 */
public final class DepthStackedConv3d implements Conv3dAlgorithm {
    /** Target bytes of one block's stacks and output: they should stay in a core's L2/L3 share. */
    private static final long BLOCK_BYTES = 2L << 20;
    /** Blocks of small slices get at least this many output pixels, so the conv2d has rows to tile. */
    private static final int MIN_BLOCK_PIXELS = 1024;
    /** Pixels per part of a gather or copy that is spread over threads. */
    private static final int PIXELS_PER_PART = 2048;
    /** Pixels transposed at a time in NCDHW gathers and copies: the tile stays in L1. */
    private static final int TILE = 64;

    private final Conv3dGeometry g;
    private final boolean channelsLast;
    /** Channels of a stack: {@code KD * C}. */
    private final int stacked;
    private final int inPlane;
    private final int outPlane;
    private final int slices;
    private final int blockSlices;
    private final int blocks;
    private final Conv2dAlgorithm full;
    /** For the last block when it holds fewer slices; {@code null} if all blocks are full. */
    private final Conv2dAlgorithm tail;
    private final int gatherParts;
    private final int copyParts;
    private final Parallelism.Parts blockBody = this::block;
    private final ThreadLocal<Workspace> workspace;

    /**
     * @param geometry a conv3d problem with something to compute ({@link EmptyConv3d} takes the
     *     others)
     * @param filter {@code [KD, KH, KW, KC, OC]}
     * @param choice the conv2d algorithm to compute the stacked slices with
     * @throws IllegalArgumentException if a forced conv2d algorithm cannot compute them
     */
    public DepthStackedConv3d(Conv3dGeometry geometry, Tensor filter, Algorithm choice) {
        this.g = geometry;
        this.channelsLast = geometry.format() == DataFormat.NHWC;
        this.stacked = geometry.filterDepth() * geometry.channels();
        this.inPlane = geometry.height() * geometry.width();
        this.outPlane = geometry.outHeight() * geometry.outWidth();
        this.slices = geometry.batch() * geometry.outDepth();
        long bytesPerSlice = ((long) inPlane * stacked + (long) outPlane * geometry.outChannels())
                * geometry.dtype().byteSize();
        long byMemory = Math.max(1, BLOCK_BYTES / Math.max(1, bytesPerSlice));
        long byPixels = (MIN_BLOCK_PIXELS + outPlane - 1) / Math.max(1, outPlane);
        this.blockSlices = (int) Math.max(1, Math.min(slices, Math.min(byMemory, byPixels)));
        this.blocks = (slices + blockSlices - 1) / blockSlices;
        // The per-thread buffers must fit Java arrays: refuse at plan time, not at the first call.
        Tensor.checkedElementCount(blockSlices, geometry.height(), geometry.width(), stacked);
        Tensor.checkedElementCount(blockSlices, geometry.outHeight(), geometry.outWidth(), geometry.outChannels());
        Tensor filter2d = stackedFilter(filter);
        this.full = Conv2dAlgorithms.choose(sliceGeometry(blockSlices), filter2d, choice);
        int rest = slices % blockSlices;
        this.tail = rest == 0 ? null : Conv2dAlgorithms.choose(sliceGeometry(rest), filter2d, choice);
        this.gatherParts = (inPlane + PIXELS_PER_PART - 1) / PIXELS_PER_PART;
        this.copyParts = (outPlane + PIXELS_PER_PART - 1) / PIXELS_PER_PART;
        this.workspace = ThreadLocal.withInitial(Workspace::new);
    }

    /** The conv2d problem of {@code count} stacked slices: NHWC, height and width as in conv3d. */
    private Conv2dGeometry sliceGeometry(int count) {
        return new Conv2dGeometry(g.dtype(), DataFormat.NHWC, new int[] {count}, count, g.height(), g.width(), stacked,
                g.filterHeight(), g.filterWidth(), g.filterDepth() * g.filterChannels(), g.outChannels(), g.groups(),
                g.strideH(), g.strideW(), g.dilationH(), g.dilationW(), g.padTop(), g.padBottom(), g.padLeft(),
                g.padRight(), g.outHeight(), g.outWidth());
    }

    /** {@code [KD, KH, KW, KC, OC]} to the HWIO filter of the stacks, {@code [KH, KW, KD*KC, OC]}. */
    private Tensor stackedFilter(Tensor filter) {
        int kd = g.filterDepth();
        int khw = g.filterHeight() * g.filterWidth();
        int run = g.filterChannels() * g.outChannels(); // one tap's [KC, OC] block, contiguous in both
        Tensor out = Tensor.zeros(g.dtype(), g.filterHeight(), g.filterWidth(), kd * g.filterChannels(), g.outChannels());
        Object src = g.dtype() == DType.FLOAT32 ? filter.floats() : filter.doubles();
        Object dst = g.dtype() == DType.FLOAT32 ? out.floats() : out.doubles();
        for (int dz = 0; dz < kd; dz++) {
            for (int t = 0; t < khw; t++) {
                System.arraycopy(src, (dz * khw + t) * run, dst, (t * kd + dz) * run, run);
            }
        }
        return out;
    }

    @Override
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        int threads = parallelism.threads();
        // Whole blocks per thread when they keep every thread busy (at least two each, or an
        // even share); otherwise each block's gather, conv2d and copy are spread over the threads.
        // Either way the arithmetic is the same: only who does it changes.
        if (blocks >= 2 * threads || blocks % threads == 0) {
            parallelism.forEach(blocks, blockBody, input, output);
        } else {
            Workspace w = workspace.get();
            for (int b = 0; b < blocks; b++) {
                w.first = b * blockSlices;
                w.count = Math.min(blockSlices, slices - w.first);
                parallelism.forEach(w.count * gatherParts, w.gatherPart, input, w.stacks);
                (w.count == blockSlices ? full : tail).run(w.stacks, w.out, parallelism);
                parallelism.forEach(w.count * copyParts, w.copyPart, w.out, output);
            }
        }
    }

    /** Block {@code part}, start to end on this thread. */
    private void block(int part, Tensor input, Tensor output) {
        Workspace w = workspace.get();
        int first = part * blockSlices;
        int count = Math.min(blockSlices, slices - first);
        for (int slot = 0; slot < count; slot++) {
            gather(input, w.stacks, slot, first + slot, 0, inPlane);
        }
        (count == blockSlices ? full : tail).run(w.stacks, w.out, Parallelism.SINGLE);
        if (channelsLast) {
            // Consecutive slices are consecutive in NDHWC: the whole block lands in one piece.
            int size = outPlane * g.outChannels();
            System.arraycopy(array(w.out), 0, array(output), first * size, count * size);
        } else {
            for (int slot = 0; slot < count; slot++) {
                copyOut(w.out, output, slot, first + slot, 0, outPlane);
            }
        }
    }

    /**
     * Stacks the input of output slice {@code slice} = (n, z), pixels {@code p0 .. p1-1}, into
     * slot {@code slot} of the stacks buffer.
     */
    private void gather(Tensor input, Tensor stacks, int slot, int slice, int p0, int p1) {
        Object in = array(input);
        Object buf = array(stacks);
        int n = slice / g.outDepth();
        int z0 = (slice % g.outDepth()) * g.strideD() - g.padFront();
        int c = g.channels();
        int kc = g.filterChannels();
        int kd = g.filterDepth();
        int groupStride = kd * kc;
        int base = slot * inPlane * stacked;
        if (channelsLast) {
            for (int p = p0; p < p1; p++) {
                int dst = base + p * stacked;
                for (int dz = 0; dz < kd; dz++) {
                    int z = z0 + dz * g.dilationD();
                    boolean inside = z >= 0 && z < g.depth();
                    int src = ((n * g.depth() + z) * inPlane + p) * c;
                    if (g.groups() == 1) {
                        copyOrZero(inside, in, src, buf, dst + dz * c, c);
                    } else {
                        for (int group = 0; group < g.groups(); group++) {
                            copyOrZero(inside, in, src + group * kc, buf, dst + group * groupStride + dz * kc, kc);
                        }
                    }
                }
            }
            return;
        }
        // NCDHW: read channel planes, write channels-last, a tile of pixels at a time.
        for (int t0 = p0; t0 < p1; t0 += TILE) {
            int t1 = Math.min(p1, t0 + TILE);
            for (int dz = 0; dz < kd; dz++) {
                int z = z0 + dz * g.dilationD();
                boolean inside = z >= 0 && z < g.depth();
                for (int ch = 0; ch < c; ch++) {
                    int dst = base + t0 * stacked + (ch / kc) * groupStride + dz * kc + ch % kc;
                    int src = ((n * c + ch) * g.depth() + z) * inPlane + t0;
                    if (inside) {
                        strided(in, src, 1, buf, dst, stacked, t1 - t0);
                    } else {
                        zeros(buf, dst, stacked, t1 - t0);
                    }
                }
            }
        }
    }

    /** Pixels {@code p0 .. p1-1} of output block slot {@code slot} to output slice {@code slice}. */
    private void copyOut(Tensor block, Tensor output, int slot, int slice, int p0, int p1) {
        Object src = array(block);
        Object dst = array(output);
        int oc = g.outChannels();
        if (channelsLast) {
            System.arraycopy(src, (slot * outPlane + p0) * oc, dst, (slice * outPlane + p0) * oc, (p1 - p0) * oc);
            return;
        }
        int n = slice / g.outDepth();
        int z = slice % g.outDepth();
        for (int t0 = p0; t0 < p1; t0 += TILE) {
            int t1 = Math.min(p1, t0 + TILE);
            for (int k = 0; k < oc; k++) {
                strided(src, (slot * outPlane + t0) * oc + k, oc, dst, ((n * oc + k) * g.outDepth() + z) * outPlane + t0, 1,
                        t1 - t0);
            }
        }
    }

    private static void copyOrZero(boolean copy, Object src, int srcPos, Object dst, int dstPos, int length) {
        if (copy) {
            System.arraycopy(src, srcPos, dst, dstPos, length);
        } else if (dst instanceof float[] f) {
            Arrays.fill(f, dstPos, dstPos + length, 0f);
        } else {
            Arrays.fill((double[]) dst, dstPos, dstPos + length, 0d);
        }
    }

    /** {@code dst[dstPos + i*dstStride] = src[srcPos + i*srcStride]} for {@code i < count}. */
    private static void strided(Object src, int srcPos, int srcStride, Object dst, int dstPos, int dstStride, int count) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < count; i++) {
                d[dstPos + i * dstStride] = s[srcPos + i * srcStride];
            }
        } else {
            double[] s = (double[]) src;
            double[] d = (double[]) dst;
            for (int i = 0; i < count; i++) {
                d[dstPos + i * dstStride] = s[srcPos + i * srcStride];
            }
        }
    }

    /** {@code dst[dstPos + i*dstStride] = 0} for {@code i < count}. */
    private static void zeros(Object dst, int dstPos, int dstStride, int count) {
        if (dst instanceof float[] d) {
            for (int i = 0; i < count; i++) {
                d[dstPos + i * dstStride] = 0f;
            }
        } else {
            double[] d = (double[]) dst;
            for (int i = 0; i < count; i++) {
                d[dstPos + i * dstStride] = 0d;
            }
        }
    }

    private static Object array(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? t.floats() : t.doubles();
    }

    @Override
    public String describe() {
        return blocks + " block(s) of " + blockSlices + " of " + slices + " depth slices, each stacked " + g.filterDepth()
                + " deep as " + stacked + " channels into conv2d: " + full.describe();
    }

    /**
     * Per-thread buffers of this plan, kept between calls so that calls allocate nothing. When
     * the blocks go one after the other, the helpers of a call work on the caller's workspace:
     * {@link #first} and {@link #count} say which block, set before the parts are handed out.
     */
    private final class Workspace {
        final Tensor stacks = Tensor.zeros(g.dtype(), blockSlices, g.height(), g.width(), stacked);
        final Tensor out = Tensor.zeros(g.dtype(), blockSlices, g.outHeight(), g.outWidth(), g.outChannels());
        int first;
        int count;
        final Parallelism.Parts gatherPart = (part, input, stacks) -> {
            int p0 = (part % gatherParts) * PIXELS_PER_PART;
            gather(input, stacks, part / gatherParts, first + part / gatherParts, p0, Math.min(inPlane, p0 + PIXELS_PER_PART));
        };
        final Parallelism.Parts copyPart = (part, block, output) -> {
            int p0 = (part % copyParts) * PIXELS_PER_PART;
            copyOut(block, output, part / copyParts, first + part / copyParts, p0, Math.min(outPlane, p0 + PIXELS_PER_PART));
        };
    }
}
