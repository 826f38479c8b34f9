package org.conv4j.internal.plan;

import org.conv4j.DType;
import org.conv4j.Tensor;
import org.conv4j.internal.parallel.Parallelism;

/**
 * An operation that is another one on differently shaped views of the same arrays, e.g. conv1d,
 * which is conv2d with a height of 1 inserted. The tensors are handed on as they are (no
 * reshaped copies, no per-call allocation): the operation underneath indexes the arrays by its
 * own geometry.
 *
 * @param name the operation's name, e.g. {@code conv1d}
 * @param computedAs the operation that computes it
 * @param inputShape the input shape this operation takes (same element count as the other's)
 * @param outputShape the output shape it produces (same element count as the other's)
 */
public record ReshapedOperation(String name, ConvOperation computedAs, int[] inputShape, int[] outputShape)
        implements ConvOperation {

    @Override
    public DType dtype() {
        return computedAs.dtype();
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return outputShape.clone();
    }

    @Override
    public double flops() {
        return computedAs.flops();
    }

    @Override
    public String describe() {
        return name + " as " + computedAs.describe();
    }

    @Override
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        computedAs.run(input, output, parallelism);
    }
}
