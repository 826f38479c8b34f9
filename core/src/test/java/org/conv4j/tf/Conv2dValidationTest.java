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
import org.conv4j.Conv2d;
import org.conv4j.Conv2dOptions;
import org.conv4j.ConvPlan;
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
 * conv4j's validation against TensorFlow's (tf-conv-semantics.md §3a, TF 2.18 reference CPU
 * kernel, and §3c for the Python-level forms conv4j accepts).
 *
 * <p>For every invalid request conv4j must throw {@link IllegalArgumentException} before doing
 * any work (the output it was given stays untouched) from every entry point, with TensorFlow's
 * own text in its message. Where TF's raw op can express the request, TF runs it too: TF must
 * reject it with exactly the documented text, and conv4j's message must contain the text TF
 * actually reported.
 *
 * <p>The documented non-errors (empty outputs, only-padding inputs, empty batches with groups)
 * run through TF and must give TF's shape and values.
 *
 * <p>{@link #edgeCasesWhereOrderOfChecksOrEmptinessMatters} pins the requests where TF 2.18's
 * order of checks, or its handling of empty tensors, decides the answer.
 */
class Conv2dValidationTest {
    private static final DType F32 = DType.FLOAT32;
    private static final DType F64 = DType.FLOAT64;

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
        /** {@link TfOracle#conv2d} with the same options (what tf.nn.conv2d would send). */
        SAME_REQUEST,
        /** A raw request given explicitly: conv4j's request cannot even be built as options. */
        RAW,
        /** A rule of Python's tf.nn.conv2d (nn_ops.py), which TF-Java cannot run. */
        PYTHON_ONLY
    }

    /** The raw TF attributes of a {@link TfForm#RAW} request (NHWC). */
    record Raw(long[] strides, String padding, long[] explicitPaddings) {
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

    private static Invalid badPadding(String rule, String tfMessage, Supplier<Padding> padding, Raw raw) {
        return new Invalid(rule, tfMessage, s(1, 4, 4, 1), F32, s(2, 2, 1, 1), F32,
                () -> Conv2dOptions.builder().padding(padding.get()).build(), TfForm.RAW, raw);
    }

    private static Supplier<Conv2dOptions> strides(int... v) {
        return () -> Conv2dOptions.builder().strides(v).build();
    }

    private static Supplier<Conv2dOptions> dilations(int... v) {
        return () -> Conv2dOptions.builder().dilations(v).build();
    }

    private static Supplier<Conv2dOptions> nchw(Supplier<Conv2dOptions> o) {
        return () -> o.get().toBuilder().dataFormat(DataFormat.NCHW).build();
    }

    private static Supplier<Conv2dOptions> opts(Conv2dOptions.Builder b) {
        return b::build;
    }

    private static final String STRIDES_POSITIVE = "Row and column strides should be larger than 0.";
    private static final String STRIDES_NC = "Current implementation does not yet support strides in the batch and depth dimensions.";
    private static final String DILATIONS_POSITIVE = "Dilated rates should be larger than 0.";
    private static final String DILATIONS_NC =
            "Current implementation does not yet support dilations in the batch and depth dimensions.";
    private static final String PADDING_NONNEGATIVE = "All elements of explicit_paddings must be nonnegative";
    private static final String PADDING_NC = "Nonzero explicit padding in the batch or depth dimensions is not supported";
    private static final String ZERO_FILTER = "filter must not have zero elements (i.e. all dimensions must be non-zero)";

    static final List<Invalid> INVALID = List.of(
            // strides and dilations: values
            bad("stride 0 (1-number form)", STRIDES_POSITIVE, s(1, 4, 4, 1), s(2, 2, 1, 1), strides(0)),
            bad("stride 0 in W (2-number form)", STRIDES_POSITIVE, s(1, 4, 4, 1), s(2, 2, 1, 1), strides(1, 0)),
            bad("stride -1 in H (4-number form)", STRIDES_POSITIVE, s(1, 4, 4, 1), s(2, 2, 1, 1), strides(1, -1, 1, 1)),
            bad("stride -2 NCHW (4-number form)", STRIDES_POSITIVE, s(1, 1, 4, 4), s(2, 2, 1, 1), nchw(strides(1, 1, 1, -2))),
            bad("stride in batch != 1", STRIDES_NC, s(1, 4, 4, 1), s(2, 2, 1, 1), strides(2, 1, 1, 1)),
            bad("stride in depth != 1 (NHWC)", STRIDES_NC, s(1, 4, 4, 1), s(2, 2, 1, 1), strides(1, 1, 1, 2)),
            bad("stride in depth != 1 (NCHW)", STRIDES_NC, s(1, 1, 4, 4), s(2, 2, 1, 1), nchw(strides(1, 2, 1, 1))),
            bad("stride in depth 0 (NHWC)", STRIDES_NC, s(1, 4, 4, 1), s(2, 2, 1, 1), strides(1, 1, 1, 0)),
            bad("dilation 0 (1-number form)", DILATIONS_POSITIVE, s(1, 4, 4, 1), s(2, 2, 1, 1), dilations(0)),
            bad("dilation -1 in W (2-number form)", DILATIONS_POSITIVE, s(1, 4, 4, 1), s(2, 2, 1, 1), dilations(1, -1)),
            bad("dilation 0 in H (4-number form)", DILATIONS_POSITIVE, s(1, 4, 4, 1), s(2, 2, 1, 1), dilations(1, 0, 1, 1)),
            bad("dilation in batch != 1", DILATIONS_NC, s(1, 4, 4, 1), s(2, 2, 1, 1), dilations(2, 1, 1, 1)),
            bad("dilation in depth != 1 (NHWC)", DILATIONS_NC, s(1, 4, 4, 1), s(2, 2, 1, 1), dilations(1, 1, 1, 3)),
            bad("dilation in depth != 1 (NCHW)", DILATIONS_NC, s(1, 1, 4, 4), s(2, 2, 1, 1), nchw(dilations(1, 2, 1, 1))),
            // check order within the attributes: strides before dilations, N/C before H/W
            bad("order: stride N/C and dilation 0", STRIDES_NC, s(1, 4, 4, 1), s(2, 2, 1, 1),
                    opts(Conv2dOptions.builder().strides(2, 1, 1, 1).dilations(0))),
            bad("order: stride 0 and dilation 0", STRIDES_POSITIVE, s(1, 4, 4, 1), s(2, 2, 1, 1),
                    opts(Conv2dOptions.builder().strides(0).dilations(0))),
            bad("order: stride 0 and rank-3 input", STRIDES_POSITIVE, s(4, 4, 1), s(2, 2, 1, 1), strides(0)),
            // strides and dilations: lengths. conv4j takes tf.nn.conv2d's forms, so the rule is
            // Python's (nn_ops.py _get_sequence): ValueError("strides should be of length 1, 2 or
            // 4 ..."). Only this common start is asserted: TF <= 2.6 continues " but was 3", newer
            // nn_ops.py ". Received: strides=[1, 1, 1] of length 3" (conv4j has the old ending).
            new Invalid("strides of length 3", "strides should be of length 1, 2 or 4", s(1, 4, 4, 1), F32, s(2, 2, 1, 1),
                    F32, strides(1, 1, 1), TfForm.PYTHON_ONLY, null),
            new Invalid("strides of length 0", "strides should be of length 1, 2 or 4", s(1, 4, 4, 1), F32, s(2, 2, 1, 1),
                    F32, strides(), TfForm.PYTHON_ONLY, null),
            new Invalid("strides of length 5", "strides should be of length 1, 2 or 4", s(1, 4, 4, 1), F32, s(2, 2, 1, 1),
                    F32, strides(1, 1, 1, 1, 1), TfForm.PYTHON_ONLY, null),
            new Invalid("dilations of length 3", "dilations should be of length 1, 2 or 4", s(1, 4, 4, 1), F32,
                    s(2, 2, 1, 1), F32, dilations(1, 2, 2), TfForm.PYTHON_ONLY, null),
            // explicit padding
            badPadding("explicit padding negative (4 values)", PADDING_NONNEGATIVE, () -> Padding.explicit(-1, 0, 0, 0),
                    new Raw(l(1, 1, 1, 1), "EXPLICIT", l(0, 0, -1, 0, 0, 0, 0, 0))),
            badPadding("explicit padding negative (8 values)", PADDING_NONNEGATIVE,
                    () -> Padding.explicit(0, 0, 0, 0, 0, -2, 0, 0), new Raw(l(1, 1, 1, 1), "EXPLICIT", l(0, 0, 0, 0, 0, -2, 0, 0))),
            badPadding("explicit padding with 6 values", "explicit_paddings attribute must contain 8 values, but got: 6",
                    () -> Padding.explicit(0, 0, 1, 1, 1, 1), new Raw(l(1, 1, 1, 1), "EXPLICIT", l(0, 0, 1, 1, 1, 1))),
            badPadding("explicit padding with 0 values", "explicit_paddings attribute must contain 8 values, but got: 0",
                    Padding::explicit, new Raw(l(1, 1, 1, 1), "EXPLICIT", l())),
            badPadding("explicit padding with 3 values", "explicit_paddings attribute must contain 8 values, but got: 3",
                    () -> Padding.explicit(1, 1, 1), new Raw(l(1, 1, 1, 1), "EXPLICIT", l(1, 1, 1))),
            badPadding("order: count before sign", "explicit_paddings attribute must contain 8 values, but got: 3",
                    () -> Padding.explicit(0, -1, 0), new Raw(l(1, 1, 1, 1), "EXPLICIT", l(0, -1, 0))),
            badPadding("explicit padding with 2 values (conv1d's form)", "explicit_paddings attribute must contain 8 values, "
                    + "but got: 2", () -> Padding.explicit(1, 1), new Raw(l(1, 1, 1, 1), "EXPLICIT", l(1, 1))),
            bad("explicit padding in batch (NHWC)", PADDING_NC, s(1, 4, 4, 1), s(2, 2, 1, 1),
                    () -> Conv2dOptions.builder().padding(Padding.explicit(1, 0, 0, 0, 0, 0, 0, 0)).build()),
            bad("explicit padding in depth (NHWC)", PADDING_NC, s(1, 4, 4, 1), s(2, 2, 1, 1),
                    () -> Conv2dOptions.builder().padding(Padding.explicit(0, 0, 1, 1, 1, 1, 0, 1)).build()),
            bad("explicit padding in depth (NCHW)", PADDING_NC, s(1, 1, 4, 4), s(2, 2, 1, 1),
                    nchw(() -> Conv2dOptions.builder().padding(Padding.explicit(0, 0, 2, 0, 1, 1, 1, 1)).build())),
            bad("explicit padding in batch (NCHW)", PADDING_NC, s(1, 1, 4, 4), s(2, 2, 1, 1),
                    nchw(() -> Conv2dOptions.builder().padding(Padding.explicit(0, 1, 0, 0, 0, 0, 0, 0)).build())),
            // ranks
            bad("input rank 3", "convolution input must be 4-dimensional: [4,4,1]", s(4, 4, 1), s(2, 2, 1, 1),
                    opts(Conv2dOptions.builder())),
            bad("input rank 2", "convolution input must be 4-dimensional: [4,4]", s(4, 4), s(2, 2, 1, 1),
                    opts(Conv2dOptions.builder())),
            bad("input rank 0", "convolution input must be 4-dimensional: []", s(), s(1, 1, 1, 1), opts(Conv2dOptions.builder())),
            bad("input rank 3 (NCHW)", "convolution input must be 4-dimensional: [1,4,4]", s(1, 4, 4), s(2, 2, 1, 1),
                    nchw(opts(Conv2dOptions.builder()))),
            bad("filter rank 3", "convolution filter must be 4-dimensional: [2,2,1]", s(1, 4, 4, 1), s(2, 2, 1),
                    opts(Conv2dOptions.builder())),
            bad("filter rank 5", "convolution filter must be 4-dimensional: [2,2,1,1,1]", s(1, 4, 4, 1), s(2, 2, 1, 1, 1),
                    opts(Conv2dOptions.builder())),
            bad("filter rank 5 with rank-5 input", "convolution filter must be 4-dimensional: [1,1,1,1,1]", s(2, 1, 4, 4, 1),
                    s(1, 1, 1, 1, 1), opts(Conv2dOptions.builder())),
            // depths and groups
            bad("filter depth 0", "filter depth must be stricly positive, got 0", s(1, 3, 3, 2), s(1, 1, 0, 3),
                    opts(Conv2dOptions.builder())),
            bad("filter depth 0, empty batch", "filter depth must be stricly positive, got 0", s(0, 3, 3, 2), s(1, 1, 0, 3),
                    opts(Conv2dOptions.builder())),
            bad("input depth not a multiple of filter depth", "input depth must be evenly divisible by filter depth: 3 vs 2",
                    s(1, 3, 3, 3), s(1, 1, 2, 3), opts(Conv2dOptions.builder())),
            bad("filter depth larger than input depth", "input depth must be evenly divisible by filter depth: 2 vs 4",
                    s(1, 3, 3, 2), s(1, 1, 4, 1), opts(Conv2dOptions.builder())),
            bad("input depth not a multiple (NCHW, rank 5)", "input depth must be evenly divisible by filter depth: 5 vs 3",
                    s(2, 1, 5, 3, 3), s(1, 1, 3, 3), nchw(opts(Conv2dOptions.builder()))),
            bad("depth checked before output size", "input depth must be evenly divisible by filter depth: 3 vs 2",
                    s(1, 1, 1, 3), s(3, 3, 2, 3), opts(Conv2dOptions.builder())),
            bad("output depth not a multiple of groups", "output depth must be evenly divisible by number of groups: 3 vs 2",
                    s(1, 3, 3, 4), s(1, 1, 2, 3), opts(Conv2dOptions.builder())),
            bad("output depth smaller than groups", "output depth must be evenly divisible by number of groups: 2 vs 4",
                    s(1, 3, 3, 4), s(1, 1, 1, 2), opts(Conv2dOptions.builder())),
            bad("output depth not a multiple of groups (NCHW)",
                    "output depth must be evenly divisible by number of groups: 5 vs 3",
                    s(1, 6, 3, 3), s(2, 2, 2, 5), nchw(opts(Conv2dOptions.builder().padding(Padding.SAME)))),
            // computed output size
            bad("VALID, kernel 3 on input 1", "Computed output size would be negative: -1 [input_size: 1, effective_filter_size: 3, stride: 1]",
                    s(1, 1, 1, 1), s(3, 3, 1, 1), opts(Conv2dOptions.builder())),
            bad("VALID, kernel 5 stride 2 on input 1",
                    "Computed output size would be negative: -1 [input_size: 1, effective_filter_size: 5, stride: 2]",
                    s(1, 1, 1, 1), s(5, 5, 1, 1), strides(2)),
            bad("VALID, dilation makes it negative",
                    "Computed output size would be negative: -1 [input_size: 3, effective_filter_size: 5, stride: 1]",
                    s(1, 3, 3, 1), s(2, 2, 1, 1), dilations(4)),
            bad("VALID, dilation 3 in W only",
                    "Computed output size would be negative: -1 [input_size: 5, effective_filter_size: 7, stride: 1]",
                    s(1, 5, 5, 1), s(2, 3, 1, 1), dilations(1, 3)),
            bad("VALID, columns only", "Computed output size would be negative: -1 [input_size: 1, effective_filter_size: 3, stride: 1]",
                    s(1, 5, 1, 1), s(3, 3, 1, 1), opts(Conv2dOptions.builder())),
            bad("VALID, rows reported before columns",
                    "Computed output size would be negative: -2 [input_size: 2, effective_filter_size: 5, stride: 1]",
                    s(1, 2, 1, 1), s(5, 4, 1, 1), opts(Conv2dOptions.builder())),
            bad("explicit padding too small", "Computed output size would be negative: -1 [input_size: 1, effective_filter_size: 5, stride: 1]",
                    s(1, 1, 1, 1), s(5, 1, 1, 1), () -> Conv2dOptions.builder().padding(Padding.explicit(1, 1, 0, 0)).build()),
            bad("explicit padding too small, stride 3",
                    "Computed output size would be negative: -1 [input_size: 2, effective_filter_size: 11, stride: 3]",
                    s(1, 4, 2, 1), s(1, 6, 1, 1),
                    () -> Conv2dOptions.builder().strides(3).dilations(2).padding(Padding.explicit(0, 0, 1, 2)).build()),
            bad("negative output size, NCHW", "Computed output size would be negative: -1 [input_size: 2, effective_filter_size: 4, stride: 1]",
                    s(1, 1, 2, 2), s(4, 4, 1, 1), nchw(opts(Conv2dOptions.builder()))),
            bad("negative output size with an empty batch",
                    "Computed output size would be negative: -1 [input_size: 1, effective_filter_size: 3, stride: 1]",
                    s(0, 1, 1, 1), s(3, 3, 1, 1), opts(Conv2dOptions.builder())),
            bad("negative output size before zero filter",
                    "Computed output size would be negative: -1 [input_size: 1, effective_filter_size: 3, stride: 1]",
                    s(1, 1, 1, 1), s(0, 3, 1, 1), opts(Conv2dOptions.builder())),
            // zero-sized filters with a non-empty output
            bad("filter width 0, SAME", ZERO_FILTER, s(1, 1, 1, 1), s(1, 0, 1, 1), opts(Conv2dOptions.builder().padding(Padding.SAME))),
            bad("filter height 0, VALID", ZERO_FILTER, s(1, 3, 3, 1), s(0, 1, 1, 1), opts(Conv2dOptions.builder())),
            bad("filter height 0, dilated", ZERO_FILTER, s(2, 3, 3, 2), s(0, 1, 2, 4), dilations(3)),
            bad("zero filter checked before groups", ZERO_FILTER, s(1, 3, 3, 4), s(1, 0, 2, 3), opts(Conv2dOptions.builder())),
            // dtypes
            new Invalid("float32 input, float64 filter",
                    "cannot compute Conv2D as input #1(zero-based) was expected to be a float tensor but is a double tensor",
                    s(1, 4, 4, 1), F32, s(2, 2, 1, 1), F64, opts(Conv2dOptions.builder()), TfForm.SAME_REQUEST, null),
            new Invalid("float64 input, float32 filter",
                    "cannot compute Conv2D as input #1(zero-based) was expected to be a double tensor but is a float tensor",
                    s(1, 4, 4, 1), F64, s(2, 2, 1, 1), F32, opts(Conv2dOptions.builder()), TfForm.SAME_REQUEST, null),
            new Invalid("dtype checked before output size",
                    "cannot compute Conv2D as input #1(zero-based) was expected to be a float tensor but is a double tensor",
                    s(1, 1, 1, 1), F32, s(3, 3, 1, 1), F64, opts(Conv2dOptions.builder()), TfForm.SAME_REQUEST, null),
            new Invalid("order: stride 0 before dtype", STRIDES_POSITIVE, s(1, 4, 4, 1), F32, s(2, 2, 1, 1), F64, strides(0),
                    TfForm.SAME_REQUEST, null));

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
                    tf.rawConv2d(input, filter, c.raw().strides(), c.raw().padding(), c.raw().explicitPaddings(), null, "NHWC");
                } else {
                    tf.conv2d(input, filter, c.options().get());
                }
            }, "TensorFlow accepted it");
            tfReported = rejected.getMessage();
            assertEquals(c.tfMessage(), tfReported, "TensorFlow's message is not the documented one");
        }
        assertConv4jRejects(c, tfReported);
    }

    /** Every entry point throws, with {@code message} in its text, before touching any output. */
    private static void assertConv4jRejects(Invalid c, String message) {
        Tensor input = TfOracle.random(c.inputType(), 1, c.input());
        Tensor filter = TfOracle.random(c.filterType(), 2, c.filter());
        for (Algorithm algorithm : Algorithm.values()) {
            Tensor output = nans(c.inputType(), 1, 1, 1, 1);
            assertMessage(message, assertThrows(IllegalArgumentException.class,
                    () -> Conv2d.conv2d(input, filter, c.options().get().toBuilder().algorithm(algorithm).build(), output)));
            assertUntouched(output);
            assertMessage(message, assertThrows(IllegalArgumentException.class,
                    () -> Conv2d.conv2d(input, filter, c.options().get().toBuilder().algorithm(algorithm).build())));
        }
        if (c.inputType() == c.filterType()) {
            assertMessage(message, assertThrows(IllegalArgumentException.class,
                    () -> Conv2d.plan(c.input(), filter, c.options().get())));
            assertMessage(message, assertThrows(IllegalArgumentException.class,
                    () -> Conv2d.outputShape(c.input(), c.filter(), c.options().get())));
        }
    }

    private static void assertMessage(String expectedPart, IllegalArgumentException e) {
        assertTrue(String.valueOf(e.getMessage()).contains(expectedPart),
                "conv4j's message \"" + e.getMessage() + "\" does not contain TensorFlow's \"" + expectedPart + "\"");
    }

    // ------------------------------------------------------------------------------------------
    // Documented non-errors: TF's shape and values
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

    static final List<Edge> EDGES = List.of(
            edge("VALID n=2 k=3: empty output", s(1, 2, 2, 1), s(3, 3, 1, 1), Conv2dOptions.builder(), s(1, 0, 0, 1)),
            edge("VALID n=1 k=4 s=2: (1-4+2)/2 truncates to 0", s(1, 1, 1, 1), s(4, 4, 1, 1), Conv2dOptions.builder().strides(2),
                    s(1, 0, 0, 1)),
            edge("VALID kernel one larger in W only", s(2, 5, 3, 2), s(2, 4, 2, 3), Conv2dOptions.builder(), s(2, 4, 0, 3)),
            edge("VALID n=2 k=3, NCHW", s(1, 1, 2, 2), s(3, 3, 1, 1), Conv2dOptions.builder().dataFormat(DataFormat.NCHW),
                    s(1, 1, 0, 0)),
            edge("VALID dilated kernel one larger", s(1, 4, 4, 1), s(2, 2, 1, 1), Conv2dOptions.builder().dilations(4),
                    s(1, 0, 0, 1)),
            edge("out_channels 0 filter", s(1, 3, 3, 1), s(1, 1, 1, 0), Conv2dOptions.builder(), s(1, 3, 3, 0)),
            edge("out_channels 0 filter, grouped", s(1, 3, 3, 4), s(2, 2, 2, 0), Conv2dOptions.builder().padding(Padding.SAME),
                    s(1, 3, 3, 0)),
            edge("only padding: [1,0,2,1] 1x1 pad 1 (testConv2dOnlyPaddingReturnsZeros)", s(1, 0, 2, 1), s(1, 1, 1, 1),
                    Conv2dOptions.builder().padding(Padding.explicit(1, 1, 1, 1)), s(1, 2, 4, 1)),
            edge("only padding: [1,0,2,1] 3x3 pad (2,2,1,1)", s(1, 0, 2, 1), s(3, 3, 1, 1),
                    Conv2dOptions.builder().padding(Padding.explicit(2, 2, 1, 1)), s(1, 2, 2, 1)),
            edge("only padding, grouped", s(1, 0, 2, 4), s(1, 1, 2, 4),
                    Conv2dOptions.builder().padding(Padding.explicit(0, 0, 1, 1, 1, 1, 0, 0)), s(1, 2, 4, 4)),
            edge("only padding, NCHW", s(1, 2, 0, 3), s(2, 2, 2, 3),
                    Conv2dOptions.builder().padding(Padding.explicit(1, 2, 0, 1)).dataFormat(DataFormat.NCHW), s(1, 3, 2, 3)),
            edge("empty spatial input, SAME", s(1, 0, 3, 1), s(2, 2, 1, 1), Conv2dOptions.builder().padding(Padding.SAME),
                    s(1, 0, 3, 1)),
            edge("empty batch (testConv2DEmpty)", s(0, 2, 3, 3), s(1, 1, 3, 3), Conv2dOptions.builder(), s(0, 2, 3, 3)),
            edge("empty batch with groups", s(0, 3, 3, 4), s(2, 2, 2, 2), Conv2dOptions.builder(), s(0, 2, 2, 2)),
            edge("empty batch, out depth not a multiple of groups", s(0, 3, 3, 4), s(1, 1, 2, 3), Conv2dOptions.builder(),
                    s(0, 3, 3, 3)),
            edge("empty leading batch dim, rank 5", s(2, 0, 3, 3, 2), s(2, 2, 2, 3), Conv2dOptions.builder(),
                    s(2, 0, 2, 2, 3)),
            edge("SAME, filter larger than input", s(1, 2, 2, 1), s(5, 5, 1, 1), Conv2dOptions.builder().padding(Padding.SAME),
                    s(1, 2, 2, 1)),
            edge("SAME, stride larger than input", s(1, 3, 3, 1), s(1, 1, 1, 1),
                    Conv2dOptions.builder().strides(5).padding(Padding.SAME), s(1, 1, 1, 1)),
            edge("SAME, dilated filter far larger than input", s(2, 3, 2, 3), s(3, 3, 3, 2),
                    Conv2dOptions.builder().dilations(3, 4).padding(Padding.SAME), s(2, 3, 2, 2)),
            edge("VALID, kernel equals input", s(2, 3, 4, 2), s(3, 4, 2, 5), Conv2dOptions.builder(), s(2, 1, 1, 5)));

    static Stream<Arguments> edges() {
        return EDGES.stream().flatMap(e -> Stream.of(Arguments.of(e, F32), Arguments.of(e, F64)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("edges")
    void documentedNonErrorMatchesTensorFlow(Edge e, DType dtype) {
        Tensor input = TfOracle.random(dtype, 3, e.input());
        Tensor filter = TfOracle.random(dtype, 4, e.filter());
        Tensor expected = tf.conv2d(input, filter, e.options());
        assertArrayEquals(e.tfShape(), expected.shape(), "TensorFlow's shape is not the documented one");
        assertArrayEquals(expected.shape(), Conv2d.outputShape(e.input(), e.filter(), e.options()), "outputShape");
        double tol = dtype == F32 ? Conv2dAgainstTensorFlowTest.TOL32 : Conv2dAgainstTensorFlowTest.TOL64;
        for (Algorithm algorithm : Algorithm.values()) {
            Tensor ours = TfOracle.conv4j(input, filter, e.options(), algorithm);
            if (ours == null) {
                continue; // a restricted fast path that does not take this request
            }
            assertArrayEquals(expected.shape(), ours.shape(), algorithm + ": shape");
            double err = TfOracle.relativeError(ours, expected);
            assertTrue(err <= tol, algorithm + ": relative error " + err);
            // Into a caller's output full of NaN: every element must be written (zeros included).
            Tensor into = nans(dtype, expected.shape());
            Conv2d.conv2d(input, filter, e.options().toBuilder().algorithm(algorithm).build(), into);
            assertTrue(TfOracle.relativeError(into, expected) <= tol, algorithm + ": into a given output");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Where TensorFlow's order of checks or its handling of empty tensors decides the answer
    // ------------------------------------------------------------------------------------------

    /**
     * A request where TensorFlow's order of checks or its handling of empty tensors decides the
     * answer (conv4j once got each of these wrong): TF either rejects it with
     * {@code tfMessage}, or (when {@code tfMessage} is null) accepts it.
     */
    record EdgeCase(String name, int[] input, DType inputType, int[] filter, DType filterType,
            Supplier<Conv2dOptions> options, String tfMessage) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<EdgeCase> edgeCases() {
        return Stream.of(
                // TF checks strides (N/C, then > 0) completely before dilations.
                new EdgeCase("stride 0 with a batch dilation", s(1, 4, 4, 1), F32, s(2, 2, 1, 1), F32,
                        opts(Conv2dOptions.builder().strides(1, 0, 1, 1).dilations(2, 1, 1, 1)), STRIDES_POSITIVE),
                // TF checks the dtypes (when the kernel is called) before any shape (in the kernel);
                // conv4j checks ranks first.
                new EdgeCase("rank-3 input with a float64 filter", s(4, 4, 1), F32, s(2, 2, 1, 1), F64,
                        opts(Conv2dOptions.builder()),
                        "cannot compute Conv2D as input #1(zero-based) was expected to be a float tensor but is a double tensor"),
                new EdgeCase("rank-3 filter of another dtype", s(1, 4, 4, 1), F64, s(2, 2, 1), F32, opts(Conv2dOptions.builder()),
                        "cannot compute Conv2D as input #1(zero-based) was expected to be a double tensor but is a float tensor"),
                // TF returns zeros for an empty input before looking at the filter's zero dims.
                new EdgeCase("only padding, zero-width filter", s(1, 0, 2, 1), F32, s(1, 0, 1, 1), F32,
                        () -> Conv2dOptions.builder().padding(Padding.explicit(1, 1, 1, 1)).build(), null),
                // Input depth 0: groups = 0 / KC = 0. TF returns zeros (output non-empty, input empty).
                new EdgeCase("zero input channels", s(1, 3, 3, 0), F32, s(1, 1, 1, 2), F32, opts(Conv2dOptions.builder()),
                        null),
                new EdgeCase("zero input channels, filter depth 2", s(1, 3, 3, 0), F32, s(1, 1, 2, 2), F32,
                        opts(Conv2dOptions.builder()), null),
                // Empty outputs that TF returns but conv4j's GEMM plan (AUTO) fails to build:
                // ArithmeticException "/ by zero" in GemmConv2d.<init> (tilesPerBlock divides by
                // the patch depth KH*KW*(C/groups), which is 0 here). REFERENCE gets them right.
                new EdgeCase("GEMM: empty batch, zero-height filter", s(0, 3, 3, 1), F32, s(0, 1, 1, 1), F32,
                        opts(Conv2dOptions.builder()), null),
                new EdgeCase("GEMM: empty batch, zero-width filter", s(0, 3, 3, 2), F64, s(2, 0, 2, 3), F64,
                        opts(Conv2dOptions.builder()), null),
                new EdgeCase("GEMM: out_channels 0 and zero-height filter", s(1, 3, 3, 1), F32, s(0, 1, 1, 0), F32,
                        opts(Conv2dOptions.builder()), null),
                new EdgeCase("GEMM: zero input channels, out_channels 0", s(1, 3, 3, 0), F32, s(1, 1, 1, 0), F32,
                        opts(Conv2dOptions.builder()), null),
                new EdgeCase("GEMM: zero input channels, out_channels 0, SAME", s(1, 3, 3, 0), F64, s(2, 2, 1, 0), F64,
                        opts(Conv2dOptions.builder().padding(Padding.SAME)), null),
                new EdgeCase("GEMM: zero input channels, empty batch", s(0, 3, 3, 0), F32, s(1, 1, 1, 3), F32,
                        opts(Conv2dOptions.builder()), null),
                new EdgeCase("GEMM: zero input channels, empty height", s(1, 0, 3, 0), F32, s(1, 1, 1, 3), F32,
                        opts(Conv2dOptions.builder()), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edgeCases")
    void edgeCasesWhereOrderOfChecksOrEmptinessMatters(EdgeCase d) {
        Tensor input = TfOracle.random(d.inputType(), 5, d.input());
        Tensor filter = TfOracle.random(d.filterType(), 6, d.filter());
        for (Algorithm algorithm : Algorithm.values()) {
            Conv2dOptions options = d.options().get().toBuilder().algorithm(algorithm).build();
            if (d.tfMessage() != null) {
                TfOracle.Rejected rejected = assertThrows(TfOracle.Rejected.class, () -> tf.conv2d(input, filter, options));
                assertEquals(d.tfMessage(), rejected.getMessage());
                assertMessage(rejected.getMessage(), assertThrows(IllegalArgumentException.class,
                        () -> Conv2d.conv2d(input, filter, options)));
            } else {
                Tensor expected = tf.conv2d(input, filter, options);
                Tensor ours = TfOracle.conv4j(input, filter, options, algorithm);
                if (ours == null) {
                    continue; // a restricted fast path that does not take this request
                }
                assertArrayEquals(expected.shape(), ours.shape(), algorithm + ": shape");
                assertEquals(0.0, TfOracle.relativeError(ours, expected), algorithm + ": values");
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // conv4j's own API checks (no TF counterpart)
    // ------------------------------------------------------------------------------------------

    @Test
    void planRejectsAnotherInputShapeOrDtype() {
        Tensor filter = TfOracle.random(F32, 7, 3, 3, 2, 4);
        ConvPlan plan = Conv2d.plan(s(1, 6, 6, 2), filter, Conv2dOptions.DEFAULTS);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> plan.execute(TfOracle.random(F32, 8, 1, 6, 5, 2)));
        assertTrue(shape.getMessage().contains("[1, 6, 6, 2]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> plan.execute(TfOracle.random(F32, 8, 1, 6, 6, 2, 1)));
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> plan.execute(TfOracle.random(F64, 8, 1, 6, 6, 2)));
        assertTrue(dtype.getMessage().contains("float32"), dtype.getMessage());
        Tensor output = nans(F32, plan.outputShape());
        assertThrows(IllegalArgumentException.class, () -> plan.execute(TfOracle.random(F64, 8, 1, 6, 6, 2), output));
        assertUntouched(output);
    }

    @Test
    void planRejectsAWrongOutputBeforeWriting() {
        Tensor filter = TfOracle.random(F64, 7, 3, 3, 2, 4);
        ConvPlan plan = Conv2d.plan(s(2, 6, 6, 2), filter, Conv2dOptions.DEFAULTS);
        assertArrayEquals(s(2, 4, 4, 4), plan.outputShape());
        Tensor input = TfOracle.random(F64, 8, 2, 6, 6, 2);
        for (int[] wrong : new int[][] {{2, 4, 4, 3}, {1, 4, 4, 4}, {2, 4, 4, 4, 1}, {2, 16, 4}}) {
            Tensor output = nans(F64, wrong);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan.execute(input, output));
            assertTrue(e.getMessage().contains("[2, 4, 4, 4]"), e.getMessage());
            assertUntouched(output);
        }
        Tensor wrongType = nans(F32, 2, 4, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> plan.execute(input, wrongType));
        assertUntouched(wrongType);
        // through Conv2d.conv2d(..., output) as well
        Tensor viaConv = nans(F64, 2, 4, 4, 3);
        assertThrows(IllegalArgumentException.class, () -> Conv2d.conv2d(input, filter, Conv2dOptions.DEFAULTS, viaConv));
        assertUntouched(viaConv);
    }

    @Test
    void outputMustNotShareTheInputArray() {
        // A 1x1 VALID conv keeps the shape, so the input's own array would fit as the output.
        float[] data = new float[2 * 5 * 5 * 3];
        Arrays.fill(data, 0.5f);
        Tensor input = Tensor.of(data, 2, 5, 5, 3);
        Tensor filter = TfOracle.random(F32, 9, 1, 1, 3, 3);
        Tensor sameArray = Tensor.of(data, 2, 5, 5, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2d.conv2d(input, filter, Conv2dOptions.DEFAULTS, sameArray));
        assertTrue(e.getMessage().contains("share"), e.getMessage());
        for (float v : data) {
            assertEquals(0.5f, v, "the input was written");
        }
        double[] d = new double[4 * 4];
        Tensor in64 = Tensor.of(d, 1, 4, 4, 1);
        ConvPlan plan = Conv2d.plan(s(1, 4, 4, 1), TfOracle.random(F64, 9, 1, 1, 1, 1), Conv2dOptions.DEFAULTS);
        assertThrows(IllegalArgumentException.class, () -> plan.execute(in64, Tensor.of(d, 1, 4, 4, 1)));
    }

    @Test
    void dataFormatParseUsesTensorFlowsMessage() {
        TfOracle.Rejected rejected = assertThrows(TfOracle.Rejected.class, () -> tf.rawConv2d(TfOracle.random(F32, 1, 1, 4, 4, 1),
                TfOracle.random(F32, 2, 2, 2, 1, 1), l(1, 1, 1, 1), "VALID", null, null, "NHCW"));
        assertEquals("Value for attr 'data_format' of \"NHCW\" is not in the list of allowed values: \"NHWC\", \"NCHW\"",
                rejected.getMessage());
        assertMessage(rejected.getMessage(), assertThrows(IllegalArgumentException.class, () -> DataFormat.parse("NHCW")));
    }

    @Test
    void negativeThreadCountIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Conv2dOptions.builder().threads(-1));
    }

    // ------------------------------------------------------------------------------------------

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
