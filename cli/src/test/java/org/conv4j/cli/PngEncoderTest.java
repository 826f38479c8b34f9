package org.conv4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.zip.Adler32;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our PNGs, read back by javax.imageio's decoder, give the pixels written, in every layout. */
class PngEncoderTest {

    @ParameterizedTest(name = "{0}x{1}, {2} channels")
    @CsvSource({"1,1,1", "7,5,1", "7,5,2", "13,9,3", "13,9,4", "1000,700,3", "333,1111,4", "2048,300,1"})
    void imageIoReadsBackThePixels(int width, int height, int channels) throws Exception {
        byte[] pixels = new byte[width * height * channels];
        Random random = new Random(width * 31 + height);
        for (int i = 0; i < pixels.length; i++) {
            // Smooth with noise, like a photograph, so that every deflate path is taken.
            pixels[i] = (byte) ((i / channels) % width / 3 + random.nextInt(8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngEncoder.write(out, pixels, width, height, channels);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        assertEquals(channels, image.getRaster().getNumBands());
        int[] expected = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            expected[i] = pixels[i] & 0xff;
        }
        assertArrayEquals(expected, image.getRaster().getPixels(0, 0, width, height, (int[]) null));
    }

    @org.junit.jupiter.api.Test
    void bgrImagesFromJavaKeepTheirColours() throws Exception {
        BufferedImage bgr = new BufferedImage(9, 4, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage abgr = new BufferedImage(9, 4, BufferedImage.TYPE_4BYTE_ABGR);
        Random random = new Random(5);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 9; x++) {
                bgr.setRGB(x, y, random.nextInt() & 0xffffff);
                abgr.setRGB(x, y, random.nextInt());
            }
        }
        for (BufferedImage image : new BufferedImage[] {bgr, abgr}) {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("bgr", ".png");
            try {
                Images.writePng("--output", file, image);
                BufferedImage back = ImageIO.read(file.toFile());
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 9; x++) {
                        assertEquals(image.getRGB(x, y), back.getRGB(x, y), "pixel " + x + "," + y);
                    }
                }
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        }
    }

    @ParameterizedTest(name = "split at {0}")
    @CsvSource({"0", "1", "5", "65520", "65521", "100000"})
    void adlerOfTwoPartsCombinesToTheWhole(int split) {
        byte[] data = new byte[150_000];
        new Random(split).nextBytes(data);
        Adler32 a = new Adler32();
        a.update(data, 0, split);
        Adler32 b = new Adler32();
        b.update(data, split, data.length - split);
        Adler32 whole = new Adler32();
        whole.update(data);
        assertEquals(whole.getValue(), PngEncoder.combineAdler(a.getValue(), b.getValue(), data.length - split));
    }
}
