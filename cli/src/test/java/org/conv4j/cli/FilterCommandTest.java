package org.conv4j.cli;

import static org.conv4j.cli.TestImages.samples;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.conv4j.Signal2d;
import org.conv4j.Signal2d.Boundary;
import org.conv4j.Signal2d.Mode;
import org.conv4j.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code conv4j filter} end to end on images the test makes: every layout PNG and JPEG have,
 * every named kernel, checked by hand, against SciPy's ndimage numbers, and against the library
 * channel by channel.
 */
class FilterCommandTest {
    static final String[] KERNELS = {"identity", "box:3", "box:4", "gaussian:1.5", "sobel-x", "sobel-y", "sobel", "laplacian",
        "sharpen", "emboss"};

    @TempDir
    Path dir;

    /** Runs filter and returns the PNG it wrote, checking it succeeded silently. */
    private BufferedImage filter(String image, String kernel, String... flags) throws IOException {
        String output = dir.resolve("out.png").toString();
        List<String> args = new ArrayList<>(List.of("filter", "--image", image, "--kernel", kernel, "--output", output));
        args.addAll(List.of(flags));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out(), "stdout");
        assertEquals("", r.err(), "stderr");
        byte[] head = Files.readAllBytes(Path.of(output));
        assertEquals("\u0089PNG", new String(head, 0, 4, StandardCharsets.ISO_8859_1), "a PNG file");
        return TestImages.read(output);
    }

    /** What filter must write for one channel: the library's convolution(s), rounded and clamped. */
    static int[] expected(int[] channel, int width, int height, String kernel, Boundary boundary, double fill) {
        float[] plane = new float[channel.length];
        for (int i = 0; i < plane.length; i++) {
            plane[i] = channel[i];
        }
        float[] out = KernelLibrary.named(kernel).apply(Tensor.of(plane, height, width), new KernelLibrary.Spares(height, width),
                boundary, fill).floats();
        return IntStream.range(0, out.length).map(i -> Math.max(0, Math.min(255, Math.round(out[i])))).toArray();
    }

    static Stream<Arguments> kernelsAndBoundaries() {
        List<Arguments> all = new ArrayList<>();
        for (String kernel : KERNELS) {
            all.add(Arguments.of(kernel, List.of(), Boundary.SYMM, 0.0));
        }
        all.add(Arguments.of("gaussian:2", List.of("--boundary", "wrap"), Boundary.WRAP, 0.0));
        all.add(Arguments.of("sharpen", List.of("--boundary", "fill"), Boundary.FILL, 0.0));
        all.add(Arguments.of("box:5", List.of("--boundary", "fill", "--fillvalue", "255"), Boundary.FILL, 255.0));
        all.add(Arguments.of("sobel", List.of("--boundary=circular"), Boundary.WRAP, 0.0));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernelsAndBoundaries")
    void rgbChannelsAreFilteredEachOnItsOwn(String kernel, List<String> flags, Boundary boundary, double fill) throws IOException {
        BufferedImage in = TestImages.random(BufferedImage.TYPE_3BYTE_BGR, 37, 23, 1);
        String file = TestImages.save(dir, "in.png", in, "png");

        BufferedImage out = filter(file, kernel, flags.toArray(String[]::new));

        assertEquals(37, out.getWidth());
        assertEquals(23, out.getHeight());
        assertEquals(3, out.getRaster().getNumBands());
        for (int band = 0; band < 3; band++) {
            assertArrayEquals(expected(samples(in, band), 37, 23, kernel, boundary, fill), samples(out, band), "band " + band);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"grey", "grey+alpha", "rgba", "jpeg", "jpeg grey"})
    void everyLayoutKeepsItsChannelsAndAlpha(String layout) throws IOException {
        BufferedImage in = switch (layout) {
            case "grey", "jpeg grey" -> TestImages.random(BufferedImage.TYPE_BYTE_GRAY, 40, 30, 2);
            case "grey+alpha" -> TestImages.greyAlpha(40, 30, 3);
            case "rgba" -> TestImages.random(BufferedImage.TYPE_4BYTE_ABGR, 40, 30, 4);
            default -> TestImages.random(BufferedImage.TYPE_3BYTE_BGR, 40, 30, 5);
        };
        boolean jpeg = layout.startsWith("jpeg");
        String file = TestImages.save(dir, jpeg ? "in.jpg" : "in.png", in, jpeg ? "jpeg" : "png");
        // A JPEG is lossy: what the filter sees is what the decoder gives back.
        BufferedImage decoded = TestImages.read(file);

        BufferedImage out = filter(file, "gaussian:1");

        int bands = decoded.getRaster().getNumBands();
        assertEquals(bands, out.getRaster().getNumBands());
        int colours = decoded.getColorModel().getNumColorComponents();
        for (int band = 0; band < colours; band++) {
            assertArrayEquals(expected(samples(decoded, band), 40, 30, "gaussian:1", Boundary.SYMM, 0), samples(out, band));
        }
        if (bands > colours) {
            assertArrayEquals(samples(decoded, colours), samples(out, colours), "alpha kept as it was");
        }
    }

    @Test
    void sixteenBitGreyIsScaledToEightBits() throws IOException {
        BufferedImage in = TestImages.random(BufferedImage.TYPE_USHORT_GRAY, 20, 10, 6);
        String file = TestImages.save(dir, "in.png", in, "png");

        BufferedImage out = filter(file, "identity");

        assertEquals(1, out.getRaster().getNumBands());
        assertEquals(8, out.getColorModel().getComponentSize(0));
        int[] wide = samples(in, 0);
        int[] eight = IntStream.of(wide).map(v -> (int) Math.round(v * 255.0 / 65535)).toArray();
        assertArrayEquals(eight, samples(out, 0));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void palettesBecomeRgbOrRgba(boolean alpha) throws IOException {
        BufferedImage in = TestImages.palette(16, 9, alpha, 7);
        String file = TestImages.save(dir, "in.png", in, "png");

        BufferedImage out = filter(file, "identity");

        assertEquals(alpha ? 4 : 3, out.getRaster().getNumBands());
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 16; x++) {
                int argb = in.getRGB(x, y);
                assertEquals(alpha ? argb : argb | 0xff000000, out.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void greyPaletteStaysGrey() throws IOException {
        BufferedImage in = TestImages.greyPalette(12, 5, 8);
        String file = TestImages.save(dir, "in.png", in, "png");

        BufferedImage out = filter(file, "identity");

        assertEquals(1, out.getRaster().getNumBands());
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 12; x++) {
                assertEquals(in.getRGB(x, y) & 0xff, out.getRaster().getSample(x, y, 0));
            }
        }
    }

    @Test
    void roundingAndOrientationByHand() throws IOException {
        // One row [0 100 200 255]; the kernel [0.5 0.5] as a convolution ('same', so an even
        // kernel reaches one pixel left): out[x] = (in[x-1] + in[x]) / 2, mirrored at the edge.
        BufferedImage in = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
        in.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {0, 100, 200, 255});
        String file = TestImages.save(dir, "in.png", in, "png");
        String k = Fixtures.save(dir, "k.npy", Tensor.of(new double[] {0.5, 0.5}, 1, 2));

        BufferedImage out = filter(file, k);

        assertArrayEquals(new int[] {0, 50, 150, 228}, samples(out, 0), "227.5 rounds up");
    }

    @Test
    void sobelSignsFollowTheImageAxes() throws IOException {
        // Brighter to the right, constant down the columns.
        BufferedImage in = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            in.getRaster().setSamples(0, y, 5, 1, 0, new int[] {10, 20, 30, 40, 50});
        }
        String file = TestImages.save(dir, "in.png", in, "png");

        // Inside: (right - left) * (1 + 2 + 1) = 80; at the mirrored edges half of that.
        int[] row = {40, 80, 80, 80, 40};
        int[] gx = samples(filter(file, "sobel-x"), 0);
        int[] magnitude = samples(filter(file, "sobel"), 0);
        for (int y = 0; y < 4; y++) {
            assertArrayEquals(row, Arrays.copyOfRange(gx, y * 5, y * 5 + 5));
            assertArrayEquals(row, Arrays.copyOfRange(magnitude, y * 5, y * 5 + 5));
        }
        assertArrayEquals(new int[20], samples(filter(file, "sobel-y"), 0));
        // Darker to the right: negative everywhere, clamped to 0.
        String mirrored = TestImages.save(dir, "flipped.png", flipped(in), "png");
        assertArrayEquals(new int[20], samples(filter(mirrored, "sobel-x"), 0));
    }

    private static BufferedImage flipped(BufferedImage in) {
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < in.getHeight(); y++) {
            for (int x = 0; x < in.getWidth(); x++) {
                out.getRaster().setSample(in.getWidth() - 1 - x, y, 0, in.getRaster().getSample(x, y, 0));
            }
        }
        return out;
    }

    /** scipy.ndimage's answers for the image (i*37 + j*11) % 256 with two pixels changed, rounded. */
    @Test
    void gaussianAndBoxMatchScipyNdimage() throws IOException {
        BufferedImage in = new BufferedImage(6, 5, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 6; j++) {
                in.getRaster().setSample(j, i, 0, (i * 37 + j * 11) % 256);
            }
        }
        in.getRaster().setSample(3, 2, 0, 255);
        String file = TestImages.save(dir, "in.png", in, "png");

        // np.round(ndimage.gaussian_filter(img, 1.0, mode='reflect'))
        assertArrayEquals(new int[] {21, 28, 40, 52, 61, 67, 44, 53, 70, 87, 91, 92, 79, 89, 110, 131, 132, 128,
            113, 122, 139, 156, 160, 161, 137, 144, 156, 169, 178, 183}, samples(filter(file, "gaussian:1"), 0));
        // np.round(ndimage.uniform_filter(img, 3, mode='constant', cval=10))
        assertArrayEquals(new int[] {16, 23, 30, 38, 45, 36, 32, 48, 75, 86, 97, 61, 56, 85, 112, 123, 134, 86,
            81, 122, 149, 160, 171, 110, 66, 97, 104, 112, 119, 85},
                samples(filter(file, "box:3", "--boundary", "fill", "--fillvalue", "10"), 0));
    }

    @Test
    void gaussianWeightsAreScipyNdimages() {
        // scipy.ndimage._filters._gaussian_kernel1d(2.0, 0, 8), as float32.
        float[] scipy = {6.6916291e-05f, 4.3634902e-04f, 2.2159631e-03f, 8.7643042e-03f, 2.6995959e-02f, 6.4759940e-02f,
            1.2098749e-01f, 1.7603576e-01f, 1.9947465e-01f, 1.7603576e-01f, 1.2098749e-01f, 6.4759940e-02f,
            2.6995959e-02f, 8.7643042e-03f, 2.2159631e-03f, 4.3634902e-04f, 6.6916291e-05f};
        assertArrayEquals(scipy, KernelLibrary.gaussian(2.0), 1e-9f);
    }

    @Test
    void separablePassesEqualTheSquareKernel() {
        // gaussian and box run as a row pass and a column pass; the square kernel gives the same.
        Tensor plane = Fixtures.randomFloats(11, 31, 45);
        float[] w = KernelLibrary.gaussian(1.5);
        float[] square = new float[w.length * w.length];
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w.length; j++) {
                square[i * w.length + j] = w[i] * w[j];
            }
        }
        for (Boundary boundary : Boundary.values()) {
            Tensor copy = Tensor.of(plane.floats().clone(), 31, 45);
            float[] passes = KernelLibrary.named("gaussian:1.5").apply(copy, new KernelLibrary.Spares(31, 45), boundary, 0.75)
                    .floats();
            float[] direct = Signal2d.convolve2d(plane, Tensor.of(square, w.length, w.length), Mode.SAME, boundary, 0.75).floats();
            assertArrayEquals(direct, passes, 1e-5f, boundary.name());
        }
    }

    @Test
    void identityGivesBackTheImage() throws IOException {
        BufferedImage in = TestImages.random(BufferedImage.TYPE_4BYTE_ABGR, 33, 17, 9);
        String file = TestImages.save(dir, "in.png", in, "png");

        BufferedImage out = filter(file, "identity");

        for (int band = 0; band < 4; band++) {
            assertArrayEquals(samples(in, band), samples(out, band));
        }
    }

    @Test
    void npyKernelsFloat32AndFloat64() throws IOException {
        BufferedImage in = TestImages.random(BufferedImage.TYPE_3BYTE_BGR, 21, 13, 10);
        String file = TestImages.save(dir, "in.png", in, "png");
        double[] weights = {0.1, 0.2, 0.1, 0.0, 0.3, 0.0, 0.1, 0.1, 0.05, 0.05, 0.0, 0.0};
        String k64 = Fixtures.save(dir, "k64.npy", Tensor.of(weights, 3, 4));
        float[] narrow = new float[weights.length];
        for (int i = 0; i < narrow.length; i++) {
            narrow[i] = (float) weights[i];
        }
        String k32 = Fixtures.save(dir, "k32.npy", Tensor.of(narrow, 3, 4));

        BufferedImage a = filter(file, k64);
        BufferedImage b = filter(file, k32);

        for (int band = 0; band < 3; band++) {
            float[] plane = new float[21 * 13];
            int[] s = samples(in, band);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = s[i];
            }
            float[] y = Signal2d.convolve2d(Tensor.of(plane, 13, 21), Tensor.of(narrow, 3, 4), Mode.SAME, Boundary.SYMM).floats();
            int[] expected = IntStream.range(0, y.length).map(i -> Math.max(0, Math.min(255, Math.round(y[i])))).toArray();
            assertArrayEquals(expected, samples(a, band));
            assertArrayEquals(expected, samples(b, band));
        }
    }

    @Test
    void outputMayBeTheInputAndReplacesAnExistingFile() throws IOException {
        BufferedImage in = TestImages.random(BufferedImage.TYPE_3BYTE_BGR, 25, 25, 11);
        String file = TestImages.save(dir, "in.png", in, "png");

        Cli.Result r = Cli.run("filter", "-i", file, "-k", "box:3", "-o", file);

        assertEquals(0, r.exitCode(), r::toString);
        BufferedImage out = TestImages.read(file);
        assertArrayEquals(expected(samples(in, 1), 25, 25, "box:3", Boundary.SYMM, 0), samples(out, 1));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("in.png"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void verboseSaysWhatItDid() throws IOException {
        String file = TestImages.save(dir, "in.png", TestImages.random(BufferedImage.TYPE_4BYTE_ABGR, 30, 20, 12), "png");

        Cli.Result r = Cli.run("filter", "--verbose", "-i", file, "-k", "gaussian:2", "-o", dir.resolve("o.png").toString());

        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.errLines();
        assertEquals("filter gaussian:2 (1x17 then 17x1), boundary symm, 30x20 RGB with alpha", lines.get(0));
        assertTrue(lines.get(1).matches("read [0-9.]+ ms, filter [0-9.]+ ms, write [0-9.]+ ms"), lines.get(1));
    }

    @Test
    void theSampleImageAndTheReadmePicturesAreWhatTheToolMakes() throws IOException {
        Path docs = repoRoot().resolve("docs");
        Path sample = docs.resolve("sample.png");
        assertTrue(Files.size(sample) < 300_000, "sample.png is small");
        for (String kernel : List.of("gaussian:2", "sobel")) {
            BufferedImage made = filter(sample.toString(), kernel);
            BufferedImage shipped = TestImages.read(docs.resolve("sample-" + kernel.replace(":", "") + ".png").toString());
            for (int band = 0; band < 3; band++) {
                assertArrayEquals(samples(shipped, band), samples(made, band), kernel + " band " + band);
            }
        }
    }

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bin/conv4j")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new IllegalStateException("no checkout above " + Path.of("").toAbsolutePath());
    }
}
