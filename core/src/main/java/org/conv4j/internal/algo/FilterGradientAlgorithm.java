package org.conv4j.internal.algo;

import org.conv4j.Tensor;
import org.conv4j.internal.parallel.Parallelism;

/**
 * One way of computing the gradient of a conv2d with respect to its filter
 * ({@code conv2d_backprop_filter}), bound to the validated geometry of the forward convolution.
 * Implementations are immutable and may run from several threads at once; per-call scratch lives
 * in thread-local workspaces so that repeated calls allocate nothing.
 *
 * <p>{@link #run} receives tensors whose shapes and dtype already match the geometry (input:
 * the forward input; outBackprop: the gradient of the forward output) and a gradient
 * {@code [KH, KW, KC, OC]} that it must overwrite completely.
 */
public interface FilterGradientAlgorithm {
    /** Computes {@code filterGradient[di, dj, c, k] = sum_{b, i, j} patch value * outBackprop[b, i, j, k]}. */
    void run(Tensor input, Tensor outBackprop, Tensor filterGradient, Parallelism parallelism);

    /** A few words saying what this algorithm does for its geometry, for {@code describe()}. */
    String describe();
}
