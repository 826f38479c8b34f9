package org.conv4j.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.conv4j.DType;
import org.conv4j.ExtractPatches;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * conv4j's extract_patches validation against TensorFlow's (TF 2.18 {@code ExtractImagePatches}:
 * op registration, kernel, and the graph-mode shape function).
 *
 * <p>For every invalid request, each entry point ({@link ExtractPatches#extractPatches},
 * {@link ExtractPatches#outputShape}, {@link ExtractPatches#plan}) must throw
 * {@link IllegalArgumentException} whose message contains TensorFlow's text. TensorFlow is asked
 * the same question and must answer with exactly that text: eagerly (the reference kernel), or,
 * for the rules only the shape function has, by adding the op to a graph.
 */
class ExtractPatchesValidationTest {
    private static TfOracle tf;

    @BeforeAll
    static void startTensorFlow() {
        tf = new TfOracle();
    }

    @AfterAll
    static void stopTensorFlow() {
        tf.close();
    }

    /** Where TensorFlow gives the message. */
    enum TfMode {
        /** The eager kernel (or the op registration it checks first). */
        EAGER,
        /** Only the graph-mode shape function: eager TensorFlow ignores values past the fourth. */
        GRAPH
    }

    /**
     * One invalid request. Attributes of 2 numbers are conv4j's form and reach TensorFlow as
     * {@code [1, a, b, 1]}; any other length reaches it as given.
     */
    record Invalid(String rule, String tfMessage, TfMode mode, int[] input, int[] sizes, int[] strides, int[] rates,
            Padding padding) {
        @Override
        public String toString() {
            return rule;
        }
    }

    private static int[] s(int... v) {
        return v;
    }

    private static final int[] IMAGE = {1, 4, 4, 1};
    private static final int[] ONE = {1, 1};

    private static Invalid bad(String rule, String tfMessage, int[] sizes, int[] strides, int[] rates) {
        return new Invalid(rule, tfMessage, TfMode.EAGER, IMAGE, sizes, strides, rates, Padding.VALID);
    }

    static final List<Invalid> INVALID = List.of(
            // The op registration: "list(int) >= 4".
            bad("ksizes of length 3", "Length for attr 'ksizes' of 3 must be at least minimum 4", s(1, 2, 2), ONE, ONE),
            bad("ksizes of length 1", "Length for attr 'ksizes' of 1 must be at least minimum 4", s(2), ONE, ONE),
            bad("strides of length 3", "Length for attr 'strides' of 3 must be at least minimum 4", s(2, 2), s(1, 1, 1), ONE),
            bad("rates of length 0", "Length for attr 'rates' of 0 must be at least minimum 4", s(2, 2), ONE, s()),
            // The shape function: exactly 4 (eager TensorFlow reads four and ignores the rest).
            new Invalid("ksizes of length 5", "ExtractImagePatches requires the ksizes attribute to contain 4 values, "
                    + "but got: 5", TfMode.GRAPH, IMAGE, s(1, 2, 2, 1, 1), ONE, ONE, Padding.VALID),
            new Invalid("strides of length 5", "ExtractImagePatches requires the stride attribute to contain 4 values, "
                    + "but got: 5", TfMode.GRAPH, IMAGE, s(2, 2), s(1, 1, 1, 1, 1), ONE, Padding.VALID),
            new Invalid("rates of length 6", "ExtractImagePatches requires the rates attribute to contain 4 values, "
                    + "but got: 6", TfMode.GRAPH, IMAGE, s(2, 2), ONE, s(1, 1, 1, 1, 1, 1), Padding.SAME),
            // No explicit padding in this op.
            new Invalid("explicit padding", "Value for attr 'padding' of \"EXPLICIT\" is not in the list of allowed values: "
                    + "\"SAME\", \"VALID\"", TfMode.EAGER, IMAGE, s(2, 2), ONE, ONE, Padding.explicit(1, 1, 1, 1)),
            // The kernel's constructor: per attribute, "across space" before "out of range".
            bad("ksizes batch != 1", "Only support ksizes across space.", s(2, 2, 2, 1), ONE, ONE),
            bad("ksizes depth != 1", "Only support ksizes across space.", s(1, 2, 2, 3), ONE, ONE),
            bad("strides batch != 1", "Only support strides across space.", s(2, 2), s(2, 1, 1, 1), ONE),
            bad("strides depth 0", "Only support strides across space.", s(2, 2), s(1, 1, 1, 0), ONE),
            bad("rates batch 0", "Only support rates across space.", s(2, 2), ONE, s(0, 1, 1, 1)),
            bad("ksizes rows 0", "ksizes is out of range.", s(1, 0, 2, 1), ONE, ONE),
            bad("ksizes cols -1 (2-number form)", "ksizes is out of range.", s(2, -1), ONE, ONE),
            bad("strides rows 0", "strides is out of range.", s(2, 2), s(1, 0, 1, 1), ONE),
            bad("strides cols 0 (2-number form)", "strides is out of range.", s(2, 2), s(1, 0), ONE),
            bad("rates cols 0", "rates is out of range.", s(2, 2), ONE, s(1, 1, 0, 1)),
            bad("rates rows -2 (2-number form)", "rates is out of range.", s(2, 2), ONE, s(-2, 1)),
            // Order: attributes in turn (ksizes, strides, rates), each whole before the next.
            bad("order: ksizes rows 0 before strides batch", "ksizes is out of range.", s(1, 0, 2, 1), s(2, 1, 1, 1), ONE),
            bad("order: ksizes batch before ksizes rows 0", "Only support ksizes across space.", s(2, 0, 2, 1), ONE, ONE),
            bad("order: strides before rates", "Only support strides across space.", s(2, 2), s(1, 1, 1, 2), s(0, 0)),
            new Invalid("order: attributes before the input's rank", "Only support ksizes across space.", TfMode.EAGER,
                    s(4, 4, 1), s(2, 2, 2, 1), ONE, ONE, Padding.VALID),
            // The input.
            new Invalid("rank-3 input", "input must be 4-dimensional[4,4,1]", TfMode.EAGER, s(4, 4, 1), s(2, 2), ONE, ONE,
                    Padding.VALID),
            new Invalid("rank-5 input", "input must be 4-dimensional[1,1,4,4,1]", TfMode.EAGER, s(1, 1, 4, 4, 1), s(2, 2),
                    ONE, ONE, Padding.SAME),
            // The output size (rows first).
            new Invalid("VALID window larger than the image by 2", "Computed output size would be negative: -1 "
                    + "[input_size: 1, effective_filter_size: 3, stride: 1]", TfMode.EAGER, s(1, 1, 1, 1), s(3, 3), ONE,
                    ONE, Padding.VALID),
            new Invalid("VALID, rates make the window too large", "Computed output size would be negative: -1 "
                    + "[input_size: 3, effective_filter_size: 5, stride: 1]", TfMode.EAGER, s(1, 3, 3, 1), s(2, 2), ONE,
                    s(4, 4), Padding.VALID),
            new Invalid("VALID, columns only", "Computed output size would be negative: -1 "
                    + "[input_size: 1, effective_filter_size: 3, stride: 1]", TfMode.EAGER, s(1, 5, 1, 1), s(3, 3), ONE,
                    ONE, Padding.VALID),
            new Invalid("VALID, no rows", "Computed output size would be negative: -1 "
                    + "[input_size: 0, effective_filter_size: 2, stride: 1]", TfMode.EAGER, s(1, 0, 4, 1), s(2, 2), ONE,
                    ONE, Padding.VALID));

    static List<Invalid> invalid() {
        return INVALID;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectedWithTensorFlowsMessage(Invalid c) {
        RuntimeException rejected = assertThrows(RuntimeException.class, () -> askTensorFlow(c), "TensorFlow accepted " + c);
        if (c.mode() == TfMode.EAGER) {
            assertEquals(c.tfMessage(), rejected.getMessage(), "TensorFlow's message, " + c);
        } else {
            assertTrue(rejected.getMessage().startsWith(c.tfMessage() + " for '{{node "), rejected::getMessage);
        }

        for (DType dtype : DType.values()) {
            Tensor input = Tensor.zeros(dtype, c.input());
            assertConv4jRejects(c, () -> ExtractPatches.extractPatches(input, c.sizes(), c.strides(), c.rates(), c.padding()));
            assertConv4jRejects(c, () -> ExtractPatches.plan(c.input(), dtype, c.sizes(), c.strides(), c.rates(),
                    c.padding(), 1));
        }
        assertConv4jRejects(c, () -> ExtractPatches.outputShape(c.input(), c.sizes(), c.strides(), c.rates(), c.padding()));
    }

    private static void assertConv4jRejects(Invalid c, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run, c.rule());
        assertTrue(e.getMessage().contains(c.tfMessage()), () -> c.rule() + ": " + e.getMessage());
    }

    private static void askTensorFlow(Invalid c) {
        long[] k = tfForm(c.sizes());
        long[] st = tfForm(c.strides());
        long[] r = tfForm(c.rates());
        String padding = c.padding().kind().name();
        if (c.mode() == TfMode.GRAPH) {
            // Eager TensorFlow accepts these: the graph's shape function is what refuses them.
            tf.rawExtractImagePatches(Tensor.zeros(DType.FLOAT32, c.input()), k, st, r, padding);
            TfOracle.graphExtractImagePatchesShape(c.input(), k, st, r, padding);
        } else {
            tf.rawExtractImagePatches(Tensor.zeros(DType.FLOAT32, c.input()), k, st, r, padding);
        }
    }

    private static long[] tfForm(int[] v) {
        return v.length == 2 ? new long[] {1, v[0], v[1], 1} : Arrays.stream(v).asLongStream().toArray();
    }

    @Test
    void conv4jsMessagesNameTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExtractPatches.outputShape(IMAGE,
                s(1, 2, 2, 1), s(1, 1, 1, 1), s(1, 1, 1, 3), Padding.VALID));
        assertEquals("Only support rates across space. Got rates [1, 1, 1, 3]: the batch and depth entries must be 1",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExtractPatches.outputShape(IMAGE, s(2, 2), s(0, 1), ONE,
                Padding.SAME));
        assertEquals("strides is out of range. Got strides [0, 1]: rows and cols must be at least 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExtractPatches.outputShape(IMAGE, s(2, 2), ONE, ONE,
                Padding.explicit(0, 1, 0, 1)));
        assertEquals("Value for attr 'padding' of \"EXPLICIT\" is not in the list of allowed values: \"SAME\", \"VALID\" "
                + "(extract_patches has no explicit padding; got 0,1,0,1)", e.getMessage());
    }

    /** Sizes TensorFlow computes in int64 but a Java array cannot hold. */
    @Test
    void outputsTooLargeForAJavaArray() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExtractPatches.outputShape(
                s(1, 4, 4, 3), s(100_000, 100_000), ONE, ONE, Padding.SAME));
        assertTrue(e.getMessage().startsWith("Output size would overflow: 100000 x 100000 x 3"), e::getMessage);
        e = assertThrows(IllegalArgumentException.class, () -> ExtractPatches.outputShape(
                s(8, 1000, 1000, 3), s(10, 10), ONE, ONE, Padding.SAME));
        assertEquals("output [8, 1000, 1000, 300] has 2400000000 elements, more than a Java array can hold",
                e.getMessage());
    }

    @Test
    void planThreadsMustNotBeNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExtractPatches.plan(IMAGE, DType.FLOAT32, s(2, 2), ONE, ONE, Padding.SAME, -1));
        assertTrue(e.getMessage().contains("threads must be >= 0"), e::getMessage);
    }

    @Test
    void nullArgumentsThrowNullPointerException() {
        Tensor input = Tensor.zeros(DType.FLOAT32, IMAGE);
        assertThrows(NullPointerException.class, () -> ExtractPatches.extractPatches(null, ONE, ONE, ONE, Padding.SAME));
        assertThrows(NullPointerException.class, () -> ExtractPatches.extractPatches(input, null, ONE, ONE, Padding.SAME));
        assertThrows(NullPointerException.class, () -> ExtractPatches.extractPatches(input, ONE, null, ONE, Padding.SAME));
        assertThrows(NullPointerException.class, () -> ExtractPatches.extractPatches(input, ONE, ONE, null, Padding.SAME));
        assertThrows(NullPointerException.class, () -> ExtractPatches.extractPatches(input, ONE, ONE, ONE, null));
        assertThrows(NullPointerException.class, () -> ExtractPatches.plan(IMAGE, null, ONE, ONE, ONE, Padding.SAME, 0));
    }
}
