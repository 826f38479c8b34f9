package org.conv4j.cli;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.conv4j.io.AtomicFile;

/**
 * Reads PNG and JPEG images and writes PNG, with the JDK's {@code javax.imageio} only, and with
 * errors that say which option, which file and what is wrong with it.
 *
 * <p>The streams are in memory, never ImageIO's temporary files; a write goes through
 * {@link AtomicFile}, so the output appears complete or not at all.
 */
final class Images {
    /** Most samples (pixels times channels) a decoded image may hold: one Java array. */
    static final long MAX_SAMPLES = Integer.MAX_VALUE - 8;

    private Images() {
    }

    /**
     * Decodes a PNG or JPEG file. The size is checked before any pixel is decoded, and a
     * decoder's warnings (a truncated JPEG decodes to grey with one) are errors here.
     *
     * @param option the option that named the file, for messages
     * @throws IOException if the file cannot be read, is not PNG or JPEG, is corrupt or too large
     */
    static BufferedImage read(String option, Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                ImageInputStream stream = new MemoryCacheImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new ImageException("not a PNG or JPEG image (no image format recognised)");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toUpperCase(Locale.ROOT);
                if (!format.equals("PNG") && !format.equals("JPEG")) {
                    throw new ImageException("a " + format + " image; filter reads PNG and JPEG");
                }
                try {
                    return decode(reader, stream, format);
                } catch (ImageException e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    // Decoders throw IIOException, EOFException, and on hostile files runtime exceptions too.
                    throw new ImageException("cannot decode the " + format + " image: " + detail(e), e);
                }
            } finally {
                reader.dispose();
            }
        } catch (ImageException e) {
            throw new IOException(option + " " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw FileErrors.about(option, file, e);
        }
    }

    /** Checks the size, then decodes image 0 of the stream, failing on the decoder's warnings. */
    private static BufferedImage decode(ImageReader reader, ImageInputStream stream, String format) throws IOException {
        // Metadata is not needed, and skipping it spares a broken colour profile from failing the read.
        reader.setInput(stream, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        ImageTypeSpecifier type = reader.getRawImageType(0);
        // A palette becomes RGB or RGBA (ImageChannels); an unknown type (some JPEGs) counts as the widest.
        int bands = type == null || type.getColorModel() instanceof IndexColorModel ? 4 : type.getNumBands();
        if (width * height * bands > MAX_SAMPLES) {
            throw new ImageException(width + "x" + height + " pixels, more than conv4j can filter (at most "
                    + MAX_SAMPLES + " samples: pixels times " + bands + " channels)");
        }
        String[] warning = new String[1];
        reader.addIIOReadWarningListener((source, message) -> {
            if (warning[0] == null) {
                warning[0] = message;
            }
        });
        BufferedImage image = reader.read(0);
        if (warning[0] != null) {
            throw new ImageException("corrupt " + format + " image: " + warning[0]);
        }
        return image;
    }

    /**
     * Writes {@code image} as a PNG file, atomically: a temporary file moved into place, so a
     * failure leaves no file or the old one.
     *
     * @throws IOException if the file cannot be written; the message names the option and file
     */
    static void writePng(String option, Path file, BufferedImage image) throws IOException {
        byte[] pixels = interleavedBytes(image);
        if (pixels != null) {
            int[] offsets = ((java.awt.image.PixelInterleavedSampleModel) image.getSampleModel()).getBandOffsets();
            try {
                AtomicFile.write(file, out -> {
                    BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
                    PngEncoder.write(buffered, pixels, image.getWidth(), image.getHeight(), offsets);
                    buffered.flush();
                });
            } catch (IOException e) {
                throw FileErrors.about(option, file, e);
            }
            return;
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            AtomicFile.write(file, out -> {
                BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
                MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(buffered);
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), fastDeflate(writer));
                // Closing the image stream flushes it; it leaves the file's stream open, as AtomicFile wants.
                stream.close();
                buffered.flush();
            });
        } catch (IOException e) {
            throw FileErrors.about(option, file, e);
        } finally {
            writer.dispose();
        }
    }

    /**
     * The image's bytes if they lie as {@link PngEncoder} takes them (8-bit samples, pixels
     * interleaved, each band once, rows unpadded: the filter command's images, and ImageIO's
     * decoded JPEGs and PNGs in BGR/ABGR order), else null.
     */
    private static byte[] interleavedBytes(BufferedImage image) {
        java.awt.image.Raster raster = image.getRaster();
        if (!(raster.getDataBuffer() instanceof java.awt.image.DataBufferByte buffer)
                || buffer.getNumBanks() != 1
                || !(raster.getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel model)
                || raster.getParent() != null || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0) {
            return null;
        }
        int bands = raster.getNumBands();
        int[] offsets = model.getBandOffsets();
        boolean[] seen = new boolean[bands];
        for (int b = 0; b < bands; b++) {
            if (offsets[b] < 0 || offsets[b] >= bands || seen[offsets[b]]) {
                return null;
            }
            seen[offsets[b]] = true;
        }
        // PNG wants grey/RGB then alpha; a colour model with alpha keeps it as the last band.
        if (image.getColorModel().getNumComponents() != bands) {
            return null;
        }
        byte[] data = buffer.getData();
        boolean packed = model.getPixelStride() == bands && model.getScanlineStride() == image.getWidth() * bands
                && data.length == image.getWidth() * image.getHeight() * bands && bands <= 4;
        return packed ? data : null;
    }

    /**
     * Deflate level 1 rather than ImageIO's default 4: on photographs the file comes out about 2%
     * larger and is written in about 60% of the time (the JDK maps quality q to level
     * {@code 9 - round(9 q)}).
     */
    private static ImageWriteParam fastDeflate(ImageWriter writer) {
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(8f / 9f);
        return param;
    }

    /** A decoder's message, with its cause's when it has one (ImageIO's are often generic). */
    private static String detail(Throwable e) {
        String m = ErrorHandler.message(e);
        Throwable cause = e.getCause();
        return cause != null && cause != e && !m.contains(ErrorHandler.message(cause)) ? m + ": " + ErrorHandler.message(cause) : m;
    }

    /** A problem with the image itself (not with reading the file), reported without rewording. */
    private static final class ImageException extends IOException {
        private static final long serialVersionUID = 1L;

        ImageException(String message) {
            super(message);
        }

        ImageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
