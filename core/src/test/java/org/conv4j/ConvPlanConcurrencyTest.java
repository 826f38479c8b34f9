package org.conv4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A plan is immutable and may be executed from several threads at once: each caller gets the
 * answer a lone caller gets, bit for bit, whatever the algorithm (per-thread workspaces and
 * per-caller jobs must not leak between concurrent calls).
 */
class ConvPlanConcurrencyTest {

    @Test
    void concurrentExecutionsGiveTheSingleThreadedAnswer() throws Exception {
        Random rnd = new Random(11);
        int[][] problems = {{2, 30, 26, 24, 3, 3, 40}, {1, 33, 35, 5, 5, 5, 18}, {1, 64, 70, 1, 5, 5, 1}};
        for (Algorithm algorithm : new Algorithm[] {Algorithm.AUTO, Algorithm.GEMM}) {
            for (int[] p : problems) {
                float[] in = new float[p[0] * p[1] * p[2] * p[3]];
                float[] f = new float[p[4] * p[5] * p[3] * p[6]];
                for (int i = 0; i < in.length; i++) {
                    in[i] = rnd.nextFloat() - 0.5f;
                }
                for (int i = 0; i < f.length; i++) {
                    f[i] = rnd.nextFloat() - 0.5f;
                }
                Tensor input = Tensor.of(in, p[0], p[1], p[2], p[3]);
                ConvPlan plan = Conv2d.plan(input.shape(), Tensor.of(f, p[4], p[5], p[3], p[6]),
                        Conv2dOptions.builder().padding(Padding.SAME).threads(2).algorithm(algorithm).build());
                float[] expected = plan.execute(input).floats();
                ExecutorService callers = Executors.newFixedThreadPool(4);
                try {
                    List<Future<float[]>> results = new ArrayList<>();
                    for (int c = 0; c < 16; c++) {
                        results.add(callers.submit(() -> {
                            Tensor out = Tensor.zeros(DType.FLOAT32, plan.outputShape());
                            for (int rep = 0; rep < 5; rep++) {
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
    }

    @Test
    void aUsersExecutorRunsTheHelpersAndTheAnswerIsTheSame() throws Exception {
        Random rnd = new Random(12);
        float[] in = new float[2 * 40 * 36 * 16];
        float[] f = new float[3 * 3 * 16 * 24];
        for (int i = 0; i < in.length; i++) {
            in[i] = rnd.nextFloat() - 0.5f;
        }
        for (int i = 0; i < f.length; i++) {
            f[i] = rnd.nextFloat() - 0.5f;
        }
        Tensor input = Tensor.of(in, 2, 40, 36, 16);
        Tensor filter = Tensor.of(f, 3, 3, 16, 24);
        Conv2dOptions base = Conv2dOptions.builder().padding(Padding.SAME).algorithm(Algorithm.GEMM).build();
        float[] alone = Conv2d.conv2d(input, filter, base.toBuilder().threads(1).build()).floats();
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Conv2dOptions options = base.toBuilder().threads(4).executor(task -> {
                tasks.incrementAndGet();
                pool.execute(task);
            }).build();
            for (int rep = 0; rep < 3; rep++) {
                assertArrayEquals(alone, Conv2d.conv2d(input, filter, options).floats());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(tasks.get() >= 3, "the executor was given " + tasks.get() + " helper tasks");
    }
}
