package org.conv4j.signal;

import static org.conv4j.signal.Signal2dAgainstScipyTest.assertClose;
import static org.conv4j.signal.Signal2dAgainstScipyTest.loops;
import static org.conv4j.signal.Signal2dAgainstScipyTest.run;
import static org.conv4j.signal.Signal2dAgainstScipyTest.validPossible;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.conv4j.DType;
import org.conv4j.Signal2d;
import org.conv4j.Signal2d.Boundary;
import org.conv4j.Signal2d.Mode;
import org.conv4j.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Signal2d}: small cases by hand, defaults, errors, and random shapes against SciPy's loops. */
class Signal2dTest {
    private static final Tensor ROW = Tensor.of(new double[] {1, 2, 3, 4}, 1, 4);

    @Test
    void correlateAndConvolveOfARowByHand() {
        Tensor k = Tensor.of(new double[] {1, 10}, 1, 2);
        // full, filled with zeros: [0 1 2 3 4 0]; correlate reads (x, x+1) with weights (1, 10).
        assertArrayEquals(new double[] {10, 21, 32, 43, 4}, Signal2d.correlate2d(ROW, k).doubles());
        // convolve flips the kernel: weights (10, 1).
        assertArrayEquals(new double[] {1, 12, 23, 34, 40}, Signal2d.convolve2d(ROW, k).doubles());
        assertArrayEquals(new double[] {21, 32, 43}, Signal2d.correlate2d(ROW, k, Mode.VALID).doubles());
        assertArrayEquals(new double[] {12, 23, 34}, Signal2d.convolve2d(ROW, k, Mode.VALID).doubles());
    }

    @Test
    void sameModePlacesAnEvenKernelDifferentlyForConvolution() {
        Tensor k = Tensor.of(new double[] {1, 10}, 1, 2);
        // correlate: output x reads (x, x+1); convolve: (x-1, x), SciPy's flipped origin.
        assertArrayEquals(new double[] {21, 32, 43, 4}, Signal2d.correlate2d(ROW, k, Mode.SAME).doubles());
        assertArrayEquals(new double[] {1, 12, 23, 34}, Signal2d.convolve2d(ROW, k, Mode.SAME).doubles());
    }

    @Test
    void boundariesByHand() {
        Tensor k = Tensor.of(new double[] {1, 0, 0, 0, 0}, 1, 5);
        // Tap 0 of a 5-wide kernel in SAME mode reads two to the left: shows the extension.
        assertArrayEquals(new double[] {7, 7, 1, 2}, Signal2d.correlate2d(ROW, k, Mode.SAME, Boundary.FILL, 7).doubles());
        assertArrayEquals(new double[] {3, 4, 1, 2}, Signal2d.correlate2d(ROW, k, Mode.SAME, Boundary.WRAP).doubles());
        assertArrayEquals(new double[] {2, 1, 1, 2}, Signal2d.correlate2d(ROW, k, Mode.SAME, Boundary.SYMM).doubles());
        // Far past the edge of the input [1 2]: columns -6 .. 1 mirrored again and again,
        // 2 1 | 1 2 | 2 1 | 1 2 (checked with SciPy).
        Tensor pair = Tensor.of(new double[] {1, 2}, 1, 2);
        Tensor wide = Tensor.of(new double[] {1, 0, 0, 0, 0, 0, 0}, 1, 7);
        assertArrayEquals(new double[] {2, 1, 1, 2, 2, 1, 1, 2},
                Signal2d.correlate2d(pair, wide, Mode.FULL, Boundary.SYMM).doubles());
        assertArrayEquals(new double[] {1, 2, 1, 2, 1, 2, 1, 2},
                Signal2d.correlate2d(pair, wide, Mode.FULL, Boundary.WRAP).doubles());
    }

    @Test
    void validSwapsWhenTheSecondInputIsLarger() {
        Tensor small = Tensor.of(new double[] {1, 10}, 1, 2);
        // correlate2d(small, ROW, valid) = correlate2d(ROW, small, valid) reversed, as SciPy.
        assertArrayEquals(new double[] {43, 32, 21}, Signal2d.correlate2d(small, ROW, Mode.VALID).doubles());
        // Convolution commutes: the swap changes nothing.
        assertArrayEquals(Signal2d.convolve2d(ROW, small, Mode.VALID).doubles(),
                Signal2d.convolve2d(small, ROW, Mode.VALID).doubles());
    }

    @Test
    void defaultsAreScipys() {
        Tensor a = random(DType.FLOAT64, 5, 7, new Random(1));
        Tensor b = random(DType.FLOAT64, 3, 2, new Random(2));
        assertArrayEquals(Signal2d.convolve2d(a, b, Mode.FULL, Boundary.FILL, 0).doubles(), Signal2d.convolve2d(a, b).doubles());
        assertArrayEquals(Signal2d.convolve2d(a, b, Mode.SAME, Boundary.FILL, 0).doubles(),
                Signal2d.convolve2d(a, b, Mode.SAME).doubles());
        assertArrayEquals(Signal2d.convolve2d(a, b, Mode.SAME, Boundary.WRAP, 0).doubles(),
                Signal2d.convolve2d(a, b, Mode.SAME, Boundary.WRAP).doubles());
        assertArrayEquals(Signal2d.correlate2d(a, b, Mode.FULL, Boundary.FILL, 0).doubles(), Signal2d.correlate2d(a, b).doubles());
        assertArrayEquals(Signal2d.correlate2d(a, b, Mode.VALID, Boundary.FILL, 0).doubles(),
                Signal2d.correlate2d(a, b, Mode.VALID).doubles());
        assertArrayEquals(Signal2d.correlate2d(a, b, Mode.SAME, Boundary.SYMM, 0).doubles(),
                Signal2d.correlate2d(a, b, Mode.SAME, Boundary.SYMM).doubles());
    }

    @Test
    void float32FillValueIsCastToFloat() {
        Tensor one = Tensor.of(new float[] {1}, 1, 1);
        Tensor k = Tensor.of(new float[] {1, 1}, 1, 2);
        float[] out = Signal2d.correlate2d(one, k, Mode.FULL, Boundary.FILL, 0.1).floats();
        assertArrayEquals(new float[] {0.1f + 1, 1 + 0.1f}, out);
        assertEquals(Float.POSITIVE_INFINITY, Signal2d.correlate2d(one, k, Mode.FULL, Boundary.FILL, 1e40).floats()[0]);
    }

    @Test
    void nanFillValueReachesOnlyWhatItTouches() {
        Tensor k = Tensor.of(new double[] {1, 1}, 1, 2);
        double[] out = Signal2d.correlate2d(ROW, k, Mode.FULL, Boundary.FILL, Double.NaN).doubles();
        assertTrue(Double.isNaN(out[0]) && Double.isNaN(out[4]));
        assertArrayEquals(new double[] {3, 5, 7}, Arrays.copyOfRange(out, 1, 4));
        // Other boundaries ignore the fill value.
        assertArrayEquals(Signal2d.correlate2d(ROW, k, Mode.FULL, Boundary.WRAP).doubles(),
                Signal2d.correlate2d(ROW, k, Mode.FULL, Boundary.WRAP, Double.NaN).doubles());
    }

    @Test
    void inputsAreNotModified() {
        Tensor a = random(DType.FLOAT32, 6, 9, new Random(3));
        Tensor b = random(DType.FLOAT32, 3, 4, new Random(4));
        float[] a0 = a.floats().clone();
        float[] b0 = b.floats().clone();
        Signal2d.convolve2d(a, b, Mode.SAME, Boundary.SYMM);
        Signal2d.correlate2d(b, a, Mode.VALID);
        assertArrayEquals(a0, a.floats());
        assertArrayEquals(b0, b.floats());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "3       | 2,2     | FULL  | convolve2d inputs must both be 2-D arrays, got shapes [3] and [2, 2]",
        "2,2,1   | 2,2     | FULL  | convolve2d inputs must both be 2-D arrays, got shapes [2, 2, 1] and [2, 2]",
        "4,4     | \"\"      | SAME  | convolve2d inputs must both be 2-D arrays, got shapes [4, 4] and []",
        "0,3     | 2,2     | FULL  | convolve2d inputs must not be empty, got shapes [0, 3] and [2, 2]",
        "4,4     | 2,0     | SAME  | convolve2d inputs must not be empty, got shapes [4, 4] and [2, 0]",
        "4,5     | 5,4     | VALID | For 'valid' mode, one must be at least as large as the other in every dimension, "
                + "got shapes [4, 5] and [5, 4]",
        "1,9     | 3,1     | VALID | For 'valid' mode, one must be at least as large as the other in every dimension, "
                + "got shapes [1, 9] and [3, 1]",
        "46341,1 | 1,46341 | FULL  | convolve2d output of shape [46341, 46341] for inputs of shapes [46341, 1] and "
                + "[1, 46341] has more elements than a Java array can hold (2147483639)",
    })
    void invalidShapes(String shape1, String shape2, Mode mode, String message) {
        // The last case: small inputs whose full output would not fit in an array.
        Tensor a = shape(shape1);
        Tensor b = shape(shape2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Signal2d.convolve2d(a, b, mode));
        assertEquals(message, e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> Signal2d.correlate2d(a, b, mode));
        assertEquals(message.replace("convolve2d", "correlate2d"), c.getMessage());
    }

    @Test
    void intoAnExistingOutput() {
        Tensor a = random(DType.FLOAT32, 20, 33, new Random(5));
        Tensor b = random(DType.FLOAT32, 4, 3, new Random(6));
        Tensor out = Tensor.of(new float[20 * 33], 20, 33);
        Arrays.fill(out.floats(), Float.NaN);
        Signal2d.convolve2d(a, b, Mode.SAME, Boundary.SYMM, 0, out);
        assertArrayEquals(Signal2d.convolve2d(a, b, Mode.SAME, Boundary.SYMM).floats(), out.floats());

        // The valid-mode swap reverses a correlation in the given output too.
        Tensor small = Tensor.zeros(DType.FLOAT32, 17, 31);
        Signal2d.correlate2d(b, a, Mode.VALID, Boundary.FILL, 0, small);
        assertArrayEquals(Signal2d.correlate2d(b, a, Mode.VALID).floats(), small.floats());
    }

    @Test
    void intoAnOutputOfTheWrongShapeOrDtypeOrOverAnInput() {
        Tensor a = Tensor.zeros(DType.FLOAT64, 5, 6);
        Tensor b = Tensor.zeros(DType.FLOAT64, 3, 3);
        assertEquals("correlate2d output must be float64 [7, 8] for inputs of shapes [5, 6] and [3, 3], got float64 [5, 6]",
                assertThrows(IllegalArgumentException.class,
                        () -> Signal2d.correlate2d(a, b, Mode.FULL, Boundary.FILL, 0, Tensor.zeros(DType.FLOAT64, 5, 6)))
                        .getMessage());
        assertEquals("convolve2d output must be float64 [5, 6] for inputs of shapes [5, 6] and [3, 3], got float32 [5, 6]",
                assertThrows(IllegalArgumentException.class,
                        () -> Signal2d.convolve2d(a, b, Mode.SAME, Boundary.FILL, 0, Tensor.zeros(DType.FLOAT32, 5, 6)))
                        .getMessage());
        assertEquals("convolve2d output must not share its array with an input",
                assertThrows(IllegalArgumentException.class, () -> Signal2d.convolve2d(a, b, Mode.SAME, Boundary.FILL, 0, a))
                        .getMessage());
        assertThrows(NullPointerException.class, () -> Signal2d.convolve2d(a, b, Mode.SAME, Boundary.FILL, 0, null));
    }

    @Test
    void differentDtypes() {
        Tensor a = Tensor.zeros(DType.FLOAT32, 3, 3);
        Tensor b = Tensor.zeros(DType.FLOAT64, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Signal2d.correlate2d(a, b));
        assertEquals("correlate2d inputs must have the same dtype, got float32 and float64", e.getMessage());
    }

    @Test
    void nullsAreRefused() {
        Tensor a = Tensor.zeros(DType.FLOAT32, 3, 3);
        assertThrows(NullPointerException.class, () -> Signal2d.correlate2d(null, a));
        assertThrows(NullPointerException.class, () -> Signal2d.convolve2d(a, null));
        assertThrows(NullPointerException.class, () -> Signal2d.convolve2d(a, a, null));
        assertThrows(NullPointerException.class, () -> Signal2d.convolve2d(a, a, Mode.FULL, null));
    }

    @Test
    void parsingScipysNames() {
        assertEquals(Mode.FULL, Mode.parse("full"));
        assertEquals(Mode.SAME, Mode.parse(" Same "));
        assertEquals(Mode.VALID, Mode.parse("VALID"));
        assertEquals(Boundary.FILL, Boundary.parse("fill"));
        assertEquals(Boundary.FILL, Boundary.parse("pad"));
        assertEquals(Boundary.WRAP, Boundary.parse("wrap"));
        assertEquals(Boundary.WRAP, Boundary.parse("circular"));
        assertEquals(Boundary.SYMM, Boundary.parse("symm"));
        assertEquals(Boundary.SYMM, Boundary.parse("Symmetric"));
        assertEquals("Acceptable mode flags are 'valid', 'same', or 'full'; got 'ful'",
                assertThrows(IllegalArgumentException.class, () -> Mode.parse("ful")).getMessage());
        assertEquals("Acceptable boundary flags are 'fill', 'circular' (or 'wrap'), and 'symmetric' (or 'symm'); "
                + "got 'reflect'", assertThrows(IllegalArgumentException.class, () -> Boundary.parse("reflect")).getMessage());
        assertEquals("same", Mode.SAME.scipyName());
        assertEquals("symm", Boundary.SYMM.scipyName());
    }

    /**
     * Random shapes too large for fixtures (long rows through every vector loop, many bands of
     * rows over several threads) against SciPy's loops, themselves checked against SciPy.
     */
    @TestFactory
    Stream<DynamicTest> randomShapesMatchScipysLoops() {
        return IntStream.range(0, 80).mapToObj(seed -> DynamicTest.dynamicTest("case " + seed, () -> {
            Random rnd = new Random(seed);
            DType dtype = seed % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
            Tensor a = random(dtype, 1 + rnd.nextInt(seed % 5 == 0 ? 3 : 60), 1 + rnd.nextInt(seed % 3 == 0 ? 300 : 40), rnd);
            Tensor b = random(dtype, 1 + rnd.nextInt(seed % 7 == 0 ? 20 : 6), 1 + rnd.nextInt(seed % 4 == 0 ? 30 : 6), rnd);
            double fill = rnd.nextInt(3) - 1 + rnd.nextDouble();
            for (boolean convolve : new boolean[] {true, false}) {
                for (Mode mode : Mode.values()) {
                    if (mode == Mode.VALID && !validPossible(a, b)) {
                        continue;
                    }
                    for (Boundary boundary : Boundary.values()) {
                        assertClose(loops(convolve, a, b, mode, boundary, fill), run(convolve, a, b, mode, boundary, fill));
                    }
                }
            }
        }));
    }

    /** A zero float32 tensor of the shape written "4,5" ("" for rank 0). */
    private static Tensor shape(String text) {
        int[] dims = text.isEmpty() ? new int[0] : Arrays.stream(text.split(",")).mapToInt(Integer::parseInt).toArray();
        return Tensor.zeros(DType.FLOAT32, dims);
    }

    static Tensor random(DType dtype, int rows, int cols, Random rnd) {
        if (dtype == DType.FLOAT32) {
            float[] d = new float[rows * cols];
            for (int i = 0; i < d.length; i++) {
                d[i] = rnd.nextFloat() * 2 - 1;
            }
            return Tensor.of(d, rows, cols);
        }
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextDouble() * 2 - 1;
        }
        return Tensor.of(d, rows, cols);
    }
}
