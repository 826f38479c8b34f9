package org.conv4j.bench;

import java.util.SplittableRandom;

/** Benchmark inputs: values uniform in [-1, 1) from a fixed seed, so every run sees the same data. */
final class TestData {
    private TestData() {
    }

    /** {@code count} values from {@code seed}. */
    static float[] uniform(long seed, int count) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) r.nextDouble(-1.0, 1.0);
        }
        return v;
    }
}
