package org.conv4j.internal.algo;

import org.conv4j.Tensor;
import org.conv4j.internal.parallel.Parallelism;

/**
 * One way of computing a conv3d, bound to a validated {@code Conv3dGeometry} and its filter; the
 * conv3d counterpart of {@link Conv2dAlgorithm}, with the same contract: immutable, safe to run
 * from several threads at once, allocation-free once each thread has run it, and {@link #run}
 * overwrites all of the output.
 */
public interface Conv3dAlgorithm {
    /** Computes {@code output = conv3d(input, filter)}. */
    void run(Tensor input, Tensor output, Parallelism parallelism);

    /** A few words saying what this algorithm does for its geometry, for {@code describe()}. */
    String describe();
}
