package org.conv4j.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.conv4j.Algorithm;
import org.conv4j.Conv2dBackpropInput;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TensorFlow's own test cases of {@code conv2d_backprop_input} and {@code conv2d_transpose},
 * ported.
 *
 * <p>Sources: {@code tensorflow/python/kernel_tests/nn_ops/conv_ops_test.py}
 * ({@code testConv2D*BackpropInput*}: {@code _RunAndVerifyBackpropInput},
 * {@code _RunAndVerifyBackpropInputDilation}, {@code _RunAndVerifyBackpropInputExplicitPadding})
 * and {@code tensorflow/python/kernel_tests/nn_ops/conv2d_transpose_test.py}, in
 * github.com/tensorflow/tensorflow (Copyright 2015 The TensorFlow Authors, Apache License 2.0).
 * Literal expected values are copied verbatim; filters and {@code out_backprop} are built as
 * there ({@code np.arange(1, N + 1)} reshaped, or ones for the transpose tests).
 *
 * <p>Where TF's test computes its expectation with TF (the gradient of the space-to-batch
 * {@code tf.nn.convolution} for dilations; a VALID backprop of the padded size, cropped, for
 * explicit padding), the same expectation is computed here with the real TF, giving its CPU
 * kernel the equivalent undilated filter where TF's test would need a GPU
 * ({@link TfOracle#conv2dBackpropInput}). TF runs those tests in NCHW on GPUs only; conv4j runs
 * every case in both layouts, both dtypes and with every algorithm. Tolerance: TF's
 * {@code 1e-5} unless its test says otherwise.
 */
class TensorFlowBackpropInputCasesTest {
    private static final DType[] DTYPES = {DType.FLOAT32, DType.FLOAT64};

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

    /**
     * One {@code _RunAndVerifyBackpropInput} call: NHWC input_sizes (or 2), filter and output
     * sizes, {@code [row, col]} strides, padding, and the literal expected values (NHWC order).
     */
    record Literal(String test, int[] inputSizes, int[] filter, int[] outputSizes, int[] strides, Padding padding,
            double[] expected) {
        @Override
        public String toString() {
            return test;
        }
    }

    private static Literal lit(String test, int[] sizes, int[] filter, int[] out, int[] strides, Padding padding,
            double... expected) {
        return new Literal(test, sizes, filter, out, strides, padding, expected);
    }

    static final List<Literal> LITERALS = List.of(
            lit("testConv2D2x2Depth1ValidBackpropInput", s(1, 2, 3, 1), s(2, 2, 1, 1), s(1, 1, 2, 1), s(1, 1), Padding.VALID,
                    1.0, 4.0, 4.0, 3.0, 10.0, 8.0),
            lit("testConv2DEmptyBackpropInput", s(0, 2, 3, 1), s(2, 2, 1, 1), s(0, 1, 2, 1), s(1, 1), Padding.VALID),
            lit("testConv2D2x2Depth3ValidBackpropInput", s(1, 2, 3, 3), s(2, 2, 3, 3), s(1, 1, 2, 3), s(1, 1), Padding.VALID,
                    14.0, 32.0, 50.0, 100.0, 163.0, 226.0, 167.0, 212.0, 257.0, 122.0,
                    140.0, 158.0, 478.0, 541.0, 604.0, 437.0, 482.0, 527.0),
            lit("testConv2D2x2Depth3ValidBackpropInputStride1x2", s(1, 3, 6, 1), s(2, 2, 1, 1), s(1, 2, 3, 1), s(1, 2),
                    Padding.VALID,
                    1.0, 2.0, 2.0, 4.0, 3.0, 6.0, 7.0, 12.0, 11.0, 18.0, 15.0, 24.0, 12.0,
                    16.0, 15.0, 20.0, 18.0, 24.0),
            lit("testConv2DStrideTwoFilterOneSameBackpropInput", s(1, 4, 4, 1), s(1, 1, 1, 1), s(1, 2, 2, 1), s(2, 2),
                    Padding.SAME,
                    1.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0, 0.0, 4.0, 0.0, 0.0, 0.0,
                    0.0, 0.0),
            lit("testConv2DKernelSizeMatchesInputSizeBackpropInput", s(1, 2, 2, 1), s(2, 2, 1, 2), s(1, 1, 1, 2), s(1, 1),
                    Padding.VALID, 5.0, 11.0, 17.0, 23.0),
            lit("testConv2DInputSizesContainsOnlySpatialDimensionsBackpropInput", s(2, 2), s(2, 2, 1, 2), s(1, 1, 1, 2),
                    s(1, 1), Padding.VALID, 5.0, 11.0, 17.0, 23.0),
            lit("testConv2DBackpropInputDegenerateBackpropInput", s(3, 1, 1, 2), s(1, 3, 2, 3), s(3, 1, 0, 3), s(1, 2),
                    Padding.VALID, 0, 0, 0, 0, 0, 0));

    static Stream<Arguments> literals() {
        return LITERALS.stream().flatMap(c -> Arrays.stream(DTYPES).flatMap(t -> Stream.of(DataFormat.values())
                .map(f -> Arguments.of(c, t, f))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("literals")
    void literalCase(Literal c, DType dtype, DataFormat format) {
        Tensor filter = TfOracle.arange(dtype, c.filter());
        Tensor dy = TfOracle.arange(dtype, c.outputSizes());
        Conv2dOptions options = Conv2dOptions.builder().strides(c.strides()).padding(c.padding()).build();
        if (format == DataFormat.NHWC) {
            // TF itself agrees with the literal (TF's CPU kernel runs NHWC only).
            Tensor byTf = tf.conv2dBackpropInput(c.inputSizes(), filter, dy, options);
            assertClose(c.expected(), byTf, 1e-5, "TF");
        }
        for (Algorithm algorithm : Algorithm.values()) {
            Tensor ours = backpropInput(c.inputSizes(), filter, dy, options.toBuilder().algorithm(algorithm).build(), format);
            if (ours != null) {
                assertClose(c.expected(), ours, 1e-5, algorithm + " " + format);
            }
        }
    }

    /**
     * conv4j's answer in NHWC order for an NHWC-described problem, computed in {@code format}
     * (NCHW: out_backprop transposed in, the answer transposed back, as TF's test does), or
     * {@code null} if a restricted algorithm refuses it.
     */
    private static Tensor backpropInput(int[] nhwcSizes, Tensor filter, Tensor nhwcDy, Conv2dOptions options,
            DataFormat format) {
        try {
            if (format == DataFormat.NHWC) {
                return Conv2dBackpropInput.conv2dBackpropInput(nhwcSizes, filter, nhwcDy, options);
            }
            int[] sizes = nhwcSizes.length == 4 ? s(nhwcSizes[0], nhwcSizes[3], nhwcSizes[1], nhwcSizes[2]) : nhwcSizes;
            Tensor dx = Conv2dBackpropInput.conv2dBackpropInput(sizes, filter, toNchw(nhwcDy),
                    options.toBuilder().dataFormat(DataFormat.NCHW).build());
            return toNhwc(dx);
        } catch (IllegalArgumentException refused) {
            assertEquals(Algorithm.WINOGRAD, options.algorithm(), refused::getMessage);
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Dilations and explicit padding: expectations computed by TF, as TF's tests do
    // ------------------------------------------------------------------------------------------

    /** A {@code _RunAndVerifyBackpropInputDilation} or {@code ...ExplicitPadding} call. */
    record Computed(String test, int[] inputSizes, int[] filter, int[] outputSizes, int[] strides, int[] dilations,
            int[] padding, double tolerance) {
        @Override
        public String toString() {
            return test + " in" + Arrays.toString(inputSizes) + " f" + Arrays.toString(filter) + " s"
                    + Arrays.toString(strides) + " d" + Arrays.toString(dilations)
                    + (padding == null ? " VALID" : " pad" + Arrays.toString(padding));
        }
    }

    private static Computed dilated(String test, int[] sizes, int[] filter, int[] out, int[] dilations, double tol) {
        return new Computed(test, sizes, filter, out, s(1, 1), dilations, null, tol);
    }

    private static Computed padded(String test, int[] sizes, int[] filter, int[] out, int[] strides, int[] padding,
            int[] dilations, double tol) {
        return new Computed(test, sizes, filter, out, strides, dilations, padding, tol);
    }

    static final List<Computed> COMPUTED = List.of(
            dilated("testConv2D2x2Depth3ValidBackpropInputStride1x1Dilation2x1", s(1, 3, 6, 1), s(2, 2, 1, 1),
                    s(1, 1, 5, 1), s(2, 1), 1e-5),
            dilated("testConv2D2x2Depth1ValidBackpropInputDilation1x2", s(1, 2, 3, 1), s(2, 2, 1, 1), s(1, 1, 2, 1),
                    s(1, 2), 1e-5),
            dilated("testConv2DEmptyBackpropInputDilation1x2", s(0, 2, 3, 1), s(2, 2, 1, 1), s(0, 1, 2, 1), s(1, 2), 1e-5),
            dilated("testConv2D2x2Depth3ValidBackpropInputDilation2x1", s(1, 3, 2, 3), s(2, 2, 3, 3), s(1, 1, 2, 3),
                    s(2, 1), 1e-4),
            dilated("testConv2DKernelSizeMatchesInputSizeBackpropInputDilation2x2", s(1, 3, 3, 1), s(2, 2, 1, 2),
                    s(1, 1, 1, 2), s(2, 2), 1e-5),
            padded("testConv2D2x2Depth1Padding0x0BackpropInput", s(1, 2, 3, 1), s(2, 2, 1, 1), s(1, 1, 2, 1), s(1, 1),
                    s(0, 0, 0, 0), s(1, 1), 2e-5),
            padded("testConv2D2x2Depth1Padding0x0BackpropInput", s(1, 3, 4, 2), s(2, 2, 2, 3), s(1, 1, 2, 3), s(2, 2),
                    s(0, 0, 0, 0), s(1, 1), 2e-5),
            padded("testConv2D2x2Depth1Padding1x1BackpropInput", s(1, 2, 3, 1), s(2, 2, 1, 2), s(1, 3, 4, 2), s(1, 1),
                    s(1, 1, 1, 1), s(1, 1), 1e-4),
            padded("testConv2D2x2Depth1Padding1x1BackpropInput", s(1, 2, 3, 2), s(1, 1, 2, 1), s(1, 4, 3, 1), s(1, 2),
                    s(1, 1, 1, 1), s(1, 1), 2e-5),
            padded("testConv2D2x2Depth1Padding1x1BackpropInput", s(1, 4, 3, 1), s(2, 2, 1, 1), s(1, 4, 2, 1), s(1, 2),
                    s(1, 1, 1, 1), s(2, 2), 2e-5),
            padded("testConv2D2x2Depth1Padding2x2BackpropInput", s(2, 3, 1, 1), s(2, 1, 1, 1), s(2, 2, 5, 1), s(3, 1),
                    s(2, 2, 2, 2), s(1, 1), 2e-5),
            padded("testConv2D2x2Depth1Padding2x2BackpropInput", s(1, 3, 6, 1), s(3, 2, 1, 1), s(1, 3, 4, 1), s(1, 2),
                    s(2, 2, 2, 2), s(2, 3), 2e-5),
            padded("testConv2D2x2Depth1Padding_1_8_4_1_BackpropInput", s(1, 2, 3, 1), s(2, 2, 1, 1), s(1, 10, 8, 1), s(1, 1),
                    s(1, 8, 4, 2), s(1, 1), 5e-5),
            padded("testConv2D2x2Depth1Padding_1_8_4_1_BackpropInput", s(1, 5, 3, 1), s(3, 2, 1, 1), s(1, 4, 8, 1), s(3, 1),
                    s(1, 8, 4, 2), s(1, 1), 2e-5),
            padded("testConv2D2x2Depth1Padding_5_0_2_2_BackpropInput", s(1, 3, 3, 1), s(2, 1, 1, 1), s(1, 7, 7, 1), s(1, 1),
                    s(5, 0, 2, 2), s(1, 1), 5e-5),
            padded("testConv2D2x2Depth1Padding_5_0_2_2_BackpropInput", s(1, 4, 2, 1), s(3, 3, 1, 1), s(1, 5, 2, 1), s(1, 2),
                    s(5, 0, 2, 2), s(2, 1), 2e-5));

    static Stream<Arguments> computed() {
        return COMPUTED.stream().flatMap(c -> Arrays.stream(DTYPES).flatMap(t -> Stream.of(DataFormat.values())
                .map(f -> Arguments.of(c, t, f))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("computed")
    void computedCase(Computed c, DType dtype, DataFormat format) {
        Tensor filter = TfOracle.arange(dtype, c.filter());
        Tensor expected;
        Tensor dy;
        Conv2dOptions.Builder options = Conv2dOptions.builder().strides(c.strides()).dilations(c.dilations());
        if (c.padding() == null) {
            // _RunAndVerifyBackpropInputDilation: tf.gradients of the forward convolution, whose
            // upstream gradient is ones; expectation: the same gradient by TF. (That test never
            // uses its output_sizes, and some are not the forward output's: the VALID formula's.)
            int[] in = c.inputSizes();
            int[] f = c.filter();
            int[] d = c.dilations();
            dy = ones(dtype, in[0], in[1] - (f[0] - 1) * d[0], in[2] - (f[1] - 1) * d[1], f[3]);
            options.padding(Padding.VALID);
            expected = tf.conv2dBackpropInput(c.inputSizes(), filter, dy, options.build());
        } else {
            // _RunAndVerifyBackpropInputExplicitPadding: a VALID backprop of the padded size,
            // cropped, by TF.
            dy = TfOracle.arange(dtype, c.outputSizes());
            int[] p = c.padding();
            int[] padded = c.inputSizes().clone();
            padded[1] += p[0] + p[1];
            padded[2] += p[2] + p[3];
            Tensor whole = tf.conv2dBackpropInput(padded, filter, dy, options.build());
            expected = crop(whole, p[0], p[2], c.inputSizes());
            options.padding(Padding.explicit(p));
        }
        assertArrayEquals(c.inputSizes(), expected.shape());
        for (Algorithm algorithm : Algorithm.values()) {
            Tensor ours = backpropInput(c.inputSizes(), filter, dy, options.algorithm(algorithm).build(), format);
            if (ours != null) {
                assertArrayEquals(expected.shape(), ours.shape());
                double[] want = new double[expected.size()];
                for (int i = 0; i < want.length; i++) {
                    want[i] = expected.getDouble(i);
                }
                assertClose(want, ours, c.tolerance(), algorithm + " " + format);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // conv2d_transpose_test.py
    // ------------------------------------------------------------------------------------------

    /** Input, output and filter shapes of the transpose tests, all ones, NHWC; stride, padding. */
    static Stream<Arguments> transposeTests() {
        return Stream.of(
                Arguments.of("testConv2DTransposeSingleStride", 1, Padding.SAME, s(2, 6, 4, 2)),
                Arguments.of("testConv2DTransposeSame", 2, Padding.SAME, s(2, 12, 8, 2)),
                Arguments.of("testConv2DTransposeValid", 2, Padding.VALID, s(2, 13, 9, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transposeTests")
    void conv2dTransposeTest(String test, int stride, Padding padding, int[] yShape) {
        int[] xShape = {2, 6, 4, 3};
        int[] fShape = {3, 3, 2, 3};
        double[] expected = transposeExpectation(test, yShape, stride);
        for (DataFormat format : DataFormat.values()) {
            for (Algorithm algorithm : Algorithm.values()) {
                Conv2dOptions options = Conv2dOptions.builder().strides(stride).padding(padding).algorithm(algorithm)
                        .dataFormat(format).build();
                Tensor x = ones(DType.FLOAT32, xShape);
                Tensor f = ones(DType.FLOAT32, fShape);
                Tensor value;
                try {
                    value = format == DataFormat.NHWC ? Conv2dBackpropInput.conv2dTranspose(x, f, yShape, options)
                            : toNhwc(Conv2dBackpropInput.conv2dTranspose(toNchw(x), f,
                                    s(yShape[0], yShape[3], yShape[1], yShape[2]), options));
                } catch (IllegalArgumentException refused) {
                    assertEquals(Algorithm.WINOGRAD, algorithm, refused::getMessage);
                    continue;
                }
                assertArrayEquals(yShape, value.shape());
                assertClose(expected, value, 1e-6, test + " " + format + " " + algorithm);
            }
        }
    }

    /** The expected values, computed as conv2d_transpose_test.py computes them (NHWC). */
    private static double[] transposeExpectation(String test, int[] y, int stride) {
        double[] v = new double[y[0] * y[1] * y[2] * y[3]];
        int pad = 1;
        for (int n = 0; n < y[0]; n++) {
            for (int k = 0; k < y[3]; k++) {
                for (int w = 0; w < y[2]; w++) {
                    for (int h = 0; h < y[1]; h++) {
                        double target;
                        if (test.equals("testConv2DTransposeSingleStride")) {
                            target = 4 * 3;
                            boolean hIn = h > 0 && h < y[1] - 1;
                            boolean wIn = w > 0 && w < y[2] - 1;
                            target += hIn && wIn ? 5 * 3 : hIn || wIn ? 2 * 3 : 0;
                        } else if (test.equals("testConv2DTransposeSame")) {
                            target = 3;
                            boolean hIn = h % stride == 0 && h > 0 && h < y[1] - 1;
                            boolean wIn = w % stride == 0 && w > 0 && w < y[2] - 1;
                            target += hIn && wIn ? 9 : hIn || wIn ? 3 : 0;
                        } else {
                            if (h < pad || h >= y[1] - pad || w < pad || w >= y[2] - pad) {
                                continue; // the border is copied from its neighbours below
                            }
                            target = 3;
                            boolean hIn = h % stride == 0 && h > pad && h < y[1] - 1 - pad;
                            boolean wIn = w % stride == 0 && w > pad && w < y[2] - 1 - pad;
                            target += hIn && wIn ? 9 : hIn || wIn ? 3 : 0;
                        }
                        v[((n * y[1] + h) * y[2] + w) * y[3] + k] = target;
                    }
                }
                if (test.equals("testConv2DTransposeValid")) {
                    // cache_values[n, :, 0, k] = cache_values[n, :, 1, k], then the last column,
                    // then rows 0 and -1 from rows 1 and -2, in that order.
                    for (int h = 0; h < y[1]; h++) {
                        v[((n * y[1] + h) * y[2]) * y[3] + k] = v[((n * y[1] + h) * y[2] + 1) * y[3] + k];
                        v[((n * y[1] + h) * y[2] + y[2] - 1) * y[3] + k] = v[((n * y[1] + h) * y[2] + y[2] - 2) * y[3] + k];
                    }
                    for (int w = 0; w < y[2]; w++) {
                        v[((n * y[1]) * y[2] + w) * y[3] + k] = v[((n * y[1] + 1) * y[2] + w) * y[3] + k];
                        v[((n * y[1] + y[1] - 1) * y[2] + w) * y[3] + k] = v[((n * y[1] + y[1] - 2) * y[2] + w) * y[3] + k];
                    }
                }
            }
        }
        return v;
    }

    @Test
    void testConv2DTransposeShapeInference() {
        Tensor x = TfOracle.random(DType.FLOAT32, 1, 3, 10, 5, 1);
        Tensor f = TfOracle.random(DType.FLOAT32, 2, 3, 3, 5, 1);
        Tensor out = Conv2dBackpropInput.conv2dTranspose(x, f, s(3, 10, 5, 5),
                Conv2dOptions.builder().padding(Padding.SAME).build());
        assertArrayEquals(s(3, 10, 5, 5), out.shape());
    }

    @Test
    void testConv2DTransposeInvalidOutputShape() {
        Tensor one = ones(DType.FLOAT64, 1, 1, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conv2dBackpropInput
                .conv2dTranspose(one, one, s(2, -2), Conv2dOptions.builder().strides(1).padding(Padding.SAME).build()));
        assertTrue(e.getMessage().contains("Conv2DBackpropInput: elements of input_sizes must be >= 0, not 2x-2"),
                e::getMessage);
    }

    @Test
    void testConv2DTransposeLargeOutputShape() {
        Tensor x = ones(DType.FLOAT64, 2, 2, 2, 2);
        Tensor f = ones(DType.FLOAT64, 1, 1, 1, 1);
        Conv2dOptions options = Conv2dOptions.builder().strides(10).padding(Padding.SAME).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2dBackpropInput.conv2dTranspose(x, f, s(114078056, 179835296), options));
        // TF names the first rule broken: the filter's 1 output channel against x's 2.
        assertTrue(e.getMessage().contains("Conv2DCustomBackpropInput: filter and out_backprop must have the same out_depth"),
                e::getMessage);
        assertThrows(TfOracle.Rejected.class, () -> tf.conv2dBackpropInput(s(114078056, 179835296), f, x, options));
    }

    // ------------------------------------------------------------------------------------------

    private static void assertClose(double[] expected, Tensor actual, double tol, String what) {
        assertEquals(expected.length, actual.size(), what + ": size");
        for (int i = 0; i < expected.length; i++) {
            // assertAllClose(atol=tol, rtol=tol)
            double allowed = tol + tol * Math.abs(expected[i]);
            int at = i;
            assertTrue(Math.abs(expected[i] - actual.getDouble(i)) <= allowed,
                    () -> what + ": value " + at + " is " + actual.getDouble(at) + ", expected " + expected[at]);
        }
    }

    private static Tensor ones(DType dtype, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) {
            if (dtype == DType.FLOAT32) {
                t.floats()[i] = 1f;
            } else {
                t.doubles()[i] = 1d;
            }
        }
        return t;
    }

    /** {@code t[:, top:top+H, left:left+W, :]} for the NHWC shape {@code shape}. */
    private static Tensor crop(Tensor t, int top, int left, int[] shape) {
        Tensor out = Tensor.zeros(t.dtype(), shape);
        int[] from = t.shape();
        for (int n = 0; n < shape[0]; n++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int x = 0; x < shape[2]; x++) {
                    for (int c = 0; c < shape[3]; c++) {
                        int src = ((n * from[1] + y + top) * from[2] + x + left) * from[3] + c;
                        int dst = ((n * shape[1] + y) * shape[2] + x) * shape[3] + c;
                        if (t.dtype() == DType.FLOAT32) {
                            out.floats()[dst] = t.floats()[src];
                        } else {
                            out.doubles()[dst] = t.doubles()[src];
                        }
                    }
                }
            }
        }
        return out;
    }

    /** NHWC to NCHW, in Java (TF's test uses test_util.NHWCToNCHW). */
    private static Tensor toNchw(Tensor t) {
        return permute(t, 0, 3, 1, 2);
    }

    private static Tensor toNhwc(Tensor t) {
        return permute(t, 0, 2, 3, 1);
    }

    /** out.shape[i] = in.shape[perm[i]]. */
    private static Tensor permute(Tensor t, int... perm) {
        int[] in = t.shape();
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            out[i] = in[perm[i]];
        }
        Tensor r = Tensor.zeros(t.dtype(), out);
        int[] idx = new int[4];
        int[] inStrides = {in[1] * in[2] * in[3], in[2] * in[3], in[3], 1};
        for (int o = 0; o < r.size(); o++) {
            int rem = o;
            for (int i = 3; i >= 0; i--) {
                idx[i] = rem % out[i];
                rem /= out[i];
            }
            int src = 0;
            for (int i = 0; i < 4; i++) {
                src += idx[i] * inStrides[perm[i]];
            }
            if (t.dtype() == DType.FLOAT32) {
                r.floats()[o] = t.floats()[src];
            } else {
                r.doubles()[o] = t.doubles()[src];
            }
        }
        return r;
    }
}
