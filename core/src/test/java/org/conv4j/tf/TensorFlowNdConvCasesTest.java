package org.conv4j.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.conv4j.Algorithm;
import org.conv4j.Conv2dOptions;
import org.conv4j.Convolution;
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
 * TensorFlow's own conv3d and conv1d test cases, ported.
 *
 * <p>Sources: {@code tensorflow/python/kernel_tests/nn_ops/conv_ops_3d_test.py} (class
 * {@code Conv3DTest}) and {@code tensorflow/python/kernel_tests/nn_ops/conv1d_test.py} (class
 * {@code Conv1DTest}) in github.com/tensorflow/tensorflow (Copyright 2015-2016 The TensorFlow
 * Authors, Apache License 2.0). The literal expected values are copied verbatim from those
 * files; inputs and filters are built as there ({@code _VerifyValues}: {@code (1..N) / N}).
 * Where TF's test computes its expectation with TF ({@code _VerifyDilatedConvValues}: the
 * space-to-batch {@code tf.nn.convolution}; the expanded-batch tests: the rank-5 conv), the
 * expectation comes from the real TF ({@link TfNdOracle}) or from conv4j's rank-5 result.
 *
 * <p>Every literal case runs in float32 and float64, channels last and (transposed, as TF's
 * tests do on GPUs) channels first, with every {@link Algorithm}, and through TF's CPU kernel
 * itself. Tolerance: TF's {@code assertAllCloseAccordingToType}, {@code 1e-6} absolute and
 * relative.
 */
class TensorFlowNdConvCasesTest {
    private static final double TOL = 1e-6;
    private static final DType[] DTYPES = {DType.FLOAT32, DType.FLOAT64};

    private static TfOracle tf;
    private static TfNdOracle nd;

    @BeforeAll
    static void startTensorFlow() {
        tf = new TfOracle();
        nd = new TfNdOracle(tf);
    }

    @AfterAll
    static void stopTensorFlow() {
        tf.close();
    }

    // ------------------------------------------------------------------------------------------
    // Conv3DTest._VerifyValues cases
    // ------------------------------------------------------------------------------------------

    /** One {@code _VerifyValues} call: NDHWC sizes, {@code [d, h, w]} strides, padding, literal output. */
    record Literal(String test, int[] input, int[] filter, int[] strides, Padding padding, double[] expected) {
        @Override
        public String toString() {
            return test + " in" + Arrays.toString(input) + " f" + Arrays.toString(filter) + " s" + Arrays.toString(strides)
                    + " " + padding;
        }
    }

    private static Literal lit(String test, int[] input, int[] filter, int stride, Padding padding, double... expected) {
        return new Literal(test, input, filter, new int[] {stride, stride, stride}, padding, expected);
    }

    private static int[] s(int... v) {
        return v;
    }

    private static final double[] ONE_BY_ONE = {0.18518519, 0.22222222, 0.25925926, 0.40740741, 0.5, 0.59259259, 0.62962963,
        0.77777778, 0.92592593, 0.85185185, 1.05555556, 1.25925926, 1.07407407, 1.33333333, 1.59259259, 1.2962963,
        1.61111111, 1.92592593};
    private static final double[] SMALLER_THAN_STRIDE = {0.03703704, 0.11111111, 0.25925926, 0.33333333, 0.7037037,
        0.77777778, 0.92592593, 1.0};

    static Stream<Literal> literals() {
        Padding same = Padding.SAME;
        Padding valid = Padding.VALID;
        return Stream.of(
                lit("testConv3D1x1x1Filter", s(1, 2, 3, 1, 3), s(1, 1, 1, 3, 3), 1, valid, ONE_BY_ONE),
                lit("testConv3D1x1x1Filter", s(1, 2, 1, 3, 3), s(1, 1, 1, 3, 3), 1, valid, ONE_BY_ONE),
                lit("testConv3D1x1x1Filter", s(1, 1, 2, 3, 3), s(1, 1, 1, 3, 3), 1, valid, ONE_BY_ONE),
                lit("testConv3D2x2x2Filter", s(1, 4, 2, 3, 3), s(2, 2, 2, 3, 3), 1, valid, 3.77199074, 3.85069444, 3.92939815,
                        4.2650463, 4.35763889, 4.45023148, 6.73032407, 6.89236111, 7.05439815, 7.22337963, 7.39930556,
                        7.57523148, 9.68865741, 9.93402778, 10.17939815, 10.18171296, 10.44097222, 10.70023148),
                new Literal("testConv3DStrides", s(1, 5, 8, 7, 1), s(1, 2, 3, 1, 1), s(2, 3, 1), same, new double[] {
                    0.06071429, 0.08988095, 0.10238095, 0.11488095, 0.12738095, 0.13988095, 0.08452381, 0.26071429,
                    0.35238095, 0.36488095, 0.37738095, 0.38988095, 0.40238095, 0.23452381, 0.46071429, 0.61488095,
                    0.62738095, 0.63988095, 0.65238095, 0.66488095, 0.38452381, 1.12738095, 1.48988095, 1.50238095,
                    1.51488095, 1.52738095, 1.53988095, 0.88452381, 1.32738095, 1.75238095, 1.76488095, 1.77738095,
                    1.78988095, 1.80238095, 1.03452381, 1.52738095, 2.01488095, 2.02738095, 2.03988095, 2.05238095,
                    2.06488095, 1.18452381, 2.19404762, 2.88988095, 2.90238095, 2.91488095, 2.92738095, 2.93988095,
                    1.68452381, 2.39404762, 3.15238095, 3.16488095, 3.17738095, 3.18988095, 3.20238095, 1.83452381,
                    2.59404762, 3.41488095, 3.42738095, 3.43988095, 3.45238095, 3.46488095, 1.98452381}),
                lit("testConv3D2x2x2FilterStride2", s(1, 4, 2, 3, 3), s(2, 2, 2, 3, 3), 2, valid, 3.77199074, 3.85069444,
                        3.92939815, 9.68865741, 9.93402778, 10.17939815),
                lit("testConv3DStride3", s(1, 6, 7, 8, 2), s(3, 2, 1, 2, 3), 3, valid, 1.51140873, 1.57167659, 1.63194444,
                        1.56349206, 1.62673611, 1.68998016, 1.6155754, 1.68179563, 1.74801587, 1.9280754, 2.01215278,
                        2.09623016, 1.98015873, 2.0672123, 2.15426587, 2.03224206, 2.12227183, 2.21230159, 4.4280754,
                        4.65500992, 4.88194444, 4.48015873, 4.71006944, 4.93998016, 4.53224206, 4.76512897, 4.99801587,
                        4.84474206, 5.09548611, 5.34623016, 4.8968254, 5.15054563, 5.40426587, 4.94890873, 5.20560516,
                        5.46230159),
                lit("testConv3D2x2x2FilterStride2Same", s(1, 4, 2, 3, 3), s(2, 2, 2, 3, 3), 2, same, 3.77199074, 3.85069444,
                        3.92939815, 2.0162037, 2.06597222, 2.11574074, 9.68865741, 9.93402778, 10.17939815, 4.59953704,
                        4.73263889, 4.86574074),
                lit("testKernelSmallerThanStride", s(1, 3, 3, 3, 1), s(1, 1, 1, 1, 1), 2, same, SMALLER_THAN_STRIDE),
                lit("testKernelSmallerThanStride", s(1, 3, 3, 3, 1), s(1, 1, 1, 1, 1), 2, valid, SMALLER_THAN_STRIDE),
                lit("testKernelSmallerThanStride", s(1, 7, 7, 7, 1), s(2, 2, 2, 1, 1), 3, same, 0.54081633, 0.58017493,
                        0.28061224, 0.81632653, 0.85568513, 0.40306122, 0.41873178, 0.4340379, 0.19642857, 2.46938776,
                        2.50874636, 1.1377551, 2.74489796, 2.78425656, 1.26020408, 1.16873178, 1.1840379, 0.51785714,
                        1.09511662, 1.10604956, 0.44642857, 1.17164723, 1.18258017, 0.47704082, 0.3691691, 0.37244898, 0.125),
                lit("testKernelSmallerThanStride", s(1, 7, 7, 7, 1), s(2, 2, 2, 1, 1), 3, valid, 0.540816, 0.580175,
                        0.816327, 0.855685, 2.469388, 2.508746, 2.744898, 2.784257),
                lit("testKernelSizeMatchesInputSize", s(1, 2, 1, 2, 1), s(2, 1, 2, 1, 2), 1, valid, 1.5625, 1.875));
    }

    static Stream<Arguments> literalsByDtypeAndLayout() {
        List<Arguments> all = new ArrayList<>();
        literals().forEach(c -> {
            for (DType dtype : DTYPES) {
                for (DataFormat format : DataFormat.values()) {
                    all.add(Arguments.of(c, dtype, format));
                }
            }
        });
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("literalsByDtypeAndLayout")
    void conv3dLiteralCase(Literal c, DType dtype, DataFormat format) {
        Tensor x = scaledArange(dtype, c.input());
        Tensor f = scaledArange(dtype, c.filter());
        boolean first = format == DataFormat.NCHW;
        Tensor input = first ? toChannelsFirst(x) : x;
        Conv2dOptions options = Conv2dOptions.builder().strides(c.strides()).padding(c.padding()).dataFormat(format).build();
        for (Algorithm algorithm : Algorithm.values()) {
            Tensor out;
            try {
                out = Convolution.conv3d(input, f, options.toBuilder().algorithm(algorithm).build());
            } catch (IllegalArgumentException refused) {
                assertEquals(Algorithm.WINOGRAD, algorithm, "only a restricted fast path may refuse: " + refused);
                continue;
            }
            Tensor channelsLast = first ? toChannelsLast(out) : out;
            assertClose(c.expected(), channelsLast, algorithm.toString());
        }
        if (!first) {
            // And TF's CPU kernel itself agrees with its own literal.
            Tensor tfOut = nd.rawConv3d(x, f, new long[] {1, c.strides()[0], c.strides()[1], c.strides()[2], 1},
                    c.padding().kind().name(), null, null);
            assertClose(c.expected(), tfOut, "TF");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Conv3DTest: dilations (_VerifyDilatedConvValues), expanded batch, empty and zero-sized
    // ------------------------------------------------------------------------------------------

    static Stream<Arguments> dilatedCases() {
        return Stream.of(
                Arguments.of("testConv3D1x1x1Filter2x1x1Dilation", s(1, 3, 6, 1, 1), s(1, 1, 1, 1, 1), s(2, 1, 1)),
                Arguments.of("testConv3D2x2x2Filter1x2x1Dilation", s(1, 4, 6, 3, 1), s(2, 2, 2, 1, 1), s(1, 2, 1)));
    }

    /**
     * TF runs these on GPUs only ("we currently do not have a CPU implementation for arbitrary
     * dilation rates"), against {@code tf.nn.convolution}; here TF's CPU Conv3D with the filter
     * dilated by zeros is the expectation, in both layouts.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dilatedCases")
    void conv3dDilatedCase(String test, int[] inputShape, int[] filterShape, int[] dilations) {
        for (DType dtype : DTYPES) {
            Tensor x = TfOracle.arange(dtype, inputShape);
            Tensor f = TfOracle.arange(dtype, filterShape);
            Tensor expected = nd.rawConv3d(x, TfNdOracle.dilate(f, dilations[0], dilations[1], dilations[2]),
                    new long[] {1, 1, 1, 1, 1}, "VALID", null, null);
            for (DataFormat format : DataFormat.values()) {
                boolean first = format == DataFormat.NCHW;
                Conv2dOptions options = Conv2dOptions.builder().dilations(dilations).dataFormat(format).build();
                for (Algorithm algorithm : new Algorithm[] {Algorithm.AUTO, Algorithm.REFERENCE, Algorithm.GEMM}) {
                    Tensor out = Convolution.conv3d(first ? toChannelsFirst(x) : x, f,
                            options.toBuilder().algorithm(algorithm).build());
                    Tensor last = first ? toChannelsLast(out) : out;
                    assertArrayEquals(expected.shape(), last.shape(), test);
                    assertTrue(TfOracle.relativeError(last, expected) <= 1e-6, test + " " + dtype + " " + format + " "
                            + algorithm);
                }
            }
        }
    }

    /** testConv3DExpandedBatch and testConvolutionClass3DExpandedBatch: rank 6 equals rank 5 reshaped. */
    @Test
    void conv3dExpandedBatch() {
        Tensor f = TfOracle.arange(DType.FLOAT32, 1, 1, 1, 3, 3);
        Tensor x1 = TfOracle.arange(DType.FLOAT32, 10, 2, 3, 1, 3);
        Tensor x2 = x1.reshape(2, 5, 2, 3, 1, 3);
        Conv2dOptions valid = Conv2dOptions.builder().strides(1, 1, 1, 1, 1).padding(Padding.VALID).build();
        Tensor conv1 = Convolution.conv3d(x1, f, valid);
        Tensor conv2 = Convolution.conv3d(x2, f, valid);
        assertArrayEquals(s(10, 2, 3, 1, 3), conv1.shape());
        assertArrayEquals(s(2, 5, 2, 3, 1, 3), conv2.shape());
        assertArrayEquals(conv1.floats(), conv2.floats());
        // tf.nn.convolution with the 3-D filter, and TF itself on the rank-5 input.
        Tensor viaConvolution = Convolution.convolution(x2, f, Conv2dOptions.builder().strides(1, 1, 1).build());
        assertArrayEquals(conv2.shape(), viaConvolution.shape());
        assertArrayEquals(conv2.floats(), viaConvolution.floats());
        assertTrue(TfOracle.relativeError(conv1, nd.rawConv3d(x1, f, new long[] {1, 1, 1, 1, 1}, "VALID", null, null)) <= 1e-6);
    }

    /** _TestConv3DEmptyTensorOutputShape: an empty batch keeps TF's output shape. */
    @Test
    void conv3dEmptyTensorOutputShape() {
        for (DType dtype : DTYPES) {
            Tensor input = Tensor.zeros(dtype, 0, 112, 112, 112, 32);
            Tensor filter = Tensor.zeros(dtype, 3, 3, 3, 32, 64);
            Conv2dOptions options = Conv2dOptions.builder().strides(1, 1, 1, 1, 1).dilations(1, 1, 1, 1, 1)
                    .padding(Padding.SAME).build();
            assertArrayEquals(s(0, 112, 112, 112, 64), Convolution.conv3d(input, filter, options).shape());
            assertArrayEquals(s(0, 112, 112, 112, 64),
                    nd.rawConv3d(input, filter, new long[] {1, 1, 1, 1, 1}, "SAME", null, null).shape());
        }
    }

    /** testZeroSizedFilterThrowsIllegalArgument. */
    @Test
    void conv3dZeroSizedFilterThrowsIllegalArgument() {
        Tensor x1 = TfOracle.arange(DType.FLOAT32, 1, 1, 1, 1, 1);
        Tensor filter = Tensor.zeros(DType.FLOAT32, 1, 1, 0, 1, 1);
        String message = "filter must not have zero elements (i.e. all dimensions must be non-zero)";
        TfOracle.Rejected rejected = assertThrows(TfOracle.Rejected.class,
                () -> nd.rawConv3d(x1, filter, new long[] {1, 1, 1, 1, 1}, "SAME", null, null));
        assertEquals(message, rejected.getMessage());
        IllegalArgumentException ours = assertThrows(IllegalArgumentException.class, () -> Convolution.conv3d(x1, filter,
                Conv2dOptions.builder().strides(1, 1, 1, 1, 1).padding(Padding.SAME).build()));
        assertTrue(ours.getMessage().contains(message), ours.getMessage());
    }

    // ------------------------------------------------------------------------------------------
    // Where TF's CPU Conv3D leaves TF's own definition of SAME
    // ------------------------------------------------------------------------------------------

    /**
     * TF's CPU Conv3D pads SAME by Eigen's unclamped formula {@code ((out-1)*s + k - n) / 2}: with
     * {@code n = 3, s = 3, k = 1} that is {@code -1}, and every window moves one inwards (the
     * output reads pixel 1, not 0). TF's documented SAME, its Conv2D and its GPU Conv3D pad
     * {@code max(0, ...)} and read pixel 0; so does conv4j, which this pins: conv3d of a depth-1
     * problem equals TF's Conv2D, and TF's CPU Conv3D is the odd one out.
     */
    @Test
    void sameWithStrideFarAboveKernelFollowsTensorFlowsDefinitionNotItsCpuConv3d() {
        Tensor x = TfOracle.arange(DType.FLOAT32, 1, 1, 3, 6, 2);
        Tensor f = TfOracle.arange(DType.FLOAT32, 1, 1, 1, 2, 3);
        Conv2dOptions options = Conv2dOptions.builder().strides(1, 3, 3).padding(Padding.SAME).build();
        Tensor ours = Convolution.conv3d(x, f, options);
        Tensor tfConv2d = tf.rawConv2d(x.reshape(1, 3, 6, 2), f.reshape(1, 1, 2, 3), new long[] {1, 3, 3, 1}, "SAME", null,
                null, "NHWC");
        assertArrayEquals(s(1, 1, 1, 2, 3), ours.shape());
        assertArrayEquals(tfConv2d.floats(), ours.floats());
        // out[0, 0, 0, 0, :] is pixel (0, 0) times the filter: 1*1 + 2*4, 1*2 + 2*5, 1*3 + 2*6.
        assertArrayEquals(new float[] {9, 12, 15}, Arrays.copyOf(ours.floats(), 3));
        Tensor tfConv3d = nd.rawConv3d(x, f, new long[] {1, 1, 3, 3, 1}, "SAME", null, null);
        assertArrayEquals(ours.shape(), tfConv3d.shape());
        assertNotEquals(Arrays.toString(ours.floats()), Arrays.toString(tfConv3d.floats()),
                "TF's CPU Conv3D now pads SAME as TF's Conv2D does: TfNdOracle's workaround can go");
        // The kernel read pixel (1, 1) = values 15, 16: 15*1 + 16*4 = 79.
        assertEquals(79f, tfConv3d.floats()[0]);
    }

    // ------------------------------------------------------------------------------------------
    // Conv1DTest
    // ------------------------------------------------------------------------------------------

    /** testBasic: x = [1, 2, 3, 4] as [1, 4, 1], filters [2, 1] as [2, 1, 1], VALID. */
    @Test
    void conv1dBasic() {
        for (DType dtype : DTYPES) {
            Tensor x = TfOracle.arange(dtype, 1, 4, 1);
            Tensor filters = values(dtype, new double[] {2, 1}, 2, 1, 1);
            for (int stride : new int[] {1, 2}) {
                Conv2dOptions options = Conv2dOptions.builder().strides(stride).padding(Padding.VALID).build();
                double[] expected = stride == 1 ? new double[] {2 * 1 + 1 * 2, 2 * 2 + 1 * 3, 2 * 3 + 1 * 4}
                        : new double[] {2 * 1 + 1 * 2, 2 * 3 + 1 * 4};
                for (Algorithm algorithm : new Algorithm[] {Algorithm.AUTO, Algorithm.REFERENCE, Algorithm.GEMM}) {
                    Tensor out = Convolution.conv1d(x, filters, options.toBuilder().algorithm(algorithm).build());
                    assertArrayEquals(s(1, expected.length, 1), out.shape());
                    assertClose(expected, out, algorithm.toString());
                }
                assertClose(expected, nd.conv1d(x, filters, options), "TF");
            }
        }
    }

    /** testExpandedBatch: the same input stacked to batch shape [2, 1]. */
    @Test
    void conv1dExpandedBatch() {
        Tensor x = values(DType.FLOAT32, new double[] {1, 2, 3, 4, 1, 2, 3, 4}, 2, 1, 4, 1);
        Tensor filters = values(DType.FLOAT32, new double[] {2, 1}, 2, 1, 1);
        for (int stride : new int[] {1, 2}) {
            Conv2dOptions options = Conv2dOptions.builder().strides(stride).padding(Padding.VALID).build();
            Tensor out = Convolution.conv1d(x, filters, options);
            double[] expected = stride == 1 ? new double[] {4, 7, 10, 4, 7, 10} : new double[] {4, 10, 4, 10};
            assertArrayEquals(s(2, 1, expected.length / 2, 1), out.shape());
            assertClose(expected, out, "conv4j");
            assertClose(expected, nd.conv1d(x, filters, options), "TF");
            assertArrayEquals(out.floats(), Convolution.convolution(x, filters, options).floats());
        }
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    /** {@code (1..N) / N} reshaped, as {@code _SetupValuesForDevice} builds inputs and filters. */
    private static Tensor scaledArange(DType dtype, int[] shape) {
        Tensor t = TfOracle.arange(dtype, shape);
        int n = t.size();
        for (int i = 0; i < n; i++) {
            if (dtype == DType.FLOAT32) {
                t.floats()[i] = (float) ((i + 1) * 1.0 / n);
            } else {
                t.doubles()[i] = (i + 1) * 1.0 / n;
            }
        }
        return t;
    }

    private static Tensor values(DType dtype, double[] v, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < v.length; i++) {
            if (dtype == DType.FLOAT32) {
                t.floats()[i] = (float) v[i];
            } else {
                t.doubles()[i] = v[i];
            }
        }
        return t;
    }

    /** NDHWC to NCDHW ({@code test_util.NHWCToNCHW}). */
    private static Tensor toChannelsFirst(Tensor t) {
        return tf.transpose(t, 0, 4, 1, 2, 3);
    }

    /** NCDHW to NDHWC ({@code test_util.NCHWToNHWC}). */
    private static Tensor toChannelsLast(Tensor t) {
        return tf.transpose(t, 0, 2, 3, 4, 1);
    }

    /** TF's {@code assertAllCloseAccordingToType}: {@code |a - e| <= 1e-6 + 1e-6 * |e|}. */
    private static void assertClose(double[] expected, Tensor actual, String what) {
        assertEquals(expected.length, actual.size(), what + ": element count");
        for (int i = 0; i < expected.length; i++) {
            double a = actual.getDouble(i);
            if (Math.abs(a - expected[i]) > TOL + TOL * Math.abs(expected[i])) {
                fail(what + ": element " + i + " is " + a + ", expected " + expected[i]);
            }
        }
    }
}
