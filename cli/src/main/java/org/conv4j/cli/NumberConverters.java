package org.conv4j.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Numeric options with a lower bound, with messages that follow the option name
 * ({@code --threads must be a whole number, 0 (all processors) or more, got '-1'}), as
 * {@link ErrorHandler} prints them. Checked while parsing, so a bad value is a usage error
 * before any work.
 */
final class NumberConverters {
    private NumberConverters() {
    }

    /** {@code --threads}: 0 means all processors. */
    static final class Threads implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return atLeast(0, text, "0 (all processors) or more");
        }
    }

    /** Sizes: 1 or more. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return atLeast(1, text, "1 or more");
        }
    }

    /** A duration in seconds, fractions allowed: 0 or more. */
    static final class Seconds implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            try {
                double s = Double.parseDouble(text.strip());
                if (s >= 0 && s <= 1e6) {
                    return s;
                }
            } catch (NumberFormatException e) {
                // reported below, with the text as given
            }
            throw new TypeConversionException("must be a number of seconds, 0 or more, got '" + text + "'");
        }
    }

    private static int atLeast(int min, String text, String what) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the text as given
        }
        throw new TypeConversionException("must be a whole number, " + what + ", got '" + text + "'");
    }
}
