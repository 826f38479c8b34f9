package org.conv4j.cli;

import org.conv4j.DataFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --data-format}: {@code NHWC} or {@code NCHW}, any case. */
public final class DataFormatConverter implements ITypeConverter<DataFormat> {
    @Override
    public DataFormat convert(String text) {
        try {
            return DataFormat.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("must be NHWC or NCHW, got '" + text + "'");
        }
    }
}
