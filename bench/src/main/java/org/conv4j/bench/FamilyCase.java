package org.conv4j.bench;

/**
 * One operation of the convolution family on one problem, as each engine computes it. Engines
 * are made only when the case runs (TensorFlow and ONNX Runtime sessions hold native memory).
 *
 * @param op TensorFlow's name of the operation, e.g. {@code depthwise_conv2d}
 * @param shape the problem in a few words
 * @param flops multiply-adds times two, for GFLOP/s
 * @param conv4j conv4j's engine (its output is the reference of the agreement check)
 * @param tf TensorFlow's engine, the same operation in a graph session
 * @param ort ONNX Runtime's engine, or {@code null} where ONNX has no such operator
 */
record FamilyCase(String op, String shape, double flops, Factory conv4j, Factory tf, Factory ort) {

    /** Makes one engine for the case, with this many threads per call. */
    interface Factory {
        Engine create(int threads) throws Exception;
    }
}
