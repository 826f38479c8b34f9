package org.conv4j.internal.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scalar kernels are shaped for HotSpot's auto-vectoriser (staged through scratch arrays,
 * several reduction steps per pass, channels in chunks); these tests pin down that the shaping
 * changes nothing: every output is the plain sum in reduction order, bit for bit, nothing
 * outside the tile is written, and the chunked Winograd transforms give the bits of the
 * one-channel-at-a-time code, for any channel count.
 */
class ScalarKernelsTest {
    private static final float SENTINEL_F = 12345.5f;
    private static final double SENTINEL_D = -6789.25;

    @Test
    void narrowLayersGetTheNarrowFloatTile() {
        assertEquals(64, Kernels.scalar().floatGemm().nr());
        assertEquals(64, Kernels.scalar().floatGemm(64, 33).nr());
        assertEquals(32, Kernels.scalar().floatGemm(64, 32).nr());
    }

    @Test
    void floatTileIsThePlainSumInReductionOrder() {
        floatTileIsThePlainSumInReductionOrder(Kernels.scalar().floatGemm());
    }

    @Test
    void narrowFloatTileIsThePlainSumInReductionOrder() {
        floatTileIsThePlainSumInReductionOrder(Kernels.scalar().floatGemm(21, 32));
    }

    private static void floatTileIsThePlainSumInReductionOrder(FloatGemmKernel k) {
        SplittableRandom rnd = new SplittableRandom(11);
        int mr = k.mr();
        int nr = k.nr();
        for (int segments = 1; segments <= 3; segments++) {
            // Runs around multiples of the kernel's steps per pass, and a first layer's short ones.
            for (int run : new int[] {1, 2, 3, 4, 5, 7, 21, 63, 64, 65, 192}) {
                float[] a = new float[segments * run * mr + 50];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) rnd.nextDouble(-1, 1);
                }
                int[] offsets = new int[3 + segments * mr];
                for (int i = 3; i < offsets.length; i++) {
                    offsets[i] = rnd.nextInt(a.length - run + 1);
                }
                int bOff = 5;
                float[] b = new float[bOff + segments * run * nr];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) rnd.nextDouble(-1, 1);
                }
                int cStride = nr + 9;
                int cOff = 7;
                float[] c = new float[cOff + mr * cStride + 3];
                Arrays.fill(c, SENTINEL_F);
                k.tile(a, offsets, 3, segments, run, b, bOff, c, cOff, cStride);
                for (int r = 0; r < mr; r++) {
                    for (int j = 0; j < nr; j++) {
                        float sum = 0f;
                        for (int s = 0; s < segments; s++) {
                            for (int i = 0; i < run; i++) {
                                sum += a[offsets[3 + s * mr + r] + i] * b[bOff + (s * run + i) * nr + j];
                            }
                        }
                        assertEquals(Float.floatToRawIntBits(sum), Float.floatToRawIntBits(c[cOff + r * cStride + j]),
                                "segments " + segments + " run " + run + " row " + r + " column " + j);
                    }
                }
                assertUntouched(c, cOff, cStride, mr, nr);
            }
        }
    }

    @Test
    void doubleTileIsThePlainSumInReductionOrder() {
        SplittableRandom rnd = new SplittableRandom(12);
        DoubleGemmKernel k = Kernels.scalar().doubleGemm();
        int mr = k.mr();
        int nr = k.nr();
        for (int segments = 1; segments <= 3; segments++) {
            for (int run : new int[] {1, 2, 3, 4, 5, 7, 21, 63, 64, 65, 192}) {
                double[] a = new double[segments * run * mr + 50];
                for (int i = 0; i < a.length; i++) {
                    a[i] = rnd.nextDouble(-1, 1);
                }
                int[] offsets = new int[segments * mr];
                for (int i = 0; i < offsets.length; i++) {
                    offsets[i] = rnd.nextInt(a.length - run + 1);
                }
                double[] b = new double[segments * run * nr];
                for (int i = 0; i < b.length; i++) {
                    b[i] = rnd.nextDouble(-1, 1);
                }
                int cStride = nr + 3;
                double[] c = new double[mr * cStride];
                Arrays.fill(c, SENTINEL_D);
                k.tile(a, offsets, 0, segments, run, b, 0, c, 0, cStride);
                for (int r = 0; r < mr; r++) {
                    for (int j = 0; j < nr; j++) {
                        double sum = 0;
                        for (int s = 0; s < segments; s++) {
                            for (int i = 0; i < run; i++) {
                                sum += a[offsets[s * mr + r] + i] * b[(s * run + i) * nr + j];
                            }
                        }
                        assertEquals(Double.doubleToRawLongBits(sum), Double.doubleToRawLongBits(c[r * cStride + j]),
                                "segments " + segments + " run " + run + " row " + r + " column " + j);
                    }
                }
                for (int r = 0; r < mr; r++) {
                    for (int j = nr; j < cStride; j++) {
                        assertEquals(SENTINEL_D, c[r * cStride + j], "row " + r + " column " + j);
                    }
                }
            }
        }
    }

    @Test
    void chunkedWinogradTransformsGiveTheBitsOfTheOneChannelCode() {
        ScalarWinogradTransforms t = ScalarWinogradTransforms.INSTANCE;
        SplittableRandom rnd = new SplittableRandom(13);
        for (int channels : new int[] {1, 3, 16, 63, 64, 65, 100, 128, 130}) {
            float[] patch = new float[16 * channels];
            for (int i = 0; i < patch.length; i++) {
                patch[i] = (float) rnd.nextDouble(-1, 1);
            }
            int stride = 3 * channels + 5;
            int base = channels + 2;
            float[] chunked = new float[16 * stride + base];
            float[] plain = new float[chunked.length];
            Arrays.fill(chunked, SENTINEL_F);
            Arrays.fill(plain, SENTINEL_F);
            t.input(patch, channels, chunked, base, stride);
            t.input(patch, channels, plain, base, stride, 0);
            assertArrayEquals(plain, chunked, "input, channels " + channels);

            float[] products = new float[16 * stride + base];
            for (int i = 0; i < products.length; i++) {
                products[i] = (float) rnd.nextDouble(-1, 1);
            }
            int rightStep = channels + 1;
            int downStep = 3 * channels;
            for (int corner = 0; corner < 4; corner++) {
                boolean right = (corner & 1) != 0;
                boolean down = (corner & 2) != 0;
                float[] outChunked = new float[2 * downStep + 4];
                float[] outPlain = new float[outChunked.length];
                Arrays.fill(outChunked, SENTINEL_F);
                Arrays.fill(outPlain, SENTINEL_F);
                t.output(products, base, stride, channels, outChunked, 2, rightStep, downStep, right, down);
                t.output(products, base, stride, channels, outPlain, 2, rightStep, downStep, right, down, 0);
                assertArrayEquals(outPlain, outChunked, "output, channels " + channels + " right " + right + " down " + down);
            }
        }
    }

    private static void assertUntouched(float[] c, int cOff, int cStride, int mr, int nr) {
        for (int i = 0; i < c.length; i++) {
            int rel = i - cOff;
            boolean inTile = rel >= 0 && rel / cStride < mr && rel % cStride < nr;
            if (!inTile) {
                assertEquals(SENTINEL_F, c[i], "index " + i + " outside the tile");
            }
        }
    }
}
