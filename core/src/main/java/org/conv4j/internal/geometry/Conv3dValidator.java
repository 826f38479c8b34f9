package org.conv4j.internal.geometry;

import java.util.Arrays;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;

/**
 * Checks a conv3d request the way TensorFlow 2.18's {@code Conv3D} kernel does, in the same
 * order and with the same wording, and turns it into a {@link Conv3dGeometry}. Where
 * TensorFlow's message does not name the offending values, they are appended.
 *
 * <p>TensorFlow's order, confirmed on TF 2.18: Python's lengths of strides and dilations
 * ({@code tf.nn.convolution}'s 1, 3 or 5 numbers), then the kernel's attribute checks (strides:
 * batch/channel, then positive; dilations likewise), the dtype, the ranks, the filter depth,
 * the channel divisibility, a filter with no elements, and the output size per dimension
 * (depth, height, width). An empty output then returns at once.
 *
 * <p>What TensorFlow's CPU kernel refuses after those checks, conv4j computes: NCDHW (TF: "CPU
 * implementation of Conv3D currently only supports the NHWC tensor format."), dilations ("...
 * only supports dilated rates of 1.") and groups ("Number of channels in filter (2) must match
 * last dimension of input (4)"; TF's GPU kernel computes them). Explicit padding, which
 * TensorFlow's Conv3D does not have, is taken as six values, front, back, top, bottom, left,
 * right.
 */
public final class Conv3dValidator {
    private Conv3dValidator() {
    }

    /**
     * @throws IllegalArgumentException on any rule TensorFlow enforces, or when a size does not
     *     fit a Java array
     */
    public static Conv3dGeometry validate(int[] inputShape, DType inputType, int[] filterShape, DType filterType,
            Conv2dOptions options) {
        DataFormat format = options.dataFormat();
        String formatName = SpatialAttributes.formatName(3, format);
        int[] stridesGiven = options.strides();
        int[] dilationsGiven = options.dilations();
        SpatialAttributes.checkLength(stridesGiven, 3, "strides");
        SpatialAttributes.checkLength(dilationsGiven, 3, "dilations");
        if (SpatialAttributes.batchOrChannelSet(stridesGiven, 3, format)) {
            throw new IllegalArgumentException("Current implementation does not yet support strides in the batch and depth "
                    + "dimensions. Got strides " + Arrays.toString(stridesGiven) + " for " + formatName);
        }
        int[] stride = SpatialAttributes.spatial(stridesGiven, 3, format);
        if (SpatialAttributes.anyBelowOne(stride)) {
            throw new IllegalArgumentException("Spatial strides should be larger than 0. Got strides "
                    + Arrays.toString(stridesGiven));
        }
        if (SpatialAttributes.batchOrChannelSet(dilationsGiven, 3, format)) {
            throw new IllegalArgumentException("Current implementation does not yet support dilation rates in the batch and "
                    + "depth dimensions. Got dilations " + Arrays.toString(dilationsGiven) + " for " + formatName);
        }
        int[] dilation = SpatialAttributes.spatial(dilationsGiven, 3, format);
        if (SpatialAttributes.anyBelowOne(dilation)) {
            throw new IllegalArgumentException("Dilated rates should be larger than 0. Got dilations "
                    + Arrays.toString(dilationsGiven));
        }
        Padding padding = options.padding();
        int[] explicit = padding.kind() == Padding.Kind.EXPLICIT
                ? SpatialAttributes.explicitPadding(padding, 3, "conv3d", "front, back, top, bottom, left, right")
                : new int[6];
        if (inputType != filterType) {
            throw new IllegalArgumentException("cannot compute Conv3D as input #1(zero-based) was expected to be a "
                    + tfName(inputType) + " tensor but is a " + tfName(filterType) + " tensor");
        }

        if (inputShape.length < 5) {
            throw new IllegalArgumentException("input must be 5-dimensional, got shape " + Conv2dValidator.shapeText(inputShape));
        }
        if (filterShape.length != 5) {
            throw new IllegalArgumentException("filter must be 5-dimensional, got shape " + Conv2dValidator.shapeText(filterShape));
        }
        Tensor.checkedElementCount(inputShape);
        int filterElements = Tensor.checkedElementCount(filterShape);

        // Extra leading batch dimensions are folded, as tf.nn.conv3d does (squeeze_batch_dims).
        int lead = inputShape.length - 4;
        int[] batchShape = Arrays.copyOf(inputShape, lead);
        long batchLong = 1;
        for (int d : batchShape) {
            batchLong *= d; // cannot overflow: the whole input fits an int
        }
        int batch = (int) batchLong;
        boolean last = format == DataFormat.NHWC;
        int channels = inputShape[last ? lead + 3 : lead];
        int depth = inputShape[lead + (last ? 0 : 1)];
        int height = inputShape[lead + (last ? 1 : 2)];
        int width = inputShape[lead + (last ? 2 : 3)];
        int kd = filterShape[0];
        int kh = filterShape[1];
        int kw = filterShape[2];
        int kc = filterShape[3];
        int oc = filterShape[4];

        if (kc == 0) {
            throw new IllegalArgumentException("filter_depth must be non-zero, got filter shape "
                    + Conv2dValidator.shapeText(filterShape));
        }
        if (channels % kc != 0) {
            throw new IllegalArgumentException("Input depth must be evenly divisible by filter depth: " + channels + " vs " + kc);
        }
        if (filterElements == 0) {
            throw new IllegalArgumentException("filter must not have zero elements (i.e. all dimensions must be non-zero), got "
                    + Conv2dValidator.shapeText(filterShape));
        }
        Windowing.Window planes = Windowing.compute(depth, kd, dilation[0], stride[0], padding.kind(), explicit[0], explicit[1]);
        Windowing.Window rows = Windowing.compute(height, kh, dilation[1], stride[1], padding.kind(), explicit[2], explicit[3]);
        Windowing.Window cols = Windowing.compute(width, kw, dilation[2], stride[2], padding.kind(), explicit[4], explicit[5]);

        int groups = channels / kc;
        long outElements = (long) batch * planes.outputSize() * rows.outputSize() * cols.outputSize() * oc;
        if (outElements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("output [batch " + batch + ", " + planes.outputSize() + "x" + rows.outputSize()
                    + "x" + cols.outputSize() + ", channels " + oc + "] has " + outElements
                    + " elements, more than a Java array can hold");
        }
        // As TensorFlow: an empty output returns before the kernel looks at channels and groups.
        if (outElements > 0) {
            if (groups == 0) {
                throw new IllegalArgumentException("Number of channels in filter (" + kc
                        + ") must match last dimension of input (0), got input shape " + Conv2dValidator.shapeText(inputShape));
            }
            if (oc % groups != 0) {
                throw new IllegalArgumentException("output depth must be evenly divisible by number of groups: "
                        + oc + " vs " + groups);
            }
        }
        return new Conv3dGeometry(inputType, format, batchShape, batch, depth, height, width, channels, kd, kh, kw, kc, oc,
                Math.max(groups, 1), stride[0], stride[1], stride[2], dilation[0], dilation[1], dilation[2],
                planes.padBefore(), planes.padAfter(), rows.padBefore(), rows.padAfter(), cols.padBefore(), cols.padAfter(),
                planes.outputSize(), rows.outputSize(), cols.outputSize());
    }

    private static String tfName(DType t) {
        return t == DType.FLOAT32 ? "float" : "double";
    }
}
