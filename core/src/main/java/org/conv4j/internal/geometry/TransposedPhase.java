package org.conv4j.internal.geometry;

/**
 * One phase of a convolution's input gradient along one spatial dimension: the sub-pixel
 * decomposition that turns the transposed (strided) convolution into {@code stride} ordinary
 * stride-1 correlations, with no zeros inserted.
 *
 * <p>Along one dimension the forward convolution reads {@code in[i*s + t*d - p]} for output
 * {@code i < O} and tap {@code t < K}, so the input gradient is
 *
 * <pre>{@code
 * dx[y] = sum over t, i with i*s = y + p - t*d, 0 <= i < O, of dy[i] * w[t]
 * }</pre>
 *
 * Write {@code y = q*s + r} with phase {@code r < s}. A tap contributes to phase {@code r} only if
 * {@code s} divides {@code r + p - t*d}; with {@code g = gcd(s, d)} those taps are
 * {@code t = t0 + j*(s/g)}, {@code j < J}, and each reads {@code dy[q + c0 - j*(d/g)]} with
 * {@code c0 = (r + p - t0*d) / s}. Numbering the taps backwards ({@code j' = J-1-j}) makes that a
 * forward correlation over {@code dy}:
 *
 * <pre>{@code
 * dx[q*s + r] = sum_{j' < J} dy[q + j'*(d/g) - pad] * w[t0 + (J-1-j')*(s/g)],   pad = (J-1)*(d/g) - c0
 * }</pre>
 *
 * that is stride 1, dilation {@code d/g}, the phase's taps flipped, and a padding before
 * ({@code pad}) that may be negative: then the correlation starts inside {@code dy} (a crop).
 * Every tap belongs to exactly one phase, so the phases together do the forward convolution's
 * multiply-adds and no more; a phase with no taps ({@code J = 0}) is all zeros.
 *
 * @param offset {@code r}: this phase computes {@code dx[q*stride + r]}
 * @param outputs how many such {@code q}: the phase's output size
 * @param firstTap {@code t0}, the forward filter's first tap in this phase
 * @param taps {@code J}, how many taps (0: the phase is zeros)
 * @param tapStep {@code s/g}, the distance between the phase's taps in the forward filter
 * @param dilation {@code d/g}, the phase correlation's dilation
 * @param padBefore {@code pad}, possibly negative
 * @param padAfter the padding after that makes the correlation's output exactly {@code outputs}
 *     long (possibly negative)
 */
public record TransposedPhase(int offset, int outputs, int firstTap, int taps, int tapStep, int dilation, int padBefore,
        int padAfter) {

    /**
     * The phases {@code r = 0 .. stride-1} of one dimension.
     *
     * @param inputSize {@code n}, the forward input's size (the gradient's size)
     * @param filterSize {@code K}
     * @param dilation {@code d}
     * @param stride {@code s}
     * @param padBefore {@code p}, the forward padding before
     * @param outputSize {@code O}, the forward output's size ({@code dy}'s)
     */
    public static TransposedPhase[] of(int inputSize, int filterSize, int dilation, int stride, int padBefore,
            int outputSize) {
        int g = gcd(stride, dilation);
        int tapStep = stride / g;
        int phaseDilation = dilation / g;
        TransposedPhase[] phases = new TransposedPhase[stride];
        for (int r = 0; r < stride; r++) {
            int outputs = r < inputSize ? (inputSize - r + stride - 1) / stride : 0;
            // The taps of a phase repeat every tapStep, so the first one (if any) is below it.
            int firstTap = -1;
            for (int t = 0; t < Math.min(filterSize, tapStep) && firstTap < 0; t++) {
                if (Math.floorMod((long) r + padBefore - (long) t * dilation, stride) == 0) {
                    firstTap = t;
                }
            }
            if (firstTap < 0) {
                phases[r] = new TransposedPhase(r, outputs, 0, 0, tapStep, phaseDilation, 0, 0);
                continue;
            }
            int taps = (filterSize - 1 - firstTap) / tapStep + 1;
            long c0 = ((long) r + padBefore - (long) firstTap * dilation) / stride; // exact
            long extent = (long) (taps - 1) * phaseDilation + 1;
            long pad = extent - 1 - c0;
            long padAfter = (long) outputs - 1 + extent - outputSize - pad;
            phases[r] = new TransposedPhase(r, outputs, firstTap, taps, tapStep, phaseDilation, Math.toIntExact(pad),
                    Math.toIntExact(padAfter));
        }
        return phases;
    }

    /** Forward filter tap {@code j'} of the phase correlation reads (taps are flipped). */
    public int forwardTap(int j) {
        return firstTap + (taps - 1 - j) * tapStep;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
