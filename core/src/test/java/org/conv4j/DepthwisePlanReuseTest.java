package org.conv4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Depthwise and separable plans, reused: concurrent callers get a lone caller's answer bit for
 * bit (per-thread buffers, among them the separable plan's intermediate, must not leak between
 * calls), and once warm, {@code execute(input, output)} allocates nothing.
 */
class DepthwisePlanReuseTest {

    private static Tensor random(Random rnd, int... shape) {
        float[] d = new float[Tensor.checkedElementCount(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextFloat() - 0.5f;
        }
        return Tensor.of(d, shape);
    }

    /** Plans on a [2, 30, 26, 24] input (or its NCHW transpose): each fast path once, and separable. */
    private static List<Supplier<ConvPlan>> plans(Random rnd, int threads) {
        Conv2dOptions same = Conv2dOptions.builder().padding(Padding.SAME).threads(threads).build();
        Tensor dw1 = random(rnd, 3, 3, 24, 1);
        Tensor dw3 = random(rnd, 5, 3, 24, 3);
        Tensor pw = random(rnd, 1, 1, 72, 10);
        return List.of(
                () -> DepthwiseConv2d.plan(new int[] {2, 30, 26, 24}, dw1, same),
                () -> DepthwiseConv2d.plan(new int[] {2, 30, 26, 24}, dw3, same.toBuilder().strides(2).build()),
                () -> DepthwiseConv2d.plan(new int[] {2, 24, 30, 26}, dw1, same.toBuilder().dataFormat(DataFormat.NCHW).build()),
                () -> SeparableConv2d.plan(new int[] {2, 30, 26, 24}, dw3, pw, same));
    }

    @Test
    void concurrentExecutionsGiveTheSingleThreadedAnswer() throws Exception {
        Random rnd = new Random(5);
        for (Supplier<ConvPlan> make : plans(rnd, 2)) {
            ConvPlan plan = make.get();
            Tensor input = random(rnd, plan.inputShape());
            float[] expected = plan.execute(input).floats();
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int c = 0; c < 12; c++) {
                    results.add(callers.submit(() -> {
                        Tensor out = Tensor.zeros(DType.FLOAT32, plan.outputShape());
                        for (int rep = 0; rep < 4; rep++) {
                            plan.execute(input, out);
                        }
                        return out.floats();
                    }));
                }
                for (Future<float[]> r : results) {
                    assertArrayEquals(expected, r.get(), plan.describe());
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Test
    void aWarmPlanAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        Random rnd = new Random(6);
        for (Supplier<ConvPlan> make : plans(rnd, 1)) {
            ConvPlan plan = make.get();
            Tensor input = random(rnd, plan.inputShape());
            Tensor output = Tensor.zeros(DType.FLOAT32, plan.outputShape());
            // Warm up until the JIT has compiled the kernels (interpreted Vector API code boxes
            // its vectors); a batch of calls that allocates nothing must come within 20 s (C2
            // can take that long on a busy machine, after the rest of the suite shaped its
            // profiles).
            long allocated = -1;
            long deadline = System.nanoTime() + 20_000_000_000L;
            for (int batch = 0; allocated != 0 && (batch < 40 || System.nanoTime() < deadline); batch++) {
                for (int i = 0; i < 100; i++) {
                    plan.execute(input, output);
                }
                long before = mx.getThreadAllocatedBytes(self);
                for (int i = 0; i < 20; i++) {
                    plan.execute(input, output);
                }
                allocated = mx.getThreadAllocatedBytes(self) - before;
            }
            long last = allocated;
            assertTrue(last == 0, () -> plan.describe() + ": 20 warm calls allocated " + last + " bytes");
        }
    }
}
