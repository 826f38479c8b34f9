package org.conv4j.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A value per spatial dimension, as {@code --strides} and {@code --dilations} take it: {@code 2}
 * for both, or {@code 2,1} for height and width.
 *
 * @param height the value for the height dimension
 * @param width the value for the width dimension
 */
public record HeightWidth(int height, int width) {
    /**
     * Parses {@code "2"} or {@code "2,1"}; spaces around the numbers are allowed. The message
     * is written to follow the option name ({@link ErrorHandler} puts it there):
     * {@code --strides must be 1 or 2 comma-separated positive integers, got 'a,b'}.
     *
     * @throws TypeConversionException for anything else, zero and negative numbers included
     */
    public static HeightWidth parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length > 2) {
            throw invalid(text);
        }
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            if (values[i] <= 0) {
                throw invalid(text);
            }
        }
        return new HeightWidth(values[0], values[values.length - 1]);
    }

    private static TypeConversionException invalid(String text) {
        return new TypeConversionException("must be 1 or 2 comma-separated positive integers, got '" + text + "'");
    }

    /** {@link #parse} for picocli. */
    public static final class Converter implements ITypeConverter<HeightWidth> {
        @Override
        public HeightWidth convert(String text) {
            return parse(text);
        }
    }
}
