package org.conv4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccuracyTest {
    @Test
    void relativeErrorIsNormwise() {
        assertEquals(0.05, Accuracy.relativeError(new float[] {1.1f, -2}, new float[] {1, -2}), 1e-6);
        assertEquals(Double.POSITIVE_INFINITY, Accuracy.relativeError(new float[] {Float.NaN}, new float[] {1}));
        assertEquals(Double.POSITIVE_INFINITY, Accuracy.relativeError(new float[2], new float[3]));
    }

    @Test
    void theOneWrongEngineIsSingledOut() {
        Map<String, float[]> out = new LinkedHashMap<>();
        out.put("a", new float[] {1, 2, 3});
        out.put("b", new float[] {1, 2, 3.0000001f});
        out.put("c", new float[] {1, 2, 4});
        Map<String, Double> errors = new HashMap<>();
        assertEquals(Set.of("c"), Accuracy.disagreeing(out, errors));
        assertEquals(3, errors.size());
    }

    @Test
    void twoThatDisagreeAreBothSuspect() {
        Map<String, float[]> out = new LinkedHashMap<>();
        out.put("a", new float[] {1});
        out.put("b", new float[] {2});
        assertEquals(Set.of("a", "b"), Accuracy.disagreeing(out, new HashMap<>()));
    }
}
