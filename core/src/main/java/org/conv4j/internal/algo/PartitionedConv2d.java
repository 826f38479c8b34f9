package org.conv4j.internal.algo;

import org.conv4j.Tensor;

/**
 * A {@link Conv2dAlgorithm} whose run is a fixed number of independent parts, each writing its
 * own outputs. {@link #run} hands them to the threads; an operation made of several such
 * convolutions (the phases of an input gradient) hands out all their parts in one go instead, so
 * that the threads meet once per call and not once per convolution.
 *
 * <p>The parts depend on the problem only, never on the thread count, so every output value is
 * computed the same way whoever runs its part.
 */
public interface PartitionedConv2d extends Conv2dAlgorithm {
    /** How many parts a run has. */
    int parts();

    /** Computes part {@code part} of {@code output = conv2d(input, filter)}. */
    void part(int part, Tensor input, Tensor output);
}
