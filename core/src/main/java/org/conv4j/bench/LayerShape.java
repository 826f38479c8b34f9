package org.conv4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.conv4j.Conv2dOptions;
import org.conv4j.Padding;

/**
 * One conv2d layer of a benchmark suite, as a line of a shapes file (tab-separated:
 * {@code name n h w c kh kw o stride dilation padding [note]}, NHWC, float32; lines starting with
 * {@code #} are comments). The same lines drive {@code conv4j bench}, the benchmark module and
 * the tests, so every number quoted names its problem exactly.
 */
public record LayerShape(String name, int n, int h, int w, int c, int kh, int kw, int o, int stride, int dilation,
        Padding padding, String note) {

    /**
     * Parses one line.
     *
     * @throws IllegalArgumentException naming the line if it has too few fields or a bad number
     */
    public static LayerShape parse(String line) {
        String[] f = line.split("\t");
        if (f.length < 11) {
            throw new IllegalArgumentException("a shape line needs 11 tab-separated fields "
                    + "(name n h w c kh kw o stride dilation padding), got " + f.length + ": " + line);
        }
        try {
            return new LayerShape(f[0].trim(), num(f[1]), num(f[2]), num(f[3]), num(f[4]), num(f[5]), num(f[6]),
                    num(f[7]), num(f[8]), num(f[9]), Padding.parse(f[10]), f.length > 11 ? f[11].trim() : "");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in shape line: " + line);
        }
    }

    /**
     * Reads every shape of a suite file.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the first bad line
     */
    public static List<LayerShape> readSuite(Path file) throws IOException {
        return parseSuite(Files.readAllLines(file));
    }

    /**
     * Parses the lines of a suite, skipping blank lines and {@code #} comments.
     *
     * @throws IllegalArgumentException naming the first bad line
     */
    public static List<LayerShape> parseSuite(List<String> lines) {
        List<LayerShape> shapes = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank() && !line.startsWith("#")) {
                shapes.add(parse(line));
            }
        }
        return shapes;
    }

    private static int num(String s) {
        return Integer.parseInt(s.trim());
    }

    /** NHWC input shape. */
    public int[] inputShape() {
        return new int[] {n, h, w, c};
    }

    /** HWIO filter shape. */
    public int[] filterShape() {
        return new int[] {kh, kw, c, o};
    }

    /** Options for this layer with the given thread count (0 = all processors). */
    public Conv2dOptions options(int threads) {
        return Conv2dOptions.builder().strides(stride).dilations(dilation).padding(padding).threads(threads).build();
    }
}
