package org.conv4j.internal.algo;

import org.conv4j.DataFormat;
import org.conv4j.internal.geometry.Conv2dGeometry;

/**
 * Where an algorithm writes output pixel {@code (b, oy, ox)}, channel {@code k}:
 * {@code base + b*batchStride + oy*rowStride + ox*columnStride + k*channelStride}.
 *
 * <p>Normally the output tensor of the geometry itself ({@link #of}). The input gradient of a
 * strided convolution is computed as several stride-1 convolutions, one per sub-pixel phase,
 * each writing every {@code stride}-th row and column of the same tensor
 * ({@link #phase}): no scatter pass, no buffer.
 */
public record OutputLayout(int base, int batchStride, int rowStride, int columnStride, int channelStride) {

    /** The geometry's own output tensor, NHWC or NCHW. */
    public static OutputLayout of(Conv2dGeometry g) {
        return phase(g.format(), g.outHeight(), g.outWidth(), g.outChannels(), 1, 1, 0, 0);
    }

    /**
     * The pixels {@code (rowOffset + oy*rowStep, columnOffset + ox*columnStep)} of a tensor of
     * {@code height x width} pixels and {@code channels} channels.
     */
    public static OutputLayout phase(DataFormat format, int height, int width, int channels, int rowStep, int columnStep,
            int rowOffset, int columnOffset) {
        int plane = height * width;
        if (format == DataFormat.NHWC) {
            return new OutputLayout((rowOffset * width + columnOffset) * channels, plane * channels,
                    rowStep * width * channels, columnStep * channels, 1);
        }
        return new OutputLayout(rowOffset * width + columnOffset, channels * plane, rowStep * width, columnStep, plane);
    }

    /** The index of pixel {@code (b, oy, ox)}, channel {@code k}. */
    public int index(int b, int oy, int ox, int k) {
        return base + b * batchStride + oy * rowStride + ox * columnStride + k * channelStride;
    }

    /**
     * Whether consecutive pixels are always {@code columnStride} apart, across rows and images
     * too (the geometry's own tensor): then any run of pixels is evenly spaced.
     */
    public boolean dense(int outHeight, int outWidth) {
        return rowStride == outWidth * columnStride && batchStride == outHeight * rowStride;
    }
}
