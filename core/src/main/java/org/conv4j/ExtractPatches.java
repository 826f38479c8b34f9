package org.conv4j;

import java.util.Objects;
import org.conv4j.internal.algo.PatchExtraction;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.geometry.ExtractPatchesValidator;
import org.conv4j.internal.plan.ExtractPatchesOperation;

/**
 * TensorFlow's {@code tf.image.extract_patches} (the raw op {@code ExtractImagePatches}): every
 * {@code KH x KW} window of an image, flattened into the depth dimension, with TensorFlow's
 * shapes, padding, order and errors.
 *
 * <pre>{@code
 * out[b, i, j, (di*KW + dj)*C + c] = in[b, i*sh + di*rh - padTop, j*sw + dj*rw - padLeft, c]
 *                                    (0 where the window is outside the image)
 * }</pre>
 *
 * <ul>
 *   <li>input: {@code [N, H, W, C]} (NHWC; TensorFlow's op has no other layout), float32 or
 *       float64; the output {@code [N, OH, OW, KH*KW*C]} has its dtype;
 *   <li>{@code sizes} ({@code ksizes}), {@code strides}, {@code rates}: 4 numbers
 *       {@code [1, rows, cols, 1]} as TensorFlow takes them, or, for convenience, 2 numbers
 *       {@code [rows, cols]}; each at least 1. TensorFlow has no defaults for them;
 *   <li>{@code padding}: {@link Padding#SAME} or {@link Padding#VALID}, with conv2d's output
 *       sizes and SAME split (the odd padding pixel after); TensorFlow has no explicit padding
 *       here, so {@link Padding#explicit} is refused. Padded positions read as zero;
 *   <li>rates space the window's taps as conv2d's dilations do. The output is the patch matrix
 *       ("im2col") of a conv2d with these sizes, strides, dilations and padding: row
 *       {@code (b, i, j)} holds the values its output pixel is a weighted sum of, in the order of
 *       an HWIO filter's rows.
 * </ul>
 *
 * <p>Every method validates everything before any work and throws
 * {@link IllegalArgumentException} with TensorFlow's message (and the offending values); a
 * length other than 2 or 4 gets TensorFlow's graph-mode text (eager TensorFlow ignores numbers
 * past the fourth). Null arguments throw {@link NullPointerException}.
 */
public final class ExtractPatches {
    private ExtractPatches() {
    }

    /**
     * The patches of {@code input}, in a new tensor, using all processors (the result is the
     * same for any number of them).
     *
     * @throws IllegalArgumentException if the shape or the attributes are invalid
     */
    public static Tensor extractPatches(Tensor input, int[] sizes, int[] strides, int[] rates, Padding padding) {
        return plan(input.shape(), input.dtype(), sizes, strides, rates, padding, 0).execute(input);
    }

    /**
     * The output shape {@code [N, OH, OW, KH*KW*C]} for an input of {@code inputShape}.
     *
     * @throws IllegalArgumentException if the shape or the attributes are invalid
     */
    public static int[] outputShape(int[] inputShape, int[] sizes, int[] strides, int[] rates, Padding padding) {
        return validate(inputShape, DType.FLOAT32, sizes, strides, rates, padding).outputShape();
    }

    /**
     * Validates and prepares extract_patches for inputs of {@code inputShape} and {@code dtype}.
     * Executing the plan allocates nothing but the output (nothing with
     * {@link ConvPlan#execute(Tensor, Tensor)}), and it may run from several threads at once.
     *
     * @param threads threads per call, 0 for all available processors
     * @throws IllegalArgumentException if the shape, the attributes or {@code threads} are
     *     invalid
     */
    public static ConvPlan plan(int[] inputShape, DType dtype, int[] sizes, int[] strides, int[] rates,
            Padding padding, int threads) {
        Objects.requireNonNull(dtype, "dtype");
        // Conv2dOptions carries the threads (and checks them); its convolution attributes do not apply.
        Conv2dOptions run = Conv2dOptions.builder().threads(threads).build();
        Conv2dGeometry geometry = validate(inputShape, dtype, sizes, strides, rates, padding);
        return new ConvPlan(new ExtractPatchesOperation(geometry, new PatchExtraction(geometry)), run);
    }

    private static Conv2dGeometry validate(int[] inputShape, DType dtype, int[] sizes, int[] strides, int[] rates,
            Padding padding) {
        Objects.requireNonNull(inputShape, "inputShape");
        Objects.requireNonNull(sizes, "sizes");
        Objects.requireNonNull(strides, "strides");
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(padding, "padding");
        return ExtractPatchesValidator.validate(inputShape, dtype, sizes, strides, rates, padding);
    }
}
