package org.conv4j.internal.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link WinogradTransforms}: a vector of channels per step, the 16 values of a tile
 * in registers; the same additions in the same order as the scalar code, so both give the same
 * bits. The channels past the last whole vector go to the scalar code.
 */
final class VectorWinogradTransforms implements WinogradTransforms {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    @Override
    public void input(float[] d, int c, float[] v, int base, int stride) {
        int l = FS.length();
        int q = 0;
        for (; q + l <= c; q += l) {
            for (int j = 0; j < 4; j++) {
                FloatVector d0 = FloatVector.fromArray(FS, d, j * c + q);
                FloatVector d1 = FloatVector.fromArray(FS, d, (4 + j) * c + q);
                FloatVector d2 = FloatVector.fromArray(FS, d, (8 + j) * c + q);
                FloatVector d3 = FloatVector.fromArray(FS, d, (12 + j) * c + q);
                d0.sub(d2).intoArray(v, j * stride + base + q);
                d1.add(d2).intoArray(v, (4 + j) * stride + base + q);
                d2.sub(d1).intoArray(v, (8 + j) * stride + base + q);
                d1.sub(d3).intoArray(v, (12 + j) * stride + base + q);
            }
            for (int i = 0; i < 4; i++) {
                int e = 4 * i * stride + base + q;
                FloatVector t0 = FloatVector.fromArray(FS, v, e);
                FloatVector t1 = FloatVector.fromArray(FS, v, e + stride);
                FloatVector t2 = FloatVector.fromArray(FS, v, e + 2 * stride);
                FloatVector t3 = FloatVector.fromArray(FS, v, e + 3 * stride);
                t0.sub(t2).intoArray(v, e);
                t1.add(t2).intoArray(v, e + stride);
                t2.sub(t1).intoArray(v, e + 2 * stride);
                t1.sub(t3).intoArray(v, e + 3 * stride);
            }
        }
        ScalarWinogradTransforms.INSTANCE.input(d, c, v, base, stride, q);
    }

    @Override
    public void output(float[] m, int base, int stride, int channels, float[] out, int at, int rightStep,
            int downStep, boolean right, boolean down) {
        int l = FS.length();
        int q = 0;
        for (; q + l <= channels; q += l) {
            int p = base + q;
            FloatVector m4 = FloatVector.fromArray(FS, m, 4 * stride + p);
            FloatVector m5 = FloatVector.fromArray(FS, m, 5 * stride + p);
            FloatVector m6 = FloatVector.fromArray(FS, m, 6 * stride + p);
            FloatVector m7 = FloatVector.fromArray(FS, m, 7 * stride + p);
            FloatVector m8 = FloatVector.fromArray(FS, m, 8 * stride + p);
            FloatVector m9 = FloatVector.fromArray(FS, m, 9 * stride + p);
            FloatVector m10 = FloatVector.fromArray(FS, m, 10 * stride + p);
            FloatVector m11 = FloatVector.fromArray(FS, m, 11 * stride + p);
            FloatVector s00 = FloatVector.fromArray(FS, m, p).add(m4).add(m8);
            FloatVector s01 = FloatVector.fromArray(FS, m, stride + p).add(m5).add(m9);
            FloatVector s02 = FloatVector.fromArray(FS, m, 2 * stride + p).add(m6).add(m10);
            FloatVector s03 = FloatVector.fromArray(FS, m, 3 * stride + p).add(m7).add(m11);
            s00.add(s01).add(s02).intoArray(out, at + q);
            if (right) {
                s01.sub(s02).sub(s03).intoArray(out, at + rightStep + q);
            }
            if (down) {
                FloatVector s10 = m4.sub(m8).sub(FloatVector.fromArray(FS, m, 12 * stride + p));
                FloatVector s11 = m5.sub(m9).sub(FloatVector.fromArray(FS, m, 13 * stride + p));
                FloatVector s12 = m6.sub(m10).sub(FloatVector.fromArray(FS, m, 14 * stride + p));
                FloatVector s13 = m7.sub(m11).sub(FloatVector.fromArray(FS, m, 15 * stride + p));
                s10.add(s11).add(s12).intoArray(out, at + downStep + q);
                if (right) {
                    s11.sub(s12).sub(s13).intoArray(out, at + downStep + rightStep + q);
                }
            }
        }
        ScalarWinogradTransforms.INSTANCE.output(m, base, stride, channels, out, at, rightStep, downStep, right, down, q);
    }
}
