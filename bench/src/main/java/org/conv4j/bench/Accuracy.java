package org.conv4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agreement test run before any timing: a benchmark of wrong answers is worthless.
 *
 * <p>Normwise relative error {@code max|a - b| / max|b|}: independent of where the large values
 * are, and meaningful for sums of hundreds of products whose exact rounding differs between
 * engines (different summation orders, FMA or not, Winograd).
 */
final class Accuracy {
    /** Largest error accepted between two engines in float32. */
    static final double TOLERANCE = 1e-4;

    private Accuracy() {
    }

    /**
     * The normwise relative error of {@code a} against {@code reference}; infinite if a value is
     * NaN or the lengths differ.
     */
    static double relativeError(float[] a, float[] reference) {
        if (a.length != reference.length) {
            return Double.POSITIVE_INFINITY;
        }
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = Math.abs((double) a[i] - reference[i]);
            if (Double.isNaN(diff)) {
                return Double.POSITIVE_INFINITY;
            }
            maxDiff = Math.max(maxDiff, diff);
            maxRef = Math.max(maxRef, Math.abs(reference[i]));
        }
        return maxDiff / Math.max(maxRef, 1e-30);
    }

    /**
     * Cross-checks the outputs of several engines on one problem: records every pairwise error
     * in {@code errors} (key {@code "a~b"}) and returns the engines that agree with no other one.
     * With three engines a single wrong one is singled out; with two that disagree, both are.
     */
    static Set<String> disagreeing(Map<String, float[]> outputs, Map<String, Double> errors) {
        List<String> names = new ArrayList<>(outputs.keySet());
        Set<String> agreeing = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                String a = names.get(i);
                String b = names.get(j);
                double e = relativeError(outputs.get(a), outputs.get(b));
                errors.put(a + "~" + b, e);
                if (e < TOLERANCE) {
                    agreeing.add(a);
                    agreeing.add(b);
                }
            }
        }
        Set<String> wrong = new LinkedHashSet<>();
        if (names.size() > 1) {
            for (String n : names) {
                if (!agreeing.contains(n)) {
                    wrong.add(n);
                }
            }
        }
        return wrong;
    }
}
