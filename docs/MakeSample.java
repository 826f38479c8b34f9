import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws docs/sample.png, the picture conv4j's README filters: a mountain lake at sunset,
 * rendered with Java2D from a fixed seed, so the project owns every pixel of it.
 *
 * <pre>java docs/MakeSample.java docs/sample.png</pre>
 */
public final class MakeSample {
    static final int W = 640;
    static final int H = 400;
    static final int HORIZON = 270;

    public static void main(String[] args) throws IOException {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Random random = new Random(2024);

        // Sky: deep blue above, warm near the horizon; a sun with a glow.
        g.setPaint(new GradientPaint(0, 0, new Color(28, 52, 120), 0, HORIZON, new Color(250, 170, 110)));
        g.fillRect(0, 0, W, HORIZON);
        g.setPaint(new RadialGradientPaint(455, 170, 120, new float[] {0f, 0.18f, 0.2f, 1f},
                new Color[] {new Color(255, 250, 220), new Color(255, 230, 160), new Color(255, 200, 130, 160),
                    new Color(255, 180, 120, 0)}));
        g.fillOval(335, 50, 240, 240);

        // Clouds: soft stacked ellipses.
        for (int c = 0; c < 7; c++) {
            int cx = random.nextInt(W);
            int cy = 30 + random.nextInt(110);
            for (int i = 0; i < 9; i++) {
                g.setColor(new Color(255, 235, 225, 40 + random.nextInt(40)));
                g.fillOval(cx + random.nextInt(90) - 45, cy + random.nextInt(16) - 8, 50 + random.nextInt(60), 14 + random.nextInt(12));
            }
        }

        // Three ranges of mountains, far (pale) to near (dark), by midpoint displacement.
        ridge(g, random, 205, 90, new Color(120, 110, 160), new Color(170, 140, 170));
        ridge(g, random, 235, 60, new Color(70, 70, 115), new Color(110, 95, 130));
        ridge(g, random, 258, 40, new Color(35, 50, 70), new Color(55, 70, 80));

        // Pines on the near shore.
        for (int i = 0; i < 34; i++) {
            int x = random.nextInt(W);
            int h = 18 + random.nextInt(26);
            int base = HORIZON + 2;
            g.setColor(new Color(18 + random.nextInt(15), 45 + random.nextInt(20), 30 + random.nextInt(15)));
            g.fillPolygon(new int[] {x - h / 4, x, x + h / 4}, new int[] {base, base - h, base}, 3);
        }

        // The lake: the scene above mirrored, darker and rippled.
        BufferedImage above = image.getSubimage(0, HORIZON - (H - HORIZON), W, H - HORIZON);
        BufferedImage copy = new BufferedImage(W, H - HORIZON, BufferedImage.TYPE_3BYTE_BGR);
        copy.createGraphics().drawImage(above, 0, 0, null);
        for (int y = 0; y < H - HORIZON; y++) {
            int shift = (int) Math.round(3 * Math.sin(y * 0.9) * (y + 10) / 60.0);
            // Drawn 16 pixels wider than the image, so the ripple never shows an edge.
            AffineTransform flip = new AffineTransform((W + 16.0) / W, 0, 0, -1, shift - 8, HORIZON + (H - HORIZON));
            Graphics2D row = (Graphics2D) g.create(0, HORIZON + y, W, 1);
            row.translate(0, -(HORIZON + y));
            row.drawImage(copy, flip, null);
            row.dispose();
        }
        g.setPaint(new GradientPaint(0, HORIZON, new Color(10, 30, 60, 90), 0, H, new Color(5, 15, 35, 200)));
        g.fillRect(0, HORIZON, W, H - HORIZON);
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i < 90; i++) {
            int y = HORIZON + 4 + random.nextInt(H - HORIZON - 4);
            int x = random.nextInt(W);
            g.setColor(new Color(255, 220, 170, 40 + random.nextInt(60)));
            g.drawLine(x, y, x + 10 + random.nextInt(40), y);
        }

        // A sailing boat, for sharp edges.
        g.setColor(new Color(245, 240, 230));
        g.fillPolygon(new Polygon(new int[] {150, 150, 190}, new int[] {248, 300, 300}, 3));
        g.setColor(new Color(200, 60, 50));
        g.fillPolygon(new Polygon(new int[] {145, 145, 115}, new int[] {262, 300, 300}, 3));
        g.setColor(new Color(60, 40, 30));
        g.fillPolygon(new Polygon(new int[] {110, 200, 190, 122}, new int[] {303, 303, 314, 314}, 4));
        g.setColor(new Color(60, 40, 30));
        g.fillRect(146, 244, 3, 60);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 30));
        g.setColor(new Color(255, 255, 255, 220));
        g.drawString("conv4j", W - 125, H - 18);
        g.dispose();
        ImageIO.write(image, "png", new File(args.length > 0 ? args[0] : "sample.png"));
    }

    /** A filled mountain range around height {@code base}, peaks up to {@code height} above it, shaded top to bottom. */
    private static void ridge(Graphics2D g, Random random, int base, int height, Color top, Color bottom) {
        int n = 129;
        double[] y = new double[n];
        y[0] = base - random.nextDouble() * height / 2;
        y[n - 1] = base - random.nextDouble() * height / 2;
        for (int step = n - 1, amp = height; step > 1; step /= 2, amp = amp * 11 / 20) {
            for (int i = step / 2; i < n; i += step) {
                y[i] = (y[i - step / 2] + y[i + step / 2]) / 2 + (random.nextDouble() - 0.5) * amp;
            }
        }
        Polygon p = new Polygon();
        for (int i = 0; i < n; i++) {
            p.addPoint(i * W / (n - 1), (int) Math.round(Math.min(y[i], HORIZON)));
        }
        p.addPoint(W, HORIZON + 1);
        p.addPoint(0, HORIZON + 1);
        g.setPaint(new GradientPaint(0, base - height, top, 0, HORIZON, bottom));
        g.fillPolygon(p);
    }
}
