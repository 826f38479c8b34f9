package org.conv4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The filter gradient is the gradient of conv4j's own forward {@link Conv2d}, on every option,
 * including those TensorFlow's CPU kernel refuses (dilations, groups, NCHW):
 * <ul>
 *   <li>the adjoint identity {@code <conv2d(x, w), dy> = <w, backprop_filter(x, dy)>} for a
 *       random {@code w} (the filter gradient is the adjoint of {@code w -> conv2d(x, w)});
 *   <li>central finite differences of {@code L(w) = <conv2d(x, w), dy>} at random entries of
 *       {@code w} (exact up to rounding, since L is linear in w);
 *   <li>float32 against float64;
 * </ul>
 * and the plan's guarantees: bitwise identical results for 1, 2, 3 and 8 threads, no allocation
 * by a reused plan, concurrent executions of one plan.
 */
class Conv2dBackpropFilterGradientTest {

    /** A random forward problem with every option; {@code outShape} is its output's. */
    record Problem(String name, int[] input, int[] filterSizes, int[] outShape, Conv2dOptions options) {
    }

    static Problem problem(int seed) {
        Random r = new Random(seed);
        int groups = 1 + r.nextInt(3);
        int kc = 1 + r.nextInt(seed % 4 == 0 ? 20 : 5);
        int oc = groups * (1 + r.nextInt(seed % 3 == 0 ? 40 : 5));
        int kh = 1 + r.nextInt(4);
        int kw = 1 + r.nextInt(4);
        int n = r.nextInt(4);
        int h = 1 + r.nextInt(14);
        int w = 1 + r.nextInt(14);
        DataFormat format = r.nextBoolean() ? DataFormat.NCHW : DataFormat.NHWC;
        Padding padding = switch (r.nextInt(3)) {
            case 0 -> Padding.SAME;
            case 1 -> Padding.VALID;
            default -> Padding.explicit(r.nextInt(4), r.nextInt(4), r.nextInt(4), r.nextInt(4));
        };
        Conv2dOptions options = Conv2dOptions.builder().padding(padding).dataFormat(format)
                .strides(1 + r.nextInt(3), 1 + r.nextInt(3)).dilations(1 + r.nextInt(3), 1 + r.nextInt(3)).build();
        int c = kc * groups;
        int[] input = format == DataFormat.NHWC ? new int[] {n, h, w, c} : new int[] {n, c, h, w};
        int[] filterSizes = {kh, kw, kc, oc};
        int[] out;
        try {
            out = Conv2d.outputShape(input, filterSizes, options);
        } catch (IllegalArgumentException negative) {
            return null;
        }
        String name = "#" + seed + " " + format + " in" + Arrays.toString(input) + " f" + Arrays.toString(filterSizes)
                + " s" + Arrays.toString(options.strides()) + " d" + Arrays.toString(options.dilations()) + " " + padding;
        return new Problem(name, input, filterSizes, out, options);
    }

    @TestFactory
    Stream<DynamicTest> adjointOfTheForwardConvolution() {
        return IntStream.range(0, 120).mapToObj(Conv2dBackpropFilterGradientTest::problem).filter(p -> p != null)
                .map(p -> DynamicTest.dynamicTest(p.name(), () -> {
                    Random r = new Random(p.name().hashCode());
                    Tensor x = random(DType.FLOAT64, p.input(), r);
                    Tensor w = random(DType.FLOAT64, p.filterSizes(), r);
                    Tensor dy = random(DType.FLOAT64, p.outShape(), r);
                    double lhs = dot(Conv2d.conv2d(x, w, p.options()), dy);
                    for (Algorithm algorithm : new Algorithm[] {Algorithm.AUTO, Algorithm.REFERENCE}) {
                        Tensor dw = Conv2dBackpropFilter.conv2dBackpropFilter(x, p.filterSizes(), dy,
                                p.options().toBuilder().algorithm(algorithm).build());
                        assertArrayEquals(p.filterSizes(), dw.shape());
                        double rhs = dot(w, dw);
                        double scale = Math.max(1, norm(w) * norm(dw));
                        assertEquals(lhs, rhs, 1e-12 * scale, algorithm + ": <conv2d(x, w), dy> != <w, dW>");
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> finiteDifferencesOfTheForwardConvolution() {
        return IntStream.range(200, 260).mapToObj(Conv2dBackpropFilterGradientTest::problem)
                .filter(p -> p != null && p.input()[0] > 0)
                .map(p -> DynamicTest.dynamicTest(p.name(), () -> {
                    Random r = new Random(p.name().hashCode());
                    Tensor x = random(DType.FLOAT64, p.input(), r);
                    Tensor w = random(DType.FLOAT64, p.filterSizes(), r);
                    Tensor dy = random(DType.FLOAT64, p.outShape(), r);
                    Tensor dw = Conv2dBackpropFilter.conv2dBackpropFilter(x, p.filterSizes(), dy, p.options());
                    double scale = 1e-30;
                    for (int i = 0; i < dw.size(); i++) {
                        scale = Math.max(scale, Math.abs(dw.getDouble(i)));
                    }
                    double h = 1e-3;
                    for (int probe = 0; probe < 8; probe++) {
                        int k = r.nextInt(w.size());
                        double saved = w.doubles()[k];
                        w.doubles()[k] = saved + h;
                        double up = dot(Conv2d.conv2d(x, w, p.options()), dy);
                        w.doubles()[k] = saved - h;
                        double down = dot(Conv2d.conv2d(x, w, p.options()), dy);
                        w.doubles()[k] = saved;
                        double numeric = (up - down) / (2 * h);
                        assertEquals(numeric, dw.getDouble(k), 1e-8 * Math.max(1, scale), "dL/dw[" + k + "]");
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> float32AgreesWithFloat64() {
        return IntStream.range(300, 360).mapToObj(Conv2dBackpropFilterGradientTest::problem).filter(p -> p != null)
                .map(p -> DynamicTest.dynamicTest(p.name(), () -> {
                    Random r = new Random(p.name().hashCode());
                    Tensor x = random(DType.FLOAT32, p.input(), r);
                    Tensor dy = random(DType.FLOAT32, p.outShape(), r);
                    Tensor reference = Conv2dBackpropFilter.conv2dBackpropFilter(widen(x), p.filterSizes(), widen(dy),
                            p.options().toBuilder().algorithm(Algorithm.REFERENCE).build());
                    Tensor ours = Conv2dBackpropFilter.conv2dBackpropFilter(x, p.filterSizes(), dy, p.options());
                    double max = 1e-30;
                    double err = 0;
                    for (int i = 0; i < ours.size(); i++) {
                        max = Math.max(max, Math.abs(reference.getDouble(i)));
                        err = Math.max(err, Math.abs(reference.getDouble(i) - ours.getDouble(i)));
                    }
                    assertTrue(err / max <= 1e-5 || (max == 1e-30 && err == 0), "relative error " + err / max);
                }));
    }

    /** Shapes that split into several blocks, column parts and row parts. */
    private static final Problem[] LARGE = {
        new Problem("NHWC 3x3 SAME", new int[] {2, 23, 21, 72}, new int[] {3, 3, 72, 150}, new int[] {2, 23, 21, 150},
                Conv2dOptions.builder().padding(Padding.SAME).build()),
        new Problem("NCHW grouped dilated", new int[] {3, 12, 17, 19}, new int[] {3, 2, 6, 40}, new int[] {3, 40, 17, 19},
                Conv2dOptions.builder().padding(Padding.SAME).dilations(2).dataFormat(DataFormat.NCHW).build()),
        new Problem("NHWC stride 2", new int[] {4, 30, 30, 64}, new int[] {3, 3, 64, 128}, new int[] {4, 15, 15, 128},
                Conv2dOptions.builder().padding(Padding.SAME).strides(2).build())};

    @TestFactory
    Stream<DynamicTest> bitwiseIdenticalForAnyThreadCount() {
        return Arrays.stream(LARGE).flatMap(p -> Stream.of(DType.FLOAT32, DType.FLOAT64).map(dtype ->
                DynamicTest.dynamicTest(p.name() + " " + dtype, () -> {
                    Random r = new Random(5);
                    Tensor x = random(dtype, p.input(), r);
                    Tensor dy = random(dtype, p.outShape(), r);
                    for (Algorithm algorithm : new Algorithm[] {Algorithm.AUTO, Algorithm.GEMM}) {
                        Conv2dOptions options = p.options().toBuilder().algorithm(algorithm).build();
                        Tensor one = Conv2dBackpropFilter.conv2dBackpropFilter(x, p.filterSizes(), dy,
                                options.toBuilder().threads(1).build());
                        for (int threads : new int[] {2, 3, 8}) {
                            Tensor many = Conv2dBackpropFilter.conv2dBackpropFilter(x, p.filterSizes(), dy,
                                    options.toBuilder().threads(threads).build());
                            boolean same = dtype == DType.FLOAT32 ? Arrays.equals(one.floats(), many.floats())
                                    : Arrays.equals(one.doubles(), many.doubles());
                            assertTrue(same, algorithm + ": " + threads + " threads differ from 1 thread");
                        }
                    }
                })));
    }

    @Test
    void reusedPlanAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        for (Problem p : LARGE) {
            for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (int threads : new int[] {1, 2}) {
                    Random r = new Random(6);
                    Tensor x = random(dtype, p.input(), r);
                    Tensor dy = random(dtype, p.outShape(), r);
                    FilterGradientPlan plan = Conv2dBackpropFilter.plan(p.input(), p.filterSizes(), p.outShape(), dtype,
                            p.options().toBuilder().threads(threads).build());
                    Tensor dw = Tensor.zeros(dtype, p.filterSizes());
                    plan.execute(x, dy, dw);
                    // A thread allocates its workspace the first time it takes a part, which a
                    // helper may only do in a later call: at most once per thread, so some round
                    // of 5 calls among the first threads + 1 must allocate nothing at all.
                    long[] ids = conv4jThreads();
                    long bytes = -1;
                    for (int round = 0; round <= ids.length && bytes != 0; round++) {
                        long before = allocated(mx, ids);
                        for (int i = 0; i < 5; i++) {
                            plan.execute(x, dy, dw);
                        }
                        bytes = Math.max(0, allocated(mx, ids) - before - probeCost(mx, ids));
                    }
                    assertEquals(0, bytes, p.name() + " " + dtype + " threads " + threads + ": bytes allocated by 5 calls");
                }
            }
        }
    }

    @Test
    void concurrentExecutionsOfOnePlanGiveTheLoneAnswer() throws Exception {
        Problem p = LARGE[1];
        Random r = new Random(8);
        Tensor x = random(DType.FLOAT32, p.input(), r);
        Tensor dy = random(DType.FLOAT32, p.outShape(), r);
        FilterGradientPlan plan = Conv2dBackpropFilter.plan(p.input(), p.filterSizes(), p.outShape(), DType.FLOAT32,
                p.options().toBuilder().threads(2).build());
        float[] expected = plan.execute(x, dy).floats();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int c = 0; c < 12; c++) {
                results.add(callers.submit(() -> {
                    Tensor out = Tensor.zeros(DType.FLOAT32, plan.outputShape());
                    for (int rep = 0; rep < 4; rep++) {
                        plan.execute(x, dy, out);
                    }
                    return out.floats();
                }));
            }
            for (Future<float[]> f : results) {
                assertArrayEquals(expected, f.get(), plan.describe());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------

    /** The calling thread and conv4j's helpers. */
    private static long[] conv4jThreads() {
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().getId());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("conv4j-helper")) {
                ids.add(t.getId());
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static long allocated(com.sun.management.ThreadMXBean mx, long[] ids) {
        long sum = 0;
        for (long b : mx.getThreadAllocatedBytes(ids)) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /** What measuring costs by itself (the array getThreadAllocatedBytes returns). */
    private static long probeCost(com.sun.management.ThreadMXBean mx, long[] ids) {
        long a = allocated(mx, ids);
        long b = allocated(mx, ids);
        return b - a;
    }

    static Tensor random(DType dtype, int[] shape, Random r) {
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

    private static Tensor widen(Tensor t) {
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.getDouble(i);
        }
        return Tensor.of(d, t.shape());
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
