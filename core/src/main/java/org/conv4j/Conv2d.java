package org.conv4j;

import org.conv4j.internal.algo.Conv2dAlgorithm;
import org.conv4j.internal.algo.EmptyConv2d;
import org.conv4j.internal.algo.GemmConv2d;
import org.conv4j.internal.algo.PlaneConv2d;
import org.conv4j.internal.algo.ReferenceConv2d;
import org.conv4j.internal.algo.WinogradConv2d;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.geometry.Conv2dValidator;
import org.conv4j.internal.plan.Conv2dOperation;

/**
 * TensorFlow's {@code tf.nn.conv2d}: a 2-D cross-correlation (the filter is not flipped) of an
 * input with a filter, with TensorFlow's shapes, options, defaults and errors.
 *
 * <pre>{@code
 * out[b, i, j, k] = sum_{di, dj, q} in[b, i*sh + di*dh - padTop, j*sw + dj*dw - padLeft, g*KC + q]
 *                                   * filter[di, dj, q, k]        (g = k / (OC / groups))
 * }</pre>
 *
 * <ul>
 *   <li>input: {@code [batch..., H, W, C]} (NHWC) or {@code [batch..., C, H, W]} (NCHW), rank 4
 *       or more (extra leading batch dimensions are folded, as TensorFlow 2 does);
 *   <li>filter: always HWIO {@code [KH, KW, KC, OC]}; {@code C} must be a multiple of
 *       {@code KC} (grouped convolution with {@code C / KC} groups);
 *   <li>output: same layout and leading dimensions as the input, {@code OC} channels;
 *   <li>input and filter must have the same dtype (float32 or float64), which the output takes.
 * </ul>
 *
 * <p>Every method validates everything before any work and throws
 * {@link IllegalArgumentException} with TensorFlow's message where TensorFlow has one.
 */
public final class Conv2d {
    private Conv2d() {
    }

    /** {@code conv2d} with {@link Conv2dOptions#DEFAULTS} (stride 1, VALID, NHWC). */
    public static Tensor conv2d(Tensor input, Tensor filter) {
        return conv2d(input, filter, Conv2dOptions.DEFAULTS);
    }

    /**
     * Computes {@code conv2d(input, filter)} into a new tensor.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static Tensor conv2d(Tensor input, Tensor filter, Conv2dOptions options) {
        return plan(input.shape(), input.dtype(), filter, options).execute(input);
    }

    /**
     * Computes {@code conv2d(input, filter)} into {@code output}, which must have the output
     * shape ({@link #outputShape}) and dtype, and must not share its array with the input.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static void conv2d(Tensor input, Tensor filter, Conv2dOptions options, Tensor output) {
        plan(input.shape(), input.dtype(), filter, options).execute(input, output);
    }

    /**
     * The output shape of {@code conv2d} for these shapes and options, float32 assumed.
     *
     * @throws IllegalArgumentException if the shapes or options are invalid
     */
    public static int[] outputShape(int[] inputShape, int[] filterShape, Conv2dOptions options) {
        return Conv2dValidator.validate(inputShape, DType.FLOAT32, filterShape, DType.FLOAT32, options).outputShape();
    }

    /**
     * Validates and prepares a convolution of inputs of {@code inputShape} with this filter: the
     * output shape, the algorithm and the packed filter are decided here, once. The plan copies
     * what it needs of {@code filter}; later changes to the filter's array do not affect it.
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
        Conv2dGeometry geometry = Conv2dValidator.validate(inputShape, inputType, filter.shape(), filter.dtype(), options);
        return new ConvPlan(new Conv2dOperation("conv2d", geometry, algorithm(geometry, filter, options.algorithm())),
                options);
    }

    /**
     * The algorithm for a validated geometry, as asked (also for the pointwise stage of
     * {@link SeparableConv2d}).
     *
     * @throws IllegalArgumentException if a restricted algorithm was forced that cannot compute it
     */
    static Conv2dAlgorithm algorithm(Conv2dGeometry geometry, Tensor filter, Algorithm choice) {
        return EmptyConv2d.applies(geometry) ? new EmptyConv2d(geometry) : switch (choice) {
            case REFERENCE -> new ReferenceConv2d(geometry, filter);
            case AUTO -> auto(geometry, filter);
            case GEMM -> new GemmConv2d(geometry, filter);
            case WINOGRAD -> new WinogradConv2d(geometry, filter);
        };
    }

    /** The fastest algorithm for the geometry: see each algorithm's class comment for when. */
    private static Conv2dAlgorithm auto(Conv2dGeometry geometry, Tensor filter) {
        if (PlaneConv2d.applies(geometry)) {
            return new PlaneConv2d(geometry, filter);
        }
        if (WinogradConv2d.applies(geometry)) {
            return new WinogradConv2d(geometry, filter);
        }
        return new GemmConv2d(geometry, filter);
    }
}
