package org.conv4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.conv4j.DType;
import org.conv4j.Signal2d;
import org.conv4j.Signal2d.Boundary;
import org.conv4j.Signal2d.Mode;
import org.conv4j.Tensor;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The kernels {@code conv4j filter --kernel} knows by name, and kernels read from {@code .npy}
 * files. Every filter is a convolution ({@code scipy.signal.convolve2d}, the kernel flipped) of
 * one image channel in {@code same} mode; the kernels below are written so that the result is
 * the usual one: {@code sobel-x} is positive where the image gets brighter to the right,
 * {@code sobel-y} where it gets brighter downwards.
 *
 * <p>{@code box} and {@code gaussian} are outer products of two 1-D kernels that each sum to 1,
 * and run as two passes, a row and a column of taps (34 taps per pixel rather than 289 for
 * {@code gaussian:2}). Every boundary rule extends rows and columns independently, and the
 * weights summing to 1 keep a fill value a fill value, so the two passes compute the same as the
 * square kernel, up to float rounding.
 */
final class KernelLibrary {
    /** Largest side of a named kernel: direct convolution costs its area per pixel. */
    static final int MAX_SIDE = 1001;
    /** The names, as help and errors list them. */
    static final String NAMES = "box:N, gaussian:SIGMA, sobel-x, sobel-y, sobel, laplacian, sharpen, emboss, identity";

    private KernelLibrary() {
    }

    /**
     * A filter of float32 image planes: convolutions applied one after the other (one kernel, or
     * the two passes of a separable one), or, with {@code magnitude}, two kernels applied to the
     * plane whose results combine into the gradient magnitude {@code sqrt(gx^2 + gy^2)}
     * ({@code sobel}).
     *
     * @param name what the user wrote, for messages
     * @param kernels 2-D float32 kernels
     * @param magnitude whether the two kernels give a gradient magnitude rather than passes
     */
    record Filter(String name, List<Tensor> kernels, boolean magnitude) {
        /** A filter of one kernel. */
        static Filter of(String name, Tensor kernel) {
            return new Filter(name, List.of(kernel), false);
        }

        /**
         * Filters a float32 plane: {@code convolve2d(plane, kernel, 'same', boundary, fill)} for
         * each pass, or the magnitude of the two. Works in {@code spares}, planes of the same
         * shape, and may overwrite {@code plane} too; returns the plane that holds the result.
         */
        Tensor apply(Tensor plane, Spares spares, Boundary boundary, double fill) {
            if (magnitude) {
                Tensor first = spares.get(0);
                Tensor second = spares.get(1);
                Signal2d.convolve2d(plane, kernels.get(0), Mode.SAME, boundary, fill, first);
                Signal2d.convolve2d(plane, kernels.get(1), Mode.SAME, boundary, fill, second);
                float[] gx = first.floats();
                float[] gy = second.floats();
                for (int i = 0; i < gx.length; i++) {
                    gx[i] = (float) Math.sqrt((double) gx[i] * gx[i] + (double) gy[i] * gy[i]);
                }
                return first;
            }
            // Passes go back and forth between the plane and one spare.
            Tensor from = plane;
            Tensor to = spares.get(0);
            for (Tensor kernel : kernels) {
                Signal2d.convolve2d(from, kernel, Mode.SAME, boundary, fill, to);
                Tensor done = to;
                to = from;
                from = done;
            }
            return from;
        }

        /** For {@code --verbose}: the name and the kernels, e.g. {@code gaussian:2 (1x17 then 17x1)}. */
        String describe() {
            StringBuilder s = new StringBuilder(name).append(" (");
            for (int i = 0; i < kernels.size(); i++) {
                Tensor k = kernels.get(i);
                s.append(i == 0 ? "" : magnitude ? " and " : " then ").append(k.dim(0)).append('x').append(k.dim(1));
            }
            return s.append(magnitude ? ", gradient magnitude)" : ")").toString();
        }
    }

    /**
     * Float32 planes of one shape for {@link Filter#apply} to work in, each made when first needed
     * and then reused for every channel: a fresh 50 MB array per pass and channel would cost
     * more than the filtering itself, the memory being new to the process each time.
     */
    static final class Spares {
        private final int height;
        private final int width;
        private final Tensor[] planes = new Tensor[2];

        Spares(int height, int width) {
            this.height = height;
            this.width = width;
        }

        /** Spare plane {@code i} (0 or 1). */
        Tensor get(int i) {
            if (planes[i] == null) {
                planes[i] = Tensor.zeros(DType.FLOAT32, height, width);
            }
            return planes[i];
        }
    }

    /** What {@code --kernel} said: a named filter, or a {@code .npy} file read when the command runs. */
    record Choice(Filter named, Path file) {
        /** The filter, reading the file if it is one. */
        Filter load() throws IOException {
            return named != null ? named : fromFile(file);
        }
    }

    /** Parses {@code --kernel}; a bad name or parameter is a usage error, checked before any work. */
    static final class Converter implements ITypeConverter<Choice> {
        @Override
        public Choice convert(String text) {
            Filter named = named(text);
            if (named != null) {
                return new Choice(named, null);
            }
            try {
                Path file = Path.of(text);
                if (text.toLowerCase(Locale.ROOT).endsWith(".npy") || Files.exists(file)) {
                    return new Choice(null, file);
                }
            } catch (InvalidPathException e) {
                // not a usable path either: reported below
            }
            throw new TypeConversionException("must be one of " + NAMES + ", or a .npy file, got '" + text + "'");
        }
    }

    /**
     * The filter {@code text} names, or null if it names none.
     *
     * @throws TypeConversionException if it names one with a bad parameter, e.g. {@code box:0}
     */
    static Filter named(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("box:")) {
            int n = parseSide(t.substring(4), text);
            float[] w = new float[n];
            Arrays.fill(w, 1f / n);
            return separable(t, w);
        }
        if (t.startsWith("gaussian:")) {
            return separable(t, gaussian(parseSigma(t.substring(9), text)));
        }
        Tensor sobelX = square(1, 0, -1, 2, 0, -2, 1, 0, -1);
        Tensor sobelY = square(1, 2, 1, 0, 0, 0, -1, -2, -1);
        return switch (t) {
            case "sobel-x" -> Filter.of(t, sobelX);
            case "sobel-y" -> Filter.of(t, sobelY);
            case "sobel" -> new Filter(t, List.of(sobelX, sobelY), true);
            case "laplacian" -> Filter.of(t, square(0, 1, 0, 1, -4, 1, 0, 1, 0));
            case "sharpen" -> Filter.of(t, square(0, -1, 0, -1, 5, -1, 0, -1, 0));
            // The usual [[-2 -1 0] [-1 1 1] [0 1 2]] as the others apply it (correlating), so
            // flipped here; the weights sum to 1, so flat areas keep their brightness.
            case "emboss" -> Filter.of(t, square(2, 1, 0, 1, 1, -1, 0, -1, -2));
            case "identity" -> Filter.of(t, square(0, 0, 0, 0, 1, 0, 0, 0, 0));
            default -> null;
        };
    }

    /**
     * The 1-D weights of scipy.ndimage.gaussian_filter: the Gaussian sampled at
     * {@code -r .. r}, {@code r = round(4 sigma)}, normalised to sum 1. Applied along rows and
     * then columns, as ndimage does, so that with {@code --boundary symm} the filter matches
     * {@code gaussian_filter(channel, sigma)}.
     */
    static float[] gaussian(double sigma) {
        int radius = (int) (4 * sigma + 0.5);
        int n = 2 * radius + 1;
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double x = (i - radius) / sigma;
            w[i] = Math.exp(-0.5 * x * x);
            sum += w[i];
        }
        float[] k = new float[n];
        for (int i = 0; i < n; i++) {
            k[i] = (float) (w[i] / sum);
        }
        return k;
    }

    /** The outer product of {@code weights} with itself, as a row pass then a column pass. */
    private static Filter separable(String name, float[] weights) {
        return new Filter(name, List.of(Tensor.of(weights, 1, weights.length), Tensor.of(weights, weights.length, 1)), false);
    }

    /**
     * Reads a kernel from a {@code .npy} file: 2-D, not empty, finite values; float64 is
     * narrowed to float32, the precision the image channels are filtered in.
     *
     * @throws IOException if the file cannot be read or is not such a kernel; the message names
     *     {@code --kernel} and the file
     */
    static Filter fromFile(Path file) throws IOException {
        Tensor t = NpyFiles.read("--kernel", file);
        String problem = null;
        if (t.rank() != 2) {
            problem = "a kernel must be a 2-D array, got shape " + Arrays.toString(t.shape());
        } else if (t.size() == 0) {
            problem = "a kernel must not be empty, got shape " + Arrays.toString(t.shape());
        }
        float[] k = new float[t.size()];
        for (int i = 0; i < k.length && problem == null; i++) {
            k[i] = (float) t.getDouble(i);
            if (!Float.isFinite(k[i])) {
                problem = "the kernel holds " + t.getDouble(i) + " at [" + i / t.dim(1) + ", " + i % t.dim(1)
                        + "]; it must be finite" + (Double.isFinite(t.getDouble(i)) ? " in float32" : "");
            }
        }
        if (problem != null) {
            throw new IOException("--kernel " + file + ": " + problem);
        }
        return Filter.of(file.toString(), Tensor.of(k, t.shape()));
    }

    /** A 3x3 kernel from its nine weights, row by row. */
    private static Tensor square(float... weights) {
        return Tensor.of(weights, 3, 3);
    }

    private static int parseSide(String number, String text) {
        try {
            int n = Integer.parseInt(number.strip());
            if (n >= 1 && n <= MAX_SIDE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("box:N needs a whole number N from 1 to " + MAX_SIDE + ", got '" + text + "'");
    }

    private static double parseSigma(String number, String text) {
        double maxSigma = (MAX_SIDE / 2 - 0.5) / 4;
        try {
            double sigma = Double.parseDouble(number.strip());
            if (sigma > 0 && sigma <= maxSigma) {
                return sigma;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("gaussian:SIGMA needs a number SIGMA above 0 and at most " + maxSigma + ", got '"
                + text + "'");
    }
}
