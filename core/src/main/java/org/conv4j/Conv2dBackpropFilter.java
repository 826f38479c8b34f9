package org.conv4j;

import org.conv4j.internal.algo.FilterGradientAlgorithm;
import org.conv4j.internal.algo.GemmFilterGradient;
import org.conv4j.internal.algo.ReferenceFilterGradient;
import org.conv4j.internal.algo.ZeroFilterGradient;
import org.conv4j.internal.geometry.Conv2dBackpropFilterValidator;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * TensorFlow's {@code tf.nn.conv2d_backprop_filter} (the raw op {@code Conv2DBackpropFilter}):
 * the gradient of {@code conv2d(input, filter)} with respect to its filter, given the gradient
 * of its output.
 *
 * <pre>{@code
 * dW[di, dj, c, k] = sum_{b, i, j} in[b, i*sh + di*dh - padTop, j*sw + dj*dw - padLeft, g*KC + c]
 *                                  * outBackprop[b, i, j, k]        (g = k / (OC / groups))
 * }</pre>
 *
 * <ul>
 *   <li>input: the forward input, {@code [N, H, W, C]} (NHWC) or {@code [N, C, H, W]} (NCHW);
 *   <li>filterSizes: the forward filter's shape {@code [KH, KW, KC, OC]}, which the gradient
 *       has; {@code C} must be a multiple of {@code KC} (grouped with {@code C / KC} groups);
 *   <li>outBackprop: the gradient of the forward output, whose shape must be the forward
 *       output's ({@code [N, OH, OW, OC]} or {@code [N, OC, OH, OW]});
 *   <li>options: the forward convolution's strides, padding, dilations and data format.
 * </ul>
 *
 * <p>Checks and error texts are those of TensorFlow's CPU kernel ({@code Conv2DCustomBackpropFilter}),
 * validated before any work. Where that kernel refuses what TensorFlow computes on other devices
 * (NCHW, dilations larger than 1, groups), conv4j computes the gradient. An empty batch gives a
 * zero gradient.
 */
public final class Conv2dBackpropFilter {
    private Conv2dBackpropFilter() {
    }

    /**
     * Computes the filter gradient into a new tensor of shape {@code filterSizes}.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static Tensor conv2dBackpropFilter(Tensor input, int[] filterSizes, Tensor outBackprop, Conv2dOptions options) {
        return validateAndPlan(input.shape(), input.dtype(), filterSizes, outBackprop.shape(), outBackprop.dtype(), options)
                .execute(input, outBackprop);
    }

    /**
     * Validates and prepares the filter gradient for inputs and output gradients of these shapes
     * and dtype; the algorithm and its blocking are decided here, once.
     *
     * @throws IllegalArgumentException if the shapes or options are invalid
     */
    public static FilterGradientPlan plan(int[] inputShape, int[] filterSizes, int[] outBackpropShape, DType dtype,
            Conv2dOptions options) {
        return validateAndPlan(inputShape, dtype, filterSizes, outBackpropShape, dtype, options);
    }

    private static FilterGradientPlan validateAndPlan(int[] inputShape, DType inputType, int[] filterSizes,
            int[] outBackpropShape, DType outBackpropType, Conv2dOptions options) {
        Conv2dGeometry geometry = Conv2dBackpropFilterValidator.validate(inputShape, inputType, filterSizes, outBackpropShape,
                outBackpropType, options);
        Parallelism parallelism = new Parallelism(options.threads(), options.executor());
        FilterGradientAlgorithm algorithm = ZeroFilterGradient.applies(geometry) ? new ZeroFilterGradient(geometry)
                : switch (options.algorithm()) {
                    case AUTO, GEMM -> new GemmFilterGradient(geometry, parallelism.threads());
                    case REFERENCE -> new ReferenceFilterGradient(geometry);
                    case WINOGRAD -> throw new IllegalArgumentException(
                            "algorithm WINOGRAD does not compute conv2d_backprop_filter; use AUTO, GEMM or REFERENCE");
                };
        return new FilterGradientPlan(geometry, algorithm, parallelism);
    }
}
