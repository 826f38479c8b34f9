package org.conv4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.conv4j.Conv2d;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The engines the benchmark compares compute the same convolution on tiny layers covering what
 * can be wrong: SAME with the odd padding pixel (after, TF's way), strides, dilations, VALID.
 */
class EnginesAgreeTest {
    private static final List<LayerShape> LAYERS = List.of(
            new LayerShape("same_odd_s2", 2, 7, 6, 3, 3, 2, 5, 2, 1, Padding.SAME, ""),
            new LayerShape("same_even_k", 1, 6, 5, 2, 2, 4, 3, 1, 1, Padding.SAME, ""),
            new LayerShape("dilated", 1, 9, 9, 4, 3, 3, 2, 1, 2, Padding.SAME, ""),
            new LayerShape("valid_s3", 1, 10, 11, 3, 3, 3, 4, 3, 1, Padding.VALID, ""),
            new LayerShape("explicit", 1, 5, 5, 2, 3, 3, 2, 1, 1, Padding.explicit(1, 0, 2, 1), ""));

    @Test
    void windowMatchesConv4jOutputShape() {
        for (LayerShape l : LAYERS) {
            assertArrayEquals(Conv2d.outputShape(l.inputShape(), l.filterShape(), l.options(1)),
                    TfWindow.of(l).outputShape(l), l.name());
        }
    }

    @Test
    void onnxModelAndNaiveLoopsMatchConv4j() throws Exception {
        for (LayerShape l : LAYERS) {
            float[] in = TestData.uniform(1, Tensor.checkedElementCount(l.inputShape()));
            float[] f = TestData.uniform(2, Tensor.checkedElementCount(l.filterShape()));
            try (Conv4jEngine c = new Conv4jEngine("conv4j", l, in, f, 1);
                    OnnxRuntimeEngine ort = new OnnxRuntimeEngine(l, in, f, 1)) {
                NaiveEngine naive = new NaiveEngine(l, in, f);
                c.call();
                ort.call();
                naive.call();
                double ortErr = Accuracy.relativeError(ort.output(), c.output());
                double naiveErr = Accuracy.relativeError(naive.output(), c.output());
                assertTrue(ortErr < 1e-6, l.name() + ": ORT error " + ortErr);
                assertTrue(naiveErr < 1e-6, l.name() + ": naive error " + naiveErr);
            }
        }
    }

    @Test
    void tensorFlowMatchesConv4j() throws Exception {
        for (LayerShape l : LAYERS) {
            float[] in = TestData.uniform(1, Tensor.checkedElementCount(l.inputShape()));
            float[] f = TestData.uniform(2, Tensor.checkedElementCount(l.filterShape()));
            try (Conv4jEngine c = new Conv4jEngine("conv4j", l, in, f, 1);
                    TensorFlowEngine tf = new TensorFlowEngine(l, in, f, 1);
                    TensorFlowGraphEngine graph = new TensorFlowGraphEngine(l, in, f, 1)) {
                c.call();
                tf.call();
                graph.call();
                double err = Accuracy.relativeError(tf.output(), c.output());
                assertTrue(err < 1e-5, l.name() + ": TF eager error " + err);
                double graphErr = Accuracy.relativeError(graph.output(), c.output());
                assertTrue(graphErr < 1e-5, l.name() + ": TF graph error " + graphErr);
            }
        }
    }
}
