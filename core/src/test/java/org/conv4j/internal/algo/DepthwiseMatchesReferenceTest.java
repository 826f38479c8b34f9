package org.conv4j.internal.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.geometry.DepthwiseValidator;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.Kernels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The depthwise fast paths ({@link DepthwiseRowsConv2d} for NHWC, in place and with padded bands;
 * {@link PlaneConv2d} for NCHW), with the kernels of this JVM and with the scalar ones, against
 * the reference loops on the grouped geometry, on random problems that hit every edge: channel
 * counts below, at and around the vector length, multipliers 1 to 3, windows crossing every
 * border, no interior columns at all, strides, dilations, both dtypes. The scalar and vector
 * kernels sum the same terms in the same order with fused multiply-adds, so they must agree to
 * the bit; the thread count must not change a bit either.
 */
class DepthwiseMatchesReferenceTest {
    private static final int[] CHANNELS = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 40, 48, 64};
    /** How often each way of computing was compared, by the start of its description. */
    private static final Map<String, Integer> COMPARED = new ConcurrentHashMap<>();

    @AfterAll
    static void everyPathWasCompared() {
        System.out.println("DepthwiseMatchesReferenceTest: cases per path " + COMPARED);
        for (String path : List.of("input read in place, 0 padded", "input read in place, 1 padded",
                "input read in place, 2 padded", "padded bands", "planes of")) {
            int n = COMPARED.entrySet().stream().filter(e -> e.getKey().contains(path)).mapToInt(Map.Entry::getValue).sum();
            assertTrue(n >= 5, () -> "only " + n + " cases took the path '" + path + "': " + COMPARED);
        }
    }

    @TestFactory
    Stream<DynamicTest> matchesReferenceLoops() {
        return IntStream.range(0, 300).mapToObj(seed -> DynamicTest.dynamicTest("case " + seed, () -> check(seed)));
    }

    private static void check(int seed) {
        // Scrambled: java.util.Random's first draws from small consecutive seeds are alike.
        Random rnd = new Random(seed * 0x9E3779B97F4A7C15L);
        DataFormat format = rnd.nextInt(4) == 0 ? DataFormat.NCHW : DataFormat.NHWC;
        DType dtype = rnd.nextInt(3) == 0 ? DType.FLOAT64 : DType.FLOAT32;
        int c = CHANNELS[rnd.nextInt(CHANNELS.length)];
        int m = seed % 3 == 0 ? 1 + rnd.nextInt(3) : 1;
        // Every tenth case a 3x3 window over at least a vector of channels: the nine-tap loop.
        boolean nine = seed % 10 == 7;
        c = nine ? 16 + rnd.nextInt(30) : c;
        int kh = nine ? 3 : 1 + rnd.nextInt(5);
        int kw = nine ? 3 : 1 + rnd.nextInt(5);
        int n = 1 + rnd.nextInt(2);
        int h = 1 + rnd.nextInt(seed % 5 == 0 ? 4 : 16);
        int w = 1 + rnd.nextInt(seed % 5 == 0 ? 4 : 30);
        int stride = 1 + rnd.nextInt(rnd.nextBoolean() ? 1 : 3);
        int dh = 1 + rnd.nextInt(rnd.nextBoolean() ? 1 : 3);
        int dw = 1 + rnd.nextInt(rnd.nextBoolean() ? 1 : 3);
        Padding padding = switch (rnd.nextInt(3)) {
            case 0 -> Padding.SAME;
            case 1 -> Padding.VALID;
            default -> Padding.explicit(rnd.nextInt(4), rnd.nextInt(4), rnd.nextInt(5), rnd.nextInt(5));
        };
        Conv2dOptions options = Conv2dOptions.builder().padding(padding).dataFormat(format).strides(stride)
                .dilations(dh, dw).build();
        int[] inShape = format == DataFormat.NHWC ? new int[] {n, h, w, c} : new int[] {n, c, h, w};
        int[] fShape = {kh, kw, c, m};
        Conv2dGeometry g;
        try {
            g = DepthwiseValidator.validate(inShape, dtype, fShape, dtype, options);
        } catch (IllegalArgumentException e) {
            return; // negative output size: nothing to compare
        }
        if (EmptyConv2d.applies(g)) {
            return;
        }
        Tensor input = FastPathsMatchReferenceTest.random(dtype, inShape, rnd);
        Tensor filter = FastPathsMatchReferenceTest.random(dtype, fShape, rnd);
        Tensor expected = Tensor.zeros(dtype, g.outputShape());
        new ReferenceConv2d(g, filter).run(input, expected, Parallelism.SINGLE);

        Tensor[] results = new Tensor[2];
        Kernels[] kernels = {Kernels.get(), Kernels.scalar()};
        for (int i = 0; i < kernels.length; i++) {
            Conv2dAlgorithm algorithm = format == DataFormat.NCHW ? new PlaneConv2d(g, filter, kernels[i])
                    : new DepthwiseRowsConv2d(g, filter, kernels[i]);
            Tensor actual = Tensor.zeros(dtype, g.outputShape());
            fill(actual, Double.NaN); // every value must be written
            algorithm.run(input, actual, new Parallelism(1 + seed % 3, null));
            String what = kernels[i].name() + " " + algorithm.describe() + " " + g.describe();
            assertClose(expected, actual, dtype, what);
            COMPARED.merge(algorithm.describe().replaceAll("^depthwise rows \\d+x\\d+, |^direct \\d+ |, (vector|scalar).*"
                    + "|\\d+x\\d+ rows|of \\d+ rows, channels repeated \\d+ times", ""), 1, Integer::sum);
            results[i] = actual;
        }
        if (format == DataFormat.NHWC) {
            assertBitwiseEqual(results[0], results[1], "vector and scalar kernels");
        }
        Tensor gemm = Tensor.zeros(dtype, g.outputShape());
        new GemmConv2d(g, filter).run(input, gemm, new Parallelism(2, null));
        assertClose(expected, gemm, dtype, "gemm on the grouped geometry " + g.describe());
    }

    @TestFactory
    Stream<DynamicTest> bitwiseIdenticalForAnyThreadCount() {
        return Stream.of(new int[] {1}, new int[] {3}).flatMap(m -> Stream.of(DType.FLOAT32, DType.FLOAT64)
                .map(dtype -> DynamicTest.dynamicTest(dtype + " M=" + m[0], () -> {
                    Random rnd = new Random(11);
                    int[] inShape = {2, 45, 38, 40};
                    int[] fShape = {3, 3, 40, m[0]};
                    Conv2dOptions options = Conv2dOptions.builder().padding(Padding.SAME).build();
                    Conv2dGeometry g = DepthwiseValidator.validate(inShape, dtype, fShape, dtype, options);
                    Tensor input = FastPathsMatchReferenceTest.random(dtype, inShape, rnd);
                    Tensor filter = FastPathsMatchReferenceTest.random(dtype, fShape, rnd);
                    DepthwiseRowsConv2d rows = new DepthwiseRowsConv2d(g, filter);
                    Tensor one = Tensor.zeros(dtype, g.outputShape());
                    rows.run(input, one, Parallelism.SINGLE);
                    for (int threads : new int[] {2, 3, 8}) {
                        Tensor many = Tensor.zeros(dtype, g.outputShape());
                        rows.run(input, many, new Parallelism(threads, null));
                        assertBitwiseEqual(one, many, "threads " + threads);
                    }
                })));
    }

    private static void fill(Tensor t, double value) {
        for (int i = 0; i < t.size(); i++) {
            if (t.dtype() == DType.FLOAT32) {
                t.floats()[i] = (float) value;
            } else {
                t.doubles()[i] = value;
            }
        }
    }

    private static void assertClose(Tensor expected, Tensor actual, DType dtype, String what) {
        double scale = 1e-30;
        double err = 0;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.getDouble(i)));
            double d = Math.abs(expected.getDouble(i) - actual.getDouble(i));
            err = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(err, d);
        }
        double relative = err / scale;
        double tolerance = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        assertTrue(relative <= tolerance, () -> what + ": relative error " + relative);
    }

    private static void assertBitwiseEqual(Tensor a, Tensor b, String what) {
        if (a.dtype() == DType.FLOAT32) {
            assertArrayEquals(a.floats(), b.floats(), what);
        } else {
            assertArrayEquals(a.doubles(), b.doubles(), what);
        }
    }
}
