package org.conv4j;

import java.util.Arrays;
import org.conv4j.internal.algo.Conv2dAlgorithms;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.geometry.Conv2dValidator;
import org.conv4j.internal.geometry.DepthwiseValidator;
import org.conv4j.internal.plan.Conv2dOperation;
import org.conv4j.internal.plan.SeparableOperation;

/**
 * TensorFlow's {@code tf.nn.separable_conv2d}: a depthwise convolution that acts on each channel
 * alone, then a 1x1 convolution that mixes the channels.
 *
 * <pre>{@code
 * separable_conv2d(x, depthwiseFilter, pointwiseFilter, options)
 *     = conv2d(depthwise_conv2d(x, depthwiseFilter, options), pointwiseFilter, stride 1, VALID)
 * }</pre>
 *
 * <ul>
 *   <li>input: as for {@link DepthwiseConv2d} (NHWC or NCHW, rank 4 or more);
 *   <li>depthwise filter: {@code [KH, KW, C, M]};
 *   <li>pointwise filter: {@code [1, 1, C*M, OC]} (as in TensorFlow, a pointwise filter whose
 *       third dimension divides {@code C*M} makes the 1x1 stage a grouped conv2d);
 *   <li>output: the input's layout with {@code OC} channels;
 *   <li>options: strides, dilations and padding apply to the depthwise stage only, as in
 *       TensorFlow; the data format, threads, executor and algorithm to both.
 * </ul>
 *
 * <p>Checks run in TensorFlow's order: the Python wrapper's checks of the pointwise filter's
 * shape, then the depthwise op's, then the pointwise Conv2D's; the messages carry TensorFlow's
 * words.
 */
public final class SeparableConv2d {
    private SeparableConv2d() {
    }

    /**
     * Computes {@code separable_conv2d} into a new tensor.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static Tensor separableConv2d(Tensor input, Tensor depthwiseFilter, Tensor pointwiseFilter,
            Conv2dOptions options) {
        return plan(input.shape(), input.dtype(), depthwiseFilter, pointwiseFilter, options).execute(input);
    }

    /**
     * Computes {@code separable_conv2d} into {@code output}, which must have the output shape and
     * dtype and must not share its array with the input.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static void separableConv2d(Tensor input, Tensor depthwiseFilter, Tensor pointwiseFilter,
            Conv2dOptions options, Tensor output) {
        plan(input.shape(), input.dtype(), depthwiseFilter, pointwiseFilter, options).execute(input, output);
    }

    /**
     * Validates and prepares {@code separable_conv2d} for inputs of {@code inputShape}: both
     * stages are planned once and the plan keeps copies of both filters.
     *
     * @param inputShape the shape of the inputs the plan will take (its dtype is the depthwise
     *     filter's)
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static ConvPlan plan(int[] inputShape, Tensor depthwiseFilter, Tensor pointwiseFilter, Conv2dOptions options) {
        return plan(inputShape, depthwiseFilter.dtype(), depthwiseFilter, pointwiseFilter, options);
    }

    /**
     * Like {@link #plan(int[], Tensor, Tensor, Conv2dOptions)}, for inputs of {@code inputType}.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static ConvPlan plan(int[] inputShape, DType inputType, Tensor depthwiseFilter, Tensor pointwiseFilter,
            Conv2dOptions options) {
        int[] pointwiseShape = pointwiseFilter.shape();
        // nn_impl.separable_conv2d: pointwise_filter.get_shape().with_rank(4), then its first two
        // dimensions assert_is_compatible_with(1).
        if (pointwiseShape.length != 4) {
            throw new IllegalArgumentException("Shape " + pythonShape(pointwiseShape) + " must have rank 4 (pointwise_filter)");
        }
        for (int axis = 0; axis < 2; axis++) {
            if (pointwiseShape[axis] != 1) {
                throw new IllegalArgumentException("Dimensions " + pointwiseShape[axis] + " and 1 are not compatible "
                        + "(pointwise_filter " + Arrays.toString(pointwiseShape) + " must be [1, 1, C*M, OC])");
            }
        }
        Conv2dGeometry depthwise = DepthwiseValidator.validate(inputShape, inputType, depthwiseFilter.shape(),
                depthwiseFilter.dtype(), options);
        Conv2dOptions pointwiseOptions = Conv2dOptions.builder()
                .dataFormat(options.dataFormat())
                .threads(options.threads())
                .executor(options.executor())
                .algorithm(options.algorithm())
                .build();
        Conv2dGeometry pointwise = Conv2dValidator.validate(depthwise.outputShape(), inputType, pointwiseShape,
                pointwiseFilter.dtype(), pointwiseOptions);
        Conv2dOperation first = new Conv2dOperation("depthwise_conv2d", depthwise,
                DepthwiseConv2d.algorithm(depthwise, depthwiseFilter, options.algorithm()));
        Conv2dOperation second = new Conv2dOperation("conv2d", pointwise,
                Conv2dAlgorithms.choose(pointwise, pointwiseFilter, options.algorithm()));
        return new ConvPlan(new SeparableOperation(first, second), options);
    }

    /** A shape as Python prints a TensorShape: {@code (1, 1, 6)}, {@code (6,)}, {@code ()}. */
    private static String pythonShape(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
