package org.conv4j.bench;

/**
 * A one-node ONNX model computing one layer: {@code y = Conv(x, w)}, NCHW input, OIHW weight as
 * an initializer, no bias, with TensorFlow's padding written out as explicit {@code pads}
 * ({@link TfWindow}: the odd pixel goes after), written by {@link OnnxModel}.
 */
final class OnnxConvModel {
    /** Name of the graph input ({@code [n, c, h, w]}). */
    static final String INPUT = "x";
    /** Name of the graph output ({@code [n, o, oh, ow]}). */
    static final String OUTPUT = "y";

    private OnnxConvModel() {
    }

    /**
     * The model bytes for {@code layer}.
     *
     * @param filterHwio the filter in TensorFlow's layout {@code [kh, kw, c, o]}
     */
    static byte[] build(LayerShape layer, float[] filterHwio) {
        TfWindow win = TfWindow.of(layer);
        float[] oihw = Layouts.hwioToOihw(filterHwio, layer.kh(), layer.kw(), layer.c(), layer.o());
        return new OnnxModel("conv4j_bench_" + layer.name())
                .node("Conv", new String[] {INPUT, "w"}, OUTPUT,
                        OnnxModel.ints("kernel_shape", layer.kh(), layer.kw()),
                        OnnxModel.ints("strides", layer.stride(), layer.stride()),
                        OnnxModel.ints("dilations", layer.dilation(), layer.dilation()),
                        // ONNX order: all begins, then all ends.
                        OnnxModel.ints("pads", win.padTop(), win.padLeft(), win.padBottom(), win.padRight()),
                        OnnxModel.integer("group", 1))
                .initializer("w", oihw, layer.o(), layer.c(), layer.kh(), layer.kw())
                .input(INPUT, layer.n(), layer.c(), layer.h(), layer.w())
                .output(OUTPUT, layer.n(), layer.o(), win.outHeight(), win.outWidth())
                .toByteArray();
    }
}
