package org.conv4j.internal.simd;

/**
 * The single-plane micro-kernel: one output row of a 2-D cross-correlation of one channel with
 * one small filter, vectorised along the row with the filter taps broadcast from registers. This
 * is the path for one or few channels, where a GEMM would have K = KH*KW and N = 1 and waste
 * every lane.
 *
 * <pre>{@code
 * for x < width:
 *   out[outOff + x] = sum_{t < taps.length} taps[t] * rows[rowsOff + tapOffsets[t] + x*stride]
 * }</pre>
 *
 * <p>{@code rows} holds the input rows the output row reads, already padded with zeros;
 * {@code rowsOff + tapOffsets[t]} is where tap {@code t} of the filter reads for {@code x = 0}. The sum
 * runs in tap order, with fused multiply-adds, for every {@code x} on every path.
 */
public interface RowFilter {
    /** float32 row; see the class comment. */
    void correlate(float[] rows, int[] tapOffsets, float[] taps, int stride, float[] out, int outOff, int width, int rowsOff);

    /** float64 row; see the class comment. */
    void correlate(double[] rows, int[] tapOffsets, double[] taps, int stride, double[] out, int outOff, int width, int rowsOff);
}
