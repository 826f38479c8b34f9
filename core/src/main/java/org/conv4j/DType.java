package org.conv4j;

/** The element types conv4j computes in: TensorFlow's {@code float32} and {@code float64}. */
public enum DType {
    /** 32-bit IEEE float, stored in a {@code float[]}. */
    FLOAT32(4),
    /** 64-bit IEEE float, stored in a {@code double[]}. */
    FLOAT64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }
}
