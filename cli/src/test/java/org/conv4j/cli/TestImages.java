package org.conv4j.cli;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Images the filter tests make for themselves, and their pixels as plain arrays. */
final class TestImages {
    private TestImages() {
    }

    /** Random 8-bit samples in every band of a new image of {@code type}. */
    static BufferedImage random(int type, int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, type);
        fill(image.getRaster(), seed, type == BufferedImage.TYPE_USHORT_GRAY ? 65535 : 255);
        return image;
    }

    /** A grey image with alpha (PNG colour type 4), random. */
    static BufferedImage greyAlpha(int width, int height, long seed) {
        BufferedImage image = ImageChannels.blank(width, height, true, true);
        fill(image.getRaster(), seed, 255);
        return image;
    }

    /** A palette image of four colours, one of them half transparent when {@code alpha}. */
    static BufferedImage palette(int width, int height, boolean alpha, long seed) {
        byte[] r = {0, (byte) 200, 30, (byte) 255};
        byte[] g = {0, 40, (byte) 160, (byte) 255};
        byte[] b = {0, 90, 60, (byte) 255};
        byte[] a = {(byte) 255, (byte) 128, (byte) 255, (byte) 255};
        IndexColorModel cm = alpha ? new IndexColorModel(2, 4, r, g, b, a) : new IndexColorModel(2, 4, r, g, b);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, cm);
        fill(image.getRaster(), seed, 3);
        return image;
    }

    /** A grey palette (what a 2-bit grey PNG decodes to). */
    static BufferedImage greyPalette(int width, int height, long seed) {
        byte[] v = {0, 85, (byte) 170, (byte) 255};
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, v, v, v));
        fill(image.getRaster(), seed, 3);
        return image;
    }

    private static void fill(WritableRaster raster, long seed, int max) {
        Random random = new Random(seed);
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                for (int band = 0; band < raster.getNumBands(); band++) {
                    raster.setSample(x, y, band, random.nextInt(max + 1));
                }
            }
        }
    }

    /** Writes {@code image} as {@code format} ("png" or "jpeg") and returns the path as an argument. */
    static String save(Path dir, String name, BufferedImage image, String format) throws IOException {
        Path file = dir.resolve(name);
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no " + format + " writer for " + image);
        }
        return file.toString();
    }

    /** Reads an image with ImageIO, as the test's independent view of a file. */
    static BufferedImage read(String file) throws IOException {
        BufferedImage image = ImageIO.read(Path.of(file).toFile());
        if (image == null) {
            throw new IOException("not an image: " + file);
        }
        return image;
    }

    /** Band {@code band} of the raster, row-major. */
    static int[] samples(BufferedImage image, int band) {
        return image.getRaster().getSamples(0, 0, image.getWidth(), image.getHeight(), band, (int[]) null);
    }
}
