package org.conv4j;

import java.util.Arrays;

/**
 * A dense row-major (C order) array of {@code float} or {@code double} values with a shape.
 *
 * <p>A tensor wraps the array it is given: no copy is made, so the caller may keep filling it.
 * Shapes are {@code int[]} with every dimension {@code >= 0}; the array length must equal the
 * product of the dimensions (1 for rank 0).
 */
public final class Tensor {
    private final int[] shape;
    private final float[] floats;
    private final double[] doubles;

    private Tensor(int[] shape, float[] floats, double[] doubles) {
        this.shape = shape.clone();
        this.floats = floats;
        this.doubles = doubles;
        long need = elementCount(this.shape);
        long have = floats != null ? floats.length : doubles.length;
        if (need != have) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + need
                    + " elements but the array has " + have);
        }
    }

    /** Wraps {@code data} (not copied) as a float32 tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(shape, java.util.Objects.requireNonNull(data, "data"), null);
    }

    /** Wraps {@code data} (not copied) as a float64 tensor of the given shape. */
    public static Tensor of(double[] data, int... shape) {
        return new Tensor(shape, null, java.util.Objects.requireNonNull(data, "data"));
    }

    /**
     * A new zero-filled tensor.
     *
     * @throws IllegalArgumentException if a dimension is negative or the element count does not
     *     fit in a Java array
     */
    public static Tensor zeros(DType dtype, int... shape) {
        int n = checkedElementCount(shape);
        return dtype == DType.FLOAT32 ? new Tensor(shape, new float[n], null)
                : new Tensor(shape, null, new double[n]);
    }

    /**
     * The number of elements of {@code shape} as an {@code int}.
     *
     * @throws IllegalArgumentException if a dimension is negative or the count exceeds what a
     *     Java array can hold
     */
    public static int checkedElementCount(int... shape) {
        long n = elementCount(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + n
                    + " elements, more than a Java array can hold (" + (Integer.MAX_VALUE - 8) + ")");
        }
        return (int) n;
    }

    /** The product of the dimensions, saturating at {@link Long#MAX_VALUE}. */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension " + d + " in shape " + Arrays.toString(shape));
            }
            n = d == 0 ? 0 : (n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d);
            if (n == 0) {
                // keep scanning for negatives
                for (int e : shape) {
                    if (e < 0) {
                        throw new IllegalArgumentException("negative dimension " + e + " in shape " + Arrays.toString(shape));
                    }
                }
                return 0;
            }
        }
        return n;
    }

    /** The element type. */
    public DType dtype() {
        return floats != null ? DType.FLOAT32 : DType.FLOAT64;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Whether this tensor has exactly this shape (no copy is made, unlike {@link #shape()}). */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** Dimension {@code axis} of the shape. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int size() {
        return floats != null ? floats.length : doubles.length;
    }

    /**
     * The backing {@code float[]} (not a copy).
     *
     * @throws IllegalStateException if this tensor is float64
     */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("tensor is float64, not float32");
        }
        return floats;
    }

    /**
     * The backing {@code double[]} (not a copy).
     *
     * @throws IllegalStateException if this tensor is float32
     */
    public double[] doubles() {
        if (doubles == null) {
            throw new IllegalStateException("tensor is float32, not float64");
        }
        return doubles;
    }

    /** Element {@code i} in row-major order, widened to double. */
    public double getDouble(int i) {
        return floats != null ? floats[i] : doubles[i];
    }

    /** The same data viewed with another shape of the same element count. */
    public Tensor reshape(int... newShape) {
        return floats != null ? new Tensor(newShape, floats, null) : new Tensor(newShape, null, doubles);
    }

    @Override
    public String toString() {
        return "Tensor(" + dtype().name().toLowerCase(java.util.Locale.ROOT) + Arrays.toString(shape) + ")";
    }
}
