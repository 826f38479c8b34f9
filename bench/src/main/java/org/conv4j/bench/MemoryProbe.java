package org.conv4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import org.conv4j.Conv2d;
import org.conv4j.ConvPlan;
import org.conv4j.DType;
import org.conv4j.Tensor;

/**
 * What one conv4j call costs in memory beyond its input and output. conv4j has no API that
 * reports a plan's workspace, so it is measured from outside:
 *
 * <ul>
 *   <li>bytes allocated while the plan is made (packed filter and bookkeeping), by
 *       {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} on the calling thread;
 *   <li>bytes allocated by the first call on that plan, summed over the calling thread and
 *       conv4j's helper threads: the per-thread scratch a plan keeps between calls, i.e. its
 *       workspace (the code has already run on another plan, so no class loading is counted);
 *   <li>bytes allocated per warm call, same threads, averaged: should be 0;
 *   <li>heap retained after a full GC by the plan and its scratch (heap used after minus
 *       before, other plan kept alive throughout): a cross-check, coarser.
 * </ul>
 * The probe's own allocations (the arrays {@code getThreadAllocatedBytes} returns) are
 * measured with nothing in between and subtracted.
 */
final class MemoryProbe {
    /** Figures for one layer, in bytes. */
    record Figures(LayerShape layer, int threads, long inputBytes, long outputBytes, long filterBytes, long planBytes,
            long firstCallBytes, double warmCallBytes, int warmCalls, long retainedBytes) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private MemoryProbe() {
    }

    /** Measures conv4j on {@code layer} with {@code threads} threads per call. */
    static Figures measure(LayerShape layer, int threads, int warmCalls) {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        float[] in = TestData.uniform(1, Tensor.checkedElementCount(layer.inputShape()));
        float[] f = TestData.uniform(2, Tensor.checkedElementCount(layer.filterShape()));
        Tensor input = Tensor.of(in, layer.inputShape());
        Tensor filter = Tensor.of(f, layer.filterShape());

        // Run the code once on a plan of its own: JIT, class loading and helper threads are
        // then out of the way of what is measured on the second plan.
        ConvPlan warmPlan = Conv2d.plan(layer.inputShape(), filter, layer.options(threads));
        Tensor output = Tensor.zeros(DType.FLOAT32, warmPlan.outputShape());
        for (int i = 0; i < 2; i++) {
            warmPlan.execute(input, output);
        }
        long[] ids = threadIds();
        long overhead = probeOverhead(ids);

        long heapBefore = usedHeapAfterGc();
        long a0 = allocated(ids);
        ConvPlan plan = Conv2d.plan(layer.inputShape(), filter, layer.options(threads));
        long a1 = allocated(ids);
        plan.execute(input, output);
        long a2 = allocated(ids);
        for (int i = 0; i < warmCalls; i++) {
            plan.execute(input, output);
        }
        long a3 = allocated(ids);
        long heapAfter = usedHeapAfterGc();
        Reference.reachabilityFence(plan);
        Reference.reachabilityFence(warmPlan);

        return new Figures(layer, threads,
                4L * in.length, 4L * output.size(), 4L * f.length, Math.max(0, a1 - a0 - overhead),
                Math.max(0, a2 - a1 - overhead), Math.max(0, (double) (a3 - a2 - overhead) / warmCalls), warmCalls,
                heapAfter - heapBefore);
    }

    /** The calling thread and conv4j's helpers: every thread a call can allocate on. */
    private static long[] threadIds() {
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().getId());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("conv4j-")) {
                ids.add(t.getId());
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static long allocated(long[] ids) {
        long sum = 0;
        for (long v : THREADS.getThreadAllocatedBytes(ids)) {
            sum += Math.max(0, v);
        }
        return sum;
    }

    /** What one {@link #allocated} call itself allocates (its result array). */
    private static long probeOverhead(long[] ids) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long a = allocated(ids);
            long b = allocated(ids);
            min = Math.min(min, b - a);
        }
        return min;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
