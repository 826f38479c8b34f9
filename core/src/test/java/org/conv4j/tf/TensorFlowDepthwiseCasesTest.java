package org.conv4j.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.conv4j.Algorithm;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.DepthwiseConv2d;
import org.conv4j.Padding;
import org.conv4j.SeparableConv2d;
import org.conv4j.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TensorFlow's own depthwise and separable test cases, ported.
 *
 * <p>Sources (github.com/tensorflow/tensorflow, Copyright The TensorFlow Authors, Apache License
 * 2.0): {@code tensorflow/python/kernel_tests/nn_ops/depthwise_conv_op_base.py}
 * ({@code ConfigsToTest}, {@code ConfigsToTestExplicit}, {@code testConv2D2x2Filter}),
 * {@code tensorflow/python/ops/nn_impl.py} (the {@code depthwise_conv2d} docstring examples),
 * {@code tensorflow/python/kernel_tests/nn_ops/conv_ops_test.py} ({@code SeparableConv2DTest})
 * and the newer {@code separable_conv2d} stride tests. Literal expected values are copied
 * verbatim; inputs are built as there.
 *
 * <p>{@code _VerifyValues} compares the native op, {@code tf.nn.depthwise_conv2d} and a numpy
 * loop; here conv4j (every {@link Algorithm}, NHWC and, as TF's GPU-only tests do, NCHW) is
 * compared with the real TF: the native op, or for the dilated configs TF's space_to_batch route
 * (which is {@code tf.nn.depthwise_conv2d}'s). The configs' expected output sizes are checked
 * too. Tolerance as TF's: {@code assertAllClose(atol=tol, rtol=tol)}, {@code tol} 1e-4 for
 * float32 (testDepthwiseConv2D) and 1e-12 for float64.
 */
class TensorFlowDepthwiseCasesTest {
    private static final DType[] DTYPES = {DType.FLOAT32, DType.FLOAT64};

    private static TfOracle oracle;
    private static TfDepthwise tf;

    @BeforeAll
    static void startTensorFlow() {
        oracle = new TfOracle();
        tf = new TfDepthwise(oracle);
    }

    @AfterAll
    static void stopTensorFlow() {
        oracle.close();
    }

    /** {@code Config(input_size, filter_size, out_size, stride, padding, dilations)}. */
    record Config(String source, int[] input, int[] filter, int[] out, int stride, Padding padding, int[] dilations) {
        @Override
        public String toString() {
            return source + " in" + Arrays.toString(input) + " f" + Arrays.toString(filter) + " s" + stride + " "
                    + padding + (dilations == null ? "" : " d" + Arrays.toString(dilations));
        }
    }

    private static int[] s(int... v) {
        return v;
    }

    private static Config config(int[] in, int[] f, int[] out) {
        return new Config("ConfigsToTest", in, f, out, 1, Padding.SAME, null);
    }

    private static Config config(int[] in, int[] f, int[] out, int stride, Padding padding, int[] dilations) {
        return new Config("ConfigsToTest", in, f, out, stride, padding, dilations);
    }

    /** {@code padding=[[top, bottom], [left, right]]}. */
    private static Config explicit(int[] in, int[] f, int[] out, int stride, int[][] p, int[] dilations) {
        return new Config("ConfigsToTestExplicit", in, f, out, stride, Padding.explicit(p[0][0], p[0][1], p[1][0], p[1][1]),
                dilations);
    }

    static final List<Config> CONFIGS = List.of(
            config(s(4, 5, 5, 48), s(1, 1, 48, 2), s(4, 5, 5, 96)),
            config(s(4, 8, 8, 84), s(1, 3, 84, 1), s(4, 8, 8, 84)),
            config(s(4, 17, 17, 48), s(3, 1, 48, 4), s(4, 17, 17, 192)),
            config(s(4, 9, 27, 8), s(3, 3, 8, 1), s(4, 9, 27, 8)),
            config(s(4, 31, 31, 7), s(3, 3, 7, 1), s(4, 31, 31, 7)),
            config(s(4, 35, 35, 2), s(5, 5, 2, 1), s(4, 35, 35, 2)),
            config(s(4, 147, 147, 2), s(3, 3, 2, 8), s(4, 49, 49, 16), 3, Padding.VALID, null),
            config(s(3, 299, 299, 3), s(3, 2, 3, 8), s(3, 150, 150, 24), 2, Padding.SAME, null),
            config(s(5, 183, 183, 1), s(5, 5, 1, 2), s(5, 92, 92, 2), 2, Padding.SAME, null),
            config(s(5, 183, 183, 1), s(5, 5, 1, 2), s(5, 183, 183, 2), 1, Padding.SAME, s(2, 2)),
            config(s(5, 41, 35, 2), s(4, 7, 2, 2), s(5, 32, 23, 4), 1, Padding.VALID, s(3, 2)),
            explicit(s(4, 5, 5, 48), s(1, 1, 48, 2), s(4, 8, 12, 96), 1, new int[][] {{1, 2}, {3, 4}}, null),
            explicit(s(4, 1, 1, 3), s(3, 3, 3, 2), s(4, 29, 39, 6), 1, new int[][] {{10, 20}, {15, 25}}, null),
            explicit(s(4, 9, 27, 8), s(3, 3, 8, 1), s(4, 14, 31, 8), 1, new int[][] {{3, 4}, {4, 2}}, null),
            explicit(s(4, 31, 31, 7), s(3, 3, 7, 1), s(4, 29, 29, 7), 1, new int[][] {{0, 0}, {0, 0}}, null),
            explicit(s(3, 299, 299, 3), s(3, 2, 3, 8), s(3, 150, 153, 24), 2, new int[][] {{1, 2}, {3, 5}}, null),
            explicit(s(5, 183, 183, 1), s(5, 5, 1, 2), s(5, 62, 60, 2), 3, new int[][] {{3, 2}, {1, 0}}, null),
            explicit(s(5, 29, 31, 1), s(5, 4, 1, 2), s(5, 26, 23, 2), 1, new int[][] {{3, 2}, {1, 0}}, s(2, 3)),
            explicit(s(4, 5, 5, 48), s(3, 3, 48, 1), s(4, 5, 5, 48), 1, new int[][] {{0, 2}, {0, 2}}, null),
            explicit(s(1, 8, 7, 2), s(8, 7, 2, 1), s(1, 8, 7, 2), 1, new int[][] {{0, 7}, {3, 3}}, null),
            explicit(s(2, 4, 3, 2), s(3, 2, 2, 1), s(2, 4, 3, 2), 1, new int[][] {{2, 0}, {1, 0}}, null));

    static Stream<Arguments> configs() {
        return CONFIGS.stream().flatMap(c -> Arrays.stream(DTYPES).flatMap(t -> Stream.of(DataFormat.NHWC, DataFormat.NCHW)
                .map(f -> Arguments.of(c, t, f))));
    }

    /** _VerifyValues: x = (1..N) / N, filter = (1..F) / F. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("configs")
    void configMatchesTensorFlow(Config c, DType dtype, DataFormat format) {
        Tensor x = scaledArange(dtype, c.input());
        Tensor f = scaledArange(dtype, c.filter());
        Tensor expected = c.dilations() == null
                ? tf.rawDepthwise(x, f, new long[] {1, c.stride(), c.stride(), 1}, c.padding().kind().name(),
                        c.padding().kind() == Padding.Kind.EXPLICIT ? explicit8(c.padding()) : null, null, null)
                : tf.depthwiseViaSpaceToBatch(x, f, c.padding(), c.dilations()[0], c.dilations()[1]);
        assertArrayEquals(c.out(), expected.shape(), "TF's shape vs the config's out_size");

        int[] d = c.dilations() == null ? s(1, 1) : c.dilations();
        Conv2dOptions options = Conv2dOptions.builder().strides(c.stride()).padding(c.padding()).dilations(d[0], d[1])
                .dataFormat(format).build();
        Tensor input = format == DataFormat.NHWC ? x : oracle.transpose(x, 0, 3, 1, 2);
        double tol = dtype == DType.FLOAT32 ? 1e-4 : 1e-12;
        for (Algorithm algorithm : Algorithm.values()) {
            Tensor ours = DepthwiseAgainstTensorFlowTest.conv4j(input, f, options, algorithm);
            if (ours == null) {
                continue;
            }
            if (format == DataFormat.NCHW) {
                ours = oracle.transpose(ours, 0, 2, 3, 1);
            }
            assertArrayEquals(c.out(), ours.shape(), algorithm + ": shape");
            assertAllClose(expected, ours, tol, algorithm + " " + format);
        }
    }

    /** testConv2D2x2Filter: _VerifyHandValues, x and filter 1..N. */
    @ParameterizedTest(name = "testConv2D2x2Filter {0}")
    @MethodSource("dtypes")
    void handComputedValues(DType dtype) {
        double[] expected = {196, 216, 272, 296, 252, 280, 344, 376};
        Tensor x = TfOracle.arange(dtype, 1, 2, 3, 2);
        Tensor f = TfOracle.arange(dtype, 2, 2, 2, 2);
        Conv2dOptions valid = Conv2dOptions.builder().padding(Padding.VALID).build();
        assertNear(expected, tf.rawDepthwise(x, f, new long[] {1, 1, 1, 1}, "VALID", null, null, null), 1e-5, "TF");
        for (Algorithm algorithm : Algorithm.values()) {
            Tensor ours = DepthwiseAgainstTensorFlowTest.conv4j(x, f, valid, algorithm);
            if (ours != null) {
                assertArrayEquals(s(1, 1, 2, 4), ours.shape(), algorithm + ": shape");
                assertNear(expected, ours, 1e-5, algorithm.name());
            }
        }
    }

    /** The two examples of the tf.nn.depthwise_conv2d docstring (tf-conv-semantics.md §11). */
    @ParameterizedTest(name = "docstring example {0}")
    @MethodSource("dtypes")
    void docstringExamples(DType dtype) {
        Tensor x = TfOracle.arange(dtype, 1, 3, 2, 1);
        Tensor kernel = TfOracle.arange(dtype, 2, 1, 1, 2);
        Conv2dOptions valid = Conv2dOptions.builder().padding(Padding.VALID).build();
        Tensor y = DepthwiseConv2d.depthwiseConv2d(x, kernel, valid);
        assertArrayEquals(s(1, 2, 2, 2), y.shape());
        assertNear(new double[] {10, 14, 14, 20, 18, 26, 22, 32}, y, 0.0, "VALID");

        // padding=[[0, 0], [1, 0], [1, 0], [0, 0]]
        Conv2dOptions padded = Conv2dOptions.builder().padding(Padding.explicit(0, 0, 1, 0, 1, 0, 0, 0)).build();
        Tensor z = DepthwiseConv2d.depthwiseConv2d(x, kernel, padded);
        assertArrayEquals(s(1, 3, 3, 2), z.shape());
        assertNear(new double[] {0, 0, 3, 4, 6, 8, 0, 0, 10, 14, 14, 20, 0, 0, 18, 26, 22, 32}, z, 0.0, "explicit");
        assertNear(new double[] {0, 0, 3, 4, 6, 8, 0, 0, 10, 14, 14, 20, 0, 0, 18, 26, 22, 32},
                tf.rawDepthwise(x, kernel, new long[] {1, 1, 1, 1}, "EXPLICIT", new long[] {0, 0, 1, 0, 1, 0, 0, 0}, null,
                        null), 0.0, "TF explicit");
    }

    // ------------------------------------------------------------------------------------------
    // separable_conv2d
    // ------------------------------------------------------------------------------------------

    record Separable(String test, int[] pointwise, double[] expected) {
        @Override
        public String toString() {
            return test;
        }
    }

    static Stream<Arguments> separableLiterals() {
        return TensorFlowConvOpsCasesTest.separable().map(a -> {
            TensorFlowConvOpsCasesTest.Separable s = (TensorFlowConvOpsCasesTest.Separable) a.get()[0];
            return Arguments.of(new Separable(s.test(), s.pointwise(), s.expected()), a.get()[1]);
        });
    }

    /**
     * SeparableConv2DTest: input [1, 4, 4, 2], depthwise [2, 2, 2, 3], pointwise as given, stride
     * 1, SAME, every tensor 0.5 * (1..N); assertArrayNear(expected, value, 1e-5). The literals are
     * those of {@link TensorFlowConvOpsCasesTest}. The NCHW variant (disabled in TF: GPU only) is
     * computed by conv4j and must give the same values, transposed.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("separableLiterals")
    void separableLiteralsMatch(Separable c, DType dtype) {
        Tensor x = halves(TfOracle.arange(dtype, 1, 4, 4, 2));
        Tensor dw = halves(TfOracle.arange(dtype, 2, 2, 2, 3));
        Tensor pw = halves(TfOracle.arange(dtype, c.pointwise()));
        Conv2dOptions same = Conv2dOptions.builder().padding(Padding.SAME).build();
        // 2e-3 absolute on values up to 3e4, as the ported conv2d test allows float32.
        double tol = dtype == DType.FLOAT32 ? 2e-3 : 1e-9;
        assertNear(c.expected(), tf.separable(x, dw, pw, same), tol, "TF");
        for (Algorithm algorithm : new Algorithm[] {Algorithm.AUTO, Algorithm.REFERENCE, Algorithm.GEMM}) {
            Conv2dOptions o = same.toBuilder().algorithm(algorithm).build();
            Tensor ours = SeparableConv2d.separableConv2d(x, dw, pw, o);
            assertArrayEquals(s(1, 4, 4, c.pointwise()[3]), ours.shape());
            assertNear(c.expected(), ours, tol, algorithm.name());
            Tensor nchw = SeparableConv2d.separableConv2d(oracle.transpose(x, 0, 3, 1, 2), dw, pw,
                    o.toBuilder().dataFormat(DataFormat.NCHW).build());
            assertNear(c.expected(), oracle.transpose(nchw, 0, 2, 3, 1), tol, algorithm + " NCHW");
        }
    }

    /**
     * The newer separable_conv2d tests: testSeparableConv2DForward (random inputs, output shape),
     * and testInvalidStridesFormat. Here the values are compared with TF's composition too.
     */
    @ParameterizedTest(name = "testSeparableConv2DForward {0}")
    @MethodSource("dtypes")
    void separableForward(DType dtype) {
        int[][][] cases = {
            {{1, 5, 5, 3}, {3, 3, 3, 1}, {1, 1, 3, 2}, {1}},
            {{2, 7, 7, 2}, {3, 3, 2, 1}, {1, 1, 2, 4}, {2}}};
        for (int[][] c : cases) {
            Tensor x = TfOracle.random(dtype, 7, c[0]);
            Tensor dw = TfOracle.random(dtype, 8, c[1]);
            Tensor pw = TfOracle.random(dtype, 9, c[2]);
            Conv2dOptions o = Conv2dOptions.builder().strides(1, c[3][0], c[3][0], 1).padding(Padding.SAME).build();
            Tensor ours = SeparableConv2d.separableConv2d(x, dw, pw, o);
            assertTrue(ours.dim(3) == c[2][3] && ours.dim(0) == c[0][0], Arrays.toString(ours.shape()));
            Tensor expected = tf.separable(x, dw, pw, o);
            assertArrayEquals(expected.shape(), ours.shape());
            double err = TfOracle.relativeError(ours, expected);
            assertTrue(err <= (dtype == DType.FLOAT32 ? 1e-5 : 1e-12), "relative error " + err);
        }
        Tensor x = TfOracle.random(dtype, 7, 1, 8, 8, 3);
        Tensor dw = TfOracle.random(dtype, 8, 3, 3, 3, 1);
        Tensor pw = TfOracle.random(dtype, 9, 1, 1, 3, 2);
        Conv2dOptions bad = Conv2dOptions.builder().strides(2, 1, 1, 2).build();
        try {
            SeparableConv2d.separableConv2d(x, dw, pw, bad);
            fail("strides [2, 1, 1, 2] accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains(
                    "Current implementation does not yet support strides in the batch and depth dimensions"), e::getMessage);
        }
    }

    static Stream<DType> dtypes() {
        return Arrays.stream(DTYPES);
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    /** {@code [f * 1.0 / N for f in range(1, N + 1)]} reshaped, as _VerifyValues builds its inputs. */
    private static Tensor scaledArange(DType dtype, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        int n = t.size();
        for (int i = 0; i < n; i++) {
            double v = (i + 1) * 1.0 / n; // computed in double, as numpy does, then cast
            if (dtype == DType.FLOAT32) {
                t.floats()[i] = (float) v;
            } else {
                t.doubles()[i] = v;
            }
        }
        return t;
    }

    private static Tensor halves(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (t.dtype() == DType.FLOAT32) {
                t.floats()[i] *= 0.5f;
            } else {
                t.doubles()[i] *= 0.5;
            }
        }
        return t;
    }

    private static long[] explicit8(Padding p) {
        int[] v = p.values();
        return new long[] {0, 0, v[0], v[1], v[2], v[3], 0, 0};
    }

    /** numpy's assertAllClose: |a - b| <= atol + rtol * |b| elementwise, atol = rtol = tol. */
    private static void assertAllClose(Tensor expected, Tensor actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < expected.size() && bad.size() < 5; i++) {
            double b = expected.getDouble(i);
            double a = actual.getDouble(i);
            if (!(Math.abs(a - b) <= tol + tol * Math.abs(b))) {
                bad.add("[" + i + "] " + a + " vs " + b);
            }
        }
        assertTrue(bad.isEmpty(), () -> what + ": " + bad);
    }

    /** assertArrayNear: |a - b| <= tol elementwise. */
    private static void assertNear(double[] expected, Tensor actual, double tol, String what) {
        assertTrue(expected.length == actual.size(), what + ": " + actual.size() + " values, expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double a = actual.getDouble(i);
            int at = i;
            assertTrue(Math.abs(a - expected[i]) <= tol, () -> what + ": [" + at + "] " + a + " vs " + expected[at]);
        }
    }
}
