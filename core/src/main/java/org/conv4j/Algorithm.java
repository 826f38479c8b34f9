package org.conv4j;

/** Which implementation computes a convolution. Every one gives TensorFlow's answer. */
public enum Algorithm {
    /** Let the plan choose the fastest algorithm for the shapes (the default). */
    AUTO,
    /**
     * The plain loops (batch, output row, column, channel, then the filter window), summing in
     * double. Slow, simple, and the oracle the fast paths are tested against.
     */
    REFERENCE,
    /**
     * Image patches gathered a tile at a time and multiplied by the packed filter with a
     * register-blocked matrix-multiply kernel; never materialises the whole patch matrix.
     */
    GEMM,
    /**
     * Winograd's F(2x2, 3x3): 2.25 times fewer multiplies for 3x3, stride-1, ungrouped float32
     * NHWC layers, dilated or not (others are refused at plan time). Rounding differs from
     * direct summation in the last bits, well within float32 tolerance.
     */
    WINOGRAD
}
