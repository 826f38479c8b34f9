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
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.DepthwiseConv2d;
import org.conv4j.Padding;
import org.conv4j.SeparableConv2d;
import org.conv4j.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * conv4j's {@link DepthwiseConv2d} against the real TensorFlow ({@link TfDepthwise}) on
 * deterministic random problems, in the manner of {@link Conv2dAgainstTensorFlowTest}: every
 * case is generated from its index, its name prints the whole request, and it runs with every
 * {@link Algorithm} (AUTO, REFERENCE, GEMM on the grouped geometry, and WINOGRAD where it plans).
 * Shapes must equal TF's, and the normwise relative error must be at most 1e-5 (float32) or
 * 1e-12 (float64); where TF rejects a request conv4j must reject it too, with TF's message in its
 * own.
 *
 * <p>The scenarios cover strides (equal, as TF requires), dilations (compared with TF's grouped
 * Conv2D, and for stride 1 also with {@code tf.nn.depthwise_conv2d}'s space_to_batch route),
 * explicit padding in both forms, depth multipliers 1 to 4, windows larger than the input, extra
 * leading batch dimensions, channel counts around the vector lengths, MobileNet's 3x3 layers;
 * NCHW (TF's CPU kernel refuses it: TF runs between transposes) and float64 in every scenario.
 */
class DepthwiseAgainstTensorFlowTest {
    static final double TOL32 = 1e-5;
    static final double TOL64 = 1e-12;
    private static final long SEED = 0xD3E7_2018L;
    private static final int RANDOM_CASES = 360;
    private static final Algorithm[] ALGORITHMS = Algorithm.values();

    private static TfOracle oracle;
    private static TfDepthwise tf;
    private static int compared;
    private static int spaceToBatchCompared;
    private static int rejectedByBoth;
    private static double worst32;
    private static double worst64;
    private static final Map<Algorithm, Integer> runs = new EnumMap<>(Algorithm.class);

    @BeforeAll
    static void startTensorFlow() {
        oracle = new TfOracle();
        tf = new TfDepthwise(oracle);
    }

    @AfterAll
    static void stopTensorFlow() {
        oracle.close();
        System.out.printf("DepthwiseAgainstTensorFlowTest: %d comparisons (%d also with TF's space_to_batch route), "
                + "%d rejected by both; runs per algorithm %s; largest relative error float32 %.3g, float64 %.3g%n",
                compared, spaceToBatchCompared, rejectedByBoth, runs, worst32, worst64);
        if (compared > 100) {
            for (Algorithm algorithm : ALGORITHMS) {
                assertTrue(runs.getOrDefault(algorithm, 0) > 0, algorithm + " was never run");
            }
            assertTrue(spaceToBatchCompared > 10, "space_to_batch route compared " + spaceToBatchCompared + " times");
            assertTrue(rejectedByBoth > 5, "rejections compared " + rejectedByBoth + " times");
        }
    }

    /** One request: shapes, dtype and options. */
    record Case(String name, long seed, DType dtype, int[] input, int[] filter, Conv2dOptions options) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> randomCases() {
        return IntStream.range(0, RANDOM_CASES).mapToObj(DepthwiseAgainstTensorFlowTest::randomCase);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("randomCases")
    void randomCaseMatchesTensorFlow(Case c) {
        check(c);
    }

    static Stream<Case> separableCases() {
        return IntStream.range(0, RANDOM_CASES / 4).mapToObj(i -> randomCase(4 * i + 1));
    }

    /**
     * separable_conv2d on the random requests (every fourth), with a pointwise filter of 1 to 24
     * output channels, against TF's composition: its depthwise stage, then its Conv2D 1x1.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("separableCases")
    void separableRandomCaseMatchesTensorFlow(Case c) {
        Tensor input = TfOracle.random(c.dtype(), c.seed(), c.input());
        Tensor depthwise = TfOracle.random(c.dtype(), c.seed() + 1, c.filter());
        int outChannels = 1 + new Random(c.seed()).nextInt(24);
        Tensor pointwise = TfOracle.random(c.dtype(), c.seed() + 2, 1, 1, c.filter()[2] * c.filter()[3], outChannels);
        Tensor expected;
        try {
            expected = tf.separable(input, depthwise, pointwise, c.options());
        } catch (TfOracle.Rejected e) {
            IllegalArgumentException ours = assertThrows(IllegalArgumentException.class,
                    () -> SeparableConv2d.separableConv2d(input, depthwise, pointwise, c.options()));
            assertTrue(String.valueOf(ours.getMessage()).contains(e.getMessage()),
                    "conv4j's message \"" + ours.getMessage() + "\" lacks TF's \"" + e.getMessage() + "\"");
            return;
        }
        double tol = c.dtype() == DType.FLOAT32 ? TOL32 : TOL64;
        for (Algorithm algorithm : new Algorithm[] {Algorithm.AUTO, Algorithm.REFERENCE, Algorithm.GEMM}) {
            Tensor ours = SeparableConv2d.separableConv2d(input, depthwise, pointwise,
                    c.options().toBuilder().algorithm(algorithm).build());
            assertArrayEquals(expected.shape(), ours.shape(), algorithm + ": shape");
            double err = TfOracle.relativeError(ours, expected);
            assertTrue(err <= tol, algorithm + ": relative error " + err + " > " + tol);
        }
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
        for (Algorithm algorithm : new Algorithm[] {Algorithm.AUTO, Algorithm.GEMM}) {
            Tensor one = conv4j(input, filter, c.options().toBuilder().threads(1).build(), algorithm);
            for (int threads : new int[] {2, 3, 8}) {
                Tensor many = conv4j(input, filter, c.options().toBuilder().threads(threads).build(), algorithm);
                boolean same = c.dtype() == DType.FLOAT32 ? Arrays.equals(one.floats(), many.floats())
                        : Arrays.equals(one.doubles(), many.doubles());
                assertTrue(same, algorithm + ": " + threads + " threads differ from 1 thread");
            }
        }
    }

    /**
     * conv4j's result with {@code algorithm} forced, or {@code null} when WINOGRAD (the one
     * restricted fast path) refuses the request when the plan is made.
     */
    static Tensor conv4j(Tensor input, Tensor filter, Conv2dOptions options, Algorithm algorithm) {
        Conv2dOptions forced = options.toBuilder().algorithm(algorithm).build();
        if (algorithm != Algorithm.WINOGRAD) {
            return DepthwiseConv2d.depthwiseConv2d(input, filter, forced);
        }
        ConvPlan plan;
        try {
            plan = DepthwiseConv2d.plan(input.shape(), filter, forced);
        } catch (IllegalArgumentException refused) {
            return null;
        }
        return plan.execute(input);
    }

    private static void check(Case c) {
        Tensor input = TfOracle.random(c.dtype(), c.seed(), c.input());
        Tensor filter = TfOracle.random(c.dtype(), c.seed() + 1, c.filter());
        Tensor expected;
        try {
            expected = tf.depthwise(input, filter, c.options());
        } catch (TfOracle.Rejected e) {
            String tfMessage = e.getMessage();
            for (Algorithm algorithm : ALGORITHMS) {
                Conv2dOptions options = c.options().toBuilder().algorithm(algorithm).build();
                IllegalArgumentException ours = assertThrows(IllegalArgumentException.class,
                        () -> DepthwiseConv2d.depthwiseConv2d(input, filter, options), "TF rejected it: " + tfMessage);
                assertTrue(String.valueOf(ours.getMessage()).contains(tfMessage),
                        "conv4j's message \"" + ours.getMessage() + "\" lacks TF's \"" + tfMessage + "\"");
            }
            count(null, 0, true);
            return;
        }
        double tol = c.dtype() == DType.FLOAT32 ? TOL32 : TOL64;
        Tensor auto = null;
        for (Algorithm algorithm : ALGORITHMS) {
            Tensor ours = conv4j(input, filter, c.options(), algorithm);
            if (ours == null) {
                continue;
            }
            auto = algorithm == Algorithm.AUTO ? ours : auto;
            assertEquals(c.dtype(), ours.dtype());
            assertArrayEquals(expected.shape(), ours.shape(), algorithm + ": shape differs from TF's "
                    + Arrays.toString(expected.shape()));
            double err = TfOracle.relativeError(ours, expected);
            count(algorithm, err, false);
            noteError(c.dtype(), err);
            assertTrue(err <= tol, algorithm + ": relative error " + err + " > " + tol);
        }
        spaceToBatchToo(c, input, filter, auto, tol);
    }

    /**
     * For a dilated stride-1 NHWC rank-4 request, TF's own route too: tf.nn.depthwise_conv2d goes
     * through space_to_batch, and must agree with conv4j's direct computation.
     */
    private static void spaceToBatchToo(Case c, Tensor input, Tensor filter, Tensor auto, double tol) {
        Conv2dOptions o = c.options();
        int[] d = o.dilations();
        int dh = d.length == 4 ? d[1] : d[0];
        int dw = d.length == 4 ? d[2] : d[d.length - 1];
        int[] s = o.strides();
        boolean strideOne = Arrays.stream(s).allMatch(v -> v == 1);
        if ((dh == 1 && dw == 1) || !strideOne || o.dataFormat() != DataFormat.NHWC || c.input().length != 4) {
            return;
        }
        Padding p = o.padding();
        Padding padding = p.kind() != Padding.Kind.EXPLICIT || p.values().length == 4 ? p
                : Padding.explicit(p.values()[2], p.values()[3], p.values()[4], p.values()[5]);
        Tensor viaS2b = tf.depthwiseViaSpaceToBatch(input, filter, padding, dh, dw);
        assertArrayEquals(viaS2b.shape(), auto.shape(), "shape differs from TF's space_to_batch route");
        double err = TfOracle.relativeError(auto, viaS2b);
        assertTrue(err <= tol, "space_to_batch route: relative error " + err + " > " + tol);
        synchronized (DepthwiseAgainstTensorFlowTest.class) {
            spaceToBatchCompared++;
        }
    }

    private static synchronized void count(Algorithm algorithm, double err, boolean rejected) {
        if (rejected) {
            rejectedByBoth++;
            return;
        }
        compared++;
        runs.merge(algorithm, 1, Integer::sum);
    }

    private static synchronized void noteError(DType dtype, double err) {
        if (dtype == DType.FLOAT32) {
            worst32 = Math.max(worst32, err);
        } else {
            worst64 = Math.max(worst64, err);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Random case generation
    // ------------------------------------------------------------------------------------------

    /** What a random case concentrates on; case {@code i} uses scenario {@code i % 12}. */
    private enum Scenario {
        PLAIN, STRIDES, DILATIONS, STRIDES_AND_DILATIONS, EXPLICIT_4, EXPLICIT_8, MULTIPLIER,
        KERNEL_LARGER_THAN_INPUT, BATCH_DIMS, CHANNEL_TAILS, MOBILENET, EVERYTHING
    }

    private static final int[][] LEADING = {{0}, {1}, {2}, {3}, {0, 2}, {2, 3}, {1, 2, 2}, {2, 1, 3}};
    private static final int[] TAIL_CHANNELS = {1, 3, 4, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 40};

    static Case randomCase(int index) {
        long seed = SEED + 1_000_003L * index;
        Random r = new Random(seed);
        Scenario scenario = Scenario.values()[index % Scenario.values().length];

        DType dtype = r.nextInt(10) < 7 ? DType.FLOAT32 : DType.FLOAT64;
        DataFormat format = r.nextInt(10) < 7 ? DataFormat.NHWC : DataFormat.NCHW;
        int[] leading = {1 + r.nextInt(3)};
        int h = 1 + r.nextInt(10);
        int w = 1 + r.nextInt(10);
        int kh = 1 + r.nextInt(4);
        int kw = 1 + r.nextInt(4);
        int stride = 1;
        int dh = 1;
        int dw = 1;
        int c = 1 + r.nextInt(6);
        int m = 1;
        Padding padding = r.nextBoolean() ? Padding.SAME : Padding.VALID;

        switch (scenario) {
            case PLAIN -> {
            }
            case STRIDES -> {
                h = 1 + r.nextInt(14);
                w = 1 + r.nextInt(14);
                stride = 1 + r.nextInt(5);
            }
            case DILATIONS -> {
                h = 3 + r.nextInt(12);
                w = 3 + r.nextInt(12);
                dh = 1 + r.nextInt(4);
                dw = 1 + r.nextInt(4);
                if (r.nextInt(3) == 0) {
                    padding = Padding.explicit(r.nextInt(4), r.nextInt(4), r.nextInt(4), r.nextInt(4));
                }
            }
            case STRIDES_AND_DILATIONS -> {
                h = 3 + r.nextInt(14);
                w = 3 + r.nextInt(14);
                stride = 1 + r.nextInt(4);
                dh = 1 + r.nextInt(3);
                dw = 1 + r.nextInt(3);
            }
            case EXPLICIT_4 -> {
                padding = Padding.explicit(r.nextInt(4), r.nextInt(4), r.nextInt(4), r.nextInt(4));
                stride = 1 + r.nextInt(3);
            }
            case EXPLICIT_8 -> {
                padding = explicit8(format, r.nextInt(5), r.nextInt(4), r.nextInt(4), r.nextInt(5));
                stride = 1 + r.nextInt(3);
                m = 1 + r.nextInt(2);
            }
            case MULTIPLIER -> {
                m = 2 + r.nextInt(3);
                c = 1 + r.nextInt(12);
                stride = 1 + r.nextInt(2);
                if (r.nextInt(3) == 0) {
                    padding = Padding.explicit(r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3));
                }
            }
            case KERNEL_LARGER_THAN_INPUT -> {
                h = 1 + r.nextInt(5);
                w = 1 + r.nextInt(5);
                // VALID: k = n gives 1, n + 1 an empty output, n + 2 TF's "negative" error.
                kh = h + r.nextInt(3);
                kw = w + r.nextInt(padding == Padding.VALID ? 2 : 4);
                stride = 1 + r.nextInt(3);
                if (r.nextInt(4) == 0) {
                    padding = Padding.explicit(r.nextInt(2), r.nextInt(2), r.nextInt(2), r.nextInt(2));
                }
            }
            case BATCH_DIMS -> {
                leading = LEADING[r.nextInt(LEADING.length)];
                stride = 1 + r.nextInt(2);
                m = 1 + r.nextInt(2);
            }
            case CHANNEL_TAILS -> {
                h = 1 + r.nextInt(7);
                w = 1 + r.nextInt(9);
                kh = 1 + r.nextInt(3);
                kw = 1 + r.nextInt(3);
                c = TAIL_CHANNELS[r.nextInt(TAIL_CHANNELS.length)];
                m = r.nextInt(4) == 0 ? 2 : 1;
            }
            case MOBILENET -> {
                h = 4 + r.nextInt(16);
                w = 4 + r.nextInt(16);
                kh = 3;
                kw = 3;
                stride = 1 + r.nextInt(2);
                c = TAIL_CHANNELS[r.nextInt(TAIL_CHANNELS.length)] + (r.nextBoolean() ? 16 : 0);
                padding = Padding.SAME;
            }
            case EVERYTHING -> {
                leading = r.nextInt(3) == 0 ? LEADING[r.nextInt(LEADING.length)] : leading;
                h = 1 + r.nextInt(12);
                w = 1 + r.nextInt(12);
                kh = 1 + r.nextInt(5);
                kw = 1 + r.nextInt(5);
                stride = 1 + r.nextInt(4);
                dh = 1 + r.nextInt(3);
                dw = 1 + r.nextInt(3);
                m = 1 + r.nextInt(3);
                c = 1 + r.nextInt(20);
                padding = switch (r.nextInt(4)) {
                    case 0 -> Padding.SAME;
                    case 1 -> Padding.VALID;
                    case 2 -> Padding.explicit(r.nextInt(4), r.nextInt(4), r.nextInt(4), r.nextInt(4));
                    default -> explicit8(format, r.nextInt(4), r.nextInt(4), r.nextInt(4), r.nextInt(4));
                };
            }
            default -> throw new AssertionError(scenario);
        }
        if (scenario != Scenario.KERNEL_LARGER_THAN_INPUT && padding == Padding.VALID) {
            // Keep VALID cases valid (the scenario above covers the rejections).
            while (kh > 1 && (kh - 1) * dh + 1 > h) {
                kh--;
            }
            while (kw > 1 && (kw - 1) * dw + 1 > w) {
                kw--;
            }
        }

        int[] input = new int[leading.length + 3];
        System.arraycopy(leading, 0, input, 0, leading.length);
        int at = leading.length;
        if (format == DataFormat.NHWC) {
            input[at] = h;
            input[at + 1] = w;
            input[at + 2] = c;
        } else {
            input[at] = c;
            input[at + 1] = h;
            input[at + 2] = w;
        }
        int[] filter = {kh, kw, c, m};
        Conv2dOptions options = Conv2dOptions.builder()
                .strides(form(r, stride, stride, format))
                .dilations(form(r, dh, dw, format))
                .padding(padding)
                .dataFormat(format)
                .build();
        String name = String.format("#%d %s %s %s in%s f%s strides%s dilations%s padding=%s seed=%d",
                index, scenario, dtype == DType.FLOAT32 ? "f32" : "f64", format, Arrays.toString(input),
                Arrays.toString(filter), Arrays.toString(options.strides()), Arrays.toString(options.dilations()),
                padding, seed);
        return new Case(name, seed, dtype, input, filter, options);
    }

    /** Strides or dilations in one of conv4j's forms: 1, 2 or 4 numbers. */
    private static int[] form(Random r, int h, int w, DataFormat format) {
        int kind = r.nextInt(3);
        if (kind == 0 && h == w) {
            return new int[] {h};
        }
        if (kind == 2) {
            return format == DataFormat.NHWC ? new int[] {1, h, w, 1} : new int[] {1, 1, h, w};
        }
        return new int[] {h, w};
    }

    /** TF's eight explicit_paddings values, in data-format order. */
    private static Padding explicit8(DataFormat format, int top, int bottom, int left, int right) {
        return format == DataFormat.NHWC ? Padding.explicit(0, 0, top, bottom, left, right, 0, 0)
                : Padding.explicit(0, 0, 0, 0, top, bottom, left, right);
    }

    // ------------------------------------------------------------------------------------------
    // Fixed larger cases: the fast paths' tiles, MobileNet's layers, threads
    // ------------------------------------------------------------------------------------------

    private static Case fixed(String name, DType dtype, int[] input, int[] filter, Conv2dOptions.Builder options) {
        Conv2dOptions o = options.build();
        return new Case(String.format("%s %s %s in%s f%s strides%s dilations%s padding=%s", name,
                dtype == DType.FLOAT32 ? "f32" : "f64", o.dataFormat(), Arrays.toString(input), Arrays.toString(filter),
                Arrays.toString(o.strides()), Arrays.toString(o.dilations()), o.padding()), SEED ^ name.hashCode(), dtype,
                input, filter, o);
    }

    static Stream<Case> largeCases() {
        DType f32 = DType.FLOAT32;
        DType f64 = DType.FLOAT64;
        Padding same = Padding.SAME;
        return Stream.of(
                fixed("MobileNet 3x3 s1", f32, new int[] {1, 56, 56, 64}, new int[] {3, 3, 64, 1},
                        Conv2dOptions.builder().padding(same)),
                fixed("MobileNet 3x3 s2", f32, new int[] {1, 57, 55, 32}, new int[] {3, 3, 32, 1},
                        Conv2dOptions.builder().padding(same).strides(2)),
                fixed("MobileNet 3x3 s1", f64, new int[] {2, 20, 23, 40}, new int[] {3, 3, 40, 1},
                        Conv2dOptions.builder().padding(same)),
                fixed("5x5 multiplier 2", f32, new int[] {2, 30, 27, 24}, new int[] {5, 5, 24, 2},
                        Conv2dOptions.builder().padding(same)),
                fixed("7x7 dilated", f32, new int[] {1, 33, 31, 19}, new int[] {7, 7, 19, 1},
                        Conv2dOptions.builder().padding(same).dilations(2)),
                fixed("NCHW 3x3 multiplier 3", f32, new int[] {2, 12, 29, 31}, new int[] {3, 3, 12, 3},
                        Conv2dOptions.builder().padding(Padding.explicit(2, 0, 1, 3)).dataFormat(DataFormat.NCHW)),
                fixed("NCHW stride 2", f64, new int[] {1, 17, 40, 33}, new int[] {3, 3, 17, 1},
                        Conv2dOptions.builder().strides(2).dataFormat(DataFormat.NCHW)),
                fixed("rank 5", f32, new int[] {2, 2, 15, 16, 48}, new int[] {3, 3, 48, 1},
                        Conv2dOptions.builder().padding(same)));
    }
}
