package org.conv4j.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A small ONNX graph written as ModelProto protobuf bytes with {@link ProtoWriter}: nodes with
 * integer attributes, float initializers, float inputs and outputs of fixed shape. Enough to
 * give ONNX Runtime one convolution-family operation to run; field numbers are from
 * {@code onnx/onnx.proto}.
 */
final class OnnxModel {
    /** Opset 17 (ONNX 1.12): its Conv and ConvTranspose are what every current runtime implements. */
    static final int OPSET = 17;
    /** IR version 8 goes with opset 17. */
    static final int IR_VERSION = 8;

    private static final int FLOAT = 1;
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    private final ProtoWriter graph = new ProtoWriter();

    /** A graph named {@code name}. Nodes must come in topological order. */
    OnnxModel(String name) {
        graph.string(2, name);
    }

    /** A node {@code outputs = opType(inputs)} with integer-list attributes ({@link #ints}). */
    OnnxModel node(String opType, String[] inputs, String output, ProtoWriter... attributes) {
        ProtoWriter node = new ProtoWriter();
        for (String in : inputs) {
            node.string(1, in);
        }
        node.string(2, output).string(3, output + "_node").string(4, opType);
        for (ProtoWriter a : attributes) {
            node.message(5, a);
        }
        graph.message(1, node);
        return this;
    }

    /** A float constant (weights), little-endian raw bytes. */
    OnnxModel initializer(String name, float[] data, int... dims) {
        ProtoWriter t = new ProtoWriter();
        for (int d : dims) {
            t.varint(1, d);
        }
        ByteBuffer raw = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        graph.message(5, t.varint(2, FLOAT).string(8, name).bytes(9, raw.array()));
        return this;
    }

    /** A float graph input of fixed shape. */
    OnnxModel input(String name, int... dims) {
        graph.message(11, valueInfo(name, dims));
        return this;
    }

    /** A float graph output of fixed shape. */
    OnnxModel output(String name, int... dims) {
        graph.message(12, valueInfo(name, dims));
        return this;
    }

    /** The ModelProto bytes. */
    byte[] toByteArray() {
        return new ProtoWriter()
                .varint(1, IR_VERSION)
                .string(2, "conv4j-bench")
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, OPSET))
                .toByteArray();
    }

    /** AttributeProto of type INTS. */
    static ProtoWriter ints(String name, int... values) {
        ProtoWriter a = new ProtoWriter().string(1, name).varint(20, ATTR_INTS);
        for (int v : values) {
            a.varint(8, v);
        }
        return a;
    }

    /** AttributeProto of type INT. */
    static ProtoWriter integer(String name, int value) {
        return new ProtoWriter().string(1, name).varint(20, ATTR_INT).varint(3, value);
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
