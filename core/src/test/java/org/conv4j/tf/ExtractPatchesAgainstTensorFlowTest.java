package org.conv4j.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.conv4j.ConvPlan;
import org.conv4j.DType;
import org.conv4j.ExtractPatches;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * conv4j's extract_patches against TensorFlow's {@code ExtractImagePatches} kernel (TF 2.18,
 * eager, oneDNN off), float32 and float64: hand-picked corners (SAME splits, windows larger than
 * the image, strides larger than the image, rates, empty tensors) and random problems.
 *
 * <p>Every value is a copy, so the answer must be TF's bit for bit, through every entry point:
 * {@link ExtractPatches#extractPatches} with TF's 4-number attributes and with the 2-number
 * form, {@link ExtractPatches#outputShape}, and a plan executed into an output full of NaN (so
 * that a value left unwritten shows), with one and with several threads.
 */
class ExtractPatchesAgainstTensorFlowTest {
    private static TfOracle tf;

    @BeforeAll
    static void startTensorFlow() {
        tf = new TfOracle();
    }

    @AfterAll
    static void stopTensorFlow() {
        tf.close();
    }

    /** One problem: input {@code [N, H, W, C]}, {@code {rows, cols}} attributes, SAME or VALID. */
    record Problem(String name, int[] input, int[] sizes, int[] strides, int[] rates, Padding padding) {
        @Override
        public String toString() {
            return name + " " + Arrays.toString(input) + " k" + Arrays.toString(sizes) + " s" + Arrays.toString(strides)
                    + " r" + Arrays.toString(rates) + " " + padding;
        }
    }

    private static int[] s(int... v) {
        return v;
    }

    private static Problem p(String name, int[] input, int[] sizes, int[] strides, int[] rates, Padding padding) {
        return new Problem(name, input, sizes, strides, rates, padding);
    }

    static final List<Problem> CORNERS = List.of(
            p("1x1 window is the input", s(2, 3, 4, 5), s(1, 1), s(1, 1), s(1, 1), Padding.SAME),
            p("3x3 SAME, even split", s(1, 5, 5, 2), s(3, 3), s(1, 1), s(1, 1), Padding.SAME),
            p("2x2 SAME, odd pad after", s(1, 4, 5, 3), s(2, 2), s(1, 1), s(1, 1), Padding.SAME),
            p("4x4 stride 2 SAME, pad 1 before 2 after", s(1, 5, 5, 1), s(4, 4), s(2, 2), s(1, 1), Padding.SAME),
            p("window larger than the image, SAME", s(1, 2, 3, 2), s(5, 4), s(1, 1), s(1, 1), Padding.SAME),
            p("stride larger than the image, SAME", s(1, 3, 3, 2), s(1, 1), s(5, 4), s(1, 1), Padding.SAME),
            p("stride 4 over 7 with a 1x1 window, SAME", s(1, 7, 7, 1), s(1, 1), s(4, 4), s(1, 1), Padding.SAME),
            p("stride 3 over 8, 2-wide window, SAME", s(1, 8, 8, 1), s(2, 2), s(3, 3), s(1, 1), Padding.SAME),
            p("rates 2, SAME (dilated padding)", s(1, 6, 7, 2), s(2, 3), s(1, 1), s(2, 3), Padding.SAME),
            p("rates and strides, SAME", s(2, 9, 8, 3), s(3, 2), s(2, 3), s(2, 2), Padding.SAME),
            p("rates and strides, VALID", s(2, 9, 8, 3), s(3, 2), s(2, 3), s(2, 2), Padding.VALID),
            p("rows only, VALID", s(1, 6, 1, 4), s(3, 1), s(2, 1), s(1, 1), Padding.VALID),
            p("cols only, dilated, VALID", s(1, 1, 9, 2), s(1, 3), s(1, 1), s(1, 4), Padding.VALID),
            p("window = image, VALID", s(3, 4, 5, 2), s(4, 5), s(1, 1), s(1, 1), Padding.VALID),
            p("7x7 stride 2 SAME, RGB", s(1, 23, 21, 3), s(7, 7), s(2, 2), s(1, 1), Padding.SAME),
            p("3x3 SAME, 64 channels", s(2, 9, 10, 64), s(3, 3), s(1, 1), s(1, 1), Padding.SAME),
            p("several parts per thread", s(2, 40, 41, 7), s(3, 3), s(1, 1), s(1, 1), Padding.SAME),
            p("window larger than the image, VALID: empty", s(1, 2, 2, 1), s(3, 3), s(1, 1), s(1, 1), Padding.VALID),
            p("truncating division, VALID: empty", s(1, 1, 5, 1), s(4, 1), s(2, 1), s(1, 1), Padding.VALID),
            p("empty batch", s(0, 4, 4, 2), s(2, 2), s(1, 1), s(1, 1), Padding.SAME),
            p("no channels", s(1, 4, 4, 0), s(2, 2), s(1, 1), s(1, 1), Padding.SAME),
            p("no rows, SAME", s(1, 0, 4, 1), s(2, 2), s(1, 1), s(1, 1), Padding.SAME));

    static Stream<Arguments> corners() {
        List<Arguments> args = new ArrayList<>();
        for (Problem p : CORNERS) {
            for (DType t : DType.values()) {
                args.add(Arguments.of(p, t));
            }
        }
        return args.stream();
    }

    /** Random problems from a fixed seed: small images, every attribute in 1..4, both paddings. */
    static Stream<Arguments> random() {
        SplittableRandom r = new SplittableRandom(2024);
        List<Arguments> args = new ArrayList<>();
        while (args.size() < 60) {
            int[] input = s(r.nextInt(1, 4), r.nextInt(1, 13), r.nextInt(1, 13), r.nextInt(1, 9));
            int[] sizes = s(r.nextInt(1, 5), r.nextInt(1, 5));
            int[] strides = s(r.nextInt(1, 5), r.nextInt(1, 5));
            int[] rates = s(r.nextInt(1, 4), r.nextInt(1, 4));
            Padding padding = r.nextBoolean() ? Padding.SAME : Padding.VALID;
            if (padding == Padding.VALID && ((sizes[0] - 1) * rates[0] + 1 > input[1] || (sizes[1] - 1) * rates[1] + 1 > input[2])) {
                continue; // mostly errors or empty outputs, which the corners and the validation test cover
            }
            DType dtype = args.size() % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
            args.add(Arguments.of(p("random " + args.size(), input, sizes, strides, rates, padding), dtype));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource({"corners", "random"})
    void sameAsTensorFlowBitForBit(Problem p, DType dtype) {
        Tensor input = TfOracle.random(dtype, Arrays.hashCode(p.input()) * 31L + p.name().length(), p.input());
        Tensor expected = tf.rawExtractImagePatches(input, four(p.sizes()), four(p.strides()), four(p.rates()),
                p.padding().toString());

        assertSame(expected, ExtractPatches.extractPatches(input, tfForm(p.sizes()), tfForm(p.strides()),
                tfForm(p.rates()), p.padding()), p + " (4-number attributes)");
        assertSame(expected, ExtractPatches.extractPatches(input, p.sizes(), p.strides(), p.rates(), p.padding()),
                p + " (2-number attributes)");
        assertArrayEquals(expected.shape(), ExtractPatches.outputShape(p.input(), p.sizes(), p.strides(), p.rates(),
                p.padding()), "outputShape " + p);
        for (int threads : new int[] {1, 3}) {
            ConvPlan plan = ExtractPatches.plan(p.input(), dtype, p.sizes(), p.strides(), p.rates(), p.padding(), threads);
            Tensor output = Tensor.zeros(dtype, plan.outputShape());
            fill(output, Double.NaN);
            plan.execute(input, output);
            assertSame(expected, output, p + " (plan into an output of NaN, " + threads + " threads)");
        }
    }

    /**
     * The work is split by the problem, never by the thread count, and every value is a copy:
     * any number of threads, and several callers of one plan at once, give one answer.
     */
    @Test
    void sameAnswerForAnyThreadCountAndConcurrentCallers() throws Exception {
        int[] shape = s(3, 37, 29, 16);
        Tensor input = TfOracle.random(DType.FLOAT32, 5, shape);
        Tensor one = ExtractPatches.plan(shape, DType.FLOAT32, s(3, 3), s(1, 2), s(2, 1), Padding.SAME, 1).execute(input);
        for (int threads : new int[] {0, 2, 5}) {
            ConvPlan plan = ExtractPatches.plan(shape, DType.FLOAT32, s(3, 3), s(1, 2), s(2, 1), Padding.SAME, threads);
            assertSame(one, plan.execute(input), threads + " threads");
            List<Thread> callers = new ArrayList<>();
            List<Tensor> results = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                Tensor out = Tensor.zeros(DType.FLOAT32, plan.outputShape());
                results.add(out);
                callers.add(new Thread(() -> {
                    for (int rep = 0; rep < 3; rep++) {
                        plan.execute(input, out);
                    }
                }));
            }
            callers.forEach(Thread::start);
            for (Thread t : callers) {
                t.join();
            }
            for (Tensor out : results) {
                assertSame(one, out, "concurrent callers, " + threads + " threads");
            }
        }
    }

    /**
     * A warm plan executed into a given output allocates nothing on the caller's thread, float32
     * and float64, alone and with a helper thread.
     */
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void aReusedPlanAllocatesNothing(int threads) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (DType dtype : DType.values()) {
            int[] shape = s(2, 20, 20, 8);
            ConvPlan plan = ExtractPatches.plan(shape, dtype, s(3, 3), s(1, 1), s(1, 1), Padding.SAME, threads);
            Tensor input = TfOracle.random(dtype, 9, shape);
            Tensor output = Tensor.zeros(dtype, plan.outputShape());
            for (int i = 0; i < 50; i++) {
                plan.execute(input, output);
            }
            long id = Thread.currentThread().getId();
            long before = bean.getThreadAllocatedBytes(id);
            for (int i = 0; i < 200; i++) {
                plan.execute(input, output);
            }
            long allocated = bean.getThreadAllocatedBytes(id) - before;
            // Anything allocated per call would be at least 16 bytes a call, 3200 in all.
            assertTrue(allocated < 200, () -> dtype + ": " + allocated + " bytes allocated by 200 calls");
        }
    }

    private static long[] four(int[] pair) {
        return new long[] {1, pair[0], pair[1], 1};
    }

    private static int[] tfForm(int[] pair) {
        return s(1, pair[0], pair[1], 1);
    }

    private static void fill(Tensor t, double value) {
        for (int i = 0; i < t.size(); i++) {
            if (t.dtype() == DType.FLOAT32) {
                t.floats()[i] = (float) value;
            } else {
                t.doubles()[i] = value;
            }
        }
    }

    /** Same dtype, shape and bits. */
    static void assertSame(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertArrayEquals(expected.shape(), actual.shape(), what);
        if (expected.dtype() == DType.FLOAT32) {
            assertArrayEquals(expected.floats(), actual.floats(), what);
        } else {
            assertArrayEquals(expected.doubles(), actual.doubles(), what);
        }
    }
}
