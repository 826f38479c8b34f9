package org.conv4j.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal protocol-buffers encoder: the three wire forms an ONNX model needs (varint,
 * length-delimited bytes, nested message). No ONNX or protobuf library is on this project's
 * class path, and a one-node model does not need one.
 *
 * <p>Fields are written in call order; repeated fields are written by calling again with the same
 * field number (unpacked, which every protobuf parser accepts, proto2 or proto3).
 */
final class ProtoWriter {
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_BYTES = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An {@code int32}, {@code int64} or enum field (negative values take ten bytes, as protobuf does). */
    ProtoWriter varint(int field, long value) {
        tag(field, WIRE_VARINT);
        rawVarint(value);
        return this;
    }

    /** A {@code bytes} field. */
    ProtoWriter bytes(int field, byte[] value) {
        tag(field, WIRE_BYTES);
        rawVarint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    /** A {@code string} field, UTF-8. */
    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A nested message field. */
    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** The encoded message. */
    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
