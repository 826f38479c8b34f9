package org.conv4j.internal.simd;

/** Plain-Java {@link RowFilter}: the same sums in the same order, one output at a time. */
final class ScalarRowFilter implements RowFilter {
    static final ScalarRowFilter INSTANCE = new ScalarRowFilter();

    private ScalarRowFilter() {
    }

    @Override
    public void correlate(float[] rows, int[] tapOffsets, float[] taps, int stride, float[] out, int outOff, int width, int rowsOff) {
        correlate(rows, tapOffsets, taps, stride, out, outOff, 0, width, rowsOff);
    }

    /** Outputs {@code from <= x < width} only: the vector kernels' tail. */
    void correlate(float[] rows, int[] tapOffsets, float[] taps, int stride, float[] out, int outOff, int from, int width, int rowsOff) {
        for (int x = from; x < width; x++) {
            float sum = 0;
            for (int t = 0; t < taps.length; t++) {
                sum = Math.fma(taps[t], rows[rowsOff + tapOffsets[t] + x * stride], sum);
            }
            out[outOff + x] = sum;
        }
    }

    @Override
    public void correlate(double[] rows, int[] tapOffsets, double[] taps, int stride, double[] out, int outOff, int width, int rowsOff) {
        correlate(rows, tapOffsets, taps, stride, out, outOff, 0, width, rowsOff);
    }

    /** Outputs {@code from <= x < width} only: the vector kernels' tail. */
    void correlate(double[] rows, int[] tapOffsets, double[] taps, int stride, double[] out, int outOff, int from, int width, int rowsOff) {
        for (int x = from; x < width; x++) {
            double sum = 0;
            for (int t = 0; t < taps.length; t++) {
                sum = Math.fma(taps[t], rows[rowsOff + tapOffsets[t] + x * stride], sum);
            }
            out[outOff + x] = sum;
        }
    }
}
