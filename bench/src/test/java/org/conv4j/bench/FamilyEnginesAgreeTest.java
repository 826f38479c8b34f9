package org.conv4j.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every case of the family section gives the same answer from conv4j, TensorFlow and ONNX
 * Runtime: the TF graphs and ONNX models written for the benchmark compute the operation the
 * case names (layouts, SAME padding, ConvTranspose's output padding...). Untimed.
 */
class FamilyEnginesAgreeTest {
    @Test
    void everyCaseAgrees() throws Exception {
        for (FamilyCase c : FamilyCases.all()) {
            try (Engine mine = c.conv4j().create(2); Engine tf = c.tf().create(2);
                    Engine ort = c.ort() == null ? null : c.ort().create(2)) {
                mine.call();
                tf.call();
                double tfError = Accuracy.relativeError(tf.output(), mine.output());
                assertTrue(tfError < Accuracy.TOLERANCE, c.op() + " " + c.shape() + ": TF error " + tfError);
                if (ort != null) {
                    ort.call();
                    double ortError = Accuracy.relativeError(ort.output(), mine.output());
                    assertTrue(ortError < Accuracy.TOLERANCE, c.op() + " " + c.shape() + ": ORT error " + ortError);
                }
            }
        }
    }
}
