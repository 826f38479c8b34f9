package org.conv4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.conv4j.internal.simd.Kernels;

/**
 * The comparison behind conv4j's performance claims: every layer of a suite, fp32, timed in one
 * run against TensorFlow (TF Java, oneDNN), ONNX Runtime (MLAS) and the naive four-loop version,
 * interleaved call by call ({@link RoundRobinTimer}), after an agreement check of all outputs
 * ({@link Accuracy}). conv4j's scalar path is timed in a child JVM ({@link ScalarPass}); the
 * machine's FMA peak is measured first ({@link FmaPeak}); conv4j's memory per call last
 * ({@link MemoryProbe}).
 *
 * <p>Prints a table and writes {@code results.csv}, {@code results.svg} and {@code results.txt}
 * (the printed report) to the output directory. Exit status 0, or 3 if an engine disagreed with
 * the others on some layer (its times are then left out), or 2 for a bad command line.
 * Run it through {@code bin/bench}; {@code bin/bench --help} lists the options.
 */
public final class BenchMain {
    /** Where the naive loops are assumed to run, to decide whether they fit the time limit. */
    private static final double NAIVE_GFLOPS_ESTIMATE = 0.3;
    /** The layer whose memory per call is reported, at these batch sizes. */
    private static final String MEMORY_LAYER = "vgg_3x3_224";
    private static final int[] MEMORY_BATCHES = {1, 32};

    private final StringBuilder report = new StringBuilder();
    private BenchOptions options;
    private boolean failed;

    private BenchMain() {
    }

    /** Runs the benchmark; see {@link BenchOptions#USAGE}. */
    public static void main(String[] args) {
        int status;
        try {
            status = new BenchMain().run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            status = 2;
        } catch (java.io.UncheckedIOException e) {
            System.err.println("bench: " + e.getMessage() + ": " + e.getCause());
            status = 2;
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // TF and ORT keep non-daemon native threads: leave explicitly.
        System.exit(status);
    }

    private int run(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(BenchOptions.USAGE);
            return 0;
        }
        Path root = RepoPaths.root();
        options = BenchOptions.parse(args, RepoPaths.shapes(), root.resolve("bench-results").resolve(LocalDate.now().toString()));
        List<LayerShape> suite = Suite.load(options.shapes());
        List<LayerShape> layers = new ArrayList<>();
        for (LayerShape l : suite) {
            if (options.only().isEmpty() || options.only().contains(l.name())) {
                layers.add(l);
            }
        }
        for (String name : options.only()) {
            Suite.find(suite, name);
        }
        if (options.scalarChildOut() != null) {
            return scalarChild(layers);
        }

        header(layers.size());
        if (options.familyOnly()) {
            engineHeader();
            return family() ? 0 : 3;
        }
        Map<String, ScalarPass.Line> scalar = Map.of();
        if (options.scalar()) {
            say("scalar path: timing in a child JVM (-Dconv4j.simd=scalar, no Vector API module), ORT as its anchor...");
            scalar = ScalarPass.run(options);
            say("scalar path: done, " + scalar.size() + " layers\n");
        }
        engineHeader();
        boolean measurePeak = options.peak() && SystemInfo.vectorModule();
        double peak = measurePeak ? peak("before the layers") : Double.NaN;
        if (!measurePeak) {
            say("fp32 FMA peak: not measured" + (SystemInfo.vectorModule() ? "" : " (needs --add-modules jdk.incubator.vector)"));
        }
        warmConv4j(layers, LayerResult.CONV4J);
        if (options.naive()) {
            warmNaive();
        }
        say("");

        List<LayerResult> results = new ArrayList<>();
        for (LayerShape layer : layers) {
            LayerResult r = runLayer(layer, LayerResult.CONV4J, options.tf(), options.ort(), options.naive());
            ScalarPass.Line s = scalar.get(layer.name());
            if (s != null) {
                if (s.scalar() != null) {
                    r.times.put(LayerResult.SCALAR, s.scalar());
                }
                if (!Double.isNaN(s.error())) {
                    r.errors.put(LayerResult.SCALAR + "~" + LayerResult.ORT, s.error());
                    failed |= !(s.error() < Accuracy.TOLERANCE);
                }
                r.scalarRunOrtMs = s.ortMs();
            }
            results.add(r);
        }

        if (measurePeak) {
            // Again at the end, the best of both counting: another tenant busy on a core during
            // one measurement would otherwise make every %peak figure look twice as good.
            peak = Math.max(peak, peak("after the layers"));
        }
        say("");
        say(ResultTable.render(results, peak));
        if (options.memory() && !options.only().isEmpty() && !options.only().contains(MEMORY_LAYER)) {
            say("memory: skipped (" + MEMORY_LAYER + " not among --only)");
        } else if (options.memory()) {
            memory(suite);
        }
        if (options.signal() && options.ort()) {
            say("");
            for (String line : Signal2dComparison.run(options.threads())) {
                say(line);
            }
        }
        if (options.family()) {
            failed |= !family();
        }
        write(results, peak);
        if (failed) {
            say("SOME ENGINES DISAGREED: their times are left out; see the agreement lines above.");
        }
        return failed ? 3 : 0;
    }

    /** The family section; returns whether every engine agreed. */
    private boolean family() throws Exception {
        say("");
        say("The rest of the family: conv4j vs TensorFlow (graph session) vs ONNX Runtime where ONNX has the operator");
        return FamilyBenchmark.run(FamilyCases.all(), options, this::say);
    }

    /** Measures and prints the FMA peak; returns its {@link FmaPeak.Result#estimate()}. */
    private double peak(String when) throws Exception {
        FmaPeak.Result p = FmaPeak.measure(options.threads(), 400);
        say(String.format(Locale.ROOT, "fp32 FMA peak %s (measured: %d-bit vectors, 24 accumulators, data in L1): "
                + "%s GFLOP/s on %d threads, %s GFLOP/s on 1 thread%s", when, FmaPeak.speciesBits(),
                Fmt.gflops(p.allThreads()), p.threads(), Fmt.gflops(p.oneThread()),
                p.disturbed() ? "; all-threads run disturbed by other load, taking " + p.threads() + " x 1 thread = "
                        + Fmt.gflops(p.estimate()) : ""));
        return p.estimate();
    }

    /** The scalar child: conv4j (scalar kernels) and ORT, results to a file for the parent. */
    private int scalarChild(List<LayerShape> layers) throws Exception {
        warmConv4j(layers, LayerResult.SCALAR);
        List<LayerResult> results = new ArrayList<>();
        for (LayerShape layer : layers) {
            results.add(runLayer(layer, LayerResult.SCALAR, false, options.ort(), false));
        }
        ScalarPass.write(options.scalarChildOut(), results);
        return 0;
    }

    private void header(int layerCount) {
        say("conv4j-bench " + version() + ", " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        say("JVM: " + SystemInfo.jvm());
        say("CPU: " + SystemInfo.cpu());
        String species = SystemInfo.vectorModule()
                ? "FloatVector.SPECIES_PREFERRED " + FmaPeak.speciesBits() + " bits (" + FmaPeak.speciesLength() + " floats)"
                : "Vector API module not readable: scalar kernels only (run with --add-modules jdk.incubator.vector)";
        say("conv4j: kernels " + Kernels.get().name() + "; " + species + "; threads per call " + options.threads());
        say("suite: " + options.shapes() + " (" + layerCount + " layers); fp32, random data in [-1, 1)");
        RoundRobinTimer.Budget b = options.budget();
        say(String.format(Locale.ROOT, "timing: engines interleaved call by call, warm-up >= %d ms, then >= %d rounds "
                + "and >= %d ms (at most %d rounds), %d us pause after each call; medians of single calls",
                options.warmupMs(), b.minRounds(), options.measureMs(), b.maxRounds(), options.gapMicros()));
    }

    private void engineHeader() {
        if (options.tf()) {
            TfProbe.Answer onednn = TfProbe.ask();
            String env = System.getenv("TF_ENABLE_ONEDNN_OPTS");
            say("TensorFlow " + TensorFlowEngine.version() + " (TF Java 1.1.0), raw Conv2D NHWC "
                    + (options.tfGraph() ? "in a graph Session" : "in an EagerSession (--tf-eager)")
                    + ": intra-op threads " + options.threads() + ", inter-op 1; oneDNN " + (onednn.on() ? "ON" : "off/unknown") + ": " + onednn.evidence()
                    + "; TF_ENABLE_ONEDNN_OPTS " + (env == null ? "unset (TF's default)" : "= " + env));
        }
        if (options.ort()) {
            say("ONNX Runtime " + OnnxRuntimeEngine.version() + ": intra-op threads " + options.threads()
                    + ", ALL_OPT, one Conv node (opset " + OnnxModel.OPSET + ", NCHW, input transposed once, untimed)");
        }
    }

    /** Agreement check, then round-robin timing, then the naive loops if they fit. */
    private LayerResult runLayer(LayerShape layer, String conv4jName, boolean withTf, boolean withOrt,
            boolean withNaive) throws Exception {
        LayerResult r = new LayerResult(layer);
        float[] input = TestData.uniform(1, Tensor.checkedElementCount(layer.inputShape()));
        float[] filter = TestData.uniform(2, Tensor.checkedElementCount(layer.filterShape()));
        List<Engine> engines = new ArrayList<>();
        String prefix = conv4jName.equals(LayerResult.SCALAR) ? "[scalar] " : "";
        try {
            Conv4jEngine conv4j = new Conv4jEngine(conv4jName, layer, input, filter, options.threads());
            r.plan = conv4j.describe().substring(conv4jName.length() + 2);
            engines.add(conv4j);
            if (withTf) {
                engines.add(options.tfGraph() ? new TensorFlowGraphEngine(layer, input, filter, options.threads())
                        : new TensorFlowEngine(layer, input, filter, options.threads()));
            }
            if (withOrt) {
                engines.add(new OnnxRuntimeEngine(layer, input, filter, options.threads(), options.ortSpinning()));
            }
            say(prefix + describe(layer) + " | " + r.plan);

            Map<String, float[]> outputs = new LinkedHashMap<>();
            for (Engine e : engines) {
                e.call();
                outputs.put(e.name(), e.output());
                e.afterCall();
            }
            Set<String> wrong = Accuracy.disagreeing(outputs, r.errors);
            List<Engine> timed = new ArrayList<>();
            for (Engine e : engines) {
                if (!wrong.contains(e.name())) {
                    timed.add(e);
                }
            }
            failed |= !wrong.isEmpty();
            say(prefix + "  agreement (normwise relative error, limit " + Fmt.error(Accuracy.TOLERANCE) + "): "
                    + errors(r.errors) + (wrong.isEmpty() ? " ok" : "  DISAGREE: " + wrong + " not timed"));

            List<Timings> timings = RoundRobinTimer.time(timed, options.budget());
            StringBuilder line = new StringBuilder(prefix + "  median ms:");
            for (int i = 0; i < timed.size(); i++) {
                Measurement m = Measurement.of(timings.get(i));
                r.times.put(timed.get(i).name(), m);
                line.append(' ').append(timed.get(i).name()).append(' ').append(Fmt.ms(m.medianMs()));
            }
            line.append(" (").append(timings.isEmpty() ? 0 : timings.get(0).count()).append(" rounds)");

            if (withNaive) {
                naive(layer, input, filter, outputs.get(conv4jName), r, line);
            }
            say(line.toString());
        } finally {
            for (Engine e : engines) {
                e.close();
            }
        }
        return r;
    }

    /** The naive loops: timed on their own (they take seconds), once or three times. */
    private void naive(LayerShape layer, float[] input, float[] filter, float[] conv4jOutput, LayerResult r,
            StringBuilder line) {
        double estimate = r.flops / (NAIVE_GFLOPS_ESTIMATE * 1e9);
        if (estimate > options.naiveLimitSeconds()) {
            r.note = String.format(Locale.ROOT, "naive skipped (estimated %.0f s)", estimate);
            line.append("; ").append(r.note);
            return;
        }
        NaiveEngine naive = new NaiveEngine(layer, input, filter);
        int reps = estimate < options.naiveLimitSeconds() / 3 ? 3 : 1;
        Timings t = new Timings();
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            naive.call();
            t.add(System.nanoTime() - t0);
        }
        double err = Accuracy.relativeError(naive.output(), conv4jOutput);
        r.errors.put(LayerResult.NAIVE + "~" + LayerResult.CONV4J, err);
        if (err < Accuracy.TOLERANCE) {
            r.times.put(LayerResult.NAIVE, Measurement.of(t));
            line.append("; naive ").append(Fmt.ms(t.medianMs())).append(" (").append(reps).append("x, error vs conv4j ")
                    .append(Fmt.error(err)).append(')');
        } else {
            failed = true;
            line.append("; naive DISAGREES with conv4j (error ").append(Fmt.error(err)).append("), not reported");
        }
    }

    /**
     * Runs conv4j on every layer for a while before anything is timed, so that the JIT has
     * compiled every code path the suite takes (GEMM, Winograd, single-plane...) and the first
     * layers are not timed half-interpreted while later ones are not.
     */
    private void warmConv4j(List<LayerShape> layers, String name) {
        long perLayer = 200_000_000L;
        for (LayerShape l : layers) {
            float[] in = new float[Tensor.checkedElementCount(l.inputShape())];
            float[] f = TestData.uniform(2, Tensor.checkedElementCount(l.filterShape()));
            Conv4jEngine e = new Conv4jEngine(name, l, in, f, options.threads());
            long start = System.nanoTime();
            for (int i = 0; i < 3 || System.nanoTime() - start < perLayer; i++) {
                e.call();
            }
        }
    }

    /** Lets the JIT compile the naive loops before the first one is timed. */
    private static void warmNaive() {
        LayerShape small = new LayerShape("warm", 1, 12, 12, 8, 3, 3, 8, 1, 1, Padding.SAME, "");
        NaiveEngine e = new NaiveEngine(small, new float[12 * 12 * 8], new float[3 * 3 * 8 * 8]);
        for (int i = 0; i < 300; i++) {
            e.call();
        }
    }

    private void memory(List<LayerShape> suite) {
        LayerShape base;
        try {
            base = Suite.find(suite, MEMORY_LAYER);
        } catch (IllegalArgumentException e) {
            say("memory: skipped (no " + MEMORY_LAYER + " in the suite)");
            return;
        }
        say("memory of one conv4j call, " + MEMORY_LAYER + " (conv4j has no workspace-size API: measured with "
                + "ThreadMXBean.getThreadAllocatedBytes over the caller and conv4j's helper threads, and heap after GC):");
        for (int n : MEMORY_BATCHES) {
            LayerShape l = n == base.n() ? base : Suite.withBatch(base, n);
            MemoryProbe.Figures m = MemoryProbe.measure(l, options.threads(), 10);
            say(String.format(Locale.ROOT, "  batch %-3d input %s, output %s, filter %s | plan build allocates %s "
                    + "(packed filter etc.) | first call allocates %s (per-thread scratch kept by the plan = its "
                    + "workspace, %d threads) | warm call allocates %s per call (mean of %d) | heap retained by "
                    + "plan + scratch after GC: %s",
                    n, Fmt.bytes(m.inputBytes()), Fmt.bytes(m.outputBytes()), Fmt.bytes(m.filterBytes()),
                    Fmt.bytes(m.planBytes()), Fmt.bytes(m.firstCallBytes()), m.threads(), Fmt.bytes(m.warmCallBytes()),
                    m.warmCalls(), Fmt.bytes(m.retainedBytes())));
        }
    }

    private void write(List<LayerResult> results, double peak) throws IOException {
        Path dir = options.out();
        Files.createDirectories(dir);
        Path csv = dir.resolve("results.csv");
        Path svg = dir.resolve("results.svg");
        Path txt = dir.resolve("results.txt");
        CsvWriter.write(csv, results, peak);
        String subtitle = "Java " + Runtime.version() + ", " + SystemInfo.cpu() + ", " + options.threads()
                + " threads per call, " + LocalDate.now();
        SvgChart.write(svg, results, peak, subtitle);
        say("wrote " + csv + ", " + svg + ", " + txt);
        Files.writeString(txt, report.toString());
    }

    private static String describe(LayerShape l) {
        String pad = l.padding().kind() == Padding.Kind.EXPLICIT ? "explicit" : l.padding().kind().name();
        return String.format(Locale.ROOT, "%-15s %dx%dx%dx%d * %dx%dx%dx%d s%d d%d %s, %.3f GFLOP", l.name(), l.n(),
                l.h(), l.w(), l.c(), l.kh(), l.kw(), l.c(), l.o(), l.stride(), l.dilation(), pad, TfWindow.flops(l) / 1e9);
    }

    private static String errors(Map<String, Double> errors) {
        StringBuilder sb = new StringBuilder();
        errors.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(Fmt.error(v)));
        return sb.length() == 0 ? "(one engine, nothing to compare)" : sb.toString();
    }

    private static String version() {
        String v = BenchMain.class.getPackage().getImplementationVersion();
        return v == null ? "(dev)" : v;
    }

    /** Prints a line and keeps it for results.txt. */
    private void say(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }
}
