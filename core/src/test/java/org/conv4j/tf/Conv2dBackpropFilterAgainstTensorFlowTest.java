package org.conv4j.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.conv4j.Algorithm;
import org.conv4j.Conv2d;
import org.conv4j.Conv2dBackpropFilter;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.FilterGradientPlan;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Conv2dBackpropFilter} against the real TensorFlow's {@code Conv2DBackpropFilter}
 * ({@link TfOracle#conv2dBackpropFilter}) on deterministic random problems, float32 and float64.
 *
 * <p>Case {@code i} is generated from its index alone and its name prints the whole request.
 * The cases cycle through scenarios so that every option TF's CPU kernel computes appears:
 * strides (unequal, larger than the kernel), SAME, VALID, explicit padding in the 4- and
 * 8-value forms, batches of 0 to 3, kernels larger than the input (SAME), 1x1 kernels and
 * kernels the size of the input, channel counts around the kernels' tile widths. NCHW is drawn
 * in every scenario (TF computes it on transposes). Dilations and groups, which TF's CPU kernel
 * refuses, are checked against the loops and the forward conv2d in
 * {@code Conv2dBackpropFilterGradientTest}.
 *
 * <p>Every case runs conv4j with AUTO, GEMM and REFERENCE; the gradient's shape must be
 * {@code filter_sizes} and the normwise relative error at most 1e-5 (float32) or 1e-12
 * (float64). Where TF rejects a request, conv4j must reject it with TF's message in its own.
 */
class Conv2dBackpropFilterAgainstTensorFlowTest {
    private static final long SEED = 0xBAC4_F117_E5L;
    private static final int RANDOM_CASES = 360;
    private static final Algorithm[] ALGORITHMS = {Algorithm.AUTO, Algorithm.GEMM, Algorithm.REFERENCE};

    private static TfOracle tf;
    private static int compared;
    private static int rejectedByBoth;
    private static double worst32;
    private static double worst64;

    @BeforeAll
    static void startTensorFlow() {
        tf = new TfOracle();
    }

    @AfterAll
    static void stopTensorFlow() {
        tf.close();
        System.out.printf("Conv2dBackpropFilterAgainstTensorFlowTest: %d comparisons, %d requests rejected by both; "
                + "largest relative error float32 %.3g, float64 %.3g%n", compared, rejectedByBoth, worst32, worst64);
    }

    /** One request: the forward problem's shapes, out_backprop sized to its output, and the options. */
    record Case(String name, long seed, DType dtype, int[] input, int[] filterSizes, int[] outBackprop,
            Conv2dOptions options) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> randomCases() {
        return IntStream.range(0, RANDOM_CASES).mapToObj(Conv2dBackpropFilterAgainstTensorFlowTest::randomCase);
    }

    static Stream<Case> largeCases() {
        return Stream.of(
                large(1, DType.FLOAT32, DataFormat.NHWC, new int[] {2, 23, 21, 72}, new int[] {3, 3, 72, 150},
                        Conv2dOptions.builder().padding(Padding.SAME)),
                large(2, DType.FLOAT32, DataFormat.NCHW, new int[] {2, 40, 33, 24}, new int[] {3, 3, 24, 40},
                        Conv2dOptions.builder().padding(Padding.SAME).strides(2, 1)),
                large(3, DType.FLOAT64, DataFormat.NHWC, new int[] {3, 30, 31, 16}, new int[] {5, 5, 16, 33},
                        Conv2dOptions.builder().padding(Padding.explicit(2, 1, 0, 3)).strides(2)),
                large(4, DType.FLOAT32, DataFormat.NHWC, new int[] {1, 9, 9, 300}, new int[] {3, 3, 300, 20},
                        Conv2dOptions.builder()),
                large(5, DType.FLOAT64, DataFormat.NCHW, new int[] {4, 17, 18, 3}, new int[] {7, 7, 3, 64},
                        Conv2dOptions.builder().padding(Padding.SAME).strides(2)));
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

    /** conv4j (AUTO, GEMM, REFERENCE) against TF: same shape and close values, or the same rejection. */
    private static void check(Case c) {
        Tensor input = TfOracle.random(c.dtype(), c.seed(), c.input());
        Tensor dy = TfOracle.random(c.dtype(), c.seed() + 1, c.outBackprop());
        if (c.input()[0] > 0 && (c.outBackprop()[1] == 0 || c.outBackprop()[2] == 0 || c.outBackprop()[3] == 0)
                && c.filterSizes()[3] > 0) {
            // Images but no output pixels: nothing to sum, the gradient is zero. TF's CPU kernel
            // returns uninitialised memory here (its contraction over zero pixels does not clear
            // the result), or crashes (tfCpuKernelCrashes); only its shape is compared.
            if (!tfCpuKernelCrashes(c)) {
                assertArrayEquals(c.filterSizes(), tf.conv2dBackpropFilter(input, c.filterSizes(), dy, c.options()).shape());
            }
            for (Algorithm algorithm : ALGORITHMS) {
                Conv2dOptions options = c.options().toBuilder().algorithm(algorithm).build();
                Tensor ours = Conv2dBackpropFilter.conv2dBackpropFilter(input, c.filterSizes(), dy, options);
                assertArrayEquals(c.filterSizes(), ours.shape());
                for (int i = 0; i < ours.size(); i++) {
                    assertEquals(0.0, ours.getDouble(i), algorithm + ": not zero at " + i);
                }
            }
            count(0, c.dtype());
            return;
        }
        Tensor expected;
        try {
            expected = tf.conv2dBackpropFilter(input, c.filterSizes(), dy, c.options());
        } catch (TfOracle.Rejected e) {
            for (Algorithm algorithm : ALGORITHMS) {
                Conv2dOptions options = c.options().toBuilder().algorithm(algorithm).build();
                IllegalArgumentException ours = assertThrows(IllegalArgumentException.class,
                        () -> Conv2dBackpropFilter.conv2dBackpropFilter(input, c.filterSizes(), dy, options),
                        "TF rejected it: " + e.getMessage());
                assertTrue(String.valueOf(ours.getMessage()).contains(e.getMessage()),
                        "conv4j's message \"" + ours.getMessage() + "\" lacks TF's \"" + e.getMessage() + "\"");
            }
            count(-1, c.dtype());
            return;
        }
        assertArrayEquals(c.filterSizes(), expected.shape(), "TF's shape");
        double tol = c.dtype() == DType.FLOAT32 ? Conv2dAgainstTensorFlowTest.TOL32 : Conv2dAgainstTensorFlowTest.TOL64;
        for (Algorithm algorithm : ALGORITHMS) {
            Conv2dOptions options = c.options().toBuilder().algorithm(algorithm).build();
            Tensor ours = Conv2dBackpropFilter.conv2dBackpropFilter(input, c.filterSizes(), dy, options);
            assertEquals(c.dtype(), ours.dtype());
            assertArrayEquals(expected.shape(), ours.shape(), algorithm + ": shape");
            double err = TfOracle.relativeError(ours, expected);
            count(err, c.dtype());
            assertTrue(err <= tol, c.name() + " " + algorithm + ": relative error " + err + " > " + tol);
            // Through a plan, into an output full of NaN: every element must be written.
            FilterGradientPlan plan = Conv2dBackpropFilter.plan(c.input(), c.filterSizes(), c.outBackprop(), c.dtype(), options);
            Tensor into = Tensor.zeros(c.dtype(), c.filterSizes());
            for (int i = 0; i < into.size(); i++) {
                if (c.dtype() == DType.FLOAT32) {
                    into.floats()[i] = Float.NaN;
                } else {
                    into.doubles()[i] = Double.NaN;
                }
            }
            plan.execute(input, dy, into);
            assertTrue(TfOracle.relativeError(into, ours) == 0, algorithm + ": plan into a given output differs");
        }
    }

    /**
     * Whether TF 2.18's CPU kernel would crash the process (SIGSEGV in {@code Im2col}) on this
     * request: a forward output of size 0 in a dimension where {@code n + pads - k} is negative
     * (VALID n=2, k=3, s=2 gives {@code (2-3+2)/2 = 0}). {@code Im2col} counts
     * {@code (n + pads - k)/s + 1 = 1} patch rows there, truncating toward zero, and writes
     * them past its empty buffer. Only with a non-empty batch (Im2col runs per image).
     */
    static boolean tfCpuKernelCrashes(Case c) {
        boolean nhwc = c.options().dataFormat() == DataFormat.NHWC;
        int h = c.input()[nhwc ? 1 : 2];
        int w = c.input()[nhwc ? 2 : 3];
        int[] stride = org.conv4j.internal.geometry.Conv2dValidator.spatialPair(c.options().strides(), "strides",
                c.options().dataFormat());
        Padding p = c.options().padding();
        int[] pads = p.kind() == Padding.Kind.EXPLICIT ? p.spatial(c.options().dataFormat()) : new int[4];
        if (p.kind() == Padding.Kind.SAME) {
            pads[0] = Math.max(0, ((h + stride[0] - 1) / stride[0] - 1) * stride[0] + c.filterSizes()[0] - h);
            pads[2] = Math.max(0, ((w + stride[1] - 1) / stride[1] - 1) * stride[1] + c.filterSizes()[1] - w);
        }
        int rows = h + pads[0] + pads[1] - c.filterSizes()[0];
        int cols = w + pads[2] + pads[3] - c.filterSizes()[1];
        return c.input()[0] > 0 && ((rows < 0 && rows > -stride[0]) || (cols < 0 && cols > -stride[1]));
    }

    private static synchronized void count(double err, DType dtype) {
        if (err < 0) {
            rejectedByBoth++;
            return;
        }
        compared++;
        if (dtype == DType.FLOAT32) {
            worst32 = Math.max(worst32, err);
        } else {
            worst64 = Math.max(worst64, err);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Case generation
    // ------------------------------------------------------------------------------------------

    /** What a random case concentrates on; case {@code i} uses scenario {@code i % 9}. */
    private enum Scenario {
        PLAIN_3X3, STRIDES, UNEQUAL_STRIDES, EXPLICIT_4, EXPLICIT_8, KERNEL_LARGER_THAN_INPUT, EMPTY_BATCH, ONE_BY_ONE_OR_FULL,
        EVERYTHING
    }

    private static final int[] TAIL = {1, 3, 7, 8, 13, 14, 15, 16, 17, 31, 32, 33};

    static Case randomCase(int index) {
        Random r = new Random(SEED + index);
        Scenario scenario = Scenario.values()[index % Scenario.values().length];
        DType dtype = r.nextInt(3) == 0 ? DType.FLOAT64 : DType.FLOAT32;
        DataFormat format = r.nextInt(3) == 0 ? DataFormat.NCHW : DataFormat.NHWC;
        int n = scenario == Scenario.EMPTY_BATCH ? 0 : 1 + r.nextInt(3);
        int h = 1 + r.nextInt(12);
        int w = 1 + r.nextInt(12);
        int c = r.nextInt(4) == 0 ? TAIL[r.nextInt(TAIL.length)] : 1 + r.nextInt(6);
        int oc = r.nextInt(4) == 0 ? TAIL[r.nextInt(TAIL.length)] : 1 + r.nextInt(6);
        int kh = 1 + r.nextInt(4);
        int kw = 1 + r.nextInt(4);
        int sh = 1;
        int sw = 1;
        Padding padding = r.nextBoolean() ? Padding.SAME : Padding.VALID;
        switch (scenario) {
            case PLAIN_3X3 -> {
                kh = 3;
                kw = 3;
                h = 3 + r.nextInt(14);
                w = 3 + r.nextInt(14);
            }
            case STRIDES -> sh = sw = 2 + r.nextInt(3);
            case UNEQUAL_STRIDES -> {
                sh = 1 + r.nextInt(4);
                sw = sh + 1 + r.nextInt(2);
                if (r.nextBoolean()) {
                    int t = sh;
                    sh = sw;
                    sw = t;
                }
            }
            case EXPLICIT_4 -> padding = Padding.explicit(r.nextInt(4), r.nextInt(4), r.nextInt(4), r.nextInt(4));
            case EXPLICIT_8 -> {
                int[] p = {r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3)};
                padding = format == DataFormat.NHWC ? Padding.explicit(0, 0, p[0], p[1], p[2], p[3], 0, 0)
                        : Padding.explicit(0, 0, 0, 0, p[0], p[1], p[2], p[3]);
                sh = 1 + r.nextInt(3);
                sw = 1 + r.nextInt(3);
            }
            case KERNEL_LARGER_THAN_INPUT -> {
                padding = Padding.SAME;
                h = 1 + r.nextInt(3);
                w = 1 + r.nextInt(3);
                kh = h + 1 + r.nextInt(3);
                kw = w + r.nextInt(3);
            }
            case EMPTY_BATCH -> sh = sw = 1 + r.nextInt(2);
            case ONE_BY_ONE_OR_FULL -> {
                if (r.nextBoolean()) {
                    kh = 1;
                    kw = 1;
                } else {
                    kh = h;
                    kw = w;
                    padding = Padding.VALID;
                }
            }
            case EVERYTHING -> {
                sh = 1 + r.nextInt(3);
                sw = 1 + r.nextInt(3);
                padding = switch (r.nextInt(3)) {
                    case 0 -> Padding.SAME;
                    case 1 -> Padding.VALID;
                    default -> Padding.explicit(r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3));
                };
            }
        }
        Conv2dOptions.Builder options = Conv2dOptions.builder().padding(padding).dataFormat(format);
        options = r.nextBoolean() && sh == sw ? options.strides(sh) : r.nextBoolean() ? options.strides(sh, sw)
                : options.strides(format == DataFormat.NHWC ? new int[] {1, sh, sw, 1} : new int[] {1, 1, sh, sw});
        return build(index, SEED + 1000L * index, dtype, format, new int[] {n, h, w, c}, new int[] {kh, kw, c, oc},
                options.build(), scenario.name());
    }

    private static Case large(int index, DType dtype, DataFormat format, int[] nhwc, int[] filterSizes,
            Conv2dOptions.Builder options) {
        return build(index, SEED + 7919L * index, dtype, format, nhwc, filterSizes, options.dataFormat(format).build(),
                "large");
    }

    /** The case for a forward problem given in NHWC terms; out_backprop gets the forward output's shape. */
    private static Case build(int index, long seed, DType dtype, DataFormat format, int[] nhwc, int[] filterSizes,
            Conv2dOptions options, String scenario) {
        int[] input = format == DataFormat.NHWC ? nhwc : new int[] {nhwc[0], nhwc[3], nhwc[1], nhwc[2]};
        int[] outBackprop;
        try {
            outBackprop = Conv2d.outputShape(input, filterSizes, options);
        } catch (IllegalArgumentException negative) {
            // The forward output would be negative: any out_backprop; both must reject the request.
            outBackprop = format == DataFormat.NHWC ? new int[] {nhwc[0], 1, 1, filterSizes[3]}
                    : new int[] {nhwc[0], filterSizes[3], 1, 1};
        }
        String name = String.format("#%d %s %s %s in%s filter_sizes%s out_backprop%s strides%s %s", index, scenario,
                dtype == DType.FLOAT32 ? "f32" : "f64", format, Arrays.toString(input), Arrays.toString(filterSizes),
                Arrays.toString(outBackprop), Arrays.toString(options.strides()), options.padding());
        return new Case(name, seed, dtype, input, filterSizes, outBackprop, options);
    }
}
