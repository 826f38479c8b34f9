package org.conv4j.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validation of {@link DepthwiseConv2d} and {@link SeparableConv2d} against TensorFlow's
 * (tf-conv-semantics.md §11, Appendix A rows {@code dw_*}; TF 2.18's {@code DepthwiseConv2dNative}
 * CPU kernel, and the Python wrappers in {@code nn_impl.py} for what only they check).
 *
 * <p>For every invalid request conv4j must throw {@link IllegalArgumentException} from every
 * entry point before doing any work (an output it was given stays untouched), with TF's text in
 * its message. Where TF-Java can run the request, TF runs it too: it must reject it with the
 * documented text, and conv4j's message must contain what TF reported.
 *
 * <p>The requests TF's kernel refuses but TF computes elsewhere (dilations, NCHW) are not errors
 * here; the requests TF accepts with empty or zero results (an empty filter window, zero
 * channels, zero multiplier, empty batch, only padding) must give TF's shape and values.
 */
class DepthwiseValidationTest {
    private static final DType F32 = DType.FLOAT32;
    private static final DType F64 = DType.FLOAT64;

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

    /** How TF is asked the same question. */
    private enum TfForm {
        /** {@link TfDepthwise#depthwise} with the same options. */
        SAME_REQUEST,
        /** The raw op with these attributes (NHWC): conv4j's request cannot be built as options. */
        RAW,
        /** A rule of TF's Python wrapper, which TF-Java cannot run. */
        PYTHON_ONLY
    }

    /** Raw DepthwiseConv2dNative attributes. */
    record Raw(long[] strides, String padding, long[] explicitPaddings, String dataFormat) {
    }

    /** One invalid request and the message TF gives for it. */
    record Invalid(String rule, String tfMessage, int[] input, DType inputType, int[] filter, DType filterType,
            Supplier<Conv2dOptions> options, TfForm form, Raw raw) {
        @Override
        public String toString() {
            return rule;
        }
    }

    private static int[] s(int... v) {
        return v;
    }

    private static long[] l(long... v) {
        return v;
    }

    private static Invalid bad(String rule, String tfMessage, int[] input, int[] filter, Supplier<Conv2dOptions> options) {
        return new Invalid(rule, tfMessage, input, F32, filter, F32, options, TfForm.SAME_REQUEST, null);
    }

    private static Invalid raw(String rule, String tfMessage, int[] input, int[] filter, Supplier<Conv2dOptions> options,
            Raw raw) {
        return new Invalid(rule, tfMessage, input, F32, filter, F32, options, TfForm.RAW, raw);
    }

    private static Invalid python(String rule, String tfMessage, int[] input, int[] filter,
            Supplier<Conv2dOptions> options) {
        return new Invalid(rule, tfMessage, input, F32, filter, F32, options, TfForm.PYTHON_ONLY, null);
    }

    private static Supplier<Conv2dOptions> strides(int... v) {
        return () -> Conv2dOptions.builder().strides(v).build();
    }

    private static Supplier<Conv2dOptions> opts(Conv2dOptions.Builder b) {
        return b::build;
    }

    private static final String EQUAL_STRIDES =
            "Current implementation only supports equal length strides in the row and column dimensions.";
    private static final String STRIDES_NC = "Current implementation does not yet support strides in the batch and depth dimensions.";
    private static final String DEPTH = "input and filter must have the same depth: ";

    static final List<Invalid> INVALID = List.of(
            // dw_unequal_strides
            bad("unequal strides (4-number form)", EQUAL_STRIDES, s(1, 4, 4, 2), s(2, 2, 2, 1), strides(1, 1, 2, 1)),
            raw("unequal strides (2-number form)", EQUAL_STRIDES, s(1, 4, 4, 2), s(2, 2, 2, 1), strides(2, 1),
                    new Raw(l(1, 2, 1, 1), "VALID", null, "NHWC")),
            bad("unequal strides NCHW", EQUAL_STRIDES, s(1, 2, 4, 4), s(2, 2, 2, 1),
                    opts(Conv2dOptions.builder().strides(1, 1, 1, 2).dataFormat(DataFormat.NCHW))),
            // dw_stride_batch
            bad("stride in batch != 1", STRIDES_NC, s(1, 4, 4, 2), s(2, 2, 2, 1), strides(2, 1, 1, 1)),
            bad("stride in depth != 1 (NHWC)", STRIDES_NC, s(1, 4, 4, 2), s(2, 2, 2, 1), strides(1, 1, 1, 2)),
            bad("stride in depth != 1 (NCHW)", STRIDES_NC, s(1, 2, 4, 4), s(2, 2, 2, 1),
                    opts(Conv2dOptions.builder().strides(1, 3, 1, 1).dataFormat(DataFormat.NCHW))),
            bad("unequal strides are reported before batch strides", EQUAL_STRIDES, s(1, 4, 4, 2), s(2, 2, 2, 1),
                    strides(2, 1, 2, 1)),
            bad("stride 0 in one dimension: unequal", EQUAL_STRIDES, s(1, 4, 4, 2), s(2, 2, 2, 1), strides(1, 0, 1, 1)),
            bad("stride 0", "Stride must be > 0, but got 0", s(1, 4, 4, 2), s(2, 2, 2, 1), strides(0)),
            bad("stride -1", "Stride must be > 0, but got -1", s(1, 4, 4, 2), s(2, 2, 2, 1), strides(-1, -1)),
            raw("strides of length 3", "Sliding window strides field must specify 4 dimensions", s(1, 4, 4, 2),
                    s(2, 2, 2, 1), strides(1, 1, 1), new Raw(l(1, 1, 1), "VALID", null, "NHWC")),
            // dw_depth_mismatch
            bad("depth mismatch", DEPTH + "2 vs 3", s(1, 4, 4, 2), s(2, 2, 3, 1), opts(Conv2dOptions.builder())),
            bad("depth mismatch, filter depth divides the input's (no groups here)", DEPTH + "4 vs 2", s(1, 4, 4, 4),
                    s(2, 2, 2, 1), opts(Conv2dOptions.builder())),
            bad("depth mismatch NCHW", DEPTH + "3 vs 2", s(1, 3, 4, 4), s(2, 2, 2, 1),
                    opts(Conv2dOptions.builder().dataFormat(DataFormat.NCHW))),
            bad("input rank 3", "input must be 4-dimensional[4,4,1]", s(4, 4, 1), s(2, 2, 1, 1), opts(Conv2dOptions.builder())),
            bad("filter rank 3", "filter must be 4-dimensional: [2,2,1]", s(1, 4, 4, 1), s(2, 2, 1),
                    opts(Conv2dOptions.builder())),
            bad("filter rank 5", "filter must be 4-dimensional: [2,2,1,1,1]", s(1, 4, 4, 1), s(2, 2, 1, 1, 1),
                    opts(Conv2dOptions.builder())),
            new Invalid("dtypes differ", "cannot compute DepthwiseConv2dNative as input #1(zero-based) was expected to be a "
                    + "float tensor but is a double tensor", s(1, 4, 4, 2), F32, s(2, 2, 2, 1), F64,
                    opts(Conv2dOptions.builder()), TfForm.SAME_REQUEST, null),
            raw("nonzero explicit padding in batch", "Nonzero explicit padding in the batch or depth dimensions is not supported",
                    s(1, 4, 4, 2), s(2, 2, 2, 1), opts(Conv2dOptions.builder().padding(Padding.explicit(1, 0, 0, 0, 0, 0, 0, 0))),
                    new Raw(l(1, 1, 1, 1), "EXPLICIT", l(1, 0, 0, 0, 0, 0, 0, 0), "NHWC")),
            bad("negative output size", "Computed output size would be negative: -1 [input_size: 1, effective_filter_size: 3, "
                    + "stride: 1]", s(1, 1, 4, 2), s(3, 2, 2, 1), opts(Conv2dOptions.builder())),
            bad("negative output size with a dilation", "Computed output size would be negative: -1 [input_size: 3, "
                    + "effective_filter_size: 5, stride: 1]", s(1, 3, 4, 2), s(3, 2, 2, 1),
                    opts(Conv2dOptions.builder().dilations(2, 1))),
            // order of checks
            bad("rank before depth", "input must be 4-dimensional[4,4,3]", s(4, 4, 3), s(2, 2, 2, 1),
                    opts(Conv2dOptions.builder())),
            bad("depth before output size", DEPTH + "3 vs 2", s(1, 1, 4, 3), s(3, 2, 2, 1), opts(Conv2dOptions.builder())),
            bad("output size before an empty multiplier", "Computed output size would be negative: -1 [input_size: 1, "
                    + "effective_filter_size: 3, stride: 1]", s(1, 1, 4, 2), s(3, 2, 2, 0), opts(Conv2dOptions.builder())),
            bad("strides before shapes", EQUAL_STRIDES, s(4, 4, 3), s(2, 2, 2, 1), strides(1, 2)),
            // The Python wrapper's rule for the dilations it computes through space_to_batch.
            python("dilation 0", "`dilation_rate` must be positive.", s(1, 4, 4, 2), s(2, 2, 2, 1),
                    opts(Conv2dOptions.builder().dilations(0, 1))),
            python("dilation -1", "`dilation_rate` must be positive.", s(1, 4, 4, 2), s(2, 2, 2, 1),
                    opts(Conv2dOptions.builder().dilations(-1))),
            // conv2d's rule for the 4-number form (tf.nn.depthwise_conv2d takes 2 numbers only)
            python("dilation in batch != 1", "Current implementation does not yet support dilations in the batch and depth "
                    + "dimensions.", s(1, 4, 4, 2), s(2, 2, 2, 1), opts(Conv2dOptions.builder().dilations(2, 1, 1, 1))));

    static Stream<Invalid> invalid() {
        return INVALID.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidRequestIsRejectedWithTensorFlowsMessage(Invalid c) {
        String tfReported = c.tfMessage();
        if (c.form() != TfForm.PYTHON_ONLY) {
            Tensor input = TfOracle.random(c.inputType(), 1, c.input());
            Tensor filter = TfOracle.random(c.filterType(), 2, c.filter());
            TfOracle.Rejected rejected = assertThrows(TfOracle.Rejected.class, () -> {
                if (c.form() == TfForm.RAW) {
                    tf.rawDepthwise(input, filter, c.raw().strides(), c.raw().padding(), c.raw().explicitPaddings(), null,
                            c.raw().dataFormat());
                } else {
                    tf.depthwise(input, filter, c.options().get());
                }
            }, "TensorFlow accepted it");
            tfReported = rejected.getMessage();
            assertEquals(c.tfMessage(), tfReported, "TensorFlow's message is not the documented one");
        }
        String message = tfReported;
        Tensor input = TfOracle.random(c.inputType(), 1, c.input());
        Tensor filter = TfOracle.random(c.filterType(), 2, c.filter());
        for (Algorithm algorithm : Algorithm.values()) {
            Conv2dOptions options = c.options().get().toBuilder().algorithm(algorithm).build();
            Tensor output = nans(c.inputType(), 1, 1, 1, 1);
            assertMessage(message, assertThrows(IllegalArgumentException.class,
                    () -> DepthwiseConv2d.depthwiseConv2d(input, filter, options, output)));
            assertUntouched(output);
            assertMessage(message, assertThrows(IllegalArgumentException.class,
                    () -> DepthwiseConv2d.depthwiseConv2d(input, filter, options)));
            // The same depthwise stage inside separable_conv2d, with a valid pointwise filter.
            int channels = c.filter().length == 4 ? c.filter()[2] * c.filter()[3] : 1;
            Tensor pointwise = TfOracle.random(c.filterType(), 3, 1, 1, Math.max(1, channels), 2);
            assertMessage(message, assertThrows(IllegalArgumentException.class,
                    () -> SeparableConv2d.separableConv2d(input, filter, pointwise, options)));
        }
        if (c.inputType() == c.filterType()) {
            assertMessage(message, assertThrows(IllegalArgumentException.class,
                    () -> DepthwiseConv2d.plan(c.input(), filter, c.options().get())));
            assertMessage(message, assertThrows(IllegalArgumentException.class,
                    () -> DepthwiseConv2d.outputShape(c.input(), c.filter(), c.options().get())));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Requests TF accepts with empty or zero results, and what TF's CPU kernel refuses
    // ------------------------------------------------------------------------------------------

    /** A request TF accepts; {@code tfShape} is the shape TF 2.18 gives (checked against TF too). */
    record Edge(String name, int[] input, int[] filter, Conv2dOptions options, int[] tfShape) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Edge edge(String name, int[] input, int[] filter, Conv2dOptions.Builder options, int[] tfShape) {
        return new Edge(name, input, filter, options.build(), tfShape);
    }

    static Stream<Edge> edges() {
        Conv2dOptions.Builder same = Conv2dOptions.builder().padding(Padding.SAME);
        Conv2dOptions.Builder valid = Conv2dOptions.builder();
        return Stream.of(
                edge("filter window of height 0, SAME: zeros", s(1, 4, 4, 2), s(0, 2, 2, 1), same, s(1, 4, 4, 2)),
                edge("filter window of height 0, VALID: (4-0+1) rows of zeros", s(1, 4, 4, 2), s(0, 2, 2, 1), valid,
                        s(1, 5, 3, 2)),
                edge("filter window 0x0, VALID", s(1, 2, 2, 1), s(0, 0, 1, 1), valid, s(1, 3, 3, 1)),
                edge("multiplier 0: empty output", s(1, 4, 4, 2), s(2, 2, 2, 0), valid, s(1, 3, 3, 0)),
                edge("zero channels: empty output", s(1, 4, 4, 0), s(2, 2, 0, 1), valid, s(1, 3, 3, 0)),
                edge("empty batch", s(0, 4, 4, 2), s(2, 2, 2, 1), valid, s(0, 3, 3, 2)),
                edge("empty height, SAME", s(1, 0, 4, 2), s(2, 2, 2, 1), same, s(1, 0, 4, 2)),
                edge("VALID window taller than the input: empty output", s(1, 2, 4, 2), s(3, 2, 2, 1), valid, s(1, 0, 3, 2)),
                edge("only padding: zeros", s(1, 0, 2, 1), s(1, 1, 1, 1),
                        Conv2dOptions.builder().padding(Padding.explicit(1, 1, 1, 1)), s(1, 2, 4, 1)),
                // dw_same_stride2_mult3 and dw_explicit of Appendix A
                edge("dw_same_stride2_mult3", s(2, 5, 5, 2), s(3, 3, 2, 3), same.strides(2), s(2, 3, 3, 6)),
                edge("dw_explicit", s(1, 4, 4, 2), s(2, 2, 2, 2),
                        Conv2dOptions.builder().padding(Padding.explicit(0, 0, 1, 1, 0, 1, 0, 0)), s(1, 5, 4, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    void acceptedEdgeMatchesTensorFlow(Edge e) {
        for (DType dtype : new DType[] {F32, F64}) {
            Tensor input = TfOracle.arange(dtype, e.input());
            Tensor filter = TfOracle.arange(dtype, e.filter());
            Tensor expected = tf.depthwise(input, filter, e.options());
            assertArrayEquals(e.tfShape(), expected.shape(), "TF's shape");
            assertArrayEquals(e.tfShape(), DepthwiseConv2d.outputShape(e.input(), e.filter(), e.options()));
            for (Algorithm algorithm : Algorithm.values()) {
                Tensor ours = DepthwiseAgainstTensorFlowTest.conv4j(input, filter, e.options(), algorithm);
                if (ours != null) {
                    assertArrayEquals(e.tfShape(), ours.shape(), algorithm + ": shape");
                    assertEquals(0.0, TfOracle.relativeError(ours, expected), algorithm + ": values");
                }
            }
        }
    }

    /**
     * dw_dilation_native and dw_nchw_cpu: TF's CPU kernel refuses them (the texts are checked
     * here), TF computes them elsewhere (space_to_batch, GPU), and so does conv4j.
     */
    @Test
    void whatTheCpuKernelRefusesIsComputed() {
        Tensor x = TfOracle.arange(F32, 1, 4, 4, 2);
        Tensor f = TfOracle.arange(F32, 2, 2, 2, 2);
        TfOracle.Rejected dilation = assertThrows(TfOracle.Rejected.class,
                () -> tf.rawDepthwise(x, f, l(1, 1, 1, 1), "VALID", null, l(1, 2, 2, 1), "NHWC"));
        assertEquals("Current kernel implementation does not support dilations, received [1 2 2 1]", dilation.getMessage());
        Conv2dOptions dilated = Conv2dOptions.builder().dilations(2).padding(Padding.SAME).build();
        Tensor ours = DepthwiseConv2d.depthwiseConv2d(x, f, dilated);
        assertEquals(0.0, TfOracle.relativeError(ours, tf.depthwiseViaSpaceToBatch(x, f, Padding.SAME, 2, 2)));

        Tensor nchw = TfOracle.arange(F32, 1, 2, 3, 4);
        TfOracle.Rejected format = assertThrows(TfOracle.Rejected.class,
                () -> tf.rawDepthwise(nchw, f, l(1, 1, 1, 1), "VALID", null, null, "NCHW"));
        assertEquals("Depthwise convolution on CPU is only supported for NHWC format", format.getMessage());
        Conv2dOptions nchwOptions = Conv2dOptions.builder().dataFormat(DataFormat.NCHW).build();
        Tensor viaTransposes = tf.depthwise(nchw, f, nchwOptions);
        assertArrayEquals(s(1, 4, 2, 3), viaTransposes.shape());
        assertEquals(0.0, TfOracle.relativeError(DepthwiseConv2d.depthwiseConv2d(nchw, f, nchwOptions), viaTransposes));
    }

    // ------------------------------------------------------------------------------------------
    // separable_conv2d
    // ------------------------------------------------------------------------------------------

    /**
     * The Python wrapper checks the pointwise filter's shape first (nn_impl.separable_conv2d:
     * {@code with_rank(4)}, then {@code dims[0]} and {@code dims[1]} compatible with 1), before
     * the depthwise op runs.
     */
    @Test
    void separablePointwiseShapeIsCheckedFirst() {
        Tensor x = TfOracle.random(F32, 1, 1, 4, 4, 2);
        Tensor badDepthwise = TfOracle.random(F32, 2, 2, 2, 3, 1); // depth 3 vs 2
        Tensor dw = TfOracle.random(F32, 2, 2, 2, 2, 3);
        Conv2dOptions o = Conv2dOptions.DEFAULTS;
        assertMessage("Shape (1, 1, 6) must have rank 4", assertThrows(IllegalArgumentException.class,
                () -> SeparableConv2d.separableConv2d(x, badDepthwise, TfOracle.random(F32, 3, 1, 1, 6), o)));
        assertMessage("Shape (1, 1, 6, 2, 1) must have rank 4", assertThrows(IllegalArgumentException.class,
                () -> SeparableConv2d.separableConv2d(x, dw, TfOracle.random(F32, 3, 1, 1, 6, 2, 1), o)));
        assertMessage("Dimensions 2 and 1 are not compatible", assertThrows(IllegalArgumentException.class,
                () -> SeparableConv2d.separableConv2d(x, badDepthwise, TfOracle.random(F32, 3, 2, 1, 6, 4), o)));
        assertMessage("Dimensions 3 and 1 are not compatible", assertThrows(IllegalArgumentException.class,
                () -> SeparableConv2d.plan(s(1, 4, 4, 2), dw, TfOracle.random(F32, 3, 1, 3, 6, 4), o)));
        assertMessage(DEPTH + "2 vs 3", assertThrows(IllegalArgumentException.class,
                () -> SeparableConv2d.separableConv2d(x, badDepthwise, TfOracle.random(F32, 3, 1, 1, 3, 4), o)));
    }

    /** The pointwise stage is TF's Conv2D: its checks and texts, asked of TF itself. */
    @Test
    void separablePointwiseStageIsConv2d() {
        Tensor x = TfOracle.random(F32, 1, 1, 5, 5, 2);
        Tensor dw = TfOracle.random(F32, 2, 3, 3, 2, 3); // C*M = 6
        Conv2dOptions same = Conv2dOptions.builder().padding(Padding.SAME).build();
        for (Tensor pw : new Tensor[] {TfOracle.random(F32, 3, 1, 1, 4, 5), TfOracle.random(F64, 3, 1, 1, 6, 5),
            TfOracle.random(F32, 3, 1, 1, 3, 5)}) {
            TfOracle.Rejected rejected = assertThrows(TfOracle.Rejected.class, () -> tf.separable(x, dw, pw, same));
            Tensor output = nans(F32, 1, 5, 5, 5);
            assertMessage(rejected.getMessage(), assertThrows(IllegalArgumentException.class,
                    () -> SeparableConv2d.separableConv2d(x, dw, pw, same, output)));
            assertUntouched(output);
        }
        // 6 channels into a [1, 1, 3, 4] filter: TF's Conv2D makes it a grouped conv (2 groups).
        Tensor grouped = TfOracle.random(F32, 4, 1, 1, 3, 4);
        Tensor expected = tf.separable(x, dw, grouped, same);
        Tensor ours = SeparableConv2d.separableConv2d(x, dw, grouped, same);
        assertArrayEquals(expected.shape(), ours.shape());
        assertTrue(TfOracle.relativeError(ours, expected) <= 1e-5);
    }

    @Test
    void planRejectsAnotherInputAndReusesItsBuffers() {
        Tensor dw = TfOracle.random(F32, 7, 3, 3, 4, 2);
        Tensor pw = TfOracle.random(F32, 8, 1, 1, 8, 5);
        ConvPlan plan = SeparableConv2d.plan(s(2, 9, 7, 4), dw, pw, Conv2dOptions.builder().padding(Padding.SAME).build());
        assertArrayEquals(s(2, 9, 7, 5), plan.outputShape());
        assertThrows(IllegalArgumentException.class, () -> plan.execute(TfOracle.random(F32, 9, 2, 9, 7, 3)));
        Tensor x = TfOracle.random(F32, 9, 2, 9, 7, 4);
        Tensor first = plan.execute(x);
        Tensor again = Tensor.zeros(F32, plan.outputShape());
        plan.execute(x, again);
        assertArrayEquals(first.floats(), again.floats(), "a reused plan (and its intermediate) gives the same bits");
        ConvPlan depthwise = DepthwiseConv2d.plan(s(2, 9, 7, 4), dw, Conv2dOptions.DEFAULTS);
        assertArrayEquals(s(2, 7, 5, 8), depthwise.outputShape());
        assertThrows(IllegalArgumentException.class, () -> depthwise.execute(TfOracle.random(F64, 9, 2, 9, 7, 4)));
        assertTrue(plan.describe().startsWith("separable_conv2d: depthwise_conv2d "), plan.describe());
        assertTrue(depthwise.describe().startsWith("depthwise_conv2d "), depthwise.describe());
    }

    // ------------------------------------------------------------------------------------------

    private static void assertMessage(String expectedPart, IllegalArgumentException e) {
        assertTrue(String.valueOf(e.getMessage()).contains(expectedPart),
                "conv4j's message \"" + e.getMessage() + "\" does not contain TensorFlow's \"" + expectedPart + "\"");
    }

    private static Tensor nans(DType dtype, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        if (dtype == F32) {
            Arrays.fill(t.floats(), Float.NaN);
        } else {
            Arrays.fill(t.doubles(), Double.NaN);
        }
        return t;
    }

    private static void assertUntouched(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            assertTrue(Double.isNaN(t.getDouble(i)), "the output was written before the request was rejected");
        }
    }
}
