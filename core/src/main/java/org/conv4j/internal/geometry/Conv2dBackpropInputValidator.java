package org.conv4j.internal.geometry;

import java.util.Arrays;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;

/**
 * Checks a {@code conv2d_backprop_input} request (TensorFlow's {@code Conv2DBackpropInput}, and
 * so {@code conv2d_transpose}) the way TensorFlow's CPU kernel does, in the same order and with
 * the same wording (see {@code tf-conv-semantics.md} §9 and Appendix A), and turns it into the
 * {@link Conv2dGeometry} of the forward convolution whose input gradient is asked for: its input
 * has the shape {@code input_sizes} gives (the shape of the result), its output the shape of
 * {@code out_backprop}.
 *
 * <p>Where TensorFlow's CPU kernel refuses a request that TensorFlow computes on other devices
 * (NCHW, dilations, grouped convolutions), conv4j computes it: those refusals are not here.
 * Groups are {@code input depth / filter depth}, as in the forward conv2d.
 */
public final class Conv2dBackpropInputValidator {
    /** TensorFlow's label for the shape checks of its CPU kernel. */
    private static final String LABEL = "Conv2DCustomBackpropInput";

    private Conv2dBackpropInputValidator() {
    }

    /**
     * @param inputSizes TensorFlow's {@code input_sizes}: the 4 dimensions of the result in
     *     data-format order, or its 2 spatial ones ({@code [H, W]}: batch from
     *     {@code out_backprop}, depth from {@code filter.shape[2]})
     * @throws IllegalArgumentException on any rule TensorFlow enforces, or when a size does not
     *     fit a Java array
     */
    public static Conv2dGeometry validate(int[] inputSizes, int[] filterShape, DType filterType, int[] outBackpropShape,
            DType outBackpropType, Conv2dOptions options) {
        DataFormat format = options.dataFormat();
        // TensorFlow's order: the attributes (kernel construction), the dtypes, then Compute():
        // out_backprop's rank, input_sizes, and ConvBackpropComputeDimensionsV2.
        Conv2dValidator.Attributes attributes = Conv2dValidator.attributes(options);
        if (filterType != outBackpropType) {
            throw new IllegalArgumentException("cannot compute Conv2DBackpropInput as input #2(zero-based) was expected to be a "
                    + Conv2dValidator.tfName(filterType) + " tensor but is a " + Conv2dValidator.tfName(outBackpropType)
                    + " tensor");
        }
        if (outBackpropShape.length != 4) {
            // TensorFlow's text names input_sizes, but the rank it checks is out_backprop's.
            throw new IllegalArgumentException("input_sizes must be 4-dimensional, got: " + outBackpropShape.length
                    + " (out_backprop " + Conv2dValidator.shapeText(outBackpropShape) + " must be 4-dimensional)");
        }
        int[] inputShape = inputShape(inputSizes, filterShape, outBackpropShape, format);
        if (filterShape.length != 4) {
            throw new IllegalArgumentException(LABEL + ": filter must be 4-dimensional, got "
                    + Conv2dValidator.shapeText(filterShape));
        }
        int batch = inputShape[0];
        if (batch != outBackpropShape[0]) {
            throw new IllegalArgumentException(LABEL + ": input and out_backprop must have the same batch size. Input batch: "
                    + batch + ", outbackprop batch: " + outBackpropShape[0] + ", batch_dim: 0");
        }
        int c = format.channelAxis();
        int h = format.heightAxis();
        int channels = inputShape[c];
        int kh = filterShape[0];
        int kw = filterShape[1];
        int kc = filterShape[2];
        int oc = filterShape[3];
        if (kc <= 0) {
            throw new IllegalArgumentException(LABEL + ": filter depth must be strictly greated than zero, got " + kc);
        }
        if (channels % kc != 0) {
            throw new IllegalArgumentException(LABEL + ": input depth must be evenly divisible by filter depth: "
                    + channels + " vs " + kc);
        }
        if (oc != outBackpropShape[c]) {
            throw new IllegalArgumentException(LABEL + ": filter and out_backprop must have the same out_depth: filter "
                    + Conv2dValidator.shapeText(filterShape) + " has " + oc + ", out_backprop "
                    + Conv2dValidator.shapeText(outBackpropShape) + " has " + outBackpropShape[c]);
        }
        int[] explicit = attributes.explicitPadding();
        Windowing.Window rows = spatialDimension(inputShape[h], kh, attributes.dilationH(), attributes.strideH(),
                options.padding().kind(), explicit[0], explicit[1], outBackpropShape[h], h);
        Windowing.Window cols = spatialDimension(inputShape[h + 1], kw, attributes.dilationW(), attributes.strideW(),
                options.padding().kind(), explicit[2], explicit[3], outBackpropShape[h + 1], h + 1);

        // Only now the sizes Java can hold: TensorFlow's own checks come first.
        int inputElements = Tensor.checkedElementCount(inputShape);
        int outElements = Tensor.checkedElementCount(outBackpropShape);
        Tensor.checkedElementCount(filterShape);
        int groups = channels / kc;
        // As the forward conv2d: the group rule only matters when there is something to compute.
        if (inputElements > 0 && outElements > 0 && (oc % groups != 0 || oc < groups)) {
            throw new IllegalArgumentException("output depth must be evenly divisible by number of groups: "
                    + oc + " vs " + groups);
        }
        return new Conv2dGeometry(filterType, format, new int[] {batch}, batch, inputShape[h], inputShape[h + 1], channels,
                kh, kw, kc, oc, Math.max(groups, 1), attributes.strideH(), attributes.strideW(),
                attributes.dilationH(), attributes.dilationW(), rows.padBefore(), rows.padAfter(), cols.padBefore(),
                cols.padAfter(), rows.outputSize(), cols.outputSize());
    }

    /** TensorFlow's {@code Conv2DBackpropComputeInputShape}: the shape of the result. */
    private static int[] inputShape(int[] sizes, int[] filterShape, int[] outBackpropShape, DataFormat format) {
        if (sizes.length == 4) {
            for (int d : sizes) {
                if (d < 0) {
                    throw new IllegalArgumentException("Dimension " + d + " must be >= 0 (input_sizes "
                            + Arrays.toString(sizes) + ")");
                }
            }
            return sizes.clone();
        }
        if (sizes.length == 2) {
            if (sizes[0] < 0 || sizes[1] < 0) {
                throw new IllegalArgumentException("Conv2DBackpropInput: elements of input_sizes must be >= 0, not "
                        + sizes[0] + "x" + sizes[1]);
            }
            // TensorFlow takes the depth from filter.shape[2] (so no groups) and the batch from
            // out_backprop; a filter of another rank is reported just after.
            int depth = filterShape.length > 2 ? filterShape[2] : 0;
            int[] shape = new int[4];
            shape[0] = outBackpropShape[0];
            shape[format.heightAxis()] = sizes[0];
            shape[format.heightAxis() + 1] = sizes[1];
            shape[format.channelAxis()] = depth;
            return shape;
        }
        throw new IllegalArgumentException("Conv2DBackpropInput requires input_sizes to contain 4 values or 2 values, but got: "
                + sizes.length + " (input_sizes " + Arrays.toString(sizes) + ")");
    }

    /**
     * The forward window along one dimension, which out_backprop must match exactly: TensorFlow's
     * {@code ConvBackpropExtractAndVerifyDimension}.
     */
    private static Windowing.Window spatialDimension(int inputSize, int filterSize, int dilation, int stride,
            Padding.Kind kind, int before, int after, int outBackpropSize, int spatialDim) {
        Windowing.Window w = Windowing.compute(inputSize, filterSize, dilation, stride, kind, before, after);
        if (w.outputSize() != outBackpropSize) {
            throw new IllegalArgumentException(LABEL + ": Size of out_backprop doesn't match computed: actual = "
                    + outBackpropSize + ", computed = " + w.outputSize() + " spatial_dim: " + spatialDim + " input: "
                    + inputSize + " filter: " + filterSize + " output: " + outBackpropSize + " stride: " + stride
                    + " dilation: " + dilation);
        }
        return w;
    }
}
