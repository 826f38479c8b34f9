package org.conv4j.internal.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.geometry.Conv2dValidator;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.Kernels;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The fast paths (GEMM, Winograd, and the single-plane direct path), with the kernels of this JVM and with
 * the scalar ones, against the reference loops on random problems that hit every tile edge:
 * pixel counts and channel counts that are not multiples of the tile, rows that are not
 * multiples of the vector, padding on every side, groups, NCHW, both dtypes.
 */
class FastPathsMatchReferenceTest {

    @TestFactory
    Stream<DynamicTest> matchesReferenceLoops() {
        return IntStream.range(0, 150).mapToObj(seed -> DynamicTest.dynamicTest("case " + seed, () -> check(seed)));
    }

    @TestFactory
    Stream<DynamicTest> singlePlaneMatchesReferenceLoops() {
        return IntStream.range(0, 60).mapToObj(seed -> DynamicTest.dynamicTest("plane case " + seed, () -> check(-1 - seed)));
    }

    @TestFactory
    Stream<DynamicTest> winogradMatchesReferenceLoops() {
        return IntStream.range(0, 60).mapToObj(seed -> DynamicTest.dynamicTest("winograd case " + seed,
                () -> check(WINOGRAD_SEEDS + seed)));
    }

    /** Seeds from here on draw 3x3 stride-1 float32 NHWC problems, some dilated, for {@link WinogradConv2d}. */
    private static final int WINOGRAD_SEEDS = 1_000_000;

    /** Seeds below zero draw single-plane problems (C = OC = 1) for {@link PlaneConv2d}. */
    private static void check(int seed) {
        Random rnd = new Random(seed);
        boolean plane = seed < 0;
        boolean winograd = seed >= WINOGRAD_SEEDS;
        int groups = !plane && !winograd && rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 1;
        int kc = plane ? 1 : 1 + rnd.nextInt(seed % 10 == 0 || winograd ? 40 : 6);
        int ocPerGroup = plane ? 1 : 1 + rnd.nextInt(seed % 7 == 0 || winograd ? 70 : 20);
        if (!plane && seed % 5 == 1) {
            ocPerGroup = 64 * (1 + seed % 2); // whole 64-wide panels: the wide tile for short runs
        }
        int kh = winograd ? 3 : 1 + rnd.nextInt(plane ? 6 : 4);
        int kw = winograd ? 3 : 1 + rnd.nextInt(plane ? 6 : 4);
        int n = rnd.nextInt(3) + 1;
        int h = 1 + rnd.nextInt(plane || winograd ? 40 : 12);
        int w = 1 + rnd.nextInt(plane ? 150 : winograd ? 40 : 12);
        DataFormat format = !winograd && rnd.nextInt(3) == 0 ? DataFormat.NCHW : DataFormat.NHWC;
        DType dtype = !winograd && rnd.nextInt(3) == 0 ? DType.FLOAT64 : DType.FLOAT32;
        Padding padding = switch (rnd.nextInt(3)) {
            case 0 -> Padding.SAME;
            case 1 -> Padding.VALID;
            default -> Padding.explicit(rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3));
        };
        Conv2dOptions options = winograd
                ? Conv2dOptions.builder().padding(padding).dilations(1 + rnd.nextInt(3), 1 + rnd.nextInt(3)).build()
                : Conv2dOptions.builder().padding(padding).dataFormat(format)
                        .strides(1 + rnd.nextInt(3), 1 + rnd.nextInt(3)).dilations(1 + rnd.nextInt(2), 1 + rnd.nextInt(2)).build();
        int c = kc * groups;
        int[] inShape = format == DataFormat.NHWC ? new int[] {n, h, w, c} : new int[] {n, c, h, w};
        int[] fShape = {kh, kw, kc, ocPerGroup * groups};
        Conv2dGeometry g;
        try {
            g = Conv2dValidator.validate(inShape, dtype, fShape, dtype, options);
        } catch (IllegalArgumentException e) {
            return; // negative output size: nothing to compare
        }
        Tensor input = random(dtype, inShape, rnd);
        Tensor filter = random(dtype, fShape, rnd);
        Tensor expected = Tensor.zeros(dtype, g.outputShape());
        new ReferenceConv2d(g, filter).run(input, expected, Parallelism.SINGLE);
        for (Kernels kernels : new Kernels[] {Kernels.get(), Kernels.scalar()}) {
            Conv2dAlgorithm algorithm = plane ? new PlaneConv2d(g, filter, kernels)
                    : winograd ? new WinogradConv2d(g, filter, kernels) : new GemmConv2d(g, filter, kernels);
            compare(expected, input, algorithm, kernels, g);
            // Small padded layers: the GEMM of a bordered copy, as AUTO picks it.
            if (!plane && !winograd && PaddedInputConv2d.applies(g)) {
                compare(expected, input, new PaddedInputConv2d(g, filter, kernels), kernels, g);
            }
        }
    }

    private static void compare(Tensor expected, Tensor input, Conv2dAlgorithm algorithm, Kernels kernels, Conv2dGeometry g) {
        Tensor actual = Tensor.zeros(expected.dtype(), g.outputShape());
        algorithm.run(input, actual, new Parallelism(2, null));
        double scale = 1e-30;
        double err = 0;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.getDouble(i)));
            err = Math.max(err, Math.abs(expected.getDouble(i) - actual.getDouble(i)));
        }
        double relative = err / scale;
        double tolerance = expected.dtype() == DType.FLOAT32 ? 1e-5 : 1e-12;
        assertTrue(relative <= tolerance,
                () -> kernels.name() + " " + algorithm.describe() + " " + g.describe() + ": relative error " + relative);
    }

    @TestFactory
    Stream<DynamicTest> bitwiseIdenticalForAnyThreadCount() {
        return Stream.of(DType.FLOAT32, DType.FLOAT64).map(dtype -> DynamicTest.dynamicTest(dtype.name(), () -> {
            Random rnd = new Random(7);
            int[] inShape = {2, 37, 29, 24};
            int[] fShape = {3, 3, 24, 40};
            Conv2dOptions options = Conv2dOptions.builder().padding(Padding.SAME).build();
            Conv2dGeometry g = Conv2dValidator.validate(inShape, dtype, fShape, dtype, options);
            Tensor input = random(dtype, inShape, rnd);
            Tensor filter = random(dtype, fShape, rnd);
            GemmConv2d gemm = new GemmConv2d(g, filter);
            Tensor one = Tensor.zeros(dtype, g.outputShape());
            gemm.run(input, one, Parallelism.SINGLE);
            for (int threads : new int[] {2, 3, 8}) {
                Tensor many = Tensor.zeros(dtype, g.outputShape());
                gemm.run(input, many, new Parallelism(threads, null));
                if (dtype == DType.FLOAT32) {
                    assertArrayEquals(one.floats(), many.floats(), "threads " + threads);
                } else {
                    assertArrayEquals(one.doubles(), many.doubles(), "threads " + threads);
                }
            }
        }));
    }

    static Tensor random(DType dtype, int[] shape, Random rnd) {
        int size = Tensor.checkedElementCount(shape);
        if (dtype == DType.FLOAT32) {
            float[] d = new float[size];
            for (int i = 0; i < size; i++) {
                d[i] = rnd.nextFloat() * 2 - 1;
            }
            return Tensor.of(d, shape);
        }
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
            d[i] = rnd.nextDouble() * 2 - 1;
        }
        return Tensor.of(d, shape);
    }
}
