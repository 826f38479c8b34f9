package org.conv4j.bench;

import java.util.Locale;

/** Number formatting for the table, CSV and chart: locale-independent, NaN as a dash. */
final class Fmt {
    private Fmt() {
    }

    /** Milliseconds with three or four significant digits. */
    static String ms(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v < 1) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        if (v < 100) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** GFLOP/s: one decimal below 100, none above; two below 1. */
    static String gflops(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v < 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (v < 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /** A ratio with two decimals. */
    static String ratio(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** A percentage without decimals. */
    static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f%%", v);
    }

    /** A relative error in scientific notation. */
    static String error(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1e", v);
    }

    /** A byte count with a binary unit. */
    static String bytes(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Math.abs(v) < 1024) {
            return String.format(Locale.ROOT, "%.0f B", v);
        }
        if (Math.abs(v) < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", v / 1024);
        }
        return String.format(Locale.ROOT, "%.1f MiB", v / (1024 * 1024));
    }

    /** A plain machine-readable number for CSV: empty when NaN. */
    static String csv(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
