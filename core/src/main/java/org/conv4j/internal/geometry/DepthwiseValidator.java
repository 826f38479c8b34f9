package org.conv4j.internal.geometry;

import java.util.Arrays;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;

/**
 * Checks a depthwise_conv2d request the way TensorFlow's {@code DepthwiseConv2dNative} CPU kernel
 * does, in its order and with its words (tf-conv-semantics.md §11 and Appendix A, rows
 * {@code dw_*}), and describes it as the grouped conv2d it is: {@code groups = C}, the filter
 * {@code [KH, KW, C, M]} read as {@code [KH, KW, 1, C*M]} (the same memory), output channel
 * {@code k*M + q}. The window arithmetic is conv2d's ({@link Windowing}).
 *
 * <p>Where TensorFlow's kernel refuses what TensorFlow computes elsewhere, conv4j computes it:
 * dilations (TensorFlow's Python wrapper goes through space_to_batch; stride and dilation
 * together follow the definition, as TensorFlow's grouped Conv2D does), NCHW, and extra
 * leading batch dimensions, as conv2d takes them.
 *
 * <p>Unlike Conv2D, TensorFlow's depthwise kernel accepts a filter with a zero-sized window: the
 * sums are empty and the output is zeros. So does conv4j.
 */
public final class DepthwiseValidator {
    private DepthwiseValidator() {
    }

    /**
     * @param filterShape {@code [KH, KW, C, M]}
     * @throws IllegalArgumentException on any rule TensorFlow enforces, or when a size does not
     *     fit a Java array
     */
    public static Conv2dGeometry validate(int[] inputShape, DType inputType, int[] filterShape, DType filterType,
            Conv2dOptions options) {
        DataFormat format = options.dataFormat();
        int[] strides = options.strides();
        // The kernel's order: strides (equal rows and columns first, then batch and depth),
        // padding, dilations; the op's dtype check; then the shapes.
        if (strides.length != 1 && strides.length != 2 && strides.length != 4) {
            // tf.nn.depthwise_conv2d hands its strides to the kernel as they are.
            throw new IllegalArgumentException("Sliding window strides field must specify 4 dimensions (conv4j also "
                    + "takes 1 or 2 numbers: height and width), got " + Arrays.toString(strides));
        }
        Conv2dValidator.checkLength(options.dilations(), "dilations");
        int[] rowCol = strides.length == 4 ? new int[] {strides[format.heightAxis()], strides[format.heightAxis() + 1]}
                : Conv2dValidator.spatialPair(strides, "strides", format);
        if (rowCol[0] != rowCol[1]) {
            throw new IllegalArgumentException("Current implementation only supports equal length strides in the row and "
                    + "column dimensions. Got strides " + Arrays.toString(strides));
        }
        int stride = Conv2dValidator.spatialPair(strides, "strides", format)[0];
        Padding padding = options.padding();
        int[] explicit = padding.kind() == Padding.Kind.EXPLICIT ? padding.spatial(format) : new int[4];
        int[] dilation = Conv2dValidator.spatialPair(options.dilations(), "dilations", format);
        if (dilation[0] <= 0 || dilation[1] <= 0) {
            // TensorFlow's kernel takes no dilations; its Python wrapper (with_space_to_batch) says this.
            throw new IllegalArgumentException("`dilation_rate` must be positive. Received: dilation_rate="
                    + Arrays.toString(dilation));
        }
        if (inputType != filterType) {
            throw new IllegalArgumentException("cannot compute DepthwiseConv2dNative as input #1(zero-based) was expected "
                    + "to be a " + Conv2dValidator.tfName(inputType) + " tensor but is a "
                    + Conv2dValidator.tfName(filterType) + " tensor");
        }

        if (inputShape.length < 4) {
            throw new IllegalArgumentException("input must be 4-dimensional" + Conv2dValidator.shapeText(inputShape));
        }
        if (filterShape.length != 4) {
            throw new IllegalArgumentException("filter must be 4-dimensional: " + Conv2dValidator.shapeText(filterShape));
        }
        Tensor.checkedElementCount(inputShape);
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
        int multiplier = filterShape[3];
        if (channels != filterShape[2]) {
            throw new IllegalArgumentException("input and filter must have the same depth: " + channels + " vs "
                    + filterShape[2]);
        }
        if (stride <= 0) {
            throw new IllegalArgumentException("Stride must be > 0, but got " + stride);
        }
        Windowing.Window rows = Windowing.compute(height, kh, dilation[0], stride, padding.kind(), explicit[0], explicit[1]);
        Windowing.Window cols = Windowing.compute(width, kw, dilation[1], stride, padding.kind(), explicit[2], explicit[3]);

        long outChannels = (long) channels * multiplier;
        long outElements = (long) batch * rows.outputSize() * cols.outputSize() * outChannels;
        if (outChannels > Integer.MAX_VALUE - 8 || outElements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("output [batch " + batch + ", " + rows.outputSize() + "x" + cols.outputSize()
                    + ", channels " + outChannels + "] has " + outElements + " elements, more than a Java array can hold");
        }
        return new Conv2dGeometry(inputType, format, batchShape, batch, height, width, channels, kh, kw, 1,
                (int) outChannels, Math.max(channels, 1), stride, stride, dilation[0], dilation[1],
                rows.padBefore(), rows.padAfter(), cols.padBefore(), cols.padAfter(),
                rows.outputSize(), cols.outputSize());
    }
}
