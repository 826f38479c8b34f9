package org.conv4j.internal.geometry;

import java.util.Arrays;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;

/**
 * Checks a conv1d request and turns it into the conv2d problem TensorFlow computes for it:
 * {@code tf.nn.conv1d} inserts a height of 1 (input {@code batch + [W, C]} becomes
 * {@code batch + [1, W, C]}, or {@code batch + [C, 1, W]} for NCW; filter {@code [KW, KC, OC]}
 * becomes {@code [1, KW, KC, OC]}), runs Conv2D and squeezes the height out again. The
 * conv2d problem has the same arrays, so nothing is copied.
 *
 * <p>Checks, in TensorFlow's order: the lengths of strides and dilations (Python's
 * {@code _get_sequence}), then Conv2D's own checks with Conv2D's texts. Two differences from
 * TensorFlow, both documented on {@code Convolution.conv1d}: the 3-number forms must have 1 in
 * their batch and channel entries (TensorFlow's wrapper shifts a 3-number form onto the 4-number
 * one so that, for NWC, a batch stride silently lands on the inserted height axis), and explicit
 * padding (a {@code left, right} pair), which TensorFlow's conv1d does not offer, is taken.
 */
public final class Conv1dValidator {
    private Conv1dValidator() {
    }

    /**
     * @param stridesName how the strides are called in the message: {@code tf.nn.conv1d} says
     *     {@code stride}, {@code tf.nn.convolution} {@code strides}
     * @return the geometry of the conv2d problem with the inserted height
     * @throws IllegalArgumentException on any rule TensorFlow enforces, with its text
     */
    public static Conv2dGeometry validate(int[] inputShape, DType inputType, int[] filterShape, DType filterType,
            Conv2dOptions options, String stridesName) {
        DataFormat format = options.dataFormat();
        String formatName = SpatialAttributes.formatName(1, format);
        int[] strides = options.strides();
        int[] dilations = options.dilations();
        SpatialAttributes.checkLength(strides, 1, stridesName);
        SpatialAttributes.checkLength(dilations, 1, "dilations");
        if (SpatialAttributes.batchOrChannelSet(strides, 1, format)) {
            throw new IllegalArgumentException("Current implementation does not yet support strides in the batch and depth "
                    + "dimensions. Got " + stridesName + " " + Arrays.toString(strides) + " for " + formatName);
        }
        int stride = SpatialAttributes.spatial(strides, 1, format)[0];
        if (stride <= 0) {
            throw new IllegalArgumentException("Row and column strides should be larger than 0. Got " + stridesName + " "
                    + Arrays.toString(strides));
        }
        if (SpatialAttributes.batchOrChannelSet(dilations, 1, format)) {
            throw new IllegalArgumentException("Current implementation does not yet support dilations in the batch and depth "
                    + "dimensions. Got dilations " + Arrays.toString(dilations) + " for " + formatName);
        }
        int dilation = SpatialAttributes.spatial(dilations, 1, format)[0];
        if (dilation <= 0) {
            throw new IllegalArgumentException("Dilated rates should be larger than 0. Got dilations "
                    + Arrays.toString(dilations));
        }
        Padding padding = options.padding();
        if (padding.kind() == Padding.Kind.EXPLICIT) {
            int[] pair = SpatialAttributes.explicitPadding(padding, 1, "conv1d", "left, right");
            padding = Padding.explicit(0, 0, pair[0], pair[1]);
        }
        Conv2dOptions conv2d = options.toBuilder().strides(1, stride).dilations(1, dilation).padding(padding).build();
        int[] input = withHeight(inputShape, format);
        int[] filter = new int[filterShape.length + 1];
        filter[0] = 1;
        System.arraycopy(filterShape, 0, filter, 1, filterShape.length);
        try {
            return Conv2dValidator.validate(input, inputType, filter, filterType, conv2d);
        } catch (IllegalArgumentException e) {
            if (inputShape.length < 3 || filterShape.length != 3) {
                // Conv2D names the shapes with the inserted height; say where they come from.
                throw new IllegalArgumentException(e.getMessage() + " (conv1d inserts a height of 1 into its input "
                        + Conv2dValidator.shapeText(inputShape) + " and filter " + Conv2dValidator.shapeText(filterShape)
                        + "; it takes an input of rank 3 or more and a filter of rank 3)", e);
            }
            throw e;
        }
    }

    /** The conv1d output shape: the conv2d problem's output without its height of 1. */
    public static int[] outputShape(Conv2dGeometry g) {
        return withoutHeight(g.outputShape(), g.format());
    }

    /** The conv1d input shape of a conv2d problem made by {@link #validate}. */
    public static int[] inputShape(Conv2dGeometry g) {
        return withoutHeight(g.inputShape(), g.format());
    }

    /** {@code batch + [W, C]} to {@code batch + [1, W, C]}, or {@code batch + [C, W]} to {@code batch + [C, 1, W]}. */
    private static int[] withHeight(int[] shape, DataFormat format) {
        int at = Math.max(0, shape.length - (format == DataFormat.NHWC ? 2 : 1));
        int[] out = new int[shape.length + 1];
        System.arraycopy(shape, 0, out, 0, at);
        out[at] = 1;
        System.arraycopy(shape, at, out, at + 1, shape.length - at);
        return out;
    }

    private static int[] withoutHeight(int[] shape, DataFormat format) {
        int at = shape.length - (format == DataFormat.NHWC ? 3 : 2);
        int[] out = new int[shape.length - 1];
        System.arraycopy(shape, 0, out, 0, at);
        System.arraycopy(shape, at + 1, out, at, shape.length - at - 1);
        return out;
    }
}
