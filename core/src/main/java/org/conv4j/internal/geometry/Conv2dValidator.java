package org.conv4j.internal.geometry;

import java.util.Arrays;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;

/**
 * Checks a conv2d request the way TensorFlow's CPU kernel does, in the same order and with the
 * same wording (see {@code tf-conv-semantics.md} §3), and turns it into a {@link Conv2dGeometry}.
 * Where TensorFlow's message does not name the offending values, the values are appended.
 *
 * <p>As in TensorFlow, the checks that only matter when there is something to compute (filter
 * with a zero dimension, group counts) are skipped when the output is empty.
 */
public final class Conv2dValidator {
    private Conv2dValidator() {
    }

    /**
     * @throws IllegalArgumentException on any rule TensorFlow enforces, or when a size does not
     *     fit a Java array
     */
    public static Conv2dGeometry validate(int[] inputShape, DType inputType, int[] filterShape, DType filterType,
            Conv2dOptions options) {
        DataFormat format = options.dataFormat();
        // TensorFlow's order: the Python wrapper's lengths, then the kernel's attribute checks
        // (strides, then dilations), padding, dtype, and only then the shapes.
        checkLength(options.strides(), "strides");
        checkLength(options.dilations(), "dilations");
        int[] stride = spatialPair(options.strides(), "strides", format);
        if (stride[0] <= 0 || stride[1] <= 0) {
            throw new IllegalArgumentException("Row and column strides should be larger than 0. Got strides "
                    + Arrays.toString(options.strides()));
        }
        int[] dilation = spatialPair(options.dilations(), "dilations", format);
        if (dilation[0] <= 0 || dilation[1] <= 0) {
            throw new IllegalArgumentException("Dilated rates should be larger than 0. Got dilations "
                    + Arrays.toString(options.dilations()));
        }
        Padding padding = options.padding();
        int[] explicit = padding.kind() == Padding.Kind.EXPLICIT ? padding.spatial(format) : new int[4];
        if (inputType != filterType) {
            throw new IllegalArgumentException("cannot compute Conv2D as input #1(zero-based) was expected to be a "
                    + tfName(inputType) + " tensor but is a " + tfName(filterType) + " tensor");
        }

        if (inputShape.length < 4) {
            throw new IllegalArgumentException("convolution input must be 4-dimensional: " + shapeText(inputShape));
        }
        if (filterShape.length != 4) {
            throw new IllegalArgumentException("convolution filter must be 4-dimensional: " + shapeText(filterShape));
        }
        int inputElements = Tensor.checkedElementCount(inputShape);
        Tensor.checkedElementCount(filterShape);

        int lead = inputShape.length - 3;
        int[] batchShape = Arrays.copyOf(inputShape, lead);
        long batchLong = 1;
        for (int d : batchShape) {
            batchLong *= d; // cannot overflow: the whole input fits an int
        }
        int batch = (int) batchLong;
        int height = inputShape[lead + (format == DataFormat.NHWC ? 0 : 1)];
        int width = inputShape[lead + (format == DataFormat.NHWC ? 1 : 2)];
        int channels = inputShape[lead + (format == DataFormat.NHWC ? 2 : 0)];
        int kh = filterShape[0];
        int kw = filterShape[1];
        int kc = filterShape[2];
        int oc = filterShape[3];

        if (kc <= 0) {
            throw new IllegalArgumentException("filter depth must be stricly positive, got " + kc);
        }
        if (channels % kc != 0) {
            throw new IllegalArgumentException("input depth must be evenly divisible by filter depth: "
                    + channels + " vs " + kc);
        }
        Windowing.Window rows = Windowing.compute(height, kh, dilation[0], stride[0], padding.kind(), explicit[0], explicit[1]);
        Windowing.Window cols = Windowing.compute(width, kw, dilation[1], stride[1], padding.kind(), explicit[2], explicit[3]);

        int groups = channels / kc;
        long outElements = (long) batch * rows.outputSize() * cols.outputSize() * oc;
        if (outElements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("output [batch " + batch + ", " + rows.outputSize() + "x" + cols.outputSize()
                    + ", channels " + oc + "] has " + outElements + " elements, more than a Java array can hold");
        }
        // As TensorFlow: an empty output returns at once, and an input with no elements gives
        // zeros (only padding was convolved), before the filter and groups are looked at.
        if (outElements > 0 && inputElements > 0) {
            if ((long) kh * kw * kc * oc == 0) {
                throw new IllegalArgumentException("filter must not have zero elements (i.e. all dimensions must be non-zero), got "
                        + shapeText(filterShape));
            }
            if (groups <= 0) {
                throw new IllegalArgumentException("number of groups must be stricly positive, got " + groups);
            }
            if (oc % groups != 0 || oc < groups) {
                throw new IllegalArgumentException("output depth must be evenly divisible by number of groups: "
                        + oc + " vs " + groups);
            }
        }
        return new Conv2dGeometry(inputType, format, batchShape, batch, height, width, channels, kh, kw, kc, oc,
                Math.max(groups, 1), stride[0], stride[1], dilation[0], dilation[1],
                rows.padBefore(), rows.padAfter(), cols.padBefore(), cols.padAfter(),
                rows.outputSize(), cols.outputSize());
    }

    /**
     * TensorFlow's 1-, 2- or 4-number form of strides and dilations, as {@code {h, w}}.
     *
     * @throws IllegalArgumentException for a 4-number form with batch or channel entries other
     *     than 1
     * @throws IllegalStateException for another length (callers check it first)
     */
    public static int[] spatialPair(int[] values, String name, DataFormat format) {
        switch (values.length) {
            case 1:
                return new int[] {values[0], values[0]};
            case 2:
                return values.clone();
            case 4: {
                int c = format.channelAxis();
                if (values[0] != 1 || values[c] != 1) {
                    throw new IllegalArgumentException("Current implementation does not yet support " + name
                            + " in the batch and depth dimensions. Got " + name + " " + Arrays.toString(values)
                            + " for " + format);
                }
                int h = format.heightAxis();
                return new int[] {values[h], values[h + 1]};
            }
            default:
                throw new IllegalStateException("length checked before: " + values.length);
        }
    }

    /** The Python wrapper's check: 1, 2 or 4 numbers, in TensorFlow 2's wording. */
    public static void checkLength(int[] values, String name) {
        if (values.length != 1 && values.length != 2 && values.length != 4) {
            throw new IllegalArgumentException(name + " should be of length 1, 2 or 4. Received: " + name + "="
                    + Arrays.toString(values) + " of length " + values.length);
        }
    }

    /** TensorFlow's way of printing a shape in kernel messages: {@code [4,4,1]}. */
    public static String shapeText(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return sb.append(']').toString();
    }

    /** TensorFlow's name of a dtype in its messages: {@code float} or {@code double}. */
    public static String tfName(DType t) {
        return t == DType.FLOAT32 ? "float" : "double";
    }
}
