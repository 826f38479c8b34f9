package org.conv4j.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * ONNX Runtime (CPU, MLAS) running {@link OnnxConvModel}, or any one-input {@link OnnxModel}:
 * intra-op threads = the benchmark's threads, all graph optimisations on (which turns the NCHW
 * Conv into ORT's blocked NCHWc kernels, its fastest CPU path).
 *
 * <p>The input is transposed to NCHW once and lives in a direct buffer; the output is a
 * preallocated ("pinned") tensor that ORT writes into, the counterpart of conv4j's
 * {@code execute(input, output)}. A timed call is one {@code session.run}.
 */
final class OnnxRuntimeEngine implements Engine {
    private final String label;
    private final int threads;
    private final OrtSession session;
    private final OnnxTensor x;
    private final OnnxTensor y;
    private final FloatBuffer yBuffer;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;
    private final UnaryOperator<float[]> toNhwc;

    /**
     * @param threads ORT's intra-op threads (the caller's thread counts as one)
     */
    OnnxRuntimeEngine(LayerShape layer, float[] inputNhwc, float[] filterHwio, int threads) throws OrtException {
        this(layer, inputNhwc, filterHwio, threads, false);
    }

    OnnxRuntimeEngine(LayerShape layer, float[] inputNhwc, float[] filterHwio, int threads, boolean spinning)
            throws OrtException {
        this("Conv (opset " + OnnxModel.OPSET + ", NCHW)", OnnxConvModel.build(layer, filterHwio),
                Layouts.nhwcToNchw(inputNhwc, layer.n(), layer.h(), layer.w(), layer.c()),
                new long[] {layer.n(), layer.c(), layer.h(), layer.w()},
                new long[] {layer.n(), layer.o(), TfWindow.of(layer).outHeight(), TfWindow.of(layer).outWidth()},
                nchw -> Layouts.nchwToNhwc(nchw, layer.n(), layer.o(), TfWindow.of(layer).outHeight(),
                        TfWindow.of(layer).outWidth()),
                threads, spinning);
    }

    /**
     * Any one-input model with graph input {@code "x"} and output {@code "y"} (see
     * {@link OnnxModel}).
     *
     * @param label what the model computes, for {@link #describe()}
     * @param input the input in the model's layout
     * @param toNhwc turns the model's output into the layout conv4j's output has (for the check)
     */
    OnnxRuntimeEngine(String label, byte[] model, float[] input, long[] inputShape, long[] outputShape,
            UnaryOperator<float[]> toNhwc, int threads, boolean spinning) throws OrtException {
        this.label = label;
        this.threads = threads;
        this.toNhwc = toNhwc;
        OrtEnvironment env = environment();
        try (SessionOptions opts = new SessionOptions()) {
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            opts.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
            opts.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
            // ORT's pool threads otherwise keep spinning after a run and take cores from the
            // engine timed next (conv4j measured 45% slower beside a spinning ORT); ORT's own
            // time is the same either way (see BENCHMARKS.md). --ort-spinning restores it.
            opts.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
            session = env.createSession(model, opts);
        }
        x = OnnxTensor.createTensor(env, direct(input.length).put(input).flip(), inputShape);
        long outSize = 1;
        for (long d : outputShape) {
            outSize *= d;
        }
        yBuffer = direct(Math.toIntExact(outSize));
        y = OnnxTensor.createTensor(env, yBuffer, outputShape);
        inputs = Map.of(OnnxConvModel.INPUT, x);
        outputs = Map.of(OnnxConvModel.OUTPUT, y);
    }

    /** The process-wide ORT environment, logging warnings and errors only. */
    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "conv4j-bench");
    }

    /** ONNX Runtime's version, e.g. {@code 1.23.2}. */
    static String version() {
        return environment().getVersion();
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public String name() {
        return "ORT";
    }

    @Override
    public void call() throws OrtException {
        // The pinned output is not owned by the result: closing it releases nothing of ours.
        session.run(inputs, outputs).close();
    }

    @Override
    public float[] output() {
        float[] raw = new float[yBuffer.capacity()];
        yBuffer.duplicate().clear().get(raw);
        return toNhwc.apply(raw);
    }

    @Override
    public String describe() {
        return "ORT: ONNX Runtime " + version() + " " + label + ", ALL_OPT, intra-op threads " + threads
                + ", pinned output";
    }

    @Override
    public void close() {
        x.close();
        y.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
