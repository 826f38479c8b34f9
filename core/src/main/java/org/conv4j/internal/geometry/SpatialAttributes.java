package org.conv4j.internal.geometry;

import java.util.Arrays;
import org.conv4j.DataFormat;
import org.conv4j.Padding;

/**
 * TensorFlow's forms of {@code strides}, {@code dilations} and explicit padding for an operation
 * with {@code n} spatial dimensions (conv1d: 1, conv3d: 3): one number for every spatial
 * dimension, {@code n} numbers, or {@code n + 2} numbers in data-format order whose batch and
 * channel entries must be 1, as Python's {@code _get_sequence} takes them. A channels-last
 * format ({@link DataFormat#NHWC}) stands for {@code NWC} or {@code NDHWC}, a channels-first
 * one ({@link DataFormat#NCHW}) for {@code NCW} or {@code NCDHW}.
 */
public final class SpatialAttributes {
    private SpatialAttributes() {
    }

    /**
     * Python's length check, in TensorFlow 2's words.
     *
     * @throws IllegalArgumentException if {@code values} has neither 1, {@code n} nor {@code n + 2}
     *     numbers
     */
    public static void checkLength(int[] values, int n, String name) {
        if (values.length != 1 && values.length != n && values.length != n + 2) {
            throw new IllegalArgumentException(name + " should be of length 1, " + n + " or " + (n + 2) + ". Received: "
                    + name + "=" + Arrays.toString(values) + " of length " + values.length);
        }
    }

    /** Whether the {@code n + 2}-number form sets the batch or channel entry to anything but 1. */
    public static boolean batchOrChannelSet(int[] values, int n, DataFormat format) {
        return values.length == n + 2 && (values[0] != 1 || values[channelAxis(n, format)] != 1);
    }

    /** The {@code n} spatial values, outer to inner, of a form {@link #checkLength} accepted. */
    public static int[] spatial(int[] values, int n, DataFormat format) {
        if (values.length == 1) {
            int[] all = new int[n];
            Arrays.fill(all, values[0]);
            return all;
        }
        if (values.length == n) {
            return values.clone();
        }
        int first = format == DataFormat.NHWC ? 1 : 2;
        return Arrays.copyOfRange(values, first, first + n);
    }

    /** Whether any value is below 1. */
    public static boolean anyBelowOne(int[] values) {
        for (int v : values) {
            if (v < 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code 2n} explicit amounts ({@code before, after} per spatial dimension, outer to
     * inner) of an explicit padding for an {@code n}-dimensional operation.
     *
     * @param pairs how the amounts are written, for the message: {@code "left, right"}
     * @throws IllegalArgumentException if the padding does not have {@code 2n} values
     */
    public static int[] explicitPadding(Padding padding, int n, String operation, String pairs) {
        int[] v = padding.values();
        if (v.length != 2 * n) {
            throw new IllegalArgumentException("explicit padding for " + operation + " takes " + 2 * n + " values ("
                    + pairs + "), got " + v.length + ": " + Arrays.toString(v));
        }
        return v;
    }

    /** The channel axis of an {@code n}-dimensional layout of rank {@code n + 2}. */
    private static int channelAxis(int n, DataFormat format) {
        return format == DataFormat.NHWC ? n + 1 : 1;
    }

    /** {@code NWC}, {@code NCW}, {@code NDHWC} or {@code NCDHW}: TensorFlow's name of the layout. */
    public static String formatName(int n, DataFormat format) {
        String spatial = n == 1 ? "W" : n == 2 ? "HW" : "DHW";
        return format == DataFormat.NHWC ? "N" + spatial + "C" : "NC" + spatial;
    }
}
