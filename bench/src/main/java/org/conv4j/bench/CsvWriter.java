package org.conv4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * results.csv: a header row, then one row per layer; RFC 4180 quoting (a field with a comma,
 * quote or line break is quoted), lines end in LF; plain numbers, empty where not measured;
 * times in milliseconds, speeds in GFLOP/s.
 */
final class CsvWriter {
    /** Engine columns, as (CSV prefix, engine key). */
    private static final String[][] ENGINES = {
        {"conv4j", LayerResult.CONV4J}, {"conv4j_scalar", LayerResult.SCALAR}, {"tf", LayerResult.TF},
        {"ort", LayerResult.ORT}, {"naive", LayerResult.NAIVE}};
    /** Error columns, as (CSV name, pair key). */
    private static final String[][] ERRORS = {
        {"err_conv4j_tf", LayerResult.CONV4J + "~" + LayerResult.TF},
        {"err_conv4j_ort", LayerResult.CONV4J + "~" + LayerResult.ORT},
        {"err_tf_ort", LayerResult.TF + "~" + LayerResult.ORT},
        {"err_scalar_ort", LayerResult.SCALAR + "~" + LayerResult.ORT},
        {"err_naive_conv4j", LayerResult.NAIVE + "~" + LayerResult.CONV4J}};

    private CsvWriter() {
    }

    /** Writes {@code results} to {@code file}. */
    static void write(Path file, List<LayerResult> results, double peakGflops) throws IOException {
        Files.writeString(file, render(results, peakGflops));
    }

    /** The CSV text. */
    static String render(List<LayerResult> results, double peakGflops) {
        List<String> header = new ArrayList<>(List.of("shape", "n", "h", "w", "c", "kh", "kw", "o", "stride",
                "dilation", "padding", "gflop"));
        for (String[] e : ENGINES) {
            header.addAll(List.of(e[0] + "_ms", e[0] + "_p25_ms", e[0] + "_p75_ms", e[0] + "_calls"));
        }
        for (String[] e : ENGINES) {
            header.add(e[0] + "_gflops");
        }
        header.addAll(List.of("peak_gflops", "conv4j_pct_peak", "conv4j_over_ort", "conv4j_over_tf",
                "scalar_run_ort_ms"));
        for (String[] e : ERRORS) {
            header.add(e[0]);
        }
        header.addAll(List.of("conv4j_plan", "note"));

        StringBuilder sb = new StringBuilder();
        line(sb, header);
        for (LayerResult r : results) {
            LayerShape l = r.layer;
            List<String> row = new ArrayList<>(List.of(l.name(), num(l.n()), num(l.h()), num(l.w()), num(l.c()),
                    num(l.kh()), num(l.kw()), num(l.o()), num(l.stride()), num(l.dilation()), padding(l),
                    Fmt.csv(r.flops / 1e9)));
            for (String[] e : ENGINES) {
                Measurement m = r.times.get(e[1]);
                if (m == null) {
                    row.addAll(List.of("", "", "", ""));
                } else {
                    row.addAll(List.of(Fmt.csv(m.medianMs()), Fmt.csv(m.p25Ms()), Fmt.csv(m.p75Ms()), num(m.calls())));
                }
            }
            for (String[] e : ENGINES) {
                row.add(Fmt.csv(r.gflops(e[1])));
            }
            row.addAll(List.of(Fmt.csv(peakGflops), Fmt.csv(100 * r.gflops(LayerResult.CONV4J) / peakGflops),
                    Fmt.csv(r.ratio(LayerResult.CONV4J, LayerResult.ORT)),
                    Fmt.csv(r.ratio(LayerResult.CONV4J, LayerResult.TF)), Fmt.csv(r.scalarRunOrtMs)));
            for (String[] e : ERRORS) {
                Double v = r.errors.get(e[1]);
                row.add(v == null ? "" : Fmt.csv(v));
            }
            row.addAll(List.of(r.plan, r.note));
            line(sb, row);
        }
        return sb.toString();
    }

    private static String padding(LayerShape l) {
        return switch (l.padding().kind()) {
            case SAME, VALID -> l.padding().kind().name();
            default -> String.join(",", java.util.Arrays.stream(l.padding().values()).mapToObj(String::valueOf).toList());
        };
    }

    private static String num(int v) {
        return String.valueOf(v);
    }

    private static void line(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(fields.get(i)));
        }
        sb.append('\n');
    }

    /** RFC 4180: quote a field holding a comma, quote or line break; double its quotes. */
    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
