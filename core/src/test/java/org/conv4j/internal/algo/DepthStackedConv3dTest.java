package org.conv4j.internal.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.conv4j.Algorithm;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv3dGeometry;
import org.conv4j.internal.geometry.Conv3dValidator;
import org.conv4j.internal.parallel.Parallelism;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * conv3d's fast path, the depth slices stacked into conv2d ({@link DepthStackedConv3d}), against
 * the plain 3-D loops ({@link ReferenceConv3d}) on random problems: both layouts and dtypes,
 * groups, strides, dilations and every kind of padding on every side, filters deeper than the
 * input, blocks of several slices with a shorter last one, run with one and several threads (so
 * both ways of spreading the blocks), with the conv2d algorithm left to choose and forced to the
 * GEMM. Results must be bitwise identical for any thread count.
 */
class DepthStackedConv3dTest {

    @TestFactory
    Stream<DynamicTest> matchesReferenceLoops() {
        return IntStream.range(0, 160).mapToObj(seed -> DynamicTest.dynamicTest("case " + seed, () -> check(seed)));
    }

    private static void check(int seed) {
        Random rnd = new Random(seed);
        int groups = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(2) : 1;
        int kc = 1 + rnd.nextInt(seed % 8 == 0 ? 24 : 5);
        int ocPerGroup = 1 + rnd.nextInt(seed % 9 == 0 ? 40 : 8);
        int kd = 1 + rnd.nextInt(3);
        int kh = 1 + rnd.nextInt(3);
        int kw = 1 + rnd.nextInt(3);
        int[] lead = rnd.nextInt(5) == 0 ? new int[] {2, 1 + rnd.nextInt(2)} : new int[] {1 + rnd.nextInt(3)};
        int d = 1 + rnd.nextInt(6);
        int h = 1 + rnd.nextInt(seed % 5 == 0 ? 30 : 9);
        int w = 1 + rnd.nextInt(seed % 5 == 0 ? 30 : 9);
        DataFormat format = rnd.nextInt(3) == 0 ? DataFormat.NCHW : DataFormat.NHWC;
        DType dtype = rnd.nextInt(3) == 0 ? DType.FLOAT64 : DType.FLOAT32;
        Padding padding = switch (rnd.nextInt(3)) {
            case 0 -> Padding.SAME;
            case 1 -> Padding.VALID;
            default -> Padding.explicit(rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3),
                    rnd.nextInt(3));
        };
        if (seed % 10 == 3) {
            // The most common layer: 3x3x3, stride 1, SAME (Winograd on the stacks).
            kd = 3;
            kh = 3;
            kw = 3;
            groups = 1;
            kc = 16 + rnd.nextInt(8);
            ocPerGroup = 16 + rnd.nextInt(8);
            h = 8 + rnd.nextInt(10);
            w = 8 + rnd.nextInt(10);
            padding = Padding.SAME;
        }
        Conv2dOptions options = Conv2dOptions.builder().padding(padding).dataFormat(format)
                .strides(seed % 10 == 3 ? new int[] {1} : new int[] {1 + rnd.nextInt(2), 1 + rnd.nextInt(3), 1 + rnd.nextInt(2)})
                .dilations(seed % 10 == 3 ? new int[] {1} : new int[] {1 + rnd.nextInt(2), 1 + rnd.nextInt(2), 1 + rnd.nextInt(2)})
                .build();
        int c = kc * groups;
        int[] inner = format == DataFormat.NHWC ? new int[] {d, h, w, c} : new int[] {c, d, h, w};
        int[] inShape = new int[lead.length + 4];
        System.arraycopy(lead, 0, inShape, 0, lead.length);
        System.arraycopy(inner, 0, inShape, lead.length, 4);
        int[] fShape = {kd, kh, kw, kc, ocPerGroup * groups};
        Conv3dGeometry g;
        try {
            g = Conv3dValidator.validate(inShape, dtype, fShape, dtype, options);
        } catch (IllegalArgumentException e) {
            return; // negative output size: nothing to compare
        }
        if (EmptyConv3d.applies(g)) {
            return;
        }
        Tensor input = FastPathsMatchReferenceTest.random(dtype, inShape, rnd);
        Tensor filter = FastPathsMatchReferenceTest.random(dtype, fShape, rnd);
        Tensor expected = Tensor.zeros(dtype, g.outputShape());
        new ReferenceConv3d(g, filter).run(input, expected, Parallelism.SINGLE);
        for (Algorithm choice : new Algorithm[] {Algorithm.AUTO, Algorithm.GEMM}) {
            DepthStackedConv3d fast = new DepthStackedConv3d(g, filter, choice);
            Tensor one = Tensor.zeros(dtype, g.outputShape());
            fast.run(input, one, Parallelism.SINGLE);
            double scale = 1e-30;
            double err = 0;
            for (int i = 0; i < expected.size(); i++) {
                scale = Math.max(scale, Math.abs(expected.getDouble(i)));
                err = Math.max(err, Math.abs(expected.getDouble(i) - one.getDouble(i)));
            }
            double relative = err / scale;
            double tolerance = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
            assertTrue(relative <= tolerance, () -> choice + " " + g.describe() + " | " + fast.describe()
                    + ": relative error " + relative);
            for (int threads : new int[] {2, 3}) {
                Tensor many = Tensor.zeros(dtype, g.outputShape());
                fast.run(input, many, new Parallelism(threads, null));
                if (dtype == DType.FLOAT32) {
                    assertArrayEquals(one.floats(), many.floats(), choice + ", threads " + threads + ": " + fast.describe());
                } else {
                    assertArrayEquals(one.doubles(), many.doubles(), choice + ", threads " + threads + ": " + fast.describe());
                }
            }
        }
    }
}
