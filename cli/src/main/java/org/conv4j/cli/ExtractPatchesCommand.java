package org.conv4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.conv4j.ConvPlan;
import org.conv4j.ExtractPatches;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.conv4j.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code conv4j extract-patches}: {@code tf.image.extract_patches} on {@code .npy} files.
 *
 * <p>As {@code conv2d}: the output file appears complete or not at all (everything is read,
 * validated and computed before {@link Npy#write} writes a temporary file and moves it into
 * place), so {@code --output} may name the input.
 */
@Command(name = "extract-patches",
        header = "tf.image.extract_patches on .npy files.",
        sortOptions = false,
        sortSynopsis = false,
        usageHelpAutoWidth = false,
        description = {
            "Computes tf.image.extract_patches on .npy files.",
            "Every KH x KW window of the images, flattened into the depth dimension (row,",
            "column, channel order; zeros where a window hangs over the edge), as",
            "tf.image.extract_patches(images, sizes, strides, rates, padding) computes it.",
            "Input [N, H, W, C], float32 or float64; output [N, OH, OW, KH*KW*C], same dtype."},
        footer = {"",
            "tf.image.extract_patches has no defaults: --sizes and --padding are required",
            "here too; --strides and --rates default to 1 (TensorFlow's [1, 1, 1, 1]).",
            "The output is written to a temporary file that is then moved into place: it is",
            "never left half-written, and --output may name the input."})
public final class ExtractPatchesCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy",
            description = "Images: [N, H, W, C] (NHWC, the only layout TensorFlow's op has).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy",
            description = "Patches: [N, OH, OW, KH*KW*C]; replaced if it exists.")
    Path output;

    @Option(names = "--sizes", required = true, paramLabel = "KH,KW", converter = HeightWidth.Converter.class,
            description = "Patch size: rows,cols, or one number for both.")
    HeightWidth sizes;

    @Option(names = "--strides", paramLabel = "SH,SW", defaultValue = "1", converter = HeightWidth.Converter.class,
            description = "Distance between patch starts: rows,cols, or one number. Default: ${DEFAULT-VALUE}.")
    HeightWidth strides;

    @Option(names = "--rates", paramLabel = "RH,RW", defaultValue = "1", converter = HeightWidth.Converter.class,
            description = "Distance between the pixels of a patch (as a dilation): rows,cols, or one number. "
                    + "Default: ${DEFAULT-VALUE}.")
    HeightWidth rates;

    @Option(names = "--padding", required = true, paramLabel = "SAME|VALID", converter = SameOrValid.class,
            description = "VALID: only patches wholly inside the image; SAME: ceil(H/SH) x ceil(W/SW) patches, "
                    + "zero-padded as conv2d pads.")
    Padding padding;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", converter = NumberConverters.Threads.class,
            description = "Threads to use, 0 = all processors; the result is the same for any N. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Override
    public Integer call() throws IOException {
        // Fails before the work if the result could not be written anyway.
        OutputLocation.check("--output", output);
        int[] k = {sizes.height(), sizes.width()};
        int[] s = {strides.height(), strides.width()};
        int[] r = {rates.height(), rates.width()};

        long t0 = System.nanoTime();
        Tensor x = NpyFiles.read("--input", input);
        long t1 = System.nanoTime();
        // Validates everything (TensorFlow's checks and messages) before computing anything.
        ConvPlan plan = ExtractPatches.plan(x.shape(), x.dtype(), k, s, r, padding, threads);
        Tensor y = plan.execute(x);
        long t2 = System.nanoTime();
        NpyFiles.write("--output", output, y);
        long t3 = System.nanoTime();

        if (main.verbose) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(plan.describe());
            err.printf("read %.1f ms, extract_patches %.1f ms (%.3g GB/s written), write %.1f ms%n",
                    ms(t1 - t0), ms(t2 - t1), (double) y.size() * y.dtype().byteSize() / (t2 - t1), ms(t3 - t2));
            err.flush();
        }
        return 0;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** {@code --padding}: SAME or VALID, any case; the op has no explicit padding. */
    static final class SameOrValid implements ITypeConverter<Padding> {
        @Override
        public Padding convert(String text) {
            return switch (text.strip().toUpperCase(Locale.ROOT)) {
                case "SAME" -> Padding.SAME;
                case "VALID" -> Padding.VALID;
                default -> throw new TypeConversionException("must be SAME or VALID (extract_patches has no explicit "
                        + "padding), got '" + text + "'");
            };
        }
    }
}
