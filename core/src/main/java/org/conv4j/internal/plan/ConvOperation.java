package org.conv4j.internal.plan;

import org.conv4j.DType;
import org.conv4j.Tensor;
import org.conv4j.internal.parallel.Parallelism;

/**
 * What a {@link org.conv4j.ConvPlan} runs: one operation of the convolution family, validated,
 * with its filter packed, for one input shape. Every operation of the family (conv2d,
 * depthwise, separable, the input gradient, conv1d, conv3d...) is one of these, so that they all
 * share one public plan type.
 *
 * <p>Implementations are immutable and may run from several threads at once. {@link #run}
 * receives tensors whose shapes and dtype already match and must overwrite all of the output.
 */
public interface ConvOperation {
    /** The operation's name as TensorFlow spells it, e.g. {@code conv2d}. */
    String name();

    /** The element type of input, filter and output. */
    DType dtype();

    /** The input shape accepted (callers get a copy). */
    int[] inputShape();

    /** The output shape produced (callers get a copy). */
    int[] outputShape();

    /** Floating-point operations of one run ({@code 2 * multiply-adds}). */
    double flops();

    /** One line: the problem and how it is computed. */
    String describe();

    /** Computes the operation of {@code input} into {@code output}. */
    void run(Tensor input, Tensor output, Parallelism parallelism);
}
