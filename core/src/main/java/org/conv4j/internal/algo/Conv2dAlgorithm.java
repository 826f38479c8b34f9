package org.conv4j.internal.algo;

import org.conv4j.Tensor;
import org.conv4j.internal.parallel.Parallelism;

/**
 * One way of computing a conv2d, bound to a validated geometry and its (packed) filter: the part
 * of a plan that runs. Implementations are immutable and may run from several threads at once;
 * per-call scratch lives in thread-local workspaces so that repeated calls allocate nothing.
 *
 * <p>{@link #run} receives tensors whose shapes and dtype already match the geometry and an
 * output that it must overwrite completely. Implementations read and write only the tensors'
 * arrays, indexed by the geometry, never their shapes: operations built on conv2d pass views of
 * another shape over arrays of the right size (conv1d its rank-3 tensors, conv3d buffers sized
 * for its largest block), and must not have to reshape them per call.
 */
public interface Conv2dAlgorithm {
    /** Computes {@code output = conv2d(input, filter)}. */
    void run(Tensor input, Tensor output, Parallelism parallelism);

    /** A few words saying what this algorithm does for its geometry, for {@code describe()}. */
    String describe();
}
