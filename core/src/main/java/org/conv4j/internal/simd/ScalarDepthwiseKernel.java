package org.conv4j.internal.simd;

/** Plain-Java {@link DepthwiseKernel}: the same sums in the same order, one value at a time. */
final class ScalarDepthwiseKernel implements DepthwiseKernel {
    static final ScalarDepthwiseKernel INSTANCE = new ScalarDepthwiseKernel();

    private ScalarDepthwiseKernel() {
    }

    @Override
    public void row(float[] in, int inOff, int pixelStep, int[] tapOffsets, int tapFrom, int tapTo, float[] taps,
            int channels, float[] out, int outOff, int count) {
        for (int p = 0; p < count; p++) {
            int src = inOff + p * pixelStep;
            int dst = outOff + p * channels;
            for (int c = 0; c < channels; c++) {
                float sum = 0;
                for (int t = tapFrom; t < tapTo; t++) {
                    sum = Math.fma(taps[t * channels + c], in[src + tapOffsets[t] + c], sum);
                }
                out[dst + c] = sum;
            }
        }
    }

    @Override
    public void row(double[] in, int inOff, int pixelStep, int[] tapOffsets, int tapFrom, int tapTo, double[] taps,
            int channels, double[] out, int outOff, int count) {
        for (int p = 0; p < count; p++) {
            int src = inOff + p * pixelStep;
            int dst = outOff + p * channels;
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int t = tapFrom; t < tapTo; t++) {
                    sum = Math.fma(taps[t * channels + c], in[src + tapOffsets[t] + c], sum);
                }
                out[dst + c] = sum;
            }
        }
    }
}
