package org.conv4j.internal.geometry;

import org.conv4j.DType;
import org.conv4j.DataFormat;

/**
 * A validated conv2d problem: every size an algorithm needs, decided once. Nothing below this
 * point checks user input again.
 *
 * <p>{@code batch} is the product of all leading batch dimensions ({@code batchShape}), which
 * are folded into one as TensorFlow 2 does for inputs of rank 5 and more. {@code groups} is
 * {@code channels / filterChannels}; each group maps {@code filterChannels} input channels to
 * {@code outChannels / groups} output channels.
 */
public record Conv2dGeometry(
        DType dtype,
        DataFormat format,
        int[] batchShape,
        int batch,
        int height,
        int width,
        int channels,
        int filterHeight,
        int filterWidth,
        int filterChannels,
        int outChannels,
        int groups,
        int strideH,
        int strideW,
        int dilationH,
        int dilationW,
        int padTop,
        int padBottom,
        int padLeft,
        int padRight,
        int outHeight,
        int outWidth) {

    /** Output channels per group. */
    public int outChannelsPerGroup() {
        return outChannels / groups;
    }

    /** Elements of one input image ({@code H*W*C}). */
    public int inputImageSize() {
        return height * width * channels;
    }

    /** Elements of one output image ({@code OH*OW*OC}). */
    public int outputImageSize() {
        return outHeight * outWidth * outChannels;
    }

    /** Elements of the whole output. */
    public int outputSize() {
        return batch * outputImageSize();
    }

    /** Elements of the filter ({@code KH*KW*KC*OC}). */
    public int filterSize() {
        return filterHeight * filterWidth * filterChannels * outChannels;
    }

    /** Multiply-adds of the whole convolution, times two. */
    public double flops() {
        return 2.0 * batch * outHeight * outWidth * outChannels * filterHeight * filterWidth * filterChannels;
    }

    /** The input shape in the user's form (leading batch dimensions unfolded). */
    public int[] inputShape() {
        return withBatch(format == DataFormat.NHWC
                ? new int[] {height, width, channels} : new int[] {channels, height, width});
    }

    /** The output shape in the user's form (leading batch dimensions unfolded). */
    public int[] outputShape() {
        return withBatch(format == DataFormat.NHWC
                ? new int[] {outHeight, outWidth, outChannels} : new int[] {outChannels, outHeight, outWidth});
    }

    private int[] withBatch(int[] inner) {
        int[] shape = new int[batchShape.length + 3];
        System.arraycopy(batchShape, 0, shape, 0, batchShape.length);
        System.arraycopy(inner, 0, shape, batchShape.length, 3);
        return shape;
    }

    /** A compact one-line description, oneDNN benchdnn style. */
    public String describe() {
        return String.format("%s %s n%d ih%dx%d ic%d -> oh%dx%d oc%d, k%dx%d s%dx%d d%dx%d pad t%d b%d l%d r%d g%d",
                format, dtype == DType.FLOAT32 ? "f32" : "f64", batch, height, width, channels,
                outHeight, outWidth, outChannels, filterHeight, filterWidth, strideH, strideW,
                dilationH, dilationW, padTop, padBottom, padLeft, padRight, groups);
    }
}
