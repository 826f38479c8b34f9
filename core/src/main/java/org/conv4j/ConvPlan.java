package org.conv4j;

import java.util.Arrays;
import java.util.Locale;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.plan.ConvOperation;

/**
 * One operation of the convolution family (conv2d, depthwise, separable, transpose, conv1d,
 * conv3d...) decided once for one input shape, one filter and one set of options: validated,
 * output shape computed, algorithm chosen, filter packed, then executed as often as needed.
 * Executing allocates nothing but the output (and nothing at all with
 * {@link #execute(Tensor, Tensor)}) once each thread has run it once.
 *
 * <p>A plan is immutable (it keeps its own copy of the filter) and may be executed from several
 * threads at once. Create one with {@link Conv2d#plan(int[], Tensor, Conv2dOptions)} or the
 * {@code plan} method of another operation.
 */
public final class ConvPlan {
    private final ConvOperation operation;
    private final Parallelism parallelism;
    private final DType dtype;
    private final int[] inputShape;
    private final int[] outputShape;

    ConvPlan(ConvOperation operation, Conv2dOptions options) {
        this.operation = operation;
        this.parallelism = new Parallelism(options.threads(), options.executor());
        this.dtype = operation.dtype();
        this.inputShape = operation.inputShape();
        this.outputShape = operation.outputShape();
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
        return dtype;
    }

    /** Floating-point operations of one execution ({@code 2 * multiply-adds}). */
    public double flops() {
        return operation.flops();
    }

    /**
     * Computes the operation into a new tensor.
     *
     * @throws IllegalArgumentException if {@code input} has another shape or dtype than planned
     */
    public Tensor execute(Tensor input) {
        checkInput(input);
        Tensor output = Tensor.zeros(dtype, outputShape);
        operation.run(input, output, parallelism);
        return output;
    }

    /**
     * Computes the operation into {@code output}, overwriting all of it.
     *
     * @throws IllegalArgumentException if a shape or dtype differs from the plan, or if
     *     {@code output} shares its array with {@code input}
     */
    public void execute(Tensor input, Tensor output) {
        checkInput(input);
        if (output.dtype() != dtype || !output.hasShape(outputShape)) {
            throw new IllegalArgumentException("output must be " + dtype.name().toLowerCase(Locale.ROOT)
                    + Arrays.toString(outputShape) + ", got " + output);
        }
        boolean shared = dtype == DType.FLOAT32 ? input.floats() == output.floats()
                : input.doubles() == output.doubles();
        if (shared) {
            throw new IllegalArgumentException("output must not share its array with the input");
        }
        operation.run(input, output, parallelism);
    }

    private void checkInput(Tensor input) {
        if (input.dtype() != dtype || !input.hasShape(inputShape)) {
            throw new IllegalArgumentException("this plan takes input " + dtype.name().toLowerCase(Locale.ROOT)
                    + Arrays.toString(inputShape) + ", got " + input);
        }
    }

    /** One line saying what this plan will do: the problem, the algorithm, the threads. */
    public String describe() {
        return operation.describe() + " | threads " + parallelism.threads();
    }

    @Override
    public String toString() {
        return describe();
    }
}
