package org.conv4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * results.svg: grouped bars, GFLOP/s per layer per engine, with the measured FMA peak as a
 * dashed line. Hand-written SVG 1.1, no dependencies.
 *
 * <p>The y axis is logarithmic: the naive loops run two to three orders of magnitude below the
 * others, and on a log axis equal ratios are equal distances, which is what the comparison is
 * about.
 */
final class SvgChart {
    private static final String[] COLORS = {"#1f77b4", "#9ecae1", "#ff7f0e", "#2ca02c", "#7f7f7f"};
    private static final int BAR = 14;
    private static final int GROUP_GAP = 22;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 70;
    private static final int PLOT_HEIGHT = 380;
    private static final int BOTTOM = 100;

    private SvgChart() {
    }

    /** Writes the chart to {@code file}. */
    static void write(Path file, List<LayerResult> results, double peakGflops, String subtitle) throws IOException {
        Files.writeString(file, render(results, peakGflops, subtitle));
    }

    /** The SVG document. */
    static String render(List<LayerResult> results, double peakGflops, String subtitle) {
        String[] engines = LayerResult.ENGINES;
        int groupWidth = engines.length * BAR + GROUP_GAP;
        int width = LEFT + Math.max(1, results.size()) * groupWidth + RIGHT;
        int height = TOP + PLOT_HEIGHT + BOTTOM;

        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.isNaN(peakGflops) ? 0 : peakGflops;
        for (LayerResult r : results) {
            for (String e : engines) {
                double v = r.gflops(e);
                if (v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(lo < Double.POSITIVE_INFINITY)) {
            lo = 1;
            hi = Math.max(hi, 10);
        }
        int decadeLo = (int) Math.floor(Math.log10(lo));
        int decadeHi = (int) Math.ceil(Math.log10(hi * 1.05));
        if (decadeHi <= decadeLo) {
            decadeHi = decadeLo + 1;
        }
        Axis y = new Axis(decadeLo, decadeHi);

        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height, width, height));
        s.append(f("<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height));
        s.append(f("<text x=\"%d\" y=\"22\" font-size=\"16\" font-weight=\"bold\">%s</text>\n", LEFT,
                esc("conv2d fp32: GFLOP/s per layer (median of single calls, log scale)")));
        s.append(f("<text x=\"%d\" y=\"40\" fill=\"#555\">%s</text>\n", LEFT, esc(subtitle)));

        // Legend.
        int lx = LEFT;
        for (int e = 0; e < engines.length; e++) {
            s.append(f("<rect x=\"%d\" y=\"50\" width=\"12\" height=\"12\" fill=\"%s\"/>", lx, COLORS[e]));
            s.append(f("<text x=\"%d\" y=\"60\">%s</text>\n", lx + 16, esc(engines[e])));
            lx += 30 + 8 * engines[e].length();
        }

        // Grid: every decade labelled, 2x and 5x faint.
        for (int d = decadeLo; d <= decadeHi; d++) {
            for (int m : new int[] {1, 2, 5}) {
                double v = m * Math.pow(10, d);
                if (v > Math.pow(10, decadeHi)) {
                    continue;
                }
                double py = y.of(v);
                s.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>\n", LEFT, py,
                        width - RIGHT, py, m == 1 ? "#bbb" : "#eee"));
                if (m == 1) {
                    s.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", LEFT - 6, py + 4,
                            esc(label(v))));
                }
            }
        }
        s.append(f("<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">GFLOP/s</text>\n",
                TOP + PLOT_HEIGHT / 2, TOP + PLOT_HEIGHT / 2));

        // Bars.
        for (int g = 0; g < results.size(); g++) {
            LayerResult r = results.get(g);
            int gx = LEFT + g * groupWidth + GROUP_GAP / 2;
            for (int e = 0; e < engines.length; e++) {
                double v = r.gflops(engines[e]);
                if (!(v > 0)) {
                    continue;
                }
                double top = y.of(v);
                s.append(f("<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                        + "<title>%s %s: %s GFLOP/s, %s ms</title></rect>\n", gx + e * BAR, top, BAR - 1,
                        TOP + PLOT_HEIGHT - top, COLORS[e], esc(r.layer.name()), esc(engines[e]), Fmt.gflops(v),
                        Fmt.ms(r.ms(engines[e]))));
            }
            int cx = gx + engines.length * BAR / 2;
            int ly = TOP + PLOT_HEIGHT + 14;
            s.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"end\" transform=\"rotate(-35 %d %d)\">%s</text>\n",
                    cx, ly, cx, ly, esc(r.layer.name())));
        }

        // Axes and the peak.
        s.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", LEFT, TOP + PLOT_HEIGHT,
                width - RIGHT, TOP + PLOT_HEIGHT));
        s.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", LEFT, TOP, LEFT,
                TOP + PLOT_HEIGHT));
        if (peakGflops > 0) {
            double py = y.of(peakGflops);
            s.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d62728\" stroke-width=\"2\" "
                    + "stroke-dasharray=\"6 4\"/>\n", LEFT, py, width - RIGHT, py));
            s.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#d62728\">%s</text>\n", width - RIGHT - 4,
                    py - 5, esc("measured FMA peak " + Fmt.gflops(peakGflops) + " GFLOP/s")));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** Log-scale mapping of GFLOP/s to a y pixel. */
    private record Axis(int decadeLo, int decadeHi) {
        double of(double v) {
            double t = (Math.log10(v) - decadeLo) / (decadeHi - decadeLo);
            return TOP + PLOT_HEIGHT * (1 - Math.max(0, Math.min(1, t)));
        }
    }

    private static String label(double v) {
        return v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", (float) v);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** XML text escaping. */
    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
