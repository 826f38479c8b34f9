package org.conv4j.internal.plan;

import org.conv4j.DType;
import org.conv4j.Tensor;
import org.conv4j.internal.parallel.Parallelism;

/**
 * {@code separable_conv2d} as a {@link ConvOperation}: a depthwise convolution, then a 1x1
 * conv2d of its result, each planned once with its own algorithm. The intermediate tensor lives
 * in a per-thread buffer kept by the plan, so a reused plan allocates nothing but its output:
 * memory per calling thread is one intermediate ({@code depthwise.outputShape()}).
 */
public final class SeparableOperation implements ConvOperation {
    private final Conv2dOperation depthwise;
    private final Conv2dOperation pointwise;
    private final ThreadLocal<Tensor> intermediate;

    /**
     * @param depthwise the first stage
     * @param pointwise the second, whose input shape is the first one's output shape
     */
    public SeparableOperation(Conv2dOperation depthwise, Conv2dOperation pointwise) {
        this.depthwise = depthwise;
        this.pointwise = pointwise;
        this.intermediate = ThreadLocal.withInitial(() -> Tensor.zeros(depthwise.dtype(), depthwise.outputShape()));
    }

    @Override
    public String name() {
        return "separable_conv2d";
    }

    @Override
    public DType dtype() {
        return depthwise.dtype();
    }

    @Override
    public int[] inputShape() {
        return depthwise.inputShape();
    }

    @Override
    public int[] outputShape() {
        return pointwise.outputShape();
    }

    @Override
    public double flops() {
        return depthwise.flops() + pointwise.flops();
    }

    @Override
    public String describe() {
        return name() + ": " + depthwise.describe() + "; then " + pointwise.describe();
    }

    @Override
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        Tensor mid = intermediate.get();
        depthwise.run(input, mid, parallelism);
        pointwise.run(mid, output, parallelism);
    }
}
