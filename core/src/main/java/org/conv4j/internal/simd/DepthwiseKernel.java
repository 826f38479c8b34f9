package org.conv4j.internal.simd;

/**
 * The depthwise micro-kernel: a run of output pixels of one row, every channel convolved with
 * its own taps, channels innermost (NHWC) and vectorised over them. A depthwise layer has no
 * reduction over channels, so a GEMM would multiply 1-deep matrices; here each channel's taps
 * meet its own input values directly, and the work is bound by memory, not arithmetic.
 *
 * <pre>{@code
 * for p < count, c < channels:
 *   out[outOff + p*channels + c] =
 *       sum_{tapFrom <= t < tapTo} taps[t*channels + c] * in[inOff + p*pixelStep + tapOffsets[t] + c]
 * }</pre>
 *
 * <p>{@code inOff + tapOffsets[t]} is where tap {@code t} reads for pixel 0; only taps in
 * {@code [tapFrom, tapTo)} are read (an empty range writes zeros), so a caller can leave out
 * the filter rows that fall outside the input. The sum runs in tap order with fused
 * multiply-adds, starting from zero, for every channel on every path: the scalar and vector
 * kernels give the same bits.
 */
public interface DepthwiseKernel {
    /** float32 run; see the class comment. */
    void row(float[] in, int inOff, int pixelStep, int[] tapOffsets, int tapFrom, int tapTo, float[] taps, int channels,
            float[] out, int outOff, int count);

    /** float64 run; see the class comment. */
    void row(double[] in, int inOff, int pixelStep, int[] tapOffsets, int tapFrom, int tapTo, double[] taps, int channels,
            double[] out, int outOff, int count);
}
