package org.conv4j.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A one-node ONNX model computing one layer: {@code y = Conv(x, w)}, NCHW input, OIHW weight as
 * an initializer, no bias, with TensorFlow's padding written out as explicit {@code pads}
 * ({@link TfWindow}: the odd pixel goes after). Written as ModelProto protobuf bytes by
 * {@link ProtoWriter}, field numbers from {@code onnx/onnx.proto}.
 */
final class OnnxConvModel {
    /** Name of the graph input ({@code [n, c, h, w]}). */
    static final String INPUT = "x";
    /** Name of the graph output ({@code [n, o, oh, ow]}). */
    static final String OUTPUT = "y";
    /** Opset 17 (ONNX 1.12): its Conv is the one every current runtime implements. */
    static final int OPSET = 17;
    /** IR version 8 goes with opset 17. */
    static final int IR_VERSION = 8;

    private static final int FLOAT = 1;
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

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

        ProtoWriter node = new ProtoWriter()
                .string(1, INPUT).string(1, "w")
                .string(2, OUTPUT)
                .string(3, "conv")
                .string(4, "Conv")
                .message(5, ints("kernel_shape", layer.kh(), layer.kw()))
                .message(5, ints("strides", layer.stride(), layer.stride()))
                .message(5, ints("dilations", layer.dilation(), layer.dilation()))
                // ONNX order: all begins, then all ends.
                .message(5, ints("pads", win.padTop(), win.padLeft(), win.padBottom(), win.padRight()))
                .message(5, new ProtoWriter().string(1, "group").varint(20, ATTR_INT).varint(3, 1));

        ProtoWriter graph = new ProtoWriter()
                .message(1, node)
                .string(2, "conv4j_bench_" + layer.name())
                .message(5, initializer("w", oihw, layer.o(), layer.c(), layer.kh(), layer.kw()))
                .message(11, valueInfo(INPUT, layer.n(), layer.c(), layer.h(), layer.w()))
                .message(12, valueInfo(OUTPUT, layer.n(), layer.o(), win.outHeight(), win.outWidth()));

        return new ProtoWriter()
                .varint(1, IR_VERSION)
                .string(2, "conv4j-bench")
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, OPSET))
                .toByteArray();
    }

    /** AttributeProto of type INTS. */
    private static ProtoWriter ints(String name, int... values) {
        ProtoWriter a = new ProtoWriter().string(1, name).varint(20, ATTR_INTS);
        for (int v : values) {
            a.varint(8, v);
        }
        return a;
    }

    /** TensorProto with float data as little-endian raw bytes. */
    private static ProtoWriter initializer(String name, float[] data, int... dims) {
        ProtoWriter t = new ProtoWriter();
        for (int d : dims) {
            t.varint(1, d);
        }
        ByteBuffer raw = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        return t.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
    }

    /** ValueInfoProto: a float tensor of fixed shape. */
    private static ProtoWriter valueInfo(String name, int... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (int d : dims) {
            shape.message(1, new ProtoWriter().varint(1, d));
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }
}
