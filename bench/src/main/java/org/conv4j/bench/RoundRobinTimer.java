package org.conv4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Times several engines on one problem in the same run, interleaved: engine A one call, engine B
 * one call, ..., repeated. On a noisy machine (other tenants, frequency changes) a disturbance
 * then hits every engine alike, so the ratios between their medians hold even when the absolute
 * times drift. The starting engine rotates every round so that none always follows the same
 * neighbour.
 *
 * <p>Between two calls the timer pauses ({@link Budget#gapNanos}): native runtimes keep their
 * worker threads spinning for a while after a call, and on two cores a spinning thread from the
 * previous engine would otherwise steal a core from the next one.
 */
final class RoundRobinTimer {
    /**
     * How long to run.
     *
     * @param warmupRounds rounds run untimed first, at least
     * @param warmupNanos untimed time, at least
     * @param minRounds timed rounds, at least
     * @param maxRounds timed rounds, at most
     * @param measureNanos timed rounds continue until this much time has passed (or maxRounds)
     * @param gapNanos pause after every call
     */
    record Budget(int warmupRounds, long warmupNanos, int minRounds, int maxRounds, long measureNanos, long gapNanos) {
    }

    private RoundRobinTimer() {
    }

    /** Runs the engines round-robin and returns one {@link Timings} per engine, in order. */
    static List<Timings> time(List<Engine> engines, Budget budget) throws Exception {
        int n = engines.size();
        long start = System.nanoTime();
        for (int round = 0; round < budget.warmupRounds() || System.nanoTime() - start < budget.warmupNanos(); round++) {
            for (int k = 0; k < n; k++) {
                Engine e = engines.get((round + k) % n);
                e.call();
                e.afterCall();
                pause(budget.gapNanos());
            }
        }
        List<Timings> timings = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            timings.add(new Timings());
        }
        start = System.nanoTime();
        for (int round = 0; round < budget.maxRounds()
                && (round < budget.minRounds() || System.nanoTime() - start < budget.measureNanos()); round++) {
            for (int k = 0; k < n; k++) {
                int which = (round + k) % n;
                Engine e = engines.get(which);
                long t0 = System.nanoTime();
                e.call();
                long t1 = System.nanoTime();
                timings.get(which).add(t1 - t0);
                e.afterCall();
                pause(budget.gapNanos());
            }
        }
        return timings;
    }

    private static void pause(long nanos) {
        if (nanos > 0) {
            LockSupport.parkNanos(nanos);
        }
    }
}
