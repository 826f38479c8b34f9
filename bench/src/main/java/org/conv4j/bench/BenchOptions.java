package org.conv4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@link BenchMain}, parsed. Every option has a default that makes
 * {@code bin/bench} with no arguments run the whole comparison.
 */
record BenchOptions(
        Path shapes,
        Path out,
        List<String> only,
        int threads,
        long warmupMs,
        long measureMs,
        int minRounds,
        int maxRounds,
        long gapMicros,
        boolean scalar,
        boolean tf,
        boolean tfGraph,
        boolean ort,
        boolean ortSpinning,
        boolean naive,
        double naiveLimitSeconds,
        boolean peak,
        boolean memory,
        boolean signal,
        boolean family,
        boolean familyOnly,
        Path scalarChildOut) {

    static final String USAGE = String.join("\n",
            "usage: bin/bench [options]            conv4j vs TensorFlow vs ONNX Runtime vs naive loops",
            "       bin/bench --jmh [JMH options]   JMH benchmarks (e.g. --jmh Conv2dBench -prof gc)",
            "",
            "  --shapes FILE       layer suite (default: <repo>/../shared/bench/shapes.tsv)",
            "  --only A,B,...      run only these shapes of the suite",
            "  --out DIR           where results.csv, .svg and .txt go (default: <repo>/bench-results/<date>)",
            "  --threads N         threads per call for every engine (default: all processors)",
            "  --warmup-ms N       untimed round-robin time per shape, at least (default 1000)",
            "  --measure-ms N      timed round-robin time per shape (default 3000)",
            "  --min-rounds N      timed rounds per shape, at least (default 10)",
            "  --max-rounds N      timed rounds per shape, at most (default 1000)",
            "  --gap-us N          pause after each call, lets native spinning threads settle (default 500)",
            "  --naive-limit-s S   run the naive loops where they should take under S seconds (default 3)",
            "  --tf-eager          time TensorFlow eagerly instead of in a graph Session (feed/fetch); eager",
            "                      adds 2-10x of per-op overhead here, so the graph is the fair anchor",
            "  --ort-spinning      let ONNX Runtime's threads spin after a run (its default; they then",
            "                      take cores from the engine timed next)",
            "  --no-scalar         skip the child JVM that times conv4j's scalar path",
            "  --no-tf, --no-ort, --no-naive, --no-peak, --no-memory   skip that part",
            "  --no-signal         skip Signal2d.correlate2d against SciPy and ONNX Runtime (1024x1024, 5x5)",
            "  --no-family         skip the rest of the family (depthwise, gradients, patches, conv1d, conv3d...)",
            "  --family-only       run only that family section (no suite, scalar pass, peak or memory)",
            "  --help              this text");

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming a bad or unknown option
     */
    static BenchOptions parse(String[] args, Path defaultShapes, Path defaultOut) {
        Path shapes = defaultShapes;
        Path out = defaultOut;
        List<String> only = List.of();
        int threads = 0;
        long warmupMs = 1000;
        long measureMs = 3000;
        int minRounds = 10;
        int maxRounds = 1000;
        long gapMicros = 500;
        boolean scalar = true;
        boolean tf = true;
        boolean tfGraph = true;
        boolean ort = true;
        boolean ortSpinning = false;
        boolean naive = true;
        double naiveLimit = 3;
        boolean peak = true;
        boolean memory = true;
        boolean signal = true;
        boolean family = true;
        boolean familyOnly = false;
        Path scalarChildOut = null;
        List<String> a = new ArrayList<>(Arrays.asList(args));
        for (int i = 0; i < a.size(); i++) {
            String opt = a.get(i);
            switch (opt) {
                case "--shapes" -> shapes = Path.of(value(a, ++i, opt));
                case "--out" -> out = Path.of(value(a, ++i, opt));
                case "--only" -> only = List.of(value(a, ++i, opt).split(","));
                case "--threads" -> threads = integer(a, ++i, opt);
                case "--warmup-ms" -> warmupMs = integer(a, ++i, opt);
                case "--measure-ms" -> measureMs = integer(a, ++i, opt);
                case "--min-rounds" -> minRounds = integer(a, ++i, opt);
                case "--max-rounds" -> maxRounds = integer(a, ++i, opt);
                case "--gap-us" -> gapMicros = integer(a, ++i, opt);
                case "--naive-limit-s" -> naiveLimit = Double.parseDouble(value(a, ++i, opt));
                case "--no-scalar" -> scalar = false;
                case "--no-tf" -> tf = false;
                case "--tf-eager" -> tfGraph = false;
                case "--no-ort" -> ort = false;
                case "--ort-spinning" -> ortSpinning = true;
                case "--no-naive" -> naive = false;
                case "--no-peak" -> peak = false;
                case "--no-memory" -> memory = false;
                case "--no-signal" -> signal = false;
                case "--no-family" -> family = false;
                case "--family-only" -> familyOnly = true;
                // Internal: this JVM is the scalar-path child of another run.
                case "--scalar-child" -> scalarChildOut = Path.of(value(a, ++i, opt));
                default -> throw new IllegalArgumentException("unknown option " + opt + "\n\n" + USAGE);
            }
        }
        if (threads <= 0) {
            threads = Runtime.getRuntime().availableProcessors();
        }
        return new BenchOptions(shapes, out, only, threads, warmupMs, measureMs, minRounds, maxRounds, gapMicros,
                scalar, tf, tfGraph, ort, ortSpinning, naive, naiveLimit, peak, memory, signal, family, familyOnly, scalarChildOut);
    }

    /** The timing budget of one shape. */
    RoundRobinTimer.Budget budget() {
        return new RoundRobinTimer.Budget(3, warmupMs * 1_000_000L, minRounds, maxRounds, measureMs * 1_000_000L,
                gapMicros * 1000L);
    }

    /** The options a scalar child JVM gets: the same suite and budget, only conv4j and ORT. */
    List<String> childArgs(Path childOut) {
        List<String> c = new ArrayList<>(List.of("--shapes", shapes.toString(), "--threads", String.valueOf(threads),
                "--warmup-ms", String.valueOf(warmupMs), "--measure-ms", String.valueOf(measureMs),
                "--min-rounds", String.valueOf(minRounds), "--max-rounds", String.valueOf(maxRounds),
                "--gap-us", String.valueOf(gapMicros), "--scalar-child", childOut.toString()));
        if (!only.isEmpty()) {
            c.add("--only");
            c.add(String.join(",", only));
        }
        if (!ort) {
            c.add("--no-ort");
        }
        return c;
    }

    private static String value(List<String> a, int i, String opt) {
        if (i >= a.size()) {
            throw new IllegalArgumentException(opt + " needs a value\n\n" + USAGE);
        }
        return a.get(i);
    }

    private static int integer(List<String> a, int i, String opt) {
        try {
            return Integer.parseInt(value(a, i, opt));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + " needs an integer, got " + a.get(i));
        }
    }
}
