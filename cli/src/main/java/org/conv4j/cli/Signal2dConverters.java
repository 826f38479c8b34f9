package org.conv4j.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import org.conv4j.Signal2d.Boundary;
import org.conv4j.Signal2d.Mode;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The SciPy-style options {@code --mode}, {@code --boundary} and {@code --fillvalue}, with
 * messages that follow the option name, as {@link ErrorHandler} prints them.
 */
final class Signal2dConverters {
    private Signal2dConverters() {
    }

    /** {@code --mode}: SciPy's {@code full}, {@code same} or {@code valid}, any case. */
    static final class ModeConverter implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String text) {
            try {
                return Mode.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("must be full, same or valid, got '" + text + "'");
            }
        }
    }

    /** {@code --boundary}: SciPy's {@code fill}, {@code wrap} or {@code symm} and their aliases, any case. */
    static final class BoundaryConverter implements ITypeConverter<Boundary> {
        @Override
        public Boundary convert(String text) {
            try {
                return Boundary.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("must be fill, wrap or symm (or SciPy's pad, circular, symmetric), got '"
                        + text + "'");
            }
        }
    }

    /**
     * Lets {@code --fillvalue} take the next word whatever it starts with: picocli would read
     * {@code -inf} as the short option {@code -i} with {@code nf} attached. Converts it with
     * {@link FillValueConverter}, reporting a bad value as the usage error it is.
     */
    static final class FillValuePreprocessor implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec option, Map<String, Object> info) {
            if (args.isEmpty()) {
                return false; // picocli says the value is missing
            }
            String text = args.pop();
            try {
                option.setValue(new FillValueConverter().convert(text));
            } catch (TypeConversionException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e, option, text);
            }
            return true;
        }
    }

    /** {@code --fillvalue}: any number, including NumPy's spellings {@code nan}, {@code inf} and {@code -inf}. */
    static final class FillValueConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            switch (t) {
                case "nan" -> {
                    return Double.NaN;
                }
                case "inf", "+inf", "infinity", "+infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-inf", "-infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    // Double.parseDouble would also take "1d", "0x1p3" and "NaN"-like Java forms; keep to decimals.
                    if (t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
                        return Double.parseDouble(t);
                    }
                    throw new TypeConversionException("must be a number (or nan, inf, -inf), got '" + text + "'");
                }
            }
        }
    }
}
