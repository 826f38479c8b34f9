package org.conv4j.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.conv4j.internal.simd.FloatGemmKernel;
import org.conv4j.internal.simd.Kernels;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * conv4j's float32 GEMM micro-kernel alone ({@code Kernels.get().floatGemm().tile(...)}, see
 * {@link FloatGemmKernel}): one {@code MR x NR} output tile over a reduction of {@code depth},
 * operands small enough to stay in L1/L2. This is the ceiling of the GEMM path: the convolution
 * can only lose from here (patch gathering, edges, threads).
 *
 * <p>The {@code flops} counter is floating-point operations per nanosecond, i.e. GFLOP/s, on
 * one thread; compare it with the one-thread FMA peak {@code bin/bench} prints.
 *
 * <pre>{@code
 * bin/bench --jmh GemmTileBench
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class GemmTileBench {
    /** {@code vector}: the kernels this JVM chose (Vector API); {@code scalar}: the fallback. */
    @Param({"vector", "scalar"})
    public String kernels;

    /** Reduction length: 64 (L1), 576 (3x3x64, a ResNet layer), 2304 (3x3x256). */
    @Param({"64", "576", "2304"})
    public int depth;

    private FloatGemmKernel kernel;
    private float[] a;
    private int[] offsets;
    private float[] b;
    private float[] c;
    private int nr;
    private long flopsPerTile;

    /** Floating-point operations done, reported per nanosecond (= GFLOP/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        /** Operations so far. */
        public long flops;

        /** Starts every iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            flops = 0;
        }
    }

    /** Picks the kernel and fills packed operands. */
    @Setup
    public void setup() {
        Kernels k = kernels.equals("scalar") ? Kernels.scalar() : Kernels.get();
        if (kernels.equals("vector") && !k.name().startsWith("vector")) {
            throw new IllegalStateException("Vector API kernels not in use (" + k.name()
                    + "): run with --add-modules jdk.incubator.vector");
        }
        kernel = k.floatGemm();
        int mr = kernel.mr();
        nr = kernel.nr();
        SplittableRandom r = new SplittableRandom(5);
        // One segment per row: row i is depth consecutive values starting at i * depth.
        a = new float[mr * depth];
        offsets = new int[mr];
        for (int i = 0; i < mr; i++) {
            offsets[i] = i * depth;
        }
        b = new float[depth * nr];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextDouble(-1, 1);
        }
        c = new float[mr * nr];
        flopsPerTile = 2L * mr * nr * depth;
    }

    /** One tile. */
    @Benchmark
    public float[] tile(Flops counter) {
        kernel.tile(a, offsets, 0, 1, depth, b, 0, c, 0, nr);
        counter.flops += flopsPerTile;
        return c;
    }
}
