package org.conv4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * conv3d and conv1d plans executed from several threads at once give each caller the lone
 * caller's answer, bit for bit: conv3d's per-thread stacks and output blocks, and the caller's
 * workspace its helpers share when blocks go one after the other, must not leak between calls.
 */
class NdConvPlanConcurrencyTest {

    @Test
    void concurrentExecutionsGiveTheSingleThreadedAnswer() throws Exception {
        Random rnd = new Random(21);
        List<ConvPlan> plans = new ArrayList<>();
        List<Tensor> inputs = new ArrayList<>();
        // [input shape, filter shape]: many blocks (each thread takes whole blocks), one block
        // (gather, conv2d and copy spread over the threads), NCDHW, and a conv1d.
        int[][][] problems = {
            {{2, 6, 14, 12, 8}, {3, 3, 3, 8, 16}},
            {{1, 1, 30, 26, 8}, {3, 3, 3, 8, 12}},
            {{1, 8, 3, 17, 15}, {2, 3, 3, 4, 10}},
            {{3, 200, 24}, {5, 24, 40}}};
        DataFormat[] formats = {DataFormat.NHWC, DataFormat.NHWC, DataFormat.NCHW, DataFormat.NHWC};
        for (int i = 0; i < problems.length; i++) {
            Tensor input = random(rnd, problems[i][0]);
            Tensor filter = random(rnd, problems[i][1]);
            Conv2dOptions options = Conv2dOptions.builder().padding(Padding.SAME).threads(2).dataFormat(formats[i]).build();
            plans.add(Convolution.plan(input.shape(), filter, options));
            inputs.add(input);
        }
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < plans.size(); i++) {
                ConvPlan plan = plans.get(i);
                Tensor input = inputs.get(i);
                float[] expected = plan.execute(input).floats();
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
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static Tensor random(Random rnd, int... shape) {
        float[] data = new float[Tensor.checkedElementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = rnd.nextFloat() - 0.5f;
        }
        return Tensor.of(data, shape);
    }
}
