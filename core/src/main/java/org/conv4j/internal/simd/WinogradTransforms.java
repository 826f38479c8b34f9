package org.conv4j.internal.simd;

/**
 * The additions around Winograd F(2x2, 3x3), channels innermost (NHWC), so that the vector
 * implementation handles a vector of channels per step.
 *
 * <pre>{@code
 * input:  V = B^T d B   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]
 * output: Y = A^T m A   A^T = [1 1 1 0; 0 1 -1 -1]
 * }</pre>
 */
public interface WinogradTransforms {
    /**
     * For each channel {@code q < channels}: {@code d[i][j] = patch[(4i + j)*channels + q]} and
     * {@code v[(4i + j)*stride + base + q] = (B^T d B)[i][j]}.
     */
    void input(float[] patch, int channels, float[] v, int base, int stride);

    /**
     * For each channel {@code q < channels}: {@code m[e] = products[e*stride + base + q]} and the
     * 2x2 result {@code A^T m A} goes to {@code out[at + q]} (top left), {@code at + rightStep}
     * (top right, if {@code right}), {@code at + downStep} (bottom left, if {@code down}) and
     * {@code at + downStep + rightStep}.
     */
    void output(float[] products, int base, int stride, int channels, float[] out, int at, int rightStep,
            int downStep, boolean right, boolean down);
}
