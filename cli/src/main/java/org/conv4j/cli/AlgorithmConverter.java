package org.conv4j.cli;

import java.util.Locale;
import org.conv4j.Algorithm;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --algorithm}: any {@link Algorithm} name (auto, reference, gemm, winograd), any case. */
public final class AlgorithmConverter implements ITypeConverter<Algorithm> {
    @Override
    public Algorithm convert(String text) {
        for (Algorithm a : Algorithm.values()) {
            if (a.name().equalsIgnoreCase(text.strip())) {
                return a;
            }
        }
        throw new TypeConversionException("must be " + names() + ", got '" + text + "'");
    }

    /** {@code auto, reference or gemm}: the names as the command line writes them. */
    static String names() {
        Algorithm[] all = Algorithm.values();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < all.length; i++) {
            s.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append(all[i].name().toLowerCase(Locale.ROOT));
        }
        return s.toString();
    }
}
