package org.conv4j.cli;

import java.util.Random;
import org.conv4j.Signal2d.Boundary;
import org.conv4j.Tensor;

/**
 * Gets the JIT going on the filter's code while the command decodes the image: a background
 * thread applies the filter to a small made-up plane a bounded number of times and stops. Until
 * the JIT has compiled them, the Vector API kernels run tens of times slower (and their classes
 * take a moment to load); without this, the first channel of a photograph pays for both. The
 * results are thrown away, and nothing the command computes depends on them.
 *
 * <p>The plane is one band of rows, so the work stays on this one thread (no helpers), and its
 * rows are long enough for every loop of the row kernel (four vectors, one vector, the scalar
 * tail), so that the compiled code is the one the real rows need.
 */
final class WarmUp {
    private static final int HEIGHT = 16;
    private static final int WIDTH = 101;
    /** Enough calls to pass the JIT's thresholds for the row kernel; a few milliseconds once compiled. */
    private static final int CALLS = 300;

    private final Thread thread;
    private volatile boolean stop;

    private WarmUp(KernelLibrary.Filter filter, Boundary boundary, double fill) {
        float[] data = new float[HEIGHT * WIDTH];
        Random random = new Random(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextInt(256);
        }
        Tensor plane = Tensor.of(data, HEIGHT, WIDTH);
        KernelLibrary.Spares spares = new KernelLibrary.Spares(HEIGHT, WIDTH);
        thread = new Thread(() -> {
            for (int i = 0; i < CALLS && !stop; i++) {
                filter.apply(plane, spares, boundary, fill);
            }
        }, "conv4j-warm-up");
        thread.setDaemon(true);
    }

    /** Starts warming up the code {@code filter} will run. */
    static WarmUp start(KernelLibrary.Filter filter, Boundary boundary, double fill) {
        WarmUp w = new WarmUp(filter, boundary, fill);
        w.thread.start();
        return w;
    }

    /** Stops early if still running, and waits for the call in progress. */
    void close() {
        stop = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
