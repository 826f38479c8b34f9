package org.conv4j.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.conv4j.Algorithm;
import org.conv4j.Conv2d;
import org.conv4j.Conv2dBackpropFilter;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TensorFlow's own filter-gradient test cases, ported.
 *
 * <p>Source: {@code tensorflow/python/kernel_tests/nn_ops/conv_ops_test.py} in
 * github.com/tensorflow/tensorflow (Copyright 2015 The TensorFlow Authors, Apache License 2.0),
 * class {@code Conv2DTest}:
 * <ul>
 *   <li>{@code _RunAndVerifyBackpropFilter} cases with literal expected values (inputs and
 *       out_backprop {@code np.arange(1, N + 1)}), copied verbatim;
 *   <li>{@code _RunAndVerifyBackpropFilterExplicitPadding} cases: there TF's expectation is a
 *       VALID gradient of the zero-padded input, computed here the same way with the real TF;
 *       the dilated ones, which TF skips on the CPU, are compared with conv4j's loops on the
 *       padded input instead;
 *   <li>{@code _RunAndVerifyBackpropFilterDilation} cases (GPU/MKL only in TF, where they check
 *       the gradient of the forward conv2d): here against the loops and, through the adjoint
 *       identity, the forward conv2d;
 *   <li>{@code ConstructAndTestGradient(test_input=False)} shapes (TF compares a numeric with
 *       the theoretical Jacobian): here against TF's Conv2DBackpropFilter on TF's data
 *       ({@code x / size} ramps) and a ramp out_backprop.
 * </ul>
 * Each case runs in float32 and float64, NHWC and NCHW (TF's {@code GetTestConfigs} has NCHW on
 * GPUs only), with AUTO, GEMM and REFERENCE. Tolerances are TF's {@code err} (1e-5, or what the
 * case says), applied as {@code assertArrayNear}: absolute.
 */
class TensorFlowBackpropFilterCasesTest {
    private static final Algorithm[] ALGORITHMS = {Algorithm.AUTO, Algorithm.GEMM, Algorithm.REFERENCE};
    private static final DType[] DTYPES = {DType.FLOAT32, DType.FLOAT64};
    private static final DataFormat[] FORMATS = {DataFormat.NHWC, DataFormat.NCHW};

    private static TfOracle tf;

    @BeforeAll
    static void startTensorFlow() {
        tf = new TfOracle();
    }

    @AfterAll
    static void stopTensorFlow() {
        tf.close();
    }

    private static int[] s(int... v) {
        return v;
    }

    // ------------------------------------------------------------------------------------------
    // _RunAndVerifyBackpropFilter with literal expected values
    // ------------------------------------------------------------------------------------------

    /** NHWC sizes, {@code [row, col]} strides, padding and TF's literal gradient. */
    record Literal(String test, int[] input, int[] filterSizes, int[] output, int[] strides, Padding padding,
            double[] expected) {
        @Override
        public String toString() {
            return test;
        }
    }

    static final List<Literal> LITERALS = List.of(
            new Literal("testConv2D2x2Depth1ValidBackpropFilter", s(1, 2, 3, 1), s(2, 2, 1, 1), s(1, 1, 2, 1), s(1, 1),
                    Padding.VALID, new double[] {5.0, 8.0, 14.0, 17.0}),
            new Literal("testConv2DEmptyBackpropFilter", s(1, 2, 3, 1), s(2, 2, 1, 0), s(1, 1, 2, 0), s(1, 1),
                    Padding.VALID, new double[] {}),
            new Literal("testConv2DBackpropFilterWithEmptyInput", s(0, 2, 3, 1), s(2, 2, 1, 1), s(0, 1, 2, 1), s(1, 1),
                    Padding.VALID, new double[] {0, 0, 0, 0}),
            new Literal("testConv2D2x2Depth3ValidBackpropFilter", s(1, 2, 3, 3), s(2, 2, 3, 3), s(1, 1, 2, 3), s(1, 1),
                    Padding.VALID, new double[] {
                        17.0, 22.0, 27.0, 22.0, 29.0, 36.0, 27.0, 36.0, 45.0, 32.0, 43.0, 54.0,
                        37.0, 50.0, 63.0, 42.0, 57.0, 72.0, 62.0, 85.0, 108.0, 67.0, 92.0,
                        117.0, 72.0, 99.0, 126.0, 77.0, 106.0, 135.0, 82.0, 113.0, 144.0, 87.0,
                        120.0, 153.0}),
            new Literal("testConv2D2x2Depth3ValidBackpropFilterStride1x2", s(1, 3, 6, 1), s(2, 2, 1, 1), s(1, 2, 3, 1),
                    s(1, 2), Padding.VALID, new double[] {161.0, 182.0, 287.0, 308.0}),
            new Literal("testConv2DStrideTwoFilterOneSameBackpropFilter", s(1, 4, 4, 1), s(1, 1, 1, 1), s(1, 2, 2, 1),
                    s(2, 2), Padding.SAME, new double[] {78.0}),
            new Literal("testConv2DKernelSizeMatchesInputSizeBackpropFilter", s(1, 2, 2, 1), s(2, 2, 1, 2), s(1, 1, 1, 2),
                    s(1, 1), Padding.VALID, new double[] {1.0, 2.0, 2.0, 4.0, 3.0, 6.0, 4.0, 8.0}));

    static Stream<Arguments> literals() {
        return LITERALS.stream().flatMap(c -> Arrays.stream(DTYPES).flatMap(t -> Arrays.stream(FORMATS)
                .map(f -> Arguments.of(c, t, f))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("literals")
    void literalExpectedValues(Literal c, DType dtype, DataFormat format) {
        Tensor input = TfOracle.arange(dtype, c.input());
        Tensor dy = TfOracle.arange(dtype, c.output());
        Conv2dOptions options = Conv2dOptions.builder().strides(c.strides()).padding(c.padding()).build();
        // TensorFlow itself, NHWC (its CPU kernel's layout).
        assertNear(c.expected(), tf.conv2dBackpropFilter(input, c.filterSizes(), dy, options), 1e-5, "TensorFlow itself");
        Tensor in = format == DataFormat.NHWC ? input : toNchw(input);
        Tensor out = format == DataFormat.NHWC ? dy : toNchw(dy);
        for (Algorithm algorithm : ALGORITHMS) {
            Tensor ours = Conv2dBackpropFilter.conv2dBackpropFilter(in, c.filterSizes(), out,
                    options.toBuilder().dataFormat(format).algorithm(algorithm).build());
            assertArrayEquals(c.filterSizes(), ours.shape(), algorithm + ": shape");
            assertNear(c.expected(), ours, 1e-5, algorithm.name());
        }
    }

    // ------------------------------------------------------------------------------------------
    // _RunAndVerifyBackpropFilterExplicitPadding
    // ------------------------------------------------------------------------------------------

    /** NHWC sizes, {@code [row, col]} strides, {@code [[top, bottom], [left, right]]}, dilations, TF's err. */
    record ExplicitCase(String test, int[] input, int[] filterSizes, int[] output, int[] strides, int[] padding,
            int[] dilations, double err) {
        @Override
        public String toString() {
            return test + " in" + Arrays.toString(input) + " pad" + Arrays.toString(padding) + " d"
                    + Arrays.toString(dilations);
        }
    }

    static final List<ExplicitCase> EXPLICIT = List.of(
            new ExplicitCase("testConv2D2x2Depth1Padding0x0BackpropFilter", s(1, 2, 3, 1), s(2, 2, 1, 1), s(1, 1, 2, 1),
                    s(1, 1), s(0, 0, 0, 0), s(1, 1), 1e-5),
            new ExplicitCase("testConv2D2x2Depth1Padding0x0BackpropFilter", s(1, 3, 4, 2), s(2, 2, 2, 3), s(1, 1, 2, 3),
                    s(2, 2), s(0, 0, 0, 0), s(1, 1), 1e-5),
            new ExplicitCase("testConv2D2x2Depth1Padding1x1BackpropFilter", s(1, 2, 3, 1), s(2, 2, 1, 2), s(1, 3, 4, 2),
                    s(1, 1), s(1, 1, 1, 1), s(1, 1), 5e-5),
            new ExplicitCase("testConv2D2x2Depth1Padding1x1BackpropFilter", s(1, 2, 3, 2), s(1, 1, 2, 1), s(1, 4, 3, 1),
                    s(1, 2), s(1, 1, 1, 1), s(1, 1), 1e-5),
            new ExplicitCase("testConv2D2x2Depth1Padding1x1BackpropFilter", s(1, 4, 3, 1), s(2, 2, 1, 1), s(1, 4, 2, 1),
                    s(1, 2), s(1, 1, 1, 1), s(2, 2), 1e-5),
            new ExplicitCase("testConv2D2x2Depth1Padding2x2BackpropFilter", s(2, 3, 1, 1), s(2, 1, 1, 1), s(2, 2, 5, 1),
                    s(3, 1), s(2, 2, 2, 2), s(1, 1), 1e-5),
            new ExplicitCase("testConv2D2x2Depth1Padding2x2BackpropFilter", s(1, 3, 6, 1), s(3, 2, 1, 1), s(1, 3, 4, 1),
                    s(1, 2), s(2, 2, 2, 2), s(2, 3), 1e-5),
            new ExplicitCase("testConv2D2x2Depth1Padding_1_8_4_1_BackpropFilter", s(1, 2, 3, 1), s(2, 2, 1, 1),
                    s(1, 10, 8, 1), s(1, 1), s(1, 8, 4, 2), s(1, 1), 1e-4),
            new ExplicitCase("testConv2D2x2Depth1Padding_1_8_4_1_BackpropFilter", s(1, 5, 3, 1), s(3, 2, 1, 1),
                    s(1, 4, 8, 1), s(3, 1), s(1, 8, 4, 2), s(1, 1), 1e-5),
            new ExplicitCase("testConv2D2x2Depth1Padding_5_0_2_2_BackpropFilter", s(1, 3, 3, 1), s(2, 1, 1, 1),
                    s(1, 7, 7, 1), s(1, 1), s(5, 0, 2, 2), s(1, 1), 1e-4),
            new ExplicitCase("testConv2D2x2Depth1Padding_5_0_2_2_BackpropFilter", s(1, 4, 2, 1), s(3, 3, 1, 1),
                    s(1, 5, 2, 1), s(1, 2), s(5, 0, 2, 2), s(2, 1), 1e-5));

    static Stream<Arguments> explicitCases() {
        return EXPLICIT.stream().flatMap(c -> Arrays.stream(DTYPES).flatMap(t -> Arrays.stream(FORMATS)
                .map(f -> Arguments.of(c, t, f))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("explicitCases")
    void explicitPaddingMatchesTheGradientOfThePaddedInput(ExplicitCase c, DType dtype, DataFormat format) {
        Tensor input = TfOracle.arange(dtype, c.input());
        Tensor dy = TfOracle.arange(dtype, c.output());
        Tensor padded = zeroPad(input, c.padding());
        Conv2dOptions valid = Conv2dOptions.builder().strides(c.strides()).dilations(c.dilations()).build();
        boolean dilated = c.dilations()[0] > 1 || c.dilations()[1] > 1;
        // TF's expectation: a VALID gradient of the zero-padded input. TF's CPU kernel has no
        // dilations (TF skips these on the CPU): conv4j's loops give it then.
        double[] expected = values(dilated
                ? Conv2dBackpropFilter.conv2dBackpropFilter(padded, c.filterSizes(), dy,
                        valid.toBuilder().algorithm(Algorithm.REFERENCE).build())
                : tf.conv2dBackpropFilter(padded, c.filterSizes(), dy, valid));
        Padding explicit = Padding.explicit(c.padding());
        if (!dilated) {
            assertNear(expected, tf.conv2dBackpropFilter(input, c.filterSizes(), dy,
                    valid.toBuilder().padding(explicit).build()), c.err(), "TensorFlow with explicit padding");
        }
        Tensor in = format == DataFormat.NHWC ? input : toNchw(input);
        Tensor out = format == DataFormat.NHWC ? dy : toNchw(dy);
        for (Algorithm algorithm : ALGORITHMS) {
            Tensor ours = Conv2dBackpropFilter.conv2dBackpropFilter(in, c.filterSizes(), out,
                    valid.toBuilder().padding(explicit).dataFormat(format).algorithm(algorithm).build());
            assertNear(expected, ours, c.err(), algorithm.name());
        }
    }

    // ------------------------------------------------------------------------------------------
    // _RunAndVerifyBackpropFilterDilation (GPU/MKL only in TF)
    // ------------------------------------------------------------------------------------------

    /** TF's output_sizes are left out: its dilation tests never use them (two do not fit). */
    record DilationCase(String test, int[] input, int[] filterSizes, int[] dilations) {
        @Override
        public String toString() {
            return test;
        }
    }

    static Stream<Arguments> dilationCases() {
        return Stream.of(
                new DilationCase("testConv2D2x2Depth3ValidBackpropFilterStride1x1Dilation2x1", s(1, 3, 6, 1), s(2, 2, 1, 1),
                        s(2, 1)),
                new DilationCase("testConv2D2x2Depth1ValidBackpropFilterDilation1x2", s(1, 2, 3, 1), s(2, 2, 1, 1),
                        s(1, 2)),
                new DilationCase("testConv2DEmptyBackpropFilterDilation1x2", s(1, 2, 3, 1), s(2, 2, 1, 0),
                        s(1, 2)),
                new DilationCase("testConv2D2x2Depth3ValidBackpropFilterDilation2x2", s(1, 3, 4, 3), s(2, 2, 3, 3),
                        s(2, 2)),
                new DilationCase("testConv2DKernelSizeMatchesInputSizeBackpropFilterDilation2x2", s(1, 3, 3, 1),
                        s(2, 2, 1, 2), s(2, 2)))
                .flatMap(c -> Arrays.stream(DTYPES).flatMap(t -> Arrays.stream(FORMATS).map(f -> Arguments.of(c, t, f))));
    }

    /**
     * TF checks {@code gradients(conv2d(x, w), w)} here, i.e. the filter gradient for an
     * out_backprop of ones; the gradient of {@code sum(conv2d(x, w) * dy)} with respect to
     * {@code w} for any {@code dy} is the same thing, checked through the adjoint identity
     * {@code <conv2d(x, w), dy> = <w, backprop_filter(x, dy)>} for TF's filter (a ramp), and
     * value by value against the loops.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dilationCases")
    void dilatedGradientIsTheForwardConvolutionsGradient(DilationCase c, DType dtype, DataFormat format) {
        Tensor x = TfOracle.arange(dtype, c.input());
        Tensor w = TfOracle.arange(dtype, c.filterSizes());
        Tensor ones = Tensor.zeros(dtype, Conv2d.outputShape(c.input(), c.filterSizes(),
                Conv2dOptions.builder().dilations(c.dilations()).build()));
        for (int i = 0; i < ones.size(); i++) {
            set(ones, i, 1);
        }
        Tensor in = format == DataFormat.NHWC ? x : toNchw(x);
        Tensor dy = format == DataFormat.NHWC ? ones : toNchw(ones);
        Conv2dOptions options = Conv2dOptions.builder().dilations(c.dilations()).dataFormat(format).build();
        Tensor forward = Conv2d.conv2d(in, w, options.toBuilder().algorithm(Algorithm.REFERENCE).build());
        assertArrayEquals(dy.shape(), forward.shape(), "out_backprop has the forward output's shape");
        Tensor loops = Conv2dBackpropFilter.conv2dBackpropFilter(in, c.filterSizes(), dy,
                options.toBuilder().algorithm(Algorithm.REFERENCE).build());
        double lhs = dot(forward, dy);
        double rhs = dot(w, loops);
        assertEquals(lhs, rhs, 1e-12 * Math.max(1, Math.abs(lhs)), "adjoint identity");
        for (Algorithm algorithm : ALGORITHMS) {
            Tensor ours = Conv2dBackpropFilter.conv2dBackpropFilter(in, c.filterSizes(), dy,
                    options.toBuilder().algorithm(algorithm).build());
            assertNear(values(loops), ours, 1e-5, algorithm.name());
        }
    }

    // ------------------------------------------------------------------------------------------
    // ConstructAndTestGradient(test_input=False) shapes
    // ------------------------------------------------------------------------------------------

    /** batch, rows, cols, filter rows, cols, in depth, out depth, stride rows, cols, padding. */
    record GradientShape(String test, int batch, int rows, int cols, int filterRows, int filterCols, int inDepth,
            int outDepth, int strideRows, int strideCols, Padding padding) {
        @Override
        public String toString() {
            return test;
        }
    }

    static Stream<Arguments> gradientShapes() {
        return Stream.of(
                new GradientShape("testFilterGradientValidPaddingStrideOne", 4, 6, 5, 2, 2, 2, 3, 1, 1, Padding.VALID),
                new GradientShape("testFilterGradientValidPaddingStrideTwo", 4, 6, 5, 2, 2, 2, 3, 2, 2, Padding.VALID),
                new GradientShape("testFilterGradientValidPaddingStrideThree", 2, 8, 7, 4, 4, 2, 3, 3, 3, Padding.VALID),
                new GradientShape("testFilterGradientSamePaddingStrideOne", 4, 6, 5, 2, 2, 2, 3, 1, 1, Padding.SAME),
                new GradientShape("testFilterGradientSamePaddingStrideTwo", 4, 6, 5, 2, 2, 2, 3, 2, 2, Padding.SAME),
                new GradientShape("testFilterGradientSamePaddingStrideThree", 2, 8, 7, 4, 4, 2, 3, 3, 3, Padding.SAME),
                new GradientShape("testFilterGradientSamePaddingStride2x1", 2, 8, 7, 4, 4, 2, 3, 2, 1, Padding.SAME),
                new GradientShape("testFilterGradientKernelSizeMatchesInputSize", 2, 4, 3, 4, 3, 2, 3, 1, 1, Padding.VALID),
                new GradientShape("testFilterGradient1x1PaddingStrideOne", 2, 5, 4, 3, 3, 2, 3, 1, 1,
                        Padding.explicit(1, 1, 1, 1)),
                new GradientShape("testFilterGradient1x1PaddingStrideTwo", 2, 4, 5, 3, 3, 2, 3, 2, 2,
                        Padding.explicit(1, 1, 1, 1)),
                new GradientShape("testFilterGradient2x2PaddingStrideOne", 2, 5, 4, 3, 3, 2, 3, 1, 1,
                        Padding.explicit(2, 2, 2, 2)),
                new GradientShape("testFilterGradient1_2_3_4PaddingStride3x2", 2, 8, 5, 4, 2, 3, 2, 3, 2,
                        Padding.explicit(1, 2, 3, 4)),
                new GradientShape("testFilterGradient4_3_2_1PaddingStride2x1", 3, 5, 7, 3, 2, 1, 2, 2, 1,
                        Padding.explicit(4, 3, 2, 1)))
                .flatMap(c -> Arrays.stream(DTYPES).flatMap(t -> Arrays.stream(FORMATS).map(f -> Arguments.of(c, t, f))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("gradientShapes")
    void gradientCheckerShapesMatchTensorFlow(GradientShape g, DType dtype, DataFormat format) {
        int[] inShape = {g.batch(), g.rows(), g.cols(), g.inDepth()};
        int[] filterSizes = {g.filterRows(), g.filterCols(), g.inDepth(), g.outDepth()};
        Conv2dOptions options = Conv2dOptions.builder().strides(g.strideRows(), g.strideCols()).padding(g.padding()).build();
        int[] outShape = Conv2d.outputShape(inShape, filterSizes, options);
        // TF's data: input_data = [x / input_size for x in range(input_size)]; a ramp out_backprop.
        Tensor x = ramp(dtype, inShape);
        Tensor dy = ramp(dtype, outShape);
        Tensor expected = tf.conv2dBackpropFilter(x, filterSizes, dy, options);
        Tensor in = format == DataFormat.NHWC ? x : toNchw(x);
        Tensor out = format == DataFormat.NHWC ? dy : toNchw(dy);
        double tol = dtype == DType.FLOAT32 ? Conv2dAgainstTensorFlowTest.TOL32 : Conv2dAgainstTensorFlowTest.TOL64;
        for (Algorithm algorithm : ALGORITHMS) {
            Tensor ours = Conv2dBackpropFilter.conv2dBackpropFilter(in, filterSizes, out,
                    options.toBuilder().dataFormat(format).algorithm(algorithm).build());
            assertArrayEquals(expected.shape(), ours.shape(), algorithm + ": shape");
            double err = TfOracle.relativeError(ours, expected);
            assertTrue(err <= tol, algorithm + ": relative error " + err);
        }
    }

    // ------------------------------------------------------------------------------------------

    private static void assertNear(double[] expected, Tensor actual, double err, String who) {
        assertEquals(expected.length, actual.size(), who + ": size");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual.getDouble(i);
            assertTrue(Math.abs(e - a) <= err, who + ": element " + i + " is " + a + ", expected " + e);
        }
    }

    /** NHWC to NCHW, on the Java side (the values are what matter; TF's transpose is tested elsewhere). */
    static Tensor toNchw(Tensor t) {
        int[] d = t.shape();
        Tensor r = Tensor.zeros(t.dtype(), d[0], d[3], d[1], d[2]);
        for (int b = 0; b < d[0]; b++) {
            for (int y = 0; y < d[1]; y++) {
                for (int x = 0; x < d[2]; x++) {
                    for (int c = 0; c < d[3]; c++) {
                        set(r, ((b * d[3] + c) * d[1] + y) * d[2] + x, t.getDouble(((b * d[1] + y) * d[2] + x) * d[3] + c));
                    }
                }
            }
        }
        return r;
    }

    /** {@code np.pad(x, [(0, 0), (t, b), (l, r), (0, 0)])} of an NHWC tensor. */
    private static Tensor zeroPad(Tensor t, int[] p) {
        int[] d = t.shape();
        int h = d[1] + p[0] + p[1];
        int w = d[2] + p[2] + p[3];
        Tensor r = Tensor.zeros(t.dtype(), d[0], h, w, d[3]);
        for (int b = 0; b < d[0]; b++) {
            for (int y = 0; y < d[1]; y++) {
                for (int x = 0; x < d[2]; x++) {
                    for (int c = 0; c < d[3]; c++) {
                        set(r, ((b * h + y + p[0]) * w + x + p[2]) * d[3] + c, t.getDouble(((b * d[1] + y) * d[2] + x) * d[3] + c));
                    }
                }
            }
        }
        return r;
    }

    private static Tensor ramp(DType dtype, int[] shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) {
            set(t, i, (double) i / t.size());
        }
        return t;
    }

    private static double[] values(Tensor t) {
        double[] v = new double[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getDouble(i);
        }
        return v;
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.getDouble(i) * b.getDouble(i);
        }
        return s;
    }

    private static void set(Tensor t, int i, double v) {
        if (t.dtype() == DType.FLOAT32) {
            t.floats()[i] = (float) v;
        } else {
            t.doubles()[i] = v;
        }
    }
}
