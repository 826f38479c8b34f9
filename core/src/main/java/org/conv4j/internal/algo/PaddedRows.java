package org.conv4j.internal.algo;

import java.util.Arrays;
import org.conv4j.Signal2d.Boundary;

/**
 * Makes the padded input rows that a band of output rows reads, for the direct row-filter paths
 * ({@link PlaneConv2d}, {@link PlaneCorrelation}). A padded row is one input row with columns
 * made up on both sides, and rows above and below the input are made up too, all by one rule: a
 * constant ({@link Boundary#FILL}: TensorFlow's zeros, SciPy's {@code fillvalue}), wrap-around
 * ({@link Boundary#WRAP}) or mirroring with the edge repeated ({@link Boundary#SYMM}), however
 * far past the edge (SciPy's rules, which reflect again and again when the kernel is larger than
 * the input).
 *
 * <p>The rows of a band are copied once into a per-thread buffer, so the row kernel reads them
 * without bounds checks; a full padded copy of the image is never made.
 */
final class PaddedRows {
    private final int height;
    private final int width;
    private final int padLeft;
    private final int paddedWidth;
    /** The part {@code [spanFrom, spanTo)} of a padded row that lies inside the input. */
    private final int spanFrom;
    private final int spanTo;
    private final Boundary boundary;
    private final float fillFloat;
    private final double fillDouble;
    /** For WRAP and SYMM: the input column shown at padded columns {@code [0, spanFrom)}. */
    private final int[] leftColumns;
    /** For WRAP and SYMM: the input column shown at padded columns {@code [spanTo, paddedWidth)}. */
    private final int[] rightColumns;

    /**
     * @param height rows of the input plane
     * @param width columns of the input plane; at least 1 unless {@code boundary} is FILL
     * @param padLeft padded column {@code c} shows input column {@code c - padLeft}
     * @param paddedWidth length of a padded row
     * @param fill the value of made-up elements for FILL (cast to float for float32 rows)
     */
    PaddedRows(int height, int width, int padLeft, int paddedWidth, Boundary boundary, double fill) {
        this.height = height;
        this.width = width;
        this.padLeft = padLeft;
        this.paddedWidth = paddedWidth;
        this.spanFrom = Math.min(paddedWidth, padLeft);
        this.spanTo = Math.max(spanFrom, Math.min(paddedWidth, padLeft + width));
        this.boundary = boundary;
        this.fillFloat = (float) fill;
        this.fillDouble = fill;
        boolean mapped = boundary != Boundary.FILL;
        this.leftColumns = new int[mapped ? spanFrom : 0];
        this.rightColumns = new int[mapped ? paddedWidth - spanTo : 0];
        for (int i = 0; i < leftColumns.length; i++) {
            leftColumns[i] = source(i - padLeft, width);
        }
        for (int i = 0; i < rightColumns.length; i++) {
            rightColumns[i] = source(spanTo + i - padLeft, width);
        }
    }

    /**
     * Writes padded rows {@code firstY .. firstY + count - 1} (input row numbers, negative or
     * past the end for made-up rows) of the plane starting at {@code in[plane]} to
     * {@code rows[0 ..]}, one after another.
     */
    void fill(float[] in, int plane, float[] rows, int firstY, int count) {
        for (int i = 0; i < count; i++) {
            int at = i * paddedWidth;
            int y = sourceRow(firstY + i);
            if (y < 0) {
                Arrays.fill(rows, at, at + paddedWidth, fillFloat);
                continue;
            }
            int row = plane + y * width;
            if (boundary == Boundary.FILL) {
                Arrays.fill(rows, at, at + spanFrom, fillFloat);
                Arrays.fill(rows, at + spanTo, at + paddedWidth, fillFloat);
            } else {
                for (int c = 0; c < leftColumns.length; c++) {
                    rows[at + c] = in[row + leftColumns[c]];
                }
                for (int c = 0; c < rightColumns.length; c++) {
                    rows[at + spanTo + c] = in[row + rightColumns[c]];
                }
            }
            if (spanTo > spanFrom) {
                System.arraycopy(in, row + spanFrom - padLeft, rows, at + spanFrom, spanTo - spanFrom);
            }
        }
    }

    /** {@link #fill(float[], int, float[], int, int)} for float64. */
    void fill(double[] in, int plane, double[] rows, int firstY, int count) {
        for (int i = 0; i < count; i++) {
            int at = i * paddedWidth;
            int y = sourceRow(firstY + i);
            if (y < 0) {
                Arrays.fill(rows, at, at + paddedWidth, fillDouble);
                continue;
            }
            int row = plane + y * width;
            if (boundary == Boundary.FILL) {
                Arrays.fill(rows, at, at + spanFrom, fillDouble);
                Arrays.fill(rows, at + spanTo, at + paddedWidth, fillDouble);
            } else {
                for (int c = 0; c < leftColumns.length; c++) {
                    rows[at + c] = in[row + leftColumns[c]];
                }
                for (int c = 0; c < rightColumns.length; c++) {
                    rows[at + spanTo + c] = in[row + rightColumns[c]];
                }
            }
            if (spanTo > spanFrom) {
                System.arraycopy(in, row + spanFrom - padLeft, rows, at + spanFrom, spanTo - spanFrom);
            }
        }
    }

    /** The input row that padded row {@code y} shows, or -1 for a row of the fill value. */
    private int sourceRow(int y) {
        if (y >= 0 && y < height) {
            return spanTo > spanFrom || boundary != Boundary.FILL ? y : -1;
        }
        return boundary == Boundary.FILL ? -1 : source(y, height);
    }

    /** The index in {@code [0, n)} that index {@code i} outside it shows, by SciPy's rules. */
    private int source(int i, int n) {
        if (boundary == Boundary.WRAP) {
            return Math.floorMod(i, n);
        }
        // Mirror with the edge repeated (... 1 0 | 0 1 2 | 2 1 ...), periodic with period 2n
        // (in long: 2n can exceed an int).
        long k = Math.floorMod(i >= 0 ? i : -1L - i, 2L * n);
        return (int) (k >= n ? 2L * n - 1 - k : k);
    }
}
