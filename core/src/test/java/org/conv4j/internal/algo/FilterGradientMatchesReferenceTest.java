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
import org.conv4j.internal.geometry.Conv2dBackpropFilterValidator;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.geometry.Windowing;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.Kernels;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The GEMM filter gradient, with the kernels of this JVM and with the scalar ones, against the
 * reference loops on random problems that hit every edge of its blocking: pixel counts across
 * several blocks and not multiples of one, patch depths split into several column parts and
 * not multiples of a panel, channel counts split into several row parts and not multiples of a
 * tile, padding on every side, strides, dilations, groups, NCHW, both dtypes, splits for 1 to 4
 * threads. And the answer must be bitwise the same for any thread count (and the split made for it).
 */
class FilterGradientMatchesReferenceTest {

    @TestFactory
    Stream<DynamicTest> matchesReferenceLoops() {
        return IntStream.range(0, 160).mapToObj(seed -> DynamicTest.dynamicTest("case " + seed, () -> check(seed)));
    }

    private static void check(int seed) {
        Random rnd = new Random(seed);
        boolean large = seed % 8 == 0; // several blocks, column parts and row parts
        int groups = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 1;
        int kc = large ? 20 + rnd.nextInt(50) : 1 + rnd.nextInt(seed % 5 == 0 ? 40 : 6);
        int ocPerGroup = large ? 60 + rnd.nextInt(150) : 1 + rnd.nextInt(seed % 7 == 0 ? 70 : 20);
        int kh = 1 + rnd.nextInt(4);
        int kw = 1 + rnd.nextInt(4);
        int n = 1 + rnd.nextInt(large ? 2 : 4);
        int h = 1 + rnd.nextInt(large ? 24 : 34);
        int w = 1 + rnd.nextInt(large ? 24 : 34);
        DataFormat format = rnd.nextInt(3) == 0 ? DataFormat.NCHW : DataFormat.NHWC;
        DType dtype = rnd.nextInt(3) == 0 ? DType.FLOAT64 : DType.FLOAT32;
        Padding padding = switch (rnd.nextInt(3)) {
            case 0 -> Padding.SAME;
            case 1 -> Padding.VALID;
            default -> Padding.explicit(rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3));
        };
        Conv2dOptions options = Conv2dOptions.builder().padding(padding).dataFormat(format)
                .strides(1 + rnd.nextInt(3), 1 + rnd.nextInt(3)).dilations(1 + rnd.nextInt(2), 1 + rnd.nextInt(2)).build();
        Conv2dGeometry g = geometry(n, h, w, kc * groups, kh, kw, kc, ocPerGroup * groups, options, dtype);
        if (g == null) {
            return; // negative output size: nothing to compare
        }
        if (ZeroFilterGradient.applies(g)) {
            return;
        }
        Tensor input = FastPathsMatchReferenceTest.random(dtype, g.inputShape(), rnd);
        Tensor dy = FastPathsMatchReferenceTest.random(dtype, g.outputShape(), rnd);
        int[] dwShape = {kh, kw, kc, ocPerGroup * groups};
        Tensor expected = Tensor.zeros(dtype, dwShape);
        new ReferenceFilterGradient(g).run(input, dy, expected, Parallelism.SINGLE);
        for (Kernels kernels : new Kernels[] {Kernels.get(), Kernels.scalar()}) {
            Tensor actual = nans(dtype, dwShape);
            int threads = 1 + seed % 4;
            GemmFilterGradient gemm = new GemmFilterGradient(g, threads, kernels);
            gemm.run(input, dy, actual, new Parallelism(threads, null));
            double scale = 1e-30;
            double err = 0;
            for (int i = 0; i < expected.size(); i++) {
                scale = Math.max(scale, Math.abs(expected.getDouble(i)));
                err = Math.max(err, Math.abs(expected.getDouble(i) - actual.getDouble(i)));
            }
            double relative = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / scale;
            double tolerance = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
            assertTrue(relative <= tolerance,
                    () -> kernels.name() + " " + g.describe() + " " + gemm.describe() + ": relative error " + relative);
        }
    }

    /**
     * Problems too large for one part even on one thread: patch depth above
     * {@link GemmFilterGradient#MAX_PART_COLUMNS}, output channels above
     * {@link GemmFilterGradient#MAX_PART_ROWS}, both, with groups.
     */
    @TestFactory
    Stream<DynamicTest> splitProblemsMatchReferenceLoops() {
        return Stream.of(DType.FLOAT32, DType.FLOAT64).flatMap(dtype -> Stream.of(
                new int[] {2, 9, 10, 80, 3, 3, 80, 24},
                new int[] {2, 9, 10, 5, 2, 2, 5, 300},
                new int[] {1, 8, 7, 150, 3, 2, 75, 600})
                .map(p -> DynamicTest.dynamicTest(dtype + " " + java.util.Arrays.toString(p), () -> {
                    Random rnd = new Random(11);
                    Conv2dOptions options = Conv2dOptions.builder().padding(Padding.SAME).build();
                    Conv2dGeometry g = geometry(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], options, dtype);
                    assertTrue(g.filterHeight() * g.filterWidth() * g.filterChannels() > GemmFilterGradient.MAX_PART_COLUMNS
                            || g.outChannelsPerGroup() > GemmFilterGradient.MAX_PART_ROWS, "not split");
                    Tensor input = FastPathsMatchReferenceTest.random(dtype, g.inputShape(), rnd);
                    Tensor dy = FastPathsMatchReferenceTest.random(dtype, g.outputShape(), rnd);
                    int[] dwShape = {p[4], p[5], p[6], p[7]};
                    Tensor expected = Tensor.zeros(dtype, dwShape);
                    new ReferenceFilterGradient(g).run(input, dy, expected, Parallelism.SINGLE);
                    for (int threads = 1; threads <= 3; threads++) {
                        GemmFilterGradient gemm = new GemmFilterGradient(g, threads);
                        Tensor actual = nans(dtype, dwShape);
                        gemm.run(input, dy, actual, new Parallelism(threads, null));
                        double scale = 1e-30;
                        double err = 0;
                        for (int i = 0; i < expected.size(); i++) {
                            scale = Math.max(scale, Math.abs(expected.getDouble(i)));
                            err = Math.max(err, Math.abs(expected.getDouble(i) - actual.getDouble(i)));
                        }
                        double relative = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / scale;
                        assertTrue(relative <= (dtype == DType.FLOAT32 ? 1e-5 : 1e-12), gemm.describe() + ": " + relative);
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> bitwiseIdenticalForAnyThreadCount() {
        return Stream.of(DType.FLOAT32, DType.FLOAT64).flatMap(dtype -> Stream.of(
                // several blocks, column parts and row parts; NHWC and NCHW; grouped and dilated
                new int[] {2, 23, 21, 72, 3, 3, 72, 150, 1, 1},
                new int[] {3, 17, 19, 12, 3, 2, 6, 40, 2, 2},
                new int[] {1, 40, 33, 64, 3, 3, 64, 64, 1, 0})
                .map(p -> DynamicTest.dynamicTest(dtype + " " + java.util.Arrays.toString(p), () -> {
                    Random rnd = new Random(7);
                    Conv2dOptions options = Conv2dOptions.builder().padding(Padding.SAME).dilations(p[8], 1)
                            .dataFormat(p[9] == 0 ? DataFormat.NCHW : DataFormat.NHWC).build();
                    Conv2dGeometry g = geometry(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], options, dtype);
                    Tensor input = FastPathsMatchReferenceTest.random(dtype, g.inputShape(), rnd);
                    Tensor dy = FastPathsMatchReferenceTest.random(dtype, g.outputShape(), rnd);
                    int[] dwShape = {p[4], p[5], p[6], p[7]};
                    Tensor one = Tensor.zeros(dtype, dwShape);
                    new GemmFilterGradient(g, 1).run(input, dy, one, Parallelism.SINGLE);
                    for (int threads : new int[] {2, 3, 8}) {
                        // The split of the work follows the thread count: the results must not.
                        GemmFilterGradient gemm = new GemmFilterGradient(g, threads);
                        Tensor many = nans(dtype, dwShape);
                        gemm.run(input, dy, many, new Parallelism(threads, null));
                        if (dtype == DType.FLOAT32) {
                            assertArrayEquals(one.floats(), many.floats(), "threads " + threads + ", " + gemm.describe());
                        } else {
                            assertArrayEquals(one.doubles(), many.doubles(), "threads " + threads + ", " + gemm.describe());
                        }
                    }
                })));
    }

    /** The geometry of the forward problem, out_backprop sized to match; null if the output would be negative. */
    static Conv2dGeometry geometry(int n, int h, int w, int c, int kh, int kw, int kc, int oc, Conv2dOptions options,
            DType dtype) {
        int[] stride = org.conv4j.internal.geometry.Conv2dValidator.spatialPair(options.strides(), "strides",
                options.dataFormat());
        int[] dilation = org.conv4j.internal.geometry.Conv2dValidator.spatialPair(options.dilations(), "dilations",
                options.dataFormat());
        int[] pad = options.padding().kind() == Padding.Kind.EXPLICIT ? options.padding().spatial(options.dataFormat())
                : new int[4];
        int oh;
        int ow;
        try {
            oh = Windowing.compute(h, kh, dilation[0], stride[0], options.padding().kind(), pad[0], pad[1]).outputSize();
            ow = Windowing.compute(w, kw, dilation[1], stride[1], options.padding().kind(), pad[2], pad[3]).outputSize();
        } catch (IllegalArgumentException e) {
            return null;
        }
        boolean nhwc = options.dataFormat() == DataFormat.NHWC;
        int[] in = nhwc ? new int[] {n, h, w, c} : new int[] {n, c, h, w};
        int[] out = nhwc ? new int[] {n, oh, ow, oc} : new int[] {n, oc, oh, ow};
        return Conv2dBackpropFilterValidator.validate(in, dtype, new int[] {kh, kw, kc, oc}, out, dtype, options);
    }

    private static Tensor nans(DType dtype, int[] shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        if (dtype == DType.FLOAT32) {
            java.util.Arrays.fill(t.floats(), Float.NaN);
        } else {
            java.util.Arrays.fill(t.doubles(), Double.NaN);
        }
        return t;
    }
}
