package org.conv4j.internal.simd;

/**
 * The float32 micro-kernel contract, BLIS style, with indirect rows (XNNPACK style): one call
 * computes a whole {@code MR x NR} tile of output over the full reduction, so every output
 * element is summed in one fixed order however the work is split between threads.
 *
 * <pre>{@code
 * for r < MR, j < NR:
 *   c[cOff + r*cStride + j] = sum_{s < segments} sum_{i < run}
 *                                 a[offsets[offsetsBase + s*MR + r] + i] * b[bOff + (s*run + i)*NR + j]
 * }</pre>
 *
 * <p>{@code a} holds the patch rows where they lie (the input itself, or a gathered copy):
 * row {@code r} of segment {@code s} is {@code run} consecutive values starting at
 * {@code offsets[offsetsBase + s*MR + r]}. {@code b} is a packed weight panel, {@code NR} values per
 * reduction step, zero-padded past the last real column. The kernel overwrites all
 * {@code MR x NR} values of {@code c}; callers pass a scratch tile for partial tiles.
 */
public interface FloatGemmKernel {
    /** Rows (output pixels) per tile. */
    int mr();

    /** Columns (output channels) per tile. */
    int nr();

    /** Computes one tile; see the class comment. */
    default void tile(float[] a, int[] offsets, int offsetsBase, int segments, int run, float[] b, int bOff, float[] c, int cOff, int cStride) {
        tile(a, offsets, offsetsBase, segments, run, b, bOff, nr(), c, cOff, cStride, false);
    }

    /**
     * {@link #tile(float[], int[], int, int, int, float[], int, float[], int, int)} for rows whose
     * runs are evenly spaced: run {@code s} of row {@code r} starts at
     * {@code offsets[offsetsBase + r] + s*runStride} (the offsets of every run are filled in all
     * the same). A kernel may then run all segments in one loop, its accumulators in registers
     * throughout, instead of storing and reloading them after every run: short runs (a first
     * layer's few channels) gain a quarter. Same sums, same order, same bits.
     */
    default void tileEvenRuns(float[] a, int[] offsets, int offsetsBase, int segments, int run, int runStride, float[] b,
            int bOff, float[] c, int cOff, int cStride) {
        tile(a, offsets, offsetsBase, segments, run, b, bOff, c, cOff, cStride);
    }

    /**
     * The general form, BLAS's {@code ldb} and {@code beta}: {@code b}'s rows are {@code bStride}
     * apart instead of {@code NR} ({@code b[bOff + (s*run + i)*bStride + j]}; the operand may
     * then be rows of a wider matrix, read in place), and with {@code accumulate} the tile is
     * added to what {@code c} holds ({@code c += a*b}, each value's sum continuing from it)
     * instead of overwriting it.
     */
    void tile(float[] a, int[] offsets, int offsetsBase, int segments, int run, float[] b, int bOff, int bStride, float[] c, int cOff,
            int cStride, boolean accumulate);
}
