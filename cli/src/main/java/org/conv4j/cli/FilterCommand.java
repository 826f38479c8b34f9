package org.conv4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.conv4j.DType;
import org.conv4j.Signal2d.Boundary;
import org.conv4j.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code conv4j filter}: filters a PNG or JPEG image with a named kernel or one from a
 * {@code .npy} file, and writes a PNG. Each colour channel is convolved on its own, as a float32
 * plane ({@code scipy.signal.convolve2d(channel, kernel, 'same', boundary)}), then rounded and
 * clamped to 8 bits; alpha is kept as it is.
 *
 * <p>Memory: the decoded image plus two float32 planes the size of one channel (three for
 * {@code sobel}), reused for every channel, so images of tens of megapixels fit in a default
 * heap. The output file
 * appears complete or not at all; any error leaves no file, or the old one untouched.
 */
@Command(name = "filter",
        header = "Filters a PNG or JPEG image with a kernel.",
        sortOptions = false,
        sortSynopsis = false,
        usageHelpAutoWidth = false,
        description = {
            "Filters a PNG or JPEG image with a kernel and writes a PNG.",
            "Grey, RGB or RGBA: each colour channel is convolved with the kernel",
            "(scipy.signal.convolve2d, mode 'same'), rounded and clamped to 0..255; alpha",
            "is kept."},
        footer = {"",
            "Kernels: box:N (N x N mean), gaussian:SIGMA (scipy.ndimage's: radius round(4",
            "SIGMA)), sobel-x, sobel-y (signed gradients, negative values clamp to 0), sobel",
            "(gradient magnitude), laplacian, sharpen, emboss, identity; or a 2-D .npy file.",
            "",
            "The output is written to a temporary file that is then moved into place: it is",
            "never left half-written, and --output may name the input."})
public final class FilterCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--image"}, required = true, paramLabel = "IN",
            description = "The image: PNG or JPEG, grey, RGB or RGBA (16-bit and palette PNGs are read as 8-bit).")
    Path image;

    @Option(names = {"-k", "--kernel"}, required = true, paramLabel = "NAME|K.npy", converter = KernelLibrary.Converter.class,
            description = "A kernel name (see below), or a .npy file holding a 2-D float32 or float64 array.")
    KernelLibrary.Choice kernel;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.png",
            description = "The filtered image, PNG, 8 bits per sample; replaced if it exists.")
    Path output;

    @Option(names = "--boundary", paramLabel = "fill|wrap|symm", defaultValue = "symm",
            converter = Signal2dConverters.BoundaryConverter.class,
            description = "Pixels past the edges: symm (mirrored; not SciPy's default, fill, whose zeros would darken "
                    + "the borders), wrap, or fill with --fillvalue. Default: ${DEFAULT-VALUE}.")
    Boundary boundary;

    // No defaultValue: picocli would apply it over what the preprocessor set.
    @Option(names = "--fillvalue", paramLabel = "V",
            converter = Signal2dConverters.FillValueConverter.class,
            preprocessor = Signal2dConverters.FillValuePreprocessor.class,
            description = "The pixel value past the edges for --boundary fill, on the 0..255 scale. Default: 0.")
    double fillvalue = 0;

    @Override
    public Integer call() throws IOException {
        Path name = output.getFileName();
        if (name == null || !name.toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new ParameterException(spec.commandLine(), "--output must name a .png file (filter writes PNG), got '"
                    + output + "'");
        }
        // Fails before the (possibly long) work if the result could not be written anyway.
        OutputLocation.check("--output", output);
        KernelLibrary.Filter filter = kernel.load();

        long t0 = System.nanoTime();
        ImageChannels channels;
        // The JIT compiles the filter's code on another thread while the image decodes.
        WarmUp warmUp = WarmUp.start(filter, boundary, fillvalue);
        try {
            channels = ImageChannels.of(Images.read("--image", image));
        } finally {
            warmUp.close();
        }
        long t1 = System.nanoTime();
        // One channel at a time, in the same two or three planes.
        Tensor plane = Tensor.zeros(DType.FLOAT32, channels.height(), channels.width());
        KernelLibrary.Spares spares = new KernelLibrary.Spares(channels.height(), channels.width());
        for (int c = 0; c < channels.colourChannels(); c++) {
            channels.read(c, plane);
            channels.store(c, filter.apply(plane, spares, boundary, fillvalue));
        }
        long t2 = System.nanoTime();
        Images.writePng("--output", output, channels.image());
        long t3 = System.nanoTime();

        if (main.verbose) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("filter %s, boundary %s, %dx%d %s%n", filter.describe(), boundary.scipyName(),
                    channels.image().getWidth(), channels.image().getHeight(),
                    (channels.colourChannels() == 1 ? "grey" : "RGB") + (channels.hasAlpha() ? " with alpha" : ""));
            err.printf("read %.1f ms, filter %.1f ms, write %.1f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
            err.flush();
        }
        return 0;
    }
}
