package org.conv4j.internal.algo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.Kernels;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What the input gradient's sub-pixel phases ask of conv2d's algorithms, checked directly on
 * geometries no public conv2d makes:
 *
 * <ul>
 *   <li>negative padding (the correlation starts inside the input: a crop), on either side;
 *   <li>an {@link OutputLayout} that writes every {@code s}-th row and column of a larger
 *       tensor, leaving the rest untouched, with tiles that wrap from one output row to the
 *       next.
 * </ul>
 *
 * GEMM and Winograd (this JVM's kernels and the scalar ones, and Winograd along the tiles) against
 * the reference loops, both layouts, both dtypes where the algorithm takes them.
 */
class NegativePaddingAndLayoutsTest {

    @TestFactory
    Stream<DynamicTest> gemmHandlesNegativePaddingAndPhaseLayouts() {
        return IntStream.range(0, 120).mapToObj(seed -> DynamicTest.dynamicTest("gemm case " + seed, () -> check(seed, false)));
    }

    @TestFactory
    Stream<DynamicTest> winogradHandlesNegativePaddingAndPhaseLayouts() {
        return IntStream.range(0, 40).mapToObj(seed -> DynamicTest.dynamicTest("winograd case " + seed,
                () -> check(seed, true)));
    }

    private static void check(int seed, boolean winograd) {
        Random rnd = new Random(1000 + seed + (winograd ? 50_000 : 0));
        DType dtype = !winograd && rnd.nextBoolean() ? DType.FLOAT64 : DType.FLOAT32;
        DataFormat format = !winograd && rnd.nextInt(3) == 0 ? DataFormat.NCHW : DataFormat.NHWC;
        int groups = !winograd && rnd.nextInt(4) == 0 ? 2 : 1;
        int kc = 1 + rnd.nextInt(winograd ? 40 : 12);
        int ocg = 1 + rnd.nextInt(40);
        if (winograd) {
            kc = Math.max(kc, 16);
            ocg = Math.max(ocg, 16);
        }
        int kh = winograd ? 3 : 1 + rnd.nextInt(4);
        int kw = winograd ? 3 : 1 + rnd.nextInt(4);
        int dh = 1 + rnd.nextInt(2);
        int dw = 1 + rnd.nextInt(2);
        int n = 1 + rnd.nextInt(2);
        int h = 4 + rnd.nextInt(14);
        int w = 4 + rnd.nextInt(14);
        // Pads from -3 to 2 on each side; the output size follows from them (stride 1).
        int top = rnd.nextInt(6) - 3;
        int bottom = rnd.nextInt(6) - 3;
        int left = rnd.nextInt(6) - 3;
        int right = rnd.nextInt(6) - 3;
        int oh = h + top + bottom - (kh - 1) * dh;
        int ow = w + left + right - (kw - 1) * dw;
        if (oh <= 0 || ow <= 0) {
            return;
        }
        int c = groups * kc;
        int oc = groups * ocg;
        Conv2dGeometry g = new Conv2dGeometry(dtype, format, new int[] {n}, n, h, w, c, kh, kw, kc, oc, groups, 1, 1, dh, dw,
                top, bottom, left, right, oh, ow);
        Tensor input = FastPathsMatchReferenceTest.random(dtype, format == DataFormat.NHWC ? new int[] {n, h, w, c}
                : new int[] {n, c, h, w}, rnd);
        Tensor filter = FastPathsMatchReferenceTest.random(dtype, new int[] {kh, kw, kc, oc}, rnd);
        Tensor expected = Tensor.zeros(dtype, g.outputShape());
        new ReferenceConv2d(g, filter).run(input, expected, Parallelism.SINGLE);

        // The phase layout: the output's pixels are every sh-th row and sw-th column of a larger
        // tensor, from (rh, rw).
        int sh = 1 + rnd.nextInt(3);
        int sw = 1 + rnd.nextInt(3);
        int rh = rnd.nextInt(sh);
        int rw = rnd.nextInt(sw);
        int bigH = oh * sh + rh + rnd.nextInt(sh);
        int bigW = ow * sw + rw + rnd.nextInt(sw);
        OutputLayout phase = OutputLayout.phase(format, bigH, bigW, oc, sh, sw, rh, rw);
        int[] bigShape = format == DataFormat.NHWC ? new int[] {n, bigH, bigW, oc} : new int[] {n, oc, bigH, bigW};

        // The Winograd cases run the tile-major layout too (null kernels: it has its own loops).
        Kernels[] variants = winograd ? new Kernels[] {Kernels.get(), Kernels.scalar(), null}
                : new Kernels[] {Kernels.get(), Kernels.scalar()};
        for (Kernels kernels : variants) {
            for (boolean phased : new boolean[] {false, true}) {
                OutputLayout layout = phased ? phase : OutputLayout.of(g);
                PartitionedConv2d algorithm = !winograd ? new GemmConv2d(g, filter, kernels, layout)
                        : kernels == null ? new TileMajorWinogradConv2d(g, filter, layout)
                        : new WinogradConv2d(g, filter, kernels, layout);
                Tensor out = Tensor.zeros(dtype, phased ? bigShape : g.outputShape());
                fillNaN(out);
                algorithm.run(input, out, new Parallelism(2, null));
                double scale = 1e-30;
                double err = 0;
                int written = 0;
                for (int b = 0; b < n; b++) {
                    for (int y = 0; y < oh; y++) {
                        for (int x = 0; x < ow; x++) {
                            for (int k = 0; k < oc; k++) {
                                int e = format == DataFormat.NHWC ? ((b * oh + y) * ow + x) * oc + k
                                        : ((b * oc + k) * oh + y) * ow + x;
                                double want = expected.getDouble(e);
                                double got = out.getDouble(layout.index(b, y, x, k));
                                scale = Math.max(scale, Math.abs(want));
                                err = Double.isNaN(got) ? Double.POSITIVE_INFINITY : Math.max(err, Math.abs(want - got));
                                written++;
                            }
                        }
                    }
                }
                int untouched = 0;
                for (int i = 0; i < out.size(); i++) {
                    untouched += Double.isNaN(out.getDouble(i)) ? 1 : 0;
                }
                double relative = err / scale;
                double tolerance = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
                String what = algorithm.describe() + (phased ? ", phase layout " : " ") + g.describe();
                assertTrue(relative <= tolerance, () -> what + ": relative error " + relative);
                int outside = out.size() - written;
                int stillNaN = untouched;
                assertTrue(stillNaN == outside,
                        () -> what + ": " + (outside - stillNaN) + " values outside the layout were written");
            }
        }
    }

    private static void fillNaN(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (t.dtype() == DType.FLOAT32) {
                t.floats()[i] = Float.NaN;
            } else {
                t.doubles()[i] = Double.NaN;
            }
        }
    }
}
