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
 * conv1d's, conv3d's and {@code convolution}'s validation against TensorFlow's, as
 * {@link Conv2dValidationTest} does for conv2d.
 *
 * <p>Every invalid request must be rejected by every entry point (the operation, its plans,
 * {@code Convolution.convolution}, {@code plan} and {@code outputShape} when the filter's rank
 * picks the same operation) for every algorithm, with TensorFlow's own text in the message.
 * Where TF can be asked the same question (conv1d: Conv2D on the tensors with a height inserted;
 * conv3d: Conv3D), TF runs it too and must reject it with exactly the documented text. The
 * texts of Python-level rules (lengths of strides and dilations, {@code num_spatial_dims}) are
 * those of nn_ops.py; conv4j's own rules (explicit padding counts, which TF's conv1d and conv3d
 * lack; groups whose output channels do not divide, which TF's CPU Conv3D refuses as a whole;
 * conv1d's batch and channel strides) have conv4j's texts.
 *
 * <p>Then the documented non-errors (empty outputs, empty batches, only padding) through TF, and
 * conv4j's plan checks.
 */
class NdConvValidationTest {
    private static final DType F32 = DType.FLOAT32;
    private static final DType F64 = DType.FLOAT64;

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

    /** Which operation a case asks for. */
    enum Op {
        CONV1D, CONV3D
    }

    /** Who can be asked the same question. */
    enum Asked {
        /** TF, through {@link TfNdOracle} with the same options: it must reject with the message. */
        TENSORFLOW,
        /** A rule of Python's nn_ops.py, which TF-Java cannot run. */
        PYTHON_ONLY,
        /** A rule of conv4j's where TF has no such request (see the class comment). */
        CONV4J_ONLY
    }

    /**
     * One invalid request.
     *
     * @param viaConvolution whether {@code Convolution.convolution} (which picks the operation by
     *     the filter's rank) must give the same message
     */
    record Invalid(String rule, Op op, String message, int[] input, DType inputType, int[] filter, DType filterType,
            Supplier<Conv2dOptions> options, Asked asked, boolean direct, boolean viaConvolution) {
        Invalid(String rule, Op op, String message, int[] input, DType inputType, int[] filter, DType filterType,
                Supplier<Conv2dOptions> options, Asked asked, boolean viaConvolution) {
            this(rule, op, message, input, inputType, filter, filterType, options, asked, true, viaConvolution);
        }

        /** The filter's rank picks another operation in {@code Convolution.convolution}. */
        Invalid notViaConvolution() {
            return new Invalid(rule, op, message, input, inputType, filter, filterType, options, asked, direct, false);
        }

        /** The message is {@code convolution}'s only (the operation itself words it otherwise). */
        Invalid onlyViaConvolution() {
            return new Invalid(rule, op, message, input, inputType, filter, filterType, options, asked, false, true);
        }

        @Override
        public String toString() {
            return op + ": " + rule;
        }
    }

    private static int[] s(int... v) {
        return v;
    }

    private static Invalid bad(String rule, Op op, String message, int[] input, int[] filter, Conv2dOptions.Builder options) {
        return new Invalid(rule, op, message, input, F32, filter, F32, options::build, Asked.TENSORFLOW, true);
    }

    private static Invalid python(String rule, Op op, String message, int[] input, int[] filter,
            Conv2dOptions.Builder options, boolean viaConvolution) {
        return new Invalid(rule, op, message, input, F32, filter, F32, options::build, Asked.PYTHON_ONLY, viaConvolution);
    }

    private static Invalid ours(String rule, Op op, String message, int[] input, int[] filter, Conv2dOptions.Builder options) {
        return new Invalid(rule, op, message, input, F32, filter, F32, options::build, Asked.CONV4J_ONLY, true);
    }

    private static Conv2dOptions.Builder opts() {
        return Conv2dOptions.builder();
    }

    private static final Op C1 = Op.CONV1D;
    private static final Op C3 = Op.CONV3D;
    private static final int[] IN3 = {1, 3, 4, 5, 2};
    private static final int[] F3 = {2, 2, 2, 2, 3};
    private static final int[] IN1 = {2, 6, 4};
    private static final int[] F1 = {3, 4, 5};
    private static final String NEGATIVE = "Computed output size would be negative: -1 ";
    private static final String ZERO_FILTER = "filter must not have zero elements (i.e. all dimensions must be non-zero)";

    static final List<Invalid> INVALID = List.of(
            // conv3d: Python's lengths (tf.nn.convolution's forms)
            python("strides of length 2", C3, "strides should be of length 1, 3 or 5. Received: strides=[1, 1] of length 2",
                    IN3, F3, opts().strides(1, 1), true),
            python("strides of length 4", C3, "strides should be of length 1, 3 or 5. Received: strides=[1, 1, 1, 1] of length 4",
                    IN3, F3, opts().strides(1, 1, 1, 1), true),
            python("dilations of length 0", C3, "dilations should be of length 1, 3 or 5. Received: dilations=[] of length 0",
                    IN3, F3, opts().dilations(), true),
            // conv3d: the kernel's attribute checks, in TF's order
            bad("batch stride", C3, "Current implementation does not yet support strides in the batch and depth dimensions.",
                    IN3, F3, opts().strides(2, 1, 1, 1, 1)),
            bad("channel stride, NCDHW", C3, "Current implementation does not yet support strides in the batch and depth "
                    + "dimensions.", s(1, 2, 3, 4, 5), F3, opts().strides(1, 2, 1, 1, 1).dataFormat(DataFormat.NCHW)),
            bad("stride 0", C3, "Spatial strides should be larger than 0.", IN3, F3, opts().strides(1, 0, 1)),
            bad("stride -1, 5 numbers", C3, "Spatial strides should be larger than 0.", IN3, F3, opts().strides(1, 1, 1, -1, 1)),
            bad("batch dilation", C3, "Current implementation does not yet support dilation rates in the batch and depth "
                    + "dimensions.", IN3, F3, opts().dilations(1, 1, 1, 1, 2)),
            bad("dilation 0", C3, "Dilated rates should be larger than 0.", IN3, F3, opts().dilations(1, 0, 1)),
            bad("order: stride 0 before dilation 0", C3, "Spatial strides should be larger than 0.", IN3, F3,
                    opts().strides(0).dilations(0)),
            bad("order: batch stride before stride 0", C3, "Current implementation does not yet support strides in the batch "
                    + "and depth dimensions.", IN3, F3, opts().strides(2, 0, 1, 1, 1)),
            // conv3d: dtype, then shapes
            new Invalid("dtypes differ", C3, "cannot compute Conv3D as input #1(zero-based) was expected to be a float tensor "
                    + "but is a double tensor", IN3, F32, F3, F64, opts()::build, Asked.TENSORFLOW, true),
            new Invalid("order: dtype before rank", C3, "cannot compute Conv3D as input #1(zero-based) was expected to be a "
                    + "double tensor but is a float tensor", s(3, 4, 5, 2), F64, F3, F32, opts()::build, Asked.TENSORFLOW, true),
            bad("input rank 4", C3, "input must be 5-dimensional", s(3, 4, 5, 2), F3, opts()),
            bad("filter rank 4 (picks conv2d in convolution)", C3, "filter must be 5-dimensional", IN3, s(2, 2, 2, 3), opts())
                    .notViaConvolution(),
            bad("filter depth 0", C3, "filter_depth must be non-zero", IN3, s(2, 2, 2, 0, 3), opts()),
            bad("order: filter depth 0 before divisibility", C3, "filter_depth must be non-zero", s(1, 3, 4, 5, 3),
                    s(2, 2, 2, 0, 3), opts()),
            bad("input depth not a multiple", C3, "Input depth must be evenly divisible by filter depth: 3 vs 2",
                    s(1, 3, 4, 5, 3), F3, opts()),
            bad("out_channels 0", C3, ZERO_FILTER, IN3, s(2, 2, 2, 2, 0), opts()),
            bad("filter depth-size 0", C3, ZERO_FILTER, IN3, s(0, 2, 2, 2, 3), opts()),
            bad("zero filter, empty batch", C3, ZERO_FILTER, s(0, 3, 4, 5, 2), s(2, 2, 2, 2, 0), opts()),
            bad("order: zero filter before negative size", C3, ZERO_FILTER, s(1, 1, 4, 5, 2), s(3, 2, 2, 2, 0), opts()),
            bad("negative depth", C3, NEGATIVE + "[input_size: 1, effective_filter_size: 3, stride: 1]", s(1, 1, 4, 5, 2),
                    s(3, 2, 2, 2, 3), opts()),
            bad("negative width, dilated", C3, NEGATIVE + "[input_size: 2, effective_filter_size: 4, stride: 1]",
                    s(1, 3, 4, 2, 2), s(2, 2, 2, 2, 3), opts().dilations(1, 1, 3)),
            bad("negative height, NCDHW", C3, NEGATIVE + "[input_size: 1, effective_filter_size: 3, stride: 1]",
                    s(1, 2, 3, 1, 5), s(2, 3, 2, 2, 3), opts().strides(2, 1, 2).dataFormat(DataFormat.NCHW)),
            bad("no input channels", C3, "Number of channels in filter (2) must match last dimension of input (0)",
                    s(1, 3, 4, 5, 0), F3, opts()),
            // conv3d: conv4j's own rules
            ours("groups: output channels not a multiple", C3, "output depth must be evenly divisible by number of groups: 3 vs 2",
                    s(1, 3, 4, 5, 4), F3, opts()),
            ours("explicit padding, 4 values", C3, "explicit padding for conv3d takes 6 values (front, back, top, bottom, left, "
                    + "right), got 4: [1, 1, 1, 1]", IN3, F3, opts().padding(Padding.explicit(1, 1, 1, 1))),
            ours("explicit padding, 8 values", C3, "explicit padding for conv3d takes 6 values", IN3, F3,
                    opts().padding(Padding.explicit(0, 0, 1, 1, 1, 1, 0, 0))),
            // conv1d: Python's lengths (tf.nn.conv1d names the strides "stride")
            python("stride of length 2", C1, "stride should be of length 1, 1 or 3. Received: stride=[1, 1] of length 2", IN1,
                    F1, opts().strides(1, 1), false),
            python("stride of length 2, via convolution", C1, "strides should be of length 1, 1 or 3. Received: "
                    + "strides=[1, 1] of length 2", IN1, F1, opts().strides(1, 1), true).onlyViaConvolution(),
            python("dilations of length 4", C1, "dilations should be of length 1, 1 or 3. Received: dilations=[1, 1, 1, 1] of "
                    + "length 4", IN1, F1, opts().dilations(1, 1, 1, 1), true),
            // conv1d: Conv2D's checks, in TF's order
            bad("stride 0", C1, "Row and column strides should be larger than 0.", IN1, F1, opts().strides(0)),
            bad("channel stride, NWC", C1, "Current implementation does not yet support strides in the batch and depth "
                    + "dimensions.", IN1, F1, opts().strides(1, 1, 2)),
            bad("batch stride, NCW", C1, "Current implementation does not yet support strides in the batch and depth "
                    + "dimensions.", s(2, 4, 6), F1, opts().strides(2, 1, 1).dataFormat(DataFormat.NCHW)),
            bad("dilation 0", C1, "Dilated rates should be larger than 0.", IN1, F1, opts().dilations(0)),
            bad("channel dilation, NWC", C1, "Current implementation does not yet support dilations in the batch and depth "
                    + "dimensions.", IN1, F1, opts().dilations(1, 1, 3)),
            new Invalid("dtypes differ", C1, "cannot compute Conv2D as input #1(zero-based) was expected to be a float tensor "
                    + "but is a double tensor", IN1, F32, F1, F64, opts()::build, Asked.TENSORFLOW, true),
            bad("input rank 2", C1, "convolution input must be 4-dimensional: [1,6,4]", s(6, 4), F1, opts()),
            bad("filter rank 2 (picks no operation in convolution)", C1, "convolution filter must be 4-dimensional: [1,3,4]", IN1,
                    s(3, 4), opts()).notViaConvolution(),
            bad("input depth not a multiple", C1, "input depth must be evenly divisible by filter depth: 4 vs 3", IN1,
                    s(3, 3, 5), opts()),
            bad("negative size", C1, NEGATIVE + "[input_size: 6, effective_filter_size: 8, stride: 1]", IN1, s(8, 4, 5),
                    opts()),
            bad("negative size, dilated", C1, "Computed output size would be negative: -2 [input_size: 6, "
                    + "effective_filter_size: 9, stride: 1]", IN1, F1, opts().dilations(4)),
            bad("zero-width filter", C1, ZERO_FILTER, IN1, s(0, 4, 5), opts()),
            bad("groups: output channels not a multiple", C1, "output depth must be evenly divisible by number of groups: 5 vs 2",
                    IN1, s(3, 2, 5), opts()),
            // conv1d: conv4j's own rules
            ours("batch stride, NWC (TF moves it onto the inserted height)", C1, "Current implementation does not yet support "
                    + "strides in the batch and depth dimensions.", IN1, F1, opts().strides(2, 1, 1)),
            ours("explicit padding, 4 values", C1, "explicit padding for conv1d takes 2 values (left, right), got 4", IN1, F1,
                    opts().padding(Padding.explicit(0, 0, 1, 1))));

    static Stream<Invalid> invalid() {
        return INVALID.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidRequestIsRejectedWithTensorFlowsMessage(Invalid c) {
        Tensor input = TfOracle.random(c.inputType(), 1, c.input());
        Tensor filter = TfOracle.random(c.filterType(), 2, c.filter());
        if (c.asked() == Asked.TENSORFLOW) {
            TfOracle.Rejected rejected = assertThrows(TfOracle.Rejected.class,
                    () -> ask(c.op(), input, filter, c.options().get()), "TensorFlow accepted it");
            assertEquals(c.message(), rejected.getMessage(), "TensorFlow's message is not the documented one");
        }
        for (Algorithm algorithm : Algorithm.values()) {
            Conv2dOptions options = c.options().get().toBuilder().algorithm(algorithm).build();
            if (c.direct()) {
                assertMessage(c.message(), assertThrows(IllegalArgumentException.class,
                        () -> run(c.op(), input, filter, options)));
                if (c.inputType() == c.filterType()) {
                    assertMessage(c.message(), assertThrows(IllegalArgumentException.class, () -> plan(c.op(), c.input(), filter,
                            options)));
                }
            }
            if (c.viaConvolution()) {
                assertMessage(c.message(), assertThrows(IllegalArgumentException.class,
                        () -> Convolution.convolution(input, filter, options)));
                assertMessage(c.message(), assertThrows(IllegalArgumentException.class,
                        () -> Convolution.plan(c.input(), c.inputType(), filter, options)));
                if (c.inputType() == c.filterType()) {
                    assertMessage(c.message(), assertThrows(IllegalArgumentException.class,
                            () -> Convolution.outputShape(c.input(), c.filter(), options)));
                }
            }
        }
    }

    @Test
    void convolutionRejectsFilterRanksThatPickNoOperation() {
        Tensor input = TfOracle.random(F32, 1, 1, 4, 4, 2);
        for (int[] filterShape : new int[][] {{3, 2}, {2}, {}, {1, 1, 1, 1, 2, 3}}) {
            Tensor filter = Tensor.zeros(F32, filterShape);
            String expected = "`num_spatial_dims` must be 1, 2, or 3. Received: num_spatial_dims=" + (filterShape.length - 2)
                    + ".";
            assertMessage(expected, assertThrows(IllegalArgumentException.class,
                    () -> Convolution.convolution(input, filter, Conv2dOptions.DEFAULTS)));
            assertMessage(expected, assertThrows(IllegalArgumentException.class,
                    () -> Convolution.outputShape(input.shape(), filterShape, Conv2dOptions.DEFAULTS)));
        }
    }

    private static Tensor ask(Op op, Tensor input, Tensor filter, Conv2dOptions options) {
        return op == Op.CONV1D ? nd.conv1d(input, filter, options) : nd.conv3d(input, filter, options);
    }

    private static ConvPlan plan(Op op, int[] inputShape, Tensor filter, Conv2dOptions options) {
        return op == Op.CONV1D ? Convolution.conv1dPlan(inputShape, filter, options)
                : Convolution.conv3dPlan(inputShape, filter, options);
    }

    private static Tensor run(Op op, Tensor input, Tensor filter, Conv2dOptions options) {
        return op == Op.CONV1D ? Convolution.conv1d(input, filter, options) : Convolution.conv3d(input, filter, options);
    }

    private static void assertMessage(String expectedPart, IllegalArgumentException e) {
        assertTrue(String.valueOf(e.getMessage()).contains(expectedPart),
                "conv4j's message \"" + e.getMessage() + "\" does not contain \"" + expectedPart + "\"");
    }

    // ------------------------------------------------------------------------------------------
    // Documented non-errors: TF's shape and values
    // ------------------------------------------------------------------------------------------

    /** A request TF accepts; {@code tfShape} is the shape TF 2.18 gives (checked against TF too). */
    record Edge(String name, Op op, int[] input, int[] filter, Conv2dOptions options, int[] tfShape) {
        @Override
        public String toString() {
            return op + ": " + name;
        }
    }

    private static Edge edge(String name, Op op, int[] input, int[] filter, Conv2dOptions.Builder options, int[] tfShape) {
        return new Edge(name, op, input, filter, options.build(), tfShape);
    }

    static final List<Edge> EDGES = List.of(
            edge("VALID, filter one deeper than the input: empty output", C3, s(1, 2, 4, 5, 2), s(3, 2, 2, 2, 3), opts(),
                    s(1, 0, 3, 4, 3)),
            edge("VALID, dilated filter one larger: empty output", C3, s(1, 2, 5, 5, 2), F3, opts().dilations(2, 1, 1),
                    s(1, 0, 4, 4, 3)),
            edge("empty output, no input channels", C3, s(1, 2, 4, 5, 0), s(3, 2, 2, 2, 3), opts(), s(1, 0, 3, 4, 3)),
            edge("empty batch", C3, s(0, 3, 4, 5, 2), F3, opts(), s(0, 2, 3, 4, 3)),
            edge("empty batch, dilated", C3, s(0, 5, 5, 5, 2), F3, opts().dilations(2, 1, 1), s(0, 3, 4, 4, 3)),
            edge("empty depth, SAME", C3, s(1, 0, 4, 5, 2), F3, opts().padding(Padding.SAME), s(1, 0, 4, 5, 3)),
            edge("empty leading batch dim, rank 6", C3, s(2, 0, 3, 4, 5, 2), F3, opts(), s(2, 0, 2, 3, 4, 3)),
            edge("SAME, stride larger than input", C3, s(1, 3, 3, 3, 1), s(1, 1, 1, 1, 1), opts().strides(5)
                    .padding(Padding.SAME), s(1, 1, 1, 1, 1)),
            edge("SAME, filter larger than input", C3, s(1, 2, 2, 3, 2), s(4, 3, 5, 2, 2), opts().padding(Padding.SAME),
                    s(1, 2, 2, 3, 2)),
            edge("only padding: empty depth, explicit", C3, s(1, 0, 2, 2, 1), s(1, 1, 1, 1, 2),
                    opts().padding(Padding.explicit(1, 1, 0, 0, 0, 0)), s(1, 2, 2, 2, 2)),
            edge("only padding, NCDHW", C3, s(1, 2, 3, 0, 2), s(2, 1, 2, 2, 3),
                    opts().padding(Padding.explicit(0, 0, 1, 1, 0, 1)).dataFormat(DataFormat.NCHW), s(1, 3, 2, 2, 2)),
            edge("VALID, filter one wider than the input: empty output", C1, s(2, 3, 4), s(4, 4, 5), opts(), s(2, 0, 5)),
            edge("VALID, (6 - 9 + 2) / 2 truncates to 0: empty output", C1, IN1, F1, opts().strides(2).dilations(4),
                    s(2, 0, 5)),
            edge("VALID, (1 - 3 + 2) / 2 truncates to 0: empty output", C3, s(1, 2, 3, 1, 5), s(2, 3, 2, 2, 3),
                    opts().strides(2).dataFormat(DataFormat.NCHW), s(1, 3, 1, 0, 2)),
            edge("empty batch", C1, s(0, 6, 4), F1, opts(), s(0, 4, 5)),
            edge("out_channels 0 (Conv2D takes it)", C1, IN1, s(3, 4, 0), opts(), s(2, 4, 0)),
            edge("only padding: empty sequence", C1, s(2, 0, 3), s(2, 3, 2), opts().padding(Padding.explicit(2, 1)),
                    s(2, 2, 2)),
            edge("SAME, stride larger than the sequence", C1, s(1, 3, 2), s(1, 2, 3), opts().strides(5).padding(Padding.SAME),
                    s(1, 1, 3)));

    static Stream<Arguments> edges() {
        return EDGES.stream().flatMap(e -> Stream.of(Arguments.of(e, F32), Arguments.of(e, F64)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("edges")
    void documentedNonErrorMatchesTensorFlow(Edge e, DType dtype) {
        Tensor input = TfOracle.random(dtype, 3, e.input());
        Tensor filter = TfOracle.random(dtype, 4, e.filter());
        Tensor expected = ask(e.op(), input, filter, e.options());
        assertArrayEquals(e.tfShape(), expected.shape(), "TensorFlow's shape is not the documented one");
        assertArrayEquals(expected.shape(), Convolution.outputShape(e.input(), e.filter(), e.options()), "outputShape");
        for (Algorithm algorithm : Algorithm.values()) {
            Conv2dOptions options = e.options().toBuilder().algorithm(algorithm).build();
            ConvPlan plan;
            try {
                plan = plan(e.op(), e.input(), filter, options);
            } catch (IllegalArgumentException refused) {
                assertEquals(Algorithm.WINOGRAD, algorithm, "only a restricted fast path may refuse: " + refused);
                continue;
            }
            assertArrayEquals(expected.shape(), plan.outputShape(), algorithm + ": shape");
            // Into an output full of NaN: every element must be written (zeros included).
            Tensor into = nans(dtype, expected.shape());
            plan.execute(input, into);
            assertTrue(TfOracle.relativeError(into, expected) <= 1e-6, algorithm + ": values");
        }
    }

    // ------------------------------------------------------------------------------------------
    // conv4j's own plan checks
    // ------------------------------------------------------------------------------------------

    @Test
    void plansTakeOnlyTheirInputAndOutput() {
        Tensor filter = TfOracle.random(F32, 1, F3);
        ConvPlan plan = Convolution.conv3dPlan(IN3, filter, Conv2dOptions.DEFAULTS);
        assertArrayEquals(IN3, plan.inputShape());
        assertArrayEquals(s(1, 2, 3, 4, 3), plan.outputShape());
        assertEquals(F32, plan.dtype());
        assertEquals(2.0 * 2 * 3 * 4 * 3 * 8 * 2, plan.flops());
        Tensor input = TfOracle.random(F32, 2, IN3);
        assertMessage("this plan takes input float32[1, 3, 4, 5, 2], got Tensor(float32[1, 3, 4, 5, 1])",
                assertThrows(IllegalArgumentException.class, () -> plan.execute(Tensor.zeros(F32, 1, 3, 4, 5, 1))));
        assertMessage("this plan takes input float32", assertThrows(IllegalArgumentException.class,
                () -> plan.execute(Tensor.zeros(F64, IN3))));
        Tensor wrongOut = nans(F32, 1, 2, 3, 4, 4);
        assertMessage("output must be float32[1, 2, 3, 4, 3]", assertThrows(IllegalArgumentException.class,
                () -> plan.execute(input, wrongOut)));
        assertTrue(Float.isNaN(wrongOut.floats()[0]), "a rejected output is untouched");
        ConvPlan pointwise = Convolution.conv3dPlan(IN3, TfOracle.random(F32, 3, 1, 1, 1, 2, 2), Conv2dOptions.DEFAULTS);
        assertMessage("output must not share its array with the input", assertThrows(IllegalArgumentException.class,
                () -> pointwise.execute(input, Tensor.of(input.floats(), IN3))));

        ConvPlan plan1d = Convolution.conv1dPlan(IN1, TfOracle.random(F32, 3, F1), Conv2dOptions.DEFAULTS);
        assertArrayEquals(IN1, plan1d.inputShape());
        assertArrayEquals(s(2, 4, 5), plan1d.outputShape());
        assertMessage("this plan takes input float32[2, 6, 4]", assertThrows(IllegalArgumentException.class,
                () -> plan1d.execute(Tensor.zeros(F32, 2, 1, 6, 4))));
    }

    @Test
    void describeSaysWhatRuns() {
        Tensor f3 = TfOracle.random(F32, 1, 3, 3, 3, 16, 16);
        String stacked = Convolution.conv3dPlan(s(1, 4, 12, 12, 16), f3, Conv2dOptions.builder().padding(Padding.SAME)
                .threads(2).build()).describe();
        assertTrue(stacked.startsWith("conv3d NDHWC f32 n1 id4x12x12 ic16 -> od4x12x12 oc16, k3x3x3 s1x1x1 d1x1x1 "
                + "pad f1 b1 t1 b1 l1 r1 g1 | "), stacked);
        assertTrue(stacked.contains("stacked 3 deep as 48 channels into conv2d: winograd"), stacked);
        assertTrue(stacked.endsWith(" | threads 2"), stacked);
        String reference = Convolution.conv3dPlan(s(1, 4, 12, 12, 16), f3, Conv2dOptions.builder()
                .algorithm(Algorithm.REFERENCE).build()).describe();
        assertTrue(reference.contains("| reference loops"), reference);
        String depthOne = Convolution.conv3dPlan(s(2, 4, 12, 12, 16), TfOracle.random(F32, 1, 1, 3, 3, 16, 8),
                Conv2dOptions.DEFAULTS).describe();
        assertTrue(depthOne.startsWith("conv3d as conv2d NHWC f32 n8 ih12x12 ic16 -> oh10x10 oc8"), depthOne);
        String conv1d = Convolution.conv1dPlan(IN1, TfOracle.random(F32, 3, F1), Conv2dOptions.DEFAULTS).describe();
        assertTrue(conv1d.startsWith("conv1d as conv2d NHWC f32 n2 ih1x6 ic4 -> oh1x4 oc5, k1x3"), conv1d);
    }

    @Test
    void paddingFormsForEveryDimensionCount() {
        assertArrayEquals(s(1, 2), Padding.explicit(1, 2).values());
        assertArrayEquals(s(1, 2, 3, 4, 5, 6), Padding.parse("1,2,3,4,5,6").values());
        assertEquals("3,4", Padding.parse(" 3, 4 ").toString());
        for (int[] bad : new int[][] {{}, {1}, {1, 2, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}) {
            assertMessage("explicit_paddings attribute must contain 8 values, but got: " + bad.length,
                    assertThrows(IllegalArgumentException.class, () -> Padding.explicit(bad)));
        }
        assertMessage("All elements of explicit_paddings must be nonnegative", assertThrows(IllegalArgumentException.class,
                () -> Padding.explicit(0, -1)));
        // A 2-D operation takes 4 or 8 values, as TF's Conv2D: a conv1d or conv3d form is refused in TF's words.
        assertMessage("explicit_paddings attribute must contain 8 values, but got: 6", assertThrows(
                IllegalArgumentException.class, () -> Padding.explicit(1, 1, 1, 1, 1, 1).spatial(DataFormat.NHWC)));
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
}
