package org.conv4j.bench;

import java.util.ArrayList;
import java.util.List;
import org.conv4j.Conv2dBackpropInput;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.ExtractPatches;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The problems of the family benchmark: the shapes issue 4 names (MobileNet's depthwise layers,
 * the ResNet 3x3 layer for the gradients) and comparable ones for the other operations. Every
 * case gives conv4j, TensorFlow and (where ONNX has the operator) ONNX Runtime the same data, in
 * each engine's own layout, converted once outside the timed calls.
 */
final class FamilyCases {
    private FamilyCases() {
    }

    /** All cases, in the order they are printed. */
    static List<FamilyCase> all() {
        List<FamilyCase> cases = new ArrayList<>();
        cases.add(conv2d("resnet 1x56x56x64 3x3 ->64 SAME", 1, 56, 56, 64, 3, 64, 1));
        cases.add(backpropInput("resnet dx 1x56x56x64 3x3 SAME", 1, 56, 56, 64, 3, 64, 1));
        cases.add(backpropInput("dx 1x56x56x64 3x3 s2 SAME ->128", 1, 56, 56, 64, 3, 128, 2));
        cases.add(patches("1x224x224x3 7x7 s2 SAME", 1, 224, 224, 3, 7, 2));
        cases.add(patches("8x56x56x64 3x3 SAME", 8, 56, 56, 64, 3, 1));
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



    /**
     * conv2d_backprop_input of a SAME conv2d {@code [n,h,w,c] -> o}: the input is out_backprop
     * {@code dy}; ONNX: ConvTranspose.
     */
    private static FamilyCase backpropInput(String shape, int n, int h, int w, int c, int k, int o, int s) {
        Window win = Window.same(h, k, s);
        Tensor dy = random(1, n, win.out, win.out, o);
        Tensor f = random(2, k, k, c, o);
        int[] sizes = {n, h, w, c};
        double flops = 2.0 * n * win.out * win.out * o * k * k * c;
        int outputPadding = h - ((win.out - 1) * s + k - win.before - win.after);
        return new FamilyCase("conv2d_backprop_input", shape, flops,
                threads -> new Conv4jEngine(LayerResult.CONV4J,
                        Conv2dBackpropInput.plan(sizes, dy.shape(), f, same(s, threads)), dy),
                threads -> new TensorFlowGraphEngine("Conv2DBackpropInput NHWC", shape(dy.shape()), dy.floats(),
                        (tf, in) -> tf.nn.conv2dBackpropInput(tf.constant(sizes), constant(tf, f), in,
                                List.of(1L, (long) s, (long) s, 1L), "SAME"),
                        threads),
                threads -> ort("ConvTranspose (NCHW)", new OnnxModel("backprop_input")
                        .node("ConvTranspose", new String[] {"x", "w"}, "y", OnnxModel.ints("kernel_shape", k, k),
                                OnnxModel.ints("strides", s, s), OnnxModel.ints("pads", win.before, win.before, win.after, win.after),
                                OnnxModel.ints("output_padding", outputPadding, outputPadding))
                        .initializer("w", Layouts.hwioToOihw(f.floats(), k, k, c, o), o, c, k, k)
                        .input("x", n, o, win.out, win.out), dy, new int[] {n, c, h, w}, threads));
    }


    /** extract_patches (SAME, rate 1); ONNX has no such operator. */
    private static FamilyCase patches(String shape, int n, int h, int w, int c, int k, int s) {
        Tensor x = random(1, n, h, w, c);
        Window win = Window.same(h, k, s);
        double bytes = 4.0 * n * win.out * win.out * k * k * c;
        return new FamilyCase("extract_patches", shape + String.format(" (%.0f MB out)", bytes / 1e6), 0,
                threads -> new Conv4jEngine(LayerResult.CONV4J,
                        ExtractPatches.plan(x.shape(), DType.FLOAT32, new int[] {k, k}, new int[] {s, s}, new int[] {1, 1}, Padding.SAME, threads), x),
                threads -> new TensorFlowGraphEngine("ExtractImagePatches", shape(x.shape()), x.floats(),
                        (tf, in) -> tf.image.extractImagePatches(in, List.of(1L, (long) k, (long) k, 1L),
                                List.of(1L, (long) s, (long) s, 1L), List.of(1L, 1L, 1L, 1L), "SAME"),
                        threads),
                null);
    }



    /**
     * ONNX Runtime on a model whose input {@code "x"} is {@code x} made channels-first and whose
     * output {@code "y"} has the channels-first shape {@code out}; the output is turned
     * channels-last for the agreement check.
     */
    private static Engine ort(String label, OnnxModel model, Tensor x, int[] out, int threads) throws Exception {
        int[] in = x.shape();
        int n = in[0];
        int c = in[in.length - 1];
        long[] inShape = new long[in.length];
        inShape[0] = n;
        inShape[1] = c;
        for (int i = 1; i < in.length - 1; i++) {
            inShape[i + 1] = in[i];
        }
        int spatial = x.floats().length / (n * c);
        int outSpatial = Tensor.checkedElementCount(out) / (out[0] * out[1]);
        return new OnnxRuntimeEngine(label, model.output("y", out).toByteArray(),
                Layouts.nhwcToNchw(x.floats(), n, spatial, 1, c), inShape, longs(out),
                y -> Layouts.nchwToNhwc(y, out[0], out[1], outSpatial, 1), threads, false);
    }

    /** TensorFlow's SAME window along one dimension: output size and padding before and after. */
    private record Window(int out, int before, int after) {
        static Window same(int in, int k, int s) {
            int out = (in + s - 1) / s;
            int total = Math.max((out - 1) * s + k - in, 0);
            return new Window(out, total / 2, total - total / 2);
        }
    }

    /** Options with SAME padding, this stride and these threads. */
    static Conv2dOptions same(int stride, int threads) {
        return Conv2dOptions.builder().strides(stride).padding(Padding.SAME).threads(threads).build();
    }

    /** A graph constant holding {@code t}. */
    private static Operand<TFloat32> constant(Ops tf, Tensor t) {
        return constant(tf, t.floats(), t.shape());
    }

    private static Operand<TFloat32> constant(Ops tf, float[] data, int... shape) {
        return TensorFlowGraphEngine.constant(tf, data, longs(shape));
    }

    /** A TF shape. */
    static Shape shape(int... dims) {
        return Shape.of(longs(dims));
    }

    private static long[] longs(int[] dims) {
        long[] d = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            d[i] = dims[i];
        }
        return d;
    }

    /** Random float32 data of this shape (values in [-1, 1), fixed seed). */
    static Tensor random(long seed, int... shape) {
        return Tensor.of(TestData.uniform(seed, Tensor.checkedElementCount(shape)), shape);
    }
}
