package org.conv4j.internal.geometry;

import org.conv4j.DType;
import org.conv4j.DataFormat;

/**
 * A validated conv3d problem: every size an algorithm needs, decided once (see
 * {@link Conv2dGeometry}, whose conventions it follows, with depth as a third spatial dimension
 * outside height). {@code format} {@link DataFormat#NHWC} stands for NDHWC (channels last),
 * {@link DataFormat#NCHW} for NCDHW; the filter is always {@code [KD, KH, KW, KC, OC]}.
 */
public record Conv3dGeometry(
        DType dtype,
        DataFormat format,
        int[] batchShape,
        int batch,
        int depth,
        int height,
        int width,
        int channels,
        int filterDepth,
        int filterHeight,
        int filterWidth,
        int filterChannels,
        int outChannels,
        int groups,
        int strideD,
        int strideH,
        int strideW,
        int dilationD,
        int dilationH,
        int dilationW,
        int padFront,
        int padBack,
        int padTop,
        int padBottom,
        int padLeft,
        int padRight,
        int outDepth,
        int outHeight,
        int outWidth) {

    /** Output channels per group. */
    public int outChannelsPerGroup() {
        return outChannels / groups;
    }

    /** Elements of the whole input. */
    public long inputSize() {
        return (long) batch * depth * height * width * channels;
    }

    /** Elements of the whole output. */
    public int outputSize() {
        return batch * outDepth * outHeight * outWidth * outChannels;
    }

    /** Multiply-adds of the whole convolution, times two. */
    public double flops() {
        return 2.0 * batch * outDepth * outHeight * outWidth * outChannels * filterDepth * filterHeight * filterWidth
                * filterChannels;
    }

    /** The input shape in the user's form (leading batch dimensions unfolded). */
    public int[] inputShape() {
        return withBatch(format == DataFormat.NHWC ? new int[] {depth, height, width, channels}
                : new int[] {channels, depth, height, width});
    }

    /** The output shape in the user's form (leading batch dimensions unfolded). */
    public int[] outputShape() {
        return withBatch(format == DataFormat.NHWC ? new int[] {outDepth, outHeight, outWidth, outChannels}
                : new int[] {outChannels, outDepth, outHeight, outWidth});
    }

    private int[] withBatch(int[] inner) {
        int[] shape = new int[batchShape.length + 4];
        System.arraycopy(batchShape, 0, shape, 0, batchShape.length);
        System.arraycopy(inner, 0, shape, batchShape.length, 4);
        return shape;
    }

    /** A compact one-line description, as {@link Conv2dGeometry#describe()}. */
    public String describe() {
        return String.format("%s %s n%d id%dx%dx%d ic%d -> od%dx%dx%d oc%d, k%dx%dx%d s%dx%dx%d d%dx%dx%d "
                + "pad f%d b%d t%d b%d l%d r%d g%d",
                format == DataFormat.NHWC ? "NDHWC" : "NCDHW", dtype == DType.FLOAT32 ? "f32" : "f64", batch, depth, height,
                width, channels, outDepth, outHeight, outWidth, outChannels, filterDepth, filterHeight, filterWidth,
                strideD, strideH, strideW, dilationD, dilationH, dilationW, padFront, padBack, padTop, padBottom, padLeft,
                padRight, groups);
    }
}
