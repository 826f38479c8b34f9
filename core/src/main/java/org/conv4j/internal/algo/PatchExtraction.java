package org.conv4j.internal.algo;

import org.conv4j.DType;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * TensorFlow's {@code extract_patches} output written out: the implicit patch matrix
 * ("im2col") of a conv2d, which {@link GemmConv2d} never builds. Its row {@code p} (output pixel
 * {@code p}, batch, row and column flattened) is the {@code KH*KW*C} input values under the
 * window in (filter row, filter column, channel) order, zeros where the window hangs over the
 * padding, and that is exactly extract_patches' {@code output[b, i, j, :]}. So the rows come
 * from conv2d's own {@link PatchRows}: with a tile of one pixel, its gather writes one row, in
 * that order, and here it writes it straight into the output.
 *
 * <p>The geometry is the convolution's (NHWC, one group, dilations = rates), with the patch depth
 * as its output channels. Work is split into parts of whole rows that depend on the problem
 * only; every value is a copy, so results are identical for any thread count. Memory per call
 * beyond input and output: nothing (a thread-local array of run offsets, made once per thread).
 */
public final class PatchExtraction {
    /** Values written per part: small enough to spread a layer over the threads, large enough
     * that handing out a part (one atomic increment) costs nothing next to it. */
    private static final int PART_VALUES = 1 << 15;

    private final PatchRows patches;
    private final boolean f32;
    private final int depth;
    private final int pixels;
    private final int pixelsPerPart;
    private final int parts;
    private final Parallelism.Parts body = this::part;
    /** {@link PatchRows#gather} also reports where each run went; this output is not needed. */
    private final ThreadLocal<int[]> runOffsets;

    public PatchExtraction(Conv2dGeometry geometry) {
        this.patches = new PatchRows(geometry, 1);
        this.f32 = geometry.dtype() == DType.FLOAT32;
        this.depth = patches.depth();
        this.pixels = geometry.batch() * geometry.outHeight() * geometry.outWidth();
        this.pixelsPerPart = Math.max(1, PART_VALUES / Math.max(1, depth));
        // An empty output (no pixels, or a zero-depth patch) has nothing to write. An empty input
        // always gives an empty output here: without explicit padding, zero rows or columns give
        // zero output rows or columns.
        this.parts = geometry.outputSize() == 0 ? 0 : (pixels + pixelsPerPart - 1) / pixelsPerPart;
        int segments = patches.segments;
        this.runOffsets = ThreadLocal.withInitial(() -> new int[segments]);
    }

    /** Writes every value of {@code output}: the patches of {@code input}. */
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        parallelism.forEach(parts, body, input, output);
    }

    private void part(int part, Tensor input, Tensor output) {
        int first = part * pixelsPerPart;
        int last = Math.min(pixels, first + pixelsPerPart);
        int[] offsets = runOffsets.get();
        if (f32) {
            float[] in = input.floats();
            float[] out = output.floats();
            for (int p = first; p < last; p++) {
                patches.gather(in, p, 1, 0, out, p * depth, offsets, 0);
            }
        } else {
            double[] in = input.doubles();
            double[] out = output.doubles();
            for (int p = first; p < last; p++) {
                patches.gather(in, p, 1, 0, out, p * depth, offsets, 0);
            }
        }
    }

    /** A few words for {@code describe()}. */
    public String describe() {
        return "patch rows copied as " + patches.segments + " runs of " + patches.run + ", " + parts + " parts";
    }
}
