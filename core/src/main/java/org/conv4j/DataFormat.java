package org.conv4j;

/**
 * Layout of the input and output tensors of a 2-D convolution. The filter is always HWIO
 * ({@code [filter_height, filter_width, in_channels, out_channels]}) whatever the data format.
 * For conv1d and conv3d ({@link Convolution}), {@link #NHWC} means channels last (TensorFlow's
 * NWC, NDHWC) and {@link #NCHW} channels first (NCW, NCDHW).
 */
public enum DataFormat {
    /** {@code [batch, height, width, channels]}: TensorFlow's default. */
    NHWC,
    /** {@code [batch, channels, height, width]}. */
    NCHW;

    /**
     * Parses {@code "NHWC"} or {@code "NCHW"} (case-insensitive).
     *
     * @throws IllegalArgumentException for any other text, in TensorFlow's wording
     */
    public static DataFormat parse(String text) {
        for (DataFormat f : values()) {
            if (f.name().equalsIgnoreCase(text.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("Value for attr 'data_format' of \"" + text
                + "\" is not in the list of allowed values: \"NHWC\", \"NCHW\"");
    }

    /** Index of the height dimension in a rank-4 shape of this format. */
    public int heightAxis() {
        return this == NHWC ? 1 : 2;
    }

    /** Index of the channel dimension in a rank-4 shape of this format. */
    public int channelAxis() {
        return this == NHWC ? 3 : 1;
    }
}
