package org.conv4j.internal.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link DepthwiseKernel}: a vector of channels of four neighbouring output pixels
 * accumulates over all taps in one flat loop (HotSpot 17 keeps vectors in registers only across
 * a single loop), each tap's weight vector loaded once for the four. Channels that do not fill
 * the last vector are covered by one more vector ending at the last channel, overlapping the one
 * before (the overlapped lanes are computed again, identically); fewer channels than one vector
 * go to the scalar code. Fused multiply-adds in tap order, as there, so both give the same bits.
 */
final class VectorDepthwiseKernel implements DepthwiseKernel {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void row(float[] in, int inOff, int pixelStep, int[] tapOffsets, int tapFrom, int tapTo, float[] taps,
            int channels, float[] out, int outOff, int count) {
        int l = FS.length();
        if (channels < l) {
            ScalarDepthwiseKernel.INSTANCE.row(in, inOff, pixelStep, tapOffsets, tapFrom, tapTo, taps, channels, out,
                    outOff, count);
            return;
        }
        int p = 0;
        for (; p + 4 <= count; p += 4) {
            int src = inOff + p * pixelStep;
            int dst = outOff + p * channels;
            for (int c = 0; c < channels; c += l) {
                int at = Math.min(c, channels - l);
                FloatVector a0 = FloatVector.zero(FS), a1 = a0, a2 = a0, a3 = a0;
                for (int t = tapFrom; t < tapTo; t++) {
                    FloatVector w = FloatVector.fromArray(FS, taps, t * channels + at);
                    int i = src + tapOffsets[t] + at;
                    a0 = w.fma(FloatVector.fromArray(FS, in, i), a0);
                    a1 = w.fma(FloatVector.fromArray(FS, in, i + pixelStep), a1);
                    a2 = w.fma(FloatVector.fromArray(FS, in, i + 2 * pixelStep), a2);
                    a3 = w.fma(FloatVector.fromArray(FS, in, i + 3 * pixelStep), a3);
                }
                a0.intoArray(out, dst + at);
                a1.intoArray(out, dst + channels + at);
                a2.intoArray(out, dst + 2 * channels + at);
                a3.intoArray(out, dst + 3 * channels + at);
            }
        }
        for (; p < count; p++) {
            int src = inOff + p * pixelStep;
            int dst = outOff + p * channels;
            for (int c = 0; c < channels; c += l) {
                int at = Math.min(c, channels - l);
                FloatVector a0 = FloatVector.zero(FS);
                for (int t = tapFrom; t < tapTo; t++) {
                    a0 = FloatVector.fromArray(FS, taps, t * channels + at)
                            .fma(FloatVector.fromArray(FS, in, src + tapOffsets[t] + at), a0);
                }
                a0.intoArray(out, dst + at);
            }
        }
    }

    @Override
    public void row(double[] in, int inOff, int pixelStep, int[] tapOffsets, int tapFrom, int tapTo, double[] taps,
            int channels, double[] out, int outOff, int count) {
        int l = DS.length();
        if (channels < l) {
            ScalarDepthwiseKernel.INSTANCE.row(in, inOff, pixelStep, tapOffsets, tapFrom, tapTo, taps, channels, out,
                    outOff, count);
            return;
        }
        int p = 0;
        for (; p + 4 <= count; p += 4) {
            int src = inOff + p * pixelStep;
            int dst = outOff + p * channels;
            for (int c = 0; c < channels; c += l) {
                int at = Math.min(c, channels - l);
                DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, a2 = a0, a3 = a0;
                for (int t = tapFrom; t < tapTo; t++) {
                    DoubleVector w = DoubleVector.fromArray(DS, taps, t * channels + at);
                    int i = src + tapOffsets[t] + at;
                    a0 = w.fma(DoubleVector.fromArray(DS, in, i), a0);
                    a1 = w.fma(DoubleVector.fromArray(DS, in, i + pixelStep), a1);
                    a2 = w.fma(DoubleVector.fromArray(DS, in, i + 2 * pixelStep), a2);
                    a3 = w.fma(DoubleVector.fromArray(DS, in, i + 3 * pixelStep), a3);
                }
                a0.intoArray(out, dst + at);
                a1.intoArray(out, dst + channels + at);
                a2.intoArray(out, dst + 2 * channels + at);
                a3.intoArray(out, dst + 3 * channels + at);
            }
        }
        for (; p < count; p++) {
            int src = inOff + p * pixelStep;
            int dst = outOff + p * channels;
            for (int c = 0; c < channels; c += l) {
                int at = Math.min(c, channels - l);
                DoubleVector a0 = DoubleVector.zero(DS);
                for (int t = tapFrom; t < tapTo; t++) {
                    a0 = DoubleVector.fromArray(DS, taps, t * channels + at)
                            .fma(DoubleVector.fromArray(DS, in, src + tapOffsets[t] + at), a0);
                }
                a0.intoArray(out, dst + at);
            }
        }
    }
}
