package org.conv4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * conv4j's scalar path, timed in a child JVM: conv4j picks its kernels once per JVM (system
 * property {@code conv4j.simd}), so the scalar kernels cannot be timed next to the vector ones in
 * one process. The child runs the same suite with {@code -Dconv4j.simd=scalar} and without the
 * Vector API module, interleaving conv4j with ONNX Runtime as its in-run anchor, and hands back
 * one line per layer through a file.
 */
final class ScalarPass {
    /**
     * The child's figures for one layer.
     *
     * @param scalar conv4j's scalar times, null if not measured (e.g. a wrong answer)
     * @param ortMs ONNX Runtime's median in the same child run (NaN if not run)
     * @param error normwise relative error of scalar conv4j against ORT (NaN if not checked)
     * @param plan what conv4j's scalar plan runs
     */
    record Line(Measurement scalar, double ortMs, double error, String plan) {
    }

    private ScalarPass() {
    }

    /**
     * Runs the child and returns its results by layer name (empty if the child failed, which is
     * reported on stderr).
     */
    static Map<String, Line> run(BenchOptions options) throws IOException, InterruptedException {
        Path file = Files.createTempFile("conv4j-bench-scalar", ".tsv");
        try {
            List<String> cmd = ChildJvm.command(false, List.of("-Dconv4j.simd=scalar"), BenchMain.class.getName(),
                    options.childArgs(file));
            int status = new ProcessBuilder(cmd).inheritIO().start().waitFor();
            if (status != 0) {
                System.err.println("scalar child JVM exited with status " + status + "; no scalar figures");
            }
            return read(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The child's side: one tab-separated line per layer. */
    static void write(Path file, List<LayerResult> results) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LayerResult r : results) {
            Measurement m = r.times.get(LayerResult.SCALAR);
            Double err = r.errors.get(LayerResult.SCALAR + "~" + LayerResult.ORT);
            sb.append(String.join("\t", r.layer.name(),
                    m == null ? "NaN" : num(m.medianMs()), m == null ? "NaN" : num(m.p25Ms()),
                    m == null ? "NaN" : num(m.p75Ms()), m == null ? "0" : String.valueOf(m.calls()),
                    num(r.ms(LayerResult.ORT)), err == null ? "NaN" : num(err),
                    r.plan.replace('\t', ' '))).append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    private static Map<String, Line> read(Path file) throws IOException {
        Map<String, Line> byName = new HashMap<>();
        if (!Files.exists(file)) {
            return byName;
        }
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t", -1);
            if (f.length < 8) {
                continue;
            }
            double median = Double.parseDouble(f[1]);
            Measurement m = Double.isNaN(median) ? null : new Measurement(median, Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Integer.parseInt(f[4]));
            byName.put(f[0], new Line(m, Double.parseDouble(f[5]), Double.parseDouble(f[6]), f[7]));
        }
        return byName;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.9g", v);
    }
}
