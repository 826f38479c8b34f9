package org.conv4j.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A shape given on the command line ({@code --input-sizes}, {@code --output-shape}):
 * comma-separated whole numbers, {@code 1,28,28,3}; spaces around the numbers are allowed. Only
 * the form is checked here: how many numbers there must be and their signs are the operation's
 * rules, reported in TensorFlow's words when the command runs.
 *
 * <p>A wrapper rather than an {@code int[]} option: picocli would take an array option as several
 * values, one number each.
 */
public final class ShapeArgument {
    private final int[] dimensions;

    private ShapeArgument(int[] dimensions) {
        this.dimensions = dimensions;
    }

    /** The numbers, in the order given. */
    public int[] dimensions() {
        return dimensions.clone();
    }

    /**
     * Parses {@code "1,28,28,3"}. The message is written to follow the option name
     * ({@link ErrorHandler} puts it there).
     *
     * @throws TypeConversionException for anything but comma-separated whole numbers
     */
    public static ShapeArgument parse(String text) {
        String[] parts = text.split(",", -1);
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be comma-separated whole numbers, got '" + text + "'");
            }
        }
        return new ShapeArgument(values);
    }

    /** {@link #parse} for picocli. */
    public static final class Converter implements ITypeConverter<ShapeArgument> {
        @Override
        public ShapeArgument convert(String text) {
            return parse(text);
        }
    }
}
