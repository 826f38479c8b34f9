package org.conv4j.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.conv4j.io.NpyReadTest.fixtureBytes;
import static org.conv4j.io.NpyReadTest.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.conv4j.DType;
import org.conv4j.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Writing: NumPy's exact bytes, lossless round trips, and atomic replacement of files. */
class NpyWriteTest {

    @TempDir
    Path dir;

    /** The tensor make_fixtures.py saved, rebuilt from the formula rather than read back. */
    private static Tensor expected(DType dtype, int... shape) {
        int n = Tensor.checkedElementCount(shape);
        if (dtype == DType.FLOAT32) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) value(i);
            }
            return Tensor.of(f, shape);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = value(i);
        }
        return Tensor.of(d, shape);
    }

    private static byte[] toBytes(Tensor t) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, t);
        return out.toByteArray();
    }

    private List<String> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    static Stream<Arguments> numpyDefaultFixtures() {
        return Stream.of(
                Arguments.of("f4_2x3.npy", DType.FLOAT32, new int[] {2, 3}),
                Arguments.of("f8_2x3.npy", DType.FLOAT64, new int[] {2, 3}),
                Arguments.of("f4_scalar.npy", DType.FLOAT32, new int[] {}),
                Arguments.of("f8_scalar.npy", DType.FLOAT64, new int[] {}),
                Arguments.of("f4_5.npy", DType.FLOAT32, new int[] {5}),
                Arguments.of("f8_1x2x3x2.npy", DType.FLOAT64, new int[] {1, 2, 3, 2}),
                Arguments.of("f4_2x0x3.npy", DType.FLOAT32, new int[] {2, 0, 3}),
                Arguments.of("f8_1234567890x0.npy", DType.FLOAT64, new int[] {1234567890, 0}),
                Arguments.of("f4_full_pad.npy", DType.FLOAT32, new int[] {0, 1, 1, 100, 1000, 1000, 1000, 1000, 1000}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numpyDefaultFixtures")
    void writesExactlyWhatNumPyWrites(String name, DType dtype, int[] shape) throws IOException {
        byte[] numpy = fixtureBytes(name);
        assertArrayEquals(numpy, toBytes(expected(dtype, shape)));
        Path file = dir.resolve(name);
        Npy.write(file, expected(dtype, shape));
        assertArrayEquals(numpy, Files.readAllBytes(file));
    }

    static Stream<Arguments> roundTripShapes() {
        int[][] shapes = {{}, {0}, {1}, {7}, {2, 3}, {3, 0}, {0, 3}, {2, 0, 3}, {1, 2, 3, 4}, {3, 1, 1, 2, 1}, {16411}};
        return Stream.of(DType.values()).flatMap(d -> Arrays.stream(shapes).map(s -> Arguments.of(d, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("roundTripShapes")
    void roundTripKeepsEveryBit(DType dtype, int[] shape) throws IOException {
        int n = Tensor.checkedElementCount(shape);
        SplittableRandom random = new SplittableRandom(n * 31L + dtype.ordinal());
        // NaN payloads, signed zeros, infinities and subnormals must all survive unchanged.
        long[] specials = {Double.doubleToRawLongBits(-0.0), 0x7ff0_0000_0000_0001L, 0xfff8_0000_0000_0abcL,
            Double.doubleToRawLongBits(Double.MIN_VALUE), Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
            Double.doubleToRawLongBits(Double.MAX_VALUE)};
        int[] floatSpecials = {Float.floatToRawIntBits(-0f), 0x7f80_0001, 0xffc0_0abc, 1, 0xff80_0000, 0x7f7f_ffff};
        Tensor t;
        if (dtype == DType.FLOAT32) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = Float.intBitsToFloat(i < floatSpecials.length ? floatSpecials[i] : random.nextInt());
            }
            t = Tensor.of(f, shape);
        } else {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = Double.longBitsToDouble(i < specials.length ? specials[i] : random.nextLong());
            }
            t = Tensor.of(d, shape);
        }
        Path file = dir.resolve("t.npy");
        Npy.write(file, t);
        for (Tensor back : List.of(Npy.read(file), Npy.read(new ByteArrayInputStream(toBytes(t))))) {
            assertEquals(dtype, back.dtype());
            assertArrayEquals(shape, back.shape());
            for (int i = 0; i < n; i++) {
                if (dtype == DType.FLOAT32) {
                    assertEquals(Float.floatToRawIntBits(t.floats()[i]), Float.floatToRawIntBits(back.floats()[i]), "element " + i);
                } else {
                    assertEquals(Double.doubleToRawLongBits(t.doubles()[i]), Double.doubleToRawLongBits(back.doubles()[i]), "element " + i);
                }
            }
        }
    }

    @Test
    void headerBeyond65535BytesSwitchesToVersion2() throws IOException {
        int[] shape = new int[22_000];
        Arrays.fill(shape, 1);
        byte[] bytes = toBytes(Tensor.of(new double[] {4.25}, shape));
        assertEquals(2, bytes[6]);
        long length = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(0, (12 + length) % 64);
        assertEquals('\n', bytes[(int) (12 + length - 1)]);
        assertEquals(12 + length + 8, bytes.length);
        Tensor back = Npy.read(new ByteArrayInputStream(bytes));
        assertArrayEquals(shape, back.shape());
        assertEquals(4.25, back.doubles()[0]);
    }

    @Test
    void version1HeaderLengthAndAlignment() throws IOException {
        byte[] bytes = toBytes(Tensor.of(new float[24], 2, 3, 4));
        int length = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertEquals(1, bytes[6]);
        assertEquals(0, bytes[7]);
        assertEquals(0, (10 + length) % 64);
        assertEquals(10 + length + 24 * 4, bytes.length);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }",
                new String(bytes, 10, length, ISO_8859_1).strip());
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("a.npy");
        Files.writeString(file, "old contents");
        Tensor t = expected(DType.FLOAT64, 2, 3);
        Npy.write(file, t);
        assertArrayEquals(fixtureBytes("f8_2x3.npy"), Files.readAllBytes(file));
        assertEquals(List.of("a.npy"), listDir());
    }

    @Test
    void writesToARelativePath() throws IOException {
        Path file = Path.of("").toAbsolutePath().relativize(dir.resolve("rel.npy"));
        Npy.write(file, expected(DType.FLOAT32, 5));
        assertArrayEquals(fixtureBytes("f4_5.npy"), Files.readAllBytes(dir.resolve("rel.npy")));
    }

    @Test
    void newFileGetsTheSamePermissionsAsAPlainWrite() throws IOException {
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null);
        Path plain = dir.resolve("plain");
        Files.write(plain, new byte[1]);
        Path file = dir.resolve("p.npy");
        Npy.write(file, expected(DType.FLOAT32, 2));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    }

    @Test
    void missingDirectoryFailsWithoutCreatingAnything() throws IOException {
        Path file = dir.resolve("missing").resolve("x.npy");
        assertThrows(NoSuchFileException.class, () -> Npy.write(file, expected(DType.FLOAT32, 2, 3)));
        assertFalse(Files.exists(dir.resolve("missing")));
        assertEquals(List.of(), listDir());
    }

    @Test
    void failedMoveDeletesTheTemporaryFile() throws IOException {
        // A non-empty directory cannot be replaced by a file, so the final move fails.
        Path target = dir.resolve("taken.npy");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "keep me");
        assertThrows(IOException.class, () -> Npy.write(target, expected(DType.FLOAT64, 3)));
        assertEquals(List.of("taken.npy"), listDir());
        assertEquals("keep me", Files.readString(target.resolve("inside")));
    }

    @Test
    void failureHalfWayLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("keep.npy");
        Npy.write(file, expected(DType.FLOAT32, 2, 3));
        byte[] before = Files.readAllBytes(file);
        IOException diskFull = new IOException("disk full");
        byte[] fresh = toBytes(expected(DType.FLOAT64, 1, 2, 3, 2));
        IOException thrown = assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
            out.write(fresh, 0, fresh.length / 2);
            throw diskFull;
        }));
        assertSame(diskFull, thrown);
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("keep.npy"), listDir());
    }

    @Test
    void runtimeFailureHalfWayAlsoCleansUp() throws IOException {
        Path file = dir.resolve("keep.npy");
        Files.writeString(file, "old");
        assertThrows(IllegalStateException.class, () -> AtomicFile.write(file, out -> {
            out.write(new byte[100]);
            throw new IllegalStateException("bug");
        }));
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("keep.npy"), listDir());
    }

    @Test
    void streamFailureIsPassedOnUnchanged() {
        IOException broken = new IOException("pipe closed");
        OutputStream failing = new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 200) {
                    throw broken;
                }
            }
        };
        IOException thrown = assertThrows(IOException.class, () -> Npy.write(failing, expected(DType.FLOAT64, 10, 10)));
        assertSame(broken, thrown);
    }

    @Test
    void nullTensorIsRejectedBeforeTouchingTheDirectory() throws IOException {
        assertThrows(NullPointerException.class, () -> Npy.write(dir.resolve("n.npy"), null));
        assertEquals(List.of(), listDir());
    }
}
