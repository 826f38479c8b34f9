package org.conv4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.conv4j.internal.algo.PlaneCorrelation;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.Kernels;

/**
 * SciPy's {@code scipy.signal.convolve2d} and {@code scipy.signal.correlate2d}: the 2-D
 * convolution and cross-correlation of two matrices, with SciPy's output modes, boundary rules,
 * defaults and results.
 *
 * <pre>{@code
 * correlate2d: out[m, n] = sum_{j, k} ext(in1)[m - top + j, n - left + k] * in2[j, k]
 * convolve2d:  out[m, n] = sum_{j, k} ext(in1)[m - top + j, n - left + k] * in2[KH-1-j, KW-1-k]
 * }</pre>
 *
 * <p>{@code in1} is usually the image and {@code in2} the kernel ({@code KH x KW}); {@code ext}
 * extends {@code in1} past its edges by the {@link Boundary} rule; the {@link Mode} sets the
 * output size and the offsets {@code top}, {@code left}. Convolution is correlation with the
 * kernel flipped in both axes, except that in {@link Mode#SAME} mode an even-sized kernel sits
 * one element further up or left, as in SciPy.
 *
 * <ul>
 *   <li>inputs: two rank-2 tensors of the same dtype (float32 or float64), neither empty; the
 *       output has their dtype and float32 sums are accumulated in float32, as SciPy does;
 *   <li>defaults: {@link Mode#FULL}, {@link Boundary#FILL}, fill value 0, as in SciPy;
 *   <li>threads: all processors; the result is the same for any number of them.
 * </ul>
 *
 * <p>Everything is validated before any work, and problems throw
 * {@link IllegalArgumentException} with SciPy's message where it has one, plus the shapes. SciPy
 * itself returns oddly shaped zeros for some empty inputs and crashes on others, so empty inputs
 * are an error here. Null arguments throw {@link NullPointerException}.
 */
public final class Signal2d {
    /** conv4j's own helper threads, all processors. */
    private static final Parallelism ALL_PROCESSORS = new Parallelism(0, null);

    private Signal2d() {
    }

    /** The size of the output, as SciPy's {@code mode} argument. */
    public enum Mode {
        /** The full convolution: {@code (H1 + H2 - 1) x (W1 + W2 - 1)}. SciPy's default. */
        FULL,
        /** The size of {@code in1}, centred on the full output. */
        SAME,
        /**
         * Only where the kernel lies wholly inside the image: {@code (H1 - H2 + 1) x (W1 - W2 + 1)}.
         * One input must be at least as large as the other in every dimension; if {@code in2} is
         * the larger, the inputs swap roles, as in SciPy (for a correlation the output is then
         * reversed in both axes, which is SciPy's result).
         */
        VALID;

        /**
         * Parses SciPy's names {@code "full"}, {@code "same"} and {@code "valid"} (any case).
         *
         * @throws IllegalArgumentException for any other text, in SciPy's words
         */
        public static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(text.strip())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("Acceptable mode flags are 'valid', 'same', or 'full'; got '" + text + "'");
        }

        /** SciPy's name: {@code "full"}, {@code "same"} or {@code "valid"}. */
        public String scipyName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How {@code in1} is extended past its edges, as SciPy's {@code boundary} argument. */
    public enum Boundary {
        /** A constant, the fill value. SciPy's default. */
        FILL,
        /** Circular: the input repeats ({@code ... 1 2 | 0 1 2 | 0 1 ...}). */
        WRAP,
        /**
         * Symmetric: the input mirrored with the edge element repeated
         * ({@code ... 1 0 | 0 1 2 | 2 1 ...}), again and again if the kernel is larger than the
         * input.
         */
        SYMM;

        /**
         * Parses SciPy's names (any case): {@code "fill"} or {@code "pad"}, {@code "wrap"} or
         * {@code "circular"}, {@code "symm"} or {@code "symmetric"}.
         *
         * @throws IllegalArgumentException for any other text, in SciPy's words
         */
        public static Boundary parse(String text) {
            switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "fill", "pad" -> {
                    return FILL;
                }
                case "wrap", "circular" -> {
                    return WRAP;
                }
                case "symm", "symmetric" -> {
                    return SYMM;
                }
                default -> throw new IllegalArgumentException("Acceptable boundary flags are 'fill', 'circular' "
                        + "(or 'wrap'), and 'symmetric' (or 'symm'); got '" + text + "'");
            }
        }

        /** SciPy's short name: {@code "fill"}, {@code "wrap"} or {@code "symm"}. */
        public String scipyName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code convolve2d(in1, in2)} with SciPy's defaults: full output, filled with zeros. */
    public static Tensor convolve2d(Tensor in1, Tensor in2) {
        return convolve2d(in1, in2, Mode.FULL, Boundary.FILL, 0);
    }

    /** {@code convolve2d(in1, in2, mode)} with SciPy's defaults: filled with zeros. */
    public static Tensor convolve2d(Tensor in1, Tensor in2, Mode mode) {
        return convolve2d(in1, in2, mode, Boundary.FILL, 0);
    }

    /** {@code convolve2d(in1, in2, mode, boundary)} with SciPy's default fill value, 0. */
    public static Tensor convolve2d(Tensor in1, Tensor in2, Mode mode, Boundary boundary) {
        return convolve2d(in1, in2, mode, boundary, 0);
    }

    /**
     * The 2-D convolution of {@code in1} with {@code in2}, as
     * {@code scipy.signal.convolve2d(in1, in2, mode, boundary, fillvalue)}; see the class comment.
     *
     * @param fillvalue the value outside {@code in1} for {@link Boundary#FILL} (ignored by the
     *     others); cast to float for float32 inputs, as SciPy casts it to the output type
     * @return a new tensor of the inputs' dtype and the mode's shape
     * @throws IllegalArgumentException if an input is not rank 2 or is empty, the dtypes differ,
     *     neither input is at least as large as the other in every dimension in VALID mode, or the
     *     output is too large for a Java array
     */
    public static Tensor convolve2d(Tensor in1, Tensor in2, Mode mode, Boundary boundary, double fillvalue) {
        return compute("convolve2d", true, in1, in2, mode, boundary, fillvalue, null);
    }

    /**
     * {@link #convolve2d(Tensor, Tensor, Mode, Boundary, double)} into {@code out}, whose every
     * element is overwritten: a caller filtering many planes can reuse one output and allocate
     * nothing. {@code out} must have the output's shape and the inputs' dtype, and must not share
     * its array with either input.
     *
     * @throws IllegalArgumentException as the other method does, or if {@code out} has another
     *     shape or dtype or shares its array with an input
     */
    public static void convolve2d(Tensor in1, Tensor in2, Mode mode, Boundary boundary, double fillvalue, Tensor out) {
        compute("convolve2d", true, in1, in2, mode, boundary, fillvalue, Objects.requireNonNull(out, "out"));
    }

    /** {@code correlate2d(in1, in2)} with SciPy's defaults: full output, filled with zeros. */
    public static Tensor correlate2d(Tensor in1, Tensor in2) {
        return correlate2d(in1, in2, Mode.FULL, Boundary.FILL, 0);
    }

    /** {@code correlate2d(in1, in2, mode)} with SciPy's defaults: filled with zeros. */
    public static Tensor correlate2d(Tensor in1, Tensor in2, Mode mode) {
        return correlate2d(in1, in2, mode, Boundary.FILL, 0);
    }

    /** {@code correlate2d(in1, in2, mode, boundary)} with SciPy's default fill value, 0. */
    public static Tensor correlate2d(Tensor in1, Tensor in2, Mode mode, Boundary boundary) {
        return correlate2d(in1, in2, mode, boundary, 0);
    }

    /**
     * The 2-D cross-correlation of {@code in1} with {@code in2} (not flipped), as
     * {@code scipy.signal.correlate2d(in1, in2, mode, boundary, fillvalue)}; see the class
     * comment.
     *
     * @param fillvalue the value outside {@code in1} for {@link Boundary#FILL} (ignored by the
     *     others); cast to float for float32 inputs, as SciPy casts it to the output type
     * @return a new tensor of the inputs' dtype and the mode's shape
     * @throws IllegalArgumentException if an input is not rank 2 or is empty, the dtypes differ,
     *     neither input is at least as large as the other in every dimension in VALID mode, or the
     *     output is too large for a Java array
     */
    public static Tensor correlate2d(Tensor in1, Tensor in2, Mode mode, Boundary boundary, double fillvalue) {
        return compute("correlate2d", false, in1, in2, mode, boundary, fillvalue, null);
    }

    /**
     * {@link #correlate2d(Tensor, Tensor, Mode, Boundary, double)} into {@code out}, whose every
     * element is overwritten: a caller filtering many planes can reuse one output and allocate
     * nothing. {@code out} must have the output's shape and the inputs' dtype, and must not share
     * its array with either input.
     *
     * @throws IllegalArgumentException as the other method does, or if {@code out} has another
     *     shape or dtype or shares its array with an input
     */
    public static void correlate2d(Tensor in1, Tensor in2, Mode mode, Boundary boundary, double fillvalue, Tensor out) {
        compute("correlate2d", false, in1, in2, mode, boundary, fillvalue, Objects.requireNonNull(out, "out"));
    }

    /** Validates, then computes into {@code out}, or into a new tensor if it is null; returns the output. */
    private static Tensor compute(String name, boolean convolve, Tensor in1, Tensor in2, Mode mode, Boundary boundary,
            double fillvalue, Tensor out) {
        Objects.requireNonNull(in1, "in1");
        Objects.requireNonNull(in2, "in2");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(boundary, "boundary");
        String shapes = Arrays.toString(in1.shape()) + " and " + Arrays.toString(in2.shape());
        if (in1.rank() != 2 || in2.rank() != 2) {
            throw new IllegalArgumentException(name + " inputs must both be 2-D arrays, got shapes " + shapes);
        }
        if (in1.dtype() != in2.dtype()) {
            throw new IllegalArgumentException(name + " inputs must have the same dtype, got "
                    + in1.dtype().name().toLowerCase(Locale.ROOT) + " and " + in2.dtype().name().toLowerCase(Locale.ROOT));
        }
        if (in1.size() == 0 || in2.size() == 0) {
            throw new IllegalArgumentException(name + " inputs must not be empty, got shapes " + shapes);
        }
        boolean swap = false;
        if (mode == Mode.VALID) {
            boolean firstLarger = in1.dim(0) >= in2.dim(0) && in1.dim(1) >= in2.dim(1);
            boolean secondLarger = in2.dim(0) >= in1.dim(0) && in2.dim(1) >= in1.dim(1);
            if (!firstLarger && !secondLarger) {
                throw new IllegalArgumentException("For 'valid' mode, one must be at least as large as the other in every "
                        + "dimension, got shapes " + shapes);
            }
            swap = !firstLarger;
        }
        Tensor image = swap ? in2 : in1;
        Tensor kernel = swap ? in1 : in2;
        int h = image.dim(0);
        int w = image.dim(1);
        int kh = kernel.dim(0);
        int kw = kernel.dim(1);
        long outH = switch (mode) {
            case FULL -> (long) h + kh - 1;
            case SAME -> h;
            case VALID -> h - kh + 1;
        };
        long outW = switch (mode) {
            case FULL -> (long) w + kw - 1;
            case SAME -> w;
            case VALID -> w - kw + 1;
        };
        // Where output (0, 0) puts the kernel's first tap; for SAME, SciPy centres an even kernel
        // differently when convolving (its flipped origin), hence kh / 2 rather than (kh - 1) / 2.
        int top = switch (mode) {
            case FULL -> kh - 1;
            case SAME -> convolve ? kh / 2 : (kh - 1) / 2;
            case VALID -> 0;
        };
        int left = switch (mode) {
            case FULL -> kw - 1;
            case SAME -> convolve ? kw / 2 : (kw - 1) / 2;
            case VALID -> 0;
        };
        long limit = Integer.MAX_VALUE - 8;
        if (outH > limit || outW > limit || outH * outW > limit) {
            throw new IllegalArgumentException(name + " output of shape [" + outH + ", " + outW + "] for inputs of shapes "
                    + shapes + " has more elements than a Java array can hold (" + limit + ")");
        }
        if (PlaneCorrelation.bufferSize((int) outH, (int) outW, kh, kw) > limit) {
            // Only for extreme shapes (rows of tens of millions with a tall kernel): one thread's
            // band of padded rows must fit in one array.
            throw new IllegalArgumentException(name + " of shapes " + shapes + " needs bands of "
                    + PlaneCorrelation.bufferSize((int) outH, (int) outW, kh, kw) + " padded elements, more than a Java "
                    + "array can hold (" + limit + ")");
        }
        if (out == null) {
            out = Tensor.zeros(image.dtype(), (int) outH, (int) outW);
        } else if (out.dtype() != image.dtype() || !out.hasShape((int) outH, (int) outW)) {
            throw new IllegalArgumentException(name + " output must be " + image.dtype().name().toLowerCase(Locale.ROOT)
                    + " [" + outH + ", " + outW + "] for inputs of shapes " + shapes + ", got " + out.dtype().name()
                    .toLowerCase(Locale.ROOT) + " " + Arrays.toString(out.shape()));
        } else if (sharesArray(out, in1) || sharesArray(out, in2)) {
            throw new IllegalArgumentException(name + " output must not share its array with an input");
        }
        Tensor taps = convolve ? flipped(kernel) : kernel;
        new PlaneCorrelation(h, w, taps, (int) outH, (int) outW, top, left, boundary, fillvalue, Kernels.get())
                .run(image, out, ALL_PROCESSORS);
        if (swap && !convolve) {
            reverse(out);
        }
        return out;
    }

    private static boolean sharesArray(Tensor a, Tensor b) {
        return a.dtype() == DType.FLOAT32 ? a.floats() == b.floats() : a.doubles() == b.doubles();
    }

    /**
     * A copy of a rank-2 tensor flipped in both axes: in row-major order, the elements in
     * reverse.
     */
    private static Tensor flipped(Tensor t) {
        Tensor copy = t.dtype() == DType.FLOAT32 ? Tensor.of(t.floats().clone(), t.shape()) : Tensor.of(t.doubles().clone(), t.shape());
        reverse(copy);
        return copy;
    }

    /** Flips a rank-2 tensor in both axes, in place. */
    private static void reverse(Tensor t) {
        int n = t.size();
        if (t.dtype() == DType.FLOAT32) {
            float[] a = t.floats();
            for (int i = 0, j = n - 1; i < j; i++, j--) {
                float x = a[i];
                a[i] = a[j];
                a[j] = x;
            }
        } else {
            double[] a = t.doubles();
            for (int i = 0, j = n - 1; i < j; i++, j--) {
                double x = a[i];
                a[i] = a[j];
                a[j] = x;
            }
        }
    }
}
