package org.conv4j;

import java.util.Arrays;

/**
 * How a convolution pads its input: TensorFlow's {@code "SAME"}, {@code "VALID"}, or explicit
 * (before, after) amounts per spatial dimension. Padded positions read as zero.
 *
 * <ul>
 *   <li>{@link #VALID}: no padding; the output is {@code ceil((n - (k-1)*d) / s)} wide.
 *   <li>{@link #SAME}: the output is {@code ceil(n / s)} wide; the padding needed is split with
 *       the odd pixel <em>after</em> (bottom/right), as TensorFlow does (unlike Caffe/PyTorch).
 *   <li>{@link #explicit(int...)}: a (before, after) pair per spatial dimension:
 *       {@code left, right} for conv1d, {@code top, bottom, left, right} for conv2d,
 *       {@code front, back, top, bottom, left, right} for conv3d; conv2d also takes TensorFlow's
 *       eight {@code explicit_paddings} values in data-format order (batch and channel pairs
 *       must be 0). The count is checked against the operation when a plan is made.
 * </ul>
 */
public final class Padding {
    /** The three kinds of padding TensorFlow knows. */
    public enum Kind {
        /** Output size {@code ceil(n / stride)}; the padding needed is split, the odd pixel after. */
        SAME,
        /** No padding. */
        VALID,
        /** The amounts given. */
        EXPLICIT
    }

    /** No padding. */
    public static final Padding VALID = new Padding(Kind.VALID, new int[0]);
    /** Output size {@code ceil(n / stride)}; the extra padding pixel goes after. */
    public static final Padding SAME = new Padding(Kind.SAME, new int[0]);

    private final Kind kind;
    /** A (before, after) pair per spatial dimension, or TensorFlow's 8 explicit_paddings values. */
    private final int[] values;

    private Padding(Kind kind, int[] values) {
        this.kind = kind;
        this.values = values;
    }

    /**
     * Explicit padding: a (before, after) pair per spatial dimension, in the order of the
     * dimensions ({@code left, right}; {@code top, bottom, left, right}; or
     * {@code front, back, top, bottom, left, right}), or, for conv2d, TensorFlow's eight
     * {@code explicit_paddings} values ({@code [before, after]} for every dimension in
     * data-format order, as {@code tf.nn.conv2d(padding=[[0,0],[t,b],[l,r],[0,0]])} flattens
     * them). Which counts an operation takes is checked when its plan is made.
     *
     * @throws IllegalArgumentException if the count is not 2, 4, 6 or 8, or a value is negative
     */
    public static Padding explicit(int... values) {
        if (values.length == 0 || values.length % 2 != 0 || values.length > 8) {
            throw new IllegalArgumentException("explicit_paddings attribute must contain 8 values, but got: "
                    + values.length + " (conv4j also takes a before, after pair per spatial dimension: 2, 4 or 6 values)");
        }
        for (int v : values) {
            if (v < 0) {
                throw new IllegalArgumentException("All elements of explicit_paddings must be nonnegative, got "
                        + Arrays.toString(values));
            }
        }
        return new Padding(Kind.EXPLICIT, values.clone());
    }

    /**
     * Parses {@code SAME}, {@code VALID} (case-insensitive) or comma-separated explicit values
     * ({@code L,R}, {@code T,B,L,R}, {@code F,B,T,B,L,R} or TensorFlow's eight values).
     *
     * @throws IllegalArgumentException for anything else, naming the text
     */
    public static Padding parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("SAME")) {
            return SAME;
        }
        if (t.equalsIgnoreCase("VALID")) {
            return VALID;
        }
        String[] parts = t.split(",", -1);
        int[] v = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                v[i] = Integer.parseInt(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Value for attr 'padding' of \"" + text + "\" is not in the list of allowed "
                    + "values: \"SAME\", \"VALID\", \"EXPLICIT\" (explicit padding is written as before,after pairs, "
                    + "e.g. T,B,L,R)");
        }
        return explicit(v);
    }

    /** The kind of padding. */
    public Kind kind() {
        return kind;
    }

    /**
     * The explicit values as given (2, 4, 6 or 8 of them); empty for SAME and VALID.
     */
    public int[] values() {
        return values.clone();
    }

    /**
     * The spatial padding {@code {top, bottom, left, right}} of an explicit padding for a 2-D
     * operation.
     *
     * @throws IllegalArgumentException if there are not 4 or 8 values, or for an 8-value padding
     *     whose batch or channel pairs are not zero, in TensorFlow's wording
     * @throws IllegalStateException if this padding is not explicit
     */
    public int[] spatial(DataFormat format) {
        if (kind != Kind.EXPLICIT) {
            throw new IllegalStateException(kind + " padding has no explicit amounts");
        }
        if (values.length == 4) {
            return values.clone();
        }
        if (values.length != 8) {
            throw new IllegalArgumentException("explicit_paddings attribute must contain 8 values, but got: "
                    + values.length + " (a 2-D convolution also takes 4 values: top, bottom, left, right), got "
                    + Arrays.toString(values));
        }
        int c = format.channelAxis();
        int h = format.heightAxis();
        if (values[0] != 0 || values[1] != 0 || values[2 * c] != 0 || values[2 * c + 1] != 0) {
            throw new IllegalArgumentException("Nonzero explicit padding in the batch or depth dimensions is not supported, got "
                    + Arrays.toString(values) + " for " + format);
        }
        return new int[] {values[2 * h], values[2 * h + 1], values[2 * h + 2], values[2 * h + 3]};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Padding p && p.kind == kind && Arrays.equals(p.values, values);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(values);
    }

    /** {@code SAME}, {@code VALID} or the explicit values comma-separated (the CLI form). */
    @Override
    public String toString() {
        if (kind != Kind.EXPLICIT) {
            return kind.name();
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ",").append(values[i]);
        }
        return sb.toString();
    }
}
