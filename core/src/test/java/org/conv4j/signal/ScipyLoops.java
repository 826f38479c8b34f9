package org.conv4j.signal;

import org.conv4j.Signal2d.Boundary;
import org.conv4j.Signal2d.Mode;

/**
 * SciPy's own algorithm, transcribed into plain loops for the tests: {@code pylab_convolve_2d}
 * (scipy/signal/_firfilter.c) and the input swap of {@code convolve2d}/{@code correlate2d}
 * (scipy/signal/_signaltools.py), one output element at a time with SciPy's index arithmetic,
 * summing in double. Checked against SciPy's answers, then used to check conv4j on shapes too
 * large for committed fixtures.
 */
final class ScipyLoops {
    private ScipyLoops() {
    }

    /** {@code convolve2d} ({@code flip}) or {@code correlate2d}; the inputs are row-major {@code double[]}s. */
    static double[][] compute(boolean flip, double[][] in1, double[][] in2, Mode mode, Boundary boundary, double fill) {
        boolean swap = false;
        if (mode == Mode.VALID) {
            boolean ok1 = in1.length >= in2.length && in1[0].length >= in2[0].length;
            boolean ok2 = in2.length >= in1.length && in2[0].length >= in1[0].length;
            if (!ok1 && !ok2) {
                throw new IllegalArgumentException("For 'valid' mode, one must be at least as large as the other in every dimension");
            }
            swap = !ok1;
        }
        double[][] in = swap ? in2 : in1;
        double[][] h = swap ? in1 : in2;
        int[] ns = {in.length, in[0].length};
        int[] nwin = {h.length, h[0].length};
        int[] os = switch (mode) {
            case FULL -> new int[] {ns[0] + nwin[0] - 1, ns[1] + nwin[1] - 1};
            case SAME -> ns.clone();
            case VALID -> new int[] {ns[0] - nwin[0] + 1, ns[1] - nwin[1] + 1};
        };
        double[][] out = new double[os[0]][os[1]];
        for (int m = 0; m < os[0]; m++) {
            int newM = origin(flip, mode, m, nwin[0]);
            for (int n = 0; n < os[1]; n++) {
                int newN = origin(flip, mode, n, nwin[1]);
                double sum = 0;
                for (int j = 0; j < nwin[0]; j++) {
                    int i0 = index(flip ? newM - j : newM + j, ns[0], boundary);
                    for (int k = 0; k < nwin[1]; k++) {
                        int i1 = index(flip ? newN - k : newN + k, ns[1], boundary);
                        double v = i0 < 0 || i1 < 0 ? fill : in[i0][i1];
                        sum += v * h[j][k];
                    }
                }
                out[m][n] = sum;
            }
        }
        if (swap && !flip) {
            double[][] reversed = new double[os[0]][os[1]];
            for (int m = 0; m < os[0]; m++) {
                for (int n = 0; n < os[1]; n++) {
                    reversed[m][n] = out[os[0] - 1 - m][os[1] - 1 - n];
                }
            }
            return reversed;
        }
        return out;
    }

    /** SciPy's {@code new_m} / {@code new_n}. */
    private static int origin(boolean flip, Mode mode, int m, int nwin) {
        return switch (mode) {
            case FULL -> flip ? m : m - nwin + 1;
            case SAME -> flip ? m + ((nwin - 1) >> 1) : m - ((nwin - 1) >> 1);
            case VALID -> flip ? m + nwin - 1 : m;
        };
    }

    /** The element read at {@code j}, or -1 for the fill value. */
    private static int index(int j, int n, Boundary boundary) {
        if (j >= 0 && j < n) {
            return j;
        }
        return switch (boundary) {
            case FILL -> -1;
            case WRAP -> j >= 0 ? j % n : (j % n + n) % n;
            case SYMM -> {
                int k = j >= 0 ? j % (2 * n) : Math.abs(j + 1) % (2 * n);
                yield k >= n ? 2 * n - k - 1 : k;
            }
        };
    }
}
