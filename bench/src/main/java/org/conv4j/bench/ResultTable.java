package org.conv4j.bench;

import java.util.List;
import java.util.Locale;

/**
 * The comparison as a text table: per layer the median ms of every engine, GFLOP/s, conv4j's
 * share of the measured peak, and the time ratios conv4j/ORT and conv4j/TF (below 1: conv4j is
 * faster).
 */
final class ResultTable {
    private ResultTable() {
    }

    /** The table, with a header and a legend line. */
    static String render(List<LayerResult> results, double peakGflops) {
        StringBuilder sb = new StringBuilder();
        String head = String.format(Locale.ROOT, "%-15s %7s | %8s %8s %8s %8s %8s | %6s %6s %6s %6s %6s | %5s | %7s %7s",
                "shape", "GFLOP", "conv4j", "scalar", "TF", "ORT", "naive", "conv4j", "scalar", "TF", "ORT", "naive",
                "%peak", "c4j/ORT", "c4j/TF");
        sb.append(String.format(Locale.ROOT, "%-15s %7s | %-44s | %-34s | %5s | %15s%n", "", "",
                "median ms of one call", "GFLOP/s", "", "time ratio"));
        sb.append(head).append('\n');
        sb.append("-".repeat(head.length())).append('\n');
        for (LayerResult r : results) {
            double pct = 100 * r.gflops(LayerResult.CONV4J) / peakGflops;
            sb.append(String.format(Locale.ROOT, "%-15s %7.3f | %8s %8s %8s %8s %8s | %6s %6s %6s %6s %6s | %5s | %7s %7s%n",
                    r.layer.name(), r.flops / 1e9,
                    Fmt.ms(r.ms(LayerResult.CONV4J)), Fmt.ms(r.ms(LayerResult.SCALAR)), Fmt.ms(r.ms(LayerResult.TF)),
                    Fmt.ms(r.ms(LayerResult.ORT)), Fmt.ms(r.ms(LayerResult.NAIVE)),
                    Fmt.gflops(r.gflops(LayerResult.CONV4J)), Fmt.gflops(r.gflops(LayerResult.SCALAR)),
                    Fmt.gflops(r.gflops(LayerResult.TF)), Fmt.gflops(r.gflops(LayerResult.ORT)),
                    Fmt.gflops(r.gflops(LayerResult.NAIVE)),
                    Fmt.percent(pct), Fmt.ratio(r.ratio(LayerResult.CONV4J, LayerResult.ORT)),
                    Fmt.ratio(r.ratio(LayerResult.CONV4J, LayerResult.TF))));
        }
        sb.append(String.format(Locale.ROOT, "GFLOP/s: direct-convolution FLOPs (2*N*OH*OW*OC*KH*KW*C) per second for "
                + "every engine, so a Winograd path counts as if it did them all.%n"
                + "%%peak: conv4j GFLOP/s / measured FMA peak (%s GFLOP/s, the better of the two measurements). "
                + "Ratios: conv4j ms / other ms, below 1 = conv4j faster. '-' = not run.%n", Fmt.gflops(peakGflops)));
        return sb.toString();
    }
}
