package org.conv4j.internal.parallel;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.conv4j.Tensor;

/**
 * Runs the independent parts of one call on several threads: the caller's thread plus up to
 * {@code threads - 1} helpers. Algorithms split their work into parts that depend only on the
 * problem, never on the thread count, and compute each part the same way whoever runs it, which
 * is what makes results bitwise identical for any number of threads.
 *
 * <p>A call allocates nothing: the helpers are conv4j's own parked daemon threads (or tasks on a
 * user's executor), and the job they share is a per-caller-thread object reused call after call.
 * A helper that is busy with another caller's job is simply not used; the caller then does more
 * parts itself, so concurrent calls never wait for each other.
 */
public final class Parallelism {
    /** The work of one call: part {@code part} of {@code parts}, reading input, writing output. */
    @FunctionalInterface
    public interface Parts {
        void run(int part, Tensor input, Tensor output);
    }

    /**
     * The work of one call of an operation with two variable inputs (a gradient: the forward
     * input and the output's gradient): part {@code part} of {@code parts}.
     */
    @FunctionalInterface
    public interface PartsOfTwo {
        void run(int part, Tensor first, Tensor second, Tensor output);
    }

    /** One thread, the caller's. */
    public static final Parallelism SINGLE = new Parallelism(1, null);

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    private final int threads;
    private final Executor executor;

    /**
     * @param threads threads to use; 0 means all available processors
     * @param executor where helpers run; {@code null} for conv4j's own daemon threads
     */
    public Parallelism(int threads, Executor executor) {
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.executor = executor;
    }

    /** The number of threads a call may use. */
    public int threads() {
        return threads;
    }

    /**
     * Calls {@code body.run(i, input, output)} for every {@code i < parts}, spread over the
     * threads, and returns when all are done. Parts are handed out one at a time, so a slow
     * thread takes fewer. The first exception thrown by a part is rethrown here.
     */
    public void forEach(int parts, Parts body, Tensor input, Tensor output) {
        int helpers = Math.min(threads, parts) - 1;
        if (helpers <= 0) {
            for (int i = 0; i < parts; i++) {
                body.run(i, input, output);
            }
            return;
        }
        Job job = JOBS.get();
        job.start(body, null, input, null, output, parts);
        share(job, helpers);
    }

    /** {@link #forEach(int, Parts, Tensor, Tensor)} for an operation with two inputs. */
    public void forEach(int parts, PartsOfTwo body, Tensor first, Tensor second, Tensor output) {
        int helpers = Math.min(threads, parts) - 1;
        if (helpers <= 0) {
            for (int i = 0; i < parts; i++) {
                body.run(i, first, second, output);
            }
            return;
        }
        Job job = JOBS.get();
        job.start(null, body, first, second, output, parts);
        share(job, helpers);
    }

    /** Runs a started job on this thread and up to {@code helpers} others; returns when done. */
    private void share(Job job, int helpers) {
        if (executor != null) {
            for (int h = 0; h < helpers; h++) {
                job.active.incrementAndGet();
                executor.execute(job);
            }
        } else {
            Gang.INSTANCE.lend(job, helpers);
        }
        job.run();
        job.await();
    }

    /** The state one call shares with its helpers; reused by its caller thread. */
    static final class Job implements Runnable {
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger active = new AtomicInteger();
        private Parts body;
        private PartsOfTwo bodyOfTwo;
        private Tensor input;
        private Tensor second;
        private Tensor output;
        private int parts;
        private Thread caller;
        private volatile Throwable failure;

        void start(Parts body, PartsOfTwo bodyOfTwo, Tensor input, Tensor second, Tensor output, int parts) {
            this.body = body;
            this.bodyOfTwo = bodyOfTwo;
            this.input = input;
            this.second = second;
            this.output = output;
            this.parts = parts;
            this.caller = Thread.currentThread();
            this.failure = null;
            next.set(0);
            active.set(1);
        }

        /** Takes parts until none are left; then reports this thread done. */
        @Override
        public void run() {
            try {
                for (int i; failure == null && (i = next.getAndIncrement()) < parts; ) {
                    if (body != null) {
                        body.run(i, input, output);
                    } else {
                        bodyOfTwo.run(i, input, second, output);
                    }
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (active.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }

        void await() {
            while (active.get() != 0) {
                LockSupport.park(this);
            }
            Throwable t = failure;
            body = null;
            bodyOfTwo = null;
            input = null;
            second = null;
            output = null;
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** conv4j's own helper threads: one per extra processor, parked while idle. */
    static final class Gang {
        static final Gang INSTANCE = new Gang(Runtime.getRuntime().availableProcessors() - 1);

        private final Helper[] helpers;

        private Gang(int size) {
            helpers = new Helper[Math.max(0, size)];
            for (int i = 0; i < helpers.length; i++) {
                helpers[i] = new Helper(i);
                helpers[i].start();
            }
        }

        /** Hands {@code job} to up to {@code wanted} idle helpers. */
        void lend(Job job, int wanted) {
            for (int i = 0; i < helpers.length && wanted > 0; i++) {
                Helper h = helpers[i];
                if (h.busy.compareAndSet(false, true)) {
                    job.active.incrementAndGet();
                    h.job = job;
                    LockSupport.unpark(h);
                    wanted--;
                }
            }
        }
    }

    /** A daemon thread that runs the jobs it is lent. */
    static final class Helper extends Thread {
        final AtomicBoolean busy = new AtomicBoolean();
        volatile Job job;

        Helper(int index) {
            super("conv4j-helper-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                Job j = job;
                if (j == null) {
                    LockSupport.park(this);
                    continue;
                }
                job = null;
                try {
                    j.run();
                } finally {
                    // Free only once the job is done: a helper freed while still running one
                    // call's parts was lent to the next caller, which then waited for it.
                    busy.set(false);
                }
            }
        }
    }
}
