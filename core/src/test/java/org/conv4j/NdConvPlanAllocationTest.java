package org.conv4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A reused conv3d or conv1d plan allocates nothing per call once warm (JIT-compiled): conv3d's stacks and
 * output blocks are per-thread buffers kept between calls, and conv1d hands its tensors to the
 * conv2d underneath without reshaping them. Measured on the calling thread (HotSpot's
 * per-thread allocation counter), which with one thread does all the work and with two does
 * the gathering and copying of a single block itself.
 */
class NdConvPlanAllocationTest {

    @Test
    void executeIntoAnOutputAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocations per thread");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random rnd = new Random(5);
        int[][][] problems = {
            {{1, 6, 12, 12, 16}, {3, 3, 3, 16, 16}}, // blocks spread over threads, Winograd inside
            {{1, 1, 20, 18, 8}, {3, 3, 3, 8, 12}}, // one block: gather and copy spread over threads
            {{2, 5, 6, 7, 4}, {2, 2, 3, 4, 6}}, // GEMM inside, last block shorter
            {{2, 4, 10, 10, 8}, {1, 3, 3, 8, 8}}, // depth-1 filter: one conv2d, no stacking
            {{3, 64, 12}, {5, 12, 16}}}; // conv1d
        for (DataFormat format : DataFormat.values()) {
            for (int[][] p : problems) {
                for (int threads : new int[] {1, 2}) {
                    Tensor input = random(rnd, layout(p[0], format));
                    Tensor filter = random(rnd, p[1]);
                    ConvPlan plan = Convolution.plan(input.shape(), filter, Conv2dOptions.builder().padding(Padding.SAME)
                            .dataFormat(format).threads(threads).build());
                    Tensor out = Tensor.zeros(DType.FLOAT32, plan.outputShape());
                    // Until the JIT has compiled them, the Vector API kernels box their vectors:
                    // "warm" is when ten calls in a row allocate nothing.
                    long allocated = -1;
                    for (int round = 0; round < 100 && allocated != 0; round++) {
                        long before = bean.getCurrentThreadAllocatedBytes();
                        for (int i = 0; i < 10; i++) {
                            plan.execute(input, out);
                        }
                        allocated = bean.getCurrentThreadAllocatedBytes() - before;
                    }
                    assertEquals(0, allocated, plan.describe());
                }
            }
        }
    }

    /** A channels-last shape {@code [N, spatial..., C]}, or its channels-first form {@code [N, C, spatial...]}. */
    private static int[] layout(int[] channelsLast, DataFormat format) {
        if (format == DataFormat.NHWC) {
            return channelsLast;
        }
        int[] first = new int[channelsLast.length];
        first[0] = channelsLast[0];
        first[1] = channelsLast[channelsLast.length - 1];
        System.arraycopy(channelsLast, 1, first, 2, channelsLast.length - 2);
        return first;
    }

    private static Tensor random(Random rnd, int... shape) {
        float[] data = new float[Tensor.checkedElementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = rnd.nextFloat() - 0.5f;
        }
        return Tensor.of(data, shape);
    }
}
