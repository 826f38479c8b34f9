package org.conv4j;

import org.conv4j.internal.algo.Conv2dAlgorithm;
import org.conv4j.internal.algo.Conv2dAlgorithms;
import org.conv4j.internal.algo.DepthwiseRowsConv2d;
import org.conv4j.internal.algo.EmptyConv2d;
import org.conv4j.internal.algo.PlaneConv2d;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.geometry.DepthwiseValidator;
import org.conv4j.internal.plan.Conv2dOperation;

/**
 * TensorFlow's {@code tf.nn.depthwise_conv2d}: every input channel convolved with its own
 * {@code M} filters (the depth multiplier), the results side by side, with TensorFlow's shapes,
 * options and errors.
 *
 * <pre>{@code
 * out[b, i, j, k*M + q] = sum_{di, dj} in[b, i*s + di*dh - padTop, j*s + dj*dw - padLeft, k]
 *                                      * filter[di, dj, k, q]
 * }</pre>
 *
 * <ul>
 *   <li>input: {@code [batch..., H, W, C]} (NHWC) or {@code [batch..., C, H, W]} (NCHW), rank 4
 *       or more (extra leading batch dimensions are folded, as conv2d does);
 *   <li>filter: {@code [KH, KW, C, M]}; {@code C} must equal the input's channels;
 *   <li>output: same layout and leading dimensions as the input, {@code C*M} channels;
 *   <li>options as for {@link Conv2d}: the stride must be the same for rows and columns
 *       (TensorFlow's kernel requires it); dilations, explicit padding and NCHW are computed
 *       directly (TensorFlow's CPU kernel refuses the last two and its Python wrapper reaches
 *       dilations through space_to_batch; the results are the same). A stride and a dilation
 *       both above 1 follow the formula above, as TensorFlow's grouped Conv2D does.
 * </ul>
 *
 * <p>It is exactly conv2d with {@code C} groups and the filter read as {@code [KH, KW, 1, C*M]}
 * (the same memory), which is how {@link Algorithm#REFERENCE} and {@link Algorithm#GEMM} compute
 * it; {@link Algorithm#AUTO} runs a kernel vectorised over channels (NHWC) or over rows (NCHW).
 * Every method validates everything before any work and throws
 * {@link IllegalArgumentException} with TensorFlow's message where TensorFlow has one.
 */
public final class DepthwiseConv2d {
    private DepthwiseConv2d() {
    }

    /** {@code depthwise_conv2d} with {@link Conv2dOptions#DEFAULTS} (stride 1, VALID, NHWC). */
    public static Tensor depthwiseConv2d(Tensor input, Tensor filter) {
        return depthwiseConv2d(input, filter, Conv2dOptions.DEFAULTS);
    }

    /**
     * Computes {@code depthwise_conv2d(input, filter)} into a new tensor.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static Tensor depthwiseConv2d(Tensor input, Tensor filter, Conv2dOptions options) {
        return plan(input.shape(), input.dtype(), filter, options).execute(input);
    }

    /**
     * Computes {@code depthwise_conv2d(input, filter)} into {@code output}, which must have the
     * output shape ({@link #outputShape}) and dtype, and must not share its array with the input.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static void depthwiseConv2d(Tensor input, Tensor filter, Conv2dOptions options, Tensor output) {
        plan(input.shape(), input.dtype(), filter, options).execute(input, output);
    }

    /**
     * The output shape of {@code depthwise_conv2d} for these shapes and options, float32 assumed.
     *
     * @throws IllegalArgumentException if the shapes or options are invalid
     */
    public static int[] outputShape(int[] inputShape, int[] filterShape, Conv2dOptions options) {
        return DepthwiseValidator.validate(inputShape, DType.FLOAT32, filterShape, DType.FLOAT32, options).outputShape();
    }

    /**
     * Validates and prepares a depthwise convolution of inputs of {@code inputShape} with this
     * filter, once; the plan copies what it needs of the filter.
     *
     * @param inputShape the shape of the inputs the plan will take (its dtype is the filter's)
     * @throws IllegalArgumentException if the shapes or options are invalid
     */
    public static ConvPlan plan(int[] inputShape, Tensor filter, Conv2dOptions options) {
        return plan(inputShape, filter.dtype(), filter, options);
    }

    /**
     * Like {@link #plan(int[], Tensor, Conv2dOptions)}, for inputs of {@code inputType}, which
     * must be the filter's dtype (the error says so in TensorFlow's words if not).
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static ConvPlan plan(int[] inputShape, DType inputType, Tensor filter, Conv2dOptions options) {
        Conv2dGeometry geometry = DepthwiseValidator.validate(inputShape, inputType, filter.shape(), filter.dtype(),
                options);
        return new ConvPlan(new Conv2dOperation("depthwise_conv2d", geometry,
                algorithm(geometry, filter, options.algorithm())), options);
    }

    /**
     * The algorithm for a validated depthwise geometry (also the first stage of
     * {@link SeparableConv2d}). The filter {@code [KH, KW, C, M]} is, in memory, the grouped
     * conv2d filter {@code [KH, KW, 1, C*M]} the geometry describes.
     *
     * @throws IllegalArgumentException if a restricted algorithm was forced that cannot compute it
     */
    static Conv2dAlgorithm algorithm(Conv2dGeometry geometry, Tensor filter, Algorithm choice) {
        if (choice != Algorithm.AUTO || EmptyConv2d.applies(geometry)) {
            return Conv2dAlgorithms.choose(geometry, filter, choice);
        }
        return PlaneConv2d.fits(geometry) ? new PlaneConv2d(geometry, filter) : new DepthwiseRowsConv2d(geometry, filter);
    }
}
