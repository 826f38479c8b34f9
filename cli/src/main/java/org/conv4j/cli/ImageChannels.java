package org.conv4j.cli;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import org.conv4j.Tensor;

/**
 * An image with 8 bits per sample, grey or RGB, with or without alpha, seen as one float32 plane
 * per colour channel: planes are read out, filtered, and stored back rounded and clamped to
 * {@code 0..255}. Alpha is not a plane: it stays as it was.
 *
 * <p>What decoders give for ordinary PNG and JPEG files (8-bit interleaved bytes) is used as it
 * is, with no copy, and the planes are written back into it. Anything else is converted once: 16-bit
 * samples are scaled to 8 bits, palettes become RGB or RGBA (grey if every entry is grey).
 */
final class ImageChannels {
    private final BufferedImage image;
    private final int width;
    private final int height;
    private final int colourChannels;
    private final byte[] data;
    private final int offset;
    private final int pixelStride;
    private final int scanlineStride;
    private final int[] bandOffsets;

    private ImageChannels(BufferedImage image) {
        this.image = image;
        this.width = image.getWidth();
        this.height = image.getHeight();
        this.colourChannels = image.getColorModel().getNumColorComponents();
        Raster raster = image.getRaster();
        ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
        DataBufferByte buffer = (DataBufferByte) raster.getDataBuffer();
        this.data = buffer.getData();
        this.offset = buffer.getOffset();
        this.pixelStride = sm.getPixelStride();
        this.scanlineStride = sm.getScanlineStride();
        this.bandOffsets = sm.getBandOffsets();
    }

    /** The channels of {@code image}, which is used as it is if its layout allows, else converted. */
    static ImageChannels of(BufferedImage image) {
        return new ImageChannels(usable(image) ? image : convert(image));
    }

    /** The image holding the channels, with whatever has been stored into them. */
    BufferedImage image() {
        return image;
    }

    /** 1 (grey) or 3 (RGB); alpha, if any, is not counted. */
    int colourChannels() {
        return colourChannels;
    }

    /** Whether the image has an alpha channel. */
    boolean hasAlpha() {
        return image.getColorModel().hasAlpha();
    }

    /** Height of the image and of its planes. */
    int height() {
        return height;
    }

    /** Width of the image and of its planes. */
    int width() {
        return width;
    }

    /** Reads colour channel {@code c} into a float32 {@code [height, width]} plane, values 0 to 255. */
    void read(int c, Tensor plane) {
        float[] p = plane.floats();
        for (int y = 0; y < height; y++) {
            int at = offset + y * scanlineStride + bandOffsets[c];
            for (int x = 0, i = y * width; x < width; x++, i++) {
                p[i] = data[at + x * pixelStride] & 0xff;
            }
        }
    }

    /** Writes a {@code [height, width]} float32 plane into colour channel {@code c}, rounded and clamped to 0..255 (NaN to 0). */
    void store(int c, Tensor plane) {
        float[] p = plane.floats();
        for (int y = 0; y < height; y++) {
            int at = offset + y * scanlineStride + bandOffsets[c];
            for (int x = 0, i = y * width; x < width; x++, i++) {
                float v = p[i];
                data[at + x * pixelStride] = (byte) (v >= 255f ? 255 : v > 0f ? Math.round(v) : 0);
            }
        }
    }

    /** 8-bit grey or RGB samples, with or without alpha, in one byte array, not premultiplied. */
    private static boolean usable(BufferedImage image) {
        Raster raster = image.getRaster();
        if (!(image.getColorModel() instanceof ComponentColorModel cm) || cm.isAlphaPremultiplied()
                || !(raster.getSampleModel() instanceof ComponentSampleModel)
                || !(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
            return false;
        }
        int colours = cm.getNumColorComponents();
        int type = cm.getColorSpace().getType();
        if (!(colours == 1 && type == ColorSpace.TYPE_GRAY || colours == 3 && type == ColorSpace.TYPE_RGB)) {
            return false;
        }
        for (int bits : cm.getComponentSize()) {
            if (bits != 8) {
                return false;
            }
        }
        return true;
    }

    /** A copy of {@code image} in the layout {@link #usable} accepts. */
    private static BufferedImage convert(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getColorModel() instanceof ComponentColorModel cm && !cm.isAlphaPremultiplied()
                && (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY || cm.getColorSpace().getType() == ColorSpace.TYPE_RGB)) {
            // 16-bit (or other depth) grey or RGB: the same channels, each scaled to 8 bits.
            BufferedImage out = blank(w, h, cm.getNumColorComponents() == 1, cm.hasAlpha());
            Raster from = image.getRaster();
            WritableRaster to = out.getRaster();
            int[] row = new int[w];
            for (int b = 0; b < from.getNumBands(); b++) {
                double scale = 255.0 / ((1L << cm.getComponentSize(b)) - 1);
                for (int y = 0; y < h; y++) {
                    from.getSamples(0, y, w, 1, b, row);
                    for (int x = 0; x < w; x++) {
                        row[x] = (int) Math.round(row[x] * scale);
                    }
                    to.setSamples(0, y, w, 1, b, row);
                }
            }
            return out;
        }
        // Palettes, packed pixels, other colour spaces: through sRGB, as Java2D reads them.
        boolean alpha = image.getColorModel().hasAlpha();
        boolean grey = !alpha && image.getColorModel() instanceof IndexColorModel palette && isGrey(palette);
        BufferedImage out = blank(w, h, grey, alpha);
        WritableRaster to = out.getRaster();
        int bands = to.getNumBands();
        int[] argb = new int[w];
        int[] samples = new int[w * bands];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                if (grey) {
                    samples[x] = p & 0xff;
                } else {
                    samples[x * bands] = p >> 16 & 0xff;
                    samples[x * bands + 1] = p >> 8 & 0xff;
                    samples[x * bands + 2] = p & 0xff;
                    if (alpha) {
                        samples[x * bands + 3] = p >>> 24;
                    }
                }
            }
            to.setPixels(0, y, w, 1, samples);
        }
        return out;
    }

    private static boolean isGrey(IndexColorModel palette) {
        for (int i = 0; i < palette.getMapSize(); i++) {
            int red = palette.getRed(i);
            if (red != palette.getGreen(i) || red != palette.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    /** A new 8-bit interleaved grey or sRGB image, with alpha or not. */
    static BufferedImage blank(int width, int height, boolean grey, boolean alpha) {
        ColorSpace space = ColorSpace.getInstance(grey ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel cm = new ComponentColorModel(space, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(width, height), false, null);
    }
}
