package org.conv4j.internal.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link RowFilter}: four vectors of consecutive outputs accumulate over all taps in
 * one flat loop (HotSpot 17 keeps vectors in registers only across a single loop), one tap
 * weight broadcast at a time, with fused multiply-adds like the scalar path, so both give the
 * same bits. The outputs after the last whole vector are covered by one more vector ending at the
 * row's end, overlapping the one before; strided rows and rows shorter than a vector go to the
 * scalar code.
 */
final class VectorRowFilter implements RowFilter {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void correlate(float[] rows, int[] tapOffsets, float[] taps, int stride, float[] out, int outOff, int width, int rowsOff) {
        int l = FS.length();
        int x = 0;
        if (stride == 1) {
            for (; x + 4 * l <= width; x += 4 * l) {
                four(rows, tapOffsets, taps, out, outOff, rowsOff, x);
            }
            for (; x + l <= width; x += l) {
                one(rows, tapOffsets, taps, out, outOff, rowsOff, x);
            }
            if (x < width && width >= l) {
                // The last outputs: one more vector ending at the row's end, overlapping the one
                // before (its lanes there are computed again, identically).
                one(rows, tapOffsets, taps, out, outOff, rowsOff, width - l);
                x = width;
            }
        }
        ScalarRowFilter.INSTANCE.correlate(rows, tapOffsets, taps, stride, out, outOff, x, width, rowsOff);
    }

    @Override
    public void correlate(double[] rows, int[] tapOffsets, double[] taps, int stride, double[] out, int outOff, int width, int rowsOff) {
        int l = DS.length();
        int x = 0;
        if (stride == 1) {
            for (; x + 4 * l <= width; x += 4 * l) {
                four(rows, tapOffsets, taps, out, outOff, rowsOff, x);
            }
            for (; x + l <= width; x += l) {
                one(rows, tapOffsets, taps, out, outOff, rowsOff, x);
            }
            if (x < width && width >= l) {
                // The last outputs: one more vector ending at the row's end, overlapping the one
                // before (its lanes there are computed again, identically).
                one(rows, tapOffsets, taps, out, outOff, rowsOff, width - l);
                x = width;
            }
        }
        ScalarRowFilter.INSTANCE.correlate(rows, tapOffsets, taps, stride, out, outOff, x, width, rowsOff);
    }

    /**
     * Four vectors of outputs from {@code x} on: a method of its own, a single loop, for the
     * same reason as {@link #one} (inline in {@code correlate}, its accumulators were boxed per
     * block on the NCHW depthwise path after the full test suite had run).
     */
    private static void four(float[] rows, int[] tapOffsets, float[] taps, float[] out, int outOff, int rowsOff, int x) {
        int l = FS.length();
        FloatVector a0 = FloatVector.zero(FS), a1 = a0, a2 = a0, a3 = a0;
        for (int t = 0; t < taps.length; t++) {
            int at = rowsOff + tapOffsets[t] + x;
            FloatVector w = FloatVector.broadcast(FS, taps[t]);
            a0 = w.fma(FloatVector.fromArray(FS, rows, at), a0);
            a1 = w.fma(FloatVector.fromArray(FS, rows, at + l), a1);
            a2 = w.fma(FloatVector.fromArray(FS, rows, at + 2 * l), a2);
            a3 = w.fma(FloatVector.fromArray(FS, rows, at + 3 * l), a3);
        }
        a0.intoArray(out, outOff + x);
        a1.intoArray(out, outOff + x + l);
        a2.intoArray(out, outOff + x + 2 * l);
        a3.intoArray(out, outOff + x + 3 * l);
    }

    /**
     * One vector of outputs from {@code x} on (narrow rows, and the last outputs of a row),
     * accumulated in {@code out} itself rather than in a vector carried around the loop:
     * HotSpot 17 boxed such an accumulator on every call once the full test suite had shaped its
     * profile (a method of its own was not enough). Storing and reloading a float is exact, so
     * the sums are the same.
     */
    private static void one(float[] rows, int[] tapOffsets, float[] taps, float[] out, int outOff, int rowsOff, int x) {
        int at = outOff + x;
        FloatVector.zero(FS).intoArray(out, at);
        for (int t = 0; t < taps.length; t++) {
            FloatVector.broadcast(FS, taps[t]).fma(FloatVector.fromArray(FS, rows, rowsOff + tapOffsets[t] + x),
                    FloatVector.fromArray(FS, out, at)).intoArray(out, at);
        }
    }

    /**
     * Four vectors of outputs from {@code x} on: a method of its own, a single loop, for the
     * same reason as {@link #one} (inline in {@code correlate}, its accumulators were boxed per
     * block on the NCHW depthwise path after the full test suite had run).
     */
    private static void four(double[] rows, int[] tapOffsets, double[] taps, double[] out, int outOff, int rowsOff, int x) {
        int l = DS.length();
        DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, a2 = a0, a3 = a0;
        for (int t = 0; t < taps.length; t++) {
            int at = rowsOff + tapOffsets[t] + x;
            DoubleVector w = DoubleVector.broadcast(DS, taps[t]);
            a0 = w.fma(DoubleVector.fromArray(DS, rows, at), a0);
            a1 = w.fma(DoubleVector.fromArray(DS, rows, at + l), a1);
            a2 = w.fma(DoubleVector.fromArray(DS, rows, at + 2 * l), a2);
            a3 = w.fma(DoubleVector.fromArray(DS, rows, at + 3 * l), a3);
        }
        a0.intoArray(out, outOff + x);
        a1.intoArray(out, outOff + x + l);
        a2.intoArray(out, outOff + x + 2 * l);
        a3.intoArray(out, outOff + x + 3 * l);
    }

    /**
     * One vector of outputs from {@code x} on (narrow rows, and the last outputs of a row),
     * accumulated in {@code out} itself rather than in a vector carried around the loop:
     * HotSpot 17 boxed such an accumulator on every call once the full test suite had shaped its
     * profile (a method of its own was not enough). Storing and reloading a float is exact, so
     * the sums are the same.
     */
    private static void one(double[] rows, int[] tapOffsets, double[] taps, double[] out, int outOff, int rowsOff, int x) {
        int at = outOff + x;
        DoubleVector.zero(DS).intoArray(out, at);
        for (int t = 0; t < taps.length; t++) {
            DoubleVector.broadcast(DS, taps[t]).fma(DoubleVector.fromArray(DS, rows, rowsOff + tapOffsets[t] + x),
                    DoubleVector.fromArray(DS, out, at)).intoArray(out, at);
        }
    }
}
