package org.conv4j;

import org.conv4j.internal.geometry.Conv2dBackpropInputValidator;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.plan.Conv2dBackpropInputOperation;

/**
 * TensorFlow's {@code Conv2DBackpropInput} ({@code tf.compat.v1.nn.conv2d_backprop_input}) and
 * {@code tf.nn.conv2d_transpose}, which is the same operation: the gradient of
 * {@link Conv2d#conv2d conv2d} with respect to its input, with TensorFlow's shapes, options and
 * errors.
 *
 * <pre>{@code
 * dx[b, y, x, c] = sum over i, j, di, dj, k with y = i*sh + di*dh - padTop, x = j*sw + dj*dw - padLeft
 *                  of dy[b, i, j, k] * filter[di, dj, c % KC, k]        (k in c's group)
 * }</pre>
 *
 * <ul>
 *   <li>{@code input_sizes}: the shape of the result {@code dx} (the forward convolution's
 *       input), 4 numbers in data-format order, or 2 ({@code [H, W]}: the batch is
 *       {@code out_backprop}'s, the depth {@code filter.shape[2]});
 *   <li>filter: the forward convolution's, HWIO {@code [KH, KW, KC, OC]}; the depth of
 *       {@code dx} must be a multiple of {@code KC} (its quotient is the number of groups);
 *   <li>{@code out_backprop} ({@code dy}): the forward convolution's output shape, exactly:
 *       the padding and output size are computed from {@code input_sizes} by the forward
 *       formulas, and {@code dy} must match them ({@code Size of out_backprop doesn't match
 *       computed});
 *   <li>the options are the forward convolution's (strides, dilations, padding, data format).
 * </ul>
 *
 * <p>TensorFlow's CPU kernel refuses NCHW, dilations above 1 and grouped convolutions here,
 * though TensorFlow computes them on other devices; conv4j computes them all. A stride above 1
 * makes the forward output size ambiguous: every {@code input_sizes} whose forward output is
 * {@code dy}'s size is accepted, as in TensorFlow.
 *
 * <p>Every method validates everything before any work and throws
 * {@link IllegalArgumentException} with TensorFlow's message where TensorFlow has one.
 */
public final class Conv2dBackpropInput {
    private Conv2dBackpropInput() {
    }

    /**
     * TensorFlow's {@code Conv2DBackpropInput(input_sizes, filter, out_backprop)}: the gradient
     * of {@code conv2d(x, filter, options)} with respect to {@code x}, given the gradient
     * {@code outBackprop} of its output. Returns a new tensor of the shape {@code inputSizes}
     * gives.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static Tensor conv2dBackpropInput(int[] inputSizes, Tensor filter, Tensor outBackprop, Conv2dOptions options) {
        return plan("conv2d_backprop_input", inputSizes, outBackprop.shape(), outBackprop.dtype(), filter, options)
                .execute(outBackprop);
    }

    /**
     * TensorFlow's {@code tf.nn.conv2d_transpose(input, filters, output_shape, strides, padding,
     * data_format, dilations)}: exactly
     * {@code conv2dBackpropInput(outputShape, filter, input, options)}. The filter is
     * {@code [KH, KW, output channels, input channels]}, the same tensor as the forward
     * convolution's that maps {@code outputShape} to {@code input}'s shape. Note that
     * {@code tf.nn.conv2d_transpose} defaults to SAME padding, while {@link Conv2dOptions}
     * defaults to VALID: pass the padding you mean.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static Tensor conv2dTranspose(Tensor input, Tensor filter, int[] outputShape, Conv2dOptions options) {
        return plan("conv2d_transpose", outputShape, input.shape(), input.dtype(), filter, options).execute(input);
    }

    /**
     * Validates and prepares the input gradient for {@code out_backprop} tensors of
     * {@code outBackpropShape} (in the filter's dtype) and this filter; the plan takes
     * {@code out_backprop} and returns {@code dx}. The plan copies what it needs of
     * {@code filter}.
     *
     * @throws IllegalArgumentException if the shapes or options are invalid
     */
    public static ConvPlan plan(int[] inputSizes, int[] outBackpropShape, Tensor filter, Conv2dOptions options) {
        return plan("conv2d_backprop_input", inputSizes, outBackpropShape, filter.dtype(), filter, options);
    }

    private static ConvPlan plan(String name, int[] inputSizes, int[] outBackpropShape, DType outBackpropType,
            Tensor filter, Conv2dOptions options) {
        Conv2dGeometry forward = Conv2dBackpropInputValidator.validate(inputSizes, filter.shape(), filter.dtype(),
                outBackpropShape, outBackpropType, options);
        return new ConvPlan(Conv2dBackpropInputOperation.plan(name, forward, filter, options.algorithm()), options);
    }
}
