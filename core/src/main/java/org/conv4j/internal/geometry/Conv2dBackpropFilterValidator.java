package org.conv4j.internal.geometry;

import java.util.Arrays;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;

/**
 * Checks a {@code conv2d_backprop_filter} request the way TensorFlow's CPU kernel
 * ({@code Conv2DCustomBackpropFilterOp} and {@code ConvBackpropComputeDimensionsV2}, label
 * {@code Conv2DCustomBackpropFilter}) does, in the same order and with the same wording, and turns
 * it into the {@link Conv2dGeometry} of the forward convolution whose filter gradient is asked
 * for: its input is {@code input}, its filter has shape {@code filter_sizes}, its output has
 * {@code out_backprop}'s shape.
 *
 * <p>Where TensorFlow's CPU kernel refuses what TensorFlow computes elsewhere (NCHW, dilations,
 * groups), conv4j accepts it; a dilation below 1 gets the text of TensorFlow's generic kernel
 * ({@code Dilated rates should be larger than 0.}) rather than the CPU kernel's, which speaks
 * of rates larger than 1.
 */
public final class Conv2dBackpropFilterValidator {
    /** TensorFlow's label in the messages of {@code ConvBackpropComputeDimensionsV2}. */
    private static final String LABEL = "Conv2DCustomBackpropFilter";

    private Conv2dBackpropFilterValidator() {
    }

    /**
     * @param filterSizes TensorFlow's {@code filter_sizes}: the shape of the gradient, HWIO
     * @throws IllegalArgumentException on any rule TensorFlow enforces, on groups that do not
     *     divide the output channels, or when a size does not fit a Java array
     */
    public static Conv2dGeometry validate(int[] inputShape, DType inputType, int[] filterSizes, int[] outBackpropShape,
            DType outBackpropType, Conv2dOptions options) {
        DataFormat format = options.dataFormat();
        // The kernel's attribute checks in its constructor's order: strides, padding, dilations.
        Conv2dValidator.checkLength(options.strides(), "strides");
        Conv2dValidator.checkLength(options.dilations(), "dilations");
        int[] stride = Conv2dValidator.spatialPair(options.strides(), "strides", format);
        if (stride[0] <= 0 || stride[1] <= 0) {
            throw new IllegalArgumentException("Row and column strides should be larger than 0. Got strides "
                    + Arrays.toString(options.strides()));
        }
        Padding padding = options.padding();
        int[] explicit = padding.kind() == Padding.Kind.EXPLICIT ? padding.spatial(format) : new int[4];
        int[] dilation = Conv2dValidator.spatialPair(options.dilations(), "dilations", format);
        if (dilation[0] <= 0 || dilation[1] <= 0) {
            throw new IllegalArgumentException("Dilated rates should be larger than 0. Got dilations "
                    + Arrays.toString(options.dilations()));
        }
        if (inputType != outBackpropType) {
            throw new IllegalArgumentException("cannot compute Conv2DBackpropFilter as input #2(zero-based) was expected to be a "
                    + Conv2dValidator.tfName(inputType) + " tensor but is a " + Conv2dValidator.tfName(outBackpropType)
                    + " tensor");
        }

        // Compute(): filter_sizes becomes a shape, then ConvBackpropComputeDimensionsV2.
        for (int d : filterSizes) {
            if (d < 0) {
                throw new IllegalArgumentException("Dimension " + d + " must be >= 0, got filter_sizes "
                        + Arrays.toString(filterSizes));
            }
        }
        if (inputShape.length != 4) {
            throw new IllegalArgumentException(LABEL + ": input must be 4-dimensional, got "
                    + Conv2dValidator.shapeText(inputShape));
        }
        if (filterSizes.length != 4) {
            throw new IllegalArgumentException(LABEL + ": filter must be 4-dimensional, got filter_sizes "
                    + Conv2dValidator.shapeText(filterSizes));
        }
        if (outBackpropShape.length != 4) {
            throw new IllegalArgumentException(LABEL + ": out_backprop must be 4-dimensional, got "
                    + Conv2dValidator.shapeText(outBackpropShape));
        }
        Tensor.checkedElementCount(inputShape);
        Tensor.checkedElementCount(outBackpropShape);
        if (inputShape[0] != outBackpropShape[0]) {
            throw new IllegalArgumentException(LABEL + ": input and out_backprop must have the same batch size. Input batch: "
                    + inputShape[0] + ", outbackprop batch: " + outBackpropShape[0] + ", batch_dim: 0");
        }
        int c = format.channelAxis();
        int h = format.heightAxis();
        int channels = inputShape[c];
        int kh = filterSizes[0];
        int kw = filterSizes[1];
        int kc = filterSizes[2];
        int oc = filterSizes[3];
        if (kc <= 0) {
            // (sic) "greated": TensorFlow's text.
            throw new IllegalArgumentException(LABEL + ": filter depth must be strictly greated than zero, got filter_sizes "
                    + Arrays.toString(filterSizes));
        }
        if (channels % kc != 0) {
            throw new IllegalArgumentException(LABEL + ": input depth must be evenly divisible by filter depth: "
                    + channels + " vs " + kc);
        }
        if (oc != outBackpropShape[c]) {
            throw new IllegalArgumentException(LABEL + ": filter and out_backprop must have the same out_depth: "
                    + oc + " vs " + outBackpropShape[c]);
        }
        Windowing.Window rows = spatial(inputShape, filterSizes, outBackpropShape, h, 0, dilation[0], stride[0], padding,
                explicit[0], explicit[1]);
        Windowing.Window cols = spatial(inputShape, filterSizes, outBackpropShape, h + 1, 1, dilation[1], stride[1], padding,
                explicit[2], explicit[3]);

        long gradientElements = (long) kh * kw * kc * oc;
        if (gradientElements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("filter_sizes " + Arrays.toString(filterSizes) + " has " + gradientElements
                    + " elements, more than a Java array can hold");
        }
        int groups = channels / kc;
        // TensorFlow's CPU kernel has no groups; its message for input depth 0 is kept, and conv4j
        // computes the others, which need whole groups of output channels.
        if (gradientElements > 0) {
            if (groups == 0) {
                throw new IllegalArgumentException("filter_size does not have enough elements, requested 0, got "
                        + gradientElements + " (input depth 0, filter_sizes " + Arrays.toString(filterSizes) + ")");
            }
            if (oc % groups != 0) {
                throw new IllegalArgumentException("output depth must be evenly divisible by number of groups: "
                        + oc + " vs " + groups);
            }
        }
        return new Conv2dGeometry(inputType, format, new int[] {inputShape[0]}, inputShape[0], inputShape[h],
                inputShape[h + 1], channels, kh, kw, kc, oc, Math.max(groups, 1), stride[0], stride[1], dilation[0],
                dilation[1], rows.padBefore(), rows.padAfter(), cols.padBefore(), cols.padAfter(), rows.outputSize(),
                cols.outputSize());
    }

    /**
     * One spatial dimension ({@code ConvBackpropExtractAndVerifyDimension}): the forward output
     * size and padding, which out_backprop's size must equal.
     */
    private static Windowing.Window spatial(int[] inputShape, int[] filterSizes, int[] outBackpropShape, int dim,
            int filterDim, int dilation, int stride, Padding padding, int before, int after) {
        Windowing.Window w = Windowing.compute(inputShape[dim], filterSizes[filterDim], dilation, stride, padding.kind(),
                before, after);
        if (outBackpropShape[dim] != w.outputSize()) {
            throw new IllegalArgumentException(LABEL + ": Size of out_backprop doesn't match computed: actual = "
                    + outBackpropShape[dim] + ", computed = " + w.outputSize() + " spatial_dim: " + dim + " input: "
                    + inputShape[dim] + " filter: " + filterSizes[filterDim] + " output: " + outBackpropShape[dim]
                    + " stride: " + stride + " dilation: " + dilation);
        }
        return w;
    }
}
