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
import org.conv4j.Conv2dBackpropFilter;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.FilterGradientPlan;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * conv4j's {@code conv2d_backprop_filter} validation against TensorFlow's CPU kernel
 * ({@code Conv2DCustomBackpropFilterOp}, TF 2.18; tf-conv-semantics.md §10 and the
 * {@code bpf_*} rows of Appendix A).
 *
 * <p>For every invalid request TF itself runs it and must reject it with exactly the text given
 * here, and conv4j must throw {@link IllegalArgumentException} containing that text from every
 * entry point, before writing anything. The requests TF's CPU kernel refuses but conv4j
 * computes (dilations, NCHW, groups) must be refused by TF with its documented message and
 * computed by conv4j (values from the loops, and the literals the oneDNN build of TF gives).
 */
class Conv2dBackpropFilterValidationTest {
    private static final DType F32 = DType.FLOAT32;
    private static final DType F64 = DType.FLOAT64;
    private static final String LABEL = "Conv2DCustomBackpropFilter: ";

    private static TfOracle tf;

    @BeforeAll
    static void startTensorFlow() {
        tf = new TfOracle();
    }

    @AfterAll
    static void stopTensorFlow() {
        tf.close();
    }

    /** How TF is asked the same question. */
    private enum TfForm {
        /** {@link TfOracle#conv2dBackpropFilter} with the same options. */
        SAME_REQUEST,
        /**
         * The raw op with these explicit_paddings: conv4j refuses them when the {@link Padding}
         * is made, so there are no options to translate.
         */
        RAW_PADDING,
        /** A rule of Python's wrappers (conv4j takes their 1-, 2- or 4-number forms). */
        PYTHON_ONLY
    }

    /** One invalid request, TF's message for it, and the text conv4j's message must contain. */
    record Invalid(String rule, String tfMessage, String conv4jMessage, int[] input, DType inputType, int[] filterSizes,
            int[] outBackprop, DType outBackpropType, Supplier<Conv2dOptions> options, TfForm form, long[] rawPaddings) {
        @Override
        public String toString() {
            return rule;
        }
    }

    private static int[] s(int... v) {
        return v;
    }

    /** A request TF rejects with {@code message}, which conv4j's message must contain. */
    private static Invalid bad(String rule, String message, int[] input, int[] filterSizes, int[] outBackprop,
            Conv2dOptions.Builder options) {
        Conv2dOptions built = options.build();
        return new Invalid(rule, message, message, input, F32, filterSizes, outBackprop, F32, () -> built,
                TfForm.SAME_REQUEST, null);
    }

    /** An explicit padding conv4j refuses when it is made; TF gets the raw attribute. */
    private static Invalid badPadding(String rule, String message, Supplier<Padding> padding, long... raw) {
        return new Invalid(rule, message, message, IN, F32, FS, DY, F32, () -> opts().padding(padding.get()).build(),
                TfForm.RAW_PADDING, raw);
    }

    private static Invalid own(String rule, String tfMessage, String conv4jMessage, int[] input, DType inputType,
            int[] filterSizes, int[] outBackprop, DType outBackpropType, Conv2dOptions.Builder options, TfForm form) {
        Conv2dOptions built = options.build();
        return new Invalid(rule, tfMessage, conv4jMessage, input, inputType, filterSizes, outBackprop, outBackpropType,
                () -> built, form, null);
    }

    private static Conv2dOptions.Builder opts() {
        return Conv2dOptions.builder();
    }

    private static final String STRIDES_POSITIVE = "Row and column strides should be larger than 0.";
    private static final String STRIDES_NC = "Current implementation does not yet support strides in the batch and depth dimensions.";
    private static final String DILATIONS_NC =
            "Current implementation does not yet support dilations in the batch and depth dimensions.";
    private static final String DILATION_CPU = "Current CPU implementations do not yet support dilation rates larger than 1.";
    private static final String PADDING_NONNEGATIVE = "All elements of explicit_paddings must be nonnegative";
    private static final String PADDING_NC = "Nonzero explicit padding in the batch or depth dimensions is not supported";
    private static final int[] IN = {1, 4, 4, 1};
    private static final int[] FS = {2, 2, 1, 1};
    private static final int[] DY = {1, 3, 3, 1};

    static final List<Invalid> INVALID = List.of(
            // attributes, in the kernel constructor's order: strides, padding, dilations
            bad("stride 0", STRIDES_POSITIVE, IN, FS, DY, opts().strides(0)),
            bad("stride -1 in W (2-number form)", STRIDES_POSITIVE, IN, FS, DY, opts().strides(1, -1)),
            bad("stride in batch", STRIDES_NC, IN, FS, DY, opts().strides(2, 1, 1, 1)),
            bad("stride in depth (NCHW)", STRIDES_NC, s(1, 1, 4, 4), FS, s(1, 1, 3, 3),
                    opts().strides(1, 2, 1, 1).dataFormat(DataFormat.NCHW)),
            badPadding("bpf_explicit_negative", PADDING_NONNEGATIVE, () -> Padding.explicit(0, 0, 0, 0, 0, -1, 0, 0),
                    0, 0, 0, 0, 0, -1, 0, 0),
            badPadding("explicit padding negative (4 values)", PADDING_NONNEGATIVE, () -> Padding.explicit(-1, 0, 0, 0),
                    0, 0, -1, 0, 0, 0, 0, 0),
            badPadding("explicit padding with 6 values", "explicit_paddings attribute must contain 8 values, but got: 6",
                    () -> Padding.explicit(0, 0, 1, 1, 1, 1), 0, 0, 1, 1, 1, 1),
            bad("explicit padding in batch", PADDING_NC, IN, FS, DY, opts().padding(Padding.explicit(1, 0, 0, 0, 0, 0, 0, 0))),
            bad("explicit padding in depth (NCHW)", PADDING_NC, s(1, 1, 4, 4), FS, s(1, 1, 3, 3),
                    opts().padding(Padding.explicit(0, 0, 0, 1, 0, 0, 0, 0)).dataFormat(DataFormat.NCHW)),
            bad("dilation in batch", DILATIONS_NC, IN, FS, DY, opts().dilations(2, 1, 1, 1)),
            bad("dilation in depth", DILATIONS_NC, IN, FS, DY, opts().dilations(1, 1, 1, 2)),
            bad("order: stride 0 before dilation 2", STRIDES_POSITIVE, IN, FS, DY, opts().strides(1, 0, 1, 1).dilations(2)),
            new Invalid("order: padding before dilation 2", PADDING_NONNEGATIVE, PADDING_NONNEGATIVE, IN, F32, FS, DY, F32,
                    () -> opts().dilations(2).padding(Padding.explicit(0, 0, -1, 0, 0, 0, 0, 0)).build(), TfForm.RAW_PADDING,
                    new long[] {0, 0, -1, 0, 0, 0, 0, 0}),
            // dtypes, before any shape
            new Invalid("float32 input, float64 out_backprop",
                    "cannot compute Conv2DBackpropFilter as input #2(zero-based) was expected to be a float tensor but is a double tensor",
                    "cannot compute Conv2DBackpropFilter as input #2(zero-based) was expected to be a float tensor but is a double tensor",
                    IN, F32, FS, DY, F64, () -> opts().build(), TfForm.SAME_REQUEST, null),
            new Invalid("float64 input, float32 out_backprop",
                    "cannot compute Conv2DBackpropFilter as input #2(zero-based) was expected to be a double tensor but is a float tensor",
                    "cannot compute Conv2DBackpropFilter as input #2(zero-based) was expected to be a double tensor but is a float tensor",
                    IN, F64, FS, DY, F32, () -> opts().build(), TfForm.SAME_REQUEST, null),
            new Invalid("order: dtype before a rank-3 input",
                    "cannot compute Conv2DBackpropFilter as input #2(zero-based) was expected to be a float tensor but is a double tensor",
                    "cannot compute Conv2DBackpropFilter as input #2(zero-based) was expected to be a float tensor but is a double tensor",
                    s(4, 4, 1), F32, FS, DY, F64, () -> opts().build(), TfForm.SAME_REQUEST, null),
            // filter_sizes as a shape
            bad("filter_sizes with a negative entry", "Dimension -1 must be >= 0", IN, s(2, -1, 1, 1), DY, opts()),
            bad("order: negative filter size before a rank-3 input", "Dimension -2 must be >= 0", s(4, 4, 1), s(2, -2, 1, 1),
                    DY, opts()),
            bad("filter_sizes of 3 values", LABEL + "filter must be 4-dimensional", IN, s(2, 2, 1), DY, opts()),
            bad("filter_sizes of 5 values", LABEL + "filter must be 4-dimensional", IN, s(2, 2, 1, 1, 1), DY, opts()),
            // ConvBackpropComputeDimensionsV2
            bad("input rank 3", LABEL + "input must be 4-dimensional", s(4, 4, 1), FS, DY, opts()),
            bad("input rank 5", LABEL + "input must be 4-dimensional", s(1, 1, 4, 4, 1), FS, DY, opts()),
            bad("out_backprop rank 3", LABEL + "out_backprop must be 4-dimensional", IN, FS, s(3, 3, 1), opts()),
            bad("bpf_batch_mismatch", LABEL + "input and out_backprop must have the same batch size. Input batch: 2, "
                    + "outbackprop batch: 1, batch_dim: 0", s(2, 4, 4, 1), FS, DY, opts()),
            bad("batch mismatch (NCHW)", LABEL + "input and out_backprop must have the same batch size. Input batch: 1, "
                    + "outbackprop batch: 3, batch_dim: 0", s(1, 1, 4, 4), FS, s(3, 1, 3, 3), opts().dataFormat(DataFormat.NCHW)),
            bad("order: batch before depth", LABEL + "input and out_backprop must have the same batch size. Input batch: 2, "
                    + "outbackprop batch: 1, batch_dim: 0", s(2, 4, 4, 3), s(2, 2, 2, 1), DY, opts()),
            bad("filter depth 0", LABEL + "filter depth must be strictly greated than zero", IN, s(2, 2, 0, 1), DY, opts()),
            bad("input depth not a multiple of filter depth", LABEL + "input depth must be evenly divisible by filter depth",
                    s(1, 4, 4, 3), s(2, 2, 2, 1), DY, opts()),
            bad("out depth differs from out_backprop's", LABEL + "filter and out_backprop must have the same out_depth", IN,
                    s(2, 2, 1, 2), DY, opts()),
            bad("out depth differs (NCHW)", LABEL + "filter and out_backprop must have the same out_depth", s(1, 1, 4, 4),
                    s(2, 2, 1, 3), s(1, 2, 3, 3), opts().dataFormat(DataFormat.NCHW)),
            bad("out_backprop height", LABEL + "Size of out_backprop doesn't match computed: actual = 2, computed = 3 "
                    + "spatial_dim: 1 input: 4 filter: 2 output: 2 stride: 1 dilation: 1", IN, FS, s(1, 2, 3, 1), opts()),
            bad("out_backprop width", LABEL + "Size of out_backprop doesn't match computed: actual = 2, computed = 3 "
                    + "spatial_dim: 2 input: 4 filter: 2 output: 2 stride: 1 dilation: 1", IN, FS, s(1, 3, 2, 1), opts()),
            bad("out_backprop width, SAME stride 2", LABEL + "Size of out_backprop doesn't match computed: actual = 3, "
                    + "computed = 2 spatial_dim: 2 input: 4 filter: 2 output: 3 stride: 2 dilation: 1", IN, FS,
                    s(1, 2, 3, 1), opts().strides(2).padding(Padding.SAME)),
            bad("out_backprop is the input-sized gradient", LABEL + "Size of out_backprop doesn't match computed: actual = 4, "
                    + "computed = 3 spatial_dim: 1 input: 4 filter: 2 output: 4 stride: 1 dilation: 1", IN, FS, s(1, 4, 4, 1),
                    opts()),
            bad("negative output size", "Computed output size would be negative: -1 [input_size: 1, effective_filter_size: 3, "
                    + "stride: 1]", s(1, 1, 1, 1), s(3, 3, 1, 1), s(1, 1, 1, 1), opts()),
            bad("order: negative height before the width mismatch", "Computed output size would be negative: -1 [input_size: 1, "
                    + "effective_filter_size: 3, stride: 1]", s(1, 1, 4, 1), s(3, 2, 1, 1), s(1, 1, 2, 1), opts()),
            bad("input depth 0", "filter_size does not have enough elements, requested 0, got 4", s(1, 4, 4, 0), FS, DY, opts()),
            // Python's forms: conv4j takes 1, 2 or 4 numbers (TF's raw op: "Sliding window strides
            // field must specify 4 dimensions").
            own("strides of length 3", null, "strides should be of length 1, 2 or 4", IN, F32, FS, DY, F32,
                    opts().strides(1, 1, 1), TfForm.PYTHON_ONLY),
            own("dilations of length 5", null, "dilations should be of length 1, 2 or 4", IN, F32, FS, DY, F32,
                    opts().dilations(1, 1, 1, 1, 1), TfForm.PYTHON_ONLY),
            // TF's CPU kernel says "larger than 1" for a dilation of 0, as for 2; conv4j computes
            // dilations > 1, so it says what TF's generic kernel (Conv2DBackpropFilterOp) says.
            own("dilation 0", DILATION_CPU, "Dilated rates should be larger than 0.", IN, F32, FS, DY, F32,
                    opts().dilations(0), TfForm.SAME_REQUEST),
            // TF's CPU kernel has no groups (its message counts the filter as if KC were C); conv4j
            // computes groups and needs whole groups of output channels, in conv2d's words.
            own("groups that do not divide the output channels",
                    "filter_size does not have enough elements, requested 48, got 24",
                    "output depth must be evenly divisible by number of groups: 3 vs 2", s(1, 4, 4, 4), F32, s(2, 2, 2, 3),
                    s(1, 3, 3, 3), F32, opts(), TfForm.SAME_REQUEST));

    static Stream<Invalid> invalid() {
        return INVALID.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidRequestIsRejectedWithTensorFlowsMessage(Invalid c) {
        Tensor input = TfOracle.random(c.inputType(), 1, c.input());
        Tensor dy = TfOracle.random(c.outBackpropType(), 2, c.outBackprop());
        if (c.form() != TfForm.PYTHON_ONLY) {
            TfOracle.Rejected rejected = assertThrows(TfOracle.Rejected.class, () -> {
                if (c.form() == TfForm.RAW_PADDING) {
                    tf.rawConv2dBackpropFilter(input, c.filterSizes(), dy, new long[] {1, 1, 1, 1}, "EXPLICIT", c.rawPaddings(),
                            c.rule().contains("dilation") ? new long[] {1, 2, 2, 1} : null, "NHWC");
                } else {
                    tf.conv2dBackpropFilter(input, c.filterSizes(), dy, c.options().get());
                }
            }, "TensorFlow accepted it");
            assertEquals(c.tfMessage(), rejected.getMessage(), "TensorFlow's message is not the documented one");
        }
        for (Algorithm algorithm : Algorithm.values()) {
            assertMessage(c.conv4jMessage(), assertThrows(IllegalArgumentException.class,
                    () -> Conv2dBackpropFilter.conv2dBackpropFilter(input, c.filterSizes(), dy,
                            c.options().get().toBuilder().algorithm(algorithm).build())));
        }
        if (c.inputType() == c.outBackpropType()) {
            assertMessage(c.conv4jMessage(), assertThrows(IllegalArgumentException.class, () -> Conv2dBackpropFilter.plan(
                    c.input(), c.filterSizes(), c.outBackprop(), c.inputType(), c.options().get())));
        }
    }

    // ------------------------------------------------------------------------------------------
    // What TF's CPU kernel refuses and conv4j computes (Appendix A: bpf_dilation_cpu,
    // bpf_nchw_cpu, bpf_grouped; inputs arange(1..N)). The literals are the oneDNN build's.
    // ------------------------------------------------------------------------------------------

    record Computed(String probe, String tfMessage, int[] input, int[] filterSizes, int[] outBackprop,
            Conv2dOptions options, double[] first) {
        @Override
        public String toString() {
            return probe;
        }
    }

    static Stream<Computed> computed() {
        return Stream.of(
                new Computed("bpf_dilation_cpu", DILATION_CPU, s(1, 4, 4, 1), s(2, 2, 1, 1), s(1, 2, 2, 1),
                        opts().dilations(2).build(), new double[] {44, 64, 124, 144}),
                new Computed("bpf_nchw_cpu", "Conv2DCustomBackpropFilterOp only supports NHWC.", s(1, 1, 4, 4), s(2, 2, 1, 1),
                        s(1, 1, 3, 3), opts().dataFormat(DataFormat.NCHW).build(), new double[] {348, 393, 528, 573}),
                new Computed("bpf_grouped", "filter_size does not have enough elements, requested 64, got 32", s(1, 4, 4, 4),
                        s(2, 2, 2, 4), s(1, 3, 3, 4), opts().build(), new double[] {4461, 4650, 5181, 5388}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("computed")
    void refusedByTensorFlowsCpuKernelButComputed(Computed c) {
        for (DType dtype : new DType[] {F32, F64}) {
            Tensor input = TfOracle.arange(dtype, c.input());
            Tensor dy = TfOracle.arange(dtype, c.outBackprop());
            // The raw op as given: TF's CPU kernel refuses it.
            boolean nchw = c.options().dataFormat() == DataFormat.NCHW;
            long[] dilations = c.options().dilations()[0] == 2 ? new long[] {1, 2, 2, 1} : null;
            TfOracle.Rejected rejected = assertThrows(TfOracle.Rejected.class, () -> tf.rawConv2dBackpropFilter(input,
                    c.filterSizes(), dy, new long[] {1, 1, 1, 1}, "VALID", null, dilations, nchw ? "NCHW" : "NHWC"));
            assertEquals(c.tfMessage(), rejected.getMessage());
            Tensor reference = Conv2dBackpropFilter.conv2dBackpropFilter(input, c.filterSizes(), dy,
                    c.options().toBuilder().algorithm(Algorithm.REFERENCE).build());
            for (Algorithm algorithm : new Algorithm[] {Algorithm.AUTO, Algorithm.GEMM, Algorithm.REFERENCE}) {
                Tensor ours = Conv2dBackpropFilter.conv2dBackpropFilter(input, c.filterSizes(), dy,
                        c.options().toBuilder().algorithm(algorithm).build());
                assertArrayEquals(c.filterSizes(), ours.shape());
                for (int i = 0; i < c.first().length; i++) {
                    assertEquals(c.first()[i], ours.getDouble(i), algorithm + " " + dtype + " value " + i);
                }
                assertEquals(0.0, TfOracle.relativeError(ours, reference), algorithm + " " + dtype + " vs the loops");
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Documented non-errors
    // ------------------------------------------------------------------------------------------

    record Edge(String name, int[] input, int[] filterSizes, int[] outBackprop, Conv2dOptions options) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Edge> edges() {
        return Stream.of(
                new Edge("empty batch (testConv2DBackpropFilterWithEmptyInput): zeros", s(0, 2, 3, 1), s(2, 2, 1, 1),
                        s(0, 1, 2, 1), opts().build()),
                new Edge("empty batch, NCHW, stride 2: zeros", s(0, 3, 5, 4), s(3, 2, 3, 2), s(0, 2, 3, 2),
                        opts().strides(2).padding(Padding.SAME).dataFormat(DataFormat.NCHW).build()),
                new Edge("out_channels 0 (testConv2DEmptyBackpropFilter): empty", s(1, 2, 3, 1), s(2, 2, 1, 0), s(1, 1, 2, 0),
                        opts().build()),
                new Edge("filter height 0: empty", s(1, 4, 4, 1), s(0, 2, 1, 1), s(1, 5, 3, 1), opts().build()),
                new Edge("only padding (height 0, explicit): zeros", s(1, 0, 4, 1), s(2, 2, 1, 1), s(1, 1, 3, 1),
                        opts().padding(Padding.explicit(1, 1, 0, 0)).build()),
                new Edge("SAME, filter larger than the input", s(2, 2, 3, 2), s(5, 4, 2, 3), s(2, 2, 3, 3),
                        opts().padding(Padding.SAME).build()),
                new Edge("SAME, stride larger than the input", s(1, 3, 3, 2), s(1, 1, 2, 2), s(1, 1, 1, 2),
                        opts().strides(5).padding(Padding.SAME).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    void documentedNonErrorMatchesTensorFlow(Edge e) {
        for (DType dtype : new DType[] {F32, F64}) {
            Tensor input = TfOracle.random(dtype, 3, e.input());
            Tensor dy = TfOracle.random(dtype, 4, e.outBackprop());
            Tensor expected = tf.conv2dBackpropFilter(input, e.filterSizes(), dy, e.options());
            assertArrayEquals(e.filterSizes(), expected.shape(), "TF's shape");
            for (Algorithm algorithm : new Algorithm[] {Algorithm.AUTO, Algorithm.GEMM, Algorithm.REFERENCE}) {
                Conv2dOptions options = e.options().toBuilder().algorithm(algorithm).build();
                Tensor ours = Conv2dBackpropFilter.conv2dBackpropFilter(input, e.filterSizes(), dy, options);
                assertArrayEquals(expected.shape(), ours.shape(), algorithm + ": shape");
                double tol = dtype == F32 ? Conv2dAgainstTensorFlowTest.TOL32 : Conv2dAgainstTensorFlowTest.TOL64;
                assertTrue(TfOracle.relativeError(ours, expected) <= tol, algorithm + " " + dtype + ": values");
                Tensor into = nans(dtype, e.filterSizes());
                Conv2dBackpropFilter.plan(e.input(), e.filterSizes(), e.outBackprop(), dtype, options).execute(input, dy, into);
                assertTrue(TfOracle.relativeError(into, expected) <= tol, algorithm + " " + dtype + ": into a given output");
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // conv4j's own API checks (no TF counterpart)
    // ------------------------------------------------------------------------------------------

    @Test
    void planRejectsOtherShapesOrDtypesBeforeWriting() {
        FilterGradientPlan plan = Conv2dBackpropFilter.plan(s(2, 6, 6, 3), s(3, 3, 3, 4), s(2, 4, 4, 4), F32,
                Conv2dOptions.DEFAULTS);
        assertArrayEquals(s(3, 3, 3, 4), plan.outputShape());
        assertArrayEquals(s(2, 6, 6, 3), plan.inputShape());
        assertArrayEquals(s(2, 4, 4, 4), plan.outBackpropShape());
        Tensor input = TfOracle.random(F32, 1, 2, 6, 6, 3);
        Tensor dy = TfOracle.random(F32, 2, 2, 4, 4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plan.execute(TfOracle.random(F32, 1, 2, 6, 5, 3), dy));
        assertTrue(e.getMessage().contains("[2, 6, 6, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> plan.execute(input, TfOracle.random(F32, 2, 2, 4, 4, 5)));
        assertTrue(e.getMessage().contains("out_backprop") && e.getMessage().contains("[2, 4, 4, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> plan.execute(input, TfOracle.random(F64, 2, 2, 4, 4, 4)));
        for (Tensor wrong : new Tensor[] {nans(F32, s(3, 3, 3, 5)), nans(F32, s(3, 3, 12)), nans(F64, s(3, 3, 3, 4))}) {
            assertThrows(IllegalArgumentException.class, () -> plan.execute(input, dy, wrong));
            assertUntouched(wrong);
        }
        Tensor output = nans(F32, s(3, 3, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> plan.execute(input, TfOracle.random(F64, 2, 2, 4, 4, 4), output));
        assertUntouched(output);
    }

    @Test
    void outputMustNotShareAnInputsArray() {
        // A 1x1 VALID gradient of a 1x1x1x1 problem has the input's size.
        float[] data = {0.5f};
        Tensor input = Tensor.of(data, 1, 1, 1, 1);
        Tensor dy = Tensor.of(new float[] {2f}, 1, 1, 1, 1);
        FilterGradientPlan plan = Conv2dBackpropFilter.plan(s(1, 1, 1, 1), s(1, 1, 1, 1), s(1, 1, 1, 1), F32,
                Conv2dOptions.DEFAULTS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plan.execute(input, dy, Tensor.of(data, 1, 1, 1, 1)));
        assertTrue(e.getMessage().contains("share"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> plan.execute(input, dy, dy));
        assertEquals(0.5f, data[0]);
        assertEquals(1.0, plan.execute(input, dy).getDouble(0));
    }

    @Test
    void winogradIsRefusedWhenThereIsSomethingToCompute() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conv2dBackpropFilter.plan(IN, FS, DY,
                F32, opts().algorithm(Algorithm.WINOGRAD).build()));
        assertTrue(e.getMessage().contains("WINOGRAD"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------

    private static void assertMessage(String expectedPart, IllegalArgumentException e) {
        assertTrue(String.valueOf(e.getMessage()).contains(expectedPart),
                "conv4j's message \"" + e.getMessage() + "\" does not contain \"" + expectedPart + "\"");
    }

    private static Tensor nans(DType dtype, int[] shape) {
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
