package org.conv4j.internal.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link DepthwiseKernel}, a vector of channels at a time. Two loops, chosen per call:
 * <ul>
 *   <li>nine taps (a whole 3x3 window, MobileNet's): the nine weight vectors of a channel block
 *       are loaded once and stay in registers while the row's pixels are swept, one load per
 *       multiply-add. Measured against the loop below on MobileNet's 3x3 layers (112x112x32 to
 *       28x28x128, one thread): 15 to 40% faster.
 *   <li>any other tap count: eight neighbouring pixels accumulate over the taps in one flat loop
 *       (HotSpot 17 keeps vectors in registers only across a single loop), each tap's weight
 *       vector loaded once for the eight (measured 5 to 12% faster than four).
 * </ul>
 * Channels that do not fill the last vector are covered by one more vector ending at the last
 * channel, overlapping the one before (the overlapped lanes are computed again, identically);
 * fewer channels than one vector go to the scalar code. Every sum is fused multiply-adds in tap
 * order from zero, as in the scalar code, so both give the same bits.
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
        } else if (tapTo - tapFrom == 9) {
            nineTaps(in, inOff, pixelStep, tapOffsets, tapFrom, taps, channels, out, outOff, count);
        } else {
            anyTaps(in, inOff, pixelStep, tapOffsets, tapFrom, tapTo, taps, channels, out, outOff, count);
        }
    }

    /** Nine taps (a whole 3x3 window): the weights of a channel block stay in registers. */
    private static void nineTaps(float[] in, int inOff, int pixelStep, int[] tapOffsets, int tapFrom, float[] taps,
            int channels, float[] out, int outOff, int count) {
        int l = FS.length();
        int o0 = tapOffsets[tapFrom];
        int o1 = tapOffsets[tapFrom + 1];
        int o2 = tapOffsets[tapFrom + 2];
        int o3 = tapOffsets[tapFrom + 3];
        int o4 = tapOffsets[tapFrom + 4];
        int o5 = tapOffsets[tapFrom + 5];
        int o6 = tapOffsets[tapFrom + 6];
        int o7 = tapOffsets[tapFrom + 7];
        int o8 = tapOffsets[tapFrom + 8];
        FloatVector zero = FloatVector.zero(FS);
        for (int c = 0; c < channels; c += l) {
            int at = Math.min(c, channels - l);
            int w = tapFrom * channels + at;
            FloatVector w0 = FloatVector.fromArray(FS, taps, w);
            FloatVector w1 = FloatVector.fromArray(FS, taps, w + channels);
            FloatVector w2 = FloatVector.fromArray(FS, taps, w + 2 * channels);
            FloatVector w3 = FloatVector.fromArray(FS, taps, w + 3 * channels);
            FloatVector w4 = FloatVector.fromArray(FS, taps, w + 4 * channels);
            FloatVector w5 = FloatVector.fromArray(FS, taps, w + 5 * channels);
            FloatVector w6 = FloatVector.fromArray(FS, taps, w + 6 * channels);
            FloatVector w7 = FloatVector.fromArray(FS, taps, w + 7 * channels);
            FloatVector w8 = FloatVector.fromArray(FS, taps, w + 8 * channels);
            for (int p = 0; p < count; p++) {
                int i = inOff + p * pixelStep + at;
                FloatVector a = w0.fma(FloatVector.fromArray(FS, in, i + o0), zero);
                a = w1.fma(FloatVector.fromArray(FS, in, i + o1), a);
                a = w2.fma(FloatVector.fromArray(FS, in, i + o2), a);
                a = w3.fma(FloatVector.fromArray(FS, in, i + o3), a);
                a = w4.fma(FloatVector.fromArray(FS, in, i + o4), a);
                a = w5.fma(FloatVector.fromArray(FS, in, i + o5), a);
                a = w6.fma(FloatVector.fromArray(FS, in, i + o6), a);
                a = w7.fma(FloatVector.fromArray(FS, in, i + o7), a);
                a = w8.fma(FloatVector.fromArray(FS, in, i + o8), a);
                a.intoArray(out, outOff + p * channels + at);
            }
        }
    }

    /** Any number of taps: eight pixels share each weight vector loaded. */
    private static void anyTaps(float[] in, int inOff, int pixelStep, int[] tapOffsets, int tapFrom, int tapTo, float[] taps,
            int channels, float[] out, int outOff, int count) {
        int l = FS.length();
        int p = 0;
        for (; p + 8 <= count; p += 8) {
            int src = inOff + p * pixelStep;
            int dst = outOff + p * channels;
            for (int c = 0; c < channels; c += l) {
                int at = Math.min(c, channels - l);
                FloatVector a0 = FloatVector.zero(FS), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                for (int t = tapFrom; t < tapTo; t++) {
                    FloatVector w = FloatVector.fromArray(FS, taps, t * channels + at);
                    int i = src + tapOffsets[t] + at;
                    a0 = w.fma(FloatVector.fromArray(FS, in, i), a0);
                    a1 = w.fma(FloatVector.fromArray(FS, in, i + pixelStep), a1);
                    a2 = w.fma(FloatVector.fromArray(FS, in, i + 2 * pixelStep), a2);
                    a3 = w.fma(FloatVector.fromArray(FS, in, i + 3 * pixelStep), a3);
                    a4 = w.fma(FloatVector.fromArray(FS, in, i + 4 * pixelStep), a4);
                    a5 = w.fma(FloatVector.fromArray(FS, in, i + 5 * pixelStep), a5);
                    a6 = w.fma(FloatVector.fromArray(FS, in, i + 6 * pixelStep), a6);
                    a7 = w.fma(FloatVector.fromArray(FS, in, i + 7 * pixelStep), a7);
                }
                a0.intoArray(out, dst + at);
                a1.intoArray(out, dst + channels + at);
                a2.intoArray(out, dst + 2 * channels + at);
                a3.intoArray(out, dst + 3 * channels + at);
                a4.intoArray(out, dst + 4 * channels + at);
                a5.intoArray(out, dst + 5 * channels + at);
                a6.intoArray(out, dst + 6 * channels + at);
                a7.intoArray(out, dst + 7 * channels + at);
            }
        }
        for (; p < count; p++) {
            int src = inOff + p * pixelStep;
            int dst = outOff + p * channels;
            for (int c = 0; c < channels; c += l) {
                int at = Math.min(c, channels - l);
                FloatVector a0 = FloatVector.zero(FS);
                for (int t = tapFrom; t < tapTo; t++) {
                    a0 = FloatVector.fromArray(FS, taps, t * channels + at).fma(FloatVector.fromArray(FS, in, src + tapOffsets[t] + at), a0);
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
        } else if (tapTo - tapFrom == 9) {
            nineTaps(in, inOff, pixelStep, tapOffsets, tapFrom, taps, channels, out, outOff, count);
        } else {
            anyTaps(in, inOff, pixelStep, tapOffsets, tapFrom, tapTo, taps, channels, out, outOff, count);
        }
    }

    /** Nine taps (a whole 3x3 window): the weights of a channel block stay in registers. */
    private static void nineTaps(double[] in, int inOff, int pixelStep, int[] tapOffsets, int tapFrom, double[] taps,
            int channels, double[] out, int outOff, int count) {
        int l = DS.length();
        int o0 = tapOffsets[tapFrom];
        int o1 = tapOffsets[tapFrom + 1];
        int o2 = tapOffsets[tapFrom + 2];
        int o3 = tapOffsets[tapFrom + 3];
        int o4 = tapOffsets[tapFrom + 4];
        int o5 = tapOffsets[tapFrom + 5];
        int o6 = tapOffsets[tapFrom + 6];
        int o7 = tapOffsets[tapFrom + 7];
        int o8 = tapOffsets[tapFrom + 8];
        DoubleVector zero = DoubleVector.zero(DS);
        for (int c = 0; c < channels; c += l) {
            int at = Math.min(c, channels - l);
            int w = tapFrom * channels + at;
            DoubleVector w0 = DoubleVector.fromArray(DS, taps, w);
            DoubleVector w1 = DoubleVector.fromArray(DS, taps, w + channels);
            DoubleVector w2 = DoubleVector.fromArray(DS, taps, w + 2 * channels);
            DoubleVector w3 = DoubleVector.fromArray(DS, taps, w + 3 * channels);
            DoubleVector w4 = DoubleVector.fromArray(DS, taps, w + 4 * channels);
            DoubleVector w5 = DoubleVector.fromArray(DS, taps, w + 5 * channels);
            DoubleVector w6 = DoubleVector.fromArray(DS, taps, w + 6 * channels);
            DoubleVector w7 = DoubleVector.fromArray(DS, taps, w + 7 * channels);
            DoubleVector w8 = DoubleVector.fromArray(DS, taps, w + 8 * channels);
            for (int p = 0; p < count; p++) {
                int i = inOff + p * pixelStep + at;
                DoubleVector a = w0.fma(DoubleVector.fromArray(DS, in, i + o0), zero);
                a = w1.fma(DoubleVector.fromArray(DS, in, i + o1), a);
                a = w2.fma(DoubleVector.fromArray(DS, in, i + o2), a);
                a = w3.fma(DoubleVector.fromArray(DS, in, i + o3), a);
                a = w4.fma(DoubleVector.fromArray(DS, in, i + o4), a);
                a = w5.fma(DoubleVector.fromArray(DS, in, i + o5), a);
                a = w6.fma(DoubleVector.fromArray(DS, in, i + o6), a);
                a = w7.fma(DoubleVector.fromArray(DS, in, i + o7), a);
                a = w8.fma(DoubleVector.fromArray(DS, in, i + o8), a);
                a.intoArray(out, outOff + p * channels + at);
            }
        }
    }

    /** Any number of taps: eight pixels share each weight vector loaded. */
    private static void anyTaps(double[] in, int inOff, int pixelStep, int[] tapOffsets, int tapFrom, int tapTo, double[] taps,
            int channels, double[] out, int outOff, int count) {
        int l = DS.length();
        int p = 0;
        for (; p + 8 <= count; p += 8) {
            int src = inOff + p * pixelStep;
            int dst = outOff + p * channels;
            for (int c = 0; c < channels; c += l) {
                int at = Math.min(c, channels - l);
                DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                for (int t = tapFrom; t < tapTo; t++) {
                    DoubleVector w = DoubleVector.fromArray(DS, taps, t * channels + at);
                    int i = src + tapOffsets[t] + at;
                    a0 = w.fma(DoubleVector.fromArray(DS, in, i), a0);
                    a1 = w.fma(DoubleVector.fromArray(DS, in, i + pixelStep), a1);
                    a2 = w.fma(DoubleVector.fromArray(DS, in, i + 2 * pixelStep), a2);
                    a3 = w.fma(DoubleVector.fromArray(DS, in, i + 3 * pixelStep), a3);
                    a4 = w.fma(DoubleVector.fromArray(DS, in, i + 4 * pixelStep), a4);
                    a5 = w.fma(DoubleVector.fromArray(DS, in, i + 5 * pixelStep), a5);
                    a6 = w.fma(DoubleVector.fromArray(DS, in, i + 6 * pixelStep), a6);
                    a7 = w.fma(DoubleVector.fromArray(DS, in, i + 7 * pixelStep), a7);
                }
                a0.intoArray(out, dst + at);
                a1.intoArray(out, dst + channels + at);
                a2.intoArray(out, dst + 2 * channels + at);
                a3.intoArray(out, dst + 3 * channels + at);
                a4.intoArray(out, dst + 4 * channels + at);
                a5.intoArray(out, dst + 5 * channels + at);
                a6.intoArray(out, dst + 6 * channels + at);
                a7.intoArray(out, dst + 7 * channels + at);
            }
        }
        for (; p < count; p++) {
            int src = inOff + p * pixelStep;
            int dst = outOff + p * channels;
            for (int c = 0; c < channels; c += l) {
                int at = Math.min(c, channels - l);
                DoubleVector a0 = DoubleVector.zero(DS);
                for (int t = tapFrom; t < tapTo; t++) {
                    a0 = DoubleVector.fromArray(DS, taps, t * channels + at).fma(DoubleVector.fromArray(DS, in, src + tapOffsets[t] + at), a0);
                }
                a0.intoArray(out, dst + at);
            }
        }
    }
}
