package org.conv4j.internal.geometry;

/**
 * The size of a sliding-window output along one dimension, and the padding before it, exactly as
 * TensorFlow's {@code GetWindowedOutputSizeVerbose} computes them. Shared by every operation of
 * the convolution family.
 *
 * <p>All arithmetic is {@code long} with Java's truncating division, which is C++'s: VALID with
 * {@code n=1, k=4, s=2} gives {@code (1-4+2)/2 = 0} (an empty output), not an error.
 */
public final class Windowing {
    private Windowing() {
    }

    /** Output size and padding of one dimension. */
    public record Window(int outputSize, int padBefore, int padAfter) {
    }

    /**
     * @param inputSize {@code n}
     * @param filterSize {@code k}
     * @param dilation {@code d >= 1}
     * @param stride {@code s >= 1}
     * @param kind SAME, VALID or EXPLICIT
     * @param explicitBefore padding before (EXPLICIT only)
     * @param explicitAfter padding after (EXPLICIT only)
     * @throws IllegalArgumentException {@code Computed output size would be negative: ...} in
     *     TensorFlow's words, or when the size does not fit an {@code int}
     */
    public static Window compute(int inputSize, int filterSize, int dilation, int stride,
            org.conv4j.Padding.Kind kind, int explicitBefore, int explicitAfter) {
        long n = inputSize;
        long eff = ((long) filterSize - 1) * dilation + 1;
        long s = stride;
        long out;
        long before;
        long after;
        switch (kind) {
            case VALID -> {
                out = (n - eff + s) / s;
                before = 0;
                after = 0;
            }
            case EXPLICIT -> {
                out = (n + explicitBefore + explicitAfter - eff + s) / s;
                before = explicitBefore;
                after = explicitAfter;
            }
            default -> {
                out = (n + s - 1) / s;
                long needed = Math.max(0, (out - 1) * s + eff - n);
                before = needed / 2;
                after = needed - before;
            }
        }
        if (out < 0) {
            throw new IllegalArgumentException("Computed output size would be negative: " + out
                    + " [input_size: " + n + ", effective_filter_size: " + eff + ", stride: " + s + "]");
        }
        if (out > Integer.MAX_VALUE || before > Integer.MAX_VALUE || after > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Computed output size is too large: " + out
                    + " [input_size: " + n + ", effective_filter_size: " + eff + ", stride: " + s + "]");
        }
        return new Window((int) out, (int) before, (int) after);
    }
}
