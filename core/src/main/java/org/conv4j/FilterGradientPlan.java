package org.conv4j;

import java.util.Arrays;
import java.util.Locale;
import org.conv4j.internal.algo.FilterGradientAlgorithm;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * A filter gradient ({@link Conv2dBackpropFilter}) decided once for one input shape, one
 * out_backprop shape, one filter size and one set of options: validated, algorithm chosen,
 * then executed as often as needed on new inputs and output gradients. Executing allocates
 * nothing but the result (and nothing at all with {@link #execute(Tensor, Tensor, Tensor)}) once
 * each thread has run it once.
 *
 * <p>A plan is immutable and may be executed from several threads at once. Results are bitwise
 * identical for any thread count.
 */
public final class FilterGradientPlan {
    private final Conv2dGeometry geometry;
    private final FilterGradientAlgorithm algorithm;
    private final Parallelism parallelism;
    private final int[] inputShape;
    private final int[] outBackpropShape;
    private final int[] outputShape;

    FilterGradientPlan(Conv2dGeometry geometry, FilterGradientAlgorithm algorithm, Parallelism parallelism) {
        this.geometry = geometry;
        this.algorithm = algorithm;
        this.parallelism = parallelism;
        this.inputShape = geometry.inputShape();
        this.outBackpropShape = geometry.outputShape();
        this.outputShape = new int[] {geometry.filterHeight(), geometry.filterWidth(), geometry.filterChannels(),
                geometry.outChannels()};
    }

    /** The shape of the forward input this plan accepts. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** The shape of the output gradient ({@code out_backprop}) this plan accepts. */
    public int[] outBackpropShape() {
        return outBackpropShape.clone();
    }

    /** The shape of the filter gradient it produces: {@code filter_sizes}, HWIO. */
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** The element type of the inputs and the gradient. */
    public DType dtype() {
        return geometry.dtype();
    }

    /** Floating-point operations of one execution ({@code 2 * multiply-adds}), as the forward conv2d's. */
    public double flops() {
        return geometry.flops();
    }

    /**
     * Computes the filter gradient into a new tensor.
     *
     * @throws IllegalArgumentException if a shape or dtype differs from the plan
     */
    public Tensor execute(Tensor input, Tensor outBackprop) {
        checkInputs(input, outBackprop);
        Tensor output = Tensor.zeros(geometry.dtype(), outputShape);
        algorithm.run(input, outBackprop, output, parallelism);
        return output;
    }

    /**
     * Computes the filter gradient into {@code output}, overwriting all of it.
     *
     * @throws IllegalArgumentException if a shape or dtype differs from the plan, or if
     *     {@code output} shares its array with an input
     */
    public void execute(Tensor input, Tensor outBackprop, Tensor output) {
        checkInputs(input, outBackprop);
        DType dtype = geometry.dtype();
        if (output.dtype() != dtype || !output.hasShape(outputShape)) {
            throw new IllegalArgumentException("output must be " + name(dtype) + Arrays.toString(outputShape) + ", got " + output);
        }
        boolean shared = dtype == DType.FLOAT32
                ? output.floats() == input.floats() || output.floats() == outBackprop.floats()
                : output.doubles() == input.doubles() || output.doubles() == outBackprop.doubles();
        if (shared) {
            throw new IllegalArgumentException("output must not share its array with the input or out_backprop");
        }
        algorithm.run(input, outBackprop, output, parallelism);
    }

    private void checkInputs(Tensor input, Tensor outBackprop) {
        DType dtype = geometry.dtype();
        if (input.dtype() != dtype || !input.hasShape(inputShape)) {
            throw new IllegalArgumentException("this plan takes input " + name(dtype) + Arrays.toString(inputShape)
                    + ", got " + input);
        }
        if (outBackprop.dtype() != dtype || !outBackprop.hasShape(outBackpropShape)) {
            throw new IllegalArgumentException("this plan takes out_backprop " + name(dtype)
                    + Arrays.toString(outBackpropShape) + ", got " + outBackprop);
        }
    }

    private static String name(DType dtype) {
        return dtype.name().toLowerCase(Locale.ROOT);
    }

    /** One line saying what this plan will do: the problem, the algorithm, the threads. */
    public String describe() {
        return "conv2d_backprop_filter " + geometry.describe() + " | " + algorithm.describe() + " | threads "
                + parallelism.threads();
    }

    @Override
    public String toString() {
        return describe();
    }
}
