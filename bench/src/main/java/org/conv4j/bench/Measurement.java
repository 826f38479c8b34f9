package org.conv4j.bench;

/**
 * One engine's times on one layer: the median of repeated single calls with its quartiles.
 *
 * @param medianMs median wall time of one call
 * @param p25Ms first quartile
 * @param p75Ms third quartile
 * @param calls timed calls behind the figures
 */
record Measurement(double medianMs, double p25Ms, double p75Ms, int calls) {

    /** The figures of {@code t}. */
    static Measurement of(Timings t) {
        return new Measurement(t.medianMs(), t.quantileMs(0.25), t.quantileMs(0.75), t.count());
    }

    /** GFLOP/s at the median. */
    double gflops(double flops) {
        return flops / (medianMs * 1e6);
    }
}
