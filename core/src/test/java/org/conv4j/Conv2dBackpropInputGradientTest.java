package org.conv4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Conv2dBackpropInput} where TensorFlow's CPU kernel cannot be the oracle (it refuses
 * dilations, NCHW and groups), checked three independent ways on random problems that mix every
 * option: strides 1 to 3 (unequal too), dilations 1 to 3, SAME, VALID and explicit padding,
 * groups, NHWC and NCHW, both dtypes, sizes around the strides.
 *
 * <ol>
 *   <li>The fast path (AUTO, GEMM, and WINOGRAD where it plans) against the reference loops
 *       ({@link Algorithm#REFERENCE}, written from the definition, independently of the sub-pixel
 *       phases): normwise relative error within 1e-5 (float32) or 1e-12 (float64).
 *   <li>The gradient against finite differences of conv4j's forward {@link Conv2d#conv2d}:
 *       {@code L(x) = <conv2d(x, w), dy>} is linear in {@code x}, so
 *       {@code (L(x + e_i) - L(x - e_i)) / 2} is {@code dx[i]} up to rounding; a few elements of
 *       every case are probed this way (float64).
 *   <li>The adjoint identity {@code <conv2d(x, w), dy> = <x, conv2d_backprop_input(dy, w)>}
 *       over whole tensors (float64).
 * </ol>
 */
class Conv2dBackpropInputGradientTest {
    private static final int CASES = 300;

    /** A forward conv2d problem whose input gradient is asked for. */
    record Case(String name, long seed, DType dtype, int[] input, int[] filter, Conv2dOptions options) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return IntStream.range(0, CASES).mapToObj(Conv2dBackpropInputGradientTest::randomCase);
    }

    static Case randomCase(int index) {
        long seed = 0xBAC4_0000L + 7919L * index;
        Random r = new Random(seed);
        DType dtype = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        DataFormat format = r.nextInt(3) == 0 ? DataFormat.NCHW : DataFormat.NHWC;
        int groups = r.nextInt(3) == 0 ? 2 + r.nextInt(2) : 1;
        int kc = 1 + r.nextInt(index % 10 == 0 ? 20 : 4);
        int ocg = 1 + r.nextInt(index % 10 == 0 ? 40 : 5);
        int n = 1 + r.nextInt(2);
        int h = 1 + r.nextInt(11);
        int w = 1 + r.nextInt(11);
        int kh = 1 + r.nextInt(4);
        int kw = 1 + r.nextInt(4);
        int sh = 1 + r.nextInt(3);
        int sw = r.nextInt(3) == 0 ? sh : 1 + r.nextInt(3);
        int dh = 1 + r.nextInt(index % 3 == 0 ? 3 : 1);
        int dw = 1 + r.nextInt(index % 3 == 0 ? 3 : 1);
        int[] pads = {r.nextInt(4), r.nextInt(4), r.nextInt(4), r.nextInt(4)};
        Padding padding = switch (r.nextInt(3)) {
            case 0 -> Padding.SAME;
            case 1 -> Padding.VALID;
            default -> Padding.explicit(pads);
        };
        if (padding != Padding.SAME) {
            // Keep the forward output size non-negative (the validation tests cover the error).
            int[] p = padding == Padding.VALID ? new int[4] : pads;
            h = Math.max(h, (kh - 1) * dh + 1 - p[0] - p[1]);
            w = Math.max(w, (kw - 1) * dw + 1 - p[2] - p[3]);
        }
        int c = groups * kc;
        int[] input = format == DataFormat.NHWC ? new int[] {n, h, w, c} : new int[] {n, c, h, w};
        int[] filter = {kh, kw, kc, groups * ocg};
        Conv2dOptions options = Conv2dOptions.builder().strides(sh, sw).dilations(dh, dw).padding(padding)
                .dataFormat(format).build();
        String name = String.format("#%d %s %s in%s f%s s%dx%d d%dx%d %s g%d", index, dtype == DType.FLOAT32 ? "f32" : "f64",
                format, Arrays.toString(input), Arrays.toString(filter), sh, sw, dh, dw, padding, groups);
        return new Case(name, seed, dtype, input, filter, options);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fastPathsMatchTheReferenceLoops(Case c) {
        Tensor filter = random(c.dtype(), c.seed() + 1, c.filter());
        int[] dyShape = Conv2d.outputShape(c.input(), c.filter(), c.options());
        Tensor dy = random(c.dtype(), c.seed() + 2, dyShape);
        Tensor expected = Conv2dBackpropInput.conv2dBackpropInput(c.input(), filter, dy,
                c.options().toBuilder().algorithm(Algorithm.REFERENCE).build());
        assertArrayEquals(c.input(), expected.shape());
        double tolerance = c.dtype() == DType.FLOAT32 ? 1e-5 : 1e-12;
        for (Algorithm algorithm : new Algorithm[] {Algorithm.AUTO, Algorithm.GEMM, Algorithm.WINOGRAD}) {
            Conv2dOptions options = c.options().toBuilder().algorithm(algorithm).build();
            ConvPlan plan;
            try {
                plan = Conv2dBackpropInput.plan(c.input(), dyShape, filter, options);
            } catch (IllegalArgumentException refused) {
                assertEquals(Algorithm.WINOGRAD, algorithm, () -> "refused: " + refused.getMessage());
                continue;
            }
            Tensor actual = plan.execute(dy);
            double err = relativeError(actual, expected);
            assertTrue(err <= tolerance, () -> plan.describe() + ": relative error " + err);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferencesAndTheAdjointIdentity(Case c) {
        // In float64 whatever the case's dtype: the identities are checked to rounding.
        Tensor x = random(DType.FLOAT64, c.seed(), c.input());
        Tensor filter = random(DType.FLOAT64, c.seed() + 1, c.filter());
        Conv2dOptions forwardOptions = c.options().toBuilder().algorithm(Algorithm.REFERENCE).build();
        Tensor y = Conv2d.conv2d(x, filter, forwardOptions);
        Tensor dy = random(DType.FLOAT64, c.seed() + 2, y.shape());
        Tensor dx = Conv2dBackpropInput.conv2dBackpropInput(c.input(), filter, dy, c.options());

        double lhs = dot(y, dy);
        double rhs = dot(x, dx);
        double scale = Math.max(1, norm(y) * norm(dy));
        assertTrue(Math.abs(lhs - rhs) <= 1e-12 * scale, () -> "<conv2d(x), dy> = " + lhs + " but <x, dx> = " + rhs);

        Random r = new Random(c.seed() + 3);
        for (int probe = 0; probe < Math.min(6, x.size()); probe++) {
            int i = r.nextInt(x.size());
            double saved = x.doubles()[i];
            x.doubles()[i] = saved + 1;
            double up = dot(Conv2d.conv2d(x, filter, forwardOptions), dy);
            x.doubles()[i] = saved - 1;
            double down = dot(Conv2d.conv2d(x, filter, forwardOptions), dy);
            x.doubles()[i] = saved;
            double difference = (up - down) / 2;
            double tolerance = 1e-12 * Math.max(1, Math.abs(up) + Math.abs(down));
            int at = i;
            assertEquals(difference, dx.doubles()[i], tolerance, () -> "element " + at);
        }
    }

    @Test
    void resultsAreBitwiseIdenticalForAnyThreadCount() {
        int[][] problems = {
            // n, h, w, c, kh, kw, oc, stride h, stride w, dilation
            {2, 23, 19, 24, 3, 3, 40, 1, 1, 1},
            {2, 30, 28, 16, 3, 3, 32, 2, 2, 1},
            {1, 25, 31, 12, 5, 4, 20, 3, 2, 1},
            {2, 21, 21, 8, 3, 3, 24, 2, 1, 2},
        };
        for (DType dtype : DType.values()) {
            for (DataFormat format : DataFormat.values()) {
                for (int[] p : problems) {
                    int[] input = format == DataFormat.NHWC ? new int[] {p[0], p[1], p[2], p[3]}
                            : new int[] {p[0], p[3], p[1], p[2]};
                    int[] filterShape = {p[4], p[5], p[3], p[6]};
                    Conv2dOptions base = Conv2dOptions.builder().strides(p[7], p[8]).dilations(p[9]).padding(Padding.SAME)
                            .dataFormat(format).build();
                    Tensor filter = random(dtype, 5, filterShape);
                    Tensor dy = random(dtype, 6, Conv2d.outputShape(input, filterShape, base));
                    Tensor one = Conv2dBackpropInput.conv2dBackpropInput(input, filter, dy, base.toBuilder().threads(1).build());
                    for (int threads : new int[] {2, 3, 8}) {
                        ConvPlan plan = Conv2dBackpropInput.plan(input, dy.shape(), filter,
                                base.toBuilder().threads(threads).build());
                        Tensor many = plan.execute(dy);
                        boolean same = dtype == DType.FLOAT32 ? Arrays.equals(one.floats(), many.floats())
                                : Arrays.equals(one.doubles(), many.doubles());
                        assertTrue(same, () -> plan.describe() + ": differs from 1 thread");
                    }
                }
            }
        }
    }

    @Test
    void concurrentExecutionsOfOnePlanGiveTheLoneCallersAnswer() throws Exception {
        // Stride 1 (Winograd), stride 2 (GEMM phases), stride 3 with zero phases.
        int[][] problems = {{1, 30, 26, 24, 3, 32, 1}, {2, 27, 30, 16, 3, 24, 2}, {1, 25, 25, 8, 2, 12, 3}};
        for (int[] p : problems) {
            int[] input = {p[0], p[1], p[2], p[3]};
            int[] filterShape = {p[4], p[4], p[3], p[5]};
            Conv2dOptions options = Conv2dOptions.builder().strides(p[6]).padding(Padding.SAME).threads(2).build();
            Tensor filter = random(DType.FLOAT32, 11, filterShape);
            Tensor dy = random(DType.FLOAT32, 12, Conv2d.outputShape(input, filterShape, options));
            ConvPlan plan = Conv2dBackpropInput.plan(input, dy.shape(), filter, options);
            float[] expected = plan.execute(dy).floats();
            java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                java.util.List<java.util.concurrent.Future<float[]>> results = new java.util.ArrayList<>();
                for (int caller = 0; caller < 12; caller++) {
                    results.add(callers.submit(() -> {
                        Tensor out = Tensor.zeros(DType.FLOAT32, input);
                        for (int rep = 0; rep < 4; rep++) {
                            plan.execute(dy, out);
                        }
                        return out.floats();
                    }));
                }
                for (java.util.concurrent.Future<float[]> r : results) {
                    assertArrayEquals(expected, r.get(), plan.describe());
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Test
    void aReusedPlanOverwritesTheWholeOutput() {
        // Zero phases (no tap reaches them) and phases with taps must both overwrite old values.
        int[] input = {1, 9, 10, 3};
        int[] filterShape = {1, 2, 3, 4};
        Conv2dOptions options = Conv2dOptions.builder().strides(3, 2).padding(Padding.VALID).build();
        Tensor filter = random(DType.FLOAT32, 8, filterShape);
        Tensor dy = random(DType.FLOAT32, 9, Conv2d.outputShape(input, filterShape, options));
        ConvPlan plan = Conv2dBackpropInput.plan(input, dy.shape(), filter, options);
        Tensor expected = plan.execute(dy);
        Tensor reused = Tensor.zeros(DType.FLOAT32, input);
        Arrays.fill(reused.floats(), Float.NaN);
        plan.execute(dy, reused);
        assertArrayEquals(expected.floats(), reused.floats());
        // Rows 1 and 2 of every 3 are reached by no tap of a 1-row filter with stride 3.
        assertEquals(0f, expected.floats()[(1 * 10 + 4) * 3 + 1]);
    }

    static Tensor random(DType dtype, long seed, int... shape) {
        Random r = new Random(seed);
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) {
            if (dtype == DType.FLOAT32) {
                t.floats()[i] = r.nextFloat() * 2 - 1;
            } else {
                t.doubles()[i] = r.nextDouble() * 2 - 1;
            }
        }
        return t;
    }

    static double relativeError(Tensor actual, Tensor expected) {
        double scale = 1e-30;
        double err = 0;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.getDouble(i)));
            double d = Math.abs(expected.getDouble(i) - actual.getDouble(i));
            err = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(err, d);
        }
        return err / scale;
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.getDouble(i) * b.getDouble(i);
        }
        return s;
    }

    private static double norm(Tensor a) {
        return Math.sqrt(dot(a, a));
    }
}
