package org.conv4j.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.conv4j.io.NpyReadTest.data;
import static org.conv4j.io.NpyReadTest.fixture;
import static org.conv4j.io.NpyReadTest.npy;
import static org.conv4j.io.NpyReadTest.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.conv4j.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken and hostile input: every case must end in an NpyFormatException that says what is wrong. */
class NpyMalformedTest {

    @TempDir
    Path dir;

    private static final byte[] SIX_FLOATS = data(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, 6);

    /** Reads {@code bytes} as a stream and as a file; both must fail with all {@code fragments} in the message. */
    private String assertRejected(byte[] bytes, String... fragments) throws IOException {
        NpyFormatException fromStream = assertThrows(NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(bytes)));
        Path file = dir.resolve("broken.npy");
        Files.write(file, bytes);
        NpyFormatException fromFile = assertThrows(NpyFormatException.class, () -> Npy.read(file));
        assertTrue(fromFile.getMessage().startsWith(file + ": "), fromFile.getMessage());
        for (String fragment : fragments) {
            assertTrue(fromStream.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + fromStream.getMessage());
            assertTrue(fromFile.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + fromFile.getMessage());
        }
        return fromStream.getMessage();
    }

    private static byte[] header(String dict) {
        return npy(1, dict, SIX_FLOATS);
    }

    @Test
    void rejectsEmptyInput() throws IOException {
        assertRejected(new byte[0], "not a .npy file", "(0 bytes)");
    }

    @Test
    void rejectsBadMagic() throws IOException {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        assertRejected(zip, "not a .npy file", "'PK\\x03\\x04\\x14\\x00\\x00\\x00'", ".npz");
        byte[] almost = NpyReadTest.fixtureBytes("f4_2x3.npy");
        almost[5] = 'X';
        assertRejected(almost, "not a .npy file", "'\\x93NUMPX\\x01\\x00'");
    }

    @Test
    void rejectsMagicWithoutVersion() throws IOException {
        assertRejected(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1}, "not a .npy file", "(7 bytes)");
    }

    @ParameterizedTest
    @CsvSource({"4, 0", "1, 1", "0, 0", "255, 255"})
    void rejectsUnsupportedVersion(int major, int minor) throws IOException {
        byte[] bytes = NpyReadTest.fixtureBytes("f4_2x3.npy");
        bytes[6] = (byte) major;
        bytes[7] = (byte) minor;
        assertRejected(bytes, "unsupported .npy format version " + major + "." + minor);
    }

    @Test
    void rejectsFileEndingInsideTheLengthField() throws IOException {
        assertRejected(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 10, 0}, "header length field");
    }

    @Test
    void rejectsHeaderLongerThanTheFile() throws IOException {
        byte[] dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }".getBytes(ISO_8859_1);
        assertRejected(raw(1, 1000, dict, new byte[0]), "truncated .npy header", "says 1000 bytes but only " + dict.length + " follow");
    }

    @ParameterizedTest
    @ValueSource(longs = {Npy.MAX_HEADER_BYTES + 1L, 0x7fff_ffffL, 0xffff_ffffL})
    void rejectsHeaderLengthOverTheLimitBeforeReadingIt(long length) throws IOException {
        for (int major : new int[] {2, 3}) {
            assertRejected(raw(major, length, "{}".getBytes(ISO_8859_1), new byte[0]),
                    "says " + length + " bytes", "limit of " + Npy.MAX_HEADER_BYTES);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "not a dict",
        "['descr', 'fortran_order', 'shape']",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } extra",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}}",
        "{'descr' '<f4', 'fortran_order': False, 'shape': (2, 3)}",
        "{'descr': '<f4, 'fortran_order': False, 'shape': (2, 3)}",
        "{'descr': <f4, 'fortran_order': False, 'shape': (2, 3)}",
        "{'descr': '<f4',, 'fortran_order': False, 'shape': (2, 3)}",
        "{'descr': '<f4' 'fortran_order': False, 'shape': (2, 3)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}",
        "{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}",
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}",
        "{'descr': '<f4', 'fortran_order': 'False', 'shape': (2, 3)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': ((((((((((((((((((((((((((((((((((((((((2,),),),)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}\u0000",
    })
    void rejectsMalformedDict(String dict) throws IOException {
        assertRejected(header(dict), "malformed .npy header");
    }

    @Test
    void malformedMessageSaysWhereAndQuotesTheHeader() throws IOException {
        String message = assertRejected(header("{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}"));
        assertEquals("malformed .npy header at character 53: expected ',' but found '3' in "
                + "{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}", message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{'fortran_order': False, 'shape': (2, 3)}|descr",
        "{'descr': '<f4', 'shape': (2, 3)}|fortran_order",
        "{'descr': '<f4', 'fortran_order': False}|shape",
        "{}|descr",
    })
    void rejectsMissingKey(String dict, String key) throws IOException {
        assertRejected(header(dict), "missing key '" + key + "'");
    }

    @Test
    void rejectsUnknownKeyByName() throws IOException {
        assertRejected(header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'mtime': 17}"),
                "unknown key 'mtime'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<i4", "|u1", "|b1", "<f2", ">i8", "<c8", "<c16", "<U3", "|S4", "f4", "<f16", "float32", "<M8[ns]"})
    void rejectsOtherDtypesByName(String descr) throws IOException {
        assertRejected(header("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2, 3)}"),
                "unsupported dtype '" + descr + "'", "float32", "float64");
    }

    @Test
    void rejectsNumPyWrittenInt32AndObjectFixtures() throws IOException {
        assertRejected(Files.readAllBytes(fixture("i4_2x2.npy")), "unsupported dtype '<i4'");
        assertRejected(Files.readAllBytes(fixture("object.npy")), "unsupported dtype '|O'", "pickled");
    }

    @Test
    void rejectsStructuredDtype() throws IOException {
        assertRejected(header("{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (3,)}"),
                "unsupported dtype [('x', '<f4'), ('y', '<i4')]", "structured");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "(-1, 3)|-1",
        "(2, -3)|-3",
        "(2.5,)|2.5",
        "('3',)|'3'",
        "(None,)|None",
        "(True, 2)|True",
        "(3000000000,)|3000000000",
        "(99999999999999999999999,)|99999999999999999999999",
        "[2, 3]|[2, 3]",
        "(6)|6",
        "6|6",
        "None|None",
    })
    void rejectsBadShapeNamingTheValue(String shape, String named) throws IOException {
        assertRejected(header("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + "}"),
                "malformed .npy header: shape", named);
    }

    @Test
    void rejectsShapeTooBigForAJavaArrayWithoutAllocating() throws IOException {
        assertRejected(header("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000, 100000)}"),
                "unsupported .npy shape (100000, 100000, 100000)", "1000000000000000 elements");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        byte[] bytes = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 1000), }", new byte[16]);
        String message = assertRejected(bytes);
        assertEquals("truncated .npy data: header declares shape (1000, 1000) float32 = 4000000 bytes "
                + "but only 16 bytes follow", message);
    }

    @Test
    void rejectsDataShortByOneByte() throws IOException {
        byte[] data = data(DType.FLOAT64, ByteOrder.BIG_ENDIAN, 200_000);
        byte[] bytes = npy(1, "{'descr': '>f8', 'fortran_order': True, 'shape': (1000, 200), }",
                java.util.Arrays.copyOf(data, data.length - 1));
        assertRejected(bytes, "(1000, 200) float64 = 1600000 bytes but only 1599999 bytes follow");
    }

    @Test
    void rejectsHugeDeclaredArrayBeforeAllocatingIt() throws IOException {
        // 17 GB claimed, 8 bytes present: allocating up front would throw OutOfMemoryError instead.
        int n = Integer.MAX_VALUE - 8;
        byte[] bytes = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (" + n + ",), }", new byte[8]);
        assertRejected(bytes, "float64 = " + (8L * n) + " bytes but only 8 bytes follow");
    }

    @Test
    void headerEncodingFollowsTheVersion() throws IOException {
        String dict = "{'descr': '<f4\u00e9', 'fortran_order': False, 'shape': (2, 3)}";
        // v3 decodes UTF-8; v1 and v2 decode the same bytes as latin-1.
        byte[] utf8 = npy(3, dict, SIX_FLOATS);
        assertRejected(utf8, "unsupported dtype '<f4\u00e9'");
        byte[] asV2 = utf8.clone();
        asV2[6] = 2;
        assertRejected(asV2, "unsupported dtype '<f4\u00c3\u00a9'");
    }

    @Test
    void rejectsVersion3HeaderThatIsNotUtf8() throws IOException {
        byte[] bytes = npy(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}", SIX_FLOATS);
        bytes[12 + 11] = (byte) 0xff;
        assertRejected(bytes, "must be UTF-8");
        assertTrue(new String(bytes, 12, 20, UTF_8).contains("\ufffd")); // the byte really is invalid UTF-8
    }
}
