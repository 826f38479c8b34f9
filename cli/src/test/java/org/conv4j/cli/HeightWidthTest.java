package org.conv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class HeightWidthTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"1; 1; 1", "3; 3; 3", "2,1; 2; 1", " 4 , 5 ; 4; 5", "1,2147483647; 1; 2147483647"})
    void parses(String text, int height, int width) {
        assertEquals(new HeightWidth(height, width), HeightWidth.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a", "a,b", "0", "-1", "1,0", "1,2,3", "1,", ",1", "1;2", "1.5", "2147483648", "1 2"})
    void rejects(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> HeightWidth.parse(text));
        assertEquals("must be 1 or 2 comma-separated positive integers, got '" + text + "'", e.getMessage());
    }
}
