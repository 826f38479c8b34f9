package org.conv4j.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.conv4j.DType;
import org.conv4j.Signal2d;
import org.conv4j.Signal2d.Boundary;
import org.conv4j.Signal2d.Mode;
import org.conv4j.Tensor;
import org.conv4j.io.Npy;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link Signal2d} against SciPy's own answers: every case of
 * {@code src/test/resources/scipy/make_fixtures.py} (odd and even kernels, 1xN and Nx1, kernels
 * larger than the input, non-zero fill values, float32 and float64), with both operations in
 * every mode and boundary, and the same loops transcribed from SciPy ({@link ScipyLoops}) checked
 * against the same answers.
 */
class Signal2dAgainstScipyTest {
    /** Relative normwise error allowed: float32 sums in another order, with fused multiply-adds. */
    static double tolerance(DType dtype) {
        return dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
    }

    /** One fixture file: the inputs and SciPy's outputs in the order the script writes them. */
    private record Fixture(String name, Tensor in1, Tensor in2, double fillvalue, List<Tensor> outputs) {
    }

    @TestFactory
    Stream<DynamicNode> everyOperationModeAndBoundary() throws IOException {
        List<DynamicNode> cases = new ArrayList<>();
        for (Path file : fixtureFiles()) {
            Fixture f = read(file);
            List<DynamicNode> tests = new ArrayList<>();
            int next = 0;
            for (boolean convolve : new boolean[] {true, false}) {
                for (Mode mode : Mode.values()) {
                    for (Boundary boundary : Boundary.values()) {
                        String name = (convolve ? "convolve2d" : "correlate2d") + " " + mode.scipyName() + " "
                                + boundary.scipyName();
                        if (mode == Mode.VALID && !validPossible(f.in1, f.in2)) {
                            tests.add(DynamicTest.dynamicTest(name + " refused", () -> {
                                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                        () -> run(convolve, f.in1, f.in2, mode, boundary, f.fillvalue));
                                assertTrue(e.getMessage().startsWith("For 'valid' mode, one must be at least as large as "
                                        + "the other in every dimension"), e.getMessage());
                            }));
                            continue;
                        }
                        Tensor expected = f.outputs.get(next++);
                        tests.add(DynamicTest.dynamicTest(name, () -> {
                            assertClose(expected, run(convolve, f.in1, f.in2, mode, boundary, f.fillvalue));
                            assertClose(expected, loops(convolve, f.in1, f.in2, mode, boundary, f.fillvalue));
                        }));
                    }
                }
            }
            assertEquals(f.outputs.size(), next, f.name + ": outputs in the file");
            cases.add(DynamicContainer.dynamicContainer(f.name, tests));
        }
        return cases.stream();
    }

    @Test
    void everyCaseIsThereInBothDtypes() throws IOException {
        List<String> names = fixtureFiles().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(26, names.size(), names::toString);
        for (String name : names) {
            String other = name.endsWith(".f4.npy") ? name.replace(".f4.npy", ".f8.npy") : name.replace(".f8.npy", ".f4.npy");
            assertTrue(names.contains(other), other);
        }
    }

    static Tensor run(boolean convolve, Tensor in1, Tensor in2, Mode mode, Boundary boundary, double fillvalue) {
        return convolve ? Signal2d.convolve2d(in1, in2, mode, boundary, fillvalue)
                : Signal2d.correlate2d(in1, in2, mode, boundary, fillvalue);
    }

    /** {@link ScipyLoops} on tensors; the result has the inputs' dtype. */
    static Tensor loops(boolean convolve, Tensor in1, Tensor in2, Mode mode, Boundary boundary, double fillvalue) {
        double fill = in1.dtype() == DType.FLOAT32 ? (float) fillvalue : fillvalue;
        double[][] out = ScipyLoops.compute(convolve, matrix(in1), matrix(in2), mode, boundary, fill);
        int rows = out.length;
        int cols = out[0].length;
        if (in1.dtype() == DType.FLOAT32) {
            float[] data = new float[rows * cols];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) out[i / cols][i % cols];
            }
            return Tensor.of(data, rows, cols);
        }
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = out[i / cols][i % cols];
        }
        return Tensor.of(data, rows, cols);
    }

    static boolean validPossible(Tensor a, Tensor b) {
        return a.dim(0) >= b.dim(0) && a.dim(1) >= b.dim(1) || b.dim(0) >= a.dim(0) && b.dim(1) >= a.dim(1);
    }

    /** Same dtype and shape, and {@code ||actual - expected|| <= tolerance * ||expected||}. */
    static void assertClose(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype(), "dtype");
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i);
            double d = actual.getDouble(i) - e;
            diff += d * d;
            norm += e * e;
        }
        double relative = Math.sqrt(diff) / Math.max(Math.sqrt(norm), Double.MIN_NORMAL);
        assertTrue(relative <= tolerance(expected.dtype()), () -> "relative error " + relative);
    }

    private static double[][] matrix(Tensor t) {
        double[][] m = new double[t.dim(0)][t.dim(1)];
        for (int i = 0; i < t.size(); i++) {
            m[i / t.dim(1)][i % t.dim(1)] = t.getDouble(i);
        }
        return m;
    }

    private static List<Path> fixtureFiles() throws IOException {
        Path dir;
        try {
            dir = Path.of(Signal2dAgainstScipyTest.class.getResource("/scipy/make_fixtures.py").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".npy")).sorted().toList();
        }
    }

    private static Fixture read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Tensor in1 = Npy.read(in);
            Tensor in2 = Npy.read(in);
            double fillvalue = Npy.read(in).getDouble(0);
            List<Tensor> outputs = new ArrayList<>();
            while (true) {
                in.mark(1);
                if (in.read() < 0) {
                    break;
                }
                in.reset();
                outputs.add(Npy.read(in));
            }
            String name = file.getFileName().toString().replace(".npy", "");
            return new Fixture(name, in1, in2, fillvalue, outputs);
        }
    }
}
