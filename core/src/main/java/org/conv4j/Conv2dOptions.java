package org.conv4j;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The attributes of a 2-D convolution, with TensorFlow's defaults and forms. Immutable; build
 * one with {@link #builder()} or use {@link #DEFAULTS}.
 *
 * <ul>
 *   <li>{@code strides}, {@code dilations}: 1 number (both spatial dimensions), 2 numbers
 *       ({@code height, width}) or 4 numbers in data-format order (batch and channel must be 1),
 *       as {@code tf.nn.conv2d} takes them. Default 1.
 *   <li>{@code padding}: {@link Padding#VALID} (default, Keras' default), {@link Padding#SAME}
 *       or {@link Padding#explicit(int...)}.
 *   <li>{@code dataFormat}: {@link DataFormat#NHWC} (default) or {@link DataFormat#NCHW}.
 *   <li>{@code threads}: how many threads one call may use; 0 (default) means all available
 *       processors. Results are bitwise identical for any thread count.
 *   <li>{@code executor}: where the extra threads run; {@code null} (default) means conv4j's
 *       own daemon threads.
 *   <li>{@code algorithm}: {@link Algorithm#AUTO} (default) or a forced implementation.
 * </ul>
 *
 * <p>Values are checked when a plan is made ({@link Conv2d#plan}), against the shapes, so that
 * every error names both.
 *
 * <p>conv1d and conv3d ({@link Convolution}) take the same options, read for their number of
 * spatial dimensions: strides and dilations of 1 number, one per spatial dimension, or that
 * many plus 2 in data-format order; explicit padding as a before, after pair per spatial
 * dimension; {@link DataFormat#NHWC} for channels last (NWC, NDHWC), {@link DataFormat#NCHW}
 * for channels first (NCW, NCDHW).
 */
public final class Conv2dOptions {
    /** All defaults: stride 1, dilation 1, VALID, NHWC, all processors, AUTO. */
    public static final Conv2dOptions DEFAULTS = builder().build();

    private final int[] strides;
    private final int[] dilations;
    private final Padding padding;
    private final DataFormat dataFormat;
    private final int threads;
    private final Executor executor;
    private final Algorithm algorithm;

    private Conv2dOptions(Builder b) {
        this.strides = b.strides;
        this.dilations = b.dilations;
        this.padding = b.padding;
        this.dataFormat = b.dataFormat;
        this.threads = b.threads;
        this.executor = b.executor;
        this.algorithm = b.algorithm;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.strides = strides;
        b.dilations = dilations;
        b.padding = padding;
        b.dataFormat = dataFormat;
        b.threads = threads;
        b.executor = executor;
        b.algorithm = algorithm;
        return b;
    }

    /** The strides as given (1, 2 or 4 numbers). */
    public int[] strides() {
        return strides.clone();
    }

    /** The dilations as given (1, 2 or 4 numbers). */
    public int[] dilations() {
        return dilations.clone();
    }

    /** The padding. */
    public Padding padding() {
        return padding;
    }

    /** The layout of input and output. */
    public DataFormat dataFormat() {
        return dataFormat;
    }

    /** Threads per call; 0 means all available processors. */
    public int threads() {
        return threads;
    }

    /** The executor for extra threads, or {@code null} for conv4j's own. */
    public Executor executor() {
        return executor;
    }

    /** The algorithm choice. */
    public Algorithm algorithm() {
        return algorithm;
    }

    @Override
    public String toString() {
        return "Conv2dOptions[strides=" + Arrays.toString(strides) + ", dilations=" + Arrays.toString(dilations)
                + ", padding=" + padding + ", dataFormat=" + dataFormat + ", threads=" + threads
                + ", algorithm=" + algorithm + "]";
    }

    /** Builds {@link Conv2dOptions}. Setters only record; checks happen when a plan is made. */
    public static final class Builder {
        private int[] strides = {1};
        private int[] dilations = {1};
        private Padding padding = Padding.VALID;
        private DataFormat dataFormat = DataFormat.NHWC;
        private int threads = 0;
        private Executor executor = null;
        private Algorithm algorithm = Algorithm.AUTO;

        private Builder() {
        }

        /** Strides: 1, 2 ({@code sh, sw}) or 4 numbers in data-format order. */
        public Builder strides(int... strides) {
            this.strides = strides.clone();
            return this;
        }

        /** Dilations: 1, 2 ({@code dh, dw}) or 4 numbers in data-format order. */
        public Builder dilations(int... dilations) {
            this.dilations = dilations.clone();
            return this;
        }

        /** Padding: {@link Padding#SAME}, {@link Padding#VALID} or explicit. */
        public Builder padding(Padding padding) {
            this.padding = Objects.requireNonNull(padding, "padding");
            return this;
        }

        /** Data format of input and output. */
        public Builder dataFormat(DataFormat dataFormat) {
            this.dataFormat = Objects.requireNonNull(dataFormat, "dataFormat");
            return this;
        }

        /**
         * Threads per call; 0 means all available processors.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder threads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0 (0 = all processors), got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Executor for the extra threads of a call; {@code null} for conv4j's own daemon threads. */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** Forces an algorithm; {@link Algorithm#AUTO} lets the plan choose. */
        public Builder algorithm(Algorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /** The options. */
        public Conv2dOptions build() {
            return new Conv2dOptions(this);
        }
    }
}
