package org.conv4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The rest of the family (depthwise, separable, both gradients, transpose, patches, conv1d,
 * conv3d) timed like the suite: per case, an agreement check between the engines, then conv4j,
 * TensorFlow and ONNX Runtime (where ONNX has the operator) interleaved call by call, medians.
 * Writes {@code family.csv}.
 */
final class FamilyBenchmark {
    private static final long MIN_WARMUP_MS = 2000;

    private FamilyBenchmark() {
    }

    /**
     * Runs {@code cases}, printing through {@code say}; returns whether every engine agreed.
     */
    static boolean run(List<FamilyCase> cases, BenchOptions options, Consumer<String> say) throws Exception {
        say.accept(String.format(Locale.ROOT, "%-22s %-44s %10s %8s %10s %10s %8s %8s", "operation", "problem",
                "conv4j ms", "GFLOP/s", "TF ms", "ORT ms", "c4j/TF", "c4j/ORT"));
        List<String> csv = new ArrayList<>();
        csv.add("operation,problem,gflop,conv4j_ms,tf_ms,ort_ms,conv4j_over_tf,conv4j_over_ort,max_error");
        boolean agreed = true;
        for (FamilyCase c : cases) {
            List<Engine> engines = new ArrayList<>();
            try {
                engines.add(c.conv4j().create(options.threads()));
                if (options.tf()) {
                    engines.add(c.tf().create(options.threads()));
                }
                if (options.ort() && c.ort() != null) {
                    engines.add(c.ort().create(options.threads()));
                }
                Map<String, float[]> outputs = new LinkedHashMap<>();
                for (Engine e : engines) {
                    e.call();
                    outputs.put(e.name(), e.output());
                    e.afterCall();
                }
                Map<String, Double> errors = new LinkedHashMap<>();
                Set<String> wrong = Accuracy.disagreeing(outputs, errors);
                double maxError = errors.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
                if (!wrong.isEmpty()) {
                    agreed = false;
                    say.accept("  " + c.op() + " " + c.shape() + ": DISAGREE " + errors + ", not timed");
                    continue;
                }
                List<Timings> timings = RoundRobinTimer.time(engines, budget(options.budget()));
                Map<String, Double> ms = new LinkedHashMap<>();
                for (int i = 0; i < engines.size(); i++) {
                    ms.put(engines.get(i).name(), timings.get(i).medianMs());
                }
                double mine = ms.get(LayerResult.CONV4J);
                double tf = ms.getOrDefault("TF", Double.NaN);
                double ort = ms.getOrDefault("ORT", Double.NaN);
                say.accept(String.format(Locale.ROOT, "%-22s %-44s %10s %8s %10s %10s %8s %8s", c.op(), c.shape(),
                        Fmt.ms(mine), c.flops() > 0 ? String.format(Locale.ROOT, "%.1f", c.flops() / (mine * 1e6)) : "-", Fmt.ms(tf), Double.isNaN(ort) ? "-" : Fmt.ms(ort),
                        ratio(mine, tf), ratio(mine, ort)));
                csv.add(String.join(",", c.op(), "\"" + c.shape() + "\"", String.format(Locale.ROOT, "%.4f", c.flops() / 1e9),
                        num(mine), num(tf), num(ort), num(mine / tf), num(mine / ort), String.format(Locale.ROOT, "%.2e", maxError)));
            } finally {
                for (Engine e : engines) {
                    e.close();
                }
            }
        }
        write(options.out().resolve("family.csv"), csv);
        say.accept("wrote " + options.out().resolve("family.csv"));
        return agreed;
    }

    /**
     * The suite's budget with at least {@value #MIN_WARMUP_MS} ms of warm-up: each case runs code
     * the JIT has not seen yet (a new kernel per operation), and C2 needs that long to compile
     * the Vector API kernels when the machine is busy.
     */
    private static RoundRobinTimer.Budget budget(RoundRobinTimer.Budget b) {
        return new RoundRobinTimer.Budget(b.warmupRounds(), Math.max(b.warmupNanos(), MIN_WARMUP_MS * 1_000_000L),
                b.minRounds(), b.maxRounds(), b.measureNanos(), b.gapNanos());
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }
}
