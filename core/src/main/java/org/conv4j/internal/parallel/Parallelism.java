package org.conv4j.internal.parallel;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs the independent parts of one call on several threads: the caller's thread plus
 * {@code threads - 1} tasks on an executor. Work is split into a fixed number of parts by the
 * algorithm, never by the thread count, and each part is computed the same way whoever runs
 * it, which is what makes results bitwise identical for any number of threads.
 */
public final class Parallelism {
    private static final ExecutorService SHARED = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "conv4j-worker");
        t.setDaemon(true);
        return t;
    });

    /** One thread, the caller's. */
    public static final Parallelism SINGLE = new Parallelism(1, null);

    private final int threads;
    private final Executor executor;

    /**
     * @param threads threads to use; 0 means all available processors
     * @param executor where the extra threads run; {@code null} for conv4j's own daemon threads
     */
    public Parallelism(int threads, Executor executor) {
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.executor = executor == null ? SHARED : executor;
    }

    /** The number of threads a call may use. */
    public int threads() {
        return threads;
    }

    /**
     * Calls {@code part.accept(i)} for every {@code i < parts}, spread over the threads, and
     * returns when all are done. Parts are handed out dynamically, so a slow thread takes fewer.
     * The first exception thrown by a part is rethrown here.
     */
    public void forEach(int parts, IntConsumer part) {
        int workers = Math.min(threads, parts);
        if (workers <= 1) {
            for (int i = 0; i < parts; i++) {
                part.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger running = new AtomicInteger(workers);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = Thread.currentThread();
        Runnable worker = () -> {
            try {
                for (int i; failure.get() == null && (i = next.getAndIncrement()) < parts; ) {
                    part.accept(i);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                if (running.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        };
        for (int t = 1; t < workers; t++) {
            executor.execute(worker);
        }
        worker.run();
        while (running.get() > 0) {
            LockSupport.park(this);
        }
        Throwable t = failure.get();
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
