package org.conv4j.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.conv4j.Algorithm;
import org.conv4j.Conv2d;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * conv4j against the real TensorFlow ({@link TfOracle}) on deterministic random problems.
 *
 * <p>Every case is generated from its index alone (fixed seeds), and its display name prints the
 * whole request, so a failure names what to rerun. Values are uniform in [-1, 1]. Each case runs
 * conv4j with every {@link Algorithm} (the default AUTO, REFERENCE and the forced fast paths);
 * the shapes must equal TF's exactly (empty outputs included) and the normwise relative error
 * {@code max|ours - tf| / max|tf|} must be at most {@value #TOL32} (float32) or
 * {@value #TOL64} (float64). Where TF rejects a request (e.g. VALID with a kernel two larger
 * than the input), conv4j must reject it too, with TF's message in its own.
 *
 * <p>The random cases cycle through scenarios so that every option and the interesting
 * combinations are certain to appear: strides (also larger than the kernel), dilations, both,
 * asymmetric explicit padding in the 4- and 8-value forms, groups, kernels larger than the input,
 * batch 0 and extra leading batch dimensions (rank 5 and 6), channel counts around multiples of
 * 16, 1x1 kernels, kernels the size of the input and plain 3x3 stride-1 layers; NCHW and float64
 * are drawn in every scenario. A forced fast path that documents a restricted domain (WINOGRAD)
 * may refuse a request when the plan is made; it is then compared only where it plans.
 * A few larger fixed cases exercise the fast paths' tiles, and the thread-count test checks that
 * results are bitwise identical for 1, 2, 3 and 8 threads.
 */
class Conv2dAgainstTensorFlowTest {
    static final double TOL32 = 1e-5;
    static final double TOL64 = 1e-12;
    private static final long SEED = 0x5EED_C0DE_2018L;
    private static final int RANDOM_CASES = 600;
    /** AUTO (the default), REFERENCE, and every forced implementation the enum offers. */
    private static final Algorithm[] ALGORITHMS = Algorithm.values();

    private static TfOracle tf;
    private static double worst32;
    private static String worst32Case = "-";
    private static double worst64;
    private static String worst64Case = "-";
    private static int compared;
    private static int rejectedByBoth;
    private static final Map<Algorithm, Integer> runs = new EnumMap<>(Algorithm.class);

    @BeforeAll
    static void startTensorFlow() {
        tf = new TfOracle();
    }

    @AfterAll
    static void stopTensorFlow() {
        tf.close();
        System.out.printf("Conv2dAgainstTensorFlowTest: %d comparisons, %d requests rejected by both; cases per "
                + "algorithm %s; largest relative error float32 %.3g (%s), float64 %.3g (%s)%n",
                compared, rejectedByBoth, runs, worst32, worst32Case, worst64, worst64Case);
        if (compared > 100) {
            // A restricted fast path that refused everything would otherwise go untested.
            for (Algorithm algorithm : ALGORITHMS) {
                assertTrue(runs.getOrDefault(algorithm, 0) > 0, algorithm + " was never run");
            }
        }
    }

    /** One request: shapes, dtype and options (algorithm left at its default). */
    record Case(String name, long seed, DType dtype, int[] input, int[] filter, Conv2dOptions options) {
        @Override
        public String toString() {
            return name;
        }
    }

    // ------------------------------------------------------------------------------------------
    // The tests
    // ------------------------------------------------------------------------------------------

    static Stream<Case> randomCases() {
        return IntStream.range(0, RANDOM_CASES).mapToObj(Conv2dAgainstTensorFlowTest::randomCase);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("randomCases")
    void randomCaseMatchesTensorFlow(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("largeCases")
    void largeCaseMatchesTensorFlow(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threadCases")
    void threadCountsGiveBitwiseIdenticalResults(Case c) {
        Tensor input = TfOracle.random(c.dtype(), c.seed(), c.input());
        Tensor filter = TfOracle.random(c.dtype(), c.seed() + 1, c.filter());
        for (Algorithm algorithm : ALGORITHMS) {
            Tensor one = TfOracle.conv4j(input, filter, c.options().toBuilder().threads(1).build(), algorithm);
            if (one == null) {
                continue; // a restricted fast path that does not take this request
            }
            for (int threads : new int[] {2, 3, 8}) {
                Tensor many = TfOracle.conv4j(input, filter, c.options().toBuilder().threads(threads).build(), algorithm);
                assertArrayEquals(one.shape(), many.shape());
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
            expected = tf.conv2d(input, filter, c.options());
        } catch (TfOracle.Rejected e) {
            String tfMessage = e.getMessage();
            for (Algorithm algorithm : ALGORITHMS) {
                Conv2dOptions options = c.options().toBuilder().algorithm(algorithm).build();
                IllegalArgumentException ours = assertThrows(IllegalArgumentException.class,
                        () -> Conv2d.conv2d(input, filter, options), "TF rejected it: " + tfMessage);
                assertTrue(String.valueOf(ours.getMessage()).contains(tfMessage),
                        "conv4j's message \"" + ours.getMessage() + "\" lacks TF's \"" + tfMessage + "\"");
            }
            countRejection();
            return;
        }
        double tol = c.dtype() == DType.FLOAT32 ? TOL32 : TOL64;
        for (Algorithm algorithm : ALGORITHMS) {
            Tensor ours = TfOracle.conv4j(input, filter, c.options(), algorithm);
            if (ours == null) {
                continue; // a restricted fast path that does not take this request
            }
            countRun(algorithm);
            assertEquals(c.dtype(), ours.dtype());
            assertArrayEquals(expected.shape(), ours.shape(), algorithm + ": shape differs from TF's "
                    + Arrays.toString(expected.shape()));
            double err = TfOracle.relativeError(ours, expected);
            noteError(c, err);
            assertTrue(err <= tol, algorithm + ": relative error " + err + " > " + tol);
        }
    }

    private static synchronized void noteError(Case c, double err) {
        compared++;
        if (c.dtype() == DType.FLOAT32 && err > worst32) {
            worst32 = err;
            worst32Case = c.name();
        }
        if (c.dtype() == DType.FLOAT64 && err > worst64) {
            worst64 = err;
            worst64Case = c.name();
        }
    }

    private static synchronized void countRejection() {
        rejectedByBoth++;
    }

    private static synchronized void countRun(Algorithm algorithm) {
        runs.merge(algorithm, 1, Integer::sum);
    }

    // ------------------------------------------------------------------------------------------
    // Random case generation
    // ------------------------------------------------------------------------------------------

    /** What a random case concentrates on; case {@code i} uses scenario {@code i % 13}. */
    private enum Scenario {
        PLAIN, STRIDES, DILATIONS, STRIDES_AND_DILATIONS, EXPLICIT_4, EXPLICIT_8, GROUPS, KERNEL_LARGER_THAN_INPUT,
        BATCH_DIMS, CHANNEL_TAILS, ONE_BY_ONE_OR_FULL, THREE_BY_THREE, EVERYTHING
    }

    private static final int[][] LEADING = {{0}, {1}, {2}, {3}, {0, 2}, {2, 3}, {3, 1}, {1, 2, 2}, {2, 0, 3}, {2, 1, 3}};
    private static final int[] TAIL_CHANNELS = {1, 3, 7, 8, 15, 16, 17, 31, 32, 33};
    private static final int[] TAIL_OUT = {1, 5, 15, 16, 17, 31, 32, 33, 48, 64};

    static Case randomCase(int index) {
        long seed = SEED + 1_000_003L * index;
        Random r = new Random(seed);
        Scenario scenario = Scenario.values()[index % Scenario.values().length];

        DType dtype = r.nextInt(10) < 7 ? DType.FLOAT32 : DType.FLOAT64;
        DataFormat format = r.nextInt(10) < 7 ? DataFormat.NHWC : DataFormat.NCHW;
        int[] leading = {1 + r.nextInt(3)};
        int h = 1 + r.nextInt(9);
        int w = 1 + r.nextInt(9);
        int kh = 1 + r.nextInt(4);
        int kw = 1 + r.nextInt(4);
        int sh = 1;
        int sw = 1;
        int dh = 1;
        int dw = 1;
        int groups = 1;
        int kc = 1 + r.nextInt(5);
        int ocPerGroup = 1 + r.nextInt(6);
        Padding padding = r.nextBoolean() ? Padding.SAME : Padding.VALID;

        switch (scenario) {
            case PLAIN -> {
            }
            case STRIDES -> {
                h = 1 + r.nextInt(14);
                w = 1 + r.nextInt(14);
                sh = 1 + r.nextInt(5);
                sw = 1 + r.nextInt(5);
            }
            case DILATIONS -> {
                h = 3 + r.nextInt(12);
                w = 3 + r.nextInt(12);
                dh = 1 + r.nextInt(4);
                dw = 1 + r.nextInt(4);
            }
            case STRIDES_AND_DILATIONS -> {
                h = 3 + r.nextInt(14);
                w = 3 + r.nextInt(14);
                sh = 1 + r.nextInt(4);
                sw = 1 + r.nextInt(4);
                dh = 1 + r.nextInt(3);
                dw = 1 + r.nextInt(3);
            }
            case EXPLICIT_4 -> {
                padding = Padding.explicit(r.nextInt(4), r.nextInt(4), r.nextInt(4), r.nextInt(4));
                sh = 1 + r.nextInt(3);
                sw = 1 + r.nextInt(3);
                dh = 1 + r.nextInt(2);
                dw = 1 + r.nextInt(2);
            }
            case EXPLICIT_8 -> {
                padding = explicit8(format, r.nextInt(5), r.nextInt(4), r.nextInt(4), r.nextInt(5));
                sh = 1 + r.nextInt(3);
                sw = 1 + r.nextInt(3);
                dh = 1 + r.nextInt(2);
                dw = 1 + r.nextInt(2);
            }
            case GROUPS -> {
                groups = 2 + r.nextInt(4);
                kc = 1 + r.nextInt(4);
                ocPerGroup = 1 + r.nextInt(4);
                sh = 1 + r.nextInt(2);
                sw = 1 + r.nextInt(2);
                dh = 1 + r.nextInt(2);
                dw = 1 + r.nextInt(2);
                padding = r.nextInt(3) == 0 ? Padding.explicit(r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3))
                        : padding;
            }
            case KERNEL_LARGER_THAN_INPUT -> {
                h = 1 + r.nextInt(5);
                w = 1 + r.nextInt(5);
                // VALID: k = n gives 1, n + 1 gives an empty output, n + 2 is TF's "negative" error.
                kh = h + r.nextInt(3);
                kw = w + r.nextInt(padding == Padding.VALID ? 2 : 4);
                sh = 1 + r.nextInt(3);
                sw = 1 + r.nextInt(3);
                if (r.nextInt(4) == 0) {
                    padding = Padding.explicit(r.nextInt(2), r.nextInt(2), r.nextInt(2), r.nextInt(2));
                }
            }
            case BATCH_DIMS -> {
                leading = LEADING[r.nextInt(LEADING.length)];
                sh = 1 + r.nextInt(2);
                sw = 1 + r.nextInt(2);
            }
            case CHANNEL_TAILS -> {
                h = 1 + r.nextInt(6);
                w = 1 + r.nextInt(6);
                kh = 1 + r.nextInt(3);
                kw = 1 + r.nextInt(3);
                kc = TAIL_CHANNELS[r.nextInt(TAIL_CHANNELS.length)];
                ocPerGroup = TAIL_OUT[r.nextInt(TAIL_OUT.length)];
                if (r.nextInt(4) == 0) {
                    groups = 2;
                }
            }
            case ONE_BY_ONE_OR_FULL -> {
                if (r.nextBoolean()) {
                    kh = 1;
                    kw = 1;
                    sh = 1 + r.nextInt(2);
                    sw = sh;
                    kc = 1 + r.nextInt(20);
                    ocPerGroup = 1 + r.nextInt(20);
                } else {
                    kh = h;
                    kw = w;
                    padding = Padding.VALID;
                }
            }
            case THREE_BY_THREE -> {
                // The most common layer: 3x3, stride 1, no dilation, no groups, any size.
                h = 1 + r.nextInt(14);
                w = 1 + r.nextInt(14);
                kh = 3;
                kw = 3;
                kc = TAIL_CHANNELS[r.nextInt(TAIL_CHANNELS.length)];
                ocPerGroup = TAIL_OUT[r.nextInt(TAIL_OUT.length)];
                if (r.nextInt(4) == 0) {
                    padding = Padding.explicit(r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3));
                }
            }
            case EVERYTHING -> {
                leading = r.nextInt(3) == 0 ? LEADING[r.nextInt(LEADING.length)] : leading;
                h = 1 + r.nextInt(12);
                w = 1 + r.nextInt(12);
                kh = 1 + r.nextInt(5);
                kw = 1 + r.nextInt(5);
                sh = 1 + r.nextInt(4);
                sw = 1 + r.nextInt(4);
                dh = 1 + r.nextInt(3);
                dw = 1 + r.nextInt(3);
                groups = 1 + r.nextInt(3);
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
            // Keep VALID cases valid here (the scenario above covers the rejections): shrink the
            // kernel until its dilated extent fits.
            while (kh > 1 && (kh - 1) * dh + 1 > h) {
                kh--;
            }
            while (kw > 1 && (kw - 1) * dw + 1 > w) {
                kw--;
            }
        }

        int channels = groups * kc;
        int oc = groups * ocPerGroup;
        int[] input = new int[leading.length + 3];
        System.arraycopy(leading, 0, input, 0, leading.length);
        int at = leading.length;
        if (format == DataFormat.NHWC) {
            input[at] = h;
            input[at + 1] = w;
            input[at + 2] = channels;
        } else {
            input[at] = channels;
            input[at + 1] = h;
            input[at + 2] = w;
        }
        int[] filter = {kh, kw, kc, oc};
        Conv2dOptions options = Conv2dOptions.builder()
                .strides(form(r, sh, sw, format))
                .dilations(form(r, dh, dw, format))
                .padding(padding)
                .dataFormat(format)
                .build();
        String name = String.format("#%d %s %s %s in%s f%s strides%s dilations%s padding=%s groups=%d seed=%d",
                index, scenario, dtype == DType.FLOAT32 ? "f32" : "f64", format, Arrays.toString(input),
                Arrays.toString(filter), Arrays.toString(options.strides()), Arrays.toString(options.dilations()),
                padding, groups, seed);
        return new Case(name, seed, dtype, input, filter, options);
    }

    /** Strides or dilations in one of conv4j's (and tf.nn.conv2d's) forms: 1, 2 or 4 numbers. */
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
    // Fixed larger cases and the thread-count cases
    // ------------------------------------------------------------------------------------------

    private static Case fixed(String name, DType dtype, int[] input, int[] filter, Conv2dOptions.Builder options) {
        Conv2dOptions o = options.build();
        long seed = SEED ^ name.hashCode();
        return new Case(String.format("%s %s %s in%s f%s strides%s dilations%s padding=%s", name,
                dtype == DType.FLOAT32 ? "f32" : "f64", o.dataFormat(), Arrays.toString(input), Arrays.toString(filter),
                Arrays.toString(o.strides()), Arrays.toString(o.dilations()), o.padding()), seed, dtype, input, filter, o);
    }

    private static Conv2dOptions.Builder opts() {
        return Conv2dOptions.builder();
    }

    static Stream<Case> largeCases() {
        DType f32 = DType.FLOAT32;
        DType f64 = DType.FLOAT64;
        DataFormat nchw = DataFormat.NCHW;
        return Stream.of(
                fixed("mnist-like 3x3", f32, new int[] {1, 28, 28, 32}, new int[] {3, 3, 32, 48}, opts().padding(Padding.SAME)),
                fixed("mnist-like 3x3", f64, new int[] {1, 28, 28, 32}, new int[] {3, 3, 32, 48}, opts().padding(Padding.SAME)),
                fixed("mnist-like stride 2 NCHW", f32, new int[] {1, 32, 28, 28}, new int[] {3, 3, 32, 48},
                        opts().strides(2).dataFormat(nchw)),
                fixed("tails 33->64 stride 2", f32, new int[] {2, 17, 19, 33}, new int[] {3, 3, 33, 64},
                        opts().strides(2).padding(Padding.SAME)),
                fixed("1x1 matmul path", f32, new int[] {1, 14, 14, 64}, new int[] {1, 1, 64, 64}, opts()),
                fixed("1x1 matmul path", f64, new int[] {2, 7, 9, 48}, new int[] {1, 1, 48, 80}, opts()),
                fixed("5x5 dilation 2", f32, new int[] {1, 30, 30, 16}, new int[] {5, 5, 16, 32},
                        opts().dilations(2).padding(Padding.SAME)),
                fixed("4 groups", f32, new int[] {1, 20, 20, 64}, new int[] {3, 3, 16, 64}, opts().padding(Padding.SAME)),
                fixed("rank 5 explicit", f64, new int[] {2, 3, 16, 16, 16}, new int[] {3, 3, 16, 17},
                        opts().padding(Padding.explicit(1, 2, 0, 1))),
                fixed("NCHW stride+dilation", f32, new int[] {1, 24, 32, 24}, new int[] {3, 3, 24, 40},
                        opts().strides(2, 1).dilations(1, 2).padding(Padding.SAME).dataFormat(nchw)),
                fixed("first layer 7x7", f32, new int[] {4, 20, 20, 3}, new int[] {7, 7, 3, 16},
                        opts().strides(2).padding(Padding.SAME)),
                fixed("3x3 odd sizes", f32, new int[] {2, 15, 17, 24}, new int[] {3, 3, 24, 40}, opts()),
                fixed("3x3 explicit", f32, new int[] {1, 13, 11, 35}, new int[] {3, 3, 35, 19},
                        opts().padding(Padding.explicit(2, 0, 1, 1))),
                fixed("deep reduction", f32, new int[] {1, 9, 9, 128}, new int[] {3, 3, 128, 16}, opts()),
                fixed("full-size kernel", f32, new int[] {3, 12, 12, 16}, new int[] {12, 12, 16, 24}, opts()),
                fixed("wide output", f32, new int[] {1, 6, 40, 8}, new int[] {2, 3, 8, 96},
                        opts().padding(Padding.explicit(0, 1, 2, 0))));
    }

    static Stream<Case> threadCases() {
        List<Case> cases = new ArrayList<>();
        cases.add(fixed("threads 3x3", DType.FLOAT32, new int[] {3, 24, 24, 32}, new int[] {3, 3, 32, 40},
                opts().padding(Padding.SAME)));
        cases.add(fixed("threads 3x3", DType.FLOAT64, new int[] {2, 20, 18, 17}, new int[] {3, 3, 17, 33},
                opts().padding(Padding.SAME).strides(2, 1)));
        cases.add(fixed("threads grouped NCHW", DType.FLOAT32, new int[] {2, 32, 15, 15}, new int[] {3, 3, 8, 32},
                opts().dilations(2).dataFormat(DataFormat.NCHW)));
        cases.add(fixed("threads rank 5 batch", DType.FLOAT32, new int[] {2, 3, 11, 13, 16}, new int[] {5, 5, 16, 16},
                opts().padding(Padding.explicit(2, 2, 1, 3))));
        return cases.stream();
    }
}
