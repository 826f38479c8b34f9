package org.conv4j.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.conv4j.DType;
import org.conv4j.ExtractPatches;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TensorFlow's own extract_patches cases, with their literal expected values:
 * {@code tensorflow/python/kernel_tests/array_ops/extract_image_patches_op_test.py} (inputs
 * {@code range(n)}, attributes given as {@code [rows, cols]} and wrapped in {@code [1, ..., 1]}
 * by the test, as conv4j's 2-number form does), the two examples of
 * {@code tf.image.extract_patches}' documentation ({@code array_ops.py}), and the shapes of the
 * shape-function test {@code ExtractImagePatchesShapeTest} ({@code array_ops_test.cc}).
 *
 * <p>TF's test runs float16, float32, float64 and bfloat16; conv4j has float32 and float64.
 * Each case also runs through TensorFlow itself, which must give the same literal values: the
 * transcription is checked too.
 */
class TensorFlowExtractPatchesCasesTest {
    private static TfOracle tf;

    @BeforeAll
    static void startTensorFlow() {
        tf = new TfOracle();
    }

    @AfterAll
    static void stopTensorFlow() {
        tf.close();
    }

    /** One case: input values and shape, attributes as {@code [rows, cols]}, expected output. */
    record Case(String name, double[] input, int[] inputShape, int[] sizes, int[] strides, int[] rates, String padding,
            double[] expected, int[] expectedShape) {
        @Override
        public String toString() {
            return name + " " + padding;
        }
    }

    private static int[] s(int... v) {
        return v;
    }

    private static double[] d(double... v) {
        return v;
    }

    /** {@code range(start, start + n)} as doubles. */
    private static double[] range(int start, int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = start + i;
        }
        return r;
    }

    /** {@code image[:, ::2, ::3, :]} of {@code range(120).reshape(2, 4, 5, 3)}. */
    private static double[] strided2x3() {
        List<Double> out = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            for (int y = 0; y < 4; y += 2) {
                for (int x = 0; x < 5; x += 3) {
                    for (int c = 0; c < 3; c++) {
                        out.add((double) (((b * 4 + y) * 5 + x) * 3 + c));
                    }
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        for (String padding : new String[] {"VALID", "SAME"}) {
            // testKsize1x1Stride1x1Rate1x1: "for 1x1 kernel the output equals the input".
            cases.add(new Case("testKsize1x1Stride1x1Rate1x1", range(0, 120), s(2, 3, 4, 5), s(1, 1), s(1, 1), s(1, 1),
                    padding, range(0, 120), s(2, 3, 4, 5)));
            // testKsize1x1Stride2x3Rate1x1: patches = image[:, ::2, ::3, :].
            cases.add(new Case("testKsize1x1Stride2x3Rate1x1", range(0, 120), s(2, 4, 5, 3), s(1, 1), s(2, 3), s(1, 1),
                    padding, strided2x3(), s(2, 2, 2, 3)));
        }
        cases.add(new Case("testKsize2x2Stride1x1Rate1x1Valid", d(1, 2, 3, 4), s(1, 2, 2, 1), s(2, 2), s(1, 1), s(1, 1),
                "VALID", d(1, 2, 3, 4), s(1, 1, 1, 4)));
        cases.add(new Case("testKsize2x2Stride1x1Rate1x1Same", d(1, 2, 3, 4), s(1, 2, 2, 1), s(2, 2), s(1, 1), s(1, 1),
                "SAME", d(1, 2, 3, 4, 2, 0, 4, 0, 3, 4, 0, 0, 4, 0, 0, 0), s(1, 2, 2, 4)));
        cases.add(new Case("testKsize2x2Stride1x1Rate2x2Valid", range(0, 16), s(1, 4, 4, 1), s(2, 2), s(1, 1), s(2, 2),
                "VALID", d(0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15), s(1, 2, 2, 4)));
        // The documentation's examples: a 10x10 image of 1..100, 3x3 patches with stride 5.
        cases.add(new Case("docs: 3x3 stride 5", range(1, 100), s(1, 10, 10, 1), s(3, 3), s(5, 5), s(1, 1), "VALID",
                d(1, 2, 3, 11, 12, 13, 21, 22, 23, 6, 7, 8, 16, 17, 18, 26, 27, 28,
                        51, 52, 53, 61, 62, 63, 71, 72, 73, 56, 57, 58, 66, 67, 68, 76, 77, 78), s(1, 2, 2, 9)));
        cases.add(new Case("docs: 3x3 stride 5 rate 2", range(1, 100), s(1, 10, 10, 1), s(3, 3), s(5, 5), s(2, 2), "VALID",
                d(1, 3, 5, 21, 23, 25, 41, 43, 45, 6, 8, 10, 26, 28, 30, 46, 48, 50,
                        51, 53, 55, 71, 73, 75, 91, 93, 95, 56, 58, 60, 76, 78, 80, 96, 98, 100), s(1, 2, 2, 9)));
        // ExtractImagePatchesShapeTest: shapes only ("7x7 input with 3x3 [effective] filter ... gives a 5x5 output").
        cases.add(new Case("shape fn: 2x2 rate 2", range(0, 98), s(1, 7, 7, 2), s(2, 2), s(1, 1), s(2, 2), "VALID",
                null, s(1, 5, 5, 8)));
        cases.add(new Case("shape fn: 1x1 rate 2", range(0, 98), s(1, 7, 7, 2), s(1, 1), s(1, 1), s(2, 2), "VALID",
                range(0, 98), s(1, 7, 7, 2)));
        List<Arguments> args = new ArrayList<>();
        for (Case c : cases) {
            for (DType t : DType.values()) {
                args.add(Arguments.of(c, t));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("cases")
    void tensorFlowsExpectedValues(Case c, DType dtype) {
        Tensor input = tensor(dtype, c.input(), c.inputShape());
        Padding padding = Padding.parse(c.padding());

        Tensor ours = ExtractPatches.extractPatches(input, c.sizes(), c.strides(), c.rates(), padding);
        Tensor theirs = tf.rawExtractImagePatches(input, four(c.sizes()), four(c.strides()), four(c.rates()), c.padding());

        assertArrayEquals(c.expectedShape(), ours.shape(), "conv4j " + c);
        assertArrayEquals(c.expectedShape(), theirs.shape(), "TensorFlow " + c);
        if (c.expected() != null) {
            assertArrayEquals(c.expected(), values(ours), "conv4j " + c);
            assertArrayEquals(c.expected(), values(theirs), "TensorFlow " + c);
        } else {
            assertArrayEquals(values(theirs), values(ours), "conv4j vs TensorFlow " + c);
        }
    }

    private static Tensor tensor(DType dtype, double[] values, int[] shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < values.length; i++) {
            if (dtype == DType.FLOAT32) {
                t.floats()[i] = (float) values[i];
            } else {
                t.doubles()[i] = values[i];
            }
        }
        return t;
    }

    private static double[] values(Tensor t) {
        double[] r = new double[t.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = t.getDouble(i);
        }
        return r;
    }

    private static long[] four(int[] pair) {
        return new long[] {1, pair[0], pair[1], 1};
    }
}
