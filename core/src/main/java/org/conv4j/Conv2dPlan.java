package org.conv4j;

import java.util.Arrays;
import org.conv4j.internal.algo.Conv2dAlgorithm;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * A conv2d decided once for one input shape, one filter and one set of options: validated,
 * output shape computed, algorithm chosen, filter packed, then executed as often as needed.
 * Executing allocates nothing but the output (and nothing at all with
 * {@link #execute(Tensor, Tensor)}) once each thread has run it once.
 *
 * <p>A plan is immutable (it keeps its own copy of the filter) and may be executed from several
 * threads at once. Create one with {@link Conv2d#plan(int[], Tensor, Conv2dOptions)}.
 */
public final class Conv2dPlan {
    private final Conv2dGeometry geometry;
    private final Conv2dAlgorithm algorithm;
    private final Parallelism parallelism;
    private final int[] inputShape;
    private final int[] outputShape;

    Conv2dPlan(Conv2dGeometry geometry, Conv2dAlgorithm algorithm, Parallelism parallelism) {
        this.geometry = geometry;
        this.algorithm = algorithm;
        this.parallelism = parallelism;
        this.inputShape = geometry.inputShape();
        this.outputShape = geometry.outputShape();
    }

    /** The input shape this plan accepts. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** The output shape this plan produces. */
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** The element type of input, filter and output. */
    public DType dtype() {
        return geometry.dtype();
    }

    /** Floating-point operations of one execution ({@code 2 * multiply-adds}). */
    public double flops() {
        return geometry.flops();
    }

    /**
     * Computes the convolution into a new tensor.
     *
     * @throws IllegalArgumentException if {@code input} has another shape or dtype than planned
     */
    public Tensor execute(Tensor input) {
        checkInput(input);
        Tensor output = Tensor.zeros(geometry.dtype(), outputShape);
        algorithm.run(input, output, parallelism);
        return output;
    }

    /**
     * Computes the convolution into {@code output}, overwriting all of it.
     *
     * @throws IllegalArgumentException if a shape or dtype differs from the plan, or if
     *     {@code output} shares its array with {@code input}
     */
    public void execute(Tensor input, Tensor output) {
        checkInput(input);
        if (output.dtype() != geometry.dtype() || !output.hasShape(outputShape)) {
            throw new IllegalArgumentException("output must be " + geometry.dtype().name().toLowerCase(java.util.Locale.ROOT)
                    + Arrays.toString(outputShape) + ", got " + output);
        }
        boolean shared = geometry.dtype() == DType.FLOAT32 ? input.floats() == output.floats()
                : input.doubles() == output.doubles();
        if (shared) {
            throw new IllegalArgumentException("output must not share its array with the input");
        }
        algorithm.run(input, output, parallelism);
    }

    private void checkInput(Tensor input) {
        if (input.dtype() != geometry.dtype() || !input.hasShape(inputShape)) {
            throw new IllegalArgumentException("this plan takes input " + geometry.dtype().name().toLowerCase(java.util.Locale.ROOT)
                    + Arrays.toString(inputShape) + ", got " + input);
        }
    }

    /** One line saying what this plan will do: the problem, the algorithm, the threads. */
    public String describe() {
        return "conv2d " + geometry.describe() + " | " + algorithm.describe() + " | threads " + parallelism.threads();
    }

    @Override
    public String toString() {
        return describe();
    }
}
