package org.conv4j.cli;

import java.util.Locale;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of {@code conv1d}, {@code conv3d} and {@code convolution} that depend on the
 * number of spatial dimensions: strides and dilations (one number per spatial dimension,
 * comma-separated, or one for all), explicit padding (a {@code before,after} pair per spatial
 * dimension) and TensorFlow's layout names. Messages follow the option name, as
 * {@link ErrorHandler} prints them; a value that does not parse is a usage error before any work.
 */
final class SpatialConverters {
    private SpatialConverters() {
    }

    /** Parsed strides or dilations (a value type: picocli would take an {@code int[]} option as repeated values). */
    record Values(int[] numbers) {
        @Override
        public String toString() {
            return java.util.Arrays.toString(numbers);
        }
    }

    /** {@code --strides}/{@code --dilations} of conv1d: one positive number. */
    static final class Values1d implements ITypeConverter<Values> {
        @Override
        public Values convert(String text) {
            return values(text, 1, 1, "a positive integer");
        }
    }

    /** {@code --strides}/{@code --dilations} of conv3d: one positive number, or depth,height,width. */
    static final class Values3d implements ITypeConverter<Values> {
        @Override
        public Values convert(String text) {
            Values v = values(text, 1, 3, "1 or 3 comma-separated positive integers");
            if (v.numbers().length == 2) {
                throw new TypeConversionException("must be 1 or 3 comma-separated positive integers, got '" + text + "'");
            }
            return v;
        }
    }

    /** {@code --strides}/{@code --dilations} of convolution: 1 to 3 numbers; the filter decides how many fit. */
    static final class ValuesNd implements ITypeConverter<Values> {
        @Override
        public Values convert(String text) {
            return values(text, 1, 3, "1 to 3 comma-separated positive integers");
        }
    }

    /** {@code --padding} of conv1d: SAME, VALID or {@code L,R}. */
    static final class Padding1d implements ITypeConverter<Padding> {
        @Override
        public Padding convert(String text) {
            return padding(text, 2, "SAME, VALID or L,R (2 non-negative integers)");
        }
    }

    /** {@code --padding} of conv3d: SAME, VALID or {@code F,B,T,B,L,R}. */
    static final class Padding3d implements ITypeConverter<Padding> {
        @Override
        public Padding convert(String text) {
            return padding(text, 6, "SAME, VALID or F,B,T,B,L,R (6 non-negative integers)");
        }
    }

    /** {@code --padding} of convolution: SAME, VALID or a pair per spatial dimension (the filter decides). */
    static final class PaddingNd implements ITypeConverter<Padding> {
        @Override
        public Padding convert(String text) {
            return padding(text, 0, "SAME, VALID or a before,after pair of non-negative integers per spatial dimension");
        }
    }

    /** {@code --data-format} of conv1d: NWC or NCW (TensorFlow's conv1d also takes NHWC and NCHW). */
    static final class Format1d implements ITypeConverter<DataFormat> {
        @Override
        public DataFormat convert(String text) {
            return format(text, "NWC or NCW", "NWC", "NCW");
        }
    }

    /** {@code --data-format} of conv3d: NDHWC or NCDHW (NHWC and NCHW name the same layouts). */
    static final class Format3d implements ITypeConverter<DataFormat> {
        @Override
        public DataFormat convert(String text) {
            return format(text, "NDHWC or NCDHW", "NDHWC", "NCDHW");
        }
    }

    /**
     * {@code --data-format} of convolution: channels last or first, by any of TensorFlow's names
     * (those of conv1d, conv2d, conv3d, and the generic Conv op's CHANNELS_LAST/CHANNELS_FIRST).
     */
    static final class FormatNd implements ITypeConverter<DataFormat> {
        @Override
        public DataFormat convert(String text) {
            return format(text, "NWC, NHWC, NDHWC, CHANNELS_LAST or NCW, NCHW, NCDHW, CHANNELS_FIRST", "NWC", "NCW",
                    "NDHWC", "NCDHW", "CHANNELS_LAST", "CHANNELS_FIRST");
        }
    }

    private static Values values(String text, int min, int max, String what) {
        String[] parts = text.split(",", -1);
        if (parts.length < min || parts.length > max) {
            throw new TypeConversionException("must be " + what + ", got '" + text + "'");
        }
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be " + what + ", got '" + text + "'");
            }
            if (v[i] <= 0) {
                throw new TypeConversionException("must be " + what + ", got '" + text + "'");
            }
        }
        return new Values(v);
    }

    /** SAME, VALID or explicit with {@code count} values ({@code 0}: any count the library takes). */
    private static Padding padding(String text, int count, String what) {
        Padding p;
        try {
            p = Padding.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("must be " + what + ", got '" + text + "'");
        }
        if (count != 0 && p.kind() == Padding.Kind.EXPLICIT && p.values().length != count) {
            throw new TypeConversionException("must be " + what + ", got '" + text + "'");
        }
        return p;
    }

    /**
     * NHWC (channels last) for {@code names[2k]}, NCHW (channels first) for {@code names[2k+1]},
     * and for NHWC and NCHW themselves, any case.
     */
    private static DataFormat format(String text, String what, String... names) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (int i = 0; i < names.length; i++) {
            if (t.equals(names[i])) {
                return i % 2 == 0 ? DataFormat.NHWC : DataFormat.NCHW;
            }
        }
        if (t.equals("NHWC") || t.equals("NCHW")) {
            return DataFormat.parse(t);
        }
        throw new TypeConversionException("must be " + what + ", got '" + text + "'");
    }
}
