package org.conv4j.bench;

import java.util.ArrayList;
import java.util.List;
import org.conv4j.Conv2dOptions;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.tensorflow.ndarray.Shape;

/**
 * The problems of the family benchmark: the shapes issue 4 names (MobileNet's depthwise layers,
 * the ResNet 3x3 layer for the gradients) and comparable ones for the other operations. Every
 * case gives conv4j, TensorFlow and (where ONNX has the operator) ONNX Runtime the same data.
 */
final class FamilyCases {
    private FamilyCases() {
    }

    /** All cases, in the order they are printed. */
    static List<FamilyCase> all() {
        List<FamilyCase> cases = new ArrayList<>();
        cases.add(conv2d("resnet 1x56x56x64 3x3 ->64 SAME", 1, 56, 56, 64, 3, 64, 1));
        return cases;
    }

    /** Forward conv2d: the anchor the gradients are compared with. */
    private static FamilyCase conv2d(String shape, int n, int h, int w, int c, int k, int o, int stride) {
        LayerShape layer = new LayerShape("conv2d", n, h, w, c, k, k, o, stride, 1, Padding.SAME, "");
        float[] x = TestData.uniform(1, n * h * w * c);
        float[] f = TestData.uniform(2, k * k * c * o);
        return new FamilyCase("conv2d", shape, TfWindow.flops(layer),
                threads -> new Conv4jEngine(LayerResult.CONV4J, layer, x, f, threads),
                threads -> new TensorFlowGraphEngine(layer, x, f, threads),
                threads -> new OnnxRuntimeEngine(layer, x, f, threads));
    }

    /** Options with SAME padding, this stride and these threads. */
    static Conv2dOptions same(int stride, int threads) {
        return Conv2dOptions.builder().strides(stride).padding(Padding.SAME).threads(threads).build();
    }

    /** A float32 NHWC shape for TF. */
    static Shape shape(int... dims) {
        long[] d = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            d[i] = dims[i];
        }
        return Shape.of(d);
    }

    /** Random float32 data of this shape (values in [-1, 1), fixed seed). */
    static Tensor random(long seed, int... shape) {
        return Tensor.of(TestData.uniform(seed, Tensor.checkedElementCount(shape)), shape);
    }
}
