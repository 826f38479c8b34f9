package org.conv4j.bench;

/**
 * One way of computing one layer's conv2d, prepared for that layer: inputs converted and
 * outputs allocated in the engine's own format beforehand, so that {@link #call()} is what a
 * user pays for one convolution and nothing else.
 */
interface Engine extends AutoCloseable {
    /** Column label, e.g. {@code "conv4j"}, {@code "TF"}, {@code "ORT"}. */
    String name();

    /** One convolution: the timed part. */
    void call() throws Exception;

    /** The result of the last {@link #call()} as NHWC floats (untimed; for the agreement check). */
    float[] output() throws Exception;

    /** Untimed housekeeping after a timed call (e.g. releasing results a runtime keeps). */
    default void afterCall() throws Exception {
    }

    /** A line saying what this engine runs, for the log. */
    default String describe() {
        return name();
    }

    /** Releases native resources (runtime errors only: nothing useful can be done about them). */
    @Override
    default void close() {
    }
}
