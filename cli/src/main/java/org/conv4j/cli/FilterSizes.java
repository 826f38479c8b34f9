package org.conv4j.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --filter-sizes}: TensorFlow's {@code filter_sizes} ({@code KH,KW,I,O}) as
 * comma-separated integers. Only the form is checked here; the count and the values are the
 * library's to judge, in TensorFlow's words.
 *
 * @param values the integers, as given
 */
record FilterSizes(int[] values) {
    /** Parses {@code "3,3,64,128"}; spaces around the numbers are allowed. */
    static FilterSizes parse(String text) {
        String[] parts = text.split(",", -1);
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be comma-separated integers KH,KW,I,O, got '" + text + "'");
            }
        }
        return new FilterSizes(sizes);
    }

    /** {@link #parse} for picocli. */
    static final class Converter implements ITypeConverter<FilterSizes> {
        @Override
        public FilterSizes convert(String text) {
            return parse(text);
        }
    }
}
