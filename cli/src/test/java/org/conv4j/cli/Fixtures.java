package org.conv4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.conv4j.Tensor;
import org.conv4j.io.Npy;

/** Small tensors and files for the tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** A float32 tensor of the shape with values in [-1, 1) from {@code seed}. */
    static Tensor randomFloats(long seed, int... shape) {
        Random random = new Random(seed);
        float[] data = new float[Tensor.checkedElementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        return Tensor.of(data, shape);
    }

    /** A float64 tensor of the shape with values in [-1, 1) from {@code seed}. */
    static Tensor randomDoubles(long seed, int... shape) {
        Random random = new Random(seed);
        double[] data = new double[Tensor.checkedElementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextDouble() * 2 - 1;
        }
        return Tensor.of(data, shape);
    }

    /** Writes {@code t} to {@code dir/name} and returns the path as a command-line argument. */
    static String save(Path dir, String name, Tensor t) throws IOException {
        Path file = dir.resolve(name);
        Npy.write(file, t);
        return file.toString();
    }

    /** Asserts same dtype, shape and exactly the same values. */
    static void assertSameTensor(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype(), "dtype");
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        switch (expected.dtype()) {
            case FLOAT32 -> assertArrayEquals(expected.floats(), actual.floats(), "values");
            case FLOAT64 -> assertArrayEquals(expected.doubles(), actual.doubles(), "values");
        }
    }
}
