package org.conv4j.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.conv4j.Algorithm;
import org.conv4j.Conv2dBackpropInput;
import org.conv4j.Conv2dOptions;
import org.conv4j.ConvPlan;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Conv2dBackpropInput} against the real TensorFlow's {@code Conv2DBackpropInput}
 * ({@link TfOracle#conv2dBackpropInput}) on deterministic random problems.
 *
 * <p>Each case is generated from its index (fixed seeds) and its name prints the whole request.
 * conv4j runs it with every {@link Algorithm} (AUTO, REFERENCE, GEMM, and WINOGRAD where it
 * plans); shapes must equal TF's exactly and the normwise relative error must be within
 * {@value #TOL32} (float32) or {@value #TOL64} (float64). Where TF rejects the request conv4j
 * must reject it too, with TF's message in its own. The same request through
 * {@link Conv2dBackpropInput#conv2dTranspose} must give the same tensor, bit for bit.
 *
 * <p>Scenarios cycle so that every feature is certain to appear: strides 1 to 3 (unequal too),
 * SAME, VALID and explicit padding in both forms, {@code input_sizes} of 2 and 4 values, every
 * valid output size of the stride ambiguity and the first invalid one on each side, batches,
 * empty tensors (batch 0, zero-sized spatial dimensions, no output channels, a filter without
 * taps), channel counts around the kernels' panel widths, 3x3 layers big enough for Winograd,
 * mismatched shapes, and dilations and groups (TF's CPU kernel refuses those, so the oracle
 * gives TF the equivalent undilated, ungrouped filter). NCHW (run by TF between transposes) and
 * float64 are drawn in every scenario.
 */
class Conv2dBackpropInputAgainstTensorFlowTest {
    static final double TOL32 = 1e-5;
    static final double TOL64 = 1e-12;
    private static final long SEED = 0xD_C0DE_B4C7L;
    private static final int RANDOM_CASES = 480;

    private static TfOracle tf;
    private static int compared;
    private static int rejectedByBoth;
    private static int tfInternalErrors;
    private static double worst32;
    private static double worst64;
    private static final Map<Algorithm, Integer> runs = new EnumMap<>(Algorithm.class);

    @BeforeAll
    static void startTensorFlow() {
        tf = new TfOracle();
    }

    @AfterAll
    static void stopTensorFlow() {
        tf.close();
        System.out.printf("Conv2dBackpropInputAgainstTensorFlowTest: %d comparisons, %d requests rejected by both, "
                + "%d TF float32 internal errors compared with TF float64; cases per algorithm %s; largest relative "
                + "error float32 %.3g, float64 %.3g%n", compared, rejectedByBoth, tfInternalErrors, runs, worst32, worst64);
        if (compared > 100) {
            for (Algorithm algorithm : Algorithm.values()) {
                assertTrue(runs.getOrDefault(algorithm, 0) > 0, algorithm + " was never run");
            }
            assertTrue(rejectedByBoth > 20, "only " + rejectedByBoth + " rejections were checked");
        }
    }

    /** One request: input_sizes, shapes of filter and out_backprop, dtype and options. */
    record Case(String name, long seed, DType dtype, int[] inputSizes, int[] filter, int[] outBackprop,
            Conv2dOptions options) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> randomCases() {
        return IntStream.range(0, RANDOM_CASES).mapToObj(Conv2dBackpropInputAgainstTensorFlowTest::randomCase);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("randomCases")
    void randomCaseMatchesTensorFlow(Case c) {
        check(c);
    }

    /**
     * {@code conv2d_transpose}'s ambiguity: for an input of {@code in} pixels and stride
     * {@code s}, every output size whose forward size is {@code in} is valid, and only those (for
     * SAME: {@code (in-1)*s + 1 .. in*s}). All candidates from well below to well above, in H,
     * against TF.
     */
    @ParameterizedTest(name = "in {0}, stride {1}, kernel {2}, {3}")
    @MethodSource("ambiguities")
    void transposeAcceptsExactlyTheOutputSizesTensorFlowDoes(int in, int stride, int kernel, Padding padding) {
        int validCount = 0;
        for (int out = Math.max(0, (in - 1) * stride - 2); out <= in * stride + kernel + 1; out++) {
            int[] sizes = {2, out, 5, 3};
            Conv2dOptions options = Conv2dOptions.builder().strides(stride, 1).padding(padding).build();
            int[] dy = {2, in, padding == Padding.SAME ? 5 : 5 - 2 + 1, 4};
            Case c = new Case(String.format("transpose out %d in %d s %d k %d %s", out, in, stride, kernel, padding),
                    SEED + 31L * out + in, DType.FLOAT32, sizes, new int[] {kernel, 2, 3, 4}, dy, options);
            if (check(c)) {
                validCount++;
            }
        }
        // Each input size has exactly `stride` output sizes (none if the kernel cannot fit).
        assertTrue(validCount == stride || validCount == 0 && padding == Padding.VALID,
                validCount + " output sizes accepted, expected " + stride);
    }

    static Stream<Arguments> ambiguities() {
        List<Arguments> list = new ArrayList<>();
        for (int in : new int[] {1, 2, 3, 6}) {
            for (int stride = 1; stride <= 3; stride++) {
                for (int kernel = 1; kernel <= 4; kernel++) {
                    for (Padding padding : new Padding[] {Padding.SAME, Padding.VALID}) {
                        list.add(Arguments.of(in, stride, kernel, padding));
                    }
                }
            }
        }
        return list.stream();
    }

    /**
     * conv4j (every algorithm, and conv2d_transpose) against TF: same shape and close values, or
     * the same rejection.
     *
     * @return whether TF accepted the request
     */
    private static boolean check(Case c) {
        Tensor filter = TfOracle.random(c.dtype(), c.seed() + 1, c.filter());
        Tensor dy = TfOracle.random(c.dtype(), c.seed() + 2, c.outBackprop());
        Tensor expected;
        try {
            expected = tryTensorFlow(c, filter, dy);
        } catch (TfOracle.Rejected e) {
            String tfMessage = e.getMessage();
            boolean rewritten = TfOracle.expands(c.inputSizes(), filter, dy, c.options());
            for (Algorithm algorithm : Algorithm.values()) {
                Conv2dOptions options = c.options().toBuilder().algorithm(algorithm).build();
                IllegalArgumentException ours = assertThrows(IllegalArgumentException.class,
                        () -> Conv2dBackpropInput.conv2dBackpropInput(c.inputSizes(), filter, dy, options),
                        c + ": TF rejected it: " + tfMessage);
                // A rewritten filter (dilation, groups) changes the numbers in TF's message.
                assertTrue(rewritten || String.valueOf(ours.getMessage()).contains(tfMessage),
                        "conv4j's message \"" + ours.getMessage() + "\" lacks TF's \"" + tfMessage + "\"");
            }
            assertTrue(!rewritten, "the generator should not make rejected requests TF sees rewritten: " + tfMessage);
            countRejection();
            return false;
        }
        double tol = c.dtype() == DType.FLOAT32 ? TOL32 : TOL64;
        Tensor auto = null;
        for (Algorithm algorithm : Algorithm.values()) {
            Conv2dOptions options = c.options().toBuilder().algorithm(algorithm).build();
            ConvPlan plan;
            try {
                plan = Conv2dBackpropInput.plan(c.inputSizes(), c.outBackprop(), filter, options);
            } catch (IllegalArgumentException refused) {
                assertEquals(Algorithm.WINOGRAD, algorithm, () -> "refused: " + refused.getMessage());
                continue;
            }
            Tensor ours = plan.execute(dy);
            countRun(algorithm);
            assertEquals(c.dtype(), ours.dtype());
            assertArrayEquals(expected.shape(), ours.shape(), algorithm + ": shape differs from TF's "
                    + Arrays.toString(expected.shape()));
            double err = TfOracle.relativeError(ours, expected);
            noteError(c, err);
            assertTrue(err <= tol, plan.describe() + ": relative error " + err + " > " + tol);
            if (algorithm == Algorithm.AUTO) {
                auto = ours;
            }
        }
        if (c.inputSizes().length == 4) {
            Tensor transposed = Conv2dBackpropInput.conv2dTranspose(dy, filter, c.inputSizes(), c.options());
            assertArrayEquals(auto.shape(), transposed.shape());
            assertTrue(c.dtype() == DType.FLOAT32 ? Arrays.equals(auto.floats(), transposed.floats())
                    : Arrays.equals(auto.doubles(), transposed.doubles()), "conv2d_transpose differs");
        }
        return true;
    }

    /**
     * TF's answer. TF 2.18's float32 kernel fails on a filter without taps ({@code KH} or
     * {@code KW} 0) and a batch above 1 with an internal error ({@code Failed to call
     * dnnl_sgemm. Error code: 2}: its matrix multiply refuses an empty dimension), though it is
     * no invalid request: the float64 kernel answers it (zeros). There TF's float64 answer is the
     * expectation.
     */
    private static Tensor tryTensorFlow(Case c, Tensor filter, Tensor dy) {
        try {
            return tf.conv2dBackpropInput(c.inputSizes(), filter, dy, c.options());
        } catch (TfOracle.Rejected e) {
            boolean noTaps = c.filter()[0] == 0 || c.filter()[1] == 0;
            if (!noTaps || !e.getMessage().startsWith("Failed to call dnnl_sgemm") || c.dtype() != DType.FLOAT32) {
                throw e;
            }
            countInternalError();
            return tf.conv2dBackpropInput(c.inputSizes(), toDoubles(filter), toDoubles(dy), c.options());
        }
    }

    private static Tensor toDoubles(Tensor t) {
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.getDouble(i);
        }
        return Tensor.of(d, t.shape());
    }

    private static synchronized void countInternalError() {
        tfInternalErrors++;
    }

    private static synchronized void noteError(Case c, double err) {
        compared++;
        if (c.dtype() == DType.FLOAT32) {
            worst32 = Math.max(worst32, err);
        } else {
            worst64 = Math.max(worst64, err);
        }
    }

    private static synchronized void countRejection() {
        rejectedByBoth++;
    }

    private static synchronized void countRun(Algorithm algorithm) {
        runs.merge(algorithm, 1, Integer::sum);
    }

    // ------------------------------------------------------------------------------------------
    // Random case generation
    // ------------------------------------------------------------------------------------------

    private enum Scenario {
        PLAIN, STRIDES, TRANSPOSE_AMBIGUITY, EXPLICIT_4, EXPLICIT_8, SPATIAL_INPUT_SIZES, EMPTY, CHANNEL_TAILS,
        THREE_BY_THREE, MISMATCH, DILATIONS_AND_GROUPS, EVERYTHING
    }

    private static final int[] TAILS = {1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 48, 64, 65};

    static Case randomCase(int index) {
        long seed = SEED + 1_000_033L * index;
        Random r = new Random(seed);
        Scenario scenario = Scenario.values()[index % Scenario.values().length];
        DType dtype = r.nextInt(10) < 7 ? DType.FLOAT32 : DType.FLOAT64;
        DataFormat format = r.nextInt(10) < 7 ? DataFormat.NHWC : DataFormat.NCHW;
        int n = 1 + r.nextInt(3);
        int h = 1 + r.nextInt(9);
        int w = 1 + r.nextInt(9);
        int kh = 1 + r.nextInt(4);
        int kw = 1 + r.nextInt(4);
        int sh = 1;
        int sw = 1;
        int dh = 1;
        int dw = 1;
        int groups = 1;
        int kc = 1 + r.nextInt(5);
        int ocg = 1 + r.nextInt(6);
        Padding padding = r.nextBoolean() ? Padding.SAME : Padding.VALID;
        boolean twoSizes = false;
        int transposeInput = -1;
        // After the forward shapes: out_backprop changed by this much (a rejection) in H or W.
        int[] dyDelta = new int[4];
        String note = "";
        switch (scenario) {
            case PLAIN -> {
            }
            case STRIDES -> {
                h = 1 + r.nextInt(14);
                w = 1 + r.nextInt(14);
                sh = 1 + r.nextInt(3);
                sw = 1 + r.nextInt(3);
            }
            case TRANSPOSE_AMBIGUITY -> {
                // Choose the forward output (the transpose's input) first, then any output size
                // with that forward size, or one just outside the range (a rejection).
                sh = 1 + r.nextInt(3);
                sw = 1 + r.nextInt(3);
                int in = 1 + r.nextInt(6);
                transposeInput = in;
                int eff = kh;
                int low = padding == Padding.SAME ? (in - 1) * sh + 1 : (in - 1) * sh + eff;
                h = low + r.nextInt(sh) + (r.nextInt(6) == 0 ? (r.nextBoolean() ? -1 : sh) : 0);
                h = Math.max(h, 0);
                w = 1 + r.nextInt(12);
                note = " transpose-in " + in;
            }
            case EXPLICIT_4 -> {
                padding = Padding.explicit(r.nextInt(4), r.nextInt(4), r.nextInt(4), r.nextInt(4));
                sh = 1 + r.nextInt(3);
                sw = 1 + r.nextInt(3);
            }
            case EXPLICIT_8 -> {
                int t = r.nextInt(5);
                int b = r.nextInt(4);
                int le = r.nextInt(4);
                int ri = r.nextInt(5);
                padding = format == DataFormat.NHWC ? Padding.explicit(0, 0, t, b, le, ri, 0, 0)
                        : Padding.explicit(0, 0, 0, 0, t, b, le, ri);
                sh = 1 + r.nextInt(3);
                sw = 1 + r.nextInt(3);
            }
            case SPATIAL_INPUT_SIZES -> {
                twoSizes = true;
                sh = 1 + r.nextInt(3);
                sw = 1 + r.nextInt(3);
            }
            case EMPTY -> {
                switch (r.nextInt(5)) {
                    case 0 -> n = 0;
                    case 1 -> h = 0; // SAME: dy has 0 rows too
                    case 2 -> {
                        // VALID, kernel one larger than the input: forward output 0, dx zeros.
                        padding = Padding.VALID;
                        kh = h + 1;
                    }
                    case 3 -> ocg = 0;
                    default -> {
                        kw = 0; // a filter without taps: TF's answer is zeros
                        padding = Padding.SAME;
                    }
                }
                sh = 1 + r.nextInt(2);
                sw = 1 + r.nextInt(2);
            }
            case CHANNEL_TAILS -> {
                h = 1 + r.nextInt(7);
                w = 1 + r.nextInt(7);
                kh = 1 + r.nextInt(3);
                kw = 1 + r.nextInt(3);
                kc = TAILS[r.nextInt(TAILS.length)];
                ocg = TAILS[r.nextInt(TAILS.length)];
                sh = 1 + r.nextInt(2);
                sw = 1 + r.nextInt(2);
            }
            case THREE_BY_THREE -> {
                // Big enough for Winograd (float32 NHWC; 36 tiles, 16 channels).
                h = 12 + r.nextInt(9);
                w = 12 + r.nextInt(9);
                kh = 3;
                kw = 3;
                kc = 16 + r.nextInt(20);
                ocg = 16 + r.nextInt(20);
                n = 1;
                if (r.nextInt(4) == 0) {
                    padding = Padding.explicit(r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3));
                }
            }
            case MISMATCH -> {
                sh = 1 + r.nextInt(3);
                sw = 1 + r.nextInt(3);
                switch (r.nextInt(5)) {
                    case 0, 1 -> dyDelta[r.nextBoolean() ? 1 : 2] = r.nextBoolean() ? 1 : -1;
                    case 2 -> dyDelta[0] = 1; // batch
                    case 3 -> dyDelta[3] = 1; // out depth
                    default -> {
                        padding = Padding.VALID;
                        kh = h + 2; // forward output negative
                    }
                }
            }
            case DILATIONS_AND_GROUPS -> {
                h = 3 + r.nextInt(12);
                w = 3 + r.nextInt(12);
                dh = 1 + r.nextInt(3);
                dw = 1 + r.nextInt(3);
                sh = 1 + r.nextInt(3);
                sw = 1 + r.nextInt(3);
                groups = r.nextInt(3) == 0 ? 1 : 2 + r.nextInt(3);
                if (r.nextInt(3) == 0) {
                    padding = Padding.explicit(r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3));
                }
            }
            case EVERYTHING -> {
                n = 1 + r.nextInt(2);
                h = 1 + r.nextInt(13);
                w = 1 + r.nextInt(13);
                kh = 1 + r.nextInt(5);
                kw = 1 + r.nextInt(5);
                sh = 1 + r.nextInt(3);
                sw = 1 + r.nextInt(3);
                dh = 1 + r.nextInt(2);
                dw = 1 + r.nextInt(2);
                groups = 1 + r.nextInt(2);
                twoSizes = groups == 1 && r.nextInt(4) == 0;
                padding = switch (r.nextInt(3)) {
                    case 0 -> Padding.SAME;
                    case 1 -> Padding.VALID;
                    default -> Padding.explicit(r.nextInt(4), r.nextInt(4), r.nextInt(4), r.nextInt(4));
                };
            }
            default -> throw new AssertionError(scenario);
        }
        boolean rejectionWanted = scenario == Scenario.MISMATCH || scenario == Scenario.TRANSPOSE_AMBIGUITY;
        if (!rejectionWanted && scenario != Scenario.EMPTY) {
            // Keep the forward output size non-negative here: MISMATCH covers the error.
            int[] p = padding.kind() == Padding.Kind.EXPLICIT ? spatial(padding, format) : new int[4];
            if (padding.kind() != Padding.Kind.SAME) {
                h = Math.max(h, (kh - 1) * dh + 1 - p[0] - p[1]);
                w = Math.max(w, (kw - 1) * dw + 1 - p[2] - p[3]);
            }
        }
        int c = groups * kc;
        int oc = groups * ocg;
        int[] dxShape = format == DataFormat.NHWC ? new int[] {n, h, w, c} : new int[] {n, c, h, w};
        int[] filter = {kh, kw, kc, oc};
        Conv2dOptions options = Conv2dOptions.builder().strides(sh, sw).dilations(dh, dw).padding(padding)
                .dataFormat(format).build();
        int[] dyShape = forwardOutputShape(dxShape, filter, sh, sw, dh, dw, padding, format, r);
        int hAxis = format.heightAxis();
        if (transposeInput >= 0) {
            dyShape[hAxis] = transposeInput;
        }
        int cAxis = format.channelAxis();
        dyShape[0] += dyDelta[0];
        dyShape[hAxis] = Math.max(0, dyShape[hAxis] + dyDelta[1]);
        dyShape[hAxis + 1] = Math.max(0, dyShape[hAxis + 1] + dyDelta[2]);
        dyShape[cAxis] += dyDelta[3];
        int[] sizes = twoSizes ? new int[] {h, w} : dxShape;
        String name = String.format("#%d %s %s %s input_sizes%s f%s dy%s strides%s dilations%s padding=%s groups=%d%s",
                index, scenario, dtype == DType.FLOAT32 ? "f32" : "f64", format, Arrays.toString(sizes),
                Arrays.toString(filter), Arrays.toString(dyShape), Arrays.toString(options.strides()),
                Arrays.toString(options.dilations()), padding, groups, note);
        return new Case(name, seed, dtype, sizes, filter, dyShape, options);
    }

    /**
     * out_backprop's shape: the forward conv2d's output by TF's formula (tf-conv-semantics.md
     * §2, written out here), with a size of 0 or 1 where that formula gives a negative size
     * (which TF then reports).
     */
    private static int[] forwardOutputShape(int[] dxShape, int[] filter, int sh, int sw, int dh, int dw, Padding padding,
            DataFormat format, Random r) {
        int[] p = padding.kind() == Padding.Kind.EXPLICIT ? spatial(padding, format) : new int[4];
        int[] dy = dxShape.clone();
        int hAxis = format.heightAxis();
        dy[format.channelAxis()] = filter[3];
        dy[hAxis] = windowed(dxShape[hAxis], filter[0], dh, sh, padding.kind(), p[0], p[1], r);
        dy[hAxis + 1] = windowed(dxShape[hAxis + 1], filter[1], dw, sw, padding.kind(), p[2], p[3], r);
        return dy;
    }

    private static int windowed(int n, int k, int d, int s, Padding.Kind kind, int before, int after, Random r) {
        int eff = (k - 1) * d + 1;
        int out = switch (kind) {
            case SAME -> (n + s - 1) / s;
            case VALID -> (n - eff + s) / s;
            case EXPLICIT -> (n + before + after - eff + s) / s;
        };
        return out >= 0 ? out : r.nextInt(2);
    }

    private static int[] spatial(Padding p, DataFormat format) {
        return p.spatial(format);
    }
}
