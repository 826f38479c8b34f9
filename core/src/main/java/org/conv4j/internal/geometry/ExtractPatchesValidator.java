package org.conv4j.internal.geometry;

import java.util.Arrays;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;

/**
 * Checks an extract_patches request the way TensorFlow's {@code ExtractImagePatches} op does
 * (TF 2.18, {@code extract_image_patches_op.cc}, its op registration and shape function), with
 * TensorFlow's wording plus the offending values, and turns it into the {@link Conv2dGeometry}
 * of the convolution whose implicit patch matrix the output is: filter {@code [KH, KW, C, -]},
 * one group, dilations = rates, and {@code KH*KW*C} "output channels" (the patch depth), so
 * that the geometry's output shape is extract_patches' {@code [N, OH, OW, KH*KW*C]}.
 *
 * <p>Order: the attributes first (lengths of {@code ksizes}, {@code strides}, {@code rates};
 * the padding kind; then per attribute, as the kernel's constructor, "across space" before
 * "out of range"), then the input's rank, then the output rows and columns
 * ({@link Windowing}, with TensorFlow's conv2d SAME split, which is also this op's).
 * TensorFlow's own order among several wrong attribute lengths follows a hash map and differs
 * between eager and graph mode; conv4j's is the one above.
 */
public final class ExtractPatchesValidator {
    private ExtractPatchesValidator() {
    }

    /**
     * @param sizes {@code ksizes}: 4 numbers {@code [1, KH, KW, 1]} as TensorFlow takes them, or
     *     2 numbers {@code [KH, KW]}
     * @param strides the same forms
     * @param rates the same forms
     * @param padding SAME or VALID
     * @throws IllegalArgumentException on any rule TensorFlow enforces, or when a size does not
     *     fit a Java array
     */
    public static Conv2dGeometry validate(int[] inputShape, DType dtype, int[] sizes, int[] strides, int[] rates,
            Padding padding) {
        // The op registration: "list(int) >= 4" (TensorFlow's text), then the shape function's
        // "exactly 4", which eager TensorFlow skips (it reads the first four and ignores the rest).
        checkLength(sizes, "ksizes", "ksizes");
        checkLength(strides, "strides", "stride");
        checkLength(rates, "rates", "rates");
        if (padding.kind() == Padding.Kind.EXPLICIT) {
            throw new IllegalArgumentException("Value for attr 'padding' of \"EXPLICIT\" is not in the list of allowed "
                    + "values: \"SAME\", \"VALID\" (extract_patches has no explicit padding; got " + padding + ")");
        }
        int[] k = spatialPair(sizes, "ksizes");
        int[] s = spatialPair(strides, "strides");
        int[] r = spatialPair(rates, "rates");

        if (inputShape.length != 4) {
            // TensorFlow prints the shape right after the text, without a space.
            throw new IllegalArgumentException("input must be 4-dimensional" + Conv2dValidator.shapeText(inputShape)
                    + " (extract_patches takes images [batch, rows, cols, depth])");
        }
        Tensor.checkedElementCount(inputShape);
        int batch = inputShape[0];
        int height = inputShape[1];
        int width = inputShape[2];
        int depth = inputShape[3];
        Windowing.Window rows = Windowing.compute(height, k[0], r[0], s[0], padding.kind(), 0, 0);
        Windowing.Window cols = Windowing.compute(width, k[1], r[1], s[1], padding.kind(), 0, 0);

        long patchDepth = (long) k[0] * k[1] * depth;
        if (patchDepth > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Output size would overflow: " + k[0] + " x " + k[1] + " x " + depth
                    + " (a patch of " + patchDepth + " values is more than a Java array can hold)");
        }
        long outElements = (long) batch * rows.outputSize() * cols.outputSize() * patchDepth;
        if (outElements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("output [" + batch + ", " + rows.outputSize() + ", " + cols.outputSize()
                    + ", " + patchDepth + "] has " + outElements + " elements, more than a Java array can hold");
        }
        return new Conv2dGeometry(dtype, DataFormat.NHWC, new int[] {batch}, batch, height, width, depth,
                k[0], k[1], depth, (int) patchDepth, 1, s[0], s[1], r[0], r[1],
                rows.padBefore(), rows.padAfter(), cols.padBefore(), cols.padAfter(),
                rows.outputSize(), cols.outputSize());
    }

    /** 2 (conv4j's form) or 4 numbers; otherwise TensorFlow's message for the length. */
    private static void checkLength(int[] values, String attr, String shapeFnName) {
        if (values.length == 2 || values.length == 4) {
            return;
        }
        if (values.length < 4) {
            throw new IllegalArgumentException("Length for attr '" + attr + "' of " + values.length
                    + " must be at least minimum 4 (conv4j also takes 2 values: rows, cols), got " + Arrays.toString(values));
        }
        throw new IllegalArgumentException("ExtractImagePatches requires the " + shapeFnName
                + " attribute to contain 4 values, but got: " + values.length + " (" + Arrays.toString(values) + ")");
    }

    /** {@code {rows, cols}} of a checked-length attribute, with the kernel constructor's checks. */
    private static int[] spatialPair(int[] values, String attr) {
        int[] pair = values.length == 2 ? values.clone() : new int[] {values[1], values[2]};
        if (values.length == 4 && (values[0] != 1 || values[3] != 1)) {
            throw new IllegalArgumentException("Only support " + attr + " across space. Got " + attr + " "
                    + Arrays.toString(values) + ": the batch and depth entries must be 1");
        }
        if (pair[0] < 1 || pair[1] < 1) {
            throw new IllegalArgumentException(attr + " is out of range. Got " + attr + " " + Arrays.toString(values)
                    + ": rows and cols must be at least 1");
        }
        return pair;
    }
}
