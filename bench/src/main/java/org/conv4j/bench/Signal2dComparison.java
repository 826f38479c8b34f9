package org.conv4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.conv4j.Padding;
import org.conv4j.Signal2d;
import org.conv4j.Tensor;
import org.conv4j.bench.LayerShape;

/**
 * SciPy-style filtering, timed: {@code Signal2d.correlate2d(plane, kernel, SAME, FILL, 0)} on a
 * 1024x1024 float32 plane with a 5x5 kernel, against {@code scipy.signal.correlate2d} (in a
 * python3 child process, on the same problem size) and ONNX Runtime's Conv on the same data
 * (SAME with an odd kernel is SciPy's 'same'). conv4j and ORT are interleaved call by call;
 * medians of single calls. The result is checked against ORT's before timing.
 */
final class Signal2dComparison {
    private static final int SIZE = 1024;
    private static final int K = 5;
    private static final int ROUNDS = 41;

    private Signal2dComparison() {
    }

    /** Runs the comparison and returns its report lines. */
    static List<String> run(int threads) throws Exception {
        Random random = new Random(3);
        float[] plane = new float[SIZE * SIZE];
        float[] kernel = new float[K * K];
        for (int i = 0; i < plane.length; i++) {
            plane[i] = random.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = random.nextFloat() * 2 - 1;
        }
        Tensor in = Tensor.of(plane, SIZE, SIZE);
        Tensor k = Tensor.of(kernel, K, K);
        Tensor out = Tensor.zeros(org.conv4j.DType.FLOAT32, SIZE, SIZE);
        LayerShape layer = new LayerShape("correlate2d", 1, SIZE, SIZE, 1, K, K, 1, 1, 1, Padding.SAME, "");
        double[] conv4j = new double[ROUNDS];
        double[] ort = new double[ROUNDS];
        double error;
        try (OnnxRuntimeEngine engine = new OnnxRuntimeEngine(layer, plane, kernel, threads)) {
            for (int i = 0; i < 20; i++) {
                Signal2d.correlate2d(in, k, Signal2d.Mode.SAME, Signal2d.Boundary.FILL, 0, out);
                engine.call();
                engine.afterCall();
            }
            error = Accuracy.relativeError(out.floats(), engine.output());
            for (int i = 0; i < ROUNDS; i++) {
                long t0 = System.nanoTime();
                Signal2d.correlate2d(in, k, Signal2d.Mode.SAME, Signal2d.Boundary.FILL, 0, out);
                conv4j[i] = (System.nanoTime() - t0) / 1e6;
                long t1 = System.nanoTime();
                engine.call();
                ort[i] = (System.nanoTime() - t1) / 1e6;
                engine.afterCall();
            }
        }
        double c = median(conv4j);
        double o = median(ort);
        double s = scipyMillis();
        return List.of(
                String.format("correlate2d, same, %dx%d float32, %dx%d kernel (normwise error conv4j~ORT %.1e):", SIZE, SIZE, K, K,
                        error),
                String.format("  conv4j Signal2d.correlate2d %.3f ms | ONNX Runtime Conv %.3f ms (%.1fx) | scipy.signal.correlate2d %s",
                        c, o, o / c, Double.isNaN(s) ? "not available (python3 with numpy and scipy needed)"
                                : String.format("%.2f ms (%.1fx)", s, s / c)));
    }

    /** Median ms of scipy.signal.correlate2d on the same problem size, or NaN without SciPy. */
    private static double scipyMillis() {
        String script = String.join("\n",
                "import time, numpy as np, scipy.signal as s",
                "r = np.random.default_rng(3)",
                "a = r.uniform(-1, 1, (" + SIZE + ", " + SIZE + ")).astype(np.float32)",
                "k = r.uniform(-1, 1, (" + K + ", " + K + ")).astype(np.float32)",
                "s.correlate2d(a, k, mode='same')",
                "t = []",
                "for _ in range(11):",
                "    t0 = time.perf_counter(); s.correlate2d(a, k, mode='same'); t.append(time.perf_counter() - t0)",
                "print(sorted(t)[len(t) // 2] * 1000)");
        try {
            Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Double.NaN;
            }
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? Double.parseDouble(text) : Double.NaN;
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
