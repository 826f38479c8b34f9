package org.conv4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything measured on one layer: per engine its {@link Measurement} (absent where it was
 * skipped or gave a wrong answer), the agreement errors, and what conv4j's plan chose.
 */
final class LayerResult {
    /** Engines in table order. */
    static final String CONV4J = "conv4j";
    static final String SCALAR = "conv4j scalar";
    static final String TF = "TF";
    static final String ORT = "ORT";
    static final String NAIVE = "naive";
    static final String[] ENGINES = {CONV4J, SCALAR, TF, ORT, NAIVE};

    final LayerShape layer;
    final double flops;
    final Map<String, Measurement> times = new LinkedHashMap<>();
    /** Normwise relative errors by pair, e.g. {@code "conv4j~TF"}. */
    final Map<String, Double> errors = new LinkedHashMap<>();
    /** ORT's median in the scalar child's run: the anchor of the scalar figure. */
    double scalarRunOrtMs = Double.NaN;
    String plan = "";
    String note = "";

    LayerResult(LayerShape layer) {
        this.layer = layer;
        this.flops = TfWindow.flops(layer);
    }

    /** The median of {@code engine} in ms, or NaN. */
    double ms(String engine) {
        Measurement m = times.get(engine);
        return m == null ? Double.NaN : m.medianMs();
    }

    /** GFLOP/s of {@code engine}, or NaN. */
    double gflops(String engine) {
        Measurement m = times.get(engine);
        return m == null ? Double.NaN : m.gflops(flops);
    }

    /** {@code time(a) / time(b)}: below 1 means {@code a} is faster. NaN if either is missing. */
    double ratio(String a, String b) {
        return ms(a) / ms(b);
    }
}
