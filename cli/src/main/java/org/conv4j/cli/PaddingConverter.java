package org.conv4j.cli;

import org.conv4j.Padding;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --padding}: {@code SAME}, {@code VALID} (any case), {@code T,B,L,R}, or
 * TensorFlow's eight {@code explicit_paddings} values, by {@link Padding#parse}.
 */
public final class PaddingConverter implements ITypeConverter<Padding> {
    @Override
    public Padding convert(String text) {
        Padding p;
        try {
            p = Padding.parse(text);
        } catch (IllegalArgumentException e) {
            p = null;
        }
        // Padding also takes conv1d's and conv3d's pairs (2 and 6 values); conv2d takes 4 or 8.
        if (p == null || (p.kind() == Padding.Kind.EXPLICIT && p.values().length != 4 && p.values().length != 8)) {
            // The library's message names TensorFlow's attribute; on the command line the form matters.
            throw new TypeConversionException("must be SAME, VALID or T,B,L,R (4 non-negative integers), got '"
                    + text + "'");
        }
        return p;
    }
}
