package org.conv4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.conv4j.Padding;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The CSV, SVG and text table are well-formed for a mix of measured and missing figures. */
class OutputFilesTest {
    private static List<LayerResult> results() {
        LayerResult a = new LayerResult(new LayerShape("a", 1, 8, 8, 4, 3, 3, 4, 1, 1, Padding.SAME, ""));
        a.times.put(LayerResult.CONV4J, new Measurement(0.5, 0.4, 0.6, 10));
        a.times.put(LayerResult.TF, new Measurement(1.5, 1.4, 1.6, 10));
        a.times.put(LayerResult.ORT, new Measurement(0.75, 0.7, 0.8, 10));
        a.times.put(LayerResult.NAIVE, new Measurement(100, 100, 100, 1));
        a.errors.put("conv4j~TF", 1e-7);
        a.plan = "gemm 8x32, \"quoted\", commas";
        LayerResult b = new LayerResult(new LayerShape("b<&>", 2, 16, 16, 1, 5, 5, 1, 2, 1, Padding.explicit(1, 2, 3, 4), ""));
        b.times.put(LayerResult.CONV4J, new Measurement(0.01, 0.01, 0.02, 300));
        b.note = "naive skipped";
        List<LayerResult> r = new ArrayList<>();
        r.add(a);
        r.add(b);
        return r;
    }

    @Test
    void csvRowsHaveTheHeadersFieldCount() {
        String csv = CsvWriter.render(results(), 200);
        List<List<String>> rows = parseCsv(csv);
        assertEquals(3, rows.size());
        int width = rows.get(0).size();
        for (List<String> row : rows) {
            assertEquals(width, row.size(), row.toString());
        }
        List<String> header = rows.get(0);
        assertEquals("gemm 8x32, \"quoted\", commas", rows.get(1).get(header.indexOf("conv4j_plan")));
        assertEquals("0.666667", rows.get(1).get(header.indexOf("conv4j_over_ort")));
        assertEquals("", rows.get(2).get(header.indexOf("tf_ms")));
        assertEquals("1,2,3,4", rows.get(2).get(header.indexOf("padding")));
    }

    @Test
    void svgIsWellFormedWithOneBarPerFigureAndThePeakLine() throws Exception {
        String svg = SvgChart.render(results(), 200, "subtitle & <more>");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        // background + 5 legend swatches + 5 bars
        assertEquals(11, doc.getElementsByTagName("rect").getLength());
        assertTrue(svg.contains("measured FMA peak 200 GFLOP/s"));
    }

    @Test
    void tableHasOneLinePerLayer() {
        String table = ResultTable.render(results(), 200);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("a ") && l.contains("0.67") && l.contains("0.33")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("b<&>")), table);
    }

    /** A strict RFC 4180 reader, to check the writer against. */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                assertEquals(0, field.length(), "quote inside an unquoted field");
                quoted = true;
            } else if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(ch);
            }
        }
        assertTrue(row.isEmpty() && field.length() == 0 && !quoted, "CSV must end with a line break");
        return rows;
    }
}
