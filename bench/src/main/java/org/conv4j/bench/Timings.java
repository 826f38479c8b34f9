package org.conv4j.bench;

import java.util.Arrays;

/** The wall times of one engine's repeated single calls, in nanoseconds. */
final class Timings {
    private long[] nanos = new long[64];
    private int count;

    /** Records one call. */
    void add(long elapsedNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = elapsedNanos;
    }

    /** How many calls were recorded. */
    int count() {
        return count;
    }

    /** The median in milliseconds ({@code NaN} if empty). */
    double medianMs() {
        return quantileMs(0.5);
    }

    /** The fastest call in milliseconds ({@code NaN} if empty). */
    double minMs() {
        return quantileMs(0);
    }

    /**
     * Quantile {@code q} in milliseconds, interpolating between neighbours ({@code NaN} if empty).
     */
    double quantileMs(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        double pos = q * (count - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(count - 1, lo + 1);
        double v = sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        return v / 1e6;
    }
}
