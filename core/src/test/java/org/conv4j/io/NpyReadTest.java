package org.conv4j.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.conv4j.DType;
import org.conv4j.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading NumPy-written fixtures and hand-built header variants. */
class NpyReadTest {

    @TempDir
    Path dir;

    /** The value make_fixtures.py stores at row-major index {@code i}. */
    static double value(int i) {
        return i * 0.5 - 3;
    }

    static Path fixture(String name) {
        try {
            return Path.of(NpyReadTest.class.getResource("/npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] fixtureBytes(String name) {
        try {
            return Files.readAllBytes(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A .npy file with {@code dict} padded to 64 bytes, as NumPy lays it out. */
    static byte[] npy(int major, String dict, byte[] data) {
        byte[] text = dict.getBytes(major == 3 ? UTF_8 : ISO_8859_1);
        int prefix = major == 1 ? 10 : 12;
        int length = text.length + 1 + (64 - (prefix + text.length + 1) % 64) % 64;
        byte[] header = new byte[length];
        java.util.Arrays.fill(header, (byte) ' ');
        System.arraycopy(text, 0, header, 0, text.length);
        header[length - 1] = '\n';
        return raw(major, length, header, data);
    }

    /** Magic, version {@code major}.0, the given length field, then {@code header} and {@code data} verbatim. */
    static byte[] raw(int major, long lengthField, byte[] header, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) lengthField);
        } else {
            b.putInt((int) lengthField);
        }
        b.put(header).put(data);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** {@code value(0..n-1)} encoded as float32 or float64 in the given byte order. */
    static byte[] data(DType dtype, ByteOrder order, int n) {
        ByteBuffer b = ByteBuffer.allocate(n * dtype.byteSize()).order(order);
        for (int i = 0; i < n; i++) {
            if (dtype == DType.FLOAT32) {
                b.putFloat((float) value(i));
            } else {
                b.putDouble(value(i));
            }
        }
        return b.array();
    }

    static void assertValues(Tensor t, DType dtype, int... shape) {
        assertEquals(dtype, t.dtype());
        assertArrayEquals(shape, t.shape());
        int n = Tensor.checkedElementCount(shape);
        assertEquals(n, t.size());
        for (int i = 0; i < n; i++) {
            if (dtype == DType.FLOAT32) {
                assertEquals((float) value(i), t.floats()[i], "element " + i);
            } else {
                assertEquals(value(i), t.doubles()[i], "element " + i);
            }
        }
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("f4_2x3.npy", DType.FLOAT32, new int[] {2, 3}),
                Arguments.of("f8_2x3.npy", DType.FLOAT64, new int[] {2, 3}),
                Arguments.of("f4_scalar.npy", DType.FLOAT32, new int[] {}),
                Arguments.of("f8_scalar.npy", DType.FLOAT64, new int[] {}),
                Arguments.of("f4_5.npy", DType.FLOAT32, new int[] {5}),
                Arguments.of("f8_1x2x3x2.npy", DType.FLOAT64, new int[] {1, 2, 3, 2}),
                Arguments.of("f4_2x0x3.npy", DType.FLOAT32, new int[] {2, 0, 3}),
                Arguments.of("f8_1234567890x0.npy", DType.FLOAT64, new int[] {1234567890, 0}),
                Arguments.of("f4_full_pad.npy", DType.FLOAT32, new int[] {0, 1, 1, 100, 1000, 1000, 1000, 1000, 1000}),
                Arguments.of("f4_be_2x3.npy", DType.FLOAT32, new int[] {2, 3}),
                Arguments.of("f8_be_5.npy", DType.FLOAT64, new int[] {5}),
                Arguments.of("f4_fortran_2x3x4.npy", DType.FLOAT32, new int[] {2, 3, 4}),
                Arguments.of("f8_be_fortran_3x2.npy", DType.FLOAT64, new int[] {3, 2}),
                Arguments.of("f4_v2_2x3.npy", DType.FLOAT32, new int[] {2, 3}),
                Arguments.of("f8_v3_2x3.npy", DType.FLOAT64, new int[] {2, 3}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsNumPyFixtureFromPath(String name, DType dtype, int[] shape) throws IOException {
        assertValues(Npy.read(fixture(name)), dtype, shape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsNumPyFixtureFromTricklingStream(String name, DType dtype, int[] shape) throws IOException {
        assertValues(Npy.read(new Trickle(fixtureBytes(name))), dtype, shape);
    }

    @Test
    void fortranFixturesReallyStoreColumnMajorBytes() {
        // Guards the Fortran tests: if these bytes were C order, ignoring fortran_order would pass them.
        ByteBuffer f4 = ByteBuffer.wrap(fixtureBytes("f4_fortran_2x3x4.npy")).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((float) value(12), f4.getFloat(128 + 4)); // element (1, 0, 0)
        ByteBuffer f8 = ByteBuffer.wrap(fixtureBytes("f8_be_fortran_3x2.npy")).order(ByteOrder.BIG_ENDIAN);
        assertEquals(value(2), f8.getDouble(128 + 8)); // element (1, 0)
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}",
        "{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(2,3)}",
        "{ 'descr' : '<f4' ,\n\t'fortran_order' : False ,\r\n 'shape' : ( 2 , 3 , ) , }",
        "  {'fortran_order': False, 'shape': (2, 3), 'descr': '<f4',}  \n\n",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }",
    })
    void acceptsAnyKeyOrderQuotingAndWhitespace(String dict) throws IOException {
        byte[] file = npy(1, dict, data(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, 6));
        assertValues(Npy.read(new ByteArrayInputStream(file)), DType.FLOAT32, 2, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "|"})
    void readsNativeByteOrder(String order) throws IOException {
        String dict = "{'descr': '" + order + "f8', 'fortran_order': False, 'shape': (4,), }";
        byte[] file = npy(1, dict, data(DType.FLOAT64, ByteOrder.nativeOrder(), 4));
        assertValues(Npy.read(new ByteArrayInputStream(file)), DType.FLOAT64, 4);
    }

    @Test
    void reordersHandBuiltFortranData() throws IOException {
        // [[-3, -2.5, -2], [-1.5, -1, -0.5]] stored column by column.
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : new double[] {-3, -1.5, -2.5, -1, -2, -0.5}) {
            b.putFloat((float) v);
        }
        byte[] file = npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", b.array());
        assertValues(Npy.read(new ByteArrayInputStream(file)), DType.FLOAT32, 2, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"()", "(5,)", "(0, 4)", "(4, 0)", "(1, 5, 1)"})
    void fortranOrderWithNothingToReorder(String shape) throws IOException {
        Tensor expected = Npy.read(new ByteArrayInputStream(npy(1,
                "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + "}", data(DType.FLOAT64, ByteOrder.LITTLE_ENDIAN, 5))));
        Tensor t = Npy.read(new ByteArrayInputStream(npy(1,
                "{'descr': '<f8', 'fortran_order': True, 'shape': " + shape + "}", data(DType.FLOAT64, ByteOrder.LITTLE_ENDIAN, 5))));
        assertArrayEquals(expected.shape(), t.shape());
        assertArrayEquals(expected.doubles(), t.doubles());
    }

    @Test
    void acceptsOldSixteenByteAlignmentWithoutNewline() throws IOException {
        byte[] header = ("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }" + " ".repeat(13)).getBytes(ISO_8859_1);
        byte[] file = raw(1, header.length, header, data(DType.FLOAT64, ByteOrder.LITTLE_ENDIAN, 3));
        assertEquals(0, (10 + header.length) % 16);
        assertValues(Npy.read(new ByteArrayInputStream(file)), DType.FLOAT64, 3);
    }

    @Test
    void ignoresTrailingBytesInAFile() throws IOException {
        Path file = dir.resolve("trailing.npy");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(fixtureBytes("f8_1x2x3x2.npy"));
        bytes.write("trailing garbage".getBytes(ISO_8859_1));
        Files.write(file, bytes.toByteArray());
        assertValues(Npy.read(file), DType.FLOAT64, 1, 2, 3, 2);
    }

    @Test
    void streamStopsRightAfterTheArraySoArraysCanFollowEachOther() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(fixtureBytes("f4_2x3.npy"));
        bytes.write(fixtureBytes("f8_scalar.npy"));
        bytes.write(fixtureBytes("f4_2x0x3.npy"));
        bytes.write("tail".getBytes(ISO_8859_1));
        InputStream in = new Trickle(bytes.toByteArray());
        assertValues(Npy.read(in), DType.FLOAT32, 2, 3);
        assertValues(Npy.read(in), DType.FLOAT64);
        assertValues(Npy.read(in), DType.FLOAT32, 2, 0, 3);
        assertEquals("tail", new String(in.readAllBytes(), ISO_8859_1));
    }

    @Test
    void readsDataSpanningManyChunks() throws IOException {
        // Bigger than the reader's 64 KiB chunk and its initial capacity, so the array must grow.
        int n = 100_003;
        byte[] file = npy(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (" + n + ",), }",
                data(DType.FLOAT64, ByteOrder.BIG_ENDIAN, n));
        assertValues(Npy.read(new Trickle(file)), DType.FLOAT64, n);
        Path path = dir.resolve("big.npy");
        Files.write(path, file);
        assertValues(Npy.read(path), DType.FLOAT64, n);
    }

    @Test
    void acceptsAHeaderOfExactlyTheLimit() throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        byte[] header = (dict + " ".repeat(Npy.MAX_HEADER_BYTES - dict.length() - 1) + "\n").getBytes(ISO_8859_1);
        byte[] file = raw(2, header.length, header, data(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, 6));
        assertValues(Npy.read(new ByteArrayInputStream(file)), DType.FLOAT32, 2, 3);
    }

    /** Hands out at most 7 bytes per read, as a slow network stream might. */
    static final class Trickle extends FilterInputStream {
        Trickle(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 7));
        }

        @Override
        public int available() {
            return 0;
        }
    }
}
