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

/**
 * ONNX Runtime (CPU, MLAS) running {@link OnnxConvModel}: intra-op threads = the benchmark's
 * threads, all graph optimisations on (which turns the NCHW Conv into ORT's blocked NCHWc
 * kernels, its fastest CPU path).
 *
 * <p>The input is transposed to NCHW once and lives in a direct buffer; the output is a
 * preallocated ("pinned") tensor that ORT writes into, the counterpart of conv4j's
 * {@code execute(input, output)}. A timed call is one {@code session.run}.
 */
final class OnnxRuntimeEngine implements Engine {
    private final LayerShape layer;
    private final TfWindow window;
    private final int threads;
    private final OrtSession session;
    private final OnnxTensor x;
    private final OnnxTensor y;
    private final FloatBuffer yBuffer;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;

    /**
     * @param threads ORT's intra-op threads (the caller's thread counts as one)
     */
    OnnxRuntimeEngine(LayerShape layer, float[] inputNhwc, float[] filterHwio, int threads) throws OrtException {
        this(layer, inputNhwc, filterHwio, threads, false);
    }

    OnnxRuntimeEngine(LayerShape layer, float[] inputNhwc, float[] filterHwio, int threads, boolean spinning)
            throws OrtException {
        this.layer = layer;
        this.window = TfWindow.of(layer);
        this.threads = threads;
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
            session = env.createSession(OnnxConvModel.build(layer, filterHwio), opts);
        }
        float[] nchw = Layouts.nhwcToNchw(inputNhwc, layer.n(), layer.h(), layer.w(), layer.c());
        x = OnnxTensor.createTensor(env, direct(nchw.length).put(nchw).flip(),
                new long[] {layer.n(), layer.c(), layer.h(), layer.w()});
        int outSize = layer.n() * layer.o() * window.outHeight() * window.outWidth();
        yBuffer = direct(outSize);
        y = OnnxTensor.createTensor(env, yBuffer,
                new long[] {layer.n(), layer.o(), window.outHeight(), window.outWidth()});
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
        float[] nchw = new float[yBuffer.capacity()];
        yBuffer.duplicate().clear().get(nchw);
        return Layouts.nchwToNhwc(nchw, layer.n(), layer.o(), window.outHeight(), window.outWidth());
    }

    @Override
    public String describe() {
        return "ORT: ONNX Runtime " + version() + " Conv (opset " + OnnxConvModel.OPSET
                + ", NCHW), ALL_OPT, intra-op threads " + threads + ", pinned output";
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
