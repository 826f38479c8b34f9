package org.conv4j.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.conv4j.Algorithm;
import org.conv4j.Conv2dOptions;
import org.conv4j.ConvPlan;
import org.conv4j.Convolution;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * conv1d and conv3d against the real TensorFlow ({@link TfNdOracle}) on deterministic random
 * problems, as {@link Conv2dAgainstTensorFlowTest} does for conv2d: every case from its index
 * alone, its name printing the whole request, every {@link Algorithm} (a forced fast path may
 * refuse at plan time), TF's shape exactly, normwise relative error at most {@value #TOL32}
 * (float32) or {@value #TOL64} (float64), and where TF rejects a request, conv4j too, with TF's
 * message in its own.
 *
 * <p>conv1d is checked against TF's Conv2D on the tensors with a height of 1 inserted, which is
 * what {@code tf.nn.conv1d} runs. conv3d is checked against TF's Conv3D; where TF's CPU kernel
 * refuses (NCDHW, dilations, groups) or has no such option (explicit padding), against TF's
 * arithmetic on the equivalent request (see {@link TfNdOracle}). Every case also goes through
 * {@link Convolution#convolution}, which must give the same tensor as the operation itself.
 *
 * <p>The cases cover strides (also larger than the kernel), dilations, both together, SAME,
 * VALID and explicit padding, groups, kernels larger than the input (VALID rejections and empty
 * outputs), empty batches, extra leading batch dimensions, channel counts around the tile
 * sizes, 3x3x3 stride-1 layers (Winograd on the stacked slices) and depth-1 filters (conv3d as
 * one conv2d over all slices), in both layouts and dtypes and every form of strides and
 * dilations. Larger fixed cases and a thread-count test (bitwise identical for 1, 2, 3 and 8
 * threads) follow.
 */
class NdConvAgainstTensorFlowTest {
    static final double TOL32 = 1e-5;
    static final double TOL64 = 1e-12;
    private static final long SEED = 0x0001_D3D0L;
    private static final int RANDOM_CASES = 300;
    private static final Algorithm[] ALGORITHMS = Algorithm.values();

    private static TfOracle tf;
    private static TfNdOracle nd;
    private static double worst32;
    private static double worst64;
    private static int compared;
    private static int rejectedByBoth;
    private static final Map<Algorithm, Integer> runs = new EnumMap<>(Algorithm.class);

    @BeforeAll
    static void startTensorFlow() {
        tf = new TfOracle();
        nd = new TfNdOracle(tf);
    }

    @AfterAll
    static void stopTensorFlow() {
        tf.close();
        System.out.printf("NdConvAgainstTensorFlowTest: %d comparisons, %d requests rejected by both; cases per algorithm %s;"
                + " largest relative error float32 %.3g, float64 %.3g%n", compared, rejectedByBoth, runs, worst32, worst64);
        if (compared > 100) {
            for (Algorithm algorithm : ALGORITHMS) {
                assertTrue(runs.getOrDefault(algorithm, 0) > 0, algorithm + " was never run");
            }
            assertTrue(rejectedByBoth > 0 && rejectedByBoth < compared / 5, "rejections: " + rejectedByBoth);
        }
    }

    /** Which operation a case runs. */
    enum Op {
        CONV1D, CONV3D
    }

    /** One request: the operation, shapes, dtype and options (algorithm left at its default). */
    record Case(String name, Op op, long seed, DType dtype, int[] input, int[] filter, Conv2dOptions options) {
        @Override
        public String toString() {
            return name;
        }
    }

    // ------------------------------------------------------------------------------------------
    // The tests
    // ------------------------------------------------------------------------------------------

    static Stream<Case> conv1dCases() {
        return IntStream.range(0, RANDOM_CASES).mapToObj(i -> randomConv1d(i));
    }

    static Stream<Case> conv3dCases() {
        return IntStream.range(0, RANDOM_CASES).mapToObj(i -> randomConv3d(i));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conv1dCases")
    void conv1dMatchesTensorFlow(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conv3dCases")
    void conv3dMatchesTensorFlow(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("largeCases")
    void largeCaseMatchesTensorFlow(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("largeCases")
    void threadCountsGiveBitwiseIdenticalResults(Case c) {
        Tensor input = TfOracle.random(c.dtype(), c.seed(), c.input());
        Tensor filter = TfOracle.random(c.dtype(), c.seed() + 1, c.filter());
        for (Algorithm algorithm : ALGORITHMS) {
            Tensor one = ours(c, input, filter, c.options().toBuilder().threads(1).build(), algorithm);
            if (one == null) {
                continue;
            }
            for (int threads : new int[] {2, 3, 8}) {
                Tensor many = ours(c, input, filter, c.options().toBuilder().threads(threads).build(), algorithm);
                boolean same = c.dtype() == DType.FLOAT32 ? Arrays.equals(one.floats(), many.floats())
                        : Arrays.equals(one.doubles(), many.doubles());
                assertTrue(same, algorithm + ": " + threads + " threads differ from 1 thread");
            }
        }
    }

    /** conv4j (every algorithm) against TF: same shape and close values, or the same rejection. */
    private static void check(Case c) {
        Tensor input = TfOracle.random(c.dtype(), c.seed(), c.input());
        Tensor filter = TfOracle.random(c.dtype(), c.seed() + 1, c.filter());
        Tensor expected;
        try {
            expected = c.op() == Op.CONV1D ? nd.conv1d(input, filter, c.options()) : nd.conv3d(input, filter, c.options());
        } catch (TfOracle.Rejected e) {
            String tfMessage = e.getMessage();
            if (c.op() == Op.CONV3D && c.options().padding().kind() == Padding.Kind.EXPLICIT) {
                // TF saw the input padded beforehand (Conv3D has no explicit padding), so its sizes
                // are the padded ones; conv4j names the input's, as TF's Conv2D does for explicit padding.
                tfMessage = tfMessage.replaceFirst(" \\[input_size: .*", "");
            }
            for (Algorithm algorithm : ALGORITHMS) {
                Conv2dOptions options = c.options().toBuilder().algorithm(algorithm).build();
                IllegalArgumentException ours = assertThrows(IllegalArgumentException.class,
                        () -> run(c.op(), input, filter, options), "TF rejected it: " + tfMessage);
                assertTrue(String.valueOf(ours.getMessage()).contains(tfMessage),
                        "conv4j's message \"" + ours.getMessage() + "\" lacks TF's \"" + tfMessage + "\"");
            }
            countRejection();
            return;
        }
        double tol = c.dtype() == DType.FLOAT32 ? TOL32 : TOL64;
        for (Algorithm algorithm : ALGORITHMS) {
            Tensor result = ours(c, input, filter, c.options(), algorithm);
            if (result == null) {
                continue; // a restricted fast path that does not take this request
            }
            countRun(algorithm);
            assertEquals(c.dtype(), result.dtype());
            assertArrayEquals(expected.shape(), result.shape(), algorithm + ": shape differs from TF's "
                    + Arrays.toString(expected.shape()));
            double err = TfOracle.relativeError(result, expected);
            noteError(c, err);
            assertTrue(err <= tol, algorithm + ": relative error " + err + " > " + tol);
            if (algorithm == Algorithm.AUTO) {
                Tensor viaConvolution = Convolution.convolution(input, filter, c.options());
                assertArrayEquals(result.shape(), viaConvolution.shape());
                assertEquals(0.0, TfOracle.relativeError(viaConvolution, result), "convolution() differs from " + c.op());
                assertArrayEquals(result.shape(), Convolution.outputShape(c.input(), c.filter(), c.options()));
            }
        }
    }

    private static Tensor run(Op op, Tensor input, Tensor filter, Conv2dOptions options) {
        return op == Op.CONV1D ? Convolution.conv1d(input, filter, options) : Convolution.conv3d(input, filter, options);
    }

    /**
     * conv4j's result with {@code algorithm} forced, or {@code null} when a restricted fast path
     * (WINOGRAD) refuses the request when the plan is made. AUTO, REFERENCE and GEMM take all.
     */
    private static Tensor ours(Case c, Tensor input, Tensor filter, Conv2dOptions options, Algorithm algorithm) {
        Conv2dOptions forced = options.toBuilder().algorithm(algorithm).build();
        if (algorithm != Algorithm.WINOGRAD) {
            return run(c.op(), input, filter, forced);
        }
        ConvPlan plan;
        try {
            plan = c.op() == Op.CONV1D ? Convolution.conv1dPlan(input.shape(), filter, forced)
                    : Convolution.conv3dPlan(input.shape(), filter, forced);
        } catch (IllegalArgumentException refused) {
            return null;
        }
        return plan.execute(input);
    }

    private static synchronized void noteError(Case c, double err) {
        compared++;
        if (c.dtype() == DType.FLOAT32) {
            worst32 = Math.max(worst32, err);
        } else {
            worst64 = Math.max(worst64, err);
        }
    }

    private static synchronized void countRejection() {
        rejectedByBoth++;
    }

    private static synchronized void countRun(Algorithm algorithm) {
        runs.merge(algorithm, 1, Integer::sum);
    }

    // ------------------------------------------------------------------------------------------
    // Random cases
    // ------------------------------------------------------------------------------------------

    /** What a random case concentrates on; case {@code i} uses scenario {@code i % 9}. */
    private enum Scenario {
        PLAIN, STRIDES, DILATIONS, STRIDES_AND_DILATIONS, EXPLICIT, GROUPS, KERNEL_LARGER_THAN_INPUT, BATCH_DIMS, SPECIAL
    }

    private static final int[][] LEADING = {{0}, {1}, {2}, {3}, {2, 1}, {1, 2}, {2, 0}, {1, 2, 2}};
    private static final int[] TAIL_CHANNELS = {1, 3, 7, 8, 15, 16, 17, 31, 32, 33};
    private static final int[] TAIL_OUT = {1, 5, 15, 16, 17, 31, 32, 33, 48, 64};

    static Case randomConv1d(int index) {
        long seed = SEED + 1_000_003L * index;
        Random r = new Random(seed);
        Scenario scenario = Scenario.values()[index % Scenario.values().length];
        DType dtype = r.nextInt(10) < 7 ? DType.FLOAT32 : DType.FLOAT64;
        DataFormat format = r.nextInt(10) < 7 ? DataFormat.NHWC : DataFormat.NCHW;
        int[] leading = {1 + r.nextInt(3)};
        int w = 1 + r.nextInt(20);
        int k = 1 + r.nextInt(5);
        int s = 1;
        int d = 1;
        int groups = 1;
        int kc = 1 + r.nextInt(6);
        int ocg = 1 + r.nextInt(6);
        Padding padding = r.nextBoolean() ? Padding.SAME : Padding.VALID;
        switch (scenario) {
            case PLAIN -> {
            }
            case STRIDES -> s = 1 + r.nextInt(6);
            case DILATIONS -> d = 1 + r.nextInt(4);
            case STRIDES_AND_DILATIONS -> {
                s = 1 + r.nextInt(4);
                d = 1 + r.nextInt(3);
            }
            case EXPLICIT -> {
                padding = Padding.explicit(r.nextInt(5), r.nextInt(5));
                s = 1 + r.nextInt(3);
                d = 1 + r.nextInt(2);
            }
            case GROUPS -> {
                groups = 2 + r.nextInt(3);
                s = 1 + r.nextInt(2);
                d = 1 + r.nextInt(2);
            }
            case KERNEL_LARGER_THAN_INPUT -> {
                w = 1 + r.nextInt(5);
                k = w + r.nextInt(3);
                s = 1 + r.nextInt(3);
                padding = r.nextInt(4) == 0 ? Padding.explicit(r.nextInt(2), r.nextInt(2)) : padding;
            }
            case BATCH_DIMS -> leading = LEADING[r.nextInt(LEADING.length)];
            case SPECIAL -> {
                // Long sequences with many channels (the GEMM's full tiles and panels).
                w = 16 + r.nextInt(200);
                kc = TAIL_CHANNELS[r.nextInt(TAIL_CHANNELS.length)];
                ocg = TAIL_OUT[r.nextInt(TAIL_OUT.length)];
                s = 1 + r.nextInt(2);
            }
            default -> throw new AssertionError(scenario);
        }
        if (scenario != Scenario.KERNEL_LARGER_THAN_INPUT && padding == Padding.VALID) {
            while (k > 1 && (k - 1) * d + 1 > w) {
                k--;
            }
        }
        int c = groups * kc;
        int[] input = Arrays.copyOf(leading, leading.length + 2);
        input[leading.length] = format == DataFormat.NHWC ? w : c;
        input[leading.length + 1] = format == DataFormat.NHWC ? c : w;
        int[] filter = {k, kc, groups * ocg};
        Conv2dOptions options = Conv2dOptions.builder().strides(form(r, s, format)).dilations(form(r, d, format))
                .padding(padding).dataFormat(format).build();
        String name = String.format("#%d conv1d %s %s %s in%s f%s strides%s dilations%s padding=%s seed=%d", index, scenario,
                dtype == DType.FLOAT32 ? "f32" : "f64", format == DataFormat.NHWC ? "NWC" : "NCW", Arrays.toString(input),
                Arrays.toString(filter), Arrays.toString(options.strides()), Arrays.toString(options.dilations()), padding,
                seed);
        return new Case(name, Op.CONV1D, seed, dtype, input, filter, options);
    }

    static Case randomConv3d(int index) {
        long seed = SEED + 7_000_003L * index;
        Random r = new Random(seed);
        Scenario scenario = Scenario.values()[index % Scenario.values().length];
        DType dtype = r.nextInt(10) < 7 ? DType.FLOAT32 : DType.FLOAT64;
        DataFormat format = r.nextInt(10) < 7 ? DataFormat.NHWC : DataFormat.NCHW;
        int[] leading = {1 + r.nextInt(2)};
        int[] size = {1 + r.nextInt(6), 1 + r.nextInt(7), 1 + r.nextInt(7)};
        int[] k = {1 + r.nextInt(3), 1 + r.nextInt(3), 1 + r.nextInt(3)};
        int[] s = {1, 1, 1};
        int[] d = {1, 1, 1};
        int groups = 1;
        int kc = 1 + r.nextInt(5);
        int ocg = 1 + r.nextInt(6);
        Padding padding = r.nextBoolean() ? Padding.SAME : Padding.VALID;
        switch (scenario) {
            case PLAIN -> {
            }
            case STRIDES -> s = new int[] {1 + r.nextInt(3), 1 + r.nextInt(4), 1 + r.nextInt(4)};
            case DILATIONS -> d = new int[] {1 + r.nextInt(3), 1 + r.nextInt(3), 1 + r.nextInt(3)};
            case STRIDES_AND_DILATIONS -> {
                s = new int[] {1 + r.nextInt(3), 1 + r.nextInt(3), 1 + r.nextInt(3)};
                d = new int[] {1 + r.nextInt(2), 1 + r.nextInt(2), 1 + r.nextInt(2)};
            }
            case EXPLICIT -> {
                padding = Padding.explicit(r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3),
                        r.nextInt(3));
                s = new int[] {1 + r.nextInt(2), 1 + r.nextInt(2), 1 + r.nextInt(2)};
                d = new int[] {1 + r.nextInt(2), 1, 1 + r.nextInt(2)};
            }
            case GROUPS -> {
                groups = 2 + r.nextInt(3);
                kc = 1 + r.nextInt(4);
                ocg = 1 + r.nextInt(4);
                s = new int[] {1 + r.nextInt(2), 1, 1 + r.nextInt(2)};
                d = new int[] {1 + r.nextInt(2), 1 + r.nextInt(2), 1};
            }
            case KERNEL_LARGER_THAN_INPUT -> {
                size = new int[] {1 + r.nextInt(3), 1 + r.nextInt(4), 1 + r.nextInt(4)};
                int axis = r.nextInt(3);
                k[axis] = size[axis] + r.nextInt(3);
                s = new int[] {1 + r.nextInt(2), 1 + r.nextInt(2), 1 + r.nextInt(2)};
            }
            case BATCH_DIMS -> leading = LEADING[r.nextInt(LEADING.length)];
            case SPECIAL -> {
                if (r.nextBoolean()) {
                    // 3x3x3, stride 1, SAME, enough channels: Winograd on the stacked slices.
                    k = new int[] {3, 3, 3};
                    size = new int[] {2 + r.nextInt(4), 6 + r.nextInt(10), 6 + r.nextInt(10)};
                    kc = TAIL_CHANNELS[5 + r.nextInt(5)];
                    ocg = TAIL_OUT[2 + r.nextInt(8)];
                    padding = Padding.SAME;
                } else {
                    // A filter of depth 1: channels last, every depth slice is an image of one conv2d.
                    k[0] = 1;
                    s[1] = 1 + r.nextInt(2);
                    kc = TAIL_CHANNELS[r.nextInt(TAIL_CHANNELS.length)];
                    ocg = TAIL_OUT[r.nextInt(TAIL_OUT.length)];
                    groups = r.nextInt(4) == 0 ? 2 : 1;
                }
            }
            default -> throw new AssertionError(scenario);
        }
        if (scenario != Scenario.KERNEL_LARGER_THAN_INPUT && padding == Padding.VALID) {
            for (int a = 0; a < 3; a++) {
                while (k[a] > 1 && (k[a] - 1) * d[a] + 1 > size[a]) {
                    k[a]--;
                }
            }
        }
        int c = groups * kc;
        int[] inner = format == DataFormat.NHWC ? new int[] {size[0], size[1], size[2], c}
                : new int[] {c, size[0], size[1], size[2]};
        int[] input = Arrays.copyOf(leading, leading.length + 4);
        System.arraycopy(inner, 0, input, leading.length, 4);
        int[] filter = {k[0], k[1], k[2], kc, groups * ocg};
        Conv2dOptions options = Conv2dOptions.builder().strides(form(r, s, format)).dilations(form(r, d, format))
                .padding(padding).dataFormat(format).build();
        String name = String.format("#%d conv3d %s %s %s in%s f%s strides%s dilations%s padding=%s seed=%d", index, scenario,
                dtype == DType.FLOAT32 ? "f32" : "f64", format == DataFormat.NHWC ? "NDHWC" : "NCDHW",
                Arrays.toString(input), Arrays.toString(filter), Arrays.toString(options.strides()),
                Arrays.toString(options.dilations()), padding, seed);
        return new Case(name, Op.CONV3D, seed, dtype, input, filter, options);
    }

    /** conv1d strides or dilations in one of TF's forms: 1 number, or 3 in data-format order. */
    private static int[] form(Random r, int v, DataFormat format) {
        if (r.nextInt(3) == 0) {
            return format == DataFormat.NHWC ? new int[] {1, v, 1} : new int[] {1, 1, v};
        }
        return new int[] {v};
    }

    /** conv3d strides or dilations in one of TF's forms: 1 number (if all equal), 3, or 5 in data-format order. */
    private static int[] form(Random r, int[] v, DataFormat format) {
        int kind = r.nextInt(3);
        if (kind == 0 && v[0] == v[1] && v[1] == v[2]) {
            return new int[] {v[0]};
        }
        if (kind == 2) {
            return format == DataFormat.NHWC ? new int[] {1, v[0], v[1], v[2], 1} : new int[] {1, 1, v[0], v[1], v[2]};
        }
        return v.clone();
    }

    // ------------------------------------------------------------------------------------------
    // Larger fixed cases
    // ------------------------------------------------------------------------------------------

    private static Case fixed(String name, Op op, DType dtype, int[] input, int[] filter, Conv2dOptions.Builder options) {
        Conv2dOptions o = options.build();
        long seed = SEED ^ name.hashCode();
        return new Case(String.format("%s %s %s %s in%s f%s strides%s dilations%s padding=%s", name, op,
                dtype == DType.FLOAT32 ? "f32" : "f64", o.dataFormat() == DataFormat.NHWC ? "channels-last" : "channels-first",
                Arrays.toString(input), Arrays.toString(filter), Arrays.toString(o.strides()), Arrays.toString(o.dilations()),
                o.padding()), op, seed, dtype, input, filter, o);
    }

    private static Conv2dOptions.Builder opts() {
        return Conv2dOptions.builder();
    }

    static Stream<Case> largeCases() {
        DType f32 = DType.FLOAT32;
        DType f64 = DType.FLOAT64;
        DataFormat first = DataFormat.NCHW;
        Op c1 = Op.CONV1D;
        Op c3 = Op.CONV3D;
        return Stream.of(
                fixed("video 3x3x3", c3, f32, new int[] {1, 6, 20, 20, 32}, new int[] {3, 3, 3, 32, 48},
                        opts().padding(Padding.SAME)),
                fixed("video 3x3x3", c3, f64, new int[] {2, 4, 12, 10, 16}, new int[] {3, 3, 3, 16, 24},
                        opts().padding(Padding.SAME)),
                fixed("strided NCDHW", c3, f32, new int[] {2, 24, 7, 17, 15}, new int[] {3, 3, 3, 24, 40},
                        opts().strides(2).padding(Padding.SAME).dataFormat(first)),
                fixed("grouped dilated", c3, f32, new int[] {1, 9, 14, 14, 32}, new int[] {3, 3, 3, 8, 32},
                        opts().dilations(2, 1, 2).padding(Padding.SAME)),
                fixed("depth-1 filter", c3, f32, new int[] {2, 5, 16, 16, 24}, new int[] {1, 3, 3, 24, 40},
                        opts().padding(Padding.SAME)),
                fixed("pointwise", c3, f32, new int[] {1, 4, 9, 9, 64}, new int[] {1, 1, 1, 64, 33}, opts()),
                fixed("many small slices", c3, f32, new int[] {3, 17, 4, 5, 8}, new int[] {2, 2, 2, 8, 16},
                        opts().padding(Padding.explicit(1, 0, 0, 1, 1, 1))),
                fixed("rank 6", c3, f64, new int[] {2, 2, 3, 6, 6, 5}, new int[] {2, 3, 3, 5, 7},
                        opts().strides(1, 2, 1).padding(Padding.VALID)),
                fixed("filter deeper than input", c3, f32, new int[] {1, 2, 8, 8, 16}, new int[] {5, 3, 3, 16, 16},
                        opts().padding(Padding.SAME)),
                fixed("sequence k5", c1, f32, new int[] {4, 300, 64}, new int[] {5, 64, 64}, opts().padding(Padding.SAME)),
                fixed("sequence NCW strided", c1, f32, new int[] {3, 48, 257}, new int[] {7, 48, 40},
                        opts().strides(2).dataFormat(first).padding(Padding.SAME)),
                fixed("sequence dilated causal", c1, f64, new int[] {2, 200, 16}, new int[] {3, 16, 32},
                        opts().dilations(4).padding(Padding.explicit(8, 0))),
                fixed("sequence grouped", c1, f32, new int[] {2, 2, 150, 32}, new int[] {3, 8, 64}, opts()));
    }
}
