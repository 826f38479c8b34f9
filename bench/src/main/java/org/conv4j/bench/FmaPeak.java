package org.conv4j.bench;

import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's float32 FMA peak as Java can reach it, measured rather than taken from a data
 * sheet (clocks, SMT and the hypervisor all decide it): a register-blocked loop of 24 independent
 * vector FMAs per iteration, operands loaded from a small array that stays in L1, run on every
 * processor at once, one thread each. The GFLOP/s of every engine is quoted against this.
 *
 * <p>24 accumulators because an FMA has a latency of about 4 cycles and a core issues two per
 * cycle: at least 8 chains must be in flight, and more hide the loads. 24 accumulators plus two
 * operands and a broadcast fit in the 32 vector registers of AVX-512. They are named locals in
 * one flat loop: HotSpot keeps vectors in registers only then.
 *
 * <p>Only loaded when {@code jdk.incubator.vector} is readable.
 */
final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Iterations of one burst: a few milliseconds, so a run can be stopped at a round time. */
    private static final int BURST = 1 << 20;
    /** Operand window: 64 vectors (4 KiB with AVX-512), L1-resident. */
    private static final int WINDOW = 64 * L;
    private static volatile float sink;

    /**
     * The measured peak, in GFLOP/s.
     *
     * @param allThreads all threads at once, best run
     * @param threads how many threads that was
     * @param oneThread one thread alone, best run
     */
    record Result(double allThreads, int threads, double oneThread) {
        /**
         * Whether another process evidently took a core during the all-threads runs: they
         * reached less than 80% of {@code threads x oneThread}. (One thread alone is rarely
         * disturbed: with two cores it finds a free one.)
         */
        boolean disturbed() {
            return allThreads < 0.8 * threads * oneThread;
        }

        /**
         * The peak to quote: the all-threads figure, or {@code threads x oneThread} when the
         * all-threads runs were disturbed (a peak measured too low would flatter every
         * percentage quoted against it).
         */
        double estimate() {
            return disturbed() ? threads * oneThread : allThreads;
        }
    }

    private FmaPeak() {
    }

    /** Vector width in bits of {@code FloatVector.SPECIES_PREFERRED}. */
    static int speciesBits() {
        return S.vectorBitSize();
    }

    /** Floats per vector of {@code FloatVector.SPECIES_PREFERRED}. */
    static int speciesLength() {
        return L;
    }

    /** Measures one thread, then {@code threads} threads at once; best of a few runs each. */
    static Result measure(int threads, long millisPerRun) throws Exception {
        float[] data = operands();
        // Warm up: C2 must compile burst() before anything is timed.
        for (int i = 0; i < 20; i++) {
            sink += burst(data, BURST / 16);
        }
        double one = 0;
        double all = 0;
        for (int run = 0; run < 3; run++) {
            one = Math.max(one, runThreads(1, millisPerRun));
            all = Math.max(all, runThreads(threads, millisPerRun));
        }
        return new Result(all, threads, one);
    }

    private static float[] operands() {
        float[] data = new float[WINDOW];
        for (int i = 0; i < data.length; i++) {
            // Small values: the sums stay far from overflow and from subnormals.
            data[i] = 1e-3f * (1 + (i % 7));
        }
        return data;
    }

    /** GFLOP/s of {@code threads} threads each running bursts for about {@code millis}. */
    private static double runThreads(int threads, long millis) throws Exception {
        // Bursts per thread, fixed up front from a one-burst estimate, so that all threads do
        // the same work and the wall time covers all of it.
        float[] probe = operands();
        long t0 = System.nanoTime();
        sink += burst(probe, BURST);
        long perBurst = Math.max(1, System.nanoTime() - t0);
        int bursts = (int) Math.max(3, millis * 1_000_000L / perBurst);
        CyclicBarrier barrier = new CyclicBarrier(threads + 1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                float[] data = operands();
                float acc = 0;
                try {
                    barrier.await();
                    for (int b = 0; b < bursts; b++) {
                        acc += burst(data, BURST);
                    }
                    barrier.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                sink += acc;
            }, "fma-peak-" + t);
            workers[t].start();
        }
        barrier.await();
        long start = System.nanoTime();
        barrier.await();
        long elapsed = System.nanoTime() - start;
        for (Thread w : workers) {
            w.join();
        }
        double flops = (double) threads * bursts * BURST * 24 * 2 * L;
        return flops / elapsed;
    }

    /** {@code iterations} x 24 vector FMAs; returns the sum so that nothing is dead code. */
    static float burst(float[] data, int iterations) {
        FloatVector x = FloatVector.broadcast(S, 1.0001f);
        // Distinct starting values: no two chains are the same computation the JIT could merge.
        // (Built with force-inlined vector methods: a vector returned by a call that is not
        // inlined stays boxed, and so would every accumulator of the loop.)
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z.add(0), c1 = z.add(1), c2 = z.add(2), c3 = z.add(3);
        FloatVector c4 = z.add(4), c5 = z.add(5), c6 = z.add(6), c7 = z.add(7);
        FloatVector c8 = z.add(8), c9 = z.add(9), c10 = z.add(10), c11 = z.add(11);
        FloatVector c12 = z.add(12), c13 = z.add(13), c14 = z.add(14), c15 = z.add(15);
        FloatVector c16 = z.add(16), c17 = z.add(17), c18 = z.add(18), c19 = z.add(19);
        FloatVector c20 = z.add(20), c21 = z.add(21), c22 = z.add(22), c23 = z.add(23);
        int off = 0;
        for (int i = 0; i < iterations; i++) {
            FloatVector a = FloatVector.fromArray(S, data, off);
            FloatVector b = FloatVector.fromArray(S, data, off + L);
            off = (off + 2 * L) & (WINDOW - 1);
            c0 = a.fma(x, c0);
            c1 = b.fma(x, c1);
            c2 = a.fma(x, c2);
            c3 = b.fma(x, c3);
            c4 = a.fma(x, c4);
            c5 = b.fma(x, c5);
            c6 = a.fma(x, c6);
            c7 = b.fma(x, c7);
            c8 = a.fma(x, c8);
            c9 = b.fma(x, c9);
            c10 = a.fma(x, c10);
            c11 = b.fma(x, c11);
            c12 = a.fma(x, c12);
            c13 = b.fma(x, c13);
            c14 = a.fma(x, c14);
            c15 = b.fma(x, c15);
            c16 = a.fma(x, c16);
            c17 = b.fma(x, c17);
            c18 = a.fma(x, c18);
            c19 = b.fma(x, c19);
            c20 = a.fma(x, c20);
            c21 = b.fma(x, c21);
            c22 = a.fma(x, c22);
            c23 = b.fma(x, c23);
        }
        FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10)
                .add(c11).add(c12).add(c13).add(c14).add(c15).add(c16).add(c17).add(c18).add(c19).add(c20)
                .add(c21).add(c22).add(c23);
        return s.reduceLanes(VectorOperators.ADD);
    }
}
