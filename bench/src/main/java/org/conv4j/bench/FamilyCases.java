package org.conv4j.bench;

import java.util.ArrayList;
import java.util.List;
import org.conv4j.Conv2dBackpropFilter;
import org.conv4j.Conv2dBackpropInput;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.Convolution;
import org.conv4j.DepthwiseConv2d;
import org.conv4j.ExtractPatches;
import org.conv4j.Padding;
import org.conv4j.SeparableConv2d;
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
        cases.add(depthwise("mobilenet 1x112x112x32 3x3 SAME", 1, 112, 112, 32, 3, 1, 1));
        cases.add(depthwise("mobilenet 1x112x112x64 3x3 s2 SAME", 1, 112, 112, 64, 3, 1, 2));
        cases.add(depthwise("1x56x56x32 3x3 x2 SAME", 1, 56, 56, 32, 3, 2, 1));
        cases.add(separable("1x56x56x128 3x3, 1x1 ->128", 1, 56, 56, 128, 3, 128));
        cases.add(backpropInput("resnet dx 1x56x56x64 3x3 SAME", 1, 56, 56, 64, 3, 64, 1));
        cases.add(backpropInput("dx 1x56x56x64 3x3 s2 SAME ->128", 1, 56, 56, 64, 3, 128, 2));
        cases.add(backpropFilter("resnet dW 1x56x56x64 3x3 SAME", 1, 56, 56, 64, 3, 64, 1));
        cases.add(backpropFilter("dW 8x28x28x128 3x3 SAME", 8, 28, 28, 128, 3, 128, 1));
        cases.add(backpropFilter("dW 1x56x56x64 3x3 s2 SAME ->128", 1, 56, 56, 64, 3, 128, 2));
        cases.add(patches("1x224x224x3 7x7 s2 SAME", 1, 224, 224, 3, 7, 2));
        cases.add(patches("8x56x56x64 3x3 SAME", 8, 56, 56, 64, 3, 1));
        cases.add(conv1d("8x1024x64 k5 ->64 SAME", 8, 1024, 64, 5, 64));
        cases.add(conv3d("1x16x56x56x32 3x3x3 ->32 SAME", 1, 16, 56, 56, 32, 3, 32, 1));
        cases.add(conv3d("1x16x56x56x32 3x3x3 s2 ->64 SAME", 1, 16, 56, 56, 32, 3, 64, 2));
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

    /** depthwise_conv2d; ONNX: a Conv with one group per channel. */
    private static FamilyCase depthwise(String shape, int n, int h, int w, int c, int k, int m, int s) {
        Tensor x = random(1, n, h, w, c);
        Tensor f = random(2, k, k, c, m);
        Window win = Window.same(h, k, s);
        double flops = 2.0 * n * win.out * win.out * c * m * k * k;
        return new FamilyCase("depthwise_conv2d", shape, flops,
                threads -> new Conv4jEngine(LayerResult.CONV4J, DepthwiseConv2d.plan(x.shape(), f, same(s, threads)), x),
                threads -> new TensorFlowGraphEngine("DepthwiseConv2dNative NHWC", shape(x.shape()), x.floats(),
                        (tf, in) -> tf.nn.depthwiseConv2dNative(in, constant(tf, f), List.of(1L, (long) s, (long) s, 1L), "SAME"),
                        threads),
                threads -> ort("Conv group=" + c + " (NCHW)", new OnnxModel("depthwise")
                        .node("Conv", new String[] {"x", "w"}, "y", OnnxModel.ints("kernel_shape", k, k),
                                OnnxModel.ints("strides", s, s), OnnxModel.ints("pads", win.before, win.before, win.after, win.after),
                                OnnxModel.integer("group", c))
                        .initializer("w", Layouts.hwioToOihw(f.floats(), k, k, 1, c * m), c * m, 1, k, k)
                        .input("x", n, c, h, w), x, new int[] {n, c * m, win.out, win.out}, threads));
    }

    /** separable_conv2d: depthwise then 1x1; ONNX: the same two Conv nodes. */
    private static FamilyCase separable(String shape, int n, int h, int w, int c, int k, int o) {
        Tensor x = random(1, n, h, w, c);
        Tensor dw = random(2, k, k, c, 1);
        Tensor pw = random(3, 1, 1, c, o);
        double flops = 2.0 * n * h * w * c * (k * k + o);
        return new FamilyCase("separable_conv2d", shape, flops,
                threads -> new Conv4jEngine(LayerResult.CONV4J, SeparableConv2d.plan(x.shape(), dw, pw, same(1, threads)), x),
                threads -> new TensorFlowGraphEngine("DepthwiseConv2dNative, Conv2D 1x1", shape(x.shape()), x.floats(),
                        (tf, in) -> tf.nn.conv2d(tf.nn.depthwiseConv2dNative(in, constant(tf, dw), List.of(1L, 1L, 1L, 1L), "SAME"),
                                constant(tf, pw), List.of(1L, 1L, 1L, 1L), "VALID"),
                        threads),
                threads -> ort("Conv group=" + c + ", Conv 1x1 (NCHW)", new OnnxModel("separable")
                        .node("Conv", new String[] {"x", "dw"}, "t", OnnxModel.ints("kernel_shape", k, k),
                                OnnxModel.ints("pads", k / 2, k / 2, k / 2, k / 2), OnnxModel.integer("group", c))
                        .node("Conv", new String[] {"t", "pw"}, "y", OnnxModel.ints("kernel_shape", 1, 1))
                        .initializer("dw", Layouts.hwioToOihw(dw.floats(), k, k, 1, c), c, 1, k, k)
                        .initializer("pw", Layouts.hwioToOihw(pw.floats(), 1, 1, c, o), o, c, 1, 1)
                        .input("x", n, c, h, w), x, new int[] {n, o, h, w}, threads));
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

    /** conv2d_backprop_filter of a SAME conv2d; ONNX Runtime has no training operators. */
    private static FamilyCase backpropFilter(String shape, int n, int h, int w, int c, int k, int o, int s) {
        Window win = Window.same(h, k, s);
        Tensor x = random(1, n, h, w, c);
        Tensor dy = random(2, n, win.out, win.out, o);
        int[] sizes = {k, k, c, o};
        double flops = 2.0 * n * win.out * win.out * o * k * k * c;
        return new FamilyCase("conv2d_backprop_filter", shape, flops,
                threads -> new Conv4jEngine(LayerResult.CONV4J,
                        Conv2dBackpropFilter.plan(x.shape(), sizes, dy.shape(), DType.FLOAT32, same(s, threads)), x, dy),
                threads -> new TensorFlowGraphEngine("Conv2DBackpropFilter NHWC", shape(x.shape()), x.floats(),
                        (tf, in) -> tf.nn.conv2dBackpropFilter(in, tf.constant(sizes), constant(tf, dy),
                                List.of(1L, (long) s, (long) s, 1L), "SAME"),
                        threads),
                null);
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

    /** conv1d (NWC, SAME): TensorFlow runs it as Conv2D between ExpandDims and Squeeze; ONNX: a 1-D Conv. */
    private static FamilyCase conv1d(String shape, int n, int w, int c, int k, int o) {
        Tensor x = random(1, n, w, c);
        Tensor f = random(2, k, c, o);
        double flops = 2.0 * n * w * o * k * c;
        return new FamilyCase("conv1d", shape, flops,
                threads -> new Conv4jEngine(LayerResult.CONV4J, Convolution.conv1dPlan(x.shape(), f, same(1, threads)), x),
                threads -> new TensorFlowGraphEngine("ExpandDims, Conv2D, Squeeze", shape(x.shape()), x.floats(),
                        (tf, in) -> tf.squeeze(tf.nn.conv2d(tf.expandDims(in, tf.constant(1)),
                                constant(tf, f.floats(), 1, k, c, o), List.of(1L, 1L, 1L, 1L), "SAME"),
                                org.tensorflow.op.core.Squeeze.axis(List.of(1L))),
                        threads),
                threads -> ort("Conv 1-D (NCW)", new OnnxModel("conv1d")
                        .node("Conv", new String[] {"x", "w"}, "y", OnnxModel.ints("kernel_shape", k),
                                OnnxModel.ints("pads", (k - 1) / 2, k / 2))
                        .initializer("w", Layouts.hwioToOihw(f.floats(), 1, k, c, o), o, c, k)
                        .input("x", n, c, w), x, new int[] {n, o, w}, threads));
    }

    /** conv3d (NDHWC, SAME, same stride in all three dimensions); ONNX: a 3-D Conv. */
    private static FamilyCase conv3d(String shape, int n, int d, int h, int w, int c, int k, int o, int s) {
        Tensor x = random(1, n, d, h, w, c);
        Tensor f = random(2, k, k, k, c, o);
        Window wd = Window.same(d, k, s);
        Window wh = Window.same(h, k, s);
        double flops = 2.0 * n * wd.out * wh.out * wh.out * o * k * k * k * c;
        return new FamilyCase("conv3d", shape, flops,
                threads -> new Conv4jEngine(LayerResult.CONV4J, Convolution.conv3dPlan(x.shape(), f, same(s, threads)), x),
                threads -> new TensorFlowGraphEngine("Conv3D NDHWC", shape(x.shape()), x.floats(),
                        (tf, in) -> tf.nn.conv3d(in, constant(tf, f), List.of(1L, (long) s, (long) s, (long) s, 1L), "SAME"),
                        threads),
                threads -> ort("Conv 3-D (NCDHW)", new OnnxModel("conv3d")
                        .node("Conv", new String[] {"x", "w"}, "y", OnnxModel.ints("kernel_shape", k, k, k),
                                OnnxModel.ints("strides", s, s, s),
                                OnnxModel.ints("pads", wd.before, wh.before, wh.before, wd.after, wh.after, wh.after))
                        .initializer("w", Layouts.hwioToOihw(f.floats(), k * k, k, c, o), o, c, k, k, k)
                        .input("x", n, c, d, h, w), x, new int[] {n, o, wd.out, wh.out, wh.out}, threads));
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
