package org.conv4j.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code conv2d_backprop_input}'s validation against TensorFlow's (tf-conv-semantics.md §9 and
 * the {@code bpi_*} rows of Appendix A; TF 2.18's CPU kernel {@code Conv2DCustomBackpropInputOp}).
 *
 * <p>Every invalid request must be rejected by every entry point ({@code conv2dBackpropInput},
 * {@code plan}, {@code conv2dTranspose}; every algorithm) with an
 * {@link IllegalArgumentException} whose message contains TensorFlow's text. TF runs the same
 * request: it must reject it with exactly the documented text, and conv4j's message must contain
 * the text TF actually reported.
 *
 * <p>The requests TF's CPU kernel refuses though TensorFlow computes them elsewhere (NCHW,
 * dilations, groups) are computed by conv4j: TF must still refuse them with its documented text,
 * and conv4j's answer must equal TF's for the equivalent request TF's CPU kernel takes
 * ({@link TfOracle#conv2dBackpropInput}) and the values Appendix A lists. The documented
 * non-errors (empty tensors, the transpose's valid output sizes) must give TF's shape and values.
 */
class Conv2dBackpropInputValidationTest {
    private static final DType F32 = DType.FLOAT32;
    private static final DType F64 = DType.FLOAT64;
    private static final String LABEL = "Conv2DCustomBackpropInput: ";

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
        /** {@link TfOracle#conv2dBackpropInput} with the same options. */
        SAME_REQUEST,
        /** The raw op with these attributes (conv4j's options cannot even be built). */
        RAW,
        /**
         * TF's forward {@code Conv2D} of the same forward problem: a rule of the forward
         * convolution that TF's backprop CPU kernel never reaches, because it refuses dilations
         * and groups before.
         */
        FORWARD,
        /** A rule of Python's {@code tf.nn} wrappers, which TF-Java cannot run. */
        PYTHON_ONLY
    }

    /** The raw TF attributes of a {@link TfForm#RAW} request (NHWC). */
    record Raw(long[] strides, String padding, long[] explicitPaddings, long[] dilations) {
    }

    /** One invalid request and the message TF gives for it. */
    record Invalid(String rule, String tfMessage, int[] sizes, int[] filter, DType filterType, int[] dy, DType dyType,
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

    private static Invalid bad(String rule, String tfMessage, int[] sizes, int[] filter, int[] dy,
            Supplier<Conv2dOptions> options) {
        return new Invalid(rule, tfMessage, sizes, filter, F32, dy, F32, options, TfForm.SAME_REQUEST, null);
    }

    private static Supplier<Conv2dOptions> opts(Conv2dOptions.Builder b) {
        return b::build;
    }

    private static Supplier<Conv2dOptions> valid() {
        return opts(Conv2dOptions.builder());
    }

    private static Supplier<Conv2dOptions> nchw(Conv2dOptions.Builder b) {
        return () -> b.dataFormat(DataFormat.NCHW).build();
    }

    private static Invalid badRaw(String rule, String tfMessage, Supplier<Conv2dOptions> options, Raw raw) {
        return new Invalid(rule, tfMessage, s(1, 4, 4, 1), s(2, 2, 1, 1), F32, s(1, 3, 3, 1), F32, options, TfForm.RAW, raw);
    }

    static final List<Invalid> INVALID = List.of(
            // out_backprop must be exactly the forward output (Appendix A bpi_outbackprop_mismatch, ..._out13_bad)
            bad("bpi_outbackprop_mismatch", LABEL + "Size of out_backprop doesn't match computed: actual = 2, computed = 3 "
                    + "spatial_dim: 1 input: 4 filter: 2 output: 2 stride: 1 dilation: 1",
                    s(1, 4, 4, 1), s(2, 2, 1, 1), s(1, 2, 3, 1), valid()),
            bad("out_backprop too wide", LABEL + "Size of out_backprop doesn't match computed: actual = 2, computed = 3 "
                    + "spatial_dim: 2 input: 4 filter: 2 output: 2 stride: 1 dilation: 1",
                    s(1, 4, 4, 1), s(2, 2, 1, 1), s(1, 3, 2, 1), valid()),
            bad("bpi_transpose_stride2_same_out13_bad", LABEL + "Size of out_backprop doesn't match computed: actual = 6, "
                    + "computed = 7 spatial_dim: 1 input: 13 filter: 3 output: 6 stride: 2 dilation: 1",
                    s(1, 13, 13, 1), s(3, 3, 1, 1), s(1, 6, 6, 1), opts(Conv2dOptions.builder().strides(2).padding(Padding.SAME))),
            bad("transpose below the valid output sizes", LABEL + "Size of out_backprop doesn't match computed: actual = 6, "
                    + "computed = 5 spatial_dim: 1 input: 10 filter: 3 output: 6 stride: 2 dilation: 1",
                    s(1, 10, 12, 1), s(3, 3, 1, 1), s(1, 6, 6, 1), opts(Conv2dOptions.builder().strides(2).padding(Padding.SAME))),
            bad("VALID transpose one too large", LABEL + "Size of out_backprop doesn't match computed: actual = 3, "
                    + "computed = 4 spatial_dim: 1 input: 9 filter: 3 output: 3 stride: 2 dilation: 1",
                    s(1, 9, 8, 1), s(3, 3, 1, 1), s(1, 3, 3, 1), opts(Conv2dOptions.builder().strides(2))),
            bad("mismatch, explicit padding", LABEL + "Size of out_backprop doesn't match computed: actual = 4, "
                    + "computed = 5 spatial_dim: 2 input: 4 filter: 2 output: 4 stride: 1 dilation: 1",
                    s(1, 4, 4, 1), s(2, 2, 1, 1), s(1, 4, 4, 1), opts(Conv2dOptions.builder().padding(Padding.explicit(1, 0, 1, 1)))),
            // NCHW numbers the spatial dimensions 2 and 3 (TF runs it as NHWC; the oracle renumbers).
            bad("mismatch in W, NCHW", LABEL + "Size of out_backprop doesn't match computed: actual = 2, computed = 3 "
                    + "spatial_dim: 3 input: 4 filter: 2 output: 2 stride: 1 dilation: 1",
                    s(1, 1, 4, 4), s(2, 2, 1, 1), s(1, 1, 3, 2), nchw(Conv2dOptions.builder())),
            bad("order: rows before columns", LABEL + "Size of out_backprop doesn't match computed: actual = 2, computed = 3 "
                    + "spatial_dim: 1 input: 4 filter: 2 output: 2 stride: 1 dilation: 1",
                    s(1, 4, 1, 1), s(2, 3, 1, 1), s(1, 2, 2, 1), valid()),
            bad("negative forward output", "Computed output size would be negative: -1 [input_size: 1, effective_filter_size: 3, "
                    + "stride: 1]", s(1, 1, 4, 1), s(3, 1, 1, 1), s(1, 0, 4, 1), valid()),
            bad("negative forward output, stride 2", "Computed output size would be negative: -1 [input_size: 1, "
                    + "effective_filter_size: 5, stride: 2]", s(1, 4, 1, 1), s(1, 5, 1, 1), s(1, 2, 0, 1),
                    opts(Conv2dOptions.builder().strides(2))),
            // input_sizes (Appendix A bpi_sizes_len3; Conv2DBackpropComputeInputShape)
            bad("bpi_sizes_len3", "Conv2DBackpropInput requires input_sizes to contain 4 values or 2 values, but got: 3",
                    s(1, 4, 4), s(2, 2, 1, 1), s(1, 3, 3, 1), valid()),
            bad("input_sizes of 5 values", "Conv2DBackpropInput requires input_sizes to contain 4 values or 2 values, but got: 5",
                    s(1, 4, 4, 1, 1), s(2, 2, 1, 1), s(1, 3, 3, 1), valid()),
            bad("input_sizes of 1 value", "Conv2DBackpropInput requires input_sizes to contain 4 values or 2 values, but got: 1",
                    s(4), s(2, 2, 1, 1), s(1, 3, 3, 1), valid()),
            bad("negative spatial input_sizes", "Conv2DBackpropInput: elements of input_sizes must be >= 0, not -1x4",
                    s(-1, 4), s(2, 2, 1, 1), s(1, 3, 3, 1), valid()),
            bad("negative spatial input_sizes (W)", "Conv2DBackpropInput: elements of input_sizes must be >= 0, not 2x-2",
                    s(2, -2), s(1, 1, 1, 1), s(1, 1, 1, 1), valid()),
            bad("negative input_sizes", "Dimension -4 must be >= 0", s(1, -4, 4, 1), s(2, 2, 1, 1), s(1, 3, 3, 1), valid()),
            bad("negative batch in input_sizes", "Dimension -1 must be >= 0", s(-1, 4, 4, 1), s(2, 2, 1, 1), s(1, 3, 3, 1),
                    valid()),
            // ranks
            bad("out_backprop rank 3", "input_sizes must be 4-dimensional, got: 3", s(1, 4, 4, 1), s(2, 2, 1, 1), s(3, 3, 1),
                    valid()),
            bad("out_backprop rank 5", "input_sizes must be 4-dimensional, got: 5", s(1, 4, 4, 1), s(2, 2, 1, 1),
                    s(1, 1, 3, 3, 1), valid()),
            bad("order: out_backprop's rank before input_sizes", "input_sizes must be 4-dimensional, got: 3", s(1, 4, 4),
                    s(2, 2, 1, 1), s(3, 3, 1), valid()),
            bad("order: input_sizes before the filter's rank",
                    "Conv2DBackpropInput requires input_sizes to contain 4 values or 2 values, but got: 3", s(1, 4, 4),
                    s(2, 2, 1), s(1, 3, 3, 1), valid()),
            bad("filter rank 3", LABEL + "filter must be 4-dimensional", s(1, 4, 4, 1), s(2, 2, 1), s(1, 3, 3, 1), valid()),
            bad("filter rank 5", LABEL + "filter must be 4-dimensional", s(1, 4, 4, 1), s(2, 2, 1, 1, 1), s(1, 3, 3, 1), valid()),
            bad("filter rank 3, spatial input_sizes", LABEL + "filter must be 4-dimensional", s(4, 4), s(2, 2, 1),
                    s(1, 3, 3, 1), valid()),
            // batch and depths (Appendix A bpi_depth_mismatch, bpi_outdepth_mismatch)
            bad("batch mismatch", LABEL + "input and out_backprop must have the same batch size. Input batch: 2, outbackprop "
                    + "batch: 1, batch_dim: 0", s(2, 4, 4, 1), s(2, 2, 1, 1), s(1, 3, 3, 1), valid()),
            bad("batch mismatch, NCHW", LABEL + "input and out_backprop must have the same batch size. Input batch: 3, "
                    + "outbackprop batch: 2, batch_dim: 0", s(3, 1, 4, 4), s(2, 2, 1, 1), s(2, 1, 3, 3),
                    nchw(Conv2dOptions.builder())),
            bad("order: batch before sizes", LABEL + "input and out_backprop must have the same batch size. Input batch: 2, "
                    + "outbackprop batch: 1, batch_dim: 0", s(2, 4, 4, 1), s(2, 2, 1, 1), s(1, 2, 2, 1), valid()),
            bad("bpi_depth_mismatch", LABEL + "input depth must be evenly divisible by filter depth", s(1, 4, 4, 3),
                    s(2, 2, 2, 1), s(1, 3, 3, 1), valid()),
            bad("bpi_outdepth_mismatch", LABEL + "filter and out_backprop must have the same out_depth", s(1, 4, 4, 1),
                    s(2, 2, 1, 3), s(1, 3, 3, 2), valid()),
            bad("order: out depth before the output size", LABEL + "filter and out_backprop must have the same out_depth",
                    s(1, 1, 4, 1), s(3, 1, 1, 2), s(1, 3, 3, 1), valid()),
            bad("filter depth 0", LABEL + "filter depth must be strictly greated than zero", s(1, 4, 4, 1), s(2, 2, 0, 1),
                    s(1, 3, 3, 1), valid()),
            bad("filter depth 0, spatial input_sizes", LABEL + "filter depth must be strictly greated than zero", s(4, 4),
                    s(2, 2, 0, 1), s(1, 3, 3, 1), valid()),
            // dtypes: T comes from the filter, so out_backprop (input #2) is the one reported
            new Invalid("float32 filter, float64 out_backprop", "cannot compute Conv2DBackpropInput as input #2(zero-based) was "
                    + "expected to be a float tensor but is a double tensor", s(1, 4, 4, 1), s(2, 2, 1, 1), F32, s(1, 3, 3, 1),
                    F64, valid(), TfForm.SAME_REQUEST, null),
            new Invalid("float64 filter, float32 out_backprop", "cannot compute Conv2DBackpropInput as input #2(zero-based) was "
                    + "expected to be a double tensor but is a float tensor", s(1, 4, 4, 1), s(2, 2, 1, 1), F64, s(1, 3, 3, 1),
                    F32, valid(), TfForm.SAME_REQUEST, null),
            new Invalid("order: dtype before out_backprop's rank", "cannot compute Conv2DBackpropInput as input #2(zero-based) "
                    + "was expected to be a float tensor but is a double tensor", s(1, 4, 4), s(2, 2, 1, 1), F32, s(3, 3, 1),
                    F64, valid(), TfForm.SAME_REQUEST, null),
            new Invalid("order: stride 0 before dtype", "Row and column strides should be larger than 0.", s(1, 4, 4, 1),
                    s(2, 2, 1, 1), F32, s(1, 3, 3, 1), F64, opts(Conv2dOptions.builder().strides(1, 0)), TfForm.SAME_REQUEST,
                    null),
            // attributes (kernel construction)
            bad("stride 0", "Row and column strides should be larger than 0.", s(1, 4, 4, 1), s(2, 2, 1, 1), s(1, 3, 3, 1),
                    opts(Conv2dOptions.builder().strides(0))),
            bad("stride in batch", "Current implementation does not yet support strides in the batch and depth dimensions.",
                    s(1, 4, 4, 1), s(2, 2, 1, 1), s(1, 3, 3, 1), opts(Conv2dOptions.builder().strides(2, 1, 1, 1))),
            bad("stride in depth (NCHW)", "Current implementation does not yet support strides in the batch and depth "
                    + "dimensions.", s(1, 1, 4, 4), s(2, 2, 1, 1), s(1, 1, 3, 3), nchw(Conv2dOptions.builder().strides(1, 2, 1, 1))),
            bad("dilation in depth", "Current implementation does not yet support dilations in the batch and depth dimensions.",
                    s(1, 4, 4, 1), s(2, 2, 1, 1), s(1, 3, 3, 1), opts(Conv2dOptions.builder().dilations(1, 1, 1, 2))),
            bad("order: strides before dilations", "Current implementation does not yet support strides in the batch and "
                    + "depth dimensions.", s(1, 4, 4, 1), s(2, 2, 1, 1), s(1, 3, 3, 1),
                    opts(Conv2dOptions.builder().strides(2, 1, 1, 1).dilations(0))),
            badRaw("explicit padding negative", "All elements of explicit_paddings must be nonnegative",
                    () -> Conv2dOptions.builder().padding(Padding.explicit(0, 0, -1, 0)).build(),
                    new Raw(l(1, 1, 1, 1), "EXPLICIT", l(0, 0, 0, 0, -1, 0, 0, 0), null)),
            badRaw("explicit padding with 6 values", "explicit_paddings attribute must contain 8 values, but got: 6",
                    () -> Conv2dOptions.builder().padding(Padding.explicit(0, 0, 0, 0, 0, 0)).build(),
                    new Raw(l(1, 1, 1, 1), "EXPLICIT", l(0, 0, 0, 0, 0, 0), null)),
            bad("explicit padding in batch", "Nonzero explicit padding in the batch or depth dimensions is not supported",
                    s(1, 4, 4, 1), s(2, 2, 1, 1), s(1, 3, 3, 1),
                    opts(Conv2dOptions.builder().padding(Padding.explicit(1, 0, 0, 0, 0, 0, 0, 0)))),
            // Rules of the forward convolution, which TF's backprop CPU kernel never reaches (it
            // refuses every dilation above 1 and every group first, with the texts below).
            new Invalid("dilation 0", "Dilated rates should be larger than 0.", s(1, 4, 4, 1), s(2, 2, 1, 1), F32,
                    s(1, 3, 3, 1), F32, opts(Conv2dOptions.builder().dilations(1, 0)), TfForm.FORWARD, null),
            new Invalid("groups: output depth not a multiple", "output depth must be evenly divisible by number of groups: "
                    + "3 vs 2", s(1, 4, 4, 4), s(2, 2, 2, 3), F32, s(1, 3, 3, 3), F32, valid(), TfForm.FORWARD, null),
            new Invalid("groups: output depth smaller than groups", "output depth must be evenly divisible by number of "
                    + "groups: 2 vs 4", s(1, 4, 4, 4), s(2, 2, 1, 2), F32, s(1, 3, 3, 2), F32, valid(), TfForm.FORWARD, null),
            // conv4j takes tf.nn's 1-, 2- or 4-number forms; the length rule is Python's.
            new Invalid("strides of length 3", "strides should be of length 1, 2 or 4", s(1, 4, 4, 1), s(2, 2, 1, 1), F32,
                    s(1, 3, 3, 1), F32, opts(Conv2dOptions.builder().strides(1, 1, 1)), TfForm.PYTHON_ONLY, null));

    static Stream<Invalid> invalid() {
        return INVALID.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidRequestIsRejectedWithTensorFlowsMessage(Invalid c) {
        String tfReported = c.tfMessage();
        if (c.form() != TfForm.PYTHON_ONLY) {
            Tensor filter = TfOracle.random(c.filterType(), 2, c.filter());
            Tensor dy = TfOracle.random(c.dyType(), 3, c.dy());
            TfOracle.Rejected rejected = assertThrows(TfOracle.Rejected.class, () -> {
                switch (c.form()) {
                    case RAW -> tf.rawConv2dBackpropInput(c.sizes(), filter, dy, c.raw().strides(), c.raw().padding(),
                            c.raw().explicitPaddings(), c.raw().dilations(), "NHWC");
                    case FORWARD -> tf.conv2d(TfOracle.random(F32, 1, c.sizes()), filter, c.options().get());
                    default -> tf.conv2dBackpropInput(c.sizes(), filter, dy, c.options().get());
                }
            }, "TensorFlow accepted it");
            tfReported = rejected.getMessage();
            assertEquals(c.tfMessage(), tfReported, "TensorFlow's message is not the documented one");
        }
        String message = tfReported;
        Tensor filter = TfOracle.random(c.filterType(), 2, c.filter());
        Tensor dy = TfOracle.random(c.dyType(), 3, c.dy());
        for (Algorithm algorithm : Algorithm.values()) {
            assertMessage(message, assertThrows(IllegalArgumentException.class,
                    () -> Conv2dBackpropInput.conv2dBackpropInput(c.sizes(), filter, dy,
                            c.options().get().toBuilder().algorithm(algorithm).build())));
            assertMessage(message, assertThrows(IllegalArgumentException.class,
                    () -> Conv2dBackpropInput.conv2dTranspose(dy, filter, c.sizes(),
                            c.options().get().toBuilder().algorithm(algorithm).build())));
        }
        if (c.filterType() == c.dyType()) {
            assertMessage(message, assertThrows(IllegalArgumentException.class,
                    () -> Conv2dBackpropInput.plan(c.sizes(), c.dy(), filter, c.options().get())));
        }
    }

    private static void assertMessage(String expectedPart, IllegalArgumentException e) {
        assertTrue(String.valueOf(e.getMessage()).contains(expectedPart),
                "conv4j's message \"" + e.getMessage() + "\" does not contain TensorFlow's \"" + expectedPart + "\"");
    }

    // ------------------------------------------------------------------------------------------
    // What TF's CPU kernel refuses and conv4j computes (Appendix A bpi_dilation_cpu, bpi_nchw_cpu,
    // bpi_grouped), and the documented non-errors
    // ------------------------------------------------------------------------------------------

    /**
     * A request TF accepts, or whose CPU refusal is {@code cpuRefusal}; inputs are
     * {@code arange(1..N)} as in Appendix A, and {@code first} are the first values of the
     * answer (Appendix A's, or worked out by hand), {@code null} where not listed.
     */
    record Accepted(String name, int[] sizes, int[] filter, int[] dy, DType dtype, Conv2dOptions options, int[] shape,
            double[] first, String cpuRefusal) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Accepted ok(String name, int[] sizes, int[] filter, int[] dy, Conv2dOptions.Builder options,
            int[] shape, double[] first) {
        return new Accepted(name, sizes, filter, dy, F32, options.build(), shape, first, null);
    }

    private static double[] d(double... v) {
        return v;
    }

    static final List<Accepted> ACCEPTED = List.of(
            new Accepted("bpi_dilation_cpu", s(1, 4, 4, 1), s(2, 2, 1, 1), s(1, 2, 2, 1), F32,
                    Conv2dOptions.builder().dilations(2).build(), s(1, 4, 4, 1), d(1, 2, 2, 4),
                    "Current CPU implementations do not yet support dilation rates larger than 1."),
            new Accepted("bpi_nchw_cpu", s(1, 1, 4, 4), s(2, 2, 1, 1), s(1, 1, 3, 3), F32,
                    Conv2dOptions.builder().dataFormat(DataFormat.NCHW).build(), s(1, 1, 4, 4), d(1, 4, 7, 6),
                    "Conv2DCustomBackpropInputOp only supports NHWC."),
            new Accepted("bpi_grouped", s(1, 4, 4, 4), s(2, 2, 2, 4), s(1, 3, 3, 4), F32, Conv2dOptions.DEFAULTS,
                    s(1, 4, 4, 4), d(5, 17, 25, 53), "Gradients for grouped convolutions are not supported on CPU. Please "
                    + "file a feature request if you run into this issue. Computed input depth 4 doesn't match filter "
                    + "input depth 2"),
            new Accepted("grouped, dilated, strided NCHW float64", s(2, 6, 9, 8), s(3, 2, 2, 9), s(2, 9, 5, 4), F64,
                    Conv2dOptions.builder().dataFormat(DataFormat.NCHW).strides(2).dilations(2, 1).padding(Padding.SAME)
                            .build(), s(2, 6, 9, 8), null, "Conv2DCustomBackpropInputOp only supports NHWC."),
            ok("bpi_transpose_stride2_same_out11", s(1, 11, 11, 1), s(3, 3, 1, 1), s(1, 6, 6, 1),
                    Conv2dOptions.builder().strides(2).padding(Padding.SAME), s(1, 11, 11, 1), d(5, 14, 10, 24)),
            ok("bpi_transpose_stride2_same_out12", s(1, 12, 12, 1), s(3, 3, 1, 1), s(1, 6, 6, 1),
                    Conv2dOptions.builder().strides(2).padding(Padding.SAME), s(1, 12, 12, 1), d(1, 2, 5, 4)),
            ok("spatial input_sizes: batch from out_backprop, depth from the filter", s(5, 4), s(2, 2, 3, 2), s(2, 4, 3, 2),
                    Conv2dOptions.builder(), s(2, 5, 4, 3), null),
            ok("spatial input_sizes, NCHW", s(5, 4), s(2, 2, 3, 2), s(2, 2, 4, 3),
                    Conv2dOptions.builder().dataFormat(DataFormat.NCHW), s(2, 3, 5, 4), null),
            ok("empty batch", s(0, 4, 4, 2), s(2, 2, 2, 3), s(0, 3, 3, 3), Conv2dOptions.builder(), s(0, 4, 4, 2), null),
            ok("empty rows", s(1, 0, 4, 2), s(1, 1, 2, 3), s(1, 0, 4, 3), Conv2dOptions.builder(), s(1, 0, 4, 2), null),
            ok("empty out_backprop only: zeros", s(1, 2, 4, 1), s(3, 1, 1, 1), s(1, 0, 4, 1), Conv2dOptions.builder(),
                    s(1, 2, 4, 1), d(0, 0, 0, 0)),
            ok("no output channels: zeros", s(1, 4, 4, 1), s(2, 2, 1, 0), s(1, 3, 3, 0), Conv2dOptions.builder(), s(1, 4, 4, 1),
                    d(0, 0, 0, 0)),
            ok("no output channels, grouped: zeros", s(1, 4, 4, 4), s(2, 2, 2, 0), s(1, 3, 3, 0), Conv2dOptions.builder(),
                    s(1, 4, 4, 4), d(0, 0, 0, 0)),
            ok("filter without taps (batch 1): zeros", s(1, 4, 4, 1), s(0, 2, 1, 1), s(1, 5, 3, 1), Conv2dOptions.builder(),
                    s(1, 4, 4, 1), d(0, 0, 0, 0)),
            new Accepted("filter without taps (float64): zeros", s(2, 4, 4, 1), s(2, 0, 1, 1), s(2, 4, 4, 1), F64,
                    Conv2dOptions.builder().padding(Padding.SAME).build(), s(2, 4, 4, 1), d(0, 0, 0, 0), null),
            ok("VALID (1-3+2)/2 = 0: empty out_backprop, zeros", s(3, 1, 1, 2), s(1, 3, 2, 3), s(3, 1, 0, 3),
                    Conv2dOptions.builder().strides(1, 2), s(3, 1, 1, 2), d(0, 0, 0, 0)));

    static Stream<Accepted> accepted() {
        return ACCEPTED.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void computedAsTensorFlowDoes(Accepted c) {
        Tensor filter = TfOracle.arange(c.dtype(), c.filter());
        Tensor dy = TfOracle.arange(c.dtype(), c.dy());
        if (c.cpuRefusal() != null) {
            TfOracle.Rejected refused = assertThrows(TfOracle.Rejected.class, () -> tf.rawConv2dBackpropInput(
                    c.sizes(), filter, dy,
                    fourNumbers(c.options().strides(), c.options().dataFormat()), c.options().padding().kind().name(), null,
                    fourNumbers(c.options().dilations(), c.options().dataFormat()), c.options().dataFormat().name()));
            assertEquals(c.cpuRefusal(), refused.getMessage());
        }
        Tensor expected = tf.conv2dBackpropInput(c.sizes(), filter, dy, c.options());
        assertArrayEquals(c.shape(), expected.shape(), "TF's shape");
        for (Algorithm algorithm : Algorithm.values()) {
            Conv2dOptions options = c.options().toBuilder().algorithm(algorithm).build();
            Tensor ours;
            try {
                ours = Conv2dBackpropInput.conv2dBackpropInput(c.sizes(), filter, dy, options);
            } catch (IllegalArgumentException refused) {
                assertEquals(Algorithm.WINOGRAD, algorithm, refused::getMessage);
                continue;
            }
            assertArrayEquals(c.shape(), ours.shape(), algorithm.name());
            double tol = c.dtype() == F32 ? 1e-5 : 1e-12;
            assertTrue(TfOracle.relativeError(ours, expected) <= tol, algorithm + ": differs from TF");
            if (c.first() != null) {
                for (int i = 0; i < c.first().length; i++) {
                    assertEquals(c.first()[i], ours.getDouble(i), 1e-4 * Math.abs(c.first()[i]), algorithm + " value " + i);
                }
            }
        }
    }

    /** conv4j's strides or dilations as TF's four numbers in the data format's order. */
    private static long[] fourNumbers(int[] v, DataFormat format) {
        long h = v[0];
        long w = v[v.length == 1 ? 0 : 1];
        return format == DataFormat.NHWC ? l(1, h, w, 1) : l(1, 1, h, w);
    }
}
